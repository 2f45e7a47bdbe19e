//! Go to definition: a link's target doc or heading, a requirement's citing tests.

use super::super::*;

impl Server {
    /// A link: the doc (and heading) it leads to; a glossary term: where
    /// the glossary defines it.
    pub(in crate::server) fn definition(
        &mut self,
        p: lsp::GotoDefinitionParams,
    ) -> Option<lsp::GotoDefinitionResponse> {
        use crate::navigate::Target;
        let (doc, target) = self.target(&p.text_document_position_params)?;
        let view = doc.view();
        let location = match target {
            Target::Heading { .. } => return None,
            // A requirement: the first code or test that cites it.
            Target::Requirement { id, .. } => {
                let ws = self.ws.as_ref()?;
                let path = doc.path.clone()?;
                let info = designdoc_repo::catalog::doc_info(&path, &ws.rel_path(&path), &doc.text);
                let e = self.evidence(ws);
                let r = e
                    .refs
                    .iter()
                    .find(|r| r.id == id && info.is_named_by(&r.doc))?;
                let at = lsp::Position::new(r.line.saturating_sub(1) as u32, 0);
                lsp::Location {
                    uri: convert::path_to_uri(&ws.root.join(&r.file))?,
                    range: lsp::Range::new(at, at),
                }
            }
            Target::Anchor { heading, .. } => lsp::Location {
                uri: doc.uri.clone(),
                range: view.range(&heading?),
            },
            Target::Term {
                term, defined_at, ..
            } => lsp::Location {
                uri: doc.uri.clone(),
                range: view.range(&(defined_at..defined_at + term.len())),
            },
            Target::File { path, anchor, .. } => {
                let text = self.text_of(&path)?;
                let lines = LineIndex::new(&text);
                let target = Text {
                    text: &text,
                    lines: &lines,
                };
                let span = anchor
                    .and_then(|a| {
                        let parsed = designdoc_syntax::parse(&text);
                        crate::navigate::anchors(&parsed)
                            .into_iter()
                            .find(|(x, _)| *x == a)
                            .map(|(_, s)| s)
                    })
                    .unwrap_or(0..0);
                lsp::Location {
                    uri: convert::path_to_uri(&path)?,
                    range: target.range(&span),
                }
            }
        };
        Some(lsp::GotoDefinitionResponse::Scalar(location))
    }
}
