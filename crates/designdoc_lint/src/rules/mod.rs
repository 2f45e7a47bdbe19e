//! One file per rule. See `registry.rs` for the list.

pub mod broken_anchor;
pub mod checklist_unsupported;
pub mod checklist_unticked;
pub mod duplicate_heading;
pub mod empty_section;
pub mod extra_section;
pub mod glossary_duplicate;
pub mod glossary_format;
pub mod glossary_unused;
pub mod heading_level;
pub mod invalid_front_matter;
pub mod missing_front_matter;
pub mod missing_section;
pub mod parse_failure;
pub mod placeholder_text;
pub mod renamed_section;
pub mod section_order;
pub mod section_too_short;
pub mod title_format;
pub mod unclosed_code_fence;
pub mod unclosed_front_matter;
pub mod unknown_front_matter_key;
pub mod unknown_template;
pub mod unmeasurable_target;
pub mod unreadable_file;
