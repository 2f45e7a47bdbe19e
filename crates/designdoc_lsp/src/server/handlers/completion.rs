//! Completion: front-matter keys and statuses, links to docs and their headings.

use super::super::*;

impl Server {
    /// In the front matter: its keys, and the lifecycle's statuses after
    /// `status:`; on a line starting with `#`: the template's sections the
    /// doc lacks, the one expected here first; after `](`: the other docs,
    /// by relative path; elsewhere: the glossary's terms.
    pub(in crate::server) fn completion(
        &mut self,
        p: lsp::CompletionParams,
    ) -> Vec<lsp::CompletionItem> {
        let pos = &p.text_document_position;
        let (Some(doc), Some(ws)) = (self.docs.get(pos.text_document.uri.as_str()), &self.ws)
        else {
            return Vec::new();
        };
        let view = doc.view();
        let offset = view.offset(pos.position);
        let text = &doc.text;
        let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let before = &text[line_start..offset];
        let parsed = designdoc_syntax::parse(text);
        let item = |label: String, kind, detail: Option<String>, insert: Option<String>| {
            lsp::CompletionItem {
                label,
                kind: Some(kind),
                detail,
                insert_text: insert,
                ..Default::default()
            }
        };

        // Front matter.
        if let Some(fm) = &parsed.front_matter
            && fm.body.start <= offset
            && offset <= fm.body.end
        {
            if let Some(rest) = before.strip_prefix("status:") {
                let typed = rest.trim_start();
                return ws
                    .config
                    .lifecycle
                    .statuses
                    .iter()
                    .filter(|s| s.starts_with(typed))
                    .map(|s| {
                        item(
                            s.clone(),
                            lsp::CompletionItemKind::ENUM_MEMBER,
                            Some("status".into()),
                            None,
                        )
                    })
                    .collect();
            }
            if !before.contains(':') {
                let written = &text[fm.body.clone()];
                return designdoc_lint::metadata::KNOWN_KEYS
                    .iter()
                    .map(|k| (k.name, k.about))
                    .filter(|(k, _)| !written.lines().any(|l| l.starts_with(&format!("{k}:"))))
                    .map(|(k, d)| {
                        item(
                            k.to_string(),
                            lsp::CompletionItemKind::PROPERTY,
                            Some((*d).to_string()),
                            Some(format!("{k}: ")),
                        )
                    })
                    .collect();
            }
            return Vec::new();
        }

        // A heading being typed: the missing sections.
        if before.trim_start().starts_with('#') && !before.contains("](") {
            let Ok(schema) = ws.schema_for(&doc.check_path(ws), text) else {
                return Vec::new();
            };
            let matching = schema.match_headings(&parsed);
            // The last template section written before the cursor: the
            // missing one right after it in the template comes first.
            let after = parsed
                .headings
                .iter()
                .enumerate()
                .filter(|(_, h)| h.span.end <= line_start)
                .filter_map(|(i, _)| matching.headings[i].as_ref().map(|m| m.section))
                .max();
            let line_range = view.range(&(line_start..offset));
            return schema
                .sections
                .iter()
                .enumerate()
                .filter(|(i, _)| matching.sections[*i].is_none())
                .map(|(i, s)| {
                    let heading = format!("{} {}", "#".repeat(s.level as usize), s.title);
                    let distance = after.map_or(i, |a| if i > a { i - a } else { 1000 + i });
                    lsp::CompletionItem {
                        label: s.title.clone(),
                        kind: Some(lsp::CompletionItemKind::MODULE),
                        detail: Some(format!(
                            "missing {}section of the template",
                            if s.required { "required " } else { "" }
                        )),
                        documentation: (!s.guidance.is_empty())
                            .then(|| lsp::Documentation::String(s.guidance.join("\n\n"))),
                        sort_text: Some(format!("{distance:05}")),
                        filter_text: Some(heading.clone()),
                        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
                            range: line_range,
                            new_text: heading,
                        })),
                        ..Default::default()
                    }
                })
                .collect();
        }

        // A link's destination: the other docs, or after `#` the headings
        // of the doc named.
        if let Some(open) = before.rfind("](")
            && !before[open..].contains(')')
        {
            let (Some(state), Some(here)) = (&self.repo, &doc.path) else {
                return Vec::new();
            };
            let base = here.parent().unwrap_or(Path::new("/"));
            if let Some((file, _)) = before[open + 2..].split_once('#') {
                let target = if file.is_empty() {
                    here.clone()
                } else {
                    crate::navigate::normalize(&base.join(file))
                };
                let Some(text) = self.text_of(&target) else {
                    return Vec::new();
                };
                let parsed = designdoc_syntax::parse(&text);
                return crate::navigate::anchors(&parsed)
                    .into_iter()
                    .zip(&parsed.headings)
                    .map(|((anchor, _), h)| {
                        item(
                            anchor,
                            lsp::CompletionItemKind::REFERENCE,
                            Some(h.text.clone()),
                            None,
                        )
                    })
                    .collect();
            }
            return state
                .docs
                .iter()
                .filter(|d| d.path != *here)
                .map(|d| {
                    let rel = designdoc_repo::relative_path(&d.path, base);
                    let label = d.number.map_or(String::new(), |n| format!("{n:04} "));
                    item(
                        rel,
                        lsp::CompletionItemKind::FILE,
                        Some(format!("{label}{}", d.status().unwrap_or("no status"))),
                        None,
                    )
                })
                .collect();
        }

        // Prose: the glossary's terms.
        let Ok(schema) = ws.schema_for(&doc.check_path(ws), text) else {
            return Vec::new();
        };
        designdoc_lint::glossary(&parsed, &schema)
            .into_iter()
            .map(|t| {
                item(
                    t.term,
                    lsp::CompletionItemKind::TEXT,
                    Some(t.definition),
                    None,
                )
            })
            .collect()
    }
}
