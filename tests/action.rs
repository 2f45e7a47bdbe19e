//! action.yml, the composite GitHub Action: its shape, and its scripts run
//! as the runner would run them (inputs and step outputs substituted, each
//! `run:` in bash with GITHUB_OUTPUT and GITHUB_PATH files) against a
//! fixture repository. The `uses:` steps (actions/cache, the SARIF upload)
//! are GitHub's own; the cache is modelled as a hit, the upload's input
//! file is checked.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use common::{COMPLETE, write};
use saphyr::{LoadableYamlNode, Yaml};

fn action() -> Yaml<'static> {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml")).unwrap();
    let text: &'static str = Box::leak(text.into_boxed_str());
    Yaml::load_from_str(text).unwrap().remove(0)
}

fn str_of<'a>(y: Option<&'a Yaml<'a>>) -> &'a str {
    y.and_then(|y| y.as_str()).unwrap_or("")
}

/// `y[key]`, none when missing (saphyr's indexing panics).
fn get<'a>(y: &'a Yaml<'a>, key: &str) -> Option<&'a Yaml<'a>> {
    y.as_mapping()?
        .iter()
        .find(|(k, _)| k.as_str() == Some(key))
        .map(|(_, v)| v)
}

/// A path of keys.
fn at<'a>(y: &'a Yaml<'a>, path: &[&str]) -> Option<&'a Yaml<'a>> {
    path.iter().try_fold(y, |y, k| get(y, k))
}

/// `${{ inputs.x }}` and `${{ steps.id.outputs.y }}`, the only expressions
/// the scripts' environment uses; any other fails the test, so the model
/// cannot silently drift from the action.
fn eval(
    value: &str,
    inputs: &BTreeMap<String, String>,
    outputs: &BTreeMap<String, String>,
) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(i) = rest.find("${{") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find("}}").unwrap() + i;
        let expr = rest[i + 3..end].trim();
        if let Some(name) = expr.strip_prefix("inputs.") {
            out.push_str(&inputs[name]);
        } else if let Some(path) = expr.strip_prefix("steps.") {
            let (id, name) = path.split_once(".outputs.").unwrap();
            out.push_str(
                outputs
                    .get(&format!("{id}.{name}"))
                    .map_or("", String::as_str),
            );
        } else {
            panic!("an expression the test does not model: {expr}");
        }
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

/// Runs every `run:` step in order as the runner does; returns each
/// step's (name, exit code, output).
fn run_action(repo: &Path, given: &[(&str, &str)]) -> Vec<(String, i32, String)> {
    let action = action();
    let mut inputs = BTreeMap::new();
    for (name, spec) in get(&action, "inputs").unwrap().as_mapping().unwrap() {
        inputs.insert(
            str_of(Some(name)).to_string(),
            str_of(get(spec, "default")).to_string(),
        );
    }
    for (k, v) in given {
        inputs.insert(k.to_string(), v.to_string());
    }
    // The cache hit: designdoc where the install step looks for it.
    let home = tempfile::tempdir().unwrap();
    let bin = home.path().join(".designdoc-action/bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(
        assert_cmd::cargo::cargo_bin("designdoc"),
        bin.join("designdoc"),
    )
    .unwrap();
    let files = tempfile::tempdir().unwrap();
    let (gh_output, gh_path) = (files.path().join("output"), files.path().join("path"));
    let mut outputs: BTreeMap<String, String> = BTreeMap::new();
    let mut results = Vec::new();
    for step in at(&action, &["runs", "steps"]).unwrap().as_vec().unwrap() {
        let Some(script) = get(step, "run").and_then(|r| r.as_str()) else {
            continue;
        };
        std::fs::write(&gh_output, "").unwrap();
        let extra_path = std::fs::read_to_string(&gh_path).unwrap_or_default();
        let mut path: Vec<String> = extra_path.lines().rev().map(str::to_string).collect();
        path.push(std::env::var("PATH").unwrap_or_default());
        let wd = get(step, "working-directory")
            .and_then(|w| w.as_str())
            .map_or(".".to_string(), |w| eval(w, &inputs, &outputs));
        let mut cmd = Command::new("bash");
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .current_dir(repo.join(wd))
            .env("HOME", home.path())
            .env("PATH", path.join(":"))
            .env("GITHUB_ACTION_PATH", env!("CARGO_MANIFEST_DIR"))
            .env("GITHUB_OUTPUT", &gh_output)
            .env("GITHUB_PATH", &gh_path)
            .env("NO_COLOR", "1");
        if let Some(env) = get(step, "env").and_then(|e| e.as_mapping()) {
            for (k, v) in env {
                cmd.env(str_of(Some(k)), eval(str_of(Some(v)), &inputs, &outputs));
            }
        }
        let out = cmd.output().unwrap();
        let id = str_of(get(step, "id")).to_string();
        for line in std::fs::read_to_string(&gh_output).unwrap().lines() {
            if let Some((k, v)) = line.split_once('=') {
                outputs.insert(format!("{id}.{k}"), v.to_string());
            }
        }
        results.push((
            str_of(get(step, "name")).to_string(),
            out.status.code().unwrap_or(-1),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        ));
    }
    results
}

#[test]
fn the_action_is_composite_and_its_scripts_take_no_expressions() {
    let action = action();
    assert_eq!(str_of(at(&action, &["runs", "using"])), "composite");
    for input in ["args", "working-directory", "sarif", "sarif-file"] {
        assert!(at(&action, &["inputs", input]).is_some(), "input {input}");
    }
    let steps = at(&action, &["runs", "steps"]).unwrap().as_vec().unwrap();
    let uses: Vec<&str> = steps
        .iter()
        .filter_map(|s| get(s, "uses")?.as_str())
        .collect();
    assert!(
        uses.iter()
            .any(|u| u.starts_with("github/codeql-action/upload-sarif@")),
        "{uses:?}"
    );
    for s in steps {
        if let Some(script) = get(s, "run").and_then(|r| r.as_str()) {
            // Inputs reach scripts as environment variables only, so a
            // crafted input cannot inject shell code.
            assert!(!script.contains("${{"), "{script}");
            assert_eq!(str_of(get(s, "shell")), "bash");
        }
    }
}

#[test]
fn the_action_annotates_writes_sarif_and_fails_on_errors() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "designdoc.toml",
        "paths = [\"docs/design/**/*.md\"]\n",
    );
    let start = COMPLETE.find("## Testing").unwrap();
    let end = COMPLETE.find("## Monitoring").unwrap();
    write(
        root,
        "docs/design/0001-designdoc.md",
        format!("{}{}", &COMPLETE[..start], &COMPLETE[end..]),
    );
    let steps = run_action(root, &[]);
    let names: Vec<&str> = steps.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(names, ["Install designdoc", "designdoc check", "Result"]);
    let (_, code, out) = &steps[1];
    assert_eq!(
        *code, 0,
        "the step records the exit code, then the last step fails: {out}"
    );
    assert!(
        out.contains("::error file=docs/design/0001-designdoc.md,line=")
            && out.contains("missing-section"),
        "{out}"
    );
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("designdoc.sarif")).unwrap())
            .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(
        sarif["runs"][0]["results"]
            .as_array()
            .is_some_and(|r| !r.is_empty()),
        "{sarif}"
    );
    assert_eq!(steps[2].1, 1, "{:?}", steps[2]);

    // A complete doc: every step passes.
    write(root, "docs/design/0001-designdoc.md", COMPLETE);
    let steps = run_action(root, &[]);
    assert!(steps.iter().all(|s| s.1 == 0), "{steps:?}");

    // Inputs: a working directory and arguments, passed as words.
    write(root, "sub/designdoc.toml", "paths = [\"rfcs/*.md\"]\n");
    write(root, "sub/rfcs/0001-x.md", "# X\n");
    let steps = run_action(
        root,
        &[
            ("working-directory", "sub"),
            ("args", "rfcs --template rfc"),
        ],
    );
    assert!(steps[1].2.contains("file=rfcs/0001-x.md"), "{:?}", steps[1]);
    assert_eq!(steps[2].1, 1);
    assert!(root.join("sub/designdoc.sarif").is_file());
}

/// The workflow README.md gives to copy uses this action with the
/// permission the SARIF upload needs.
#[test]
fn the_readme_workflow_uses_the_action() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find("```yaml\n# .github/workflows/design-docs.yml")
        .expect("the workflow in README.md")
        + "```yaml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let wf = Yaml::load_from_str(&readme[start..end]).unwrap().remove(0);
    assert_eq!(
        str_of(at(&wf, &["permissions", "security-events"])),
        "write"
    );
    let steps = at(&wf, &["jobs", "designdoc", "steps"])
        .unwrap()
        .as_vec()
        .unwrap();
    assert!(
        steps
            .iter()
            .any(|s| str_of(get(s, "uses")).starts_with("designdoc/designdoc@"))
    );
    assert!(
        steps
            .iter()
            .any(|s| str_of(get(s, "uses")).starts_with("actions/checkout@"))
    );
}
