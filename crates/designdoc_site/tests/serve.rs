//! `designdoc serve`'s server, spoken to over raw TCP as a browser or an
//! attacker would: traversal in every encoding, foreign Host headers,
//! huge requests, many clients at once, the reload stream.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::Duration;

use common::*;
use designdoc_site::serve::{self, Shared};

struct Server {
    addr: SocketAddr,
    shared: Shared,
    _runtime: tokio::runtime::Runtime,
}

fn start(out: &Path) -> Server {
    let shared = Shared::new(out).unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let s = shared.clone();
    runtime.spawn(async move {
        serve::run("127.0.0.1:0".parse().unwrap(), s, |a| tx.send(a).unwrap())
            .await
            .unwrap();
    });
    let addr = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    Server {
        addr,
        shared,
        _runtime: runtime,
    }
}

/// Sends `request` as is; returns the status code and the whole response.
fn raw(addr: SocketAddr, request: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    // The server may answer and close before reading everything.
    let _ = s.write_all(request);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let code = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (code, text)
}

fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    raw(
        addr,
        format!(
            "GET {path} HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
            addr.port()
        )
        .as_bytes(),
    )
}

/// A site, with a secret beside it and a symlink pointing at the secret.
fn served() -> (tempfile::TempDir, Server) {
    let dir = repo();
    build(dir.path(), |_| {});
    std::fs::write(dir.path().join("secret.txt"), "TOP-SECRET").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        dir.path().join("secret.txt"),
        dir.path().join("site/leak.txt"),
    )
    .unwrap();
    let server = start(&dir.path().join("site"));
    (dir, server)
}

#[test]
fn serves_the_site_with_security_headers() {
    let (_dir, server) = served();
    let (code, res) = get(server.addr, "/");
    assert_eq!(code, 200, "{res}");
    assert!(res.contains("Fixture docs"));
    let lower = res.to_ascii_lowercase();
    assert!(lower.contains("content-security-policy: default-src 'self'"));
    assert!(lower.contains("x-content-type-options: nosniff"));
    assert!(lower.contains("content-type: text/html"));
    let (code, res) = get(server.addr, "/docs/0001-rate-limiter.html");
    assert_eq!(code, 200);
    assert!(res.contains("Token bucket"));
    let (code, _) = get(server.addr, "/pagefind/pagefind.js");
    assert_eq!(code, 200);
    let (code, _) = get(server.addr, "/no-such-page.html");
    assert_eq!(code, 404);
}

#[test]
fn nothing_outside_the_output_directory_is_served() {
    let (_dir, server) = served();
    for path in [
        "/../secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/docs/../../secret.txt",
        "/docs/%2e%2e/%2e%2e/secret.txt",
        "/docs/..%5c..%5csecret.txt",
        "/%252e%252e/secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "//secret.txt",
        "/leak.txt",
        "/.designdoc-site.json",
        "/docs/%00/../../secret.txt",
    ] {
        let (code, res) = get(server.addr, path);
        assert!(!res.contains("TOP-SECRET"), "{path} leaked the secret");
        assert!(code == 404 || code == 400, "{path}: {code}\n{res}");
    }
    // An absolute-form request target for another file.
    let (code, res) = raw(
        server.addr,
        format!(
            "GET http://localhost:{}/../secret.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            server.addr.port()
        )
        .as_bytes(),
    );
    assert!(!res.contains("TOP-SECRET") && code != 200, "{res}");
}

#[test]
fn a_foreign_host_is_refused() {
    let (_dir, server) = served();
    for host in [
        "evil.example",
        "evil.example:4000",
        "localhost.evil.example",
        "127.0.0.1.nip.io",
    ] {
        let (code, res) = raw(
            server.addr,
            format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
        );
        assert_eq!(code, 403, "{host}: {res}");
        assert!(!res.contains("Fixture docs"));
    }
    // No Host at all (HTTP/1.0).
    let (code, _) = raw(server.addr, b"GET / HTTP/1.0\r\n\r\n");
    assert_eq!(code, 403);
    // 127.0.0.1 and [::1] are loopback too.
    let (code, _) = raw(
        server.addr,
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(code, 200);
}

#[test]
fn huge_requests_are_refused_and_the_server_keeps_serving() {
    let (_dir, server) = served();
    // A 10 MB body: never read; the method is not allowed anyway.
    let body = vec![b'x'; 10 * 1024 * 1024];
    let mut req = format!(
        "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    req.extend_from_slice(&body);
    let (code, _) = raw(server.addr, &req);
    assert_eq!(code, 405);
    // A 10 MB request line: refused by the HTTP parser (or the
    // connection closed), not buffered.
    let long = format!(
        "GET /{} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        "a".repeat(10 * 1024 * 1024)
    );
    let (code, _) = raw(server.addr, long.as_bytes());
    assert!(
        code == 0 || code == 400 || code == 414 || code == 431,
        "{code}"
    );
    // 10 MB of headers.
    let mut headers = String::from("GET / HTTP/1.1\r\nHost: localhost\r\n");
    for i in 0..(10 * 1024) {
        headers.push_str(&format!("X-Pad-{i}: {}\r\n", "p".repeat(1000)));
    }
    headers.push_str("\r\n");
    let (code, _) = raw(server.addr, headers.as_bytes());
    assert!(code == 0 || code == 400 || code == 431, "{code}");
    let (code, _) = get(server.addr, "/");
    assert_eq!(code, 200, "the server stopped serving");
}

#[test]
fn two_hundred_concurrent_requests_are_all_answered() {
    let (dir, server) = served();
    let on_disk = std::fs::read(dir.path().join("site/docs/0001-rate-limiter.html")).unwrap();
    let expected = designdoc_site::serve::with_reload_script(on_disk);
    let addr = server.addr;
    let threads: Vec<_> = (0..200)
        .map(|i| {
            std::thread::spawn(move || {
                let path = if i % 2 == 0 {
                    "/docs/0001-rate-limiter.html"
                } else {
                    "/../secret.txt"
                };
                (i, get(addr, path))
            })
        })
        .collect();
    for t in threads {
        let (i, (code, res)) = t.join().unwrap();
        if i % 2 == 0 {
            assert_eq!(code, 200);
            let body = &res.as_bytes()[res.find("\r\n\r\n").unwrap() + 4..];
            assert_eq!(body, &expected[..]);
        } else {
            assert_eq!(code, 404);
            assert!(!res.contains("TOP-SECRET"));
        }
    }
}

#[test]
fn the_reload_stream_announces_rebuilt_pages() {
    let (_dir, server) = served();
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(b"GET /__designdoc/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    // Headers first.
    while !String::from_utf8_lossy(&got).contains("\r\n\r\n") {
        let n = s.read(&mut buf).unwrap();
        got.extend_from_slice(&buf[..n]);
    }
    assert!(
        String::from_utf8_lossy(&got)
            .to_ascii_lowercase()
            .contains("text/event-stream")
    );
    server
        .shared
        .notify(&["docs/0001-rate-limiter.html".to_string()]);
    while !String::from_utf8_lossy(&got).contains("0001-rate-limiter") {
        let n = s.read(&mut buf).unwrap();
        assert!(n > 0, "stream closed");
        got.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&got);
    assert!(text.contains("event: reload"), "{text}");
}

/// The live-reload script is added as a page is served: the files `serve`
/// leaves in the output folder are the ones `build` makes, so deploying
/// right after `serve` ships no script that waits for a server.
#[test]
fn served_pages_load_the_reload_script_and_the_files_do_not() {
    let (dir, server) = served();
    let site = dir.path().join("site");
    let mut pages = 0;
    for entry in walk(&site) {
        if entry.extension().is_some_and(|e| e == "html") {
            pages += 1;
            let text = std::fs::read_to_string(&entry).unwrap();
            assert!(!text.contains("reload.js"), "{}", entry.display());
        }
    }
    assert!(pages > 5, "{pages} pages");
    let (code, res) = get(server.addr, "/docs/0001-rate-limiter.html");
    assert_eq!(code, 200);
    let head_end = res.find("</head>").unwrap();
    assert!(res[..head_end].contains("<script src=\"/assets/reload.js\" defer></script>"));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
