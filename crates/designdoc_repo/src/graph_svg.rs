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

const BOX_W: f64 = 260.0;
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
}

fn layout(n: usize, edges: &[(usize, usize, EdgeKind)]) -> Layout {
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
    // 3. Barycentre ordering: each doc's key is the mean position of its
    // neighbours in the layers already ordered in this sweep.
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (a, targets) in dag.iter().enumerate() {
        for &b in targets {
            preds[b].push(a);
        }
    }
    let mut pos = vec![0f64; n];
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
    // Coordinates: layers left to right, each centred on the tallest.
    let tallest = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut at = vec![(0.0, 0.0); n];
    for (l, row) in rows.iter().enumerate() {
        let offset = (tallest - row.len()) as f64 * (BOX_H + GAP_Y) / 2.0;
        for (i, &v) in row.iter().enumerate() {
            at[v] = (
                MARGIN + l as f64 * (BOX_W + GAP_X),
                MARGIN + offset + i as f64 * (BOX_H + GAP_Y),
            );
        }
    }
    let mut width =
        MARGIN * 2.0 + layers as f64 * (BOX_W + GAP_X) - GAP_X.min(layers as f64 * GAP_X);
    let mut height = MARGIN + tallest as f64 * (BOX_H + GAP_Y);
    // 4. The docs without relations, in a grid below.
    let alone: Vec<usize> = (0..n).filter(|&v| !related[v]).collect();
    if !alone.is_empty() {
        let top = height + if tallest > 0 { 2.0 * GAP_Y } else { 0.0 };
        for (i, &v) in alone.iter().enumerate() {
            at[v] = (
                MARGIN + (i % GRID_COLUMNS) as f64 * (BOX_W + GRID_GAP),
                top + (i / GRID_COLUMNS) as f64 * (BOX_H + GAP_Y),
            );
        }
        let columns = alone.len().min(GRID_COLUMNS);
        width = width.max(MARGIN * 2.0 + columns as f64 * (BOX_W + GRID_GAP));
        height = top + alone.len().div_ceil(GRID_COLUMNS) as f64 * (BOX_H + GAP_Y);
    }
    Layout {
        at,
        width: width.max(MARGIN * 2.0),
        height: height + MARGIN,
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

/// The graph as a standalone SVG document.
pub fn svg(docs: &[DocInfo], edges: &[(usize, usize, EdgeKind)]) -> String {
    let l = layout(docs.len(), edges);
    let mut o = String::with_capacity(256 + docs.len() * 400 + edges.len() * 200);
    let _ = write!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.0} {h:.0}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n",
        w = l.width,
        h = l.height
    );
    // One arrowhead per edge colour (SVG 1.1: no `context-stroke`).
    o.push_str("<defs>");
    for (id, fill) in [("s", "#374151"), ("d", "#2563eb"), ("l", "#9ca3af")] {
        let _ = write!(
            o,
            "<marker id=\"arrow-{id}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{fill}\"/></marker>"
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
        let (x1, y1) = (ax + BOX_W, ay + BOX_H / 2.0);
        let (x2, y2) = (bx, by + BOX_H / 2.0);
        let bend = ((x2 - x1).abs() / 2.0).max(40.0);
        let (stroke, dash, arrow) = match kind {
            EdgeKind::Supersedes => ("#374151", "", "s"),
            EdgeKind::DependsOn => ("#2563eb", "", "d"),
            EdgeKind::Links => ("#9ca3af", " stroke-dasharray=\"5 4\"", "l"),
        };
        let _ = writeln!(
            o,
            "<path d=\"M{x1:.1},{y1:.1} C{:.1},{y1:.1} {:.1},{y2:.1} {x2:.1},{y2:.1}\" stroke=\"{stroke}\"{dash} marker-end=\"url(#arrow-{arrow})\"><title>{} {} {}</title></path>",
            x1 + bend,
            x2 - bend,
            escape(&node_label(&docs[a])),
            kind.label(),
            escape(&node_label(&docs[b])),
        );
    }
    o.push_str("</g>\n<g>\n");
    for (d, &(x, y)) in docs.iter().zip(&l.at) {
        let label = node_label(d);
        let _ = writeln!(
            o,
            "<g><title>{} ({})</title><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"6\" fill=\"{}\" stroke=\"#6b7280\"/><text x=\"{:.1}\" y=\"{:.1}\" dominant-baseline=\"middle\" fill=\"#111827\">{}</text></g>",
            escape(&label),
            escape(&d.path),
            colour(d.status.as_deref()),
            x + 8.0,
            y + BOX_H / 2.0,
            escape(&shorten(&label)),
        );
    }
    o.push_str("</g>\n</svg>\n");
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
        let l = layout(5, &edges);
        assert!(l.at[0].0 < l.at[1].0 && l.at[1].0 < l.at[2].0, "{:?}", l.at);
        // The doc without relations is below the layered part.
        let lowest = (0..4).map(|v| l.at[v].1).fold(0.0, f64::max);
        assert!(l.at[4].1 > lowest);
        // No two boxes overlap.
        for a in 0..5 {
            for b in a + 1..5 {
                let (p, q) = (l.at[a], l.at[b]);
                assert!(
                    (p.0 - q.0).abs() >= BOX_W || (p.1 - q.1).abs() >= BOX_H,
                    "{a} and {b} overlap: {:?}",
                    l.at
                );
            }
        }
    }

    #[test]
    fn a_long_chain_is_laid_out_without_deep_recursion() {
        let n = 200_000;
        let edges: Vec<_> = (0..n - 1).map(|i| (i, i + 1, EdgeKind::Links)).collect();
        let l = layout(n, &edges);
        assert!(l.at[n - 1].0 > l.at[0].0);
    }
}
