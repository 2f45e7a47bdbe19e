//! Commands over the repository of docs: `list`, `status`, `supersede`,
//! `index`, `graph`.

use std::io::{self, Write};
use std::path::PathBuf;

use designdoc_repo::catalog::DocInfo;
use designdoc_repo::collect;

use crate::cli::{
    DiffFormat, GraphArgs, GraphFormat, IndexArgs, ListArgs, ListFormat, SemDiffArgs, SortKey,
    StatusArgs, SupersedeArgs,
};
use crate::commands::workspace;

pub fn list(args: ListArgs) -> io::Result<u8> {
    let (ws, cwd) = match workspace(None) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let explicit: Vec<PathBuf> = args.paths.iter().map(|p| cwd.join(p)).collect();
    let files = collect(&ws.root, &ws.config.paths, &explicit);
    let (mut docs, errors) = ws.catalog(&files);
    for (path, e) in &errors {
        eprintln!("designdoc: {path}: {e}");
    }
    docs.retain(|d| {
        (args.status.is_empty() || d.status.as_ref().is_some_and(|s| args.status.contains(s)))
            && args.author.as_ref().is_none_or(|a| {
                let a = a.to_lowercase();
                d.authors.iter().any(|x| x.to_lowercase().contains(&a))
            })
            && args.tag.iter().all(|t| d.tags.contains(t))
    });
    sort(&mut docs, args.sort);
    if args.reverse {
        docs.reverse();
    }
    let mut out = io::stdout().lock();
    match args.format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &docs)?;
            writeln!(out)?;
        }
        ListFormat::Csv => {
            writeln!(
                out,
                "number,id,title,status,authors,created,updated,tags,path"
            )?;
            for d in &docs {
                let row = [
                    d.number.map(|n| n.to_string()).unwrap_or_default(),
                    d.id.clone().unwrap_or_default(),
                    d.title.clone(),
                    d.status.clone().unwrap_or_default(),
                    d.authors.join("; "),
                    d.created.clone().unwrap_or_default(),
                    d.updated.clone().unwrap_or_default(),
                    d.tags.join("; "),
                    d.path.clone(),
                ];
                let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
                writeln!(out, "{}", cells.join(","))?;
            }
        }
        ListFormat::Table => table(&mut out, &docs)?,
    }
    Ok(if errors.is_empty() { 0 } else { 2 })
}

fn sort(docs: &mut [DocInfo], key: SortKey) {
    let none_last = |o: &Option<String>| (o.is_none(), o.clone());
    match key {
        // Already in number order.
        SortKey::Number => {}
        SortKey::Title => docs.sort_by_key(|d| d.title.to_lowercase()),
        SortKey::Status => docs.sort_by_key(|d| none_last(&d.status)),
        SortKey::Created => docs.sort_by_key(|d| none_last(&d.created)),
        SortKey::Updated => docs.sort_by_key(|d| none_last(&d.updated)),
    }
}

/// RFC 4180: quote a cell holding a comma, quote or line break.
pub(crate) fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn table(out: &mut impl Write, docs: &[DocInfo]) -> io::Result<()> {
    let rows: Vec<[String; 5]> = docs
        .iter()
        .map(|d| {
            [
                d.number
                    .map_or_else(|| "-".to_string(), |n| format!("{n:04}")),
                truncate(&d.title, 50),
                d.status.clone().unwrap_or_else(|| "-".to_string()),
                truncate(&d.authors.join(", "), 30),
                d.updated
                    .clone()
                    .or_else(|| d.created.clone())
                    .unwrap_or_else(|| "-".to_string()),
            ]
        })
        .collect();
    let head = ["NUMBER", "TITLE", "STATUS", "AUTHORS", "UPDATED"];
    let mut widths = head.map(|h| h.chars().count());
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::new();
        for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
            s.push_str(c);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(w - c.chars().count() + 2));
            }
        }
        s
    };
    writeln!(out, "{}", line(&head.map(String::from)))?;
    for r in &rows {
        writeln!(out, "{}", line(r))?;
    }
    Ok(())
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// Every configured doc, for commands that name one.
fn all_docs() -> Result<(designdoc_repo::Workspace, PathBuf, Vec<DocInfo>), u8> {
    all_docs_with(true).map(|(ws, cwd, _, docs)| (ws, cwd, docs))
}

/// Every configured doc: the workspace, the working directory, the files
/// and their metadata (`history`: fields a doc does not set come from
/// git). A doc that cannot be read is named on stderr.
pub(crate) fn all_docs_with(
    history: bool,
) -> Result<
    (
        designdoc_repo::Workspace,
        PathBuf,
        Vec<PathBuf>,
        Vec<DocInfo>,
    ),
    u8,
> {
    let (ws, cwd) = workspace(None)?;
    let files = collect(&ws.root, &ws.config.paths, &[]);
    let (docs, errors) = ws.catalog_with(&files, history);
    for (path, e) in &errors {
        eprintln!("designdoc: {path}: {e}");
    }
    Ok((ws, cwd, files, docs))
}

pub fn status(args: StatusArgs) -> io::Result<u8> {
    let (ws, cwd, docs) = match all_docs() {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let result = ws.find_doc(&docs, &args.doc, &cwd).and_then(|d| {
        ws.set_status(
            d,
            &args.status,
            &args.approver,
            &designdoc_repo::today().to_string(),
        )
        .map(|m| (d, m))
    });
    match result {
        Ok((d, m)) => {
            println!("{}: {} -> {}", d.path, m.from, m.to);
            Ok(0)
        }
        Err(e) => {
            eprintln!("designdoc: error: {e}");
            Ok(1)
        }
    }
}

pub fn supersede(args: SupersedeArgs) -> io::Result<u8> {
    let (ws, cwd, docs) = match all_docs() {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let result = ws.find_doc(&docs, &args.old, &cwd).and_then(|old| {
        let new = ws.find_doc(&docs, &args.by, &cwd)?;
        ws.supersede(old, new, &designdoc_repo::today().to_string())
            .map(|m| (old, new, m))
    });
    match result {
        Ok((old, new, m)) => {
            println!(
                "{} ({} -> {}) is superseded by {}",
                old.path, m.from, m.to, new.path
            );
            Ok(0)
        }
        Err(e) => {
            eprintln!("designdoc: error: {e}");
            Ok(1)
        }
    }
}

pub fn index(args: IndexArgs) -> io::Result<u8> {
    let (ws, cwd, docs) = match all_docs() {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let file = match &args.file {
        Some(f) => cwd.join(f),
        None => ws
            .root
            .join(designdoc_repo::literal_prefix(
                ws.config.paths.first().map_or("docs/design", |s| s),
            ))
            .join("README.md"),
    };
    let shown = designdoc_repo::display_path(&file, &cwd);
    let existing = match std::fs::read_to_string(&file) {
        Ok(s) => Some(s),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => {
            eprintln!("designdoc: error: {shown}: {e}");
            return Ok(2);
        }
    };
    let nl = if existing.as_deref().is_some_and(|s| s.contains("\r\n")) {
        "\r\n"
    } else {
        "\n"
    };
    let dir = file.parent().unwrap_or(&ws.root).to_path_buf();
    let table = designdoc_repo::index::table(&docs, &dir, nl);
    let text = match designdoc_repo::index::rewrite(existing.as_deref(), &table) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("designdoc: error: {shown}: {e}");
            return Ok(2);
        }
    };
    if existing.as_deref() == Some(text.as_str()) {
        println!("{shown} is up to date ({} docs)", docs.len());
        return Ok(0);
    }
    if args.check {
        eprintln!("designdoc: {shown} is not up to date: run `designdoc index`");
        return Ok(1);
    }
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let written = match &existing {
        Some(old) => designdoc_repo::write_atomic(&file, &text, old),
        None => designdoc_repo::write_new_or_replace(&file, &text),
    };
    if let Err(e) = written {
        eprintln!("designdoc: error: {shown}: {e}");
        return Ok(2);
    }
    println!("Wrote the index of {} docs to {shown}", docs.len());
    Ok(0)
}

pub fn graph(args: GraphArgs) -> io::Result<u8> {
    let (ws, _cwd, docs) = match all_docs() {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let edges = designdoc_repo::graph::edges(&ws, &docs, !args.no_links);
    let text = match args.format {
        GraphFormat::Mermaid => designdoc_repo::graph::mermaid(&docs, &edges),
        GraphFormat::Dot => designdoc_repo::graph::dot(&docs, &edges),
        GraphFormat::Svg => match designdoc_repo::graph::svg(&docs, &edges) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("designdoc: error: {e}");
                return Ok(2);
            }
        },
    };
    io::stdout().write_all(text.as_bytes())?;
    Ok(0)
}

pub fn semantic_diff(args: SemDiffArgs) -> io::Result<u8> {
    use designdoc_repo::git;
    let (ws, cwd) = match workspace(None) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    for rev in [&args.rev1, &args.rev2] {
        if let Err(e) = git::verify(&ws.root, rev) {
            eprintln!("designdoc: error: {e}");
            return Ok(2);
        }
    }
    // The docs at either revision: the configured globs, or the one doc.
    let mut paths: Vec<String> = match &args.doc {
        Some(p) => vec![ws.rel_path(&designdoc_lint::repo::normalize(&cwd.join(p)))],
        None => {
            let mut b = globset::GlobSetBuilder::new();
            for g in &ws.config.paths {
                if let Ok(g) = globset::Glob::new(g) {
                    b.add(g);
                }
            }
            let set = b.build().unwrap_or_else(|_| globset::GlobSet::empty());
            let mut all = Vec::new();
            for rev in [&args.rev1, &args.rev2] {
                match git::files_at(&ws.root, rev) {
                    Ok(files) => all.extend(files.into_iter().filter(|f| {
                        set.is_match(f) && !designdoc_repo::walk_is_index(std::path::Path::new(f))
                    })),
                    Err(e) => {
                        eprintln!("designdoc: error: {e}");
                        return Ok(2);
                    }
                }
            }
            all
        }
    };
    paths.sort();
    paths.dedup();
    let diffs: Vec<designdoc_repo::semdiff::DocDiff> = paths
        .iter()
        .map(|p| {
            let old = git::show(&ws.root, &args.rev1, p);
            let new = git::show(&ws.root, &args.rev2, p);
            designdoc_repo::semdiff::diff_doc(p, old.as_deref(), new.as_deref())
        })
        .filter(|d| !d.is_empty())
        .collect();
    let mut out = io::stdout().lock();
    match args.format {
        DiffFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &diffs)?;
            writeln!(out)?;
        }
        DiffFormat::Human => {
            if diffs.is_empty() {
                writeln!(
                    out,
                    "No changes in meaning between {} and {}.",
                    args.rev1, args.rev2
                )?;
            }
            for d in &diffs {
                write!(out, "{d}")?;
            }
        }
    }
    Ok(0)
}
