//! Benchmark reports read into [`Measurement`]s: criterion's JSON files,
//! hyperfine's and pytest-benchmark's JSON, a generic JSON and Go's
//! `-bench` text. Input adapters, not rules: pure on the reports' text
//! (`designdoc_trace::results` finds the files), and kept in this crate so
//! the fuzzer reaches them without the workspace layer.

use super::*;

pub(super) type Json = serde_json::Value;

pub(super) fn num(v: &Json) -> Option<f64> {
    v.as_f64()
}

/// criterion: a benchmark's `new/benchmark.json`, `new/estimates.json`
/// and (when kept) `new/sample.json`. Times are in nanoseconds.
pub fn read_criterion(
    source: &str,
    benchmark: &str,
    estimates: &str,
    sample: Option<&str>,
) -> Result<Measurement, String> {
    let b: Json = serde_json::from_str(benchmark).map_err(|e| format!("benchmark.json: {e}"))?;
    let e: Json = serde_json::from_str(estimates).map_err(|e| format!("estimates.json: {e}"))?;
    let id = b["full_id"]
        .as_str()
        .or(b["title"].as_str())
        .ok_or("benchmark.json has no full_id")?;
    let point = |k: &str| num(&e[k]["point_estimate"]).map(|v| v * 1e-9);
    let mut m = Measurement {
        names: vec![id.to_string()],
        source: source.to_string(),
        ..Measurement::default()
    };
    if let Some(dir) = b["directory_name"].as_str()
        && dir != id
    {
        m.names.push(dir.to_string());
    }
    if let Some(v) = point("mean") {
        m.stats.push((Statistic::Mean, Dim::Time, v));
    }
    if let Some(v) = point("median") {
        m.stats.push((Statistic::Percentile(50.0), Dim::Time, v));
    }
    if m.stats.is_empty() {
        return Err("estimates.json has no mean point_estimate".into());
    }
    m.elements = num(&b["throughput"]["Elements"]);
    m.bytes = num(&b["throughput"]["Bytes"]).or(num(&b["throughput"]["BytesDecimal"]));
    if let Some(s) = sample {
        let s: Json = serde_json::from_str(s).map_err(|e| format!("sample.json: {e}"))?;
        let (Some(iters), Some(times)) = (s["iters"].as_array(), s["times"].as_array()) else {
            return Err("sample.json has no iters and times".into());
        };
        m.samples = iters
            .iter()
            .zip(times)
            .filter_map(|(i, t)| Some(num(t)? / num(i)?.max(1.0) * 1e-9))
            .collect();
    }
    Ok(m)
}

/// Reads any of the JSON reports (hyperfine `--export-json`,
/// pytest-benchmark `--benchmark-json`, the generic format) or Go
/// `-bench` output, telling them apart by shape.
pub fn read_report(source: &str, text: &str) -> Result<Vec<Measurement>, String> {
    let t = text.trim_start();
    if !t.starts_with('{') {
        let found = read_go(source, text);
        if found.is_empty() {
            return Err(
                "neither JSON nor Go benchmark output (no `BenchmarkName  N  T ns/op` line)".into(),
            );
        }
        return Ok(found);
    }
    let j: Json = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    if let Some(results) = j["results"].as_array()
        && results.iter().all(|r| r.get("command").is_some())
    {
        return read_hyperfine(source, results);
    }
    if let Some(b) = j["benchmarks"].as_array() {
        if b.iter().all(|x| x.get("stats").is_some()) {
            return read_pytest(source, b);
        }
        return read_generic(source, b);
    }
    Err("a JSON report designdoc does not know: expected hyperfine's `results`, pytest-benchmark's `benchmarks` with `stats`, or the generic `benchmarks` with `name` and `unit`".into())
}

/// A measurement named `name` from a summary in seconds (`mean`,
/// `median`, `min`, `max`) and its samples in seconds under `samples`, as
/// hyperfine and pytest-benchmark write them.
pub(super) fn seconds(source: &str, name: &str, stats: &Json, samples: &str) -> Measurement {
    let mut m = Measurement {
        names: vec![name.to_string()],
        source: source.to_string(),
        ..Measurement::default()
    };
    for (k, s) in [
        ("mean", Statistic::Mean),
        ("median", Statistic::Percentile(50.0)),
        ("min", Statistic::Min),
        ("max", Statistic::Max),
    ] {
        if let Some(v) = num(&stats[k]) {
            m.stats.push((s, Dim::Time, v));
        }
    }
    m.samples = stats[samples]
        .as_array()
        .map(|t| t.iter().filter_map(num).collect())
        .unwrap_or_default();
    m
}

pub(super) fn read_hyperfine(source: &str, results: &[Json]) -> Result<Vec<Measurement>, String> {
    results
        .iter()
        .map(|r| {
            let name = r["command"].as_str().ok_or("a result without command")?;
            Ok(seconds(source, name, r, "times"))
        })
        .collect()
}

pub(super) fn read_pytest(source: &str, benchmarks: &[Json]) -> Result<Vec<Measurement>, String> {
    benchmarks
        .iter()
        .map(|b| {
            let name = b["name"].as_str().ok_or("a benchmark without name")?;
            let st = &b["stats"];
            let mut m = seconds(source, name, st, "data");
            if let Some(f) = b["fullname"].as_str() {
                m.names.push(f.to_string());
            }
            if let Some(v) = num(&st["ops"]) {
                m.stats.push((Statistic::Throughput, Dim::Rate, v));
            }
            Ok(m)
        })
        .collect()
}

/// The generic format (docs/traceability.md):
/// `{"benchmarks": [{"name": "limiter/acquire", "unit": "ns", "mean": 31,
/// "p99": 38, "samples": [..]}]}`; any of `mean`, `median`, `min`, `max`,
/// `pNN` and `throughput`, all in `unit`, and `samples` in `unit` too.
pub(super) fn read_generic(source: &str, benchmarks: &[Json]) -> Result<Vec<Measurement>, String> {
    benchmarks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let name = b["name"]
                .as_str()
                .ok_or(format!("benchmarks[{i}] has no name"))?;
            let unit_text = b["unit"]
                .as_str()
                .ok_or(format!("benchmarks[{i}] ({name}) has no unit"))?;
            let unit = parse_unit(unit_text).ok_or(format!(
                "benchmarks[{i}] ({name}): unknown unit {unit_text:?}"
            ))?;
            let mut m = Measurement {
                names: vec![name.to_string()],
                source: source.to_string(),
                ..Measurement::default()
            };
            let Some(obj) = b.as_object() else {
                return Err(format!("benchmarks[{i}] is not an object"));
            };
            for (k, v) in obj {
                let stat = match k.as_str() {
                    "mean" => Statistic::Mean,
                    "median" => Statistic::Percentile(50.0),
                    "min" => Statistic::Min,
                    "max" => Statistic::Max,
                    "throughput" => Statistic::Throughput,
                    k => match Statistic::parse(k) {
                        Some(Statistic::Percentile(p)) => Statistic::Percentile(p),
                        _ => continue,
                    },
                };
                if let Some(v) = num(v) {
                    m.stats.push((stat, unit.dim, v * unit.scale));
                }
            }
            if unit.dim == Dim::Time {
                m.samples = b["samples"]
                    .as_array()
                    .map(|t| t.iter().filter_map(num).map(|v| v * unit.scale).collect())
                    .unwrap_or_default();
            }
            Ok(m)
        })
        .collect()
}

/// Go `-bench` output: `BenchmarkAcquire-8  1000000  1043 ns/op  128 B/op
/// 2 allocs/op  95.2 MB/s`. Several runs of one benchmark (`-count`)
/// become its samples.
pub fn read_go(source: &str, text: &str) -> Vec<Measurement> {
    let mut out: Vec<Measurement> = Vec::new();
    for line in text.lines() {
        let mut f = line.split_whitespace();
        let Some(name) = f.next().filter(|n| n.starts_with("Benchmark")) else {
            continue;
        };
        if f.next().and_then(|n| n.parse::<u64>().ok()).is_none() {
            continue;
        }
        // `-8`: GOMAXPROCS, not part of the name.
        let name = match name.rsplit_once('-') {
            Some((n, p)) if p.chars().all(|c| c.is_ascii_digit()) => n,
            _ => name,
        };
        let rest: Vec<&str> = f.collect();
        let mut ns = None;
        let mut extra = Vec::new();
        for pair in rest.chunks(2) {
            let [v, unit] = pair else { continue };
            let Ok(v) = v.parse::<f64>() else { continue };
            match *unit {
                "ns/op" => ns = Some(v * 1e-9),
                "B/op" => extra.push((Statistic::Mean, Dim::Bytes, v)),
                "MB/s" => extra.push((Statistic::Throughput, Dim::ByteRate, v * 1e6)),
                _ => {}
            }
        }
        let Some(ns) = ns else { continue };
        let i = match out.iter().position(|m| m.names[0] == name) {
            Some(i) => i,
            None => {
                let mut names = vec![name.to_string()];
                if let Some(short) = name.strip_prefix("Benchmark") {
                    names.push(short.to_string());
                }
                out.push(Measurement {
                    names,
                    source: source.to_string(),
                    ..Measurement::default()
                });
                out.len() - 1
            }
        };
        let m = &mut out[i];
        m.samples.push(ns);
        for (s, d, v) in extra {
            match m.stats.iter_mut().find(|x| x.0 == s && x.1 == d) {
                // Averaged over the runs.
                Some(x) => x.2 += (v - x.2) / m.samples.len() as f64,
                None => m.stats.push((s, d, v)),
            }
        }
    }
    out
}
