//! What the last build read of each statement file, kept beside its output (in the build's
//! cache folder), so that the next build reads only the files that changed.
//!
//! For each statement the cache holds the record read from its file, with the file's stamp
//! (size, modification and change times, inode) and what was found in its body ([`Body`]:
//! fingerprint, excerpt, citations, search terms). A file whose stamp is the same is not read,
//! and its front matter not parsed again: at 100,000 statements that is most of what a build
//! after an edit would cost. A file modified within a moment of the cache being taken is read
//! again anyway: its clock may not have ticked between two edits (git's "racily clean" entries).

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::statement::Statement;
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
struct Stored<'a> {
    format: u32,
    program: Fingerprint,
    /// When the files were looked at.
    taken: i128,
    vocabulary: Vec<Cow<'a, str>>,
    /// Statements read from a file (those with a stamp).
    statements: Vec<Cow<'a, Statement>>,
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
    statements: FxHashMap<PathBuf, Statement>,
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
        let statements = stored.statements.into_iter().map(|s| (s.path.clone(), s.into_owned())).collect();
        Some(ContentCache { vocabulary, files: CachedFiles { taken: stored.taken, statements } })
    }

    /// Writes what is known of `statements` (looked at `taken`), whose terms are numbered in
    /// `vocabulary`, to `path`.
    pub fn write(path: &Path, statements: &[Statement], vocabulary: &Vocabulary, taken: i128) -> std::io::Result<()> {
        let statements = statements.iter().filter(|s| s.stamp.is_some()).map(Cow::Borrowed).collect();
        let stored = Stored { format: FORMAT, program: fingerprint::of_this_program(), taken, vocabulary: vocabulary.terms().map(Cow::Borrowed).collect(), statements };
        crate::fs::write_serialized(path, &stored)
    }

    /// Writes the cache of `statements` (as [`ContentCache::write`]) when there is none at
    /// `path` or more than a few files were `read` this time: it holds every statement, and a
    /// file or two read again by each build costs less than writing it.
    pub fn keep(path: &Path, statements: &[Statement], vocabulary: &Vocabulary, taken: i128, read: usize) -> std::io::Result<()> {
        let worth_it = read * 100 > statements.len() || read > 1000;
        if !worth_it && path.exists() {
            return Ok(());
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        ContentCache::write(path, statements, vocabulary, taken)
    }
}

impl CachedFiles {
    /// Takes the statement read from the file `rel`, when its `stamp` says the file is as it
    /// was then; its body's terms are numbered in [`ContentCache::vocabulary`].
    pub fn take(&mut self, rel: &Path, stamp: Stamp) -> Option<Statement> {
        let cached = self.statements.get(rel)?.stamp;
        let settled = stamp.modified < self.taken - SETTLE_NANOS && stamp.changed < self.taken - SETTLE_NANOS;
        if cached != Some(stamp) || !settled {
            return None;
        }
        self.statements.remove(rel)
    }
}

/// Serde for the TOML values a statement holds (its `[extra]` table, a dump's issue date): as
/// they are in front matter, and as their TOML text in the cache, whose binary format cannot
/// read them as they are (their deserialisers ask the format what comes next).
pub mod toml_text {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub trait AsText: Sized {
        fn to_text(&self) -> String;
        fn from_text(text: &str) -> Result<Self, String>;
    }

    impl AsText for toml::Table {
        fn to_text(&self) -> String {
            self.to_string()
        }
        fn from_text(text: &str) -> Result<Self, String> {
            text.parse().map_err(|e: toml::de::Error| e.to_string())
        }
    }

    impl AsText for Option<toml::value::Datetime> {
        fn to_text(&self) -> String {
            self.map(|d| d.to_string()).unwrap_or_default()
        }
        fn from_text(text: &str) -> Result<Self, String> {
            if text.is_empty() { Ok(None) } else { text.parse().map(Some).map_err(|e: toml::value::DatetimeParseError| e.to_string()) }
        }
    }

    pub fn serialize<T: Serialize + AsText, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() { value.serialize(serializer) } else { serializer.serialize_str(&value.to_text()) }
    }

    pub fn deserialize<'de, T: Deserialize<'de> + AsText, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        if deserializer.is_human_readable() {
            T::deserialize(deserializer)
        } else {
            T::from_text(&String::deserialize(deserializer)?).map_err(D::Error::custom)
        }
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
        let text = "+++\ntitle = \"Talks\"\ndate = 2020-03-30\n[source]\nfile = \"a.txt\"\nissue_date = 2020-03-31\n[extra]\nx = 1\nwhen = 2020-04-01T10:00:00Z\nlist = [1.5, \"two\"]\n[extra.nested]\ny = true\n+++\nMoscow {{ statement_link(id=\"b\") }}.\n";
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
        let back = cache.files.take(rel, stamp).expect("as it was");
        assert_eq!(
            (&back.title, back.date, &back.body, &back.extra, &back.path, &back.source, &back.head),
            (&statement.title, statement.date, &statement.body, &statement.extra, &statement.path, &statement.source, &statement.head)
        );
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
