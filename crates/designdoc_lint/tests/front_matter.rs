//! Front matter that is not YAML is reported once, by invalid-front-matter,
//! whichever rules read front matter.

use designdoc_lint::{Settings, check};
use designdoc_schema::Schema;
use designdoc_syntax::parse;

#[test]
fn broken_yaml_is_reported_once() {
    let schema = Schema::from_toml(
        "version = 1\nname = \"t\"\n[document]\nrequired-front-matter = [\"owner\"]\n[[section]]\ntitle = \"A\"\nlevel = 2\n",
        |_| Err("none".into()),
    )
    .unwrap();
    let doc = parse("---\nowner: [unclosed\n---\n## A\n\nText.\n");
    let rules: Vec<&str> = check(&doc, &schema, &Settings::default())
        .iter()
        .map(|d| d.rule.name)
        .collect();
    assert_eq!(rules, ["invalid-front-matter"]);
}
