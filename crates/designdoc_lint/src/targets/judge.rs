//! Judging a target against benchmark results: a [`Measurement`]'s figure
//! in the target's statistic and dimension, and the [`Verdict`].

use super::*;

/// Results of one benchmark, in base units.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Measurement {
    /// The names it answers to: criterion's id, hyperfine's command
    /// name, Go's name with and without `Benchmark`, pytest's name and
    /// full name.
    pub names: Vec<String>,
    /// The report it came from.
    pub source: String,
    /// Seconds per iteration of each sample, when the report keeps them.
    pub samples: Vec<f64>,
    /// Figures the report states (percentiles as per cent).
    pub stats: Vec<(Statistic, Dim, f64)>,
    /// Elements (operations) one iteration does, for throughput.
    pub elements: Option<f64>,
    /// Bytes one iteration processes, for byte throughput.
    pub bytes: Option<f64>,
}

impl Measurement {
    /// Whether `bench` names this measurement: one of its names, or a
    /// name ending in `/bench`.
    pub fn is(&self, bench: &str) -> bool {
        self.names
            .iter()
            .any(|n| n == bench || n.ends_with(&format!("/{bench}")))
    }

    fn stated(&self, stat: Statistic, dim: Dim) -> Option<f64> {
        self.stats
            .iter()
            .find(|(s, d, _)| *s == stat && *d == dim)
            .map(|x| x.2)
    }

    /// The figure `statistic` in `dim`, in base units, or why there is
    /// none.
    pub fn value(&self, statistic: Statistic, dim: Dim) -> Result<f64, String> {
        if let Some(v) = self.stated(statistic, dim) {
            return Ok(v);
        }
        if dim == Dim::Time && !self.samples.is_empty() {
            let s = &self.samples;
            return Ok(match statistic {
                Statistic::Mean | Statistic::Throughput => s.iter().sum::<f64>() / s.len() as f64,
                Statistic::Min => s.iter().copied().fold(f64::INFINITY, f64::min),
                Statistic::Max => s.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                Statistic::Percentile(p) => percentile(s, p),
            });
        }
        // Throughput from time per iteration.
        if matches!(dim, Dim::Rate | Dim::ByteRate) {
            let per = if dim == Dim::Rate {
                self.elements.unwrap_or(1.0)
            } else {
                self.bytes
                    .ok_or_else(|| format!("{} states no bytes per iteration", self.source))?
            };
            let time_stat = match statistic {
                Statistic::Throughput => Statistic::Mean,
                // p99 throughput: the rate at the p99 time is the p1 rate;
                // state it as time instead.
                other => other,
            };
            if let Ok(t) = self.value(time_stat, Dim::Time)
                && t > 0.0
            {
                return Ok(per / t);
            }
        }
        let what = match dim {
            Dim::Time => "time",
            Dim::Rate => "rate",
            Dim::Bytes => "size",
            Dim::ByteRate => "byte rate",
            Dim::Percent => "percentage",
        };
        Err(format!(
            "{} has no {} {what}{}",
            self.source,
            statistic.name(),
            if dim == Dim::Time {
                " and no samples"
            } else {
                ""
            }
        ))
    }
}

/// The `p`th percentile of `samples`, interpolated between the nearest
/// ranks (as numpy's default and hyperfine's own `--export-json` summary
/// do).
pub fn percentile(samples: &[f64], p: f64) -> f64 {
    let mut s = samples.to_vec();
    s.sort_by(f64::total_cmp);
    if s.is_empty() {
        return f64::NAN;
    }
    let rank = (p / 100.0).clamp(0.0, 1.0) * (s.len() - 1) as f64;
    let (lo, hi) = (rank.floor() as usize, rank.ceil() as usize);
    s[lo] + (s[hi] - s[lo]) * (rank - lo as f64)
}

/// A target's verdict, named as in text and JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Measured, and the measurement satisfies the target's comparator.
    Met,
    /// Measured, and the measurement does not satisfy it.
    Missed,
    /// Not judged: the figure is unclear, no benchmark is bound, no result has its name, or the
    /// result gives no figure in the target's statistic and dimension.
    Unmeasured,
}

impl Verdict {
    /// `met`, `missed` or `unmeasured`, as the JSON output writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Missed => "missed",
            Verdict::Unmeasured => "unmeasured",
        }
    }
}

/// A target judged against the results.
#[derive(Debug, Clone, PartialEq)]
pub struct Judged {
    /// The verdict: `measured` and `source` are set exactly when it is not
    /// [`Verdict::Unmeasured`], `reason` exactly when it is.
    pub verdict: Verdict,
    /// The measured figure in the target's unit.
    pub measured: Option<f64>,
    /// The report it came from.
    pub source: Option<String>,
    /// Why it is unmeasured.
    pub reason: Option<String>,
}

/// Judges `target` against `results`.
pub fn judge(target: &Target, results: &[Measurement]) -> Judged {
    let unmeasured = |reason: String| Judged {
        verdict: Verdict::Unmeasured,
        measured: None,
        source: None,
        reason: Some(reason),
    };
    if let Some(why) = &target.figure.unclear {
        return unmeasured(why.clone());
    }
    let Some(bench) = &target.bench else {
        return unmeasured("not bound to a benchmark: add (bench: NAME)".into());
    };
    let Some(m) = results.iter().find(|m| m.is(bench)) else {
        return unmeasured(format!("no result is named {bench}"));
    };
    let f = &target.figure;
    match m.value(f.statistic, f.unit.dim) {
        Ok(v) => {
            let measured = v / f.unit.scale;
            let ok = f.comparator.holds(v, f.base());
            Judged {
                verdict: if ok { Verdict::Met } else { Verdict::Missed },
                measured: Some(measured),
                source: Some(m.source.clone()),
                reason: None,
            }
        }
        Err(e) => unmeasured(e),
    }
}
