//! Findings packed into bytes and back, for a run that holds more of
//! them than it should keep in memory until output (the repository rules
//! need every doc before any doc's findings are complete, so a `check` of
//! ten thousand docs with hundreds of thousands of findings would hold
//! them all; `designdoc_repo` moves them to a temporary file instead).
//!
//! Written by hand: a [`Diagnostic`] names its rule by a `&'static`
//! reference, which no serde format carries, and the bytes live only as
//! long as one run of one binary, so they need no stable format, version
//! or schema, only an exact round trip (see the tests).

use crate::{Applicability, Diagnostic, Edit, Fix, RULES, Severity};

/// Appends `diagnostics` to `out`; [`unpack`] gives them back, equal and in
/// the same order.
pub fn pack(diagnostics: &[Diagnostic], out: &mut Vec<u8>) {
    put_u64(out, diagnostics.len() as u64);
    for d in diagnostics {
        // By code: a rule is a `const`, so two references to it need not
        // share an address.
        let rule = RULES
            .iter()
            .position(|r| r.code == d.rule.code)
            .expect("every rule is in the registry");
        put_u64(out, rule as u64);
        out.push(d.severity as u8);
        put_u64(out, d.range.start as u64);
        put_u64(out, d.range.end as u64);
        put_str(out, &d.message);
        put_opt(out, d.section.as_deref());
        put_opt(out, d.help.as_deref());
        match &d.fix {
            None => out.push(0),
            Some(f) => {
                out.push(match f.applicability {
                    Applicability::Safe => 1,
                    Applicability::Suggested => 2,
                });
                put_str(out, &f.description);
                put_opt(out, f.anchor.as_deref());
                put_u64(out, f.edits.len() as u64);
                for e in &f.edits {
                    put_u64(out, e.range.start as u64);
                    put_u64(out, e.range.end as u64);
                    put_str(out, &e.replacement);
                }
            }
        }
    }
}

/// The findings [`pack`] wrote at the start of `bytes`; `None` when the
/// bytes are not what it wrote (cut short, or another rule registry).
pub fn unpack(bytes: &[u8]) -> Option<Vec<Diagnostic>> {
    let mut r = Reader { bytes, at: 0 };
    let n = r.u64()? as usize;
    let mut all = Vec::with_capacity(n.min(bytes.len()));
    for _ in 0..n {
        let rule = *RULES.get(r.u64()? as usize)?;
        let severity = match r.byte()? {
            0 => Severity::Info,
            1 => Severity::Warning,
            2 => Severity::Error,
            _ => return None,
        };
        let range = r.usize()?..r.usize()?;
        let message = r.string()?;
        let section = r.opt()?;
        let help = r.opt()?;
        let fix = match r.byte()? {
            0 => None,
            a @ (1 | 2) => {
                let description = r.string()?;
                let anchor = r.opt()?;
                let count = r.u64()? as usize;
                let mut edits = Vec::with_capacity(count.min(bytes.len()));
                for _ in 0..count {
                    let range = r.usize()?..r.usize()?;
                    edits.push(Edit {
                        range,
                        replacement: r.string()?,
                    });
                }
                Some(Box::new(Fix {
                    description,
                    edits,
                    applicability: if a == 1 {
                        Applicability::Safe
                    } else {
                        Applicability::Suggested
                    },
                    anchor,
                }))
            }
            _ => return None,
        };
        all.push(Diagnostic {
            rule,
            severity,
            message,
            range,
            section,
            help,
            fix,
        });
    }
    Some(all)
}

/// LEB128: most numbers here (offsets, lengths, rule indexes) are small.
fn put_u64(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u64(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn put_opt(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => out.push(0),
        Some(s) => {
            out.push(1);
            put_str(out, s);
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn u64(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(v);
            }
        }
        None
    }

    fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }

    fn string(&mut self) -> Option<String> {
        let len = self.usize()?;
        let end = self.at.checked_add(len)?;
        let s = std::str::from_utf8(self.bytes.get(self.at..end)?).ok()?;
        self.at = end;
        Some(s.to_string())
    }

    fn opt(&mut self) -> Option<Option<String>> {
        match self.byte()? {
            0 => Some(None),
            1 => Some(Some(self.string()?)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(d: &Diagnostic) -> String {
        format!(
            "{} {:?} {:?} {} {:?} {:?} {:?}",
            d.rule.code, d.severity, d.range, d.message, d.section, d.help, d.fix
        )
    }

    #[test]
    fn findings_come_back_equal_and_in_order() {
        let fix = Fix {
            description: "rename".into(),
            edits: vec![Edit::replace(3..9, "## Überblick"), Edit::insert(40, "\n")],
            applicability: Applicability::Suggested,
            anchor: Some("overview".into()),
        };
        let mut a = Diagnostic::new(RULES[7], 3..9, "heading 'Überblick' ✓");
        a.section = Some("Overview".into());
        a.help = Some("a long guidance ".repeat(20));
        a.fix = Some(Box::new(fix));
        a.severity = Severity::Info;
        let b = Diagnostic::new(RULES[RULES.len() - 1], 300_000..4_000_000_000, "");
        let mut c = Diagnostic::new(RULES[0], 0..0, "unreadable");
        c.fix = Some(Box::new(Fix::safe("drop", Vec::new())));
        let all = vec![a, b, c];
        let mut bytes = vec![9, 9];
        pack(&all, &mut bytes);
        let back = unpack(&bytes[2..]).expect("unpacks");
        assert_eq!(
            back.iter().map(key).collect::<Vec<_>>(),
            all.iter().map(key).collect::<Vec<_>>()
        );
        assert!(
            back.iter()
                .zip(&all)
                .all(|(x, y)| x.rule.name == y.rule.name)
        );
        assert_eq!(
            unpack(&{
                let mut v = Vec::new();
                pack(&[], &mut v);
                v
            })
            .map(|v| v.len()),
            Some(0)
        );
    }

    #[test]
    fn bytes_cut_short_are_refused_not_misread() {
        let mut d = Diagnostic::new(RULES[3], 10..20, "message");
        d.section = Some("Goals".into());
        let mut bytes = Vec::new();
        pack(&[d], &mut bytes);
        for end in 0..bytes.len() {
            assert!(unpack(&bytes[..end]).is_none(), "cut at {end}");
        }
    }
}
