//! The message loop: documents, diagnostics, code actions, the outline.

use std::collections::{BTreeSet, HashMap};
use std::io;
use std::path::{Path, PathBuf};

use designdoc_repo::Workspace;
use designdoc_syntax::LineIndex;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use lsp_types::Uri;
use serde::de::DeserializeOwned;

use crate::convert::{self, Text};

/// An open document.
struct Doc {
    uri: Uri,
    /// The file it is (none for an unsaved buffer): which template and
    /// settings apply.
    path: Option<PathBuf>,
    text: String,
    lines: LineIndex,
    version: i32,
}

impl Doc {
    fn view(&self) -> Text<'_> {
        Text {
            text: &self.text,
            lines: &self.lines,
        }
    }

    /// The path the rules see: the file, or an untitled doc at the root.
    fn check_path(&self, ws: &Workspace) -> PathBuf {
        self.path
            .clone()
            .unwrap_or_else(|| ws.root.join("untitled.md"))
    }
}

struct Server {
    connection: Connection,
    /// None when the configuration could not be loaded (the client was
    /// told why); documents then get no diagnostics.
    ws: Option<Workspace>,
    docs: HashMap<String, Doc>,
    /// Docs changed since their diagnostics were sent.
    dirty: BTreeSet<String>,
    shutting_down: bool,
}

/// Runs the server on `connection` until `exit` (or the client goes away).
pub fn run(connection: Connection, cwd: &Path) -> io::Result<()> {
    let Some(params) = initialize(&connection)? else {
        return Ok(());
    };
    let root = root_of(&params).unwrap_or_else(|| cwd.to_path_buf());
    let ws = match Workspace::discover(&root) {
        Ok(ws) => Some(ws),
        Err(e) => {
            notify(
                &connection,
                "window/showMessage",
                lsp::ShowMessageParams {
                    typ: lsp::MessageType::ERROR,
                    message: format!("designdoc: {e}"),
                },
            );
            None
        }
    };
    let mut server = Server {
        connection,
        ws,
        docs: HashMap::new(),
        dirty: BTreeSet::new(),
        shutting_down: false,
    };
    server.main_loop();
    Ok(())
}

/// The handshake: answers `initialize` with the capabilities; requests
/// before it get "server not initialized". None when the client left.
fn initialize(connection: &Connection) -> io::Result<Option<lsp::InitializeParams>> {
    for msg in &connection.receiver {
        match msg {
            Message::Request(req) if req.method == "initialize" => {
                let params: lsp::InitializeParams = match serde_json::from_value(req.params) {
                    Ok(p) => p,
                    Err(e) => {
                        respond_error(connection, req.id, ErrorCode::InvalidParams, e.to_string());
                        continue;
                    }
                };
                let result = lsp::InitializeResult {
                    capabilities: capabilities(),
                    server_info: Some(lsp::ServerInfo {
                        name: "designdoc".to_string(),
                        version: Some(env!("CARGO_PKG_VERSION").to_string()),
                    }),
                };
                send(
                    connection,
                    Response::new_ok(req.id, serde_json::to_value(result).expect("serializable")),
                );
                return Ok(Some(params));
            }
            Message::Request(req) => respond_error(
                connection,
                req.id,
                ErrorCode::ServerNotInitialized,
                "the server is not initialized".to_string(),
            ),
            Message::Notification(n) if n.method == "exit" => return Ok(None),
            _ => {}
        }
    }
    Ok(None)
}

fn capabilities() -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(lsp::PositionEncodingKind::UTF16),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![
                    lsp::CodeActionKind::QUICKFIX,
                    lsp::CodeActionKind::SOURCE_FIX_ALL,
                ]),
                ..Default::default()
            },
        )),
        document_symbol_provider: Some(lsp::OneOf::Left(true)),
        folding_range_provider: Some(lsp::FoldingRangeProviderCapability::Simple(true)),
        ..Default::default()
    }
}

/// The workspace folder (or root URI) the client opened.
fn root_of(params: &lsp::InitializeParams) -> Option<PathBuf> {
    if let Some(folder) = params.workspace_folders.as_ref().and_then(|f| f.first()) {
        return convert::uri_to_path(&folder.uri);
    }
    #[allow(deprecated)]
    params.root_uri.as_ref().and_then(convert::uri_to_path)
}

impl Server {
    fn main_loop(&mut self) {
        while let Ok(msg) = self.connection.receiver.recv() {
            if !self.handle(msg) {
                return;
            }
            // Whatever else is already waiting, before checking: a burst
            // of edits is checked once.
            while let Ok(msg) = self.connection.receiver.try_recv() {
                if !self.handle(msg) {
                    return;
                }
            }
            self.publish_dirty();
        }
    }

    /// Handles one message; false on `exit`.
    fn handle(&mut self, msg: Message) -> bool {
        match msg {
            Message::Request(req) => self.request(req),
            Message::Notification(n) => {
                if n.method == "exit" {
                    return false;
                }
                self.notification(n);
            }
            Message::Response(_) => {}
        }
        true
    }

    fn request(&mut self, req: Request) {
        if self.shutting_down {
            respond_error(
                &self.connection,
                req.id,
                ErrorCode::InvalidRequest,
                "the server is shutting down".to_string(),
            );
            return;
        }
        let id = req.id.clone();
        let result = match req.method.as_str() {
            "shutdown" => {
                self.shutting_down = true;
                Ok(serde_json::Value::Null)
            }
            "textDocument/codeAction" => self.with_params(req, Self::code_actions),
            "textDocument/documentSymbol" => self.with_params(req, Self::symbols),
            "textDocument/foldingRange" => self.with_params(req, Self::folding),
            other => Err((
                ErrorCode::MethodNotFound,
                format!("designdoc does not handle {other}"),
            )),
        };
        match result {
            Ok(value) => send(&self.connection, Response::new_ok(id, value)),
            Err((code, message)) => respond_error(&self.connection, id, code, message),
        }
    }

    fn with_params<P: DeserializeOwned, R: serde::Serialize>(
        &mut self,
        req: Request,
        f: fn(&mut Self, P) -> R,
    ) -> Result<serde_json::Value, (ErrorCode, String)> {
        let params: P = serde_json::from_value(req.params)
            .map_err(|e| (ErrorCode::InvalidParams, e.to_string()))?;
        Ok(serde_json::to_value(f(self, params)).expect("serializable"))
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                if let Ok(p) = serde_json::from_value::<lsp::DidOpenTextDocumentParams>(n.params) {
                    let d = p.text_document;
                    let key = d.uri.as_str().to_string();
                    self.docs.insert(
                        key.clone(),
                        Doc {
                            path: convert::uri_to_path(&d.uri),
                            lines: LineIndex::new(&d.text),
                            text: d.text,
                            uri: d.uri,
                            version: d.version,
                        },
                    );
                    self.dirty.insert(key);
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) = serde_json::from_value::<lsp::DidChangeTextDocumentParams>(n.params)
                {
                    let key = p.text_document.uri.as_str().to_string();
                    if let Some(doc) = self.docs.get_mut(&key) {
                        for change in p.content_changes {
                            apply_change(doc, change);
                        }
                        doc.version = p.text_document.version;
                        self.dirty.insert(key);
                    }
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = serde_json::from_value::<lsp::DidCloseTextDocumentParams>(n.params) {
                    let key = p.text_document.uri.as_str().to_string();
                    self.dirty.remove(&key);
                    if let Some(doc) = self.docs.remove(&key) {
                        self.publish(&doc.uri, Vec::new(), None);
                    }
                }
            }
            _ => {}
        }
    }

    fn publish_dirty(&mut self) {
        for key in std::mem::take(&mut self.dirty) {
            let Some(doc) = self.docs.get(&key) else {
                continue;
            };
            let diagnostics = self.lsp_diagnostics(doc);
            self.publish(&doc.uri, diagnostics, Some(doc.version));
        }
    }

    fn publish(&self, uri: &Uri, diagnostics: Vec<lsp::Diagnostic>, version: Option<i32>) {
        notify(
            &self.connection,
            "textDocument/publishDiagnostics",
            lsp::PublishDiagnosticsParams {
                uri: uri.clone(),
                diagnostics,
                version,
            },
        );
    }

    /// `check`'s diagnostics of a doc as it is now.
    fn check(&self, doc: &Doc) -> Vec<designdoc_lint::Diagnostic> {
        let Some(ws) = &self.ws else {
            return Vec::new();
        };
        if doc.text.len() as u64 > ws.config.max_file_size {
            return vec![designdoc_lint::Diagnostic::new(
                &designdoc_lint::rules::unreadable_file::RULE,
                0..0,
                format!(
                    "the document is {} bytes, over the limit of {} (`max-file-size` in designdoc.toml); it is not checked",
                    doc.text.len(),
                    ws.config.max_file_size
                ),
            )];
        }
        ws.check_text(&doc.check_path(ws), &doc.text).0
    }

    fn lsp_diagnostics(&self, doc: &Doc) -> Vec<lsp::Diagnostic> {
        let view = doc.view();
        self.check(doc).iter().map(|d| to_lsp(&view, d)).collect()
    }

    /// Quick fixes for the diagnostics in the range asked about, and one
    /// action applying every fix `check --fix` would make.
    fn code_actions(&mut self, p: lsp::CodeActionParams) -> Vec<lsp::CodeActionOrCommand> {
        let Some(doc) = self.docs.get(p.text_document.uri.as_str()) else {
            return Vec::new();
        };
        let view = doc.view();
        let asked = view.byte_range(p.range);
        let wanted = |kind: &lsp::CodeActionKind| {
            p.context
                .only
                .as_ref()
                .is_none_or(|only| only.iter().any(|o| kind.as_str().starts_with(o.as_str())))
        };
        let mut actions = Vec::new();
        let diagnostics = self.check(doc);
        if wanted(&lsp::CodeActionKind::QUICKFIX) {
            for d in &diagnostics {
                let Some(fix) = &d.fix else { continue };
                // Touching the range asked about (an empty range: the cursor).
                if d.range.start > asked.end || asked.start > d.range.end {
                    continue;
                }
                let edits = fix
                    .edits
                    .iter()
                    .map(|e| lsp::TextEdit {
                        range: view.range(&e.range),
                        new_text: e.replacement.clone(),
                    })
                    .collect();
                actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: fix.description.clone(),
                    kind: Some(lsp::CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![to_lsp(&view, d)]),
                    edit: Some(workspace_edit(&doc.uri, edits)),
                    is_preferred: Some(fix.applicability == designdoc_lint::Applicability::Safe),
                    ..Default::default()
                }));
            }
        }
        if wanted(&lsp::CodeActionKind::SOURCE_FIX_ALL)
            && diagnostics.iter().any(|d| {
                d.fix
                    .as_ref()
                    .is_some_and(|f| f.applicability == designdoc_lint::Applicability::Safe)
            })
            && let Some(ws) = &self.ws
            && let Some(fixed) = ws.fix_text(&doc.check_path(ws), &doc.text)
            && fixed.settled
            && fixed.text != doc.text
        {
            // One edit over the part that changed, not the whole text.
            let (range, new_text) = changed_part(&doc.text, &fixed.text);
            actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: format!("Apply every safe designdoc fix ({})", fixed.applied),
                kind: Some(lsp::CodeActionKind::SOURCE_FIX_ALL),
                edit: Some(workspace_edit(
                    &doc.uri,
                    vec![lsp::TextEdit {
                        range: view.range(&range),
                        new_text,
                    }],
                )),
                ..Default::default()
            }));
        }
        actions
    }

    /// The outline: headings nested by level.
    fn symbols(&mut self, p: lsp::DocumentSymbolParams) -> lsp::DocumentSymbolResponse {
        let Some(doc) = self.docs.get(p.text_document.uri.as_str()) else {
            return lsp::DocumentSymbolResponse::Nested(Vec::new());
        };
        let view = doc.view();
        let parsed = designdoc_syntax::parse(&doc.text);
        let mut roots: Vec<lsp::DocumentSymbol> = Vec::new();
        // Path of open symbols, by heading level.
        let mut stack: Vec<(u8, lsp::DocumentSymbol)> = Vec::new();
        fn close(stack: &mut Vec<(u8, lsp::DocumentSymbol)>, roots: &mut Vec<lsp::DocumentSymbol>) {
            let (_, s) = stack.pop().expect("non-empty");
            match stack.last_mut() {
                Some((_, parent)) => parent.children.get_or_insert_with(Vec::new).push(s),
                None => roots.push(s),
            }
        }
        for h in &parsed.headings {
            while stack.last().is_some_and(|(level, _)| *level >= h.level) {
                close(&mut stack, &mut roots);
            }
            let name = if h.text.trim().is_empty() {
                "(empty heading)".to_string()
            } else {
                h.text.clone()
            };
            #[allow(deprecated)]
            let symbol = lsp::DocumentSymbol {
                name,
                detail: None,
                kind: lsp::SymbolKind::STRING,
                tags: None,
                deprecated: None,
                range: view.range(&(h.span.start..h.section_end.max(h.span.end))),
                selection_range: view.range(&h.span),
                children: None,
            };
            stack.push((h.level, symbol));
        }
        while !stack.is_empty() {
            close(&mut stack, &mut roots);
        }
        lsp::DocumentSymbolResponse::Nested(roots)
    }

    /// Each section folds, from its heading to its last line.
    fn folding(&mut self, p: lsp::FoldingRangeParams) -> Vec<lsp::FoldingRange> {
        let Some(doc) = self.docs.get(p.text_document.uri.as_str()) else {
            return Vec::new();
        };
        let view = doc.view();
        let parsed = designdoc_syntax::parse(&doc.text);
        let mut ranges = Vec::new();
        for h in &parsed.headings {
            let start = view.position(h.span.start).line;
            // The section's last line: before its trailing line break.
            let end_offset = doc.text[..h.section_end.min(doc.text.len())]
                .trim_end_matches(['\n', '\r'])
                .len();
            let end = view.position(end_offset).line;
            if end > start {
                ranges.push(lsp::FoldingRange {
                    start_line: start,
                    end_line: end,
                    kind: Some(lsp::FoldingRangeKind::Region),
                    ..Default::default()
                });
            }
        }
        if let Some(fm) = &parsed.front_matter {
            let (start, end) = (
                view.position(fm.span.start).line,
                view.position(fm.span.end.saturating_sub(1)).line,
            );
            if end > start {
                ranges.push(lsp::FoldingRange {
                    start_line: start,
                    end_line: end,
                    kind: Some(lsp::FoldingRangeKind::Region),
                    ..Default::default()
                });
            }
        }
        ranges
    }
}

/// Applies one change event; a range beyond the text is clamped to it
/// (the protocol's rule), so a confused client cannot crash the server.
fn apply_change(doc: &mut Doc, change: lsp::TextDocumentContentChangeEvent) {
    match change.range {
        None => doc.text = change.text,
        Some(range) => {
            let r = doc.view().byte_range(range);
            doc.text.replace_range(r, &change.text);
        }
    }
    doc.lines = LineIndex::new(&doc.text);
}

/// The part of `before` that differs from `after`, and what replaces it.
fn changed_part(before: &str, after: &str) -> (std::ops::Range<usize>, String) {
    let mut start = before
        .bytes()
        .zip(after.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !before.is_char_boundary(start) || !after.is_char_boundary(start) {
        start -= 1;
    }
    let max_tail = before.len().min(after.len()) - start;
    let mut tail = before
        .bytes()
        .rev()
        .zip(after.bytes().rev())
        .take(max_tail)
        .take_while(|(a, b)| a == b)
        .count();
    while !before.is_char_boundary(before.len() - tail)
        || !after.is_char_boundary(after.len() - tail)
    {
        tail -= 1;
    }
    (
        start..before.len() - tail,
        after[start..after.len() - tail].to_string(),
    )
}

fn to_lsp(view: &Text<'_>, d: &designdoc_lint::Diagnostic) -> lsp::Diagnostic {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\n\n");
        message.push_str(help);
    }
    lsp::Diagnostic {
        range: view.range(&d.range),
        severity: Some(match d.severity {
            designdoc_lint::Severity::Error => lsp::DiagnosticSeverity::ERROR,
            designdoc_lint::Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            designdoc_lint::Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        }),
        code: Some(lsp::NumberOrString::String(format!(
            "{} {}",
            d.rule.code, d.rule.name
        ))),
        code_description: d
            .rule
            .help_uri()
            .parse()
            .ok()
            .map(|href| lsp::CodeDescription { href }),
        source: Some("designdoc".to_string()),
        message,
        ..Default::default()
    }
}

fn workspace_edit(uri: &Uri, edits: Vec<lsp::TextEdit>) -> lsp::WorkspaceEdit {
    lsp::WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..Default::default()
    }
}

fn send(connection: &Connection, msg: impl Into<Message>) {
    // The writer is gone only when the client is: nothing left to tell.
    let _ = connection.sender.send(msg.into());
}

fn notify(connection: &Connection, method: &str, params: impl serde::Serialize) {
    send(connection, Notification::new(method.to_string(), params));
}

fn respond_error(connection: &Connection, id: RequestId, code: ErrorCode, message: String) {
    send(connection, Response::new_err(id, code as i32, message));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_changed_part_is_the_middle_that_differs() {
        assert_eq!(
            changed_part("abcXdef", "abcYYdef"),
            (3..4, "YY".to_string())
        );
        assert_eq!(changed_part("abc", "abc"), (3..3, String::new()));
        assert_eq!(changed_part("aa", "aaa"), (2..2, "a".to_string()));
        // Never inside a character: é and è share their first byte.
        assert_eq!(changed_part("é", "è"), (0..2, "è".to_string()));
    }
}
