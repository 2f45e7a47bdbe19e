//! Each source's bundle: exported from a checkout, read from a folder, or
//! from a shallow git clone; checked as the untrusted input it is. One
//! source that fails never stops the others: it is `stale` (its last good
//! bundle, kept in the cache) or `refused`, with the reason.

use std::path::{Path, PathBuf};
use std::process::Command;

use designdoc_site::bundle::{self, Bundle};

use crate::config::{Source, SourceKind};

/// The most a bundle's `docs.json` may hold.
pub const MAX_BUNDLE: u64 = 64 * 1024 * 1024;
/// The most one doc's HTML in a bundle may hold.
pub const MAX_PAGE: usize = 16 * 1024 * 1024;

/// What came of a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Read now.
    Ok,
    /// Not readable now: its last good bundle is shown.
    Stale,
    /// Nothing to show: not readable, or not acceptable.
    Refused,
}

impl State {
    /// `ok`, `stale` or `refused`, as `catalog.json` says it.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Ok => "ok",
            State::Stale => "stale",
            State::Refused => "refused",
        }
    }
}

/// A source and its docs.
#[derive(Debug)]
pub struct Loaded {
    /// The source, as configured.
    pub source: Source,
    /// What came of it.
    pub state: State,
    /// Why it is stale or refused, or what was set aside from it.
    pub message: Option<String>,
    /// Its docs' metadata (none when refused): paths confined. Their HTML,
    /// headings and findings are left in the accepted bundle the cache
    /// keeps ([`accepted_bundle`]), read again only for the pages written.
    pub docs: Vec<bundle::BundleDoc>,
    /// Its pages must be written: its bundle is not the one the previous
    /// build wrote them from.
    pub fresh: bool,
    /// What the previous build needs to know of it next time.
    pub seen: Option<Seen>,
}

/// A source as a build saw it: kept in the catalog's manifest, so that the
/// next build knows an unchanged bundle without parsing or sanitising it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Seen {
    /// Hash of the bundle as the source gave it.
    pub raw: u64,
    /// Hash of the accepted bundle (the cache's copy).
    pub accepted: u64,
    /// What was set aside from it.
    pub message: Option<String>,
}

/// Reads every source, in parallel, one bundle in memory per thread;
/// `cache` keeps git clones and each source's accepted bundle, `seen`
/// what the previous build saw of each source (by name).
pub fn load_all(
    sources: &[Source],
    cache: &Path,
    seen: &std::collections::HashMap<String, Seen>,
) -> Vec<Loaded> {
    use rayon::prelude::*;
    sources
        .par_iter()
        .map(|s| load(s, cache, seen.get(&s.name)))
        .collect()
}

/// Where the cache keeps a source's accepted bundle: its last good one.
pub fn accepted_bundle(cache: &Path, name: &str) -> PathBuf {
    cache.join("bundles").join(format!("{name}.json"))
}

/// Where the cache keeps the metadata of a source's accepted bundle (its
/// docs without pages, headings or findings): what a build needs of a
/// bundle that did not change, read instead of the whole bundle.
fn metadata_file(cache: &Path, name: &str) -> PathBuf {
    cache.join("metadata").join(format!("{name}.json"))
}

/// [`metadata_file`]'s content: the docs, and the hash and length of the
/// accepted copy they come from.
#[derive(serde::Serialize, serde::Deserialize)]
struct Metadata {
    accepted: u64,
    len: u64,
    docs: Vec<bundle::BundleDoc>,
}

/// The docs of the accepted bundle whose hash is `accepted`, as the cache
/// keeps them; none when it keeps no such file, one of another bundle, or
/// the accepted copy is not the length it was (gone, cut short, replaced).
fn read_metadata(cache: &Path, name: &str, accepted: u64) -> Option<Vec<bundle::BundleDoc>> {
    let text = designdoc_repo::read_doc(&metadata_file(cache, name), MAX_BUNDLE).ok()?;
    let m: Metadata = serde_json::from_str(&text).ok()?;
    let len = std::fs::metadata(accepted_bundle(cache, name)).ok()?.len();
    (m.accepted == accepted && m.len == len).then_some(m.docs)
}

/// Keeps `docs` (already [`metadata`]) as the metadata of the accepted
/// copy of that hash and length when the cache is known to hold that
/// copy; else removes what it kept (best effort both: without it, the
/// next build reads the whole bundle).
fn keep_metadata(cache: &Path, name: &str, copy: Option<(u64, u64)>, docs: &[bundle::BundleDoc]) {
    let path = metadata_file(cache, name);
    let Some((accepted, len)) = copy else {
        let _ = std::fs::remove_file(&path);
        return;
    };
    let m = Metadata {
        accepted,
        len,
        docs: docs.to_vec(),
    };
    let _ = std::fs::create_dir_all(path.parent().unwrap_or(cache));
    let _ = designdoc_repo::write_new_or_replace(
        &path,
        serde_json::to_string(&m).expect("plain data serializes"),
    );
}

/// One source: read now, else its last good bundle, else refused. When
/// the source gives the bundle `seen` records, its accepted copy in the
/// cache stands for it: not sanitised again, its pages not written again.
pub fn load(source: &Source, cache: &Path, seen: Option<&Seen>) -> Loaded {
    let kept = accepted_bundle(cache, &source.name);
    let raw = match &source.kind {
        SourceKind::Path(dir) => export(dir, &source.name, cache).map(|b| to_json(&b)),
        SourceKind::Bundle(p) => read_bundle_text(p),
        SourceKind::Git { url, rev } => clone(url, rev.as_deref(), &source.name, cache)
            .and_then(|dir| export(&dir, &source.name, cache))
            .map(|b| to_json(&b)),
    };
    let raw = raw.map(|raw| (designdoc_repo::text_hash(&raw), raw));
    // The bundle the last build accepted: its docs' metadata is all this
    // build needs of it (its pages stand; the accepted copy is read only
    // for a page to write again, or a search shard to index again).
    if let Ok((raw_hash, _)) = &raw
        && let Some(s) = seen.filter(|s| s.raw == *raw_hash)
        && let Some(docs) = read_metadata(cache, &source.name, s.accepted)
    {
        return Loaded {
            source: source.clone(),
            state: State::Ok,
            message: s.message.clone(),
            docs,
            fresh: false,
            seen: Some(s.clone()),
        };
    }
    let now = raw.and_then(|(raw_hash, raw)| {
        if let Some(s) = seen.filter(|s| s.raw == raw_hash)
            && let Ok(text) = designdoc_repo::read_doc(&kept, MAX_BUNDLE)
            && designdoc_repo::text_hash(&text) == s.accepted
        {
            return Ok((text, None, s.clone(), false, true));
        }
        let what = match &source.kind {
            SourceKind::Bundle(p) if p.is_dir() => p.join(bundle::FILE).display().to_string(),
            SourceKind::Bundle(p) => p.display().to_string(),
            _ => "the exported bundle".to_string(),
        };
        let (b, set_aside) = parse(&raw, &what).and_then(|b| accept(b, &source.name))?;
        let text = to_json(&b);
        let _ = std::fs::create_dir_all(kept.parent().unwrap_or(cache));
        let kept_now = designdoc_repo::write_new_or_replace(&kept, &text).is_ok();
        let s = Seen {
            raw: raw_hash,
            accepted: designdoc_repo::text_hash(&text),
            message: set_aside,
        };
        Ok((text, Some(b), s, true, kept_now))
    });
    match now {
        // A bundle accepted now is the one just parsed; the cache's copy
        // is parsed here.
        Ok((text, parsed, s, fresh, kept_now)) => {
            match parsed.map_or_else(|| parse(&text, "the cached bundle"), Ok) {
                Ok(b) => {
                    let docs = metadata(b);
                    // Metadata only of a copy the cache holds: pages and search
                    // read that copy.
                    let copy = (s.accepted, text.len() as u64);
                    keep_metadata(cache, &source.name, kept_now.then_some(copy), &docs);
                    Loaded {
                        source: source.clone(),
                        state: State::Ok,
                        message: s.message.clone(),
                        docs,
                        fresh,
                        seen: Some(s),
                    }
                }
                Err(why) => refused_source(source, why.message),
            }
        }
        Err(why) if !matches!(source.kind, SourceKind::Bundle(_)) || why.unreachable => {
            // Its last good bundle, as the cache keeps it (accepted then).
            let last = designdoc_repo::read_doc(&kept, MAX_BUNDLE)
                .ok()
                .and_then(|text| parse(&text, "the cached bundle").ok().map(|b| (text, b)));
            match last {
                Some((text, b)) => {
                    let accepted = designdoc_repo::text_hash(&text);
                    Loaded {
                        source: source.clone(),
                        state: State::Stale,
                        message: Some(format!("{}; showing its last good bundle", why.message)),
                        docs: metadata(b),
                        fresh: seen.is_none_or(|s| s.accepted != accepted),
                        // What the last build saw stands only for the copy
                        // it accepted: another copy (a build that failed
                        // after writing it) is not known by the source's
                        // hash.
                        seen: seen.map(|s| {
                            if s.accepted == accepted {
                                s.clone()
                            } else {
                                Seen {
                                    raw: 0,
                                    accepted,
                                    message: None,
                                }
                            }
                        }),
                    }
                }
                None => refused_source(source, why.message),
            }
        }
        Err(why) => refused_source(source, why.message),
    }
}

fn refused_source(source: &Source, message: String) -> Loaded {
    Loaded {
        source: source.clone(),
        state: State::Refused,
        message: Some(message),
        docs: Vec::new(),
        fresh: false,
        seen: None,
    }
}

fn to_json(b: &Bundle) -> String {
    serde_json::to_string(b).expect("plain data serializes")
}

/// A bundle's docs without their pages, headings and findings.
fn metadata(b: Bundle) -> Vec<bundle::BundleDoc> {
    b.docs
        .into_iter()
        .map(|mut d| {
            d.html = String::new();
            d.toc = Vec::new();
            d.diagnostics = Vec::new();
            d
        })
        .collect()
}

fn parse(text: &str, what: &str) -> Result<Bundle, Failure> {
    serde_json::from_str(text).map_err(|e| {
        // A site's own docs.json (`designdoc build`) shares the name.
        let site = serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| {
            v.get("version").is_some() && v.get("docs").is_some() && v.get("format").is_none()
        });
        if site {
            return refused(format!(
                "{what}: a site's docs.json (designdoc build), not a bundle: point the source at the folder designdoc export writes (site/export/ by default)"
            ));
        }
        refused(format!(
            "{what}:{}:{}: not a designdoc bundle: {e}",
            e.line(),
            e.column()
        ))
    })
}

/// Why a source gave no bundle.
#[derive(Debug)]
pub struct Failure {
    /// What happened, for a person.
    pub message: String,
    /// It could not be reached (rather than refused for what it holds):
    /// its last good bundle may stand in.
    pub unreachable: bool,
}

fn unreachable(message: String) -> Failure {
    Failure {
        message,
        unreachable: true,
    }
}

fn refused(message: String) -> Failure {
    Failure {
        message,
        unreachable: false,
    }
}

/// A checkout's bundle, made as `designdoc export` makes it, with the
/// checkout's own `designdoc.toml`.
fn export(dir: &Path, name: &str, cache: &Path) -> Result<Bundle, Failure> {
    if !dir.is_dir() {
        return Err(unreachable(format!("{} is not a folder", dir.display())));
    }
    // Its own configuration, never one found above it (a clone in the
    // cache would take the catalog's).
    if !dir.join("designdoc.toml").is_file() {
        return Err(refused(format!(
            "{} has no designdoc.toml: the catalog builds a repository with its own configuration",
            dir.display()
        )));
    }
    let ws = designdoc_repo::Workspace::discover(dir)
        .map_err(|e| refused(format!("its designdoc.toml: {e}")))?;
    let mut options = designdoc_site::Options::from_workspace(&ws, designdoc_repo::today());
    options.out_dir = cache.join("export").join(name);
    options.search = false;
    let mut site = designdoc_site::Site::new(&ws, options).map_err(|e| refused(e.to_string()))?;
    Ok(site.export(&ws, dir, name, &designdoc_site::Quiet))
}

/// A bundle's `docs.json` as text: the file, or the folder holding it.
pub fn read_bundle_text(path: &Path) -> Result<String, Failure> {
    if path.extension().is_some_and(|e| e == "gz" || e == "tgz") {
        return read_archive(path);
    }
    let file = if path.is_dir() {
        path.join(bundle::FILE)
    } else {
        path.to_path_buf()
    };
    designdoc_repo::read_doc(&file, MAX_BUNDLE).map_err(|e| match e {
        designdoc_repo::ReadError::Io(_) => unreachable(format!("{}: {e}", file.display())),
        e => refused(format!("{}: {e}", file.display())),
    })
}

/// `docs.json` from a `.tar.gz` of a bundle's folder (at its top, or in
/// one folder), read as it streams by: nothing is unpacked to disk, so no
/// path in the archive is ever used.
fn read_archive(path: &Path) -> Result<String, Failure> {
    use std::io::Read as _;
    let shown = path.display();
    let file = match std::fs::metadata(path) {
        Ok(m) if m.is_file() => std::fs::File::open(path),
        Ok(_) => return Err(refused(format!("{shown}: not a regular file"))),
        Err(e) => Err(e),
    }
    .map_err(|e| unreachable(format!("{shown}: {e}")))?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let entries = archive
        .entries()
        .map_err(|e| refused(format!("{shown}: not a .tar.gz: {e}")))?;
    for entry in entries {
        let entry = entry.map_err(|e| refused(format!("{shown}: not a .tar.gz: {e}")))?;
        let is_bundle = entry.path().is_ok_and(|p| {
            p.file_name().is_some_and(|n| n == bundle::FILE) && p.components().count() <= 2
        });
        if !is_bundle || !entry.header().entry_type().is_file() {
            continue;
        }
        let mut text = String::new();
        entry
            .take(MAX_BUNDLE + 1)
            .read_to_string(&mut text)
            .map_err(|e| refused(format!("{shown}: its {}: {e}", bundle::FILE)))?;
        if text.len() as u64 > MAX_BUNDLE {
            return Err(refused(format!(
                "{shown}: its {} is over {} MB",
                bundle::FILE,
                MAX_BUNDLE / 1024 / 1024
            )));
        }
        return Ok(text);
    }
    Err(refused(format!("{shown}: holds no {}", bundle::FILE)))
}

/// A bundle's docs, as the catalog shows them, read from the cache's
/// accepted copy (its HTML sanitised when it was accepted).
pub fn read_accepted(cache: &Path, name: &str) -> Option<Vec<bundle::BundleDoc>> {
    let text = designdoc_repo::read_doc(&accepted_bundle(cache, name), MAX_BUNDLE).ok()?;
    serde_json::from_str::<Bundle>(&text).ok().map(|b| b.docs)
}

/// `git clone --depth 1` into the cache (or a fetch of `rev` into an
/// earlier clone), with the system `git`: hooks never come with a clone,
/// and the user's templates are not used.
fn clone(url: &str, rev: Option<&str>, name: &str, cache: &Path) -> Result<PathBuf, Failure> {
    let dir = cache.join("git").join(name);
    let git = |args: &[&str], at: &Path| -> Result<(), Failure> {
        // Symbolic links are checked out as plain files (a link to a file
        // of this machine must not become a doc's page), no hook runs, no
        // `ext::` transport, and nothing waits for a password or a stalled
        // server.
        let out = Command::new("git")
            .args([
                "-c",
                "core.symlinks=false",
                "-c",
                "core.hooksPath=/dev/null",
                "-c",
                "protocol.ext.allow=never",
                "-c",
                "http.lowSpeedLimit=1000",
                "-c",
                "http.lowSpeedTime=60",
            ])
            .args(args)
            .current_dir(at)
            .env_remove("GIT_DIR")
            .env("GIT_TERMINAL_PROMPT", "0")
            .env(
                "GIT_SSH_COMMAND",
                "ssh -o BatchMode=yes -o ConnectTimeout=30",
            )
            .output()
            .map_err(|e| unreachable(format!("cannot run git: {e}")))?;
        if out.status.success() {
            Ok(())
        } else {
            // git's first line says what failed; the rest is advice.
            let stderr = String::from_utf8_lossy(&out.stderr);
            let first = stderr.lines().map(str::trim).find(|l| !l.is_empty());
            Err(unreachable(format!(
                "git {}: {}",
                args.first().copied().unwrap_or(""),
                first.unwrap_or("failed")
            )))
        }
    };
    if dir.join(".git").is_dir() {
        // From the configured URL (it may have changed since the clone).
        git(
            &[
                "fetch",
                "-q",
                "--depth",
                "1",
                "--",
                url,
                rev.unwrap_or("HEAD"),
            ],
            &dir,
        )?;
        git(&["checkout", "-q", "--detach", "FETCH_HEAD"], &dir)?;
    } else {
        std::fs::create_dir_all(cache.join("git"))
            .map_err(|e| unreachable(format!("cannot create {}: {e}", cache.display())))?;
        let target = dir.to_string_lossy().into_owned();
        let mut args = vec!["clone", "-q", "--depth", "1", "--template="];
        if let Some(r) = rev {
            args.extend(["--branch", r]);
        }
        args.extend(["--", url, target.as_str()]);
        git(&args, cache)?;
    }
    Ok(dir)
}

/// A bundle as the catalog shows it: of this designdoc's format, naming
/// its source, each doc's path confined and its HTML sanitised again.
/// Docs set aside are named in the second value.
fn accept(mut b: Bundle, name: &str) -> Result<(Bundle, Option<String>), Failure> {
    if b.format != bundle::FORMAT {
        return Err(refused(format!(
            "the bundle is of format {} (designdoc {:?}); this designdoc reads format {}",
            b.format,
            b.designdoc,
            bundle::FORMAT
        )));
    }
    if b.name != name {
        return Err(refused(format!(
            "the bundle names the repository {:?}, but this source is {:?}",
            b.name, name
        )));
    }
    let mut set_aside = Vec::new();
    // Pages taken so far (case aside), and the folders they sit in: no
    // page may replace another, the source's own index, or a folder.
    let mut pages: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut folders: std::collections::HashSet<String> = std::collections::HashSet::new();
    b.docs.retain_mut(|d| {
        let Some(page) = page_of(&d.path) else {
            set_aside.push(format!("{:?} (not a relative path inside it)", d.path));
            return false;
        };
        let key = page.to_ascii_lowercase();
        let parents: Vec<String> = key
            .match_indices('/')
            .map(|(i, _)| key[..i].to_string())
            .collect();
        if key == "index.html"
            || pages.contains(&key)
            || folders.contains(&key)
            || parents.iter().any(|p| pages.contains(p))
        {
            set_aside.push(format!("{:?} (its page would replace another)", d.path));
            return false;
        }
        if d.html.len() > MAX_PAGE {
            set_aside.push(format!("{:?} (its page is over 16 MB)", d.path));
            return false;
        }
        if nesting(&d.html) > designdoc_render::MAX_DEPTH {
            set_aside.push(format!(
                "{:?} (its HTML nests deeper than {} levels)",
                d.path,
                designdoc_render::MAX_DEPTH
            ));
            return false;
        }
        d.html = designdoc_render::sanitize(&d.html);
        pages.insert(key);
        folders.extend(parents);
        true
    });
    let message = (!set_aside.is_empty()).then(|| format!("set aside: {}", set_aside.join(", ")));
    Ok((b, message))
}

/// How deep `html`'s elements nest (void elements not counted): the
/// sanitiser's parser is slow on very deep nesting, so a bundle's page
/// deeper than the renderer ever makes is set aside unparsed.
fn nesting(html: &str) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    let b = html.as_bytes();
    let (mut depth, mut deepest) = (0isize, 0isize);
    let mut i = 0;
    while let Some(k) = b[i..].iter().position(|&c| c == b'<') {
        let at = i + k;
        i = at + 1;
        match b.get(at + 1) {
            Some(b'/') => depth -= 1,
            Some(c) if c.is_ascii_alphabetic() => {
                let name_end = b[at + 1..]
                    .iter()
                    .position(|c| !c.is_ascii_alphanumeric())
                    .map_or(b.len(), |e| at + 1 + e);
                let name = html[at + 1..name_end].to_ascii_lowercase();
                let self_closing = b[at..]
                    .iter()
                    .position(|&c| c == b'>')
                    .is_some_and(|e| e > 0 && b[at + e - 1] == b'/');
                if !self_closing && !VOID.contains(&name.as_str()) {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
            }
            _ => {}
        }
    }
    deepest.max(0) as usize
}

/// The page of a doc at `path` (relative to its repository), relative to
/// its source's folder of the site: `docs/design/0001-x.md` →
/// `docs/design/0001-x.html`. `None` for a path that could leave that
/// folder or name a hidden file.
pub fn page_of(path: &str) -> Option<String> {
    if path.is_empty()
        || path.len() > 1024
        || path.starts_with('/')
        || path.contains(['\\', '\0', ':'])
    {
        return None;
    }
    let parts: Vec<&str> = path.split('/').collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || p.starts_with('.') || p.chars().any(char::is_control))
    {
        return None;
    }
    let stem = path
        .strip_suffix(".md")
        .or_else(|| path.strip_suffix(".markdown"))
        .unwrap_or(path);
    Some(format!("{stem}.html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_counts_open_elements_but_not_void_ones() {
        assert_eq!(nesting("<p>a<br>b<img src=x><b><i>c</i></b></p>"), 3);
        assert_eq!(nesting(&"<b>".repeat(600)), 600);
        assert_eq!(nesting(&"<br>".repeat(600)), 0);
    }

    #[test]
    fn a_doc_path_stays_inside_its_folder() {
        assert_eq!(
            page_of("docs/0001-x.md").as_deref(),
            Some("docs/0001-x.html")
        );
        for bad in [
            "../x.md",
            "/etc/passwd",
            "a/../../b.md",
            "a\\b.md",
            ".hidden.md",
            "a//b.md",
            "c:x.md",
            "",
        ] {
            assert_eq!(page_of(bad), None, "{bad}");
        }
    }
}
