//! One site for the design docs of a whole organisation.
//!
//! Each repository's CI runs `designdoc export`, which checks and renders
//! its docs with its own `designdoc.toml` and writes a bundle
//! ([`designdoc_site::bundle`]). `designdoc catalog build catalog.toml`
//! reads the sources [`config`] lists (a checkout, exported in process; a
//! bundle folder; a git repository, cloned shallow), checks each bundle as
//! the untrusted input it is ([`sources`]), resolves references between
//! repositories (`payments:0012`) and writes the dashboard, a page per
//! repository, every doc's page, the problems page and `catalog.json`
//! ([`build`]). A source whose bundle is the one the previous build saw
//! (by hash, in the output's manifest) is not sanitised or rendered again:
//! only the pages whose inputs changed are written, and one bundle is in
//! memory per thread. One source that cannot be read or is refused never stops
//! the others.
//!
//! # Example
//!
//! ```no_run
//! use std::path::Path;
//!
//! let catalog = designdoc_catalog::config::Catalog::load(
//!     Path::new("catalog.toml"),
//!     "catalog.toml",
//! )?;
//! let cache = catalog.root.join(".designdoc-catalog-cache");
//! let out = Path::new("catalog");
//! // What the previous build saw: an unchanged bundle is read and hashed,
//! // but not sanitised or rendered again.
//! let seen = designdoc_catalog::build::seen_before(out);
//! let loaded = designdoc_catalog::sources::load_all(&catalog.sources, &cache, &seen);
//! let today = designdoc_repo::today();
//! let report = designdoc_catalog::build::build(&catalog, &loaded, out, &cache, today)?;
//! println!("{} docs", report.docs);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]

pub mod build;
pub mod config;
mod links;
pub mod search;
pub mod sources;
