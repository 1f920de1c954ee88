//! `content/` → typed records: statements ([`Statement`]) and free pages ([`Page`]).
//!
//! Files are read and parsed in parallel. Every bad file is reported (file, line, what is
//! wrong) and loading goes on, so one build shows all problems. Ids and URL slugs are checked
//! for uniqueness here, since both name output paths.

pub mod cache;
pub mod front_matter;
pub mod note;
pub mod page;
mod site_paths;
pub mod statement;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use crate::error::{Problem, Problems};
use crate::text::Vocabulary;
pub use note::{Note, NoteShape};
pub use page::{Page, PageShape};
pub use statement::{DateBasis, DatePrecision, Source, Statement, StatementShape};

pub const STATEMENTS_DIR: &str = "content/statements";
pub const PAGES_DIR: &str = "content/pages";
pub const NOTES_DIR: &str = "content/notes";
/// The new statement files an import is writing, listed while it writes them: the list left
/// behind tells that the import was stopped, and which files it may have cut short.
pub const UNFINISHED_IMPORT: &str = "content/statements/.import-unfinished";

/// Everything under `content/`.
#[derive(Debug, Default, Clone)]
pub struct Content {
    pub statements: Vec<Statement>,
    pub pages: Vec<Page>,
    pub notes: Vec<Note>,
    /// The statements' search terms.
    pub vocabulary: Vocabulary,
    /// When the files were looked at (nanoseconds since the epoch), for the build cache.
    pub loaded_at: i128,
    /// How many statement files were read (the others came from the build cache).
    pub statements_read: usize,
}

/// The three kinds of content file, told apart by their folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentKind {
    Statement,
    Note,
    Page,
}

impl ContentKind {
    pub const ALL: [ContentKind; 3] = [ContentKind::Statement, ContentKind::Note, ContentKind::Page];

    pub fn dir(self) -> &'static str {
        match self {
            ContentKind::Statement => STATEMENTS_DIR,
            ContentKind::Note => NOTES_DIR,
            ContentKind::Page => PAGES_DIR,
        }
    }

    /// The kind of a content file, by its path relative to the archive root; `None` for
    /// anything else (another folder, not Markdown, an editor's temporary file).
    pub fn of(rel: &Path) -> Option<ContentKind> {
        let name = rel.file_name()?.to_string_lossy();
        if !name.ends_with(".md") || is_hidden_or_temporary(&name) {
            return None;
        }
        ContentKind::ALL.into_iter().find(|kind| rel.starts_with(kind.dir()))
    }
}

/// One content file, parsed.
#[derive(Debug, Clone)]
pub enum Loaded {
    Statement(Statement),
    Note(Note),
    Page(Page),
}

impl Loaded {
    /// The content file `rel` of this kind, read as `text` when it had `stamp`.
    fn read(kind: ContentKind, rel: &Path, text: &str, stamp: Option<cache::Stamp>, vocabulary: &mut Vocabulary) -> Result<Loaded, Vec<Problem>> {
        match kind {
            ContentKind::Statement => {
                let mut statement = Statement::parse(rel, text, vocabulary)?;
                statement.stamp = stamp;
                Ok(Loaded::Statement(statement))
            }
            ContentKind::Note => Note::parse(rel, text).map(Loaded::Note),
            ContentKind::Page => Page::parse(rel, text).map(Loaded::Page),
        }
    }

    fn is_draft(&self) -> bool {
        match self {
            Loaded::Statement(s) => s.draft,
            Loaded::Note(n) => n.draft,
            Loaded::Page(p) => p.draft,
        }
    }
}

/// Loads `content/` under `root`. Drafts are left out unless `include_drafts`.
pub fn load(root: &Path, include_drafts: bool, on_file: &(dyn Fn() + Sync)) -> Result<Content, Problems> {
    let (content, problems) = load_all(root, include_drafts, || None, on_file);
    problems.into_result(content)
}

/// The content files under `root` with their stamps (`None` for a file that went away since
/// it was listed), and the problems of the folders that could not be listed.
fn scan(root: &Path) -> (Vec<(ContentKind, PathBuf)>, Vec<Option<cache::Stamp>>, Problems) {
    let mut problems = Problems::default();
    let mut files: Vec<(ContentKind, PathBuf)> = Vec::new();
    for kind in ContentKind::ALL {
        files.extend(markdown_files(root, kind.dir(), &mut problems).into_iter().map(|rel| (kind, rel)));
    }
    let stamps = files.par_iter().map(|(_, rel)| std::fs::metadata(root.join(rel)).ok().map(|meta| cache::Stamp::of(&meta))).collect();
    if root.join(UNFINISHED_IMPORT).exists() {
        problems.push(Problem::in_file(UNFINISHED_IMPORT, "an import was stopped before it finished writing the statement files listed here: run `annals import` again to finish them"));
    }
    (files, stamps, problems)
}

/// Loads every good file of `content/`, and the problems of the others. Statement files that
/// `cache` holds as they are now are not read.
pub fn load_all(root: &Path, include_drafts: bool, cache: impl FnOnce() -> Option<cache::ContentCache> + Send, on_file: &(dyn Fn() + Sync)) -> (Content, Problems) {
    let loaded_at = cache::now();
    // The cache is read while the files are listed and looked at: both take a while at
    // 100,000 statements, one reading a file, the other asking the system about each.
    let (cache, (files, stamps, mut problems)) = rayon::join(cache, || scan(root));
    let (vocabulary, cached) = match cache {
        Some(cache) => (cache.vocabulary, Some(cache.files)),
        None => (Vocabulary::default(), None),
    };
    // What the cache holds as the files are now, taken out of it (not copied).
    let mut known: Vec<Option<Statement>> = match cached {
        Some(mut cached) => files
            .iter()
            .zip(&stamps)
            .map(|((kind, rel), stamp)| match (kind, stamp) {
                (ContentKind::Statement, Some(stamp)) => cached.take(rel, *stamp),
                _ => None,
            })
            .collect(),
        None => vec![None; files.len()],
    };
    // Each chunk of files numbers its search terms in a vocabulary of its own (no locks while
    // reading in parallel); the chunks' vocabularies are then joined into one. A statement
    // from the cache has its terms numbered in the cache's vocabulary already.
    let chunk = (files.len() / (8 * rayon::current_num_threads())).clamp(64, 4096);
    let chunks: Vec<(Vocabulary, Vec<(Result<Loaded, Vec<Problem>>, bool)>)> = files
        .par_chunks(chunk)
        .zip(stamps.par_chunks(chunk))
        .zip(known.par_chunks_mut(chunk))
        .map(|((files, stamps), known)| {
            let mut vocabulary = Vocabulary::default();
            let parsed = files
                .iter()
                .zip(stamps)
                .zip(known)
                .map(|(((kind, rel), stamp), known)| {
                    let parsed = match known.take() {
                        Some(statement) => (Ok(Loaded::Statement(statement)), false),
                        None => (read(root, rel).and_then(|text| Loaded::read(*kind, rel, &text, *stamp, &mut vocabulary)), true),
                    };
                    on_file();
                    parsed
                })
                .collect();
            (vocabulary, parsed)
        })
        .collect();
    let mut content = Content { vocabulary, loaded_at, ..Content::default() };
    content.statements_read = chunks.iter().flat_map(|(_, parsed)| parsed).filter(|(loaded, fresh)| *fresh && matches!(loaded, Ok(Loaded::Statement(_)))).count();
    let mut remaps = Vec::with_capacity(chunks.len());
    let mut statements_of_chunk = Vec::with_capacity(chunks.len());
    for (vocabulary, parsed) in chunks {
        remaps.push(content.vocabulary.absorb(&vocabulary));
        let mut statements = Vec::new();
        for (result, fresh) in parsed {
            match result {
                Ok(loaded) if loaded.is_draft() && !include_drafts => {}
                Ok(Loaded::Statement(statement)) => statements.push((statement, fresh)),
                Ok(Loaded::Note(note)) => content.notes.push(note),
                Ok(Loaded::Page(page)) => content.pages.push(page),
                Err(found) => problems.extend(found),
            }
        }
        statements_of_chunk.push(statements);
    }
    content.statements = statements_of_chunk
        .into_par_iter()
        .zip(remaps)
        .flat_map_iter(|(statements, remap)| {
            statements.into_iter().map(move |(mut statement, fresh)| {
                if fresh {
                    statement.body.terms = statement.body.terms.remap(&remap);
                }
                statement
            })
        })
        .collect();
    content.sort();
    problems.extend(content.clashes().0);
    (content, problems)
}

/// Reads one content file again: `Ok(None)` when it is gone, is not content, or is a draft
/// left out.
pub fn read_file(root: &Path, rel: &Path, include_drafts: bool, vocabulary: &mut Vocabulary) -> Result<Option<Loaded>, Vec<Problem>> {
    let Some(kind) = ContentKind::of(rel) else { return Ok(None) };
    let stamp = std::fs::metadata(root.join(rel)).ok().map(|meta| cache::Stamp::of(&meta));
    let text = match crate::fs::read_text(&root.join(rel)) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(vec![Problem::in_file(rel, err.to_string())]),
    };
    let loaded = Loaded::read(kind, rel, &text, stamp, vocabulary)?;
    Ok((include_drafts || !loaded.is_draft()).then_some(loaded))
}

impl Content {
    /// Puts `loaded` in the place of the file at `rel` (removed when `None`).
    pub fn apply(&mut self, rel: &Path, loaded: Option<Loaded>) {
        self.statements.retain(|s| s.path != rel);
        self.notes.retain(|n| n.path != rel);
        self.pages.retain(|p| p.path != rel);
        match loaded {
            None => {}
            Some(Loaded::Statement(statement)) => self.statements.push(statement),
            Some(Loaded::Note(note)) => self.notes.push(note),
            Some(Loaded::Page(page)) => self.pages.push(page),
        }
        self.sort();
    }

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
        let mut by_id: HashMap<&str, usize> = HashMap::default();
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
    let mut seen: HashMap<&str, &PathBuf> = HashMap::default();
    for (key, path) in items {
        if let Some(first) = seen.get(key) {
            problems.push(Problem::in_file(path, format!("duplicate {what} {key:?}: also used by {}", first.display())));
        } else {
            seen.insert(key, path);
        }
    }
}
