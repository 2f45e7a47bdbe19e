//! The docs as a graph: nodes coloured by status; supersedes, depends-on
//! and links between docs as edges; Mermaid and DOT text, and SVG laid
//! out in-process (`graph_svg.rs`, so no graphviz install is needed).

use std::fmt::Write as _;

use crate::Workspace;
use crate::catalog::DocInfo;
pub use crate::graph_svg::Style;

/// What an edge between two docs stands for. The order of the variants is
/// the order of [`edges`]' output for the same pair of docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EdgeKind {
    /// From the newer doc to the one it replaces, whether the newer doc's
    /// `supersedes:` or the older doc's `superseded-by:` says so.
    Supersedes,
    /// From a doc to one its `depends-on:` names.
    DependsOn,
    /// From a doc to another doc's file that it links to (anchors ignored,
    /// links to itself left out); only when no other kind of edge already
    /// goes the same way between the two.
    Links,
}

impl EdgeKind {
    pub(crate) fn label(self) -> &'static str {
        match self {
            EdgeKind::Supersedes => "supersedes",
            EdgeKind::DependsOn => "depends on",
            EdgeKind::Links => "links",
        }
    }
}

/// (from, to, kind) over indices into `docs`, sorted and without repeats.
pub fn edges(ws: &Workspace, docs: &[DocInfo], links: bool) -> Vec<(usize, usize, EdgeKind)> {
    // The repository rules' model resolves references the same way.
    let repo: Vec<designdoc_lint::repo::RepoDoc> = docs
        .iter()
        .map(|d| {
            let source = crate::read_doc(&d.abs_path, ws.config.max_file_size).unwrap_or_default();
            designdoc_lint::repo::RepoDoc::new(&d.abs_path, &designdoc_syntax::parse(&source))
        })
        .collect();
    edges_of(&repo, links)
}

/// [`edges`] over docs already summarised (`repo[i]` is doc `i`). Pure.
pub fn edges_of(
    repo: &[designdoc_lint::repo::RepoDoc],
    links: bool,
) -> Vec<(usize, usize, EdgeKind)> {
    let set = designdoc_lint::repo::RepoSet::new(repo);
    let mut out = Vec::new();
    for (i, r) in repo.iter().enumerate() {
        for (refs, kind) in [
            (&r.supersedes, EdgeKind::Supersedes),
            (&r.depends_on, EdgeKind::DependsOn),
        ] {
            out.extend(
                refs.iter()
                    .filter_map(|(x, _)| set.resolve(i, x))
                    .map(|j| (i, j, kind)),
            );
        }
        for (x, _) in &r.superseded_by {
            if let Some(j) = set.resolve(i, x) {
                out.push((j, i, EdgeKind::Supersedes));
            }
        }
        if links {
            for (dest, _) in &r.links {
                let file = dest.split('#').next().unwrap_or(dest);
                if let Some(j) = set.by_path_from(i, file).filter(|&j| j != i) {
                    out.push((i, j, EdgeKind::Links));
                }
            }
        }
    }
    out.sort();
    out.dedup();
    // A link alongside a supersedes or depends-on edge says nothing more.
    let typed: std::collections::HashSet<(usize, usize)> = out
        .iter()
        .filter(|e| e.2 != EdgeKind::Links)
        .map(|e| (e.0, e.1))
        .collect();
    out.retain(|e| e.2 != EdgeKind::Links || !typed.contains(&(e.0, e.1)));
    out
}

/// Fill colours by status.
pub(crate) fn colour(status: Option<&str>) -> &'static str {
    match status {
        Some("draft") => "#e5e7eb",
        Some("in-review") => "#fde68a",
        Some("accepted") => "#bbf7d0",
        Some("implemented") => "#86efac",
        Some("rejected") => "#fecaca",
        Some("withdrawn") => "#e9d5ff",
        Some("superseded") => "#d1d5db",
        _ => "#ffffff",
    }
}

pub(crate) fn node_label(d: &DocInfo) -> String {
    let title = d.title.replace('"', "'");
    match (d.number, &d.status) {
        (Some(n), Some(s)) => format!("{n:04} {title} ({s})"),
        (Some(n), None) => format!("{n:04} {title}"),
        (None, Some(s)) => format!("{title} ({s})"),
        (None, None) => title,
    }
}

/// The graph as a Mermaid `flowchart LR`: one node `d{i}` per doc (`i` its
/// index in `docs`) labelled `0007 Title (status)`, one arrow per edge
/// labelled by its kind (links dashed), then each node's fill by status.
/// `edges` index into `docs`, as [`edges`] returns them. Ends with a newline.
pub fn mermaid(docs: &[DocInfo], edges: &[(usize, usize, EdgeKind)]) -> String {
    let mut o = String::from("flowchart LR\n");
    for (i, d) in docs.iter().enumerate() {
        let _ = writeln!(o, "  d{i}[\"{}\"]", node_label(d).replace('"', "#quot;"));
    }
    for (a, b, k) in edges {
        let arrow = if *k == EdgeKind::Links { "-.->" } else { "-->" };
        let _ = writeln!(o, "  d{a} {arrow}|{}| d{b}", k.label());
    }
    for (i, d) in docs.iter().enumerate() {
        let _ = writeln!(o, "  style d{i} fill:{}", colour(d.status.as_deref()));
    }
    o
}

/// The graph as Graphviz DOT: a `digraph designdocs` laid out left to right,
/// one box `d{i}` per doc (`i` its index in `docs`) labelled like the Mermaid
/// nodes, filled by status, with the doc's relative path as its tooltip;
/// edges labelled by kind, links dashed. `edges` index into `docs`, as
/// [`edges`] returns them. Ends with a newline.
pub fn dot(docs: &[DocInfo], edges: &[(usize, usize, EdgeKind)]) -> String {
    let mut o = String::from(
        "digraph designdocs {\n  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n",
    );
    for (i, d) in docs.iter().enumerate() {
        let _ = writeln!(
            o,
            "  d{i} [label=\"{}\", fillcolor=\"{}\", tooltip=\"{}\"];",
            node_label(d).replace('\\', "\\\\").replace('"', "\\\""),
            colour(d.status.as_deref()),
            d.path.replace('"', "\\\"")
        );
    }
    for (a, b, k) in edges {
        let style = if *k == EdgeKind::Links {
            ", style=dashed"
        } else {
            ""
        };
        let _ = writeln!(o, "  d{a} -> d{b} [label=\"{}\"{style}];", k.label());
    }
    o.push_str("}\n");
    o
}

/// The graph as SVG, laid out in-process (see [`crate::graph_svg`]):
/// linear in docs plus edges but for sorting, so the 949 EIPs draw in
/// well under a second.
pub fn svg(docs: &[DocInfo], edges: &[(usize, usize, EdgeKind)]) -> Result<String, String> {
    svg_with(docs, edges, &Style::default())
}

/// [`svg`], drawn as `style` says (links on the boxes, colours left to the
/// page's stylesheet).
pub fn svg_with(
    docs: &[DocInfo],
    edges: &[(usize, usize, EdgeKind)],
    style: &Style<'_>,
) -> Result<String, String> {
    // Our own code; still, a bug in it must not take the command down.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        crate::graph_svg::svg_with(docs, edges, style)
    }))
    .map_err(|_| "the graph layout failed; this is a bug, please report it".to_string())
}
