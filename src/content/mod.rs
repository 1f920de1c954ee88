//! `content/` → typed records: statements ([`Statement`]) and free pages ([`Page`]).
//!
//! Files are read and parsed in parallel. Every bad file is reported (file, line, what is
//! wrong) and loading goes on, so one build shows all problems. Ids and URL slugs are checked
//! for uniqueness here, since both name output paths.

pub mod front_matter;
pub mod note;
pub mod page;
pub mod statement;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Problem, Problems};
pub use note::Note;
pub use page::Page;
pub use statement::{DateBasis, DatePrecision, Source, Statement};

pub const STATEMENTS_DIR: &str = "content/statements";
pub const PAGES_DIR: &str = "content/pages";
pub const NOTES_DIR: &str = "content/notes";

/// Everything under `content/`.
#[derive(Debug, Default, Clone)]
pub struct Content {
    pub statements: Vec<Statement>,
    pub pages: Vec<Page>,
    pub notes: Vec<Note>,
}

/// Loads `content/` under `root`. Drafts are left out unless `include_drafts`.
pub fn load(root: &Path, include_drafts: bool, on_file: &(dyn Fn() + Sync)) -> Result<Content, Problems> {
    let (content, problems) = load_all(root, include_drafts, on_file);
    problems.into_result(content)
}

/// Loads every good file of `content/`, and the problems of the others.
pub fn load_all(root: &Path, include_drafts: bool, on_file: &(dyn Fn() + Sync)) -> (Content, Problems) {
    let mut problems = Problems::default();
    let statement_files = markdown_files(root, STATEMENTS_DIR, &mut problems);
    let page_files = markdown_files(root, PAGES_DIR, &mut problems);
    let note_files = markdown_files(root, NOTES_DIR, &mut problems);

    let parsed: Vec<Result<Statement, Vec<Problem>>> = statement_files
        .par_iter()
        .map(|rel| {
            let result = read(root, rel).and_then(|text| Statement::parse(rel, &text));
            on_file();
            result
        })
        .collect();
    let mut statements = Vec::with_capacity(parsed.len());
    for result in parsed {
        match result {
            Ok(st) => statements.push(st),
            Err(found) => problems.extend(found),
        }
    }
    let mut pages = Vec::new();
    for rel in &page_files {
        match read(root, rel).and_then(|text| Page::parse(rel, &text)) {
            Ok(page) => pages.push(page),
            Err(found) => problems.extend(found),
        }
    }
    let mut notes = Vec::new();
    for rel in &note_files {
        match read(root, rel).and_then(|text| Note::parse(rel, &text)) {
            Ok(note) => notes.push(note),
            Err(found) => problems.extend(found),
        }
    }
    if !include_drafts {
        statements.retain(|s| !s.draft);
        pages.retain(|p| !p.draft);
        notes.retain(|n| !n.draft);
    }
    let mut content = Content { statements, pages, notes };
    content.sort();
    problems.extend(content.clashes().0);
    (content, problems)
}

impl Content {
    /// Pages in navigation order; statements and notes by path.
    pub fn sort(&mut self) {
        self.statements.sort_by(|a, b| a.path.cmp(&b.path));
        self.notes.sort_by(|a, b| a.path.cmp(&b.path));
        self.pages.sort_by(|a, b| (a.weight, &a.title).cmp(&(b.weight, &b.title)));
    }

    /// Ids and URLs used twice: both name output paths, so both must be unique.
    pub fn clashes(&self) -> Problems {
        let mut problems = Problems::default();
        let statements = &self.statements;
        check_unique("statement id", statements.iter().map(|s| (s.id.as_str(), &s.path)), &mut problems);
        // Files with the same id also share a URL; that is one problem, already reported.
        let mut by_id: HashMap<&str, usize> = HashMap::new();
        let distinct_ids = statements.iter().filter(|s| *by_id.entry(s.id.as_str()).and_modify(|n| *n += 1).or_insert(1) == 1);
        check_unique("statement URL", distinct_ids.map(|s| (s.slug.as_str(), &s.path)), &mut problems);
        check_unique("page URL", self.pages.iter().map(|p| (p.slug.as_str(), &p.path)), &mut problems);
        check_unique("note URL", self.notes.iter().map(|n| (n.slug.as_str(), &n.path)), &mut problems);
        problems
    }
}

fn read(root: &Path, rel: &Path) -> Result<String, Vec<Problem>> {
    crate::fs::read_text(&root.join(rel)).map_err(|err| vec![Problem::in_file(rel, err.to_string())])
}

/// The `.md` files below `root/dir`, relative to `root`, in a stable order. Hidden files and
/// editors' temporary files are skipped.
fn markdown_files(root: &Path, dir: &str, problems: &mut Problems) -> Vec<PathBuf> {
    let base = root.join(dir);
    if !base.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&base).follow_links(true).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf()).unwrap_or_else(|| dir.into());
                problems.push(Problem::in_file(path, format!("cannot read: {err}")));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && name.ends_with(".md") && !is_hidden_or_temporary(&name) {
            files.push(entry.path().strip_prefix(root).unwrap_or(entry.path()).to_path_buf());
        }
    }
    files
}

/// Files an editor leaves beside the ones it edits (`.#x.md`, `#x.md#`, `x.md~`, `.x.md.swp`).
pub fn is_hidden_or_temporary(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('#') || name.ends_with('~') || name.ends_with(".swp")
}

fn check_unique<'a>(what: &str, items: impl Iterator<Item = (&'a str, &'a PathBuf)>, problems: &mut Problems) {
    let mut seen: HashMap<&str, &PathBuf> = HashMap::new();
    for (key, path) in items {
        if let Some(first) = seen.get(key) {
            problems.push(Problem::in_file(path, format!("duplicate {what} {key:?}: also used by {}", first.display())));
        } else {
            seen.insert(key, path);
        }
    }
}
