//! `designdoc mcp`: a Model Context Protocol server over stdio, for coding
//! agents that write and read design docs. Built on rmcp, the official
//! Rust SDK.
//!
//! Tools (each answers with JSON, also as structured content):
//! - `list_docs`: the docs, filtered by status, author, tag or words of the
//!   title;
//! - `show_doc`: a doc's text, or one section of it;
//! - `check`: a doc on disk, or a text not yet written, checked as `check`
//!   checks it: diagnostics with line and column, and the text with every
//!   safe fix applied;
//! - `new_doc`: a doc created from its template, as `designdoc new`;
//! - `set_status`: a lifecycle move, with the gates of `designdoc status`.
//!
//! Resources: every configured doc, as its `file://` URI (Markdown).
//!
//! Every call reads the workspace again (designdoc.toml and the docs), so
//! the answers follow the files as the agent edits them. The work is the
//! same library calls the CLI makes; this crate only translates.
//!
//! # Example
//!
//! What `designdoc mcp` does (an agent starts it and talks over its stdio):
//!
//! ```no_run
//! use std::path::PathBuf;
//!
//! fn main() -> std::io::Result<()> {
//!     let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
//!     // Starts its own Tokio runtime: call it outside any runtime. Returns
//!     // once the client closes stdin.
//!     designdoc_mcp::run_stdio(&cwd)
//! }
//! ```
#![warn(missing_docs)]

use std::path::{Path, PathBuf};

use designdoc_lint::output::{FileReport, json_file};
use designdoc_repo::catalog::DocInfo;
use designdoc_repo::{Workspace, collect};
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    AnnotateAble, CallToolResult, Content, Implementation, ListResourcesResult,
    PaginatedRequestParams, RawResource, ReadResourceRequestParams, ReadResourceResult,
    ResourceContents, ServerCapabilities, ServerInfo,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt, tool, tool_handler, tool_router};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};

/// Runs the server on stdin and stdout until the client closes them.
pub fn run_stdio(cwd: &Path) -> std::io::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(async {
        let service = Server::new(cwd.to_path_buf())
            .serve(rmcp::transport::stdio())
            .await
            .map_err(std::io::Error::other)?;
        service.waiting().await.map_err(std::io::Error::other)?;
        Ok(())
    })
}

/// The server: the working directory it finds designdoc.toml from. The
/// tools' router is made by `#[tool_handler]` from `Self::tool_router()`.
#[derive(Clone)]
pub struct Server {
    cwd: PathBuf,
}

/// Arguments of `list_docs`: a doc is listed when it passes every filter
/// given; with none, every doc is.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct ListParams {
    /// Only docs with one of these statuses (draft, in-review, accepted,
    /// implemented, rejected, withdrawn, superseded, or the configured ones).
    #[serde(default)]
    pub status: Vec<String>,
    /// Only docs with an author whose name contains this (any case).
    pub author: Option<String>,
    /// Only docs with every one of these tags.
    #[serde(default)]
    pub tag: Vec<String>,
    /// Only docs whose title contains these words (any case).
    pub text: Option<String>,
}

/// Arguments of `show_doc`: the doc, and optionally one of its sections.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct ShowParams {
    /// The doc: its number (`7`, `0007`), its id, or its path.
    pub doc: String,
    /// Only this section: its heading's title (any case), with the
    /// sections under it.
    pub section: Option<String>,
}

/// Arguments of `check`: give `doc`, `text`, or both (the text then
/// checked as that doc's new text).
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct CheckParams {
    /// A doc on disk: its number, id or path. Without `text`, its text on
    /// disk is checked.
    pub doc: Option<String>,
    /// Where the text is (or will be), relative to the repository: picks
    /// the template and the rules' settings. Default: the doc's path, else
    /// a new doc in the docs folder.
    pub path: Option<String>,
    /// The text to check instead of the file's (a draft not yet written).
    pub text: Option<String>,
    /// `fixed` with the unsafe fixes too (`check --fix --unsafe-fixes`):
    /// the template's missing sections inserted, empty.
    #[serde(default)]
    pub unsafe_fixes: bool,
}

/// Arguments of `new_doc`: the doc is created in the docs folder, with the
/// next free number and a file name made from the title.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct NewParams {
    /// The doc's title.
    pub title: String,
    /// The template: a built-in name, a [templates] name in designdoc.toml,
    /// or a path. Default: the configured template.
    pub template: Option<String>,
}

/// Arguments of `set_status`: which doc moves to which status. The move
/// must pass the gates of `designdoc status`; only the front matter is
/// rewritten.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct StatusParams {
    /// The doc: its number, id or path.
    pub doc: String,
    /// The status to move it to.
    pub status: String,
    /// Approvers to record (a move to `accepted` needs one).
    #[serde(default)]
    pub approver: Vec<String>,
}

/// A tool's answer: JSON as text and as structured content; or a failure
/// the agent should read and act on (a doc not found, a gate not passed):
/// a tool result marked as an error, not a protocol error.
fn respond(result: Result<Value, String>) -> Result<CallToolResult, ErrorData> {
    Ok(match result {
        Ok(value) => CallToolResult::structured(value),
        Err(message) => CallToolResult::error(vec![Content::text(message)]),
    })
}

impl Server {
    fn workspace(&self) -> Result<Workspace, String> {
        Workspace::discover(&self.cwd).map_err(|e| e.to_string())
    }

    /// The docs; `history` fills authors and dates from git (for
    /// listing; looking a doc up does not need it).
    fn docs(&self, ws: &Workspace, history: bool) -> Vec<DocInfo> {
        let files = collect(&ws.root, &ws.config.paths, &[]);
        ws.catalog_with(&files, history).0
    }

    /// The workspace and the doc `spec` names.
    fn doc(&self, spec: &str) -> Result<(Workspace, DocInfo), String> {
        let ws = self.workspace()?;
        let docs = self.docs(&ws, false);
        let found = ws.find_doc(&docs, spec, &self.cwd)?.clone();
        Ok((ws, found))
    }

    fn read(&self, ws: &Workspace, doc: &DocInfo) -> Result<String, String> {
        designdoc_repo::read_doc(&doc.abs_path, ws.config.max_file_size)
            .map_err(|e| format!("{}: {e}", doc.path))
    }
}

#[tool_router]
impl Server {
    /// A server for the repository whose designdoc.toml is found from `cwd`
    /// upwards, looked up again on every call. Relative doc and template
    /// paths in the tools' arguments are read from `cwd` (a doc's also from
    /// the repository root; `check`'s `path` only from the root).
    pub fn new(cwd: PathBuf) -> Server {
        Server { cwd }
    }

    #[tool(
        description = "List the design docs: number, title, status, authors, tags, dates and path. Filters: status, author, tag, words of the title.",
        annotations(read_only_hint = true)
    )]
    async fn list_docs(
        &self,
        Parameters(p): Parameters<ListParams>,
    ) -> Result<CallToolResult, ErrorData> {
        let ws = match self.workspace() {
            Ok(ws) => ws,
            Err(e) => return respond(Err(e)),
        };
        let text = p.text.as_deref().map(str::to_lowercase);
        let author = p.author.as_deref().map(str::to_lowercase);
        let docs: Vec<DocInfo> = self
            .docs(&ws, true)
            .into_iter()
            .filter(|d| {
                (p.status.is_empty() || d.status.as_ref().is_some_and(|s| p.status.contains(s)))
                    && author.as_ref().is_none_or(|a| {
                        d.authors
                            .iter()
                            .any(|x| x.to_lowercase().contains(a.as_str()))
                    })
                    && p.tag.iter().all(|t| d.tags.contains(t))
                    && text.as_ref().is_none_or(|t| {
                        let title = d.title.to_lowercase();
                        t.split_whitespace().all(|w| title.contains(w))
                    })
            })
            .collect();
        respond(Ok(json!({ "docs": docs })))
    }

    #[tool(
        description = "Show a design doc's Markdown, or only one section of it (by its heading's title).",
        annotations(read_only_hint = true)
    )]
    async fn show_doc(
        &self,
        Parameters(p): Parameters<ShowParams>,
    ) -> Result<CallToolResult, ErrorData> {
        respond((|| {
            let (ws, doc) = self.doc(&p.doc)?;
            let text = self.read(&ws, &doc)?;
            let Some(title) = p.section else {
                return Ok(json!({ "path": doc.path, "text": text }));
            };
            match section(&text, &title) {
                Some(s) => Ok(json!({ "path": doc.path, "section": title, "text": s })),
                None => {
                    let parsed = designdoc_syntax::parse(&text);
                    let titles: Vec<&str> =
                        parsed.headings.iter().map(|h| h.text.as_str()).collect();
                    Err(format!(
                        "{} has no section {title:?}; its headings: {}",
                        doc.path,
                        titles.join(", ")
                    ))
                }
            }
        })())
    }

    #[tool(
        description = "Check a design doc against its template, as `designdoc check` does: a doc on disk, or a text not yet written (give `text`, and `path` for where it will be). Returns the diagnostics (rule, severity, line, column, message, fixable) and `fixed`, the text with every safe fix applied (the unsafe ones too with `unsafe_fixes`, such as inserting the missing sections), when a fix applies.",
        annotations(read_only_hint = true)
    )]
    async fn check(
        &self,
        Parameters(p): Parameters<CheckParams>,
    ) -> Result<CallToolResult, ErrorData> {
        respond((|| {
            let (ws, found) = match &p.doc {
                Some(spec) => {
                    let (ws, d) = self.doc(spec)?;
                    (ws, Some(d))
                }
                None => (self.workspace()?, None),
            };
            let found = found.as_ref();
            let path: PathBuf = match (&p.path, found) {
                (Some(rel), _) => ws.root.join(rel),
                (None, Some(d)) => d.abs_path.clone(),
                (None, None) => ws.docs_dir().join("new-doc.md"),
            };
            let text = match (&p.text, found) {
                (Some(t), _) => t.clone(),
                (None, Some(d)) => self.read(&ws, d)?,
                (None, None) => return Err("give `doc` (a doc on disk) or `text` to check".into()),
            };
            let (diagnostics, _) = ws.check_text(&path, &text);
            let rel = designdoc_repo::display_path(&path, &ws.root);
            let report = FileReport {
                path: &rel,
                source: &text,
                diagnostics: &diagnostics,
            };
            let mut value: Value =
                serde_json::from_str(&json_file(&report)).map_err(|e| e.to_string())?;
            if let Some(fix) = ws.fix_text(
                &path,
                &text,
                None,
                &designdoc_lint::fix::FixOptions {
                    unsafe_fixes: p.unsafe_fixes,
                    linked_anchors: ws.anchors_linked_to(&path),
                },
            ) && fix.settled
                && fix.text != text
            {
                value["fixed"] = Value::String(fix.text);
                value["fixes_applied"] = json!(fix.applied);
            }
            Ok(value)
        })())
    }

    #[tool(
        description = "Create a design doc from its template, as `designdoc new` does: docs folder, next free number, slug from the title. Returns its path and text."
    )]
    async fn new_doc(
        &self,
        Parameters(p): Parameters<NewParams>,
    ) -> Result<CallToolResult, ErrorData> {
        respond((|| {
            let title = p.title.trim();
            if title.is_empty() {
                return Err("the title is empty".to_string());
            }
            let mut ws = self.workspace()?;
            if let Some(t) = &p.template {
                ws.use_template(t, &self.cwd).map_err(|e| e.to_string())?;
            }
            let dir = ws.docs_dir();
            let path = ws
                .create_doc(
                    title,
                    p.template.as_deref(),
                    &dir,
                    &self.cwd,
                    &designdoc_repo::today().to_string(),
                )
                .map_err(|e| e.to_string())?;
            let text = ws.read_doc(&path).unwrap_or_default();
            Ok(json!({
                "path": designdoc_repo::display_path(&path, &ws.root),
                "text": text,
            }))
        })())
    }

    #[tool(
        description = "Move a design doc to another lifecycle status, with the gates of `designdoc status`: the move must be allowed, in-review and accepted need a doc without errors, accepted needs an approver. Rewrites only the front matter."
    )]
    async fn set_status(
        &self,
        Parameters(p): Parameters<StatusParams>,
    ) -> Result<CallToolResult, ErrorData> {
        respond((|| {
            let (ws, d) = self.doc(&p.doc)?;
            let m = ws.set_status(
                &d,
                &p.status,
                &p.approver,
                &designdoc_repo::today().to_string(),
            )?;
            Ok(json!({ "path": d.path, "from": m.from, "to": m.to }))
        })())
    }
}

#[tool_handler]
impl ServerHandler for Server {
    fn get_info(&self) -> ServerInfo {
        ServerInfo::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .build(),
        )
        .with_server_info(
            Implementation::new("designdoc", env!("CARGO_PKG_VERSION")).with_title("designdoc"),
        )
        .with_instructions(
            "designdoc checks design documents against their template. Use list_docs and show_doc to read the docs, check before and after editing one (it returns the diagnostics and the safely fixed text), new_doc to start a doc from the template, and set_status to move it through its lifecycle.",
        )
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let ws = self
            .workspace()
            .map_err(|e| ErrorData::internal_error(e, None))?;
        let resources = self
            .docs(&ws, false)
            .into_iter()
            .map(|d| {
                let mut r = RawResource::new(file_uri(&d.abs_path), d.path.clone())
                    .with_title(format!("{} {}", d.label(), d.title));
                r.mime_type = Some("text/markdown".to_string());
                r.description = d.status.as_ref().map(|s| format!("status: {s}"));
                r.no_annotation()
            })
            .collect();
        Ok(ListResourcesResult::with_all_items(resources))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResult, ErrorData> {
        let ws = self
            .workspace()
            .map_err(|e| ErrorData::internal_error(e, None))?;
        // Only the configured docs are served, whatever the URI names.
        let docs = self.docs(&ws, false);
        let Some(doc) = docs.iter().find(|d| file_uri(&d.abs_path) == request.uri) else {
            return Err(ErrorData::resource_not_found(
                format!("no design doc at {}", request.uri),
                None,
            ));
        };
        let text = self
            .read(&ws, doc)
            .map_err(|e| ErrorData::internal_error(e, None))?;
        let ResourceContents::TextResourceContents {
            uri, text, meta, ..
        } = ResourceContents::text(text, request.uri.clone())
        else {
            unreachable!("text() makes text contents")
        };
        Ok(ReadResourceResult::new(vec![
            ResourceContents::TextResourceContents {
                uri,
                mime_type: Some("text/markdown".to_string()),
                text,
                meta,
            },
        ]))
    }
}

/// `file:///abs/path`, with what URIs cannot hold percent-encoded.
pub fn file_uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The text of the section titled `title` (compared without case): its
/// heading line to the next heading of the same or a higher level.
pub fn section(text: &str, title: &str) -> Option<String> {
    let doc = designdoc_syntax::parse(text);
    let want = title.trim().to_lowercase();
    let (i, h) = doc
        .headings
        .iter()
        .enumerate()
        .find(|(_, h)| h.text.trim().to_lowercase() == want)?;
    let end = doc.headings[i + 1..]
        .iter()
        .find(|n| n.level <= h.level)
        .map_or(text.len(), |n| n.span.start);
    Some(text[h.span.start..end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_runs_to_the_next_heading_of_its_level() {
        let text = "# T\n\n## A\n\na\n\n### A1\n\nx\n\n## B\n\nb\n";
        assert_eq!(section(text, "a").unwrap(), "## A\n\na\n\n### A1\n\nx\n\n");
        assert_eq!(section(text, "B").unwrap(), "## B\n\nb\n");
        assert!(section(text, "C").is_none());
    }

    #[test]
    fn file_uris_encode_what_a_uri_cannot_hold() {
        assert_eq!(file_uri(Path::new("/a b/é.md")), "file:///a%20b/%C3%A9.md");
    }
}
