//! Front-matter metadata: the top-level keys of a document's YAML front
//! matter, each with byte spans into the document.
//!
//! YAML is parsed by `saphyr` (a maintained YAML 1.2 parser that reports
//! positions). Like Markdown parsing, this never fails: malformed YAML
//! yields the entries read so far (none) and an error with its offset.

use std::ops::Range;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

use crate::FrontMatter;

/// The front matter's top-level keys, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    /// The entries in the order written; keys that are not scalars are skipped. Empty when
    /// `error` is set.
    pub entries: Vec<MetaEntry>,
    /// The YAML could not be read (or its top level is not a mapping).
    pub error: Option<MetaError>,
}

/// One top-level key of the front matter, with its value and their byte spans.
#[derive(Debug, Clone, PartialEq)]
pub struct MetaEntry {
    /// The key as text (a number or boolean key converted to text; other keys are skipped).
    pub key: String,
    /// Byte range of the key in the document.
    pub key_span: Range<usize>,
    /// The value, read as far as [`MetaValue`] goes.
    pub value: MetaValue,
    /// Byte range of the value in the document (empty at the key's end
    /// when the value is empty).
    pub value_span: Range<usize>,
}

/// A value, as far as designdoc reads values.
#[derive(Debug, Clone, PartialEq)]
pub enum MetaValue {
    /// No value: `key:` alone, `~` or `null`.
    Null,
    /// A scalar other than null, as written (`true`, `42`, `draft`).
    Scalar(String),
    /// A sequence of scalars (other items are skipped).
    List(Vec<String>),
    /// A nested mapping (not read further).
    Map,
}

impl MetaValue {
    /// The value when it is a non-empty scalar.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            MetaValue::Scalar(s) if !s.trim().is_empty() => Some(s),
            _ => None,
        }
    }

    /// Null, an empty string or an empty list.
    pub fn is_empty(&self) -> bool {
        match self {
            MetaValue::Null => true,
            MetaValue::Scalar(s) => s.trim().is_empty(),
            MetaValue::List(l) => l.is_empty(),
            MetaValue::Map => false,
        }
    }
}

/// Why the front matter could not be read as a mapping of keys, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaError {
    /// Byte offset in the document.
    pub offset: usize,
    /// The YAML parser's message, or designdoc's own when the parser panicked or the top
    /// level is not a mapping.
    pub message: String,
}

impl Meta {
    /// The first entry whose key is exactly `key` (case-sensitive).
    pub fn get(&self, key: &str) -> Option<&MetaEntry> {
        self.entries.iter().find(|e| e.key == key)
    }

    /// A key's value when it is a non-empty scalar.
    pub fn str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(|e| e.value.as_str())
    }

    /// A key's values: a list's items, or a scalar as one item (`authors:
    /// ann` and `authors: [ann]` mean the same). Empty when absent.
    pub fn list(&self, key: &str) -> Vec<&str> {
        match self.get(key).map(|e| &e.value) {
            Some(MetaValue::List(items)) => items
                .iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .collect(),
            Some(MetaValue::Scalar(s)) if !s.trim().is_empty() => vec![s.trim()],
            _ => Vec::new(),
        }
    }
}

/// `2026-11-25` (a calendar date, checked: month 1-12, a day the month has).
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> { s.get(r)?.parse().ok() };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// Reads the top-level keys of `src`'s front matter.
pub fn parse_meta(src: &str, fm: &FrontMatter) -> Meta {
    let body = &src[fm.body.clone()];
    let base = fm.body.start;
    if body.trim().is_empty() {
        return Meta::default();
    }
    // A YAML parser is big and fed untrusted text: a panic in it must not
    // take the run down.
    let loaded = std::panic::catch_unwind(|| MarkedYaml::load_from_str(body));
    let offsets = CharOffsets::new(body);
    let docs = match loaded {
        Ok(Ok(docs)) => docs,
        Ok(Err(e)) => {
            return Meta {
                entries: Vec::new(),
                error: Some(MetaError {
                    offset: base + offsets.byte(e.marker().index()),
                    message: e.info().to_string(),
                }),
            };
        }
        Err(_) => {
            return Meta {
                entries: Vec::new(),
                error: Some(MetaError {
                    offset: base,
                    message: "the YAML parser failed on this front matter".to_string(),
                }),
            };
        }
    };
    let Some(root) = docs.first() else {
        return Meta::default();
    };
    let YamlData::Mapping(map) = &root.data else {
        return Meta {
            entries: Vec::new(),
            error: Some(MetaError {
                offset: base,
                message: "front matter is not a mapping of keys to values".to_string(),
            }),
        };
    };
    let span = |n: &MarkedYaml<'_>| {
        let start = base + offsets.byte(n.span.start.index());
        let end = base + offsets.byte(n.span.end.index());
        start..end.max(start)
    };
    let mut entries = Vec::new();
    for (k, v) in map {
        let Some(key) = scalar_text(&k.data) else {
            continue;
        };
        let key_span = span(k);
        let value = match &v.data {
            YamlData::Value(Scalar::Null) => MetaValue::Null,
            YamlData::Sequence(items) => {
                MetaValue::List(items.iter().filter_map(|i| scalar_text(&i.data)).collect())
            }
            YamlData::Mapping(_) => MetaValue::Map,
            other => scalar_text(other).map_or(MetaValue::Null, MetaValue::Scalar),
        };
        let mut value_span = span(v);
        if matches!(value, MetaValue::List(_))
            && src.as_bytes()[..fm.body.end].get(value_span.start) == Some(&b'[')
        {
            // saphyr ends a flow sequence at its last item: take the `]`.
            let rest = &src[value_span.end..fm.body.end];
            if let Some(close) = rest.find(']') {
                value_span.end += close + 1;
            }
        }
        if value == MetaValue::Null {
            value_span = key_span.end..key_span.end;
        }
        entries.push(MetaEntry {
            key,
            key_span,
            value,
            value_span,
        });
    }
    Meta {
        entries,
        error: None,
    }
}

fn scalar_text<'a>(data: &YamlData<'a, MarkedYaml<'a>>) -> Option<String> {
    match data {
        YamlData::Value(Scalar::String(s)) => Some(s.to_string()),
        YamlData::Value(Scalar::Boolean(b)) => Some(b.to_string()),
        YamlData::Value(Scalar::Integer(i)) => Some(i.to_string()),
        YamlData::Value(Scalar::FloatingPoint(f)) => Some(f.to_string()),
        YamlData::Representation(s, _, _) => Some(s.to_string()),
        YamlData::Tagged(_, inner) => scalar_text(&inner.data),
        _ => None,
    }
}

/// saphyr reports positions in characters; designdoc works in bytes.
struct CharOffsets {
    /// Byte offset of each char, only when the text is not ASCII.
    bytes: Option<Vec<usize>>,
    len: usize,
}

impl CharOffsets {
    fn new(s: &str) -> Self {
        let bytes = (!s.is_ascii()).then(|| s.char_indices().map(|(i, _)| i).collect());
        CharOffsets {
            bytes,
            len: s.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.bytes {
            None => char_index.min(self.len),
            Some(b) => b.get(char_index).copied().unwrap_or(self.len),
        }
    }
}
