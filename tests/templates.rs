//! `template list|show|derive|diff`, `migrate`, and how a doc's template
//! is chosen, through the real binary.

mod common;

use std::path::Path;

use common::{run, write};
use serde_json::Value;

/// Per file: the rules raised.
fn check_rules(dir: &Path, args: &[&str]) -> Vec<(String, Vec<String>)> {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let (out, err, _) = run(dir, &all);
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["diagnostics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| d["rule"].as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

const TEAM_TEMPLATE: &str = "# Proposal: [Name]\n\n## Problem\n<!-- What is broken? -->\n\n## Plan\n<!-- What we will do. -->\n\n## Risks (optional)\n";

const ADR_DOC: &str = "# Use Redis for sessions\n\n## Context and Problem Statement\n\nDeploys log every user out.\n\n## Considered Options\n\n- Redis\n- Sticky sessions\n\n## Decision Outcome\n\nChosen option: Redis, because sessions survive deploys.\n\n### Consequences\n\nGood, because deploys no longer log users out.\n";

#[test]
fn list_shows_builtins_and_project_templates() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "templates/team.md", TEAM_TEMPLATE);
    write(
        t.path(),
        "designdoc.toml",
        "[templates]\nteam = \"templates/team.md\"\n[path-templates]\n\"docs/adr/**\" = \"adr\"\n",
    );
    let (out, _, code) = run(t.path(), &["template", "list"]);
    assert_eq!(code, 0);
    for name in [
        "design-doc",
        "rfc",
        "adr",
        "nygard",
        "google",
        "team",
        "docs/adr/** = adr",
    ] {
        assert!(out.contains(name), "{name} not in\n{out}");
    }
}

#[test]
fn show_prints_a_schema_file_that_reads_back() {
    let t = tempfile::tempdir().unwrap();
    let (out, _, code) = run(t.path(), &["template", "show", "rfc"]);
    assert_eq!(code, 0);
    assert!(out.contains("title = \"Guide-level explanation\""), "{out}");
    write(t.path(), "rfc.schema.toml", &out);
    // The printed schema, used as a template file, judges like the built-in.
    write(t.path(), "doc.md", "# Summary\n\nShort.\n");
    let a = check_rules(t.path(), &["--template", "rfc", "doc.md"]);
    let b = check_rules(t.path(), &["--template", "rfc.schema.toml", "doc.md"]);
    assert_eq!(a, b);
    let (out, _, _) = run(
        t.path(),
        &["template", "show", "--template", "adr", "--format", "json"],
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["name"], "adr");
    let (_, err, code) = run(t.path(), &["template", "show", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown template \"nope\""), "{err}");
}

#[test]
fn derive_writes_a_schema_and_never_overwrites_edits() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "templates/team-template.md", TEAM_TEMPLATE);
    let (out, err, code) = run(
        t.path(),
        &["template", "derive", "templates/team-template.md"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("3 sections (2 required)"), "{out}");
    let path = t.path().join("templates/team.schema.toml");
    let derived = std::fs::read_to_string(&path).unwrap();
    assert!(
        derived.contains("template = \"team-template.md\""),
        "{derived}"
    );
    assert!(
        derived.contains("title = \"Risks\"\nlevel = 2\nrequired = false"),
        "{derived}"
    );
    // Deriving again: up to date.
    let (out, _, code) = run(
        t.path(),
        &["template", "derive", "templates/team-template.md"],
    );
    assert_eq!(code, 0);
    assert!(out.contains("up to date"), "{out}");
    // A hand edit: derive refuses and says how to merge.
    let edited = derived.replace("min-words = 0", "min-words = 30");
    std::fs::write(&path, &edited).unwrap();
    let (_, err, code) = run(
        t.path(),
        &["template", "derive", "templates/team-template.md"],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("nothing was written") && err.contains("--stdout | diff"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
    // The edited schema is what check uses: a two-word Problem is too short.
    write(
        t.path(),
        "docs/design/0001-x.md",
        "# Proposal: Faster builds\n\n## Problem\n\nSlow builds.\n\n## Plan\n\nCache them.\n",
    );
    let rules = check_rules(
        t.path(),
        &["--template", "templates/team.schema.toml", "docs/design"],
    );
    assert_eq!(rules[0].1, ["section-too-short", "section-too-short"]);
    // --force overwrites.
    let (_, _, code) = run(
        t.path(),
        &[
            "template",
            "derive",
            "templates/team-template.md",
            "--force",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), derived);
}

#[test]
fn a_docs_template_comes_from_front_matter_then_path_then_default() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "templates/team.md", TEAM_TEMPLATE);
    write(
        t.path(),
        "designdoc.toml",
        "paths = [\"docs/**/*.md\"]\n[templates]\nteam = \"templates/team.md\"\n[path-templates]\n\"docs/adr/**\" = \"adr\"\n",
    );
    write(t.path(), "docs/adr/0001-redis.md", ADR_DOC);
    let team_doc = "---\ntemplate: team\n---\n# Proposal: Faster builds\n\n## Problem\n\nSlow builds.\n\n## Plan\n\nCache them.\n";
    write(t.path(), "docs/design/0001-builds.md", team_doc);
    write(
        t.path(),
        "docs/design/0002-unknown.md",
        "---\ntemplate: kep\n---\n# Something\n",
    );
    let by_file = check_rules(t.path(), &[]);
    let get = |p: &str| &by_file.iter().find(|(f, _)| f.ends_with(p)).unwrap().1;
    assert!(
        get("0001-redis.md").is_empty(),
        "{:?}",
        get("0001-redis.md")
    );
    assert!(
        get("0001-builds.md").is_empty(),
        "{:?}",
        get("0001-builds.md")
    );
    assert_eq!(get("0002-unknown.md"), &["unknown-template"]);
    // The message names the line and the known templates.
    let (out, _, code) = run(t.path(), &["check", "docs/design/0002-unknown.md"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("0002-unknown.md:2:11") && out.contains("unknown template \"kep\""),
        "{out}"
    );
    assert!(
        out.contains("design-doc, rfc, adr, nygard, google, team"),
        "{out}"
    );
    // Front matter that is not YAML cannot name a template: said, with
    // the line.
    write(
        t.path(),
        "docs/design/0003-bad-yaml.md",
        "---\ntemplate: [team\n---\n# Proposal: X\n",
    );
    let (out, _, _) = run(t.path(), &["check", "docs/design/0003-bad-yaml.md"]);
    assert!(
        out.contains("unknown-template") && out.contains("not valid YAML"),
        "{out}"
    );
    std::fs::remove_file(t.path().join("docs/design/0003-bad-yaml.md")).unwrap();
    // --template overrides both.
    let forced = check_rules(t.path(), &["--template", "design-doc", "docs/adr"]);
    assert!(forced[0].1.contains(&"missing-section".to_string()));
}

#[test]
fn bad_config_templates_fail_with_the_line() {
    let t = tempfile::tempdir().unwrap();
    write(
        t.path(),
        "designdoc.toml",
        "[path-templates]\n\"docs/adr/**\" = \"madr\"\n",
    );
    let (_, err, code) = run(t.path(), &["check"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("designdoc.toml:2:") && err.contains("unknown template \"madr\""),
        "{err}"
    );
    write(
        t.path(),
        "designdoc.toml",
        "template = \"templates/missing.schema.toml\"\n",
    );
    let (_, err, code) = run(t.path(), &["check"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("missing.schema.toml: cannot read template"),
        "{err}"
    );
    std::fs::remove_file(t.path().join("designdoc.toml")).unwrap();
    write(
        t.path(),
        "bad.schema.toml",
        "version = 1\nname = \"x\"\n[[section]]\ntitle = \"A\"\nlevel = 2\nparent = \"Nope\"\n",
    );
    let (_, err, code) = run(t.path(), &["check", "--template", "bad.schema.toml"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.schema.toml:6:10") && err.contains("parent \"Nope\""),
        "{err}"
    );
}

#[test]
fn new_with_a_template_records_it() {
    let t = tempfile::tempdir().unwrap();
    let (out, err, code) = run(t.path(), &["new", "Adopt gRPC", "--template", "adr"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("docs/design/0001-adopt-grpc.md"), "{out}");
    let text = std::fs::read_to_string(t.path().join("docs/design/0001-adopt-grpc.md")).unwrap();
    assert!(
        text.contains("template: \"adr\"") && text.contains("# Adopt gRPC\n"),
        "{text}"
    );
    assert!(text.contains("## Considered Options"), "{text}");
    // check picks the ADR template from the front matter: only unfinished.
    for r in &check_rules(t.path(), &[])[0].1 {
        assert!(r == "empty-section" || r == "placeholder-text", "{r}");
    }
}

#[test]
fn diff_and_migrate() {
    let t = tempfile::tempdir().unwrap();
    write(
        t.path(),
        "old.md",
        "# Proposal: [Name]\n\n## Problem\n\n## Plan\n\n## Drawbacks\n",
    );
    write(
        t.path(),
        "new.schema.toml",
        "version = 1\nname = \"new\"\n[document]\ntitle = { level = 1, prefix = \"Proposal:\", placeholder = \"[Name]\" }\n\
         [[section]]\ntitle = \"Problem Statement\"\nlevel = 2\n\
         [[section]]\ntitle = \"Plan\"\nlevel = 2\n\
         [[section]]\ntitle = \"Risks\"\nlevel = 2\naliases = [\"Drawbacks\"]\n\
         [[section]]\ntitle = \"Rollout\"\nlevel = 2\nguidance = [\"How it ships.\"]\n",
    );
    let (out, err, code) = run(t.path(), &["template", "diff", "old.md", "new.schema.toml"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("~ renamed  'Problem' -> 'Problem Statement'"),
        "{out}"
    );
    assert!(out.contains("~ renamed  'Drawbacks' -> 'Risks'"), "{out}");
    assert!(out.contains("+ added    'Rollout'"), "{out}");
    let (out, _, _) = run(
        t.path(),
        &[
            "template",
            "diff",
            "old.md",
            "new.schema.toml",
            "--format",
            "json",
        ],
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 3, "{v}");

    write(
        t.path(),
        "designdoc.toml",
        "template = \"old.md\"\npaths = [\"docs/*.md\"]\n",
    );
    let doc = "---\ntemplate: old.md\n---\n# Proposal: Cache\n\n## Problem\n\nSlow.\n\n## Plan\n\nCache.\n\n## Drawbacks\n\nStale data.\n";
    write(
        t.path(),
        "docs/a.md",
        &doc.replace("template: old.md", "status: draft"),
    );
    // --diff writes nothing and exits 1.
    let (out, _, code) = run(t.path(), &["migrate", "--to", "new.schema.toml", "--diff"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("+## Problem Statement") && out.contains("+## Rollout"),
        "{out}"
    );
    assert!(
        std::fs::read_to_string(t.path().join("docs/a.md"))
            .unwrap()
            .contains("## Problem\n")
    );
    let (_, err, code) = run(t.path(), &["migrate", "--to", "new.schema.toml"]);
    assert_eq!(code, 0, "{err}");
    let migrated = std::fs::read_to_string(t.path().join("docs/a.md")).unwrap();
    assert!(
        migrated.contains("## Problem Statement\n\nSlow.")
            && migrated.contains("## Risks\n\nStale data.")
            && migrated.contains("## Rollout\n\n<!-- How it ships. -->"),
        "{migrated}"
    );
    // Idempotent.
    let (_, err, code) = run(t.path(), &["migrate", "--to", "new.schema.toml"]);
    assert_eq!(code, 0);
    assert!(err.contains("0 file(s) migrated"), "{err}");
    assert_eq!(
        std::fs::read_to_string(t.path().join("docs/a.md")).unwrap(),
        migrated
    );
    // The migrated doc passes the new template but for the empty section.
    let rules = check_rules(t.path(), &["--template", "new.schema.toml"]);
    assert_eq!(rules[0].1, ["empty-section"]);
}
