//! Rename a heading, and every link to it in the open and indexed docs.

use super::super::*;

impl Server {
    /// Only a heading can be renamed: its title's range.
    pub(in crate::server) fn prepare_rename(
        &mut self,
        p: lsp::TextDocumentPositionParams,
    ) -> Option<lsp::PrepareRenameResponse> {
        let doc = self.docs.get(p.text_document.uri.as_str())?;
        let offset = doc.view().offset(p.position);
        let parsed = designdoc_syntax::parse(&doc.text);
        let h = parsed
            .headings
            .iter()
            .find(|h| h.span.start <= offset && offset <= h.span.end)?;
        Some(lsp::PrepareRenameResponse::RangeWithPlaceholder {
            range: doc.view().range(&h.text_span),
            placeholder: doc.text[h.text_span.clone()].to_string(),
        })
    }

    #[allow(clippy::mutable_key_type)]
    /// Renames a heading, and every link to its anchor: in this doc
    /// (`#old`) and in the workspace's other docs (`this-doc.md#old`),
    /// open buffers as they are, the others as their files are.
    // `Uri` keys: lsp-types' own `WorkspaceEdit::changes` is keyed so.
    pub(in crate::server) fn rename(
        &mut self,
        p: lsp::RenameParams,
    ) -> Result<lsp::WorkspaceEdit, String> {
        let pos = &p.text_document_position;
        let doc = self
            .docs
            .get(pos.text_document.uri.as_str())
            .ok_or("the document is not open")?;
        let name = p.new_name.trim();
        if name.is_empty() || name.contains(['\n', '\r']) {
            return Err("a heading's title is one line of text".to_string());
        }
        let offset = doc.view().offset(pos.position);
        let parsed = designdoc_syntax::parse(&doc.text);
        let i = parsed
            .headings
            .iter()
            .position(|h| h.span.start <= offset && offset <= h.span.end)
            .ok_or("only a heading can be renamed")?;
        let heading = parsed.headings[i].text_span.clone();
        let old = crate::navigate::anchors(&parsed)[i].0.clone();
        let mut renamed = doc.text.clone();
        renamed.replace_range(heading.clone(), name);
        let new = crate::navigate::anchors(&designdoc_syntax::parse(&renamed))
            .get(i)
            .map(|(a, _)| a.clone())
            .ok_or("the new title changes the doc's headings")?;

        let mut changes: HashMap<Uri, Vec<lsp::TextEdit>> = HashMap::new();
        let mut edit = |uri: &Uri, range: lsp::Range, new_text: &str| {
            changes.entry(uri.clone()).or_default().push(lsp::TextEdit {
                range,
                new_text: new_text.to_string(),
            });
        };
        let done = |changes| {
            Ok(lsp::WorkspaceEdit {
                changes: Some(changes),
                ..Default::default()
            })
        };
        let view = doc.view();
        edit(&doc.uri, view.range(&heading), name);
        if old == new {
            return done(changes);
        }
        // `#old` at the end of a link's destination, inside the link.
        let anchor_in = |text: &str, span: &Range<usize>| -> Option<Range<usize>> {
            let link = text.get(span.clone())?;
            let at = link.rfind(&format!("#{old}"))?;
            Some(span.start + at + 1..span.start + at + 1 + old.len())
        };
        for l in &parsed.links {
            if l.dest.trim() == format!("#{old}")
                && let Some(r) = anchor_in(&doc.text, &l.span)
            {
                edit(&doc.uri, view.range(&r), &new);
            }
        }
        let Some(this) = doc.path.clone() else {
            return done(changes);
        };
        // Every doc that may link here: the open ones (as their buffers
        // are) and the indexed ones.
        let mut sources: Vec<(PathBuf, Option<Uri>, String)> = Vec::new();
        for d in self.docs.values() {
            if let Some(path) = &d.path {
                sources.push((path.clone(), Some(d.uri.clone()), d.text.clone()));
            }
        }
        if let Some(state) = &self.repo {
            for r in &state.docs {
                let linked = r
                    .links
                    .iter()
                    .any(|(dest, _)| dest.ends_with(&format!("#{old}")));
                if linked
                    && !sources.iter().any(|(p, _, _)| *p == r.path)
                    && let Some(text) = self.text_of(&r.path)
                {
                    sources.push((r.path.clone(), None, text));
                }
            }
        }
        for (path, uri, text) in sources {
            let parsed = designdoc_syntax::parse(&text);
            let base = path.parent().unwrap_or(Path::new("/")).to_path_buf();
            let lines = LineIndex::new(&text);
            let other = Text {
                text: &text,
                lines: &lines,
            };
            for l in &parsed.links {
                let Some((file, anchor)) = l.dest.trim().split_once('#') else {
                    continue;
                };
                if anchor != old || file.is_empty() || file.contains("://") {
                    continue;
                }
                let Ok(file) = percent_encoding::percent_decode_str(file).decode_utf8() else {
                    continue;
                };
                if crate::navigate::normalize(&base.join(file.as_ref())) != this {
                    continue;
                }
                let (Some(r), Some(uri)) = (
                    anchor_in(&text, &l.span),
                    uri.clone().or_else(|| convert::path_to_uri(&path)),
                ) else {
                    continue;
                };
                edit(&uri, other.range(&r), &new);
            }
        }
        done(changes)
    }
}
