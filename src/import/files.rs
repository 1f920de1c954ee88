//! The statement files already in the archive, and writing new ones beside them: a statement
//! keeps its file across imports, and a file an editor changed is never overwritten.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use std::io::Write;

use anyhow::{Context, Result};
use chrono::Datelike;
use rayon::prelude::*;
use serde::Deserialize;

use super::emit::{self, Record};
use super::report::FileStatus;
use crate::content::UNFINISHED_IMPORT;
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

    /// Whether the archive holds a statement file at `rel`.
    pub(super) fn holds(&self, rel: &Path) -> bool {
        self.files.contains_key(rel)
    }

    /// Where each of one dump's records goes: the file an earlier import wrote it to, found by
    /// its source lines; else an untouched file of that dump whose lines it now shares most, no
    /// other record's (the importer cuts them otherwise since: the record takes that file's
    /// place, instead of a new file beside a stale near copy); else a new file.
    pub(super) fn placements(&self, records: &[Record]) -> Vec<Placement> {
        let Some(of_dump) = records.first().and_then(|r| self.by_source.get(r.file.as_str())) else {
            return records.par_iter().map(new_placement).collect();
        };
        let exact: Vec<Option<&PathBuf>> = records.par_iter().map(|r| of_dump.get(r.lines.as_slice())).collect();
        let matched: rustc_hash::FxHashSet<&PathBuf> = exact.iter().flatten().copied().collect();
        // The dump's untouched files no record matched, by their first line.
        let mut stale: Vec<(usize, usize, &[[usize; 2]], &PathBuf)> = of_dump
            .iter()
            .filter(|(_, rel)| !matched.contains(rel) && self.files.get(*rel).is_some_and(|f| f.untouched))
            .filter_map(|(lines, rel)| Some((lines.first()?[0], lines.last()?[1], lines.as_slice(), rel)))
            .collect();
        stale.sort_unstable_by(|a, b| (a.0, a.3).cmp(&(b.0, b.3)));
        let mut taken = vec![false; stale.len()];
        records
            .iter()
            .zip(exact)
            .map(|(record, exact)| {
                if let Some(rel) = exact {
                    return Placement::Kept(rel.clone());
                }
                let (Some(first), Some(last)) = (record.lines.first().map(|r| r[0]), record.lines.last().map(|r| r[1])) else {
                    return new_placement(record);
                };
                // The files starting by the record's last line, looked at back from there while
                // they reach its first: a dump's statements follow each other, so only a few do.
                let before_end = stale.partition_point(|s| s.0 <= last);
                let best = (0..before_end)
                    .rev()
                    .take_while(|&i| stale[i].1 >= first)
                    .filter(|&i| !taken[i])
                    .map(|i| (shared_lines(&record.lines, stale[i].2), i))
                    .filter(|(shared, _)| *shared > 0)
                    .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
                match best {
                    Some((_, i)) => {
                        taken[i] = true;
                        Placement::Kept(stale[i].3.clone())
                    }
                    None => new_placement(record),
                }
            })
            .collect()
    }
}

/// How many lines two lists of inclusive line ranges share.
fn shared_lines(a: &[[usize; 2]], b: &[[usize; 2]]) -> usize {
    a.iter().flat_map(|x| b.iter().map(move |y| (x[1].min(y[1]) + 1).saturating_sub(x[0].max(y[0])))).sum()
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
fn new_placement(record: &Record) -> Placement {
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
///
/// A new file is made in its place (it must not exist), not written beside it and renamed: that
/// halves what the file system does for each of tens of thousands of files. A file left cut
/// short by a killed import is told by [`UnfinishedList`]. A file rewritten replaces the old one
/// whole, through a file beside it renamed into place.
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
        match existing {
            None => write_new(&path, &text)?,
            Some(_) => {
                let tmp = path.with_extension("md.importing");
                std::fs::write(&tmp, &text)?;
                std::fs::rename(&tmp, &path)?;
            }
        }
    }
    Ok(FileStatus::Written)
}

/// Makes the file `path` holding `text`; on failure, none is left half written.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(text.as_bytes()).inspect_err(|_| {
        let _ = std::fs::remove_file(path);
    })
}

/// The new files an import is about to write, listed in [`UNFINISHED_IMPORT`] until they are
/// all written. Found at the start of an import, the list tells that the last one was stopped
/// while it wrote them.
pub(super) struct UnfinishedList;

impl UnfinishedList {
    /// Lists `new` (paths relative to `root`), written whole before any of them is.
    pub(super) fn start<'a>(root: &Path, new: impl Iterator<Item = &'a Path>) -> Result<()> {
        let mut list = String::new();
        for rel in new {
            list.push_str(&rel.to_string_lossy());
            list.push('\n');
        }
        let path = root.join(UNFINISHED_IMPORT);
        let tmp = path.with_extension("importing");
        std::fs::write(&tmp, list).and_then(|()| std::fs::rename(&tmp, &path)).with_context(|| format!("cannot write {UNFINISHED_IMPORT}"))
    }

    /// The files are written, or none is half written: the list goes.
    pub(super) fn finish(root: &Path) -> Result<()> {
        std::fs::remove_file(root.join(UNFINISHED_IMPORT)).with_context(|| format!("cannot remove {UNFINISHED_IMPORT}"))
    }

    /// Mends what a stopped import left, before the archive is scanned: of the files on its
    /// list, one that is still what import wrote is whole and stays; an empty one was made and
    /// never written, and goes; any other was cut short, or changed by an editor since, and is
    /// set aside as `<name>.md.unfinished` so that nothing is lost. The files that go or are
    /// set aside are written again by this import. Returns what was set aside.
    pub(super) fn mend(root: &Path) -> Result<Vec<PathBuf>> {
        let list_path = root.join(UNFINISHED_IMPORT);
        let list = match std::fs::read_to_string(&list_path) {
            Ok(list) => list,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(err) => return Err(err).with_context(|| format!("cannot read {UNFINISHED_IMPORT}")),
        };
        let mut set_aside = Vec::new();
        for rel in list.lines().map(PathBuf::from) {
            // The list is the archive's own, but is read as any file in it: only paths inside
            // the statements folder are touched.
            if !rel.starts_with(crate::content::STATEMENTS_DIR) || rel.components().any(|c| !matches!(c, std::path::Component::Normal(_))) {
                continue;
            }
            let path = root.join(&rel);
            let Ok(bytes) = std::fs::read(&path) else { continue };
            let whole = std::str::from_utf8(&bytes).is_ok_and(|text| emit::stored_hash(text).is_some_and(|h| h == emit::content_hash(text)));
            if whole {
                continue;
            }
            if bytes.is_empty() {
                std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", rel.display()))?;
            } else {
                let aside = rel.with_extension("md.unfinished");
                std::fs::rename(&path, root.join(&aside)).with_context(|| format!("cannot set {} aside", rel.display()))?;
                set_aside.push(aside);
            }
        }
        UnfinishedList::finish(root)?;
        Ok(set_aside)
    }
}
