//! The message loop: documents, diagnostics, code actions, the outline.

use std::collections::{BTreeSet, HashMap};
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crossbeam_channel::Receiver;
use designdoc_lint::repo::RepoDoc;

use designdoc_repo::Workspace;
use designdoc_syntax::LineIndex;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use lsp_types::Uri;

use crate::convert::{self, Text};

mod handlers;

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
    /// Where the configuration is looked for: the workspace folder.
    root: PathBuf,
    /// None when the configuration could not be loaded (the client was
    /// told why); documents then get no diagnostics.
    ws: Option<Arc<Workspace>>,
    docs: HashMap<String, Doc>,
    /// Docs changed since their diagnostics were sent.
    dirty: BTreeSet<String>,
    shutting_down: bool,
    /// Which files are docs (the configured `paths`): others, a README
    /// say, get no diagnostics, as `check` would not check them.
    is_doc: Option<designdoc_repo::DocMatcher>,
    /// The workspace's docs, as the repository rules read them, once
    /// indexed (in the background: diagnostics of the open docs come
    /// first, the workspace-wide ones when the index is there).
    repo: Option<RepoState>,
    indexing: Option<Receiver<(Vec<RepoDoc>, std::time::Duration)>>,
    /// References to requirements in the code and test results, for the
    /// hover on a requirement; read again when older than
    /// [`EVIDENCE_TTL`] (code changes outside the editor's docs).
    evidence: std::cell::RefCell<Option<(std::time::Instant, Arc<Evidence>)>>,
    /// `.designdoc-baseline.json`: its findings are shown as accepted
    /// (hints), not as new.
    baseline: Option<designdoc_lint::baseline::Baseline>,
}

/// What the code and the test reports say of requirements.
struct Evidence {
    refs: Vec<designdoc_trace::Reference>,
    results: Vec<designdoc_trace::TestResult>,
}

const EVIDENCE_TTL: std::time::Duration = std::time::Duration::from_secs(10);

/// What the repository rules (links between docs, duplicate numbers,
/// supersede pairs, dependency cycles) know.
struct RepoState {
    /// Every doc on disk that `check` would check.
    docs: Vec<RepoDoc>,
    by_path: HashMap<PathBuf, usize>,
    /// Per open doc: its summary when the rules last ran, and what they
    /// found in it. An edit that leaves the summary's meaning alone moves
    /// the findings with the text instead of running the rules again.
    basis: HashMap<PathBuf, (RepoDoc, Vec<designdoc_lint::Diagnostic>)>,
    /// Something the rules read changed outside the open docs' text (a
    /// doc closed unsaved, the index arriving): run them again.
    stale: bool,
}

/// Runs the server on `connection` until `exit` (or the client goes away).
pub fn run(connection: Connection, cwd: &Path) -> io::Result<()> {
    let Some(params) = initialize(&connection)? else {
        return Ok(());
    };
    let root = root_of(&params).unwrap_or_else(|| cwd.to_path_buf());
    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    let mut server = Server::new(connection, root);
    server.load_workspace();
    if watch {
        server.watch_files();
    }
    server.main_loop();
    Ok(())
}

/// Every doc `check` would check, summarised for the repository rules
/// (in parallel, as `check` reads them).
fn index_workspace(ws: &Workspace) -> Vec<RepoDoc> {
    let files = designdoc_repo::collect(&ws.root, &ws.config.paths, &[]);
    ws.run(&files, &ws.root, designdoc_repo::Mode::Check)
        .into_iter()
        .filter_map(|o| o.repo)
        .collect()
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
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(vec!["#".into(), "(".into(), ":".into()]),
            ..Default::default()
        }),
        definition_provider: Some(lsp::OneOf::Left(true)),
        rename_provider: Some(lsp::OneOf::Right(lsp::RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
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
    /// A server with no workspace loaded and no doc open yet.
    fn new(connection: Connection, root: PathBuf) -> Server {
        Server {
            connection,
            root,
            ws: None,
            is_doc: None,
            docs: HashMap::new(),
            dirty: BTreeSet::new(),
            shutting_down: false,
            repo: None,
            indexing: None,
            evidence: Default::default(),
            baseline: None,
        }
    }

    fn main_loop(&mut self) {
        loop {
            let msg = match &self.indexing {
                Some(indexing) => crossbeam_channel::select! {
                    recv(self.connection.receiver) -> m => m,
                    recv(indexing) -> done => {
                        self.indexing = None;
                        let (docs, took) = done.unwrap_or_default();
                        notify(
                            &self.connection,
                            "window/logMessage",
                            lsp::LogMessageParams {
                                typ: lsp::MessageType::INFO,
                                message: format!(
                                    "designdoc: indexed {} docs in {} ms",
                                    docs.len(),
                                    took.as_millis()
                                ),
                            },
                        );
                        self.indexed(docs);
                        self.publish_dirty();
                        continue;
                    }
                },
                None => self.connection.receiver.recv(),
            };
            let Ok(msg) = msg else { return };
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
        let method = req.method.clone();
        // A bug met answering one request is that request's error, not
        // the end of the server (rust-analyzer guards each request so).
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.dispatch(req)))
            .unwrap_or_else(|payload| {
                let what = payload
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a panic".to_string());
                Err((
                    ErrorCode::InternalError,
                    format!("designdoc hit a bug answering {method} (please report it): {what}"),
                ))
            });
        match result {
            Ok(value) => send(&self.connection, Response::new_ok(id, value)),
            Err((code, message)) => respond_error(&self.connection, id, code, message),
        }
    }

    /// A request to its handler, by the protocol's type for it: the
    /// parameters and the result are the types the method is specified
    /// with.
    fn dispatch(&mut self, req: Request) -> Result<serde_json::Value, (ErrorCode, String)> {
        use lsp::request::{
            CodeActionRequest, Completion, DocumentSymbolRequest, FoldingRangeRequest,
            GotoDefinition, HoverRequest, PrepareRenameRequest, Rename, Request as _, Shutdown,
        };
        let method = req.method.as_str();
        if method == Shutdown::METHOD {
            self.shutting_down = true;
            Ok(serde_json::Value::Null)
        } else if method == CodeActionRequest::METHOD {
            self.on::<CodeActionRequest>(req, |s, p| Ok(Some(s.code_actions(p))))
        } else if method == DocumentSymbolRequest::METHOD {
            self.on::<DocumentSymbolRequest>(req, |s, p| Ok(Some(s.symbols(p))))
        } else if method == FoldingRangeRequest::METHOD {
            self.on::<FoldingRangeRequest>(req, |s, p| Ok(Some(s.folding(p))))
        } else if method == HoverRequest::METHOD {
            self.on::<HoverRequest>(req, |s, p| Ok(s.hover(p)))
        } else if method == Completion::METHOD {
            self.on::<Completion>(req, |s, p| {
                Ok(Some(lsp::CompletionResponse::Array(s.completion(p))))
            })
        } else if method == GotoDefinition::METHOD {
            self.on::<GotoDefinition>(req, |s, p| Ok(s.definition(p)))
        } else if method == PrepareRenameRequest::METHOD {
            self.on::<PrepareRenameRequest>(req, |s, p| Ok(s.prepare_rename(p)))
        } else if method == Rename::METHOD {
            self.on::<Rename>(req, |s, p| s.rename(p).map(Some))
        } else {
            #[cfg(test)]
            if method == "designdoc/test-panic" {
                panic!("a bug, on purpose");
            }
            Err((
                ErrorCode::MethodNotFound,
                format!("designdoc does not handle {method}"),
            ))
        }
    }

    /// Runs `handler` on the request's parameters, read as `R`'s; its
    /// error message is the client's invalid request.
    fn on<R: lsp::request::Request>(
        &mut self,
        req: Request,
        handler: impl FnOnce(&mut Self, R::Params) -> Result<R::Result, String>,
    ) -> Result<serde_json::Value, (ErrorCode, String)> {
        let params: R::Params = serde_json::from_value(req.params)
            .map_err(|e| (ErrorCode::InvalidParams, e.to_string()))?;
        let result = handler(self, params).map_err(|m| (ErrorCode::InvalidRequest, m))?;
        Ok(serde_json::to_value(result).expect("serializable"))
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
            "workspace/didChangeWatchedFiles" => {
                if let Ok(p) = serde_json::from_value::<lsp::DidChangeWatchedFilesParams>(n.params)
                {
                    self.files_changed(p);
                }
            }
            "textDocument/didSave" => {
                // The file now says what the buffer says: the index reads
                // it so (the rules already did, through the open doc).
                if let Ok(p) = serde_json::from_value::<lsp::DidSaveTextDocumentParams>(n.params)
                    && let Some(path) = self
                        .docs
                        .get(p.text_document.uri.as_str())
                        .and_then(|d| d.path.clone())
                    && let Some(state) = &mut self.repo
                    && let Some((summary, _)) = state.basis.get(&path)
                {
                    let summary = summary.clone();
                    state.put(summary);
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = serde_json::from_value::<lsp::DidCloseTextDocumentParams>(n.params) {
                    let key = p.text_document.uri.as_str().to_string();
                    self.dirty.remove(&key);
                    if let Some(doc) = self.docs.remove(&key) {
                        self.publish(&doc.uri, Vec::new(), None);
                        self.closed(&doc);
                    }
                }
            }
            _ => {}
        }
    }

    /// (Re)loads the configuration and starts indexing the workspace;
    /// every open doc is checked again. A configuration that cannot be
    /// loaded is shown to the user, and docs get no diagnostics until it
    /// is mended.
    fn load_workspace(&mut self) {
        self.repo = None;
        self.dirty.extend(self.docs.keys().cloned());
        self.ws = match Workspace::discover(&self.root) {
            Ok(ws) => Some(Arc::new(ws)),
            Err(e) => {
                notify(
                    &self.connection,
                    "window/showMessage",
                    lsp::ShowMessageParams {
                        typ: lsp::MessageType::ERROR,
                        message: format!("designdoc: {e}"),
                    },
                );
                None
            }
        };
        self.is_doc = self
            .ws
            .as_ref()
            .map(|ws| designdoc_repo::DocMatcher::new(&ws.root, &ws.config.paths));
        self.load_baseline();
        self.indexing = self.ws.as_ref().map(|ws| {
            let (tx, rx) = crossbeam_channel::bounded(1);
            let ws = Arc::clone(ws);
            std::thread::spawn(move || {
                let t = std::time::Instant::now();
                let docs = index_workspace(&ws);
                let _ = tx.send((docs, t.elapsed()));
            });
            rx
        });
    }

    /// Reads the baseline again (a broken one is shown, and ignored).
    fn load_baseline(&mut self) {
        self.baseline = match self.ws.as_ref().map(|ws| ws.load_baseline()) {
            Some(Ok(b)) => b,
            Some(Err(e)) => {
                notify(
                    &self.connection,
                    "window/showMessage",
                    lsp::ShowMessageParams {
                        typ: lsp::MessageType::WARNING,
                        message: format!("designdoc: {e}"),
                    },
                );
                None
            }
            None => None,
        };
    }

    /// The anchors of `doc` that other docs link to, as the workspace
    /// index (with the open docs as their buffers say) has them.
    fn linked_to(&self, doc: &Doc) -> std::collections::HashSet<String> {
        let (Some(state), Some(path)) = (&self.repo, &doc.path) else {
            return Default::default();
        };
        let target = designdoc_lint::repo::normalize(path);
        let on_disk = state
            .docs
            .iter()
            .filter(|d| !state.basis.contains_key(&d.path));
        let open = state.basis.values().map(|(d, _)| d);
        designdoc_lint::repo::anchors_linked_in(on_disk.chain(open), &target)
    }

    /// Which of a doc's findings the baseline accepts.
    fn accepted(&self, doc: &Doc, all: &[designdoc_lint::Diagnostic]) -> Vec<bool> {
        let (Some(b), Some(ws), Some(path)) = (&self.baseline, &self.ws, &doc.path) else {
            return vec![false; all.len()];
        };
        let all: Vec<&designdoc_lint::Diagnostic> = all.iter().collect();
        b.accepted_in(&ws.rel_path(path), &doc.text, &all)
    }

    /// Asks the client to report changes to docs and to the configuration
    /// made outside the editor (a checkout, a pull, another tool).
    fn watch_files(&self) {
        let options = lsp::DidChangeWatchedFilesRegistrationOptions {
            watchers: [
                "**/*.md",
                "**/designdoc.toml",
                "**/*.schema.toml",
                "**/.designdoc-baseline.json",
            ]
            .iter()
            .map(|g| lsp::FileSystemWatcher {
                glob_pattern: lsp::GlobPattern::String((*g).to_string()),
                kind: None,
            })
            .collect(),
        };
        let params = lsp::RegistrationParams {
            registrations: vec![lsp::Registration {
                id: "designdoc-watch".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: Some(serde_json::to_value(options).expect("serializable")),
            }],
        };
        send(
            &self.connection,
            Request::new(
                RequestId::from("designdoc-watch".to_string()),
                "client/registerCapability".to_string(),
                params,
            ),
        );
    }

    /// Files changed outside the editor: the configuration (or a template)
    /// reloads everything; a doc that is not open is read again into the
    /// index, and the open docs are checked against it.
    fn files_changed(&mut self, p: lsp::DidChangeWatchedFilesParams) {
        let mut reload = false;
        let mut docs_changed = false;
        for change in p.changes {
            let Some(path) = convert::uri_to_path(&change.uri) else {
                continue;
            };
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name == "designdoc.toml" || name.ends_with(".schema.toml") {
                reload = true;
                continue;
            }
            if name == designdoc_lint::baseline::FILE_NAME {
                self.load_baseline();
                self.dirty.extend(self.docs.keys().cloned());
                continue;
            }
            // An open doc's buffer is what counts while it is open.
            if self
                .docs
                .values()
                .any(|d| d.path.as_deref() == Some(path.as_path()))
            {
                continue;
            }
            let (Some(ws), Some(state), Some(m)) = (&self.ws, &mut self.repo, &self.is_doc) else {
                continue;
            };
            if !m.matches(&path) {
                continue;
            }
            match ws.read_doc(&path) {
                Ok(text) => {
                    if let Some(summary) = ws.check_text(&path, &text).1 {
                        state.put(summary);
                    }
                }
                Err(_) => state.remove(&path),
            }
            state.stale = true;
            docs_changed = true;
        }
        if reload {
            self.load_workspace();
        } else if docs_changed {
            self.dirty.extend(self.docs.keys().cloned());
        }
    }

    /// The workspace index arrived: the open docs get the repository
    /// rules' findings too.
    fn indexed(&mut self, docs: Vec<RepoDoc>) {
        let by_path = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.path.clone(), i))
            .collect();
        self.repo = Some(RepoState {
            docs,
            by_path,
            basis: HashMap::new(),
            stale: true,
        });
        self.dirty.extend(self.docs.keys().cloned());
    }

    /// A doc closed, maybe unsaved: the index reads its file again, and
    /// the other open docs are checked against that.
    fn closed(&mut self, doc: &Doc) {
        let (Some(path), Some(ws), Some(state)) = (&doc.path, &self.ws, &mut self.repo) else {
            return;
        };
        state.basis.remove(path);
        match ws.read_doc(path) {
            Ok(text) => {
                if let Some(summary) = ws.check_text(path, &text).1 {
                    state.put(summary);
                }
            }
            Err(_) => state.remove(path),
        }
        state.stale = true;
        self.dirty.extend(self.docs.keys().cloned());
    }

    fn publish_dirty(&mut self) {
        if self.dirty.is_empty() {
            return;
        }
        let mut checked: Vec<Checked> = std::mem::take(&mut self.dirty)
            .into_iter()
            .filter_map(|key| {
                let doc = self.docs.get(&key)?;
                let (own, summary) = self.check(doc);
                Some(Checked {
                    key,
                    own,
                    summary,
                    repo: Vec::new(),
                })
            })
            .collect();
        self.repo_findings(&mut checked);
        for c in checked {
            let Some(doc) = self.docs.get(&c.key) else {
                continue;
            };
            let view = doc.view();
            let mut all = c.own;
            all.extend(c.repo);
            all.sort_by(|a, b| {
                (a.range.start, a.range.end, a.rule.code).cmp(&(
                    b.range.start,
                    b.range.end,
                    b.rule.code,
                ))
            });
            let accepted = self.accepted(doc, &all);
            let diagnostics = all
                .iter()
                .zip(accepted)
                .map(|(d, accepted)| {
                    let mut l = to_lsp(&view, d);
                    if accepted {
                        // Shown, as what the team accepted: a hint.
                        l.severity = Some(lsp::DiagnosticSeverity::HINT);
                        l.message.insert_str(0, "(baselined) ");
                    }
                    l
                })
                .collect();
            self.publish(&doc.uri, diagnostics, Some(doc.version));
        }
    }

    /// Fills in the repository rules' findings of the docs just checked:
    /// moved with their text when what the rules read did not change, or
    /// found by running the rules over the workspace (the open docs as
    /// their buffers say) when it did. Open docs whose findings that run
    /// changes are added, to be published again.
    fn repo_findings(&mut self, checked: &mut Vec<Checked>) {
        let (Some(ws), Some(state)) = (&self.ws, &mut self.repo) else {
            return;
        };
        let docs = &self.docs;
        let path_of = |key: &str| docs.get(key).and_then(|d| d.path.clone());
        let mut run = state.stale;
        if !run {
            for c in checked.iter_mut() {
                let (Some(path), Some(new)) = (path_of(&c.key), &c.summary) else {
                    continue;
                };
                match state.basis.get(&path) {
                    Some((old, found)) if old.same_meaning(new) => match old.remap(new, found) {
                        Some(moved) => c.repo = moved,
                        None => run = true,
                    },
                    _ => run = true,
                }
            }
        }
        if !run {
            for c in checked.iter() {
                if let (Some(path), Some(summary)) = (path_of(&c.key), &c.summary) {
                    state.basis.insert(path, (summary.clone(), c.repo.clone()));
                }
            }
            return;
        }

        // The open docs as the rules should read them: the ones just
        // checked as they are now, the others as last seen.
        let mut current: HashMap<PathBuf, RepoDoc> = state
            .basis
            .iter()
            .map(|(p, (d, _))| (p.clone(), d.clone()))
            .collect();
        for c in checked.iter() {
            if let (Some(path), Some(summary)) = (path_of(&c.key), &c.summary) {
                current.insert(path, summary.clone());
            }
        }
        let (found, positions) = state.run_with(ws, &current);
        let mut by_path: HashMap<PathBuf, Vec<designdoc_lint::Diagnostic>> = HashMap::new();
        for (i, d) in found {
            if let Some(p) = positions.get(&i) {
                by_path.entry(p.clone()).or_default().push(d);
            }
        }
        let before = std::mem::take(&mut state.basis);
        for (path, summary) in current {
            let found = by_path.remove(&path).unwrap_or_default();
            state.basis.insert(path, (summary, found));
        }
        state.stale = false;
        for c in checked.iter_mut() {
            if let Some(path) = path_of(&c.key)
                && let Some((_, found)) = state.basis.get(&path)
            {
                c.repo = found.clone();
            }
        }
        // Other open docs whose findings changed: publish them again.
        let done: BTreeSet<String> = checked.iter().map(|c| c.key.clone()).collect();
        let key_of: HashMap<PathBuf, String> = docs
            .iter()
            .filter_map(|(k, d)| Some((d.path.clone()?, k.clone())))
            .collect();
        let same = |a: &[designdoc_lint::Diagnostic], b: &[designdoc_lint::Diagnostic]| {
            a.len() == b.len()
                && a.iter().zip(b).all(|(x, y)| {
                    x.rule.code == y.rule.code && x.range == y.range && x.message == y.message
                })
        };
        let mut again = Vec::new();
        for (path, (_, found)) in &state.basis {
            let Some(key) = key_of.get(path) else {
                continue;
            };
            if done.contains(key) {
                continue;
            }
            let was = before.get(path).map_or(&[][..], |(_, f)| f.as_slice());
            if !same(was, found) {
                again.push((key.clone(), found.clone()));
            }
        }
        for (key, repo) in again {
            let Some(doc) = self.docs.get(&key) else {
                continue;
            };
            let (own, summary) = self.check(doc);
            checked.push(Checked {
                key,
                own,
                summary,
                repo,
            });
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

    /// `check`'s own diagnostics of a doc as it is now (the repository
    /// rules aside), and its summary for those.
    fn check(&self, doc: &Doc) -> (Vec<designdoc_lint::Diagnostic>, Option<RepoDoc>) {
        let Some(ws) = &self.ws else {
            return (Vec::new(), None);
        };
        // A file outside the configured docs is not a design doc; an
        // unsaved buffer is checked as one.
        if let (Some(path), Some(m)) = (&doc.path, &self.is_doc)
            && !m.matches(path)
        {
            return (Vec::new(), None);
        }
        if doc.text.len() as u64 > ws.config.max_file_size {
            let d = designdoc_lint::Diagnostic::new(
                &designdoc_lint::rules::unreadable_file::RULE,
                0..0,
                format!(
                    "the document is {} bytes, over the limit of {} (`max-file-size` in designdoc.toml); it is not checked",
                    doc.text.len(),
                    ws.config.max_file_size
                ),
            );
            return (vec![d], None);
        }
        let (own, summary) = ws.check_text(&doc.check_path(ws), &doc.text);
        // Only a doc that is a file takes part in the repository rules.
        (own, summary.filter(|_| doc.path.is_some()))
    }

    /// The text of another file: its open buffer, else the file, read as
    /// every doc is (a link may name a huge file or a FIFO, which must not
    /// stall the server).
    fn text_of(&self, path: &Path) -> Option<String> {
        self.docs
            .values()
            .find(|d| d.path.as_deref() == Some(path))
            .map(|d| d.text.clone())
            .or_else(|| {
                let limit = self
                    .ws
                    .as_ref()
                    .map_or(designdoc_repo::config::DEFAULT_MAX_FILE_SIZE, |ws| {
                        ws.config.max_file_size
                    });
                designdoc_repo::read_doc(path, limit).ok()
            })
    }

    fn target(
        &self,
        p: &lsp::TextDocumentPositionParams,
    ) -> Option<(&Doc, crate::navigate::Target)> {
        let doc = self.docs.get(p.text_document.uri.as_str())?;
        let ws = self.ws.as_ref()?;
        let offset = doc.view().offset(p.position);
        let t = crate::navigate::target_at(ws, &doc.check_path(ws), &doc.text, offset)?;
        Some((doc, t))
    }
}

/// A doc just checked: its own findings, its summary for the repository
/// rules, and theirs.
struct Checked {
    key: String,
    own: Vec<designdoc_lint::Diagnostic>,
    summary: Option<RepoDoc>,
    repo: Vec<designdoc_lint::Diagnostic>,
}

impl RepoState {
    /// Puts a doc's summary in the index (in place of its earlier one).
    fn put(&mut self, summary: RepoDoc) {
        match self.by_path.get(&summary.path) {
            Some(&i) => self.docs[i] = summary,
            None => {
                self.by_path.insert(summary.path.clone(), self.docs.len());
                self.docs.push(summary);
            }
        }
    }

    fn remove(&mut self, path: &Path) {
        if let Some(i) = self.by_path.remove(path) {
            self.docs.swap_remove(i);
            if let Some(moved) = self.docs.get(i) {
                self.by_path.insert(moved.path.clone(), i);
            }
        }
    }

    /// Runs the repository rules over the index with `open` (summaries by
    /// path) in place of what the files say. Returns the findings by index
    /// and the path of each index an open doc took.
    fn run_with(
        &mut self,
        ws: &Workspace,
        open: &HashMap<PathBuf, RepoDoc>,
    ) -> (
        Vec<(usize, designdoc_lint::Diagnostic)>,
        HashMap<usize, PathBuf>,
    ) {
        let len = self.docs.len();
        let mut swapped = Vec::new();
        let mut positions = HashMap::new();
        for (path, summary) in open {
            match self.by_path.get(path) {
                Some(&i) => {
                    swapped.push((i, std::mem::replace(&mut self.docs[i], summary.clone())));
                    positions.insert(i, path.clone());
                }
                None => {
                    positions.insert(self.docs.len(), path.clone());
                    self.docs.push(summary.clone());
                }
            }
        }
        let docs = &self.docs;
        let known: std::collections::HashSet<&Path> =
            docs.iter().map(|d| d.path.as_path()).collect();
        let found = designdoc_lint::repo::check_repo(
            docs,
            &|p: &Path| known.contains(p) || p.exists(),
            &|i| ws.settings_for(&docs[i].path, docs[i].status()),
        );
        for (i, old) in swapped {
            self.docs[i] = old;
        }
        self.docs.truncate(len);
        (found, positions)
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

    /// A bug met answering one request is that request's error; the
    /// server goes on answering the next.
    #[test]
    fn a_panic_in_a_handler_answers_that_request_only() {
        let (connection, client) = Connection::memory();
        let mut server = Server::new(connection, PathBuf::from("."));
        let request = |id: i32, method: &str, params: serde_json::Value| {
            Message::Request(Request::new(
                RequestId::from(id),
                method.to_string(),
                params,
            ))
        };
        assert!(server.handle(request(1, "designdoc/test-panic", serde_json::Value::Null)));
        let params = serde_json::json!({
            "textDocument": {"uri": "file:///nowhere.md"},
            "position": {"line": 0, "character": 0},
        });
        assert!(server.handle(request(2, "textDocument/hover", params)));
        let Ok(Message::Response(first)) = client.receiver.try_recv() else {
            panic!("no answer to the first request");
        };
        let error = first.error.expect("an error");
        assert_eq!(error.code, ErrorCode::InternalError as i32);
        assert!(
            error.message.contains("a bug, on purpose"),
            "{}",
            error.message
        );
        let Ok(Message::Response(second)) = client.receiver.try_recv() else {
            panic!("no answer to the second request");
        };
        assert_eq!(second.id, RequestId::from(2));
        assert!(second.error.is_none(), "{second:?}");
    }

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
