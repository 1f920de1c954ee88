//! What the last build read of each statement file, kept beside its output (in the build's
//! cache folder), so that the next build reads only the files that changed.
//!
//! For each statement the cache holds its file's stamp (size, modification and change times,
//! inode), its front matter as written, and what was found in its body ([`Body`]: fingerprint,
//! excerpt, citations, search terms). A file whose stamp is the same is not read: its front
//! matter is parsed again from the cache (cheap, and the same code as for a file), its body
//! taken as it was. A file modified within a moment of the cache being taken is read again
//! anyway: its clock may not have ticked between two edits (git's "racily clean" entries).

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::statement::{Body, Statement};
use crate::fingerprint::{self, Fingerprint};
use crate::text::Vocabulary;

const FORMAT: u32 = 1;
/// Files modified this close to the cache being taken (or later) are read again.
const SETTLE_NANOS: i128 = 2_000_000_000;

/// A file's state as the system reports it: any change to the file changes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    size: u64,
    /// Nanoseconds since the epoch.
    modified: i128,
    changed: i128,
    inode: u64,
}

impl Stamp {
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let nanos = |seconds: i64, nanos: i64| i128::from(seconds) * 1_000_000_000 + i128::from(nanos);
            Stamp { size: meta.size(), modified: nanos(meta.mtime(), meta.mtime_nsec()), changed: nanos(meta.ctime(), meta.ctime_nsec()), inode: meta.ino() }
        }
        #[cfg(not(unix))]
        {
            let modified = meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos() as i128);
            Stamp { size: meta.len(), modified, changed: modified, inode: 0 }
        }
    }
}

/// Nanoseconds since the epoch, now.
pub fn now() -> i128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as i128)
}

#[derive(Serialize, Deserialize)]
struct Entry<'a> {
    path: Cow<'a, Path>,
    stamp: Stamp,
    head: Cow<'a, str>,
    body: Cow<'a, Body>,
}

#[derive(Serialize, Deserialize)]
struct Stored<'a> {
    format: u32,
    program: Fingerprint,
    /// When the files were looked at.
    taken: i128,
    vocabulary: Vec<Cow<'a, str>>,
    entries: Vec<Entry<'a>>,
}

/// A cache read back.
pub struct ContentCache {
    /// The vocabulary the cached terms are numbered in.
    pub vocabulary: Vocabulary,
    pub files: CachedFiles,
}

/// The statement files a cache knows.
pub struct CachedFiles {
    taken: i128,
    entries: HashMap<PathBuf, (Stamp, String, Body)>,
}

impl ContentCache {
    /// The cache at `path`, when there is one this program wrote.
    pub fn read(path: &Path) -> Option<ContentCache> {
        let bytes = std::fs::read(path).ok()?;
        let stored: Stored = bincode::deserialize(&bytes).ok()?;
        if stored.format != FORMAT || stored.program != fingerprint::of_this_program() {
            return None;
        }
        let mut vocabulary = Vocabulary::default();
        for term in &stored.vocabulary {
            vocabulary.id(term);
        }
        let entries = stored.entries.into_iter().map(|e| (e.path.into_owned(), (e.stamp, e.head.into_owned(), e.body.into_owned()))).collect();
        Some(ContentCache { vocabulary, files: CachedFiles { taken: stored.taken, entries } })
    }

    /// Writes what is known of `statements` (looked at `taken`), whose terms are numbered in
    /// `vocabulary`, to `path`.
    pub fn write(path: &Path, statements: &[Statement], vocabulary: &Vocabulary, taken: i128) -> std::io::Result<()> {
        let entries = statements
            .iter()
            .filter_map(|s| Some(Entry { path: Cow::Borrowed(&s.path), stamp: s.stamp?, head: Cow::Borrowed(&s.head), body: Cow::Borrowed(&s.body) }))
            .collect();
        let stored = Stored { format: FORMAT, program: fingerprint::of_this_program(), taken, vocabulary: vocabulary.terms().map(Cow::Borrowed).collect(), entries };
        crate::fs::write_serialized(path, &stored)
    }
}

impl CachedFiles {
    /// Takes what the cache knows of the file `rel`, when its `stamp` says it is as the cache
    /// has it: its front matter and body, the body's terms numbered in
    /// [`ContentCache::vocabulary`] (see [`Statement::from_parts`]).
    pub fn take(&mut self, rel: &Path, stamp: Stamp) -> Option<(String, Body)> {
        let (cached, _, _) = self.entries.get(rel)?;
        let settled = stamp.modified < self.taken - SETTLE_NANOS && stamp.changed < self.taken - SETTLE_NANOS;
        if *cached != stamp || !settled {
            return None;
        }
        self.entries.remove(rel).map(|(_, head, body)| (head, body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_comes_back_as_it_was_read_unless_its_file_changed() {
        let tmp = tempfile::tempdir().unwrap();
        let rel = Path::new("content/statements/a.md");
        let file = tmp.path().join(rel);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        let text = "+++\ntitle = \"Talks\"\ndate = 2020-03-30\n[extra]\nx = 1\n+++\nMoscow {{ statement_link(id=\"b\") }}.\n";
        std::fs::write(&file, text).unwrap();
        let stamp = Stamp::of(&std::fs::metadata(&file).unwrap());
        let mut vocabulary = Vocabulary::default();
        let mut statement = Statement::parse(rel, text, &mut vocabulary).unwrap();
        statement.stamp = Some(stamp);
        let cache_file = tmp.path().join("content.cache");
        // Taken a while after the file was written: the file has settled.
        ContentCache::write(&cache_file, std::slice::from_ref(&statement), &vocabulary, now() + 3 * SETTLE_NANOS).unwrap();
        let mut cache = ContentCache::read(&cache_file).expect("read back");
        std::fs::write(&file, text.replace("Talks", "Other")).unwrap();
        assert!(cache.files.take(rel, Stamp::of(&std::fs::metadata(&file).unwrap())).is_none(), "a changed file is read again");
        let (head, body) = cache.files.take(rel, stamp).expect("as it was");
        let back = Statement::from_parts(rel, &head, body).unwrap();
        assert_eq!((&back.title, back.date, &back.body, &back.extra, &back.path), (&statement.title, statement.date, &statement.body, &statement.extra, &statement.path));
        let moscow = back.body.terms.iter().map(|(id, _)| cache.vocabulary.term(id)).find(|t| *t == "moscow");
        assert!(moscow.is_some(), "terms keep their words");
        // Taken a moment after the file was written (not `now()`: a slow machine may take
        // longer than the settling time to get here).
        ContentCache::write(&cache_file, std::slice::from_ref(&statement), &vocabulary, stamp.modified.max(stamp.changed) + 1).unwrap();
        let mut racy = ContentCache::read(&cache_file).unwrap();
        assert!(racy.files.take(rel, stamp).is_none(), "a file modified a moment before the cache was taken is read again");
        std::fs::write(&cache_file, b"not a cache").unwrap();
        assert!(ContentCache::read(&cache_file).is_none());
    }
}
