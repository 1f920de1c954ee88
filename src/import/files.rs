//! The statement files already in the archive, and writing new ones beside them: a statement
//! keeps its file across imports, and a file an editor changed is never overwritten.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::Datelike;
use rayon::prelude::*;
use serde::Deserialize;

use super::emit::{self, Record};
use super::report::FileStatus;
use crate::slug::slugify;

/// The statements already in the archive: their ids; where each imported one lives, by its
/// source file and lines, so a statement keeps its file even when an editor renamed or moved
/// it or import now titles it otherwise; and what each file holds, by hash.
pub(super) struct Existing {
    pub(super) ids: rustc_hash::FxHashSet<String>,
    pub(super) by_source: HashMap<String, HashMap<Vec<[usize; 2]>, PathBuf>>,
    files: HashMap<PathBuf, ExistingFile>,
}

struct ExistingFile {
    /// Hash of the whole text, to tell "unchanged" without reading it again.
    text_hash: String,
    /// Whether the text is still what import wrote (its `import_hash` matches).
    untouched: bool,
}

/// Just what [`Existing`] needs of a statement's front matter.
#[derive(Deserialize)]
struct SourceOnly {
    #[serde(default)]
    source: Option<SourceLines>,
}

#[derive(Deserialize)]
struct SourceLines {
    #[serde(default)]
    file: Option<String>,
    #[serde(default)]
    lines: Vec<[usize; 2]>,
}

impl Existing {
    pub(super) fn scan(root: &Path) -> Existing {
        let paths: Vec<PathBuf> = walkdir::WalkDir::new(root.join(crate::content::STATEMENTS_DIR))
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
            .map(|e| e.path().strip_prefix(root).unwrap_or(e.path()).to_path_buf())
            .collect();
        type Read = (PathBuf, Option<(ExistingFile, Option<SourceLines>)>);
        let read: Vec<Read> = paths
            .into_par_iter()
            .map(|rel| {
                let found = crate::fs::read_text(&root.join(&rel)).ok().map(|text| {
                    let untouched = emit::stored_hash(&text).is_some_and(|h| h == emit::content_hash(&text));
                    let source = crate::content::front_matter::split(&text)
                        .ok()
                        .and_then(|split| toml::from_str::<SourceOnly>(split.front_matter).ok())
                        .and_then(|fm| fm.source);
                    (ExistingFile { text_hash: emit::content_hash_all(&text), untouched }, source)
                });
                (rel, found)
            })
            .collect();
        let mut existing = Existing { ids: Default::default(), by_source: HashMap::new(), files: HashMap::new() };
        for (rel, found) in read {
            if let Some(stem) = rel.file_stem() {
                existing.ids.insert(stem.to_string_lossy().into_owned());
            }
            let Some((file, source)) = found else { continue };
            if let Some(source) = source.filter(|s| !s.lines.is_empty()) {
                existing.by_source.entry(source.file.unwrap_or_default()).or_default().entry(source.lines).or_insert_with(|| rel.clone());
            }
            existing.files.insert(rel, file);
        }
        existing
    }
}

/// Ids in use, and for each stem the next numbered suffix to try, so that many statements
/// with one title cost no more than one each.
pub(super) struct Ids {
    pub(super) taken: rustc_hash::FxHashSet<String>,
    pub(super) next_suffix: rustc_hash::FxHashMap<String, usize>,
}

impl Ids {
    /// `stem` if free, else the first free `stem-N`; marks it taken.
    pub(super) fn claim(&mut self, stem: &str) -> String {
        let mut n = self.next_suffix.get(stem).copied().unwrap_or(1);
        let id = loop {
            let id = if n == 1 { stem.to_string() } else { format!("{stem}-{n}") };
            n += 1;
            if !self.taken.contains(&id) {
                break id;
            }
        };
        self.next_suffix.insert(stem.to_string(), n);
        self.taken.insert(id.clone());
        id
    }
}

/// Where a statement goes: the file an earlier import wrote it to, or a new one.
pub(super) enum Placement {
    Kept(PathBuf),
    /// The folder (under the statements folder) and the id wanted, before a numbered suffix.
    New { folder: String, stem: String },
}

/// Where a new record's file goes: `YYYY/MM/<date>-<slug>`, or `undated/<slug>`; an id
/// already taken then gets a numbered suffix ([`Ids::claim`]).
pub(super) fn new_placement(record: &Record) -> Placement {
    let words: Vec<String> = slugify(&record.title).unwrap_or_else(|| "statement".into()).split('-').take(8).map(str::to_string).collect();
    let mut slug = words.join("-");
    slug.truncate(60);
    let slug = slug.trim_end_matches('-').to_string();
    match &record.date {
        Some(found) => {
            let d = found.date;
            Placement::New { folder: format!("{:04}/{:02}", d.year(), d.month()), stem: format!("{}-{slug}", found.precision.format(d)) }
        }
        None => Placement::New { folder: "undated".to_string(), stem: slug },
    }
}

/// Writes a statement file unless an editor changed it since import. The text is made only
/// when it is compared or written: a dry run of new statements needs none.
pub(super) fn write_statement(root: &Path, rel: &Path, text: impl FnOnce() -> String, existing: &Existing, dry_run: bool) -> Result<FileStatus> {
    let existing = existing.files.get(rel);
    if existing.is_none() && dry_run {
        return Ok(FileStatus::Written);
    }
    let text = text();
    if let Some(file) = existing {
        if file.text_hash == emit::content_hash_all(&text) {
            return Ok(FileStatus::Unchanged);
        }
        if !file.untouched {
            return Ok(FileStatus::Kept);
        }
    }
    if !dry_run {
        let path = root.join(rel);
        let tmp = path.with_extension("md.importing");
        std::fs::write(&tmp, &text)?;
        std::fs::rename(&tmp, &path)?;
    }
    Ok(FileStatus::Written)
}
