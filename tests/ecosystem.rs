//! The ecosystem check, as ruff runs over real projects: every corpus in
//! `../shared/corpora` (Swift Evolution, EIPs, Go proposals, four ADR
//! collections) is checked with its committed configuration
//! (`tests/ecosystem/<corpus>.toml`, the corpus's own template), and
//!
//! - every diagnostic (file, line, severity, rule, message) and the counts
//!   per rule are a snapshot, so any change in what real docs get is a
//!   reviewed snapshot diff;
//! - the hand-judged sample (`tests/ecosystem/judged.jsonl`, each finding
//!   judged true or false by reading the doc) holds: a judged-false
//!   finding does not come back as an error or warning (but for those
//!   flagged `open`: known, not fixed yet), a judged-true one stays;
//! - `init` with no flags picks the template the configuration names;
//! - `check --fix` on a copy adds no broken-anchor, broken-doc-link,
//!   duplicate-heading or unclosed-code-fence finding, leaves no more
//!   findings than it found, and changes no line that is not a heading or
//!   a checkbox; `--fix --unsafe-fixes` after it adds none of those
//!   findings either;
//! - a baseline made on a copy, then one doc given a new defect and
//!   another a fix: `check` reports exactly the new one and one fixed
//!   entry.
//!
//! Skipped, with a message, when `../shared/corpora` is absent.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

fn corpora() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    p.is_dir().then_some(p)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let (src, dst) = (e.path(), to.join(e.file_name()));
        let t = e.file_type().unwrap();
        if t.is_dir() {
            copy_dir(&src, &dst);
        } else if t.is_file() {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

struct Finding {
    path: String,
    line: u64,
    severity: String,
    rule: String,
    message: String,
}

fn check_json(dir: &Path) -> Vec<Finding> {
    let (out, err, _) = common::run(dir, &["check", "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    let mut all = Vec::new();
    for f in v["files"].as_array().unwrap() {
        for d in f["diagnostics"].as_array().unwrap() {
            all.push(Finding {
                path: f["path"].as_str().unwrap().to_string(),
                line: d["line"].as_u64().unwrap(),
                severity: d["severity"].as_str().unwrap().to_string(),
                rule: d["rule"].as_str().unwrap().to_string(),
                message: d["message"].as_str().unwrap().to_string(),
            });
        }
    }
    all
}

/// The first quoted name in a message: the section a missing-section
/// finding is about (its line moves when a neighbour is found).
fn quoted(message: &str) -> &str {
    message.split('\'').nth(1).unwrap_or("")
}

/// The keys a finding is matched on across runs.
fn keys(path: &str, rule: &str, line: u64, message: &str) -> Vec<String> {
    if matches!(rule, "missing-section" | "missing-front-matter") {
        vec![format!("{path}|{rule}|N{}", quoted(message))]
    } else {
        vec![format!("{path}|{rule}|L{line}")]
    }
}

#[test]
fn ecosystem() {
    let Some(corpora) = corpora() else {
        eprintln!("skipped: ../shared/corpora is absent");
        return;
    };
    let configs = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ecosystem");
    let judged: Vec<Value> = std::fs::read_to_string(configs.join("judged.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut names: Vec<String> = std::fs::read_dir(&configs)
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension()? == "toml").then(|| p.file_stem().unwrap().to_string_lossy().into())
        })
        .collect();
    names.sort();
    let mut failures = Vec::new();
    for name in names {
        let tmp = tempfile::tempdir().unwrap();

        // `init` with no flags picks the template the committed
        // configuration names: the corpus's own, or the built-in.
        let fresh = tmp.path().join("init");
        copy_dir(&corpora.join(&name), &fresh);
        common::run(&fresh, &["init"]);
        let template_of = |text: &str| -> String {
            let t: toml::Table = toml::from_str(text).unwrap();
            t["template"].as_str().unwrap_or("").to_string()
        };
        let written = std::fs::read_to_string(fresh.join("designdoc.toml")).unwrap_or_default();
        let committed = std::fs::read_to_string(configs.join(format!("{name}.toml"))).unwrap();
        if template_of(&written) != template_of(&committed) {
            failures.push(format!(
                "{name}: init chose template {:?}, not {:?}:\n{written}",
                template_of(&written),
                template_of(&committed)
            ));
        }

        let root = tmp.path().join(&name);
        copy_dir(&corpora.join(&name), &root);
        // The corpora are read-only; --fix below must be able to write.
        writable(&root);
        std::fs::copy(
            configs.join(format!("{name}.toml")),
            root.join("designdoc.toml"),
        )
        .unwrap();

        // Every diagnostic, and the counts per rule.
        let found = check_json(&root);
        let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        let mut snap = String::new();
        for f in &found {
            *counts.entry((&f.rule, &f.severity)).or_default() += 1;
        }
        for ((rule, sev), n) in &counts {
            snap.push_str(&format!("{n:6} {sev:7} {rule}\n"));
        }
        snap.push('\n');
        for f in &found {
            snap.push_str(&format!(
                "{}:{} {} {} {}\n",
                f.path, f.line, f.severity, f.rule, f.message
            ));
        }
        insta::assert_snapshot!(format!("ecosystem__{name}"), snap);

        // The judged sample.
        let any: HashSet<String> = found
            .iter()
            .flat_map(|f| keys(&f.path, &f.rule, f.line, &f.message))
            .collect();
        let loud: HashSet<String> = found
            .iter()
            .filter(|f| f.severity != "info")
            .flat_map(|f| keys(&f.path, &f.rule, f.line, &f.message))
            .collect();
        for j in judged.iter().filter(|j| j["corpus"] == name.as_str()) {
            let k = keys(
                j["path"].as_str().unwrap(),
                j["rule"].as_str().unwrap(),
                j["line"].as_u64().unwrap(),
                j["message"].as_str().unwrap(),
            );
            let (verdict, reason) = (j["verdict"].as_str().unwrap(), &j["reason"]);
            if verdict == "true" && !k.iter().any(|k| any.contains(k)) {
                failures.push(format!("{name}: judged true, now gone: {k:?} ({reason})"));
            }
            // `open`: a known false finding not fixed yet (a ratchet: when
            // it goes, the flag must go too).
            let open = j["open"].as_bool().unwrap_or(false);
            let reported = k.iter().any(|k| loud.contains(k));
            if verdict == "false" && reported && !open {
                failures.push(format!(
                    "{name}: judged false, still reported: {k:?} ({reason})"
                ));
            }
            if open && !reported {
                failures.push(format!("{name}: fixed, drop its `open` flag: {k:?}"));
            }
        }

        // Fixes: nothing broken, no content line changed.
        let before: BTreeMap<String, String> = found
            .iter()
            .map(|f| f.path.clone())
            .collect::<HashSet<_>>()
            .into_iter()
            .map(|p| {
                let text = std::fs::read_to_string(root.join(&p)).unwrap_or_default();
                (p, text)
            })
            .collect();
        let watched = [
            "broken-anchor",
            "broken-doc-link",
            "duplicate-heading",
            "unclosed-code-fence",
        ];
        let count = |fs: &[Finding]| {
            let mut m: BTreeMap<(String, String), usize> = BTreeMap::new();
            for f in fs.iter().filter(|f| watched.contains(&f.rule.as_str())) {
                *m.entry((f.path.clone(), f.rule.clone())).or_default() += 1;
            }
            m
        };
        let was = count(&found);
        let (_, err, _) = common::run(&root, &["check", "--fix"]);
        if err.contains("could not write") {
            failures.push(format!("{name}: --fix could not write: {err}"));
        }
        let after = check_json(&root);
        for (k, n) in count(&after) {
            if n > was.get(&k).copied().unwrap_or(0) {
                failures.push(format!("{name}: --fix added {} in {}", k.1, k.0));
            }
        }
        let mut changed = 0;
        for (path, old) in &before {
            let new = std::fs::read_to_string(root.join(path)).unwrap_or_default();
            changed += usize::from(&new != old);
            if let Some(line) = changed_content_line(old, &new) {
                failures.push(format!(
                    "{name}: --fix changed a content line of {path}: {line:?}"
                ));
            }
        }
        if after.len() > found.len() {
            failures.push(format!(
                "{name}: --fix left more findings ({}) than it found ({}) in {changed} changed docs",
                after.len(),
                found.len()
            ));
        }
        // The unsafe fixes may change what a doc says (a guessed anchor),
        // but they too must break no link, heading or fence.
        common::run(&root, &["check", "--fix", "--unsafe-fixes"]);
        let after = count(&check_json(&root));
        for (k, n) in after {
            if n > was.get(&k).copied().unwrap_or(0) {
                failures.push(format!(
                    "{name}: --fix --unsafe-fixes added {} in {}",
                    k.1, k.0
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A line of `old` that is not a heading or a checkbox and is not found,
/// in order, in `new` (fixes only insert sections and retitle headings,
/// and point the doc's own `(#anchor)` links at a retitled heading).
fn changed_content_line<'a>(old: &'a str, new: &str) -> Option<&'a str> {
    let skip = |l: &str| {
        let t = l.trim_start();
        t.starts_with('#') || t.starts_with("- [") || t.starts_with("* [")
    };
    // `(#anchor)` blanked: the same line, whatever anchor it links to.
    let blank = |l: &str| -> String {
        let mut out = String::new();
        let mut rest = l;
        while let Some(i) = rest.find("](#") {
            out.push_str(&rest[..i + 3]);
            rest = &rest[i + 3..];
            rest = &rest[rest.find(')').unwrap_or(rest.len())..];
        }
        out.push_str(rest);
        out
    };
    let mut rest = new.lines().filter(|l| !skip(l)).map(blank);
    old.lines()
        .filter(|l| !skip(l))
        .find(|l| !rest.any(|n| n == blank(l)))
}

/// Makes every file under `dir` writable (the corpora are read-only).
fn writable(dir: &Path) {
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            writable(&e.path());
        } else {
            let mut p = e.metadata().unwrap().permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            p.set_readonly(false);
            std::fs::set_permissions(e.path(), p).unwrap();
        }
    }
}

/// A team adopts designdoc on each corpus with a baseline, then edits two
/// docs: one gains a defect (and lines above its accepted findings), one
/// has a finding fixed. `check` reports exactly the new defect and one
/// fixed entry; `baseline --prune` drops that entry.
// design: 0009#NFR-1, 0009#FR-1
#[test]
fn a_baseline_on_each_corpus_reports_only_what_changed() {
    let Some(corpora) = corpora() else {
        eprintln!("skipped: ../shared/corpora is absent");
        return;
    };
    let configs = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ecosystem");
    let mut names: Vec<String> = std::fs::read_dir(&configs)
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension()? == "toml").then(|| p.file_stem().unwrap().to_string_lossy().into())
        })
        .collect();
    names.sort();
    let mut ran = 0;
    for name in names {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join(&name);
        copy_dir(&corpora.join(&name), &root);
        writable(&root);
        std::fs::copy(
            configs.join(format!("{name}.toml")),
            root.join("designdoc.toml"),
        )
        .unwrap();
        let before = check_json(&root);
        let (out, err, code) = common::run(&root, &["baseline"]);
        assert_eq!(code, 0, "{name}: {out}{err}");
        assert!(
            check_json(&root).is_empty(),
            "{name}: the baseline accepts every finding"
        );

        // B: the first doc with exactly one finding of a rule, fixable
        // with --fix.
        let mut by_doc: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
        for f in &before {
            by_doc.entry(f.path.as_str()).or_default().push(f);
        }
        let (out, _, _) = common::run(&root, &["check", "--no-baseline", "--format", "json"]);
        let v: Value = serde_json::from_str(&out).unwrap();
        let fixable: HashSet<(String, u64, String)> = v["files"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|f| {
                f["diagnostics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|d| d["fixable"] == true)
                    .map(move |d| {
                        (
                            f["path"].as_str().unwrap().to_string(),
                            d["line"].as_u64().unwrap(),
                            d["rule"].as_str().unwrap().to_string(),
                        )
                    })
            })
            .collect();
        let Some((b, fixed)) = by_doc.iter().find_map(|(path, fs)| {
            fs.iter().find_map(|f| {
                let alone = fs.iter().filter(|g| g.rule == f.rule).count() == 1;
                (alone && fixable.contains(&(path.to_string(), f.line, f.rule.clone())))
                    .then(|| (path.to_string(), *f))
            })
        }) else {
            eprintln!("{name}: no doc with one fixable finding; skipped");
            continue;
        };
        // A: another doc with findings; a comment goes in after its first
        // heading (every accepted finding below moves down) and a
        // placeholder at its end.
        let a = by_doc
            .keys()
            .find(|p| **p != b.as_str())
            .expect("a second doc with findings")
            .to_string();
        let text = std::fs::read_to_string(root.join(&a)).unwrap();
        let heading_end = text
            .match_indices('\n')
            .map(|(i, _)| i)
            .find(|&i| {
                let start = text[..i].rfind('\n').map_or(0, |s| s + 1);
                text[start..i].starts_with('#')
            })
            .expect("a heading");
        let edited = format!(
            "{}\n\n<!-- Reviewed: the lines below move down. -->\n{}\n\nTBD\n",
            &text[..heading_end],
            text[heading_end..].trim_end()
        );
        std::fs::write(root.join(&a), edited).unwrap();
        let (_, err, code) = common::run(&root, &["check", "--fix", "--select", &fixed.rule, &b]);
        assert!(code <= 1, "{name}: {err}");

        let (out, err, _) = common::run(&root, &["check", "--format", "concise"]);
        let new: Vec<&str> = out.lines().filter(|l| l.contains(": DD")).collect();
        assert_eq!(
            new.len(),
            1,
            "{name}: only the new defect is reported:\n{out}{err}"
        );
        assert!(
            new[0].starts_with(&format!("{a}:")) && new[0].contains("placeholder-text"),
            "{name}: {out}"
        );
        assert!(
            out.contains("1 entry of the baseline no longer found"),
            "{name}: the fixed finding in {b} ({}) is a gone entry:\n{out}",
            fixed.message
        );
        let (out, _, code) = common::run(&root, &["baseline", "--prune"]);
        assert_eq!(code, 0, "{name}");
        assert!(out.contains("1 entry dropped"), "{name}: {out}");
        let (out, _, _) = common::run(&root, &["check", "--format", "concise"]);
        assert!(!out.contains("no longer found"), "{name}: {out}");
        ran += 1;
    }
    assert!(ran >= 3, "only {ran} corpora had a doc to edit");
}
