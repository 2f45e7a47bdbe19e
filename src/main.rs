//! The `designdoc` command line: argument parsing, printing, and the site
//! commands' progress bar, watcher and server runtime. The work is done by
//! designdoc_repo (files, config), designdoc_lint (rules, fixes, output
//! formats), designdoc_schema (templates), designdoc_trace (evidence),
//! designdoc_adopt (init, import), designdoc_site, designdoc_lsp and
//! designdoc_mcp.

mod catalog_cmd;
mod cli;
mod commands;
mod init_cmd;
mod repo_cmd;
mod site_cmd;
mod template_cmd;
mod trace_cmd;

use std::process::ExitCode;

/// The last panic's message and place, kept by the panic hook.
static LAST_PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

fn main() -> ExitCode {
    // mimalloc, linked from designdoc_alloc: on Linux tuned already, before
    // the runtime's first allocation; elsewhere from here.
    designdoc_alloc::tune();
    let args = <cli::Cli as clap::Parser>::parse();
    // Panics are caught where a file is parsed or checked, and reported as
    // that file's diagnostic; the hook keeps the raw message off stderr.
    // One that escapes them ends here, as one line asking for a report.
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(info.to_string());
        }
    }));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| commands::run(args)));
    let outcome = match outcome {
        Ok(o) => o,
        Err(_) => {
            let what = LAST_PANIC
                .lock()
                .ok()
                .and_then(|l| l.clone())
                .unwrap_or_else(|| "unknown panic".to_string());
            eprintln!(
                "designdoc: internal error: {what}\nThis is a bug; please report it with the command and input that caused it."
            );
            return ExitCode::from(101);
        }
    };
    match outcome {
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
