//! Every rule, one line each. Codes are never reused; a retired rule keeps
//! its code out of circulation.

use crate::Rule;
use crate::rules::*;

/// Every rule, of every [`Kind`](crate::Kind), in the order a doc's pass runs them: grouped by
/// code, but not strictly sorted by it.
pub static RULES: &[&Rule] = &[
    &unreadable_file::RULE,
    &unclosed_code_fence::RULE,
    &unclosed_front_matter::RULE,
    &parse_failure::RULE,
    &unknown_template::RULE,
    &unused_suppression::RULE,
    &missing_section::RULE,
    &renamed_section::RULE,
    &section_order::RULE,
    &heading_level::RULE,
    &duplicate_heading::RULE,
    &extra_section::RULE,
    &title_format::RULE,
    &missing_front_matter::RULE,
    &invalid_front_matter::RULE,
    &unknown_front_matter_key::RULE,
    &empty_section::RULE,
    &placeholder_text::RULE,
    &section_too_short::RULE,
    &unmeasurable_target::RULE,
    &checklist_unsupported::RULE,
    &checklist_unticked::RULE,
    &glossary_format::RULE,
    &glossary_duplicate::RULE,
    &glossary_unused::RULE,
    &broken_anchor::RULE,
    &duplicate_number::RULE,
    &broken_doc_link::RULE,
    &supersede_mismatch::RULE,
    &dependency_cycle::RULE,
    &depends_on_rejected::RULE,
    &number_taken_on_branch::RULE,
    &malformed_requirement_id::RULE,
    &duplicate_requirement_id::RULE,
    &requirement_untested::RULE,
    &requirement_ticked_without_evidence::RULE,
    &dangling_requirement_ref::RULE,
    &requirement_changed_since_verified::RULE,
    &target_missed::RULE,
    &status_drift::RULE,
];

/// A rule by kebab-case name or by code.
pub fn find_rule(name_or_code: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.name == name_or_code || r.code.eq_ignore_ascii_case(name_or_code))
}

/// The rules a selector names, as `--select`, `[per-file-ignores]` and
/// suppression comments write them: a kebab-case name, a code, a code
/// prefix (`DD1`: every structure rule) or `ALL` (codes and `ALL` in any
/// case). Empty when it names none.
pub fn select(selector: &str) -> Vec<&'static Rule> {
    let s = selector.trim();
    if s.is_empty() {
        return Vec::new();
    }
    RULES
        .iter()
        .copied()
        .filter(|r| {
            s.eq_ignore_ascii_case("all")
                || r.name == s
                || r.code.len() >= s.len() && r.code[..s.len()].eq_ignore_ascii_case(s)
        })
        .collect()
}
