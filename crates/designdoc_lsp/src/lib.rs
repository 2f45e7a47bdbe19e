//! `designdoc lsp`: the Language Server Protocol over stdio, with exactly
//! the rules, templates and configuration `check` uses. Only this crate
//! knows LSP types; positions are converted in [`convert`].
//!
//! One thread handles messages in order. After each message it takes every
//! message already waiting before it checks the docs that changed, so a
//! burst of edits is checked once, on its final text.
//!
//! # Example
//!
//! What `designdoc lsp` does (an editor starts it and talks over its stdio):
//!
//! ```no_run
//! use std::path::PathBuf;
//!
//! fn main() -> std::io::Result<()> {
//!     let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
//!     // Returns once the client sends `exit` or closes stdin.
//!     designdoc_lsp::run_stdio(&cwd)
//! }
//! ```
#![warn(missing_docs)]

pub mod convert;
mod navigate;
mod server;
pub mod transport;

pub use server::run;

/// Serves the protocol on stdin and stdout until the client sends `exit`
/// or closes stdin. `cwd` is where the configuration is looked for when
/// the client names no workspace folder.
pub fn run_stdio(cwd: &std::path::Path) -> std::io::Result<()> {
    let (connection, threads) = transport::stdio();
    let result = run(connection, cwd);
    threads.join()?;
    result
}
