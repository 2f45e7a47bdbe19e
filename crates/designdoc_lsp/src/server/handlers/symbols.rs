//! The outline (document symbols) and folding ranges.

use super::super::*;

impl Server {
    /// The outline: headings nested by level.
    pub(in crate::server) fn symbols(
        &mut self,
        p: lsp::DocumentSymbolParams,
    ) -> lsp::DocumentSymbolResponse {
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
    pub(in crate::server) fn folding(
        &mut self,
        p: lsp::FoldingRangeParams,
    ) -> Vec<lsp::FoldingRange> {
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
            region(&mut ranges, start, end);
        }
        if let Some(fm) = &parsed.front_matter {
            let (start, end) = (
                view.position(fm.span.start).line,
                view.position(fm.span.end.saturating_sub(1)).line,
            );
            region(&mut ranges, start, end);
        }
        ranges
    }
}

/// A folding region from line `start` to line `end`, when it spans more
/// than one line.
fn region(ranges: &mut Vec<lsp::FoldingRange>, start: u32, end: u32) {
    if end > start {
        ranges.push(lsp::FoldingRange {
            start_line: start,
            end_line: end,
            kind: Some(lsp::FoldingRangeKind::Region),
            ..Default::default()
        });
    }
}
