//! `export` and `catalog build`: the printing around designdoc_site's
//! bundle and designdoc_catalog.

use std::io;
use std::path::PathBuf;

use designdoc_site::{Options, Quiet, Site};

use crate::cli::{CatalogBuildArgs, CatalogServeArgs, ExportArgs};

/// `designdoc export`: this repository's bundle.
pub fn export(args: ExportArgs) -> io::Result<u8> {
    let (ws, cwd) = match crate::commands::workspace(None) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let name = match &args.name {
        Some(n) => n.clone(),
        None => ws
            .root
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_default(),
    };
    if !designdoc_catalog::config::valid_name(&name) {
        eprintln!(
            "designdoc: error: {name:?} cannot name a repository in a catalog: use letters, digits, '-', '_' and '.' (--name)"
        );
        return Ok(2);
    }
    let mut options = Options::from_workspace(&ws, designdoc_repo::today());
    let out = match &args.out {
        Some(o) => cwd.join(o),
        None => options.out_dir.join("export"),
    };
    // The site's own folder has a docs.json of its own (docs/site.md).
    let canonical = |p: &std::path::Path| {
        p.canonicalize()
            .unwrap_or_else(|_| p.components().collect())
    };
    if canonical(&out) == canonical(&options.out_dir) {
        eprintln!(
            "designdoc: error: --out {}: the site's folder, whose docs.json is the site's own; export to a folder of its own (by default {})",
            designdoc_repo::display_path(&out, &cwd),
            designdoc_repo::display_path(&options.out_dir.join("export"), &cwd)
        );
        return Ok(2);
    }
    options.out_dir = out.clone();
    options.search = false;
    let mut site = match Site::new(&ws, options) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("designdoc: error: {e}");
            return Ok(2);
        }
    };
    let bundle = site.export(&ws, &cwd, &name, &Quiet);
    let file = out.join(designdoc_site::bundle::FILE);
    let json = serde_json::to_string(&bundle).expect("plain data serializes");
    if let Err(e) = designdoc_repo::write_new_or_replace(&file, &json) {
        eprintln!("designdoc: error: cannot write {}: {e}", file.display());
        return Ok(2);
    }
    eprintln!(
        "Exported {} doc{} of {name} to {}",
        bundle.docs.len(),
        if bundle.docs.len() == 1 { "" } else { "s" },
        designdoc_repo::display_path(&file, &cwd)
    );
    Ok(0)
}

/// `designdoc catalog build CATALOG_TOML`.
pub fn build(args: CatalogBuildArgs) -> io::Result<u8> {
    Ok(build_once(&args).0)
}

/// Builds the catalog once: the exit code, and the folders to watch for a
/// rebuild (catalog.toml's, and each local source's) with the output
/// folder and the cache, whose changes are the build's own.
fn build_once(args: &CatalogBuildArgs) -> (u8, Vec<PathBuf>, Vec<PathBuf>) {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let path = cwd.join(&args.config);
    let shown = args.config.display().to_string();
    let config_dir = path.parent().map(PathBuf::from).unwrap_or_default();
    let catalog = match designdoc_catalog::config::Catalog::load(&path, &shown) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("designdoc: error: {e}");
            return (2, vec![config_dir], Vec::new());
        }
    };
    let out = match &args.out {
        Some(o) => cwd.join(o),
        None => catalog.root.join("catalog"),
    };
    let cache = catalog.root.join(".designdoc-catalog-cache");
    let mut watch = vec![catalog.root.clone()];
    for s in &catalog.sources {
        match &s.kind {
            designdoc_catalog::config::SourceKind::Path(p)
            | designdoc_catalog::config::SourceKind::Bundle(p) => watch.push(p.clone()),
            designdoc_catalog::config::SourceKind::Git { .. } => {}
        }
    }
    let own = vec![out.clone(), cache.clone()];
    let seen = designdoc_catalog::build::seen_before(&out);
    let loaded = designdoc_catalog::sources::load_all(&catalog.sources, &cache, &seen);
    for l in &loaded {
        let docs = l.docs.len();
        match &l.message {
            Some(m) => eprintln!("{}: {} ({docs} docs): {m}", l.source.name, l.state.as_str()),
            None => eprintln!("{}: {} ({docs} docs)", l.source.name, l.state.as_str()),
        }
    }
    match designdoc_catalog::build::build(&catalog, &loaded, &out, &cache, designdoc_repo::today())
    {
        Ok(r) => {
            eprintln!(
                "Built a catalog of {} docs from {} sources into {} ({} doc pages written, {} search shard{} indexed, the others unchanged{}){}",
                r.docs,
                r.sources.len(),
                designdoc_repo::display_path(&out, &cwd),
                r.pages,
                r.search_shards,
                if r.search_shards == 1 { "" } else { "s" },
                match r.removed {
                    0 => String::new(),
                    n => format!("; {n} stale file{} removed", if n == 1 { "" } else { "s" }),
                },
                match r.problems {
                    0 => String::new(),
                    n => format!(
                        " ({n} reference{} to no doc: problems.html)",
                        if n == 1 { "" } else { "s" }
                    ),
                }
            );
            // A refused source fails the build's exit code, as an
            // unreadable doc fails check; the others were still built.
            let refused = r
                .sources
                .iter()
                .any(|s| s.1 == designdoc_catalog::sources::State::Refused);
            (u8::from(refused), watch, own)
        }
        Err(e) => {
            eprintln!("designdoc: error: {e}");
            (2, watch, own)
        }
    }
}

/// `designdoc catalog serve CATALOG_TOML`: the catalog on 127.0.0.1 (the
/// site's server: loopback only, no path out of the folder), built again
/// when what it is built from changes.
pub fn serve(args: CatalogServeArgs) -> io::Result<u8> {
    use notify::Watcher as _;
    let (code, watch, own) = build_once(&args.build);
    if code == 2 {
        return Ok(2);
    }
    let out = own[0].clone();
    let shared = match designdoc_site::serve::Shared::new(&out) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("designdoc: error: {}: {e}", out.display());
            return Ok(2);
        }
    };
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("designdoc: error: cannot watch for changes: {e}");
            return Ok(2);
        }
    };
    for dir in &watch {
        let _ = watcher.watch(dir, notify::RecursiveMode::Recursive);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let addr = std::net::SocketAddr::from((std::net::Ipv4Addr::LOCALHOST, args.port));
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let server = {
        let shared = shared.clone();
        runtime.spawn(async move {
            designdoc_site::serve::run(addr, shared, |a| {
                let _ = ready_tx.send(a);
            })
            .await
        })
    };
    let Ok(bound) = ready_rx.recv_timeout(std::time::Duration::from_secs(10)) else {
        let why = match runtime.block_on(server) {
            Ok(Err(e)) => e.to_string(),
            _ => "the server did not start".to_string(),
        };
        eprintln!("designdoc: error: cannot listen on {addr}: {why}");
        return Ok(2);
    };
    eprintln!("Serving the catalog at http://{bound}/ (Ctrl-C to stop)");
    let own: Vec<PathBuf> = own
        .iter()
        .map(|p| p.canonicalize().unwrap_or(p.clone()))
        .collect();
    while let Some(paths) =
        designdoc_site::serve::debounce(&rx, std::time::Duration::from_millis(200))
    {
        // The build's own writes (the output, the cache) are not changes.
        let outside = paths.iter().any(|p| {
            let p = p.canonicalize().unwrap_or(p.clone());
            !own.iter().any(|o| p.starts_with(o))
        });
        if outside {
            let _ = build_once(&args.build);
            shared.notify(&[]);
        }
    }
    Ok(0)
}
