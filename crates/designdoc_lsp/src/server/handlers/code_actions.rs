//! Code actions: the quick fixes of the findings in a range, and "apply every fix".

use super::super::*;

impl Server {
    /// Quick fixes for the diagnostics in the range asked about, and one
    /// action applying every fix `check --fix` would make.
    pub(in crate::server) fn code_actions(
        &mut self,
        p: lsp::CodeActionParams,
    ) -> Vec<lsp::CodeActionOrCommand> {
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
        let mut diagnostics = self.check(doc).0;
        // A rename of a heading another doc links to is not safe.
        let linked = self.linked_to(doc);
        designdoc_lint::fix::demote_linked(&mut diagnostics, &linked);
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
        // Every safe fix at once, and the template's two chores in one go,
        // each made by `check --fix`'s passes (over some rules only for the
        // chores), sent as one edit over the part that changes.
        let whole: [(Option<&str>, &str, &str); 3] = [
            (None, "source.fixAll", "Apply every safe designdoc fix"),
            (
                Some("missing-section"),
                "source.designdoc.insertMissingSections",
                "Insert every missing section",
            ),
            (
                Some("checklist-unticked"),
                "source.designdoc.tickChecklist",
                "Tick the checklist items whose sections are written",
            ),
        ];
        for (rule, kind, title) in whole {
            let kind = lsp::CodeActionKind::from(kind.to_string());
            let fixable = diagnostics.iter().any(|d| {
                // A chore is asked for by name: its unsafe fixes too
                // (inserting an empty section); "fix all" is `--fix`.
                rule.is_none_or(|r| d.rule.name == r)
                    && d.fix.as_ref().is_some_and(|f| {
                        rule.is_some() || f.applicability == designdoc_lint::Applicability::Safe
                    })
            });
            if !fixable || !wanted(&kind) {
                continue;
            }
            let Some(ws) = &self.ws else { continue };
            let only = rule.map(|r| [r]);
            let Some(fixed) = ws.fix_text(
                &doc.check_path(ws),
                &doc.text,
                only.as_ref().map(|o| &o[..]),
                &designdoc_lint::fix::FixOptions {
                    unsafe_fixes: rule.is_some(),
                    linked_anchors: linked.clone(),
                },
            ) else {
                continue;
            };
            if !fixed.settled || fixed.text == doc.text {
                continue;
            }
            let (range, new_text) = changed_part(&doc.text, &fixed.text);
            actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: format!("{title} ({})", fixed.applied),
                kind: Some(kind),
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
}
