//! One file per rule. See `registry.rs` for the list.

/// The rule `broken-anchor`: its doc is [`broken_anchor::RULE`]'s.
pub mod broken_anchor;
/// The rule `broken-doc-link`: its doc is [`broken_doc_link::RULE`]'s.
pub mod broken_doc_link;
/// The rule `checklist-unsupported`: its doc is [`checklist_unsupported::RULE`]'s.
pub mod checklist_unsupported;
/// The rule `checklist-unticked`: its doc is [`checklist_unticked::RULE`]'s.
pub mod checklist_unticked;
/// The rule `dangling-requirement-ref`: its doc is [`dangling_requirement_ref::RULE`]'s.
pub mod dangling_requirement_ref;
/// The rule `dependency-cycle`: its doc is [`dependency_cycle::RULE`]'s.
pub mod dependency_cycle;
/// The rule `depends-on-rejected`: its doc is [`depends_on_rejected::RULE`]'s.
pub mod depends_on_rejected;
/// The rule `duplicate-heading`: its doc is [`duplicate_heading::RULE`]'s.
pub mod duplicate_heading;
/// The rule `duplicate-number`: its doc is [`duplicate_number::RULE`]'s.
pub mod duplicate_number;
/// The rule `duplicate-requirement-id`: its doc is [`duplicate_requirement_id::RULE`]'s.
pub mod duplicate_requirement_id;
/// The rule `empty-section`: its doc is [`empty_section::RULE`]'s.
pub mod empty_section;
/// The rule `extra-section`: its doc is [`extra_section::RULE`]'s.
pub mod extra_section;
/// The rule `glossary-duplicate`: its doc is [`glossary_duplicate::RULE`]'s.
pub mod glossary_duplicate;
/// The rule `glossary-format`: its doc is [`glossary_format::RULE`]'s.
pub mod glossary_format;
/// The rule `glossary-unused`: its doc is [`glossary_unused::RULE`]'s.
pub mod glossary_unused;
/// The rule `heading-level`: its doc is [`heading_level::RULE`]'s.
pub mod heading_level;
/// The rule `invalid-front-matter`: its doc is [`invalid_front_matter::RULE`]'s.
pub mod invalid_front_matter;
/// The rule `malformed-requirement-id`: its doc is [`malformed_requirement_id::RULE`]'s.
pub mod malformed_requirement_id;
/// The rule `missing-front-matter`: its doc is [`missing_front_matter::RULE`]'s.
pub mod missing_front_matter;
/// The rule `missing-section`: its doc is [`missing_section::RULE`]'s.
pub mod missing_section;
/// The rule `number-taken-on-branch`: its doc is [`number_taken_on_branch::RULE`]'s.
pub mod number_taken_on_branch;
/// The rule `parse-failure`: its doc is [`parse_failure::RULE`]'s.
pub mod parse_failure;
/// The rule `placeholder-text`: its doc is [`placeholder_text::RULE`]'s.
pub mod placeholder_text;
/// The rule `renamed-section`: its doc is [`renamed_section::RULE`]'s.
pub mod renamed_section;
/// The rule `requirement-changed-since-verified`: its doc is
/// [`requirement_changed_since_verified::RULE`]'s.
pub mod requirement_changed_since_verified;
/// The rule `requirement-ticked-without-evidence`: its doc is
/// [`requirement_ticked_without_evidence::RULE`]'s.
pub mod requirement_ticked_without_evidence;
/// The rule `requirement-untested`: its doc is [`requirement_untested::RULE`]'s.
pub mod requirement_untested;
/// The rule `section-order`: its doc is [`section_order::RULE`]'s.
pub mod section_order;
/// The rule `section-too-short`: its doc is [`section_too_short::RULE`]'s.
pub mod section_too_short;
/// The rule `status-drift`: its doc is [`status_drift::RULE`]'s.
pub mod status_drift;
/// The rule `supersede-mismatch`: its doc is [`supersede_mismatch::RULE`]'s.
pub mod supersede_mismatch;
/// The rule `target-missed`: its doc is [`target_missed::RULE`]'s.
pub mod target_missed;
/// The rule `title-format`: its doc is [`title_format::RULE`]'s.
pub mod title_format;
/// The rule `unclosed-code-fence`: its doc is [`unclosed_code_fence::RULE`]'s.
pub mod unclosed_code_fence;
/// The rule `unclosed-front-matter`: its doc is [`unclosed_front_matter::RULE`]'s.
pub mod unclosed_front_matter;
/// The rule `unknown-front-matter-key`: its doc is [`unknown_front_matter_key::RULE`]'s.
pub mod unknown_front_matter_key;
/// The rule `unknown-template`: its doc is [`unknown_template::RULE`]'s.
pub mod unknown_template;
/// The rule `unmeasurable-target`: its doc is [`unmeasurable_target::RULE`]'s.
pub mod unmeasurable_target;
/// The rule `unreadable-file`: its doc is [`unreadable_file::RULE`]'s.
pub mod unreadable_file;
/// The rule `unused-suppression`: its doc is [`unused_suppression::RULE`]'s.
pub mod unused_suppression;
