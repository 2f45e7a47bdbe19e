use crate::Diagnostic;
use crate::diagnostic::declare_rule;
use crate::repo::RepoSet;

declare_rule! {
    /// ## What it checks
    /// A cycle through `supersedes` or through `depends-on`: a doc that,
    /// following the chain, supersedes or depends on itself. Reported once
    /// per cycle, on its first doc, naming the whole cycle.
    ///
    /// ## Why it matters
    /// A supersede chain must end at the doc in force; a dependency cycle
    /// means no doc can be accepted first.
    ///
    /// ## Example
    /// `0004` depends on `0009`, and `0009` depends on `0004`.
    code: "DD604",
    name: "dependency-cycle",
    severity: Error,
    fix: None,
    kind: Repository(check_repo),
}

pub(crate) fn check_repo(
    set: &RepoSet<'_>,
    _exists: &dyn Fn(&std::path::Path) -> bool,
    out: &mut Vec<(usize, Diagnostic)>,
) {
    let n = set.docs.len();
    for (key, edges_of) in [("supersedes", 0usize), ("depends-on", 1usize)] {
        let edges: Vec<Vec<(usize, std::ops::Range<usize>)>> = (0..n)
            .map(|i| {
                let refs = if edges_of == 0 {
                    &set.docs[i].supersedes
                } else {
                    &set.docs[i].depends_on
                };
                refs.iter()
                    .filter_map(|(r, span)| set.resolve(i, r).map(|j| (j, span.clone())))
                    .collect()
            })
            .collect();
        // Iterative depth-first search; 0 new, 1 on the stack, 2 done.
        let mut state = vec![0u8; n];
        for start in 0..n {
            if state[start] != 0 {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            state[start] = 1;
            while let Some(&mut (v, ref mut next)) = stack.last_mut() {
                if *next < edges[v].len() {
                    let (w, _) = edges[v][*next].clone();
                    *next += 1;
                    match state[w] {
                        0 => {
                            state[w] = 1;
                            stack.push((w, 0));
                        }
                        1 => {
                            // A cycle: from w on the stack to v, back to w.
                            let at = stack.iter().position(|&(x, _)| x == w).unwrap_or(0);
                            let cycle: Vec<usize> = stack[at..].iter().map(|&(x, _)| x).collect();
                            let first = *cycle.iter().min().unwrap_or(&w);
                            let pos = cycle.iter().position(|&x| x == first).unwrap_or(0);
                            let mut names: Vec<String> = cycle[pos..]
                                .iter()
                                .chain(&cycle[..pos])
                                .map(|&x| set.label(x))
                                .collect();
                            names.push(set.label(first));
                            let span = edges[first]
                                .iter()
                                .find(|(t, _)| cycle.contains(t))
                                .map_or(0..0, |(_, s)| s.clone());
                            out.push((
                                first,
                                Diagnostic::new(
                                    &RULE,
                                    span,
                                    format!("{key} cycle: {}", names.join(" -> ")),
                                ),
                            ));
                        }
                        _ => {}
                    }
                } else {
                    state[v] = 2;
                    stack.pop();
                }
            }
        }
    }
}
