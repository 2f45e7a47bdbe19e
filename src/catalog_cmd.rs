//! `export` and `catalog build`: the printing around designdoc_site's
//! bundle and designdoc_catalog.

use std::io;
use std::path::PathBuf;

use designdoc_site::{Options, Quiet, Site};

use crate::cli::{CatalogBuildArgs, ExportArgs};

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
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let path = cwd.join(&args.config);
    let shown = args.config.display().to_string();
    let catalog = match designdoc_catalog::config::Catalog::load(&path, &shown) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("designdoc: error: {e}");
            return Ok(2);
        }
    };
    let out = match &args.out {
        Some(o) => cwd.join(o),
        None => catalog.root.join("catalog"),
    };
    let cache = catalog.root.join(".designdoc-catalog-cache");
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
                "Built a catalog of {} docs from {} sources into {} ({} doc pages written, the others unchanged){}",
                r.docs,
                r.sources.len(),
                designdoc_repo::display_path(&out, &cwd),
                r.pages,
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
            Ok(u8::from(refused))
        }
        Err(e) => {
            eprintln!("designdoc: error: {e}");
            Ok(2)
        }
    }
}
