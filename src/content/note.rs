//! An editorial note (`content/notes/<slug>.md`): an editor's context on one or more
//! statements. Notes are the editors' own Markdown, so trusted.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use crate::error::Problem;
use crate::slug::slugify;

use super::statement::key_line;
use super::{front_matter, site_paths};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    date: toml::value::Datetime,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    statements: Vec<String>,
    #[serde(default)]
    topics: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Note {
    pub slug: String,
    pub path: PathBuf,
    pub title: String,
    pub date: NaiveDate,
    pub author: Option<String>,
    /// Ids of the statements the note is about.
    pub statements: Vec<String>,
    /// The line of `statements = […]`, to point at an unknown id.
    pub statements_line: usize,
    pub topics: Vec<String>,
    pub tags: Vec<String>,
    pub draft: bool,
    /// Earlier URLs of the note, redirected here.
    pub aliases: Vec<String>,
    pub body: String,
    /// The 1-based line the body starts on.
    pub body_line: usize,
    /// A fingerprint of the file's text: what pages showing the note depend on.
    pub record_key: crate::fingerprint::Fingerprint,
}

/// What the archive's structure takes from a note: where it sits in time and which
/// statements show it (see [`super::StatementShape`]).
#[derive(Debug, PartialEq, Eq, serde::Serialize)]
pub struct NoteShape<'a> {
    pub slug: &'a str,
    pub date: NaiveDate,
    pub statements: &'a [String],
    pub draft: bool,
    pub aliases: &'a [String],
}

impl Note {
    pub fn shape(&self) -> NoteShape<'_> {
        NoteShape { slug: &self.slug, date: self.date, statements: &self.statements, draft: self.draft, aliases: &self.aliases }
    }

    pub fn parse(path: &Path, text: &str) -> Result<Note, Vec<Problem>> {
        let (fm, split): (FrontMatter, _) = front_matter::parse(path, text)?;
        let line_of = |key: &str| key_line(split.front_matter, key).map_or(1, |l| l + split.front_matter_line - 1);
        let mut problems = Vec::new();
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let slug = slugify(&stem).unwrap_or_default();
        if slug.is_empty() {
            problems.push(Problem::at_line(path, 1, format!("the file name {stem:?} has no letters or digits to make a URL from")));
        }
        if fm.title.trim().is_empty() {
            problems.push(Problem::at_line(path, line_of("title"), "`title` must not be empty"));
        }
        let date = fm.date.date.and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()));
        if date.is_none() {
            problems.push(Problem::at_line(path, line_of("date"), format!("`date` must be a date like 2020-03-30, not {}", fm.date)));
        }
        let aliases = site_paths::aliases(fm.aliases).unwrap_or_else(|message| {
            problems.push(Problem::at_line(path, line_of("aliases"), message));
            Vec::new()
        });
        if !problems.is_empty() {
            return Err(problems);
        }
        let body_line = 1 + text[..split.body_offset].matches('\n').count();
        Ok(Note {
            slug,
            path: path.to_path_buf(),
            title: fm.title.trim().to_string(),
            date: date.expect("checked above"),
            author: fm.author.filter(|a| !a.trim().is_empty()),
            statements_line: line_of("statements"),
            statements: fm.statements,
            topics: fm.topics,
            tags: fm.tags,
            draft: fm.draft,
            aliases,
            record_key: crate::fingerprint::of_bytes(text.as_bytes()),
            body: split.body.to_string(),
            body_line,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_need_title_and_date() {
        let note = Note::parse(Path::new("n/context.md"), "+++\ntitle = \"Context\"\ndate = 2020-04-01\nauthor = \"Ed\"\nstatements = [\"a\", \"b\"]\n+++\nText.\n").unwrap();
        assert_eq!(note.slug, "context");
        assert_eq!(note.statements, ["a", "b"]);
        assert_eq!(note.statements_line, 5);
        assert_eq!(note.body_line, 7);
        let err = Note::parse(Path::new("n/x.md"), "+++\ntitle = \"x\"\n+++\n").unwrap_err();
        assert!(err[0].to_string().contains("missing field `date`"), "{err:?}");
    }
}
