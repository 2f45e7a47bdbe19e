//! One file per feature the server answers, each an `impl Server` block
//! over the state in `server/mod.rs` (the message loop, the documents,
//! the repository index).

mod code_actions;
mod completion;
mod definition;
mod hover;
mod rename;
mod symbols;
