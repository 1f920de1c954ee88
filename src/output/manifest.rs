//! A built site's manifest: each file with the key it was rendered from, and for the pages of
//! statements, notes and free pages the content file they publish.
//!
//! A build reads the manifest of the site it replaces to render only what changed, and to
//! warn about URLs it published before and no longer does. The format is text, one file a
//! line, sorted: `<key in hex>\t<path>\t<content file or nothing>`, after a header naming the
//! format and the program that wrote it (another program's keys are not comparable).

use std::collections::BTreeMap;

use crate::fingerprint::Fingerprint;
use crate::render::Cache;

const HEADER: &str = "annals manifest 1";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: Fingerprint,
    /// The content file a page publishes, for pages with a URL of their own.
    pub owner: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub program: Fingerprint,
    pub files: BTreeMap<String, Entry>,
}

impl Cache for Manifest {
    fn key(&self, file: &str) -> Option<Fingerprint> {
        self.files.get(file).map(|entry| entry.key)
    }
}

impl Manifest {
    /// Writes the manifest's text to `out` as it is made: at 100,000 statements it is 30 MB.
    pub fn write_to(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        writeln!(out, "{HEADER}\nprogram\t{:032x}", self.program)?;
        for (path, entry) in &self.files {
            writeln!(out, "{:032x}\t{path}\t{}", entry.key, entry.owner.as_deref().unwrap_or(""))?;
        }
        Ok(())
    }

    /// The manifest in `text`, or `None` when it is not one this version writes (a full build
    /// is the answer to anything unexpected).
    pub fn parse(text: &str) -> Option<Manifest> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let program = Fingerprint::from_str_radix(lines.next()?.strip_prefix("program\t")?, 16).ok()?;
        let mut files = BTreeMap::new();
        for line in lines {
            let mut fields = line.splitn(3, '\t');
            let key = Fingerprint::from_str_radix(fields.next()?, 16).ok()?;
            let path = fields.next()?.to_string();
            let owner = fields.next()?;
            files.insert(path, Entry { key, owner: (!owner.is_empty()).then(|| owner.to_string()) });
        }
        Some(Manifest { program, files })
    }

    /// Pages published with an owner here and not in `next`.
    pub fn lost_pages<'m>(&'m self, next: &'m Manifest) -> impl Iterator<Item = (&'m str, &'m str)> + 'm {
        self.files.iter().filter(|(path, _)| !next.files.contains_key(*path)).filter_map(|(path, entry)| Some((path.as_str(), entry.owner.as_deref()?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_what_it_did_not_write() {
        let mut files = BTreeMap::new();
        files.insert("index.html".to_string(), Entry { key: 7, owner: None });
        files.insert("statements/a/index.html".to_string(), Entry { key: u128::MAX, owner: Some("content/statements/a.md".into()) });
        let manifest = Manifest { program: 42, files };
        let mut text = Vec::new();
        manifest.write_to(&mut text).unwrap();
        let text = String::from_utf8(text).unwrap();
        assert_eq!(Manifest::parse(&text), Some(manifest.clone()));
        assert_eq!(Manifest::parse(""), None);
        assert_eq!(Manifest::parse("annals manifest 0\nprogram\t1\n"), None);
        assert_eq!(Manifest::parse(&text.replace("\tcontent", "")), None, "a truncated line");
        let mut next = manifest.clone();
        next.files.remove("statements/a/index.html");
        next.files.remove("index.html");
        let lost: Vec<_> = manifest.lost_pages(&next).collect();
        assert_eq!(lost, [("statements/a/index.html", "content/statements/a.md")], "only pages with an owner");
    }
}
