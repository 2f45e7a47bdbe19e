//! `designdoc template list|show|derive|diff` and `designdoc migrate`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use designdoc_repo::{collect, display_path};

use crate::cli::{
    DeriveArgs, DiffArgs, DiffFormat, MigrateArgs, SchemaFormat, ShowArgs, TemplateCommand,
};
use crate::commands::workspace;

pub fn template(cmd: TemplateCommand) -> io::Result<u8> {
    match cmd {
        TemplateCommand::List => list(),
        TemplateCommand::Show(args) => show(args),
        TemplateCommand::Derive(args) => derive(args),
        TemplateCommand::Diff(args) => diff(args),
    }
}

fn list() -> io::Result<u8> {
    let (ws, cwd) = match workspace(None) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let mut out = io::stdout().lock();
    let default = &ws.config.template;
    let mark = |name: &str| if name == default { "*" } else { " " };
    writeln!(out, "Built-in templates:")?;
    for (name, _, about) in designdoc_schema::BUILTINS {
        writeln!(out, " {} {name:<12} {about}", mark(name))?;
    }
    if !ws.config.templates.is_empty() {
        writeln!(out, "\nProject templates ([templates] in designdoc.toml):")?;
        for (name, path) in &ws.config.templates {
            let shown = display_path(&ws.root.join(path), &cwd);
            let status = match ws.load_named(name, &cwd) {
                Ok(s) => format!("{} sections", s.sections.len()),
                Err(e) => format!("error: {e}"),
            };
            writeln!(out, " {} {name:<12} {shown} ({status})", mark(name))?;
        }
    }
    if !ws.config.path_templates.is_empty() {
        writeln!(out, "\nBy path ([path-templates]):")?;
        for (glob, _, name) in &ws.config.path_templates {
            writeln!(out, "   {glob} = {name}")?;
        }
    }
    if designdoc_repo::templates::looks_like_path(default) {
        writeln!(out, "\nDefault: {default}")?;
    } else {
        writeln!(out, "\n* the default template")?;
    }
    Ok(0)
}

fn show(args: ShowArgs) -> io::Result<u8> {
    let (ws, cwd) = match workspace(None) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let name = args
        .template
        .or(args.template_flag)
        .unwrap_or_else(|| ws.config.template.clone());
    let schema = if name == ws.config.template {
        ws.schema.clone()
    } else {
        match ws.load_named(&name, &cwd) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("designdoc: error: {e}");
                return Ok(2);
            }
        }
    };
    let mut out = io::stdout().lock();
    match args.format {
        SchemaFormat::Toml => {
            let origin = format!("for template {:?}", schema.name);
            out.write_all(schema.to_toml(None, &origin).as_bytes())?;
        }
        SchemaFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &*schema)?;
            writeln!(out)?;
        }
    }
    Ok(0)
}

fn derive(args: DeriveArgs) -> io::Result<u8> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let path = cwd.join(&args.path);
    let shown = display_path(&path, &cwd);
    if path.extension().is_some_and(|e| e == "toml") {
        eprintln!(
            "designdoc: error: {shown} is already a schema file; derive reads a Markdown template"
        );
        return Ok(2);
    }
    let md = match designdoc_repo::read_doc(&path, designdoc_repo::config::DEFAULT_MAX_FILE_SIZE) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("designdoc: error: {shown}: {e}");
            return Ok(2);
        }
    };
    let name = designdoc_repo::templates::name_from_path(&path);
    let schema = designdoc_schema::derive(&name, &md);
    let target = args
        .output
        .as_ref()
        .map(|o| cwd.join(o))
        .unwrap_or_else(|| path.with_file_name(format!("{name}.schema.toml")));
    let template_ref =
        designdoc_repo::relative_path(&path, target.parent().unwrap_or(Path::new(".")));
    let file_name = path
        .file_name()
        .map_or(shown.clone(), |n| n.to_string_lossy().into_owned());
    let text = schema.to_toml(Some(&template_ref), &format!("derived from {file_name}"));
    if args.stdout {
        io::stdout().write_all(text.as_bytes())?;
        return Ok(0);
    }
    let target_shown = display_path(&target, &cwd);
    match std::fs::read_to_string(&target) {
        Ok(existing) if existing == text => {
            println!("{target_shown} is up to date");
            return Ok(0);
        }
        Ok(_) if !args.force => {
            eprintln!(
                "designdoc: error: {target_shown} exists and differs from what derive would write now \
                 (hand edits, or a changed template); nothing was written.\n\
                 To merge, compare the two and carry your edits over:\n    \
                 designdoc template derive {} --stdout | diff {target_shown} -\n\
                 then edit {target_shown}, or pass --force to overwrite it.",
                args.path.display()
            );
            return Ok(2);
        }
        _ => {}
    }
    if let Err(e) = designdoc_repo::write_new_or_replace(&target, &text) {
        eprintln!("designdoc: error: {target_shown}: {e}");
        return Ok(2);
    }
    let required = schema.sections.iter().filter(|s| s.required).count();
    println!(
        "Wrote {target_shown}: {} sections ({required} required){}{}",
        schema.sections.len(),
        if schema.title.is_some() {
            ", a title"
        } else {
            ""
        },
        schema.checklist.as_ref().map_or(String::new(), |c| format!(
            ", a checklist of {} items",
            c.items.len()
        )),
    );
    println!(
        "Review it, then use it: designdoc check --template {}",
        display_path(&target, &cwd)
    );
    Ok(0)
}

fn diff(args: DiffArgs) -> io::Result<u8> {
    let (ws, cwd) = match workspace(None) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let load = |name: &str| ws.load_named(name, &cwd);
    let (old, new) = match (load(&args.old), load(&args.new)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("designdoc: error: {e}");
            return Ok(2);
        }
    };
    let (changes, _) = designdoc_schema::diff::diff(&old, &new);
    let mut out = io::stdout().lock();
    match args.format {
        DiffFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &changes)?;
            writeln!(out)?;
        }
        DiffFormat::Human => {
            if changes.is_empty() {
                writeln!(out, "No changes for existing docs.")?;
            }
            for c in &changes {
                writeln!(out, "{c}")?;
            }
        }
    }
    Ok(0)
}

pub fn migrate(args: MigrateArgs) -> io::Result<u8> {
    let (ws, cwd) = match workspace(None) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let explicit: Vec<PathBuf> = args.paths.iter().map(|p| cwd.join(p)).collect();
    let files = collect(&ws.root, &ws.config.paths, &explicit);
    let outcomes = match ws.migrate(&files, &cwd, &args.to, !args.diff) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("designdoc: error: {e}");
            return Ok(2);
        }
    };
    let mut out = io::stdout().lock();
    let (mut changed, mut failed) = (0, false);
    for o in outcomes {
        let m = match o.result {
            Ok(m) => m,
            Err(e) => {
                eprintln!("designdoc: {}: not migrated: {e}", o.display);
                failed = true;
                continue;
            }
        };
        if m.text == o.original {
            continue;
        }
        changed += 1;
        if args.diff {
            let d = similar::TextDiff::from_lines(&o.original, &m.text);
            let a = format!("a/{}", o.display);
            let b = format!("b/{}", o.display);
            write!(out, "{}", d.unified_diff().context_radius(2).header(&a, &b))?;
        } else {
            let mut what = Vec::new();
            if !m.renamed.is_empty() {
                what.push(format!("renamed {}", m.renamed.len()));
            }
            if m.fixed > 0 {
                what.push(format!("{} section fix(es)", m.fixed));
            }
            writeln!(out, "Migrated {}: {}", o.display, what.join(", "))?;
        }
        for k in &m.kept {
            eprintln!(
                "designdoc: {}: '{k}' is not in template {}; kept as an extra section",
                o.display, args.to
            );
        }
    }
    let verb = if args.diff {
        "would be migrated"
    } else {
        "migrated"
    };
    eprintln!("{changed} file(s) {verb}.");
    Ok(if failed {
        2
    } else {
        u8::from(args.diff && changed > 0)
    })
}
