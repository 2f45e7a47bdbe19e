//! The two programs `bench/gate.sh` counts instructions of, under
//! callgrind: `gate bare DIR` (read every doc and run a bare pulldown-cmark
//! pass, with designdoc's parser options) and `gate check DIR` (what
//! `designdoc check DIR --format json` does: the workspace DIR configures,
//! every doc checked, the repository rules, the suppression comments, the
//! JSON written to standard output). An example of this crate rather than
//! the `designdoc` binary, so that CI builds it optimized in a minute
//! instead of the whole command line (site, language server, agents).

use std::io::Write;
use std::path::Path;

fn main() {
    // The same allocator as the `designdoc` binary, tuned the same way.
    designdoc_alloc::tune();
    let args: Vec<String> = std::env::args().collect();
    let (Some(mode), Some(dir)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: gate bare|check DIR");
        std::process::exit(2);
    };
    let dir = Path::new(dir);
    let mut ws = designdoc_repo::Workspace::discover(dir).expect("a workspace");
    ws.spill_findings_over(designdoc_repo::SPILL_OVER);
    let files = designdoc_repo::collect(&ws.root, &ws.config.paths, &[]);
    // A gate that measured nothing must not pass: `GATE_DOCS` says how
    // many docs the sample holds.
    let expected: Option<usize> = std::env::var("GATE_DOCS").ok().and_then(|n| n.parse().ok());
    if files.is_empty() || expected.is_some_and(|n| n != files.len()) {
        eprintln!(
            "gate: {} docs found in {}, expected {}",
            files.len(),
            dir.display(),
            expected.map_or("some".to_string(), |n| n.to_string())
        );
        std::process::exit(3);
    }
    match mode.as_str() {
        "bare" => {
            use rayon::prelude::*;
            let events: usize = files
                .par_iter()
                .map(|p| {
                    let text = std::fs::read_to_string(p).unwrap_or_default();
                    pulldown_cmark::Parser::new_ext(&text, designdoc_syntax::options())
                        .into_offset_iter()
                        .count()
                })
                .sum();
            println!("{} files, {events} events", files.len());
        }
        "check" => {
            let mut outcomes = ws.run(&files, dir, designdoc_repo::Mode::Check);
            ws.check_repository(&mut outcomes);
            ws.apply_suppressions(&mut outcomes);
            let mut out = std::io::stdout().lock();
            let mut json = designdoc_lint::output::JsonStream::default();
            let _ = out.write_all(json.begin().as_bytes());
            for mut o in outcomes {
                ws.reload(&mut o, dir);
                let report = designdoc_lint::output::FileReport {
                    path: &o.display,
                    source: &o.source,
                    diagnostics: &o.diagnostics,
                };
                let summary = designdoc_lint::output::summarize(std::slice::from_ref(&report));
                let object = designdoc_lint::output::json_file(&report);
                let _ = out.write_all(json.file(&object, &summary).as_bytes());
            }
            let _ = writeln!(out, "{}", json.end());
        }
        _ => {
            eprintln!("usage: gate bare|check DIR");
            std::process::exit(2);
        }
    }
}
