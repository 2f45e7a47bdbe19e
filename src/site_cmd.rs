//! `build` and `serve`: the static site. The work is in designdoc_site;
//! here are the terminal (progress bar, summary), the watcher thread and
//! the server's runtime.

use std::io::{self, IsTerminal as _};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use designdoc_repo::Workspace;
use designdoc_site::{Options, Progress, Report, Site};

use crate::cli::{BuildArgs, ServeArgs, SiteArgs};

/// A progress bar on stderr, shown only on a terminal outside CI.
struct Bar(Option<indicatif::ProgressBar>);

impl Bar {
    fn new(args: &SiteArgs) -> Bar {
        let show = !args.quiet && io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        Bar(show.then(|| {
            let b = indicatif::ProgressBar::new(0);
            b.set_style(
                indicatif::ProgressStyle::with_template("{msg:>24} [{bar:30}] {pos}/{len}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            b
        }))
    }
}

impl Progress for Bar {
    fn start(&self, what: &'static str, total: usize) {
        if let Some(b) = &self.0 {
            b.set_message(what);
            b.set_length(total as u64);
            b.set_position(0);
        }
    }
    fn advance(&self, n: usize) {
        if let Some(b) = &self.0 {
            b.inc(n as u64);
        }
    }
    fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

fn options(ws: &Workspace, cwd: &Path, args: &SiteArgs) -> Options {
    let mut o = Options::from_workspace(ws, designdoc_repo::today());
    if let Some(out) = &args.out {
        o.out_dir = cwd.join(out);
    }
    if let Some(theme) = &args.theme {
        o.theme_dir = Some(cwd.join(theme));
    }
    o.search = !args.no_search;
    o
}

fn shown(path: &Path, cwd: &Path) -> String {
    designdoc_repo::display_path(path, cwd)
}

fn summary(report: &Report, out: &str, took: Duration, args: &SiteArgs) {
    for w in &report.warnings {
        eprintln!("designdoc: warning: {w}");
    }
    if args.quiet {
        return;
    }
    if args.verbose {
        for (stage, t) in &report.timings {
            eprintln!("  {stage:>18}: {:.1} ms", t.as_secs_f64() * 1000.0);
        }
        if let Some(s) = &report.search {
            eprintln!(
                "  search index: {} shard{}, {} indexed, {} reused; Pagefind read pages for {:.1} s and built bundles for {:.1} s (summed over shards)",
                s.shards,
                if s.shards == 1 { "" } else { "s" },
                s.indexed,
                s.reused,
                s.adding.as_secs_f64(),
                s.bundling.as_secs_f64()
            );
        }
        for f in &report.written {
            eprintln!("  wrote {f}");
        }
        for f in &report.removed {
            eprintln!("  removed {f}");
        }
    }
    eprintln!(
        "Built {} doc{} into {out} in {:.2} s: {} file{} written, {} unchanged, {} removed{}",
        report.docs,
        if report.docs == 1 { "" } else { "s" },
        took.as_secs_f64(),
        report.written.len(),
        if report.written.len() == 1 { "" } else { "s" },
        report.unchanged,
        report.removed.len(),
        match report.docs_with_errors {
            0 => String::new(),
            n => format!(
                " ({n} doc{} with check errors)",
                if n == 1 { "" } else { "s" }
            ),
        }
    );
}

pub fn build(args: BuildArgs) -> io::Result<u8> {
    let (ws, cwd) = match crate::commands::workspace(None) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let opts = options(&ws, &cwd, &args.site);
    let out = shown(&opts.out_dir, &cwd);
    let started = Instant::now();
    let bar = Bar::new(&args.site);
    let result = Site::new(&ws, opts).and_then(|mut site| site.build(&ws, &cwd, &bar));
    bar.finish();
    match result {
        Ok(report) => {
            summary(&report, &out, started.elapsed(), &args.site);
            Ok(0)
        }
        Err(e) => {
            eprintln!("designdoc: error: {e}");
            Ok(2)
        }
    }
}

/// What a change to `paths` asks for.
enum Change {
    /// Docs changed: rebuild those.
    Docs(Vec<PathBuf>),
    /// The configuration or the theme changed: start again.
    Everything,
    Nothing,
}

fn classify(paths: &[PathBuf], ws: &Workspace, opts: &Options) -> Change {
    let out = &opts.out_dir;
    let config = ws.config.path.clone();
    let mut docs = Vec::new();
    for p in paths {
        if p.starts_with(out) {
            continue;
        }
        if Some(p) == config.as_ref() || opts.theme_dir.as_ref().is_some_and(|t| p.starts_with(t)) {
            return Change::Everything;
        }
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.ends_with(".md") || name.ends_with(".markdown") {
            docs.push(p.clone());
        }
    }
    if docs.is_empty() {
        Change::Nothing
    } else {
        Change::Docs(docs)
    }
}

/// The folders to watch: each doc glob's literal prefix, the
/// configuration's folder (its file is replaced on save) and the theme.
fn watched(ws: &Workspace, opts: &Options) -> Vec<(PathBuf, notify::RecursiveMode)> {
    use notify::RecursiveMode::{NonRecursive, Recursive};
    let mut out = Vec::new();
    for g in &ws.config.paths {
        let mut base = ws.root.join(designdoc_repo::literal_prefix(g));
        while !base.is_dir() {
            match base.parent() {
                Some(p) if p.starts_with(&ws.root) => base = p.to_path_buf(),
                _ => break,
            }
        }
        out.push((base, Recursive));
    }
    if let Some(c) = ws.config.path.as_ref().and_then(|c| c.parent()) {
        out.push((c.to_path_buf(), NonRecursive));
    }
    if let Some(t) = &opts.theme_dir
        && t.is_dir()
    {
        out.push((t.clone(), Recursive));
    }
    out.sort();
    out.dedup();
    out
}

pub fn serve(args: ServeArgs) -> io::Result<u8> {
    use notify::Watcher as _;
    let (mut ws, cwd) = match crate::commands::workspace(None) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let opts = options(&ws, &cwd, &args.site);
    let out = shown(&opts.out_dir, &cwd);
    // Watch before building: a doc saved while the site is built, or just
    // after the address is printed, is rebuilt too.
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("designdoc: error: cannot watch the docs: {e}");
            return Ok(2);
        }
    };
    let mut watching = watched(&ws, &opts);
    for (dir, mode) in &watching {
        if let Err(e) = watcher.watch(dir, *mode) {
            eprintln!("designdoc: warning: cannot watch {}: {e}", shown(dir, &cwd));
        }
    }
    let started = Instant::now();
    let bar = Bar::new(&args.site);
    let built = Site::new(&ws, opts.clone())
        .and_then(|mut site| site.build(&ws, &cwd, &bar).map(|r| (site, r)));
    bar.finish();
    let mut site = match built {
        Ok((site, report)) => {
            summary(&report, &out, started.elapsed(), &args.site);
            site
        }
        Err(e) => {
            eprintln!("designdoc: error: {e}");
            return Ok(2);
        }
    };

    let shared = match designdoc_site::serve::Shared::new(&opts.out_dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("designdoc: error: {}: {e}", out);
            return Ok(2);
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let server = {
        let shared = shared.clone();
        runtime.spawn(async move {
            designdoc_site::serve::run(addr, shared, |a| {
                let _ = ready_tx.send(Ok(a));
            })
            .await
        })
    };
    let bound = match ready_rx.recv_timeout(Duration::from_secs(10)) {
        Ok(Ok::<SocketAddr, io::Error>(a)) => a,
        _ => {
            let why = match runtime.block_on(server) {
                Ok(Err(e)) => e.to_string(),
                _ => "the server did not start".to_string(),
            };
            eprintln!("designdoc: error: cannot listen on {addr}: {why}");
            return Ok(2);
        }
    };
    let url = format!("http://{bound}/");
    if !args.site.quiet {
        eprintln!("Serving {out} at {url} (Ctrl-C to stop)");
    }
    if args.open {
        open_browser(&url);
    }

    while let Some(paths) = designdoc_site::serve::debounce(&rx, Duration::from_millis(60)) {
        let t = Instant::now();
        let result = match classify(&paths, &ws, &site.options) {
            Change::Nothing => continue,
            Change::Docs(docs) => site.update(&ws, &cwd, &docs),
            Change::Everything => match crate::commands::workspace(None) {
                Err(_) => continue,
                Ok((new_ws, _)) => {
                    ws = new_ws;
                    let opts = options(&ws, &cwd, &args.site);
                    match Site::new(&ws, opts) {
                        Ok(mut s) => {
                            let r = s.build(&ws, &cwd, &designdoc_site::Quiet);
                            site = s;
                            for (dir, _) in &watching {
                                let _ = watcher.unwatch(dir);
                            }
                            watching = watched(&ws, &site.options);
                            for (dir, mode) in &watching {
                                let _ = watcher.watch(dir, *mode);
                            }
                            r
                        }
                        Err(e) => Err(e),
                    }
                }
            },
        };
        match result {
            Ok(report) => {
                if !args.site.quiet {
                    eprintln!(
                        "Rebuilt in {:.0} ms: {} page{} rendered, {} file{} written",
                        t.elapsed().as_secs_f64() * 1000.0,
                        report.pages_rendered,
                        if report.pages_rendered == 1 { "" } else { "s" },
                        report.written.len(),
                        if report.written.len() == 1 { "" } else { "s" },
                    );
                }
                for w in &report.warnings {
                    eprintln!("designdoc: warning: {w}");
                }
                if !report.written.is_empty() || !report.removed.is_empty() {
                    shared.notify(&report.written);
                }
                // The pages are reloaded; the search index follows.
                let t = Instant::now();
                match site.update_search() {
                    Ok(r) if args.site.verbose => {
                        if let Some(s) = &r.search {
                            eprintln!(
                                "Search index updated in {:.0} ms ({} of {} shard{} indexed again)",
                                t.elapsed().as_secs_f64() * 1000.0,
                                s.indexed,
                                s.shards,
                                if s.shards == 1 { "" } else { "s" }
                            );
                        }
                    }
                    Ok(_) => {}
                    Err(e) => eprintln!("designdoc: error: {e}"),
                }
            }
            Err(e) => eprintln!("designdoc: error: {e}"),
        }
    }
    Ok(0)
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(cmd)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_err()
    {
        eprintln!("designdoc: could not open a browser; open {url}");
    }
}
