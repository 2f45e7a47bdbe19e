//! `designdoc serve`: the site over HTTP on loopback, rebuilt when a doc,
//! the configuration or the theme changes, with open pages reloaded
//! (server-sent events).
//!
//! Hardened as a local server must be: it answers only requests whose
//! `Host` is a loopback name (a DNS-rebinding page cannot read it), serves
//! only regular files inside the output directory (no `..`, encoded or
//! not, no dot-files, no symlink out), only GET and HEAD, and no request
//! body is ever read.

use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::broadcast;

/// The Content-Security-Policy every response carries (the pages carry
/// the same in a meta element, for static hosts).
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The path of the reload event stream.
pub const EVENTS: &str = "/__designdoc/events";

/// What the server shares between requests.
#[derive(Clone)]
pub struct Shared {
    /// The output directory, canonical.
    root: Arc<PathBuf>,
    reload: broadcast::Sender<String>,
}

impl Shared {
    /// State for serving `out_dir`, which must already exist (build the site
    /// first): fails when it cannot be canonicalized. Clones share one
    /// reload channel, so [`Shared::notify`] on any clone reaches every page.
    pub fn new(out_dir: &Path) -> std::io::Result<Shared> {
        let (reload, _) = broadcast::channel(64);
        Ok(Shared {
            root: Arc::new(std::fs::canonicalize(out_dir)?),
            reload,
        })
    }

    /// Tells open pages that `changed` pages (site paths) were rewritten.
    pub fn notify(&self, changed: &[String]) {
        let data = serde_json::json!({ "changed": changed }).to_string();
        let _ = self.reload.send(data);
    }
}

/// The router: the event stream and the files.
pub fn router(shared: Shared) -> axum::Router {
    axum::Router::new().fallback(handle).with_state(shared)
}

/// Binds `addr` and serves until the process ends. `ready` is called with
/// the bound address (the port may have been 0).
pub async fn run(
    addr: SocketAddr,
    shared: Shared,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    ready(listener.local_addr()?);
    axum::serve(listener, router(shared)).await
}

async fn handle(State(shared): State<Shared>, req: Request) -> Response {
    // The body is never read: only what the answer depends on is kept.
    let host_ok = loopback_host(req.headers().get(header::HOST));
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    drop(req);
    let mut res = answer(&shared, host_ok, method, path).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

async fn answer(shared: &Shared, host_ok: bool, method: Method, path: String) -> Response {
    if !host_ok {
        return plain(
            StatusCode::FORBIDDEN,
            "designdoc serve answers only requests for localhost or 127.0.0.1\n",
        );
    }
    if method != Method::GET && method != Method::HEAD {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    if path == EVENTS {
        return events(shared).into_response();
    }
    let Some(rel) = site_path(&path) else {
        return plain(StatusCode::NOT_FOUND, "not found\n");
    };
    let head = method == Method::HEAD;
    let root = shared.root.clone();
    tokio::task::spawn_blocking(move || read_file(&root, &rel, head))
        .await
        .unwrap_or_else(|_| plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error\n"))
}

fn events(
    shared: &Shared,
) -> Sse<impl futures_util::Stream<Item = Result<Event, std::convert::Infallible>> + 'static> {
    let rx = shared.reload.subscribe();
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(data) => return Some((Ok(Event::default().event("reload").data(data)), rx)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// True for `localhost`, `127.0.0.1` and `[::1]`, with or without a port.
pub fn loopback_host(host: Option<&HeaderValue>) -> bool {
    let Some(host) = host.and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((ip, port)) if port.is_empty() || port.starts_with(':') => ip,
            _ => return false,
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            Some(_) => return false,
            None => host,
        }
    };
    name.eq_ignore_ascii_case("localhost") || name == "127.0.0.1" || name == "::1"
}

/// A request path as a path relative to the output directory: decoded,
/// every component a plain name not starting with a dot. `None` for
/// anything else (`..`, `.` files, NUL, backslashes, bad encoding).
pub fn site_path(path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    if decoded.contains(['\0', '\\']) || !decoded.starts_with('/') {
        return None;
    }
    let mut rel = PathBuf::new();
    for part in decoded.split('/').filter(|p| !p.is_empty()) {
        if part.starts_with('.') || part.contains(':') {
            return None;
        }
        rel.push(part);
    }
    if decoded.ends_with('/') || rel.as_os_str().is_empty() {
        rel.push("index.html");
    }
    rel.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then_some(rel)
}

fn read_file(root: &Path, rel: &Path, head: bool) -> Response {
    let joined = root.join(rel);
    // The file as it really is: a symlink pointing out of the output
    // directory resolves out of it and is refused.
    let path = match std::fs::canonicalize(&joined) {
        Ok(p) if p.starts_with(root) => p,
        Ok(_) => return plain(StatusCode::NOT_FOUND, "not found\n"),
        Err(_) => {
            // `/docs/x` for `/docs/x.html` or `/docs/x/index.html`.
            for alt in [joined.with_extension("html"), joined.join("index.html")] {
                if let Ok(p) = std::fs::canonicalize(&alt)
                    && p.starts_with(root)
                    && p.is_file()
                {
                    return send(&p, head);
                }
            }
            return plain(StatusCode::NOT_FOUND, "not found\n");
        }
    };
    if path.is_dir() {
        let index = path.join("index.html");
        if index.is_file() {
            return send(&index, head);
        }
        return plain(StatusCode::NOT_FOUND, "not found\n");
    }
    send(&path, head)
}

fn send(path: &Path, head: bool) -> Response {
    let meta = match std::fs::metadata(path) {
        Ok(m) if m.is_file() => m,
        _ => return plain(StatusCode::NOT_FOUND, "not found\n"),
    };
    let html = path.extension().is_some_and(|e| e == "html");
    // A page gets the live-reload script as it is served, never in the
    // file: a site built by `serve` deploys as `build` makes it.
    let (body, len) = if html {
        match std::fs::read(path) {
            Ok(b) => {
                let b = with_reload_script(b);
                let len = b.len() as u64;
                (if head { Body::empty() } else { Body::from(b) }, len)
            }
            Err(_) => return plain(StatusCode::NOT_FOUND, "not found\n"),
        }
    } else if head {
        (Body::empty(), meta.len())
    } else {
        match std::fs::read(path) {
            Ok(b) => (Body::from(b), meta.len()),
            Err(_) => return plain(StatusCode::NOT_FOUND, "not found\n"),
        }
    };
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, content_type(path))
        .header(header::CONTENT_LENGTH, len)
        .header(header::CACHE_CONTROL, "no-cache")
        .body(body)
        .unwrap_or_else(|_| plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error\n"))
}

/// The tag that loads `reload.js` (served from the output's root).
const RELOAD_SCRIPT: &[u8] = b"<script src=\"/assets/reload.js\" defer></script>\n";

/// `page` with the live-reload script before its `</head>` (a page
/// without one is served as it is).
pub fn with_reload_script(mut page: Vec<u8>) -> Vec<u8> {
    if let Some(at) = page
        .windows(7)
        .position(|w| w.eq_ignore_ascii_case(b"</head>"))
    {
        page.splice(at..at, RELOAD_SCRIPT.iter().copied());
    }
    page
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/atom+xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "wasm" => "application/wasm",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

/// Waits for changes: collects file-system events until none came for
/// `quiet`, and returns the paths that changed.
pub fn debounce(
    rx: &std::sync::mpsc::Receiver<notify::Result<notify::Event>>,
    quiet: Duration,
) -> Option<Vec<PathBuf>> {
    let first = rx.recv().ok()?;
    let mut paths = Vec::new();
    let mut take = |e: notify::Result<notify::Event>| {
        if let Ok(e) = e
            && !matches!(e.kind, notify::EventKind::Access(_))
        {
            paths.extend(e.paths);
        }
    };
    take(first);
    let mut deadline = Instant::now() + quiet;
    loop {
        let now = Instant::now();
        if now >= deadline {
            break;
        }
        match rx.recv_timeout(deadline - now) {
            Ok(e) => {
                take(e);
                deadline = Instant::now() + quiet;
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => break,
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return None,
        }
    }
    paths.sort();
    paths.dedup();
    Some(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_are_answered() {
        let ok = |h: &str| loopback_host(Some(&HeaderValue::from_str(h).unwrap()));
        for good in [
            "localhost",
            "localhost:4000",
            "127.0.0.1:8080",
            "[::1]:4000",
            "LOCALHOST",
        ] {
            assert!(ok(good), "{good}");
        }
        for bad in [
            "evil.example",
            "evil.example:4000",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "127.0.0.2",
            "[::1]x",
            "localhost:80:80",
            "",
        ] {
            assert!(!ok(bad), "{bad}");
        }
        assert!(!loopback_host(None));
    }

    #[test]
    fn request_paths_stay_inside() {
        assert_eq!(site_path("/"), Some(PathBuf::from("index.html")));
        assert_eq!(site_path("/docs/"), Some(PathBuf::from("docs/index.html")));
        assert_eq!(
            site_path("/docs/0001%20x.html"),
            Some(PathBuf::from("docs/0001 x.html"))
        );
        for bad in [
            "/../etc/passwd",
            "/docs/../../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fx",
            "/..%2fx",
            "/docs/%2e%2e/%2e%2e/x",
            "/.designdoc-site.json",
            "/a%00b",
            "/a%5c..%5cb",
            "/C:/x",
            "/%ff",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }
}
