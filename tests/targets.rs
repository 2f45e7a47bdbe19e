//! `designdoc targets` end to end: a fixture project whose design doc
//! states performance targets bound to benchmarks, a real criterion
//! benchmark, a real hyperfine run and (where installed) a real
//! pytest-benchmark run; their output feeds `targets` and `check`.

mod common;

use std::path::Path;
use std::process::Command;

use common::{COMPLETE, found, run, write};
use serde_json::Value;

/// The targets section: (line text, the verdict it must get).
const TARGETS: &[(&str, &str)] = &[
    (
        "- Target performance: p99 acquire ≤ 1 ms (bench: limiter/acquire)",
        "met",
    ),
    (
        "- Target performance: mean acquire ≤ 0.001 ns (bench: limiter/acquire)",
        "missed",
    ),
    (
        "- Target performance: throughput at least 1k ops/s (bench: acquire)",
        "met",
    ),
    ("- Target performance: median nap ≤ 2 s (bench: nap)", "met"),
    (
        "- Target performance: p90 nap ≤ 1 ms (bench: nap)",
        "missed",
    ),
    (
        "- Target performance: p99 reload ≤ 5 ms (bench: reload)",
        "unmeasured",
    ),
    ("- Target performance: startup under 1 s", "unmeasured"),
];

fn doc(pytest: bool) -> String {
    let start = COMPLETE.find("### Latency").unwrap();
    let end = COMPLETE.find("## Out of Scope").unwrap();
    let mut section = String::from(
        "### Latency / Performance Targets\n- Current performance: p99 acquire = 40 ns (bench: limiter/acquire)\n",
    );
    for (line, _) in TARGETS {
        section.push_str(line);
        section.push('\n');
    }
    if pytest {
        section.push_str("- Target performance: mean parse ≤ 1 s (bench: test_parse)\n");
    }
    section.push('\n');
    format!("{}{section}{}", &COMPLETE[..start], &COMPLETE[end..])
}

/// Builds and runs a criterion benchmark `limiter/acquire`; its results
/// land in `root/criterion`.
fn criterion(root: &Path) -> bool {
    let krate = root.join("limiter");
    write(
        &krate,
        "Cargo.toml",
        "[package]\nname = \"limiter\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n\n[dev-dependencies]\ncriterion = { version = \"0.7\", default-features = false }\n\n[[bench]]\nname = \"acquire\"\nharness = false\n",
    );
    write(
        &krate,
        "src/lib.rs",
        "pub fn acquire(x: u64) -> u64 { x.pow(3) }\n",
    );
    write(
        &krate,
        "benches/acquire.rs",
        "use criterion::{criterion_group, criterion_main, Criterion};\n\nfn bench(c: &mut Criterion) {\n    let mut g = c.benchmark_group(\"limiter\");\n    g.bench_function(\"acquire\", |b| b.iter(|| limiter::acquire(std::hint::black_box(3))));\n    g.finish();\n}\n\ncriterion_group!(benches, bench);\ncriterion_main!(benches);\n",
    );
    // Built once per checkout: criterion takes a minute to compile.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("criterion-fixture");
    let out = Command::new("cargo")
        .args(["bench", "-q", "--bench", "acquire", "--"])
        .args(["--warm-up-time", "0.2", "--measurement-time", "0.5"])
        .args(["--sample-size", "10"])
        .current_dir(&krate)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    if !out.status.success() {
        // Offline, without criterion in the registry cache.
        eprintln!(
            "skipped criterion: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return false;
    }
    let results = target.join("criterion");
    assert!(results.join("limiter/acquire/new/sample.json").is_file());
    // Copied: the shared target folder may hold other runs' results.
    let copy = Command::new("cp")
        .args([
            "-r",
            results.to_str().unwrap(),
            root.join("criterion").to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(copy.success());
    true
}

/// `targets --format json`: (line, verdict) of each target.
fn verdicts(report: &Value) -> Vec<(u64, String)> {
    report["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["line"].as_u64().unwrap(),
                t["verdict"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

// design: 0008#FR-4, 0008#NFR-1
#[test]
fn targets_are_judged_against_real_criterion_hyperfine_and_pytest_benchmark_output() {
    if !found("hyperfine", &["--version"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let pytest = found("python3", &["-c", "import pytest_benchmark"]);
    write(root, "designdoc.toml", "paths = [\"docs/design/*.md\"]\n");
    let text = doc(pytest);
    write(root, "docs/design/0008-limiter.md", &text);
    let line_of = |needle: &str| text.lines().position(|l| l == needle).unwrap() as u64 + 1;

    // Nothing measured yet: every target unmeasured, and nothing missed.
    let (out, err, code) = run(root, &["targets", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert!(
        verdicts(&report).iter().all(|(_, v)| v == "unmeasured"),
        "{out}"
    );
    assert_eq!(
        report["targets"][0]["reason"],
        "no result is named limiter/acquire"
    );

    if !criterion(root) {
        return;
    }
    let hyperfine = Command::new("hyperfine")
        .args(["-N", "--runs", "12", "--warmup", "1"])
        .args(["--command-name", "nap", "sleep 0.01"])
        .args(["--export-json", "hyperfine.json"])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(hyperfine.status.success(), "{hyperfine:?}");
    let mut args = vec![
        "targets",
        "--format",
        "json",
        "--results",
        "criterion",
        "hyperfine.json",
    ];
    if pytest {
        write(
            root,
            "py/test_parse.py",
            "def parse(s):\n    return s.split(',')\n\n\ndef test_parse(benchmark):\n    assert benchmark(parse, 'a,b,c') == ['a', 'b', 'c']\n",
        );
        let out = Command::new("python3")
            .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
            .arg(format!(
                "--benchmark-json={}",
                root.join("pb.json").display()
            ))
            .current_dir(root.join("py"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        args.push("pb.json");
    }
    let (out, err, code) = run(root, &args);
    assert_eq!(code, 1, "a missed target fails the run: {err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    let mut want: Vec<(u64, String)> = TARGETS
        .iter()
        .map(|(l, v)| (line_of(l), v.to_string()))
        .collect();
    if pytest {
        want.push((
            line_of("- Target performance: mean parse ≤ 1 s (bench: test_parse)"),
            "met".into(),
        ));
    }
    assert_eq!(verdicts(&report), want, "{out}");

    // criterion: the current figure is paired, the measured p99 comes from
    // its samples, in the target's unit.
    let t0 = &report["targets"][0];
    assert_eq!(t0["current"]["value"], 40.0);
    assert_eq!(t0["measured"]["unit"], "ms");
    let p99_ms = t0["measured"]["value"].as_f64().unwrap();
    assert!(p99_ms > 0.0 && p99_ms < 0.001, "{t0}");
    assert_eq!(t0["statistic"], "p99");
    assert_eq!(t0["comparator"], "<=");

    // hyperfine: p90 computed from its `times`, as numpy would.
    let h: Value = serde_json::from_str(&common::read(root, "hyperfine.json")).unwrap();
    let mut times: Vec<f64> = h["results"][0]["times"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_f64().unwrap())
        .collect();
    times.sort_by(f64::total_cmp);
    let rank = 0.9 * (times.len() - 1) as f64;
    let (lo, hi) = (rank.floor() as usize, rank.ceil() as usize);
    let p90 = times[lo] + (times[hi] - times[lo]) * (rank - lo as f64);
    let t4 = &report["targets"][4];
    let measured = t4["measured"]["value"].as_f64().unwrap();
    assert!((measured - p90 * 1e3).abs() < 1e-9, "{measured} vs {p90}");
    assert!(
        measured >= 10.0,
        "sleep 0.01 takes 10 ms or more: {measured}"
    );
    assert_eq!(report["targets"][5]["reason"], "no result is named reload");
    assert_eq!(
        report["targets"][6]["reason"],
        "not bound to a benchmark: add (bench: NAME)"
    );
    assert_eq!(report["summary"]["missed"], 2);

    // The human report: current → measured → target.
    let (out, _, _) = run(
        root,
        &["targets", "--results", "criterion", "hyperfine.json"],
    );
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with(&format!("docs/design/0008-limiter.md:{}: met ", want[0].0))
            && first.contains("p99 acquire: 40 ns → ")
            && first.contains(" → ≤ 1 ms"),
        "{out}"
    );

    // check, with [targets] results configured: target-missed where the
    // missed targets are written.
    write(
        root,
        "designdoc.toml",
        "paths = [\"docs/design/*.md\"]\n\n[targets]\nresults = [\"criterion\", \"hyperfine.json\", \"not-run-yet.json\"]\n",
    );
    let (out, err, code) = run(root, &["check", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    let missed: Vec<(u64, String)> = report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "target-missed")
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(missed.len(), 2, "{out}");
    assert_eq!(missed[0].0, want[1].0);
    assert!(
        missed[1].1.starts_with("target missed: nap p90 measured ")
            && missed[1]
                .1
                .ends_with(" against ≤ 1 ms (bench: nap, hyperfine.json)"),
        "{missed:?}"
    );

    // A result file that is not one is named; the others are still read.
    write(root, "bad.json", "{\"results\": [");
    let (out, err, code) = run(
        root,
        &[
            "targets",
            "--format",
            "json",
            "--results",
            "bad.json",
            "hyperfine.json",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("bad.json: not valid JSON"), "{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["targets"][3]["verdict"], "met");
}
