//! Hover: a link's target, a requirement's references and test status, a finding's rule.

use super::super::*;

impl Server {
    /// A heading: its template section's guidance; a link: the doc or
    /// heading it leads to; a glossary term: its definition.
    pub(in crate::server) fn hover(&mut self, p: lsp::HoverParams) -> Option<lsp::Hover> {
        use crate::navigate::Target;
        let (doc, target) = self.target(&p.text_document_position_params)?;
        let view = doc.view();
        let (span, text) = match target {
            Target::Heading { span, section } => {
                let text = match section {
                    Some((title, guidance)) if guidance.is_empty() => {
                        format!("**{title}**: a section of the template.")
                    }
                    Some((title, guidance)) => format!(
                        "**{title}** (template section)\n\n{}",
                        guidance.join("\n\n")
                    ),
                    None => "Not a section of the template.".to_string(),
                };
                (span, text)
            }
            Target::Anchor { span, text, .. } => (
                span,
                match text {
                    Some(t) => format!("Heading: **{t}**"),
                    None => "No heading of this doc has this anchor.".to_string(),
                },
            ),
            Target::File { span, path, anchor } => {
                let text = match self.text_of(&path) {
                    Some(target) => {
                        let rel = self
                            .ws
                            .as_ref()
                            .map_or(path.display().to_string(), |ws| ws.rel_path(&path));
                        let info = designdoc_repo::catalog::doc_info(&path, &rel, &target);
                        let parsed = designdoc_syntax::parse(&target);
                        let summary = parsed
                            .blocks
                            .iter()
                            .find(|b| b.kind == designdoc_syntax::BlockKind::Paragraph)
                            .map(|b| {
                                let t = b.text.trim();
                                match t.char_indices().nth(300) {
                                    Some((i, _)) => format!("{}…", &t[..i]),
                                    None => t.to_string(),
                                }
                            })
                            .unwrap_or_default();
                        let status = info
                            .status
                            .as_deref()
                            .map_or(String::new(), |s| format!(" · {s}"));
                        let heading = anchor
                            .and_then(|a| {
                                crate::navigate::anchors(&parsed)
                                    .into_iter()
                                    .position(|(x, _)| x == a)
                            })
                            .map_or(String::new(), |i| format!(" › {}", parsed.headings[i].text));
                        format!(
                            "**{} {}**{status}{heading}\n\n{summary}",
                            info.label(),
                            info.title
                        )
                    }
                    None => format!("No such file: {}", path.display()),
                };
                (span, text)
            }
            Target::Term {
                span,
                term,
                definition,
                ..
            } => (span, format!("**{term}**: {definition}")),
            Target::Requirement { span, id } => {
                let line = doc.lines.line_of(span.start) + 1;
                let path = doc.path.clone()?;
                let text = self.requirement_hover(&path, &doc.text, &id, line)?;
                (span, text)
            }
        };
        Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: text,
            }),
            range: Some(view.range(&span)),
        })
    }

    /// The code and test reports' evidence, read at most every
    /// [`EVIDENCE_TTL`].
    pub(in crate::server) fn evidence(&self, ws: &Workspace) -> Arc<Evidence> {
        let mut cache = self.evidence.borrow_mut();
        if let Some((at, e)) = cache.as_ref()
            && at.elapsed() < EVIDENCE_TTL
        {
            return e.clone();
        }
        let docs = designdoc_repo::collect(&ws.root, &ws.config.paths, &[]);
        let e = Arc::new(Evidence {
            refs: designdoc_trace::references(ws, &docs, None).unwrap_or_default(),
            results: designdoc_trace::test_results(ws, &[], &ws.root).unwrap_or_default(),
        });
        *cache = Some((std::time::Instant::now(), e.clone()));
        e
    }

    /// A requirement: its verdict, what cites it and how those tests went.
    pub(in crate::server) fn requirement_hover(
        &self,
        path: &Path,
        text: &str,
        id: &str,
        line: usize,
    ) -> Option<String> {
        use designdoc_trace as trace;
        let ws = self.ws.as_ref()?;
        let rel = ws.rel_path(path);
        let info = designdoc_repo::catalog::doc_info(path, &rel, text);
        let e = self.evidence(ws);
        let reqs = [trace::Req {
            doc: info.label(),
            path: rel,
            line,
            span: 0..0,
            id: id.to_string(),
            text: String::new(),
            ticked: None,
        }];
        let (traced, _) = trace::verdicts(
            &reqs,
            &e.refs,
            &e.results,
            |_, spec| info.is_named_by(spec),
            |_| true,
        );
        let t = traced.first()?;
        let mut out = format!("**{}#{id}** · {}\n\n", info.label(), t.verdict.as_str());
        if t.references.is_empty() {
            out.push_str(&format!(
                "No test cites it: add `design: {}#{id}` above one.",
                info.label()
            ));
            return Some(out);
        }
        out.push_str("Cited by:\n");
        for r in &t.references {
            let outcome = r
                .test
                .as_ref()
                .and_then(|name| t.tests.iter().find(|x| x.is(name)))
                .map_or("", |x| match x.outcome {
                    trace::Outcome::Passed => " (passed)",
                    trace::Outcome::Failed => " (failed)",
                    trace::Outcome::Skipped => " (skipped)",
                });
            let test = r.test.as_ref().map_or(String::new(), |n| format!(" `{n}`"));
            out.push_str(&format!("- {}:{}{test}{outcome}\n", r.file, r.line));
        }
        if e.results.is_empty() {
            out.push_str("\nNo test report read (`[trace] junit`).");
        }
        Some(out)
    }
}
