//! Repository rules: what can only be judged across docs (duplicate
//! numbers, links between docs, supersede chains, dependency cycles).
//!
//! Each doc is summarised once, while it is checked, into a [`RepoDoc`]
//! (its number, id, status, references and anchors, with byte ranges into
//! its own text); [`check_repo`] then runs every repository rule over the
//! set. Pure: whether a linked file exists is asked of the caller.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use designdoc_syntax::Document;
use designdoc_syntax::slug::Slugger;

use crate::{Diagnostic, Settings};

/// A value with where it is written.
pub type Spanned = (String, Range<usize>);

/// `payments:0012` → (`payments`, 12): a reference to doc 12 of the
/// repository named `payments` in an organisation's catalog. The name is
/// letters, digits, `-`, `_` and `.`, not starting with a dot; the number
/// digits only. Anything else (`ADR-2`, a path, a URL) is `None`.
pub fn cross_repository(value: &str) -> Option<(&str, u32)> {
    let (repo, number) = value.trim().split_once(':')?;
    let name_ok = !repo.is_empty()
        && !repo.starts_with('.')
        && repo
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    let number_ok =
        !number.is_empty() && number.len() <= 9 && number.bytes().all(|b| b.is_ascii_digit());
    if !(name_ok && number_ok) {
        return None;
    }
    Some((repo, number.parse().ok()?))
}

/// Every `name:NNNN` in a doc's prose (paragraphs, list items, table
/// cells; not code, inline code or HTML), with where it is written:
/// references an organisation's catalog may resolve to doc NNNN of the
/// repository `name`. Which names are repositories only the catalog
/// knows, so this keeps every token of that shape the catalog could
/// resolve: the name starts with a letter (`10:30` is a time), is not
/// part of a URL or an address (`https://host:8080`, `user@host:22`), the
/// number has at least four digits, as the catalog writes them
/// (`payments:0012`; `step:2` is prose), and ends the token (`a:1234b`,
/// `a:1234:5`, a version `a:1234.5` and a date `a:2026-03-01` are left).
pub fn mentions(doc: &Document<'_>) -> Vec<Spanned> {
    use designdoc_syntax::{BlockKind, SegmentKind};
    let mut out = Vec::new();
    for b in &doc.blocks {
        if !matches!(
            b.kind,
            BlockKind::Paragraph | BlockKind::ListItem | BlockKind::TableRow | BlockKind::TableHead
        ) {
            continue;
        }
        for seg in &b.segments {
            if !matches!(seg.kind, SegmentKind::Text | SegmentKind::Strong) {
                continue;
            }
            let start = seg.text_start as usize;
            let Some(text) = b.text.get(start..start + seg.len as usize) else {
                continue;
            };
            for r in mention_spans(text) {
                // The source offset: exact where the text is verbatim.
                let src = seg.src_start as usize + if seg.src_len == seg.len { r.start } else { 0 };
                out.push((text[r.clone()].to_string(), src..src + r.len()));
            }
        }
    }
    out
}

/// Where `name:NNNN` tokens are in a run of plain text, as [`mentions`]
/// finds them (also used on the text of rendered HTML).
pub fn mention_spans(text: &str) -> Vec<Range<usize>> {
    let name_char = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.');
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for (colon, _) in text.match_indices(':') {
        let mut a = colon;
        while a > 0 && name_char(bytes[a - 1]) {
            a -= 1;
        }
        let mut z = colon + 1;
        while z < bytes.len() && bytes[z].is_ascii_digit() {
            z += 1;
        }
        let before = a.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(z).copied();
        // `payments:1.4.2` (a version), `payments:2026-03-01` (a date):
        // the number goes on after a dot, dash or underscore.
        let continues = matches!(after, Some(b'.' | b'-' | b'_'))
            && bytes.get(z + 1).is_some_and(u8::is_ascii_alphanumeric);
        let fits = a < colon
            && bytes[a].is_ascii_alphabetic()
            && (4..=9).contains(&(z - colon - 1))
            && !matches!(before, Some(b'/' | b'@' | b':'))
            && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == b':' || c == b'/')
            && !continues;
        if fits && cross_repository(&text[a..z]).is_some() {
            out.push(a..z);
        }
    }
    out
}

/// What the repository rules need of one doc.
#[derive(Debug, Clone, Default)]
pub struct RepoDoc {
    /// Absolute, normalised.
    pub path: PathBuf,
    /// The front matter's `number`, else the file name's leading digits
    /// ([`number_from_file_name`]; none for a redirect stub). `None` when the front matter's
    /// value is not a number: the file name is then not asked.
    pub number: Option<u32>,
    /// Where the number is written (front matter), or 0..0 (the file name).
    pub number_span: Range<usize>,
    /// The front matter's `id`, trimmed, never empty (of a list, the first item).
    pub id: Option<Spanned>,
    /// The front matter's `status`, trimmed, never empty (of a list, the first item).
    pub status: Option<Spanned>,
    /// The docs named by `supersedes` (numbers, ids or paths, unresolved), trimmed, empty
    /// items left out. The items of a list all carry the range of the whole value.
    pub supersedes: Vec<Spanned>,
    /// The docs named by `superseded-by`, as [`RepoDoc::supersedes`].
    pub superseded_by: Vec<Spanned>,
    /// The docs named by `depends-on`, as [`RepoDoc::supersedes`].
    pub depends_on: Vec<Spanned>,
    /// Relative links to other files: (destination, range of the link).
    pub links: Vec<Spanned>,
    /// The doc's heading anchors and explicit HTML anchors, one per line
    /// (one allocation per doc: the repository pass holds ten thousand).
    pub anchors: String,
    /// Its suppression comments: they cover the repository rules'
    /// findings too.
    pub suppressions: crate::suppress::Suppressions,
}

impl RepoDoc {
    /// Whether the repository rules read `self` and `other` alike: the
    /// same values, wherever the text puts them. Then their findings for
    /// one hold for the other, moved with [`RepoDoc::remap`].
    pub fn same_meaning(&self, other: &RepoDoc) -> bool {
        fn values(v: &[Spanned]) -> impl Iterator<Item = &str> {
            v.iter().map(|s| s.0.as_str())
        }
        let one = |x: &Option<Spanned>| x.as_ref().map(|s| s.0.clone());
        self.path == other.path
            && self.number == other.number
            && one(&self.id) == one(&other.id)
            && one(&self.status) == one(&other.status)
            && self.supersedes.len() == other.supersedes.len()
            && values(&self.supersedes).eq(values(&other.supersedes))
            && values(&self.superseded_by).eq(values(&other.superseded_by))
            && values(&self.depends_on).eq(values(&other.depends_on))
            && values(&self.links).eq(values(&other.links))
            && self.anchors == other.anchors
            // Where a comment suppresses moves with the text: find again.
            && self.suppressions.is_empty()
            && other.suppressions.is_empty()
    }

    /// `diags` (found against `self`) moved to the places `new` gives the
    /// same values; `None` when one of them is not at such a place (or
    /// carries a fix, whose edits would need moving too).
    pub fn remap(&self, new: &RepoDoc, diags: &[Diagnostic]) -> Option<Vec<Diagnostic>> {
        let mut moved: Vec<(Range<usize>, Range<usize>)> =
            vec![(self.number_span.clone(), new.number_span.clone())];
        for (a, b) in [(&self.id, &new.id), (&self.status, &new.status)] {
            if let (Some(a), Some(b)) = (a, b) {
                moved.push((a.1.clone(), b.1.clone()));
            }
        }
        for (a, b) in [
            (&self.supersedes, &new.supersedes),
            (&self.superseded_by, &new.superseded_by),
            (&self.depends_on, &new.depends_on),
            (&self.links, &new.links),
        ] {
            moved.extend(a.iter().zip(b).map(|(a, b)| (a.1.clone(), b.1.clone())));
        }
        diags
            .iter()
            .map(|d| {
                if d.fix.is_some() {
                    return None;
                }
                let range = if d.range == (0..0) {
                    0..0
                } else {
                    moved.iter().find(|(a, _)| *a == d.range)?.1.clone()
                };
                let mut d = d.clone();
                d.range = range;
                Some(d)
            })
            .collect()
    }

    /// Summarises a parsed doc at `path` (absolute).
    pub fn new(path: &Path, doc: &Document<'_>) -> RepoDoc {
        Self::with_parts(
            path,
            doc,
            &doc.meta(),
            crate::suppress::Suppressions::parse(doc),
        )
    }

    /// [`RepoDoc::new`] with the doc's front matter and suppression
    /// comments already read.
    pub(crate) fn with_parts(
        path: &Path,
        doc: &Document<'_>,
        meta: &designdoc_syntax::Meta,
        suppressions: crate::suppress::Suppressions,
    ) -> RepoDoc {
        let spanned = |key: &str| -> Vec<Spanned> {
            let Some(e) = meta.get(key) else {
                return Vec::new();
            };
            match &e.value {
                designdoc_syntax::MetaValue::List(items) => items
                    .iter()
                    .filter(|s| !s.trim().is_empty())
                    .map(|s| (s.trim().to_string(), e.value_span.clone()))
                    .collect(),
                v => v
                    .as_str()
                    .map(|s| vec![(s.trim().to_string(), e.value_span.clone())])
                    .unwrap_or_default(),
            }
        };
        let file_number = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(number_from_file_name);
        // A notice that the doc moved holds no number of its own.
        let file_number = file_number.filter(|_| !doc.is_redirect_stub());
        let (number, number_span) = match meta.get("number") {
            Some(e) => (
                e.value.as_str().and_then(|n| n.trim().parse().ok()),
                e.value_span.clone(),
            ),
            None => (file_number, 0..0),
        };
        let mut slugger = Slugger::default();
        let mut anchors = String::new();
        for a in doc
            .headings
            .iter()
            .map(|h| slugger.slug(&h.text))
            .chain(doc.html_anchors.iter().cloned())
        {
            anchors.push_str(&a);
            anchors.push('\n');
        }
        anchors.shrink_to_fit();
        let links = doc
            .links
            .iter()
            .filter(|l| !l.image && is_relative_file_link(&l.dest))
            .map(|l| (l.dest.clone(), l.span.clone()))
            .collect();
        RepoDoc {
            path: normalize(path),
            number,
            number_span,
            id: spanned("id").into_iter().next(),
            status: spanned("status").into_iter().next(),
            supersedes: spanned("supersedes"),
            superseded_by: spanned("superseded-by"),
            depends_on: spanned("depends-on"),
            links,
            anchors,
            suppressions,
        }
    }

    /// The doc's anchors.
    pub fn anchors(&self) -> impl Iterator<Item = &str> {
        self.anchors.lines()
    }

    /// The front matter's `status`, trimmed, case as written; `None` when it sets none.
    pub fn status(&self) -> Option<&str> {
        self.status.as_ref().map(|s| s.0.as_str())
    }
}

/// `0007-x.md` → 7. A date is not a number: `20200925-x.md`,
/// `2013-10-x.md`, `2020-09-25-x.md`.
pub fn number_from_file_name(name: &str) -> Option<u32> {
    let n = name.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || !name[n..].starts_with(['-', '_', '.']) {
        return None;
    }
    let year = |d: &str| matches!(&d[..2], "19" | "20");
    let digits = &name[..n];
    if n == 8 && year(digits) && matches!(digits[4..6].parse::<u8>(), Ok(1..=12)) {
        return None; // yyyymmdd
    }
    let rest = name[n + 1..].as_bytes();
    if n == 4
        && year(digits)
        && rest.len() >= 3
        && rest[..2].iter().all(u8::is_ascii_digit)
        && matches!(rest[2], b'-' | b'_' | b'.')
    {
        return None; // yyyy-mm-
    }
    digits.parse().ok()
}

/// `../adr/0003-x.md#decision`, not `https://…`, `mailto:`, `#frag` or `/abs`.
fn is_relative_file_link(dest: &str) -> bool {
    !(dest.is_empty()
        || dest.starts_with('#')
        || dest.starts_with('/')
        || dest.contains("://")
        || dest.starts_with("mailto:")
        // `<jane@example.com>`: an e-mail autolink.
        || dest.contains('@') && !dest.contains('/')
        || dest.starts_with("tel:"))
}

/// `a/./b/../c` → `a/c`, without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c.as_os_str()),
        }
    }
    out
}

/// The set of docs, with the lookups the rules share.
pub struct RepoSet<'a> {
    /// Every doc; a doc is known everywhere by its index here.
    pub docs: &'a [RepoDoc],
    by_path: HashMap<&'a Path, usize>,
    /// By number: docs are numbered per directory (ADRs and RFCs in two
    /// folders both have a 0001), so each entry lists every doc with that
    /// number and [`RepoSet::same_series`] tells which collide.
    by_number: HashMap<u32, Vec<usize>>,
    by_id: HashMap<&'a str, Vec<usize>>,
}

impl<'a> RepoSet<'a> {
    /// Indexes `docs` by path, number and id.
    pub fn new(docs: &'a [RepoDoc]) -> Self {
        let mut set = RepoSet {
            docs,
            by_path: HashMap::new(),
            by_number: HashMap::new(),
            by_id: HashMap::new(),
        };
        for (i, d) in docs.iter().enumerate() {
            set.by_path.insert(d.path.as_path(), i);
            if let Some(n) = d.number {
                set.by_number.entry(n).or_default().push(i);
            }
            if let Some((id, _)) = &d.id {
                set.by_id.entry(id.as_str()).or_default().push(i);
            }
        }
        set
    }

    /// Whether two docs are in the same numbered series (directory).
    pub fn same_series(&self, a: usize, b: usize) -> bool {
        self.docs[a].path.parent() == self.docs[b].path.parent()
    }

    /// The doc a reference names: a number (`7`, `0007`: in the referring
    /// doc's directory first, else anywhere if only one doc has it), an
    /// id, or a path relative to the referring doc. `None` when it names
    /// none (or more than one).
    pub fn resolve(&self, from: usize, reference: &str) -> Option<usize> {
        let r = reference.trim();
        if let Ok(n) = r.trim_start_matches('#').parse::<u32>() {
            let all = self.by_number.get(&n).map(Vec::as_slice).unwrap_or(&[]);
            let local: Vec<usize> = all
                .iter()
                .copied()
                .filter(|&d| self.same_series(d, from))
                .collect();
            return match (local.as_slice(), all) {
                ([one], _) => Some(*one),
                ([], [one]) => Some(*one),
                _ => None,
            };
        }
        if let Some([one]) = self.by_id.get(r).map(Vec::as_slice) {
            return Some(*one);
        }
        let path = r.split('#').next().unwrap_or(r);
        self.by_path_from(from, path)
    }

    /// A doc by a path relative to doc `from`.
    pub fn by_path_from(&self, from: usize, rel: &str) -> Option<usize> {
        let dir = self.docs[from].path.parent()?;
        let target = normalize(&dir.join(percent_decode(rel)));
        self.by_path.get(target.as_path()).copied()
    }

    /// Every doc number → the docs that have it, in every directory (indices into `docs`,
    /// ascending); [`RepoSet::same_series`] tells which of them collide.
    pub fn by_number(&self) -> &HashMap<u32, Vec<usize>> {
        &self.by_number
    }

    /// Every front-matter `id` → the docs that set it (indices into `docs`, ascending).
    pub fn by_id(&self) -> &HashMap<&'a str, Vec<usize>> {
        &self.by_id
    }

    /// How a doc is named in messages: its file name (`0007-x.md`) when it
    /// has a number, else its id, else its file name.
    pub fn label(&self, i: usize) -> String {
        let d = &self.docs[i];
        let file = d
            .path
            .file_name()
            .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
        match d.number {
            Some(_) => file,
            None => d.id.as_ref().map_or(file, |(id, _)| id.clone()),
        }
    }
}

/// `%20` → ` ` (links to files with spaces).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// For each doc (by normalised path), the anchors in it that the docs
/// link to with `file.md#anchor` (percent-decoded): a rename of one of
/// those headings would break a link in another doc.
pub fn linked_anchors(docs: &[RepoDoc]) -> HashMap<PathBuf, std::collections::HashSet<String>> {
    let mut out: HashMap<PathBuf, std::collections::HashSet<String>> = HashMap::new();
    for doc in docs {
        for (dest, _) in &doc.links {
            if let Some((target, anchor)) = anchor_link(doc, dest) {
                out.entry(target).or_default().insert(anchor);
            }
        }
    }
    out
}

/// The anchors of the doc at `target` (normalised) that `docs` link to.
pub fn anchors_linked_in<'a>(
    docs: impl IntoIterator<Item = &'a RepoDoc>,
    target: &Path,
) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    for doc in docs {
        for (dest, _) in &doc.links {
            if let Some((to, anchor)) = anchor_link(doc, dest)
                && to == target
            {
                out.insert(anchor);
            }
        }
    }
    out
}

/// A link `file.md#anchor` from `doc`: the file it names (normalised) and
/// the anchor (percent-decoded).
fn anchor_link(doc: &RepoDoc, dest: &str) -> Option<(PathBuf, String)> {
    let dir = doc.path.parent()?;
    let (file, anchor) = dest.split_once('#')?;
    let file = file.split('?').next().unwrap_or(file);
    if file.is_empty() || anchor.is_empty() {
        return None;
    }
    Some((
        normalize(&dir.join(percent_decode(file))),
        percent_decode(anchor),
    ))
}

/// Runs every repository rule. `exists` says whether a linked file that
/// is not one of the docs exists. `settings(i)` gives doc `i`'s rule
/// severities. Results: (doc index, diagnostic), sorted.
pub fn check_repo(
    docs: &[RepoDoc],
    exists: &dyn Fn(&Path) -> bool,
    settings: &dyn Fn(usize) -> Settings,
) -> Vec<(usize, Diagnostic)> {
    let set = RepoSet::new(docs);
    let mut raw: Vec<(usize, Diagnostic)> = Vec::new();
    for rule in crate::RULES {
        if let crate::Kind::Repository(check) = rule.kind {
            check(&set, exists, &mut raw);
        }
    }
    let mut cache: HashMap<usize, Settings> = HashMap::new();
    let mut out = Vec::with_capacity(raw.len());
    for (i, mut d) in raw {
        if docs[i].suppressions.suppresses(&d) {
            continue;
        }
        let s = cache.entry(i).or_insert_with(|| settings(i));
        if let Some(sev) = s.severity(d.rule) {
            d.severity = d.severity.configured(sev, d.rule.default_severity);
            out.push((i, d));
        }
    }
    out.sort_by(|a, b| {
        (a.0, a.1.range.start, a.1.rule.code).cmp(&(b.0, b.1.range.start, b.1.rule.code))
    });
    out
}
