//! JSON-RPC messages over a byte stream, framed by `Content-Length`
//! headers (LSP's base protocol).
//!
//! Written here rather than taken from lsp-server's stdio transport: that
//! one ends the connection at the first malformed message (invalid JSON, a
//! wrong or missing length), and an editor's server must keep serving. A
//! malformed message is answered with a JSON-RPC parse error (id null) and
//! skipped; the stream ends only at end of input.

use std::io::{self, BufRead, Read, Write};
use std::thread;

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, Message};

/// The longest message read (a 20 MB document arrives in one; longer is
/// refused without being held in memory).
pub const MAX_MESSAGE: usize = 64 * 1024 * 1024;

/// The writer thread of a connection (the reader ends at end of input,
/// which a client that sent `exit` need not close: it is not waited for).
pub struct Threads {
    writer: thread::JoinHandle<io::Result<()>>,
}

impl Threads {
    /// Waits until every message sent is written: the writer ends once the
    /// connection is dropped.
    pub fn join(self) -> io::Result<()> {
        self.writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writer thread panicked")))
    }
}

/// A connection over stdin and stdout.
pub fn stdio() -> (Connection, Threads) {
    connect(io::stdin(), io::stdout())
}

/// A connection reading `input` and writing `output`, each on a thread.
pub fn connect<R, W>(input: R, output: W) -> (Connection, Threads)
where
    R: Read + Send + 'static,
    W: Write + Send + 'static,
{
    let (to_server, from_client) = crossbeam_channel::unbounded::<Message>();
    let (to_client, for_writer) = crossbeam_channel::unbounded::<Message>();
    let (raw_tx, raw_rx) = crossbeam_channel::unbounded::<String>();
    thread::spawn(move || read_loop(io::BufReader::new(input), &to_server, &raw_tx));
    let writer = thread::spawn(move || write_loop(output, &for_writer, &raw_rx));
    (
        Connection {
            sender: to_client,
            receiver: from_client,
        },
        Threads { writer },
    )
}

fn write_loop<W: Write>(
    mut output: W,
    messages: &Receiver<Message>,
    raw: &Receiver<String>,
) -> io::Result<()> {
    let write_raw = |output: &mut W, body: String| -> io::Result<()> {
        write!(output, "Content-Length: {}\r\n\r\n{body}", body.len())?;
        output.flush()
    };
    loop {
        crossbeam_channel::select! {
            recv(messages) -> m => match m {
                Ok(m) => m.write(&mut output)?,
                // The server is done: what the reader still had to say,
                // then the end.
                Err(_) => {
                    for body in raw.try_iter() {
                        write_raw(&mut output, body)?;
                    }
                    return Ok(());
                }
            },
            recv(raw) -> r => match r {
                Ok(body) => write_raw(&mut output, body)?,
                // The input ended: the server's messages until it is done.
                Err(_) => {
                    for m in messages {
                        m.write(&mut output)?;
                    }
                    return Ok(());
                }
            },
        }
    }
}

fn read_loop<R: BufRead>(mut input: R, server: &Sender<Message>, raw: &Sender<String>) {
    loop {
        match read_frame(&mut input) {
            Ok(Frame::End) => return,
            Ok(Frame::Body(body)) => match serde_json::from_slice::<Message>(&body) {
                Ok(m) => {
                    if server.send(m).is_err() {
                        return;
                    }
                }
                Err(e) => {
                    let (code, what) = if serde_json::from_slice::<serde_json::Value>(&body).is_ok()
                    {
                        (-32600, "invalid request")
                    } else {
                        (-32700, "parse error")
                    };
                    let _ = raw.send(error_response(code, &format!("{what}: {e}")));
                }
            },
            Ok(Frame::Bad(why)) => {
                let _ = raw.send(error_response(-32700, &why));
            }
            Err(_) => return,
        }
    }
}

fn error_response(code: i32, message: &str) -> String {
    serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": code, "message": message },
    })
    .to_string()
}

enum Frame {
    Body(Vec<u8>),
    /// A frame that could not be read as one; the reader has skipped it.
    Bad(String),
    End,
}

/// Reads one frame: header lines up to a blank line, then the body. Lines
/// before a header that are not headers (the rest of a message whose
/// length was given too short) are skipped.
fn read_frame<R: BufRead>(input: &mut R) -> io::Result<Frame> {
    let mut length: Option<Result<usize, String>> = None;
    let mut seen_header = false;
    let mut line = Vec::new();
    loop {
        line.clear();
        // A header line is short; a stray body line may be long, but is
        // read in bounded pieces.
        let n = input
            .by_ref()
            .take(64 * 1024)
            .read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(Frame::End);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if !seen_header {
                continue;
            }
            break;
        }
        // `…}Content-Length: 52`: the rest of a message whose length was
        // given too short, then the next header on the same line.
        if let Some(at) = text.to_ascii_lowercase().rfind("content-length:") {
            seen_header = true;
            let value = text[at + "content-length:".len()..].trim();
            length = Some(
                value
                    .parse::<usize>()
                    .map_err(|_| format!("Content-Length is not a number: {value:.40}")),
            );
            continue;
        }
        if text.contains(':') {
            // Another header (Content-Type): nothing to do with it.
            seen_header = true;
        } else if seen_header {
            return Ok(Frame::Bad(format!("not a header line: {text:.80}")));
        }
    }
    let length = match length {
        Some(Ok(n)) => n,
        Some(Err(why)) => return Ok(Frame::Bad(why)),
        None => return Ok(Frame::Bad("a message without Content-Length".to_string())),
    };
    if length > MAX_MESSAGE {
        // Skip it without holding it.
        let skipped = io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())?;
        if skipped < length as u64 {
            return Ok(Frame::End);
        }
        return Ok(Frame::Bad(format!(
            "a message of {length} bytes: over the limit of {MAX_MESSAGE}"
        )));
    }
    let mut body = vec![0; length];
    let mut filled = 0;
    while filled < length {
        let n = input.read(&mut body[filled..])?;
        if n == 0 {
            return Ok(Frame::End);
        }
        filled += n;
    }
    Ok(Frame::Body(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<String> {
        let mut r = io::BufReader::new(input.as_bytes());
        let mut out = Vec::new();
        loop {
            match read_frame(&mut r).unwrap() {
                Frame::End => return out,
                Frame::Body(b) => out.push(String::from_utf8(b).unwrap()),
                Frame::Bad(why) => out.push(format!("bad: {why}")),
            }
        }
    }

    #[test]
    fn reads_frames_and_skips_what_is_not_one() {
        let got = frames(
            "Content-Length: 2\r\n\r\n{}Content-Length: x\r\n\r\nContent-Type: a\r\n\r\n\
             garbage line\nContent-Length: 4\r\n\r\n[1,2]",
        );
        assert_eq!(
            got,
            [
                "{}",
                "bad: Content-Length is not a number: x",
                "bad: a message without Content-Length",
                "[1,2",
            ]
        );
    }

    #[test]
    fn a_length_given_too_short_loses_only_that_message() {
        let got = frames("Content-Length: 3\r\n\r\n{\"a\":1}Content-Length: 2\r\n\r\n{}");
        assert_eq!(got, ["{\"a", "{}"]);
    }

    #[test]
    fn a_message_cut_short_ends_the_stream() {
        assert!(frames("Content-Length: 10\r\n\r\n{}").is_empty());
    }

    #[test]
    fn an_oversized_message_is_refused_and_skipped() {
        let big = MAX_MESSAGE + 1;
        let input = format!(
            "Content-Length: {big}\r\n\r\n{}Content-Length: 2\r\n\r\n{{}}",
            " ".repeat(big)
        );
        let got = frames(&input);
        assert_eq!(got.len(), 2);
        assert!(got[0].starts_with("bad: a message of"));
        assert_eq!(got[1], "{}");
    }
}
