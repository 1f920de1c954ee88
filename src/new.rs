//! `annals new note <ids>…`: an editorial note with its front matter filled in.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};

use crate::config::SiteConfig;
use crate::content::{self, NOTES_DIR};
use crate::slug::slugify;

/// Writes the note and returns its path; never overwrites a file.
pub fn note(root: &std::path::Path, ids: &[String], title: Option<String>, author: Option<String>) -> Result<PathBuf> {
    SiteConfig::load(root)?;
    let loaded = content::load(root, true, &|| {})?;
    let mut statements = Vec::new();
    let mut unknown = Vec::new();
    for id in ids {
        match loaded.statements.iter().find(|s| &s.id == id) {
            Some(statement) => statements.push(statement),
            None => unknown.push(id.as_str()),
        }
    }
    if !unknown.is_empty() {
        bail!("no statement has the id {}: ids are the statement files' names without `.md`", unknown.iter().map(|id| format!("{id:?}")).collect::<Vec<_>>().join(", "));
    }
    let title = title.unwrap_or_else(|| format!("On “{}”", statements[0].title));
    let author = author
        .or_else(|| std::env::var("ANNALS_AUTHOR").ok())
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_default();
    let mut topics: Vec<&str> = Vec::new();
    for topic in statements.iter().flat_map(|s| &s.topics) {
        if !topics.contains(&topic.as_str()) {
            topics.push(topic);
        }
    }
    let today = chrono::Local::now().date_naive();
    let list = |items: &[&str]| items.iter().map(|s| toml::Value::String(s.to_string()).to_string()).collect::<Vec<_>>().join(", ");
    let cards: String = statements.iter().map(|s| format!("{{{{ statement(id=\"{}\") }}}}\n\n", s.id)).collect();
    let text = format!(
        "+++\ntitle = {}\ndate = {today}\nauthor = {}\nstatements = [{}]\ntopics = [{}]\n+++\nWrite the context here. Cite a statement inline with {{{{ statement_link(id=\"{}\") }}}}.\n\n{cards}",
        toml::Value::String(title.clone()),
        toml::Value::String(author),
        list(&statements.iter().map(|s| s.id.as_str()).collect::<Vec<_>>()),
        list(&topics),
        statements[0].id,
    );
    let stem = format!("{today}-{}", slugify(&title).unwrap_or_else(|| "note".into()).split('-').take(8).collect::<Vec<_>>().join("-"));
    let dir = root.join(NOTES_DIR);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for n in 1.. {
        let name = if n == 1 { format!("{stem}.md") } else { format!("{stem}-{n}.md") };
        let path = dir.join(name);
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut file) => {
                std::io::Write::write_all(&mut file, text.as_bytes()).with_context(|| format!("cannot write {}", path.display()))?;
                return Ok(path);
            }
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(err) => return Err(err).with_context(|| format!("cannot create {}", path.display())),
        }
    }
    unreachable!("some name is free")
}
