//! `--format sarif`: SARIF 2.1.0, as accepted by GitHub code scanning.
//! Columns are Unicode code points (`columnKind: unicodeCodePoints`).

use serde_json::{Value, json};

use super::FileReport;
use crate::{RULES, Severity};

/// The SARIF results of one file (no source text kept), to collect
/// across batches and pass to [`sarif`].
pub fn sarif_results(r: &FileReport<'_>) -> Vec<Value> {
    let mut results = Vec::new();
    for l in r.located() {
        let d = l.diagnostic;
        let index = RULES
            .iter()
            .position(|x| x.code == d.rule.code)
            .unwrap_or(0);
        results.push(json!({
            "ruleId": d.rule.code,
            "ruleIndex": index,
            "level": level(d.severity),
            "message": { "text": d.message },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": { "uri": r.path },
                    "region": {
                        "startLine": l.start.line,
                        "startColumn": l.start.column,
                        "endLine": l.end.line,
                        "endColumn": l.end.column,
                    }
                }
            }],
        }));
    }
    results
}

/// The SARIF log for the results of every file.
pub fn sarif(results: Vec<Value>, version: &str) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary() },
                "fullDescription": { "text": r.documentation() },
                "helpUri": r.help_uri(),
                "defaultConfiguration": { "level": level(r.default_severity) },
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "designdoc",
                "version": version,
                "informationUri": "https://github.com/designdoc/designdoc",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&doc).expect("plain data serializes")
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}
