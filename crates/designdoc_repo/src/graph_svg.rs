//! The docs' graph drawn as SVG, laid out here.
//!
//! Written by hand: the Graphviz-style layout crates (layout-rs, which
//! this replaced) grow much faster than linearly: 614 docs took 11 s and
//! the 949 EIPs did not finish in 600 s. This is a layered layout
//! (Sugiyama's scheme, cut down) whose every step is linear in docs plus
//! edges, or `n log n` for sorting:
//!
//! 1. cycles are broken by reversing the back edges a depth-first search
//!    finds;
//! 2. each doc's layer is its longest path from a source (left to right);
//! 3. a bounded number of barycentre sweeps order each layer to cut
//!    crossings;
//! 4. docs without any relation go in a grid below.
//!
//! Edges are drawn as curves between box sides, styled by kind.

use std::fmt::Write as _;

use crate::catalog::DocInfo;
use crate::graph::{EdgeKind, colour, node_label};

/// The labels' size, in pixels: reading size where the picture is shown
/// at its own size (the site scrolls and zooms it instead of shrinking).
const FONT: f64 = 14.0;
/// Space between a box's side and its label.
const PAD: f64 = 10.0;
const BOX_H: f64 = 34.0;
const GAP_X: f64 = 90.0;
const GAP_Y: f64 = 14.0;
const MARGIN: f64 = 20.0;
/// Barycentre sweeps (each one left to right and back).
const SWEEPS: usize = 4;
/// Docs per row in the grid of docs without relations.
const GRID_COLUMNS: usize = 6;
/// Width of a label shown in a box, in narrow characters (a wide one
/// counts two; the rest is in its tooltip).
const LABEL_WIDTH: usize = 38;
/// Space between the columns of the grid.
const GRID_GAP: f64 = 30.0;

/// Where each doc goes: (x, y) of its box's top-left corner, and the
/// picture's size.
struct Layout {
    at: Vec<(f64, f64)>,
    width: f64,
    height: f64,
    /// For an edge that skips layers, keyed by its two docs in layer
    /// order: where it crosses each layer between them (the layer's left
    /// and right x, and the y of its lane), so it runs in a lane of its own
    /// instead of under the boxes.
    lanes: std::collections::HashMap<(usize, usize), Vec<(f64, f64, f64)>>,
}

/// Lanes for edges that skip layers, at most: past this, the rest are drawn
/// straight across (a graph that large is read by zooming, not by tracing
/// one edge).
const MAX_LANES: usize = 20_000;

/// Lays out `n` boxes, box `v` `widths[v]` wide.
fn layout(n: usize, edges: &[(usize, usize, EdgeKind)], widths: &[f64]) -> Layout {
    let mut out_adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut related = vec![false; n];
    for &(a, b, _) in edges {
        if a != b && a < n && b < n {
            out_adj[a].push(b);
            related[a] = true;
            related[b] = true;
        }
    }
    // 1. Back edges (to a doc still on the depth-first stack) reversed:
    // an iterative search, so a long chain cannot overflow the stack.
    let dag = acyclic(&out_adj);
    // 2. Longest path layering, in topological order (Kahn).
    let mut indegree = vec![0usize; n];
    for targets in &dag {
        for &b in targets {
            indegree[b] += 1;
        }
    }
    let mut layer = vec![0usize; n];
    let mut queue: Vec<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
    let mut head = 0;
    while head < queue.len() {
        let v = queue[head];
        head += 1;
        for &b in &dag[v] {
            layer[b] = layer[b].max(layer[v] + 1);
            indegree[b] -= 1;
            if indegree[b] == 0 {
                queue.push(b);
            }
        }
    }
    let layers = (0..n)
        .filter(|&v| related[v])
        .map(|v| layer[v] + 1)
        .max()
        .unwrap_or(0);
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); layers];
    for v in (0..n).filter(|&v| related[v]) {
        rows[layer[v]].push(v);
    }
    // An edge that skips layers gets a lane node in each layer it crosses
    // (Sugiyama's dummy nodes): ordered with the docs, so that it runs
    // between boxes. Nodes from `n` on are lanes.
    let mut dag = dag;
    let mut chains: Vec<((usize, usize), Vec<usize>)> = Vec::new();
    let mut total = n;
    for a in 0..n {
        for k in 0..dag[a].len() {
            let b = dag[a][k];
            let span = layer[b] - layer[a];
            if span < 2 || total - n + span - 1 > MAX_LANES {
                continue;
            }
            let chain: Vec<usize> = (total..total + span - 1).collect();
            for (j, &d) in chain.iter().enumerate() {
                layer.push(layer[a] + 1 + j);
                rows[layer[a] + 1 + j].push(d);
                dag.push(vec![chain.get(j + 1).copied().unwrap_or(b)]);
            }
            dag[a][k] = chain[0];
            total += span - 1;
            chains.push(((a, b), chain));
        }
    }
    // 3. Barycentre ordering: each doc's key is the mean position of its
    // neighbours in the layers already ordered in this sweep.
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); total];
    for (a, targets) in dag.iter().enumerate() {
        for &b in targets {
            preds[b].push(a);
        }
    }
    let mut pos = vec![0f64; total];
    let place = |rows: &Vec<Vec<usize>>, pos: &mut Vec<f64>| {
        for row in rows {
            for (i, &v) in row.iter().enumerate() {
                pos[v] = i as f64;
            }
        }
    };
    place(&rows, &mut pos);
    let reorder = |row: &mut Vec<usize>, pos: &[f64], neighbours: &Vec<Vec<usize>>| {
        let mut keyed: Vec<(f64, usize)> = row
            .iter()
            .map(|&v| {
                let ns = &neighbours[v];
                let key = if ns.is_empty() {
                    pos[v]
                } else {
                    ns.iter().map(|&u| pos[u]).sum::<f64>() / ns.len() as f64
                };
                (key, v)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
        *row = keyed.into_iter().map(|(_, v)| v).collect();
    };
    for _ in 0..SWEEPS {
        for l in 1..rows.len() {
            reorder(&mut rows[l], &pos, &preds);
            for (i, &v) in rows[l].iter().enumerate() {
                pos[v] = i as f64;
            }
        }
        for l in (0..rows.len().saturating_sub(1)).rev() {
            reorder(&mut rows[l], &pos, &dag);
            for (i, &v) in rows[l].iter().enumerate() {
                pos[v] = i as f64;
            }
        }
    }
    // Coordinates: layers left to right, each as wide as its widest box
    // and centred on the tallest.
    let tallest = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut at = vec![(0.0, 0.0); total];
    let mut span_of_layer = Vec::with_capacity(rows.len());
    let mut x = MARGIN;
    for row in &rows {
        let offset = (tallest - row.len()) as f64 * (BOX_H + GAP_Y) / 2.0;
        for (i, &v) in row.iter().enumerate() {
            at[v] = (x, MARGIN + offset + i as f64 * (BOX_H + GAP_Y));
        }
        let w = row
            .iter()
            .filter(|&&v| v < n)
            .map(|&v| widths[v])
            .fold(0.0, f64::max);
        span_of_layer.push((x, x + w));
        x += w + GAP_X;
    }
    let lanes = chains
        .into_iter()
        .map(|(pair, chain)| {
            let points = chain
                .iter()
                .map(|&d| {
                    let (left, right) = span_of_layer[layer[d]];
                    (left, right, at[d].1 + BOX_H / 2.0)
                })
                .collect();
            (pair, points)
        })
        .collect();
    at.truncate(n);
    let mut width = if layers == 0 {
        MARGIN * 2.0
    } else {
        x - GAP_X + MARGIN
    };
    let mut height = MARGIN + tallest as f64 * (BOX_H + GAP_Y);
    // 4. The docs without relations, in a grid below.
    let alone: Vec<usize> = (0..n).filter(|&v| !related[v]).collect();
    if !alone.is_empty() {
        let top = height + if tallest > 0 { 2.0 * GAP_Y } else { 0.0 };
        let cell = alone.iter().map(|&v| widths[v]).fold(0.0, f64::max) + GRID_GAP;
        for (i, &v) in alone.iter().enumerate() {
            at[v] = (
                MARGIN + (i % GRID_COLUMNS) as f64 * cell,
                top + (i / GRID_COLUMNS) as f64 * (BOX_H + GAP_Y),
            );
        }
        let columns = alone.len().min(GRID_COLUMNS);
        width = width.max(MARGIN * 2.0 + columns as f64 * cell - GRID_GAP);
        height = top + alone.len().div_ceil(GRID_COLUMNS) as f64 * (BOX_H + GAP_Y);
    }
    Layout {
        at,
        width: width.max(MARGIN * 2.0),
        height: height + MARGIN,
        lanes,
    }
}

/// The graph's edges with those closing a cycle reversed.
fn acyclic(out_adj: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = out_adj.len();
    // 0 unvisited, 1 on the stack, 2 done.
    let mut state = vec![0u8; n];
    let mut dag: Vec<Vec<usize>> = vec![Vec::new(); n];
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if let Some(&b) = out_adj[v].get(*next) {
                *next += 1;
                match state[b] {
                    0 => {
                        dag[v].push(b);
                        state[b] = 1;
                        stack.push((b, 0));
                    }
                    1 => dag[b].push(v), // a back edge: reversed
                    _ => dag[v].push(b),
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    for targets in &mut dag {
        targets.sort_unstable();
        targets.dedup();
    }
    dag
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Not allowed in XML.
            c if (c as u32) < 0x20 && c != '\t' => {}
            '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The label cut to fit its box: a character beyond Latin, Greek and
/// Cyrillic (CJK, say) is taken as two wide.
fn shorten(label: &str) -> String {
    let width = |c: char| if (c as u32) < 0x0500 { 1 } else { 2 };
    if label.chars().map(width).sum::<usize>() <= LABEL_WIDTH {
        return label.to_string();
    }
    let mut s = String::new();
    let mut used = 0;
    for c in label.chars() {
        if used + width(c) > LABEL_WIDTH - 1 {
            break;
        }
        used += width(c);
        s.push(c);
    }
    s.push('…');
    s
}

/// How a picture is drawn.
#[derive(Default)]
pub struct Style<'a> {
    /// Each doc's page, as a URL (in the order of the docs): its box links
    /// there.
    pub links: Option<&'a [String]>,
    /// Colours left to the stylesheet of the page the picture is part of
    /// (classes `dd-node status-…`, `dd-edge-…`, `dd-arrow-…`), so that a
    /// theme and dark mode apply; otherwise written into the picture.
    pub themed: bool,
}

/// A label's width at [`FONT`]: a character beyond Latin, Greek and
/// Cyrillic (CJK, say) taken as one em wide, others as 0.56 em (a
/// sans-serif's average, capitals and digits included).
fn text_width(label: &str) -> f64 {
    label
        .chars()
        .map(|c| if (c as u32) < 0x0500 { 0.56 } else { 1.0 })
        .sum::<f64>()
        * FONT
}

/// The graph as SVG, drawn as `style` says: each box as wide as its
/// label (cut at [`LABEL_WIDTH`]), labels at [`FONT`] pixels.
pub fn svg_with(docs: &[DocInfo], edges: &[(usize, usize, EdgeKind)], style: &Style<'_>) -> String {
    let labels: Vec<String> = docs.iter().map(|d| shorten(&node_label(d))).collect();
    let widths: Vec<f64> = labels.iter().map(|l| text_width(l) + 2.0 * PAD).collect();
    let l = layout(docs.len(), edges, &widths);
    let mut o = String::with_capacity(256 + docs.len() * 400 + edges.len() * 200);
    let _ = write!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dd-graph\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.0} {h:.0}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"{FONT}\" role=\"img\" aria-label=\"How the docs relate: supersedes, depends on, links to\">\n",
        w = l.width,
        h = l.height
    );
    // One arrowhead per edge kind (SVG 1.1: no `context-stroke`).
    o.push_str("<defs>");
    for (id, fill) in [("s", "#374151"), ("d", "#2563eb"), ("l", "#9ca3af")] {
        // Colours are written in either way: a page's stylesheet
        // (`themed`) overrides them by class, and a theme's stylesheet
        // without those rules still shows a readable picture.
        let fill = format!(" fill=\"{fill}\"");
        let _ = write!(
            o,
            "<marker id=\"arrow-{id}\" class=\"dd-arrow-{id}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\"{fill}/></marker>"
        );
    }
    o.push_str("</defs>\n");
    o.push_str("<g fill=\"none\" stroke-width=\"1.3\">\n");
    for &(a, b, kind) in edges {
        if a == b || a >= docs.len() || b >= docs.len() {
            continue;
        }
        let (ax, ay) = l.at[a];
        let (bx, by) = l.at[b];
        let (x1, y1) = (ax + widths[a], ay + BOX_H / 2.0);
        let (x2, y2) = (bx, by + BOX_H / 2.0);
        let d = route(&l, a, b, (x1, y1), (x2, y2), (ax, ay), (bx + widths[b], by));
        let (stroke, dash, arrow, class) = match kind {
            EdgeKind::Supersedes => ("#374151", "", "s", "supersedes"),
            EdgeKind::DependsOn => ("#2563eb", "", "d", "depends"),
            EdgeKind::Links => ("#9ca3af", " stroke-dasharray=\"5 4\"", "l", "links"),
        };
        let paint = if style.themed {
            format!(" class=\"dd-edge-{class}\" stroke=\"{stroke}\"")
        } else {
            format!(" stroke=\"{stroke}\"")
        };
        let _ = writeln!(
            o,
            "<path d=\"{d}\"{paint}{dash} marker-end=\"url(#arrow-{arrow})\"><title>{} {} {}</title></path>",
            escape(&node_label(&docs[a])),
            kind.label(),
            escape(&node_label(&docs[b])),
        );
    }
    o.push_str("</g>\n<g>\n");
    for (i, (d, &(x, y))) in docs.iter().zip(&l.at).enumerate() {
        let label = node_label(d);
        let (open, close) = match style.links.and_then(|u| u.get(i)) {
            Some(url) => (format!("<a href=\"{}\">", escape(url)), "</a>"),
            None => (String::new(), ""),
        };
        let group = if style.themed {
            let status = d
                .status
                .as_deref()
                .map_or("none".to_string(), designdoc_syntax::slug::name_slug);
            format!(" class=\"dd-node status-{status}\"")
        } else {
            String::new()
        };
        let rect = format!(
            " fill=\"{}\" stroke=\"#6b7280\"",
            colour(d.status.as_deref())
        );
        let text = " fill=\"#111827\"";
        let _ = writeln!(
            o,
            "{open}<g{group}><title>{} ({})</title><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{BOX_H}\" rx=\"6\"{rect}/><text x=\"{:.1}\" y=\"{:.1}\" dominant-baseline=\"middle\"{text}>{}</text></g>{close}",
            escape(&label),
            escape(&d.path),
            widths[i],
            x + PAD,
            y + BOX_H / 2.0,
            escape(&labels[i]),
        );
    }
    o.push_str("</g>\n</svg>\n");
    o
}

/// An edge's path from box `a` to box `b`: a curve between their sides,
/// or, when it skips layers, through its lanes (a curve into each lane, a
/// straight run along it). `from`/`to` are the points on `a`'s right and
/// `b`'s left side; `a_left`/`b_right` the other sides, for an edge drawn
/// against the layers (one that closed a cycle).
fn route(
    l: &Layout,
    a: usize,
    b: usize,
    from: (f64, f64),
    to: (f64, f64),
    a_left: (f64, f64),
    b_right: (f64, f64),
) -> String {
    let curve = |o: &mut String, (x1, y1): (f64, f64), (x2, y2): (f64, f64)| {
        let bend = ((x2 - x1).abs() / 2.0).max(20.0) * if x2 >= x1 { 1.0 } else { -1.0 };
        let _ = write!(
            o,
            " C{:.1},{y1:.1} {:.1},{y2:.1} {x2:.1},{y2:.1}",
            x1 + bend,
            x2 - bend
        );
    };
    let mut o = String::new();
    if let Some(lanes) = l.lanes.get(&(a, b)) {
        let _ = write!(o, "M{:.1},{:.1}", from.0, from.1);
        let mut at = from;
        for &(left, right, y) in lanes {
            curve(&mut o, at, (left, y));
            let _ = write!(o, " L{right:.1},{y:.1}");
            at = (right, y);
        }
        curve(&mut o, at, to);
    } else if let Some(lanes) = l.lanes.get(&(b, a)) {
        // Drawn against the layers: from `a`'s left side back to `b`'s right.
        let (start, end) = ((a_left.0, from.1), (b_right.0, to.1));
        let _ = write!(o, "M{:.1},{:.1}", start.0, start.1);
        let mut at = start;
        for &(left, right, y) in lanes.iter().rev() {
            curve(&mut o, at, (right, y));
            let _ = write!(o, " L{left:.1},{y:.1}");
            at = (left, y);
        }
        curve(&mut o, at, end);
    } else if a_left.0 > to.0 {
        // Against the layers, between neighbouring ones: from `a`'s left
        // side to `b`'s right, never across either box.
        let (start, end) = ((a_left.0, from.1), (b_right.0, to.1));
        let _ = write!(o, "M{:.1},{:.1}", start.0, start.1);
        curve(&mut o, start, end);
    } else {
        let _ = write!(o, "M{:.1},{:.1}", from.0, from.1);
        curve(&mut o, from, to);
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_follow_the_edges_and_a_cycle_is_broken() {
        // 0 → 1 → 2 → 0 (a cycle), 3 → 1, and 4 alone.
        let edges = [
            (0, 1, EdgeKind::DependsOn),
            (1, 2, EdgeKind::DependsOn),
            (2, 0, EdgeKind::DependsOn),
            (3, 1, EdgeKind::Links),
        ];
        let widths = [120.0, 300.0, 80.0, 200.0, 150.0];
        let l = layout(5, &edges, &widths);
        assert!(l.at[0].0 < l.at[1].0 && l.at[1].0 < l.at[2].0, "{:?}", l.at);
        // The doc without relations is below the layered part.
        let lowest = (0..4).map(|v| l.at[v].1).fold(0.0, f64::max);
        assert!(l.at[4].1 > lowest);
        // No two boxes overlap.
        for a in 0..5 {
            for b in a + 1..5 {
                let (p, q) = (l.at[a], l.at[b]);
                let apart_x = if p.0 <= q.0 {
                    q.0 - p.0 >= widths[a]
                } else {
                    p.0 - q.0 >= widths[b]
                };
                assert!(
                    apart_x || (p.1 - q.1).abs() >= BOX_H,
                    "{a} and {b} overlap: {:?}",
                    l.at
                );
            }
        }
    }

    /// An edge that skips a layer runs in a lane of its own there, never
    /// through the box in between.
    #[test]
    fn an_edge_that_skips_a_layer_runs_beside_the_boxes_it_passes() {
        let edges = [
            (0, 1, EdgeKind::DependsOn),
            (1, 2, EdgeKind::DependsOn),
            (0, 2, EdgeKind::Links),
            (3, 2, EdgeKind::Links),
        ];
        let l = layout(4, &edges, &[100.0; 4]);
        let lanes = &l.lanes[&(0, 2)];
        assert_eq!(lanes.len(), 1, "{:?}", l.lanes);
        let (left, right, y) = lanes[0];
        assert_eq!((left, right), (l.at[1].0, l.at[1].0 + 100.0));
        for v in [1, 3] {
            let (bx, by) = l.at[v];
            let crosses = bx < right && left < bx + 100.0 && by <= y && y <= by + BOX_H;
            assert!(
                !crosses,
                "the lane at y {y} runs through box {v}: {:?}",
                l.at
            );
        }
        let docs: Vec<DocInfo> = (0..4)
            .map(|i| DocInfo {
                title: format!("Doc {i}"),
                ..DocInfo::default()
            })
            .collect();
        let svg = svg_with(&docs, &edges, &Style::default());
        assert_eq!(svg.matches("marker-end=").count(), 4, "{svg}");
        // The edge from 0 to 2 runs along its lane.
        assert!(svg.contains(" L"), "{svg}");
    }

    #[test]
    fn a_long_chain_is_laid_out_without_deep_recursion() {
        let n = 200_000;
        let edges: Vec<_> = (0..n - 1).map(|i| (i, i + 1, EdgeKind::Links)).collect();
        let l = layout(n, &edges, &vec![100.0; n]);
        assert!(l.at[n - 1].0 > l.at[0].0);
    }
}
