//! Adopting designdoc on a collection of docs that already exists.
//!
//! - [`init`] finds the design docs a repository has, the template each
//!   folder follows and the statuses in use, and writes the
//!   `designdoc.toml` that checks them (`designdoc init`).
//! - [`import`] converts records written for other tools (adr-tools,
//!   MADR, Nygard-style ADRs) to designdoc's front matter
//!   (`designdoc import`).
//!
//! Both read files through `designdoc_repo` (its size cap and refusals);
//! `import`'s conversions are pure functions of a doc's text.
#![warn(missing_docs)]

pub mod import;
pub mod init;
