//! Adopting designdoc on a collection of docs that already exists.
//!
//! - [`init`] finds the design docs a repository has, the template each
//!   folder follows and the statuses in use, and writes the
//!   `designdoc.toml` that checks them (`designdoc init`).
//! - [`import`] converts records written for other tools (adr-tools,
//!   log4brains, MADR) to designdoc's front matter (`designdoc import`).
//!
//! `init` reads files through `designdoc_repo` (its size cap and
//! refusals); `import` reads none: its conversions are pure functions of
//! a doc's text, and the CLI reads and writes the files.
//!
//! # Example
//!
//! An adr-tools record gets front matter; its text is kept byte for byte
//! below it, and importing it again changes nothing.
//!
//! ```
//! use designdoc_adopt::import::{Source, import_one};
//!
//! let adr = "# 1. Record decisions\n\nDate: 2018-02-19\n\n## Status\n\nAccepted\n";
//! let d = import_one(Source::AdrTools, "0001-record-decisions.md", adr);
//! let front = "---\ntitle: Record decisions\ncreated: 2018-02-19\nstatus: accepted\n---\n";
//! assert_eq!(d.text, format!("{front}{adr}"));
//! assert!(!import_one(Source::AdrTools, "0001-record-decisions.md", &d.text).changed());
//! ```
#![warn(missing_docs)]

pub mod import;
pub mod init;
