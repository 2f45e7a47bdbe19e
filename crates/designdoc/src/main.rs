//! The `designdoc` command line: argument parsing and printing only. The
//! work is done by designdoc_repo (files, config), designdoc_lint (rules,
//! fixes, output formats) and designdoc_schema (templates).

mod cli;
mod commands;
mod repo_cmd;
mod template_cmd;

use std::process::ExitCode;

/// mimalloc: the model allocates many small strings and vectors per
/// document, from several threads; glibc's allocator spent about a fifth of
/// a check run there.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = <cli::Cli as clap::Parser>::parse();
    match commands::run(args) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("designdoc: error: {e}");
            ExitCode::from(2)
        }
    }
}
