//! The schema file: a [`Schema`] as TOML, for a team to review and tune.
//!
//! `designdoc template derive` writes one from a Markdown template;
//! `Schema::from_toml` reads it back. The format is described by the JSON
//! Schema [`json_schema`] returns (committed as
//! `docs/schema/template-schema.json` for editor completion) and in
//! `docs/templates.md`.
//!
//! Writing is done by hand rather than through `toml`'s serializer so
//! that the file carries comments and shows every default explicitly, in
//! a stable order that diffs well.

use std::fmt::Write as _;
use std::ops::Range;

use designdoc_syntax::text::normalize_title;
use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use crate::{Checklist, ChecklistItem, Schema, SectionKind, SectionSchema, TitleSchema};

/// The format version this build reads and writes.
pub const VERSION: u32 = 1;

/// Where editors find the JSON Schema of the format.
pub const JSON_SCHEMA_URL: &str =
    "https://raw.githubusercontent.com/designdoc/designdoc/main/docs/schema/template-schema.json";

/// A designdoc template schema file (`*.schema.toml`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "designdoc template schema")]
pub struct SchemaFile {
    /// Format version: 1.
    pub version: u32,
    /// The template's name, as `--template` and front matter `template:`
    /// use it.
    pub name: String,
    /// The Markdown template `designdoc new` copies, relative to this file.
    /// Without it, `new` writes a skeleton built from the sections.
    #[serde(default)]
    pub template: Option<String>,
    /// What the document as a whole must have.
    #[serde(default)]
    pub document: DocumentFile,
    /// The sections, in the order documents must follow (a parent before
    /// its subsections).
    #[serde(default, rename = "section")]
    pub sections: Vec<SectionFile>,
    /// A checklist whose items vouch for sections.
    #[serde(default)]
    pub checklist: Option<ChecklistFile>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DocumentFile {
    /// The title heading; omit for templates without one.
    #[serde(default)]
    pub title: Option<TitleFile>,
    /// Sections a document may add without an `extra-section` report:
    /// titles, or patterns with `*` ("Appendix*").
    #[serde(default)]
    pub allowed_extra_sections: Vec<String>,
    /// Front-matter keys every document must set (`missing-front-matter`).
    #[serde(default)]
    pub required_front_matter: Vec<String>,
    /// Fill-in lines outside the sections (under the title).
    #[serde(default)]
    pub placeholders: Vec<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TitleFile {
    /// Heading level of the title (1 for `#`).
    #[serde(default = "one")]
    pub level: u8,
    /// The fixed start every title must have ("Design Document:"); empty
    /// for any title.
    #[serde(default)]
    pub prefix: String,
    /// The part a document replaces ("[Feature/Project Name]").
    #[serde(default)]
    pub placeholder: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SectionFile {
    /// The heading text, as `new` writes it. Documents match it with case,
    /// numbering, punctuation and emoji aside.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// Heading level (2 for `##`).
    pub level: u8,
    /// The enclosing section's title; omit for a top-level section.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub parent: Option<Spanned<String>>,
    /// Whether `missing-section` reports a document without it.
    #[serde(default = "yes")]
    pub required: bool,
    /// What the section holds: `normal`, `glossary` (`**Term**:
    /// definition` items), `targets` (measurable numbers) or `checklist`.
    #[serde(default)]
    pub kind: SectionKind,
    /// Other titles that mean this section (`renamed-section` reports them).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Fill-in lines a document must replace (`placeholder-text`); digits
    /// match any number.
    #[serde(default)]
    pub placeholders: Vec<String>,
    /// What the section should say; shown as help and inserted as HTML
    /// comments when the section is added.
    #[serde(default)]
    pub guidance: Vec<String>,
    /// Least words of prose for the section to count as written (0: none).
    #[serde(default)]
    pub min_words: u32,
    /// Least list items or table rows (0: none).
    #[serde(default)]
    pub min_items: u32,
    /// Whether documents may add subsections the template lacks.
    #[serde(default = "yes")]
    pub extra_subsections: bool,
    /// The section's list items are requirements, with ids of this prefix
    /// (`FR` gives `FR-1`, `FR-2` …); `designdoc ids --assign` numbers them.
    #[serde(default)]
    pub requirements: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ChecklistFile {
    /// The title of the section that holds the checklist.
    #[schemars(with = "String")]
    pub section: Spanned<String>,
    #[serde(default)]
    pub items: Vec<ChecklistItemFile>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ChecklistItemFile {
    /// The item's text.
    pub text: String,
    /// The title of the section a ticked item vouches for; omit when it
    /// vouches for none.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub section: Option<Spanned<String>>,
}

fn yes() -> bool {
    true
}

fn one() -> u8 {
    1
}

/// A schema file that cannot be used, with where (byte range) when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    /// Byte range in the schema file's TOML text; `None` when the error has no one place (an
    /// unsupported version, a title level out of range).
    pub span: Option<Range<usize>>,
    /// What is wrong, for the user: the TOML parser's message for a syntax or type error,
    /// else designdoc's own sentence (naming the section at fault when there is one).
    pub message: String,
}

/// `FR`, `NFR`, `REQ2`: what a requirement id starts with.
pub fn is_id_prefix(p: &str) -> bool {
    p.starts_with(|c: char| c.is_ascii_uppercase())
        && p.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// The JSON Schema of the schema file format, pretty-printed.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(SchemaFile);
    let mut s = serde_json::to_string_pretty(&schema).expect("a JSON Schema serialises");
    s.push('\n');
    s
}

impl Schema {
    /// Reads a schema file. `read_template` reads the Markdown its
    /// `template` key names (the caller knows where the file is); without
    /// that key, `new` uses [`Schema::skeleton`].
    pub fn from_toml(
        text: &str,
        read_template: impl FnOnce(&str) -> Result<String, String>,
    ) -> Result<Schema, SchemaError> {
        let file: SchemaFile = toml::from_str(text).map_err(|e| SchemaError {
            span: e.span(),
            message: e.message().trim().to_string(),
        })?;
        let template = file.template.clone();
        let mut schema = file.into_schema()?;
        schema.markdown = match template {
            Some(t) => read_template(&t).map_err(|e| SchemaError {
                span: text.find("template =").map(|at| at..at + 8),
                message: format!("template {t:?}: {e}"),
            })?,
            None => schema.skeleton(),
        };
        Ok(schema)
    }

    /// The schema as a commented TOML schema file. `template` is the
    /// Markdown path to record (relative to where the file will be).
    pub fn to_toml(&self, template: Option<&str>, origin: &str) -> String {
        let mut o = String::new();
        let _ = writeln!(o, "#:schema {JSON_SCHEMA_URL}");
        let _ = writeln!(o, "# designdoc template schema {}.", origin);
        o.push_str(
            "# Tune it freely (docs/templates.md explains every key): `designdoc template\n\
             # derive` refuses to overwrite a schema file that differs from what it\n\
             # would write, so hand edits are never lost.\n\n",
        );
        let _ = writeln!(o, "version = {VERSION}");
        let _ = writeln!(o, "name = {}", quote(&self.name));
        if let Some(t) = template {
            let _ = writeln!(o, "template = {}", quote(t));
        }
        o.push_str("\n[document]\n");
        match &self.title {
            Some(t) => {
                let _ = write!(
                    o,
                    "title = {{ level = {}, prefix = {}",
                    t.level,
                    quote(&t.prefix)
                );
                if let Some(p) = &t.placeholder {
                    let _ = write!(o, ", placeholder = {}", quote(p));
                }
                o.push_str(" }\n");
            }
            None => o.push_str("# no title heading in the template\n"),
        }
        let _ = writeln!(
            o,
            "allowed-extra-sections = {}",
            list(&self.allowed_extra_sections)
        );
        let _ = writeln!(
            o,
            "required-front-matter = {}",
            list(&self.required_front_matter)
        );
        let _ = writeln!(o, "placeholders = {}", list(&self.placeholders));
        for s in &self.sections {
            o.push_str("\n[[section]]\n");
            let _ = writeln!(o, "title = {}", quote(&s.title));
            let _ = writeln!(o, "level = {}", s.level);
            if let Some(p) = s.parent {
                let _ = writeln!(o, "parent = {}", quote(&self.sections[p].title));
            }
            let _ = writeln!(o, "required = {}", s.required);
            let kind = match s.kind {
                SectionKind::Normal => "normal",
                SectionKind::Glossary => "glossary",
                SectionKind::Targets => "targets",
                SectionKind::Checklist => "checklist",
            };
            let _ = writeln!(o, "kind = {}", quote(kind));
            let _ = writeln!(o, "aliases = {}", list(&s.aliases));
            let _ = writeln!(o, "placeholders = {}", list(&s.placeholders));
            let _ = writeln!(o, "guidance = {}", list(&s.guidance));
            let _ = writeln!(o, "min-words = {}", s.min_words);
            let _ = writeln!(o, "min-items = {}", s.min_items);
            let _ = writeln!(o, "extra-subsections = {}", s.extra_subsections);
            if let Some(p) = &s.requirements {
                let _ = writeln!(o, "requirements = {}", quote(p));
            }
        }
        if let Some(cl) = &self.checklist {
            o.push_str("\n[checklist]\n");
            let _ = writeln!(o, "section = {}", quote(&self.sections[cl.section].title));
            o.push_str("items = [\n");
            for it in &cl.items {
                let _ = write!(o, "  {{ text = {}", quote(&it.text));
                if let Some(s) = it.section {
                    let _ = write!(o, ", section = {}", quote(&self.sections[s].title));
                }
                o.push_str(" },\n");
            }
            o.push_str("]\n");
        }
        o
    }

    /// A Markdown template built from the schema alone: the title, every
    /// section with its guidance as comments and its placeholders, and the
    /// checklist.
    pub fn skeleton(&self) -> String {
        let mut o = String::new();
        if let Some(t) = &self.title {
            let _ = write!(o, "{} ", "#".repeat(t.level as usize));
            let text = match (&t.prefix[..], &t.placeholder) {
                ("", Some(p)) => p.clone(),
                (pre, Some(p)) => format!("{pre} {p}"),
                ("", None) => "[Title]".to_string(),
                (pre, None) => pre.to_string(),
            };
            o.push_str(&text);
            o.push_str("\n\n");
        }
        for p in &self.placeholders {
            let _ = writeln!(o, "{p}\n");
        }
        for (i, s) in self.sections.iter().enumerate() {
            let _ = writeln!(o, "{} {}\n", "#".repeat(s.level as usize), s.title);
            for g in &s.guidance {
                let _ = writeln!(o, "<!-- {} -->\n", g.replace("--", "- -"));
            }
            match &self.checklist {
                Some(cl) if cl.section == i => {
                    for it in &cl.items {
                        let _ = writeln!(o, "- [ ] {}", it.text);
                    }
                    o.push('\n');
                }
                _ => {
                    for p in &s.placeholders {
                        let _ = writeln!(o, "{p}\n");
                    }
                }
            }
        }
        let end = o.trim_end().len();
        o.truncate(end);
        o.push('\n');
        o
    }
}

impl SchemaFile {
    fn into_schema(self) -> Result<Schema, SchemaError> {
        let err = |span: Option<Range<usize>>, message: String| SchemaError { span, message };
        if self.version != VERSION {
            return Err(err(
                None,
                format!(
                    "schema file version {} is not supported (this designdoc reads version {VERSION})",
                    self.version
                ),
            ));
        }
        let title = self
            .document
            .title
            .map(|t| {
                if !(1..=6).contains(&t.level) {
                    return Err(err(None, "document.title.level must be 1 to 6".into()));
                }
                let text = match (&t.prefix[..], &t.placeholder) {
                    ("", Some(p)) => p.clone(),
                    (pre, Some(p)) => format!("{pre} {p}"),
                    (pre, None) => pre.to_string(),
                };
                Ok(TitleSchema {
                    level: t.level,
                    text,
                    prefix: t.prefix,
                    placeholder: t.placeholder,
                })
            })
            .transpose()?;
        let mut sections: Vec<SectionSchema> = Vec::with_capacity(self.sections.len());
        for f in self.sections {
            let span = Some(f.title.span());
            let title = f.title.into_inner();
            if title.trim().is_empty() {
                return Err(err(span, "a section's title is empty".into()));
            }
            if !(1..=6).contains(&f.level) {
                return Err(err(
                    span,
                    format!("section {title:?}: level must be 1 to 6"),
                ));
            }
            let parent = match &f.parent {
                None => None,
                Some(p) => {
                    let key = normalize_title(p.get_ref());
                    let found = sections.iter().rposition(|s| s.key == key).ok_or_else(|| {
                        err(
                            Some(p.span()),
                            format!(
                                "section {title:?}: parent {:?} is not a section listed before it",
                                p.get_ref()
                            ),
                        )
                    })?;
                    if sections[found].level >= f.level {
                        return Err(err(
                            Some(p.span()),
                            format!(
                                "section {title:?} (level {}) must be deeper than its parent {:?} (level {})",
                                f.level,
                                p.get_ref(),
                                sections[found].level
                            ),
                        ));
                    }
                    Some(found)
                }
            };
            if let Some(p) = &f.requirements
                && !is_id_prefix(p)
            {
                return Err(err(
                    span.clone(),
                    format!(
                        "section {title:?}: requirements = {p:?} is not an id prefix (capital letters and digits, starting with a letter: FR, NFR, REQ)"
                    ),
                ));
            }
            let key = normalize_title(&title);
            if sections.iter().any(|s| s.key == key && s.parent == parent) {
                return Err(err(
                    span,
                    format!("section {title:?} is listed twice under the same parent"),
                ));
            }
            sections.push(SectionSchema {
                title,
                key,
                level: f.level,
                parent,
                required: f.required,
                kind: f.kind,
                aliases: f.aliases.iter().map(|a| normalize_title(a)).collect(),
                placeholders: f.placeholders,
                guidance: f.guidance,
                min_words: f.min_words,
                min_items: f.min_items,
                extra_subsections: f.extra_subsections,
                requirements: f.requirements,
            });
        }
        let find = |t: &Spanned<String>, what: &str| {
            let key = normalize_title(t.get_ref());
            sections.iter().position(|s| s.key == key).ok_or_else(|| {
                err(
                    Some(t.span()),
                    format!("{what}: no section titled {:?}", t.get_ref()),
                )
            })
        };
        let checklist = match self.checklist {
            None => None,
            Some(cl) => {
                let section = find(&cl.section, "checklist.section")?;
                let mut items = Vec::with_capacity(cl.items.len());
                for it in cl.items {
                    let target = match &it.section {
                        Some(t) => Some(find(t, "checklist item")?),
                        None => None,
                    };
                    items.push(ChecklistItem {
                        key: designdoc_syntax::text::normalize_line(&it.text),
                        text: it.text,
                        section: target,
                    });
                }
                Some(Checklist { section, items })
            }
        };
        for s in &mut sections {
            if s.kind == SectionKind::Checklist {
                s.kind = SectionKind::Normal;
            }
        }
        if let Some(cl) = &checklist {
            sections[cl.section].kind = SectionKind::Checklist;
        }
        Ok(Schema {
            name: self.name,
            title,
            sections,
            checklist,
            allowed_extra_sections: self.document.allowed_extra_sections,
            front_matter_keys: self.document.required_front_matter.clone(),
            required_front_matter: self.document.required_front_matter,
            statuses: Vec::new(),
            placeholders: self.document.placeholders,
            markdown: String::new(),
            placeholder_index: Default::default(),
        })
    }
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\t' => o.push_str("\\t"),
            '\r' => o.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(o, "\\u{:04X}", c as u32);
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// A TOML array of strings: inline when short, one per line otherwise.
fn list(items: &[String]) -> String {
    let inline = format!(
        "[{}]",
        items
            .iter()
            .map(|s| quote(s))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if inline.len() <= 70 {
        return inline;
    }
    let mut o = String::from("[\n");
    for s in items {
        let _ = writeln!(o, "  {},", quote(s));
    }
    o.push(']');
    o
}
