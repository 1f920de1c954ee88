//! One statement file → a typed [`Statement`].

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::fingerprint::{self, Fingerprint};
use crate::markdown;
use crate::shortcodes::{self, Citation};
use crate::slug::slugify;
use crate::text::{Terms, Vocabulary};

use super::{front_matter, site_paths};

/// How precisely a statement's date is known.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    #[default]
    Day,
    Month,
    Year,
}

impl DatePrecision {
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Month => "month",
            DatePrecision::Year => "year",
        }
    }

    /// `date` written at this precision: `2020-03-30`, `2020-03` or `2020`.
    pub fn format(self, date: NaiveDate) -> String {
        match self {
            DatePrecision::Day => date.format("%Y-%m-%d").to_string(),
            DatePrecision::Month => date.format("%Y-%m").to_string(),
            DatePrecision::Year => date.format("%Y").to_string(),
        }
    }
}

/// How the importer found a statement's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateBasis {
    /// The item states its own date.
    Dateline,
    /// A sentence of the item fixes the day.
    Text,
    /// Only the dump around it fixes it.
    Context,
    None,
}

impl DateBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            DateBasis::Dateline => "dateline",
            DateBasis::Text => "text",
            DateBasis::Context => "context",
            DateBasis::None => "none",
        }
    }
}

/// Provenance: where in the raw dumps the statement came from.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub file: Option<String>,
    /// Inclusive 1-based line ranges of the statement's text in `file`.
    #[serde(default)]
    pub lines: Vec<[u64; 2]>,
    /// Line ranges of repeated copies merged into this statement.
    #[serde(default)]
    pub duplicates: Vec<[u64; 2]>,
    /// When the dump was published.
    #[serde(default, with = "super::cache::toml_text")]
    pub issue_date: Option<toml::value::Datetime>,
    /// Hash of what the importer wrote, so a re-import can tell an editor's change.
    #[serde(default)]
    pub import_hash: Option<String>,
}

/// What `review` may ask an editor to check.
pub const REVIEW_FLAGS: &[&str] = &["boundary", "date", "kind", "people"];

/// The front matter as written; [`Statement::parse`] validates it into a [`Statement`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    #[serde(default)]
    date: Option<toml::value::Datetime>,
    #[serde(default)]
    date_precision: DatePrecision,
    #[serde(default)]
    date_basis: Option<DateBasis>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    people: Vec<String>,
    #[serde(default)]
    topics: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    source: Option<Source>,
    /// A date the text gives that is not the statement's own (the day of a reported event).
    #[serde(default)]
    event_date: Option<toml::value::Datetime>,
    /// What the importer was unsure of; editors delete it once checked. Never shown to readers.
    #[serde(default)]
    review: Vec<String>,
    #[serde(default)]
    extra: toml::Table,
}

/// A statement as the rest of annals sees it.
///
/// Its Markdown body is not kept: at 100,000 statements the bodies are most of the archive.
/// What the rest needs of it is taken when the file is read (its fingerprint, excerpt, the
/// statements it cites and its search terms), and its own page reads it again with
/// [`Statement::read_body`] when it is rendered.
/// Serialised only into the build cache (see [`super::cache`]), which keeps statements as read.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Statement {
    /// The file stem; unique across the archive.
    pub id: String,
    /// The URL segment made from the id.
    pub slug: String,
    /// The file, as given to the loader (relative to the archive root in a build).
    pub path: PathBuf,
    pub title: String,
    pub date: Option<NaiveDate>,
    pub date_precision: DatePrecision,
    pub date_basis: Option<DateBasis>,
    pub kind: Option<String>,
    pub lang: Option<String>,
    pub people: Vec<String>,
    pub topics: Vec<String>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub draft: bool,
    /// Earlier URLs of the statement (site paths like `statements/old-id/`), redirected here.
    pub aliases: Vec<String>,
    pub source: Option<Source>,
    pub event_date: Option<NaiveDate>,
    /// What the importer asks an editor to check (`boundary`, `date`, `kind`, `people`).
    pub review: Vec<String>,
    #[serde(with = "super::cache::toml_text")]
    pub extra: toml::Table,
    /// The file's text up to the body: its front matter with its delimiters.
    pub head: Box<str>,
    /// What is known of the Markdown body, taken when the file was read.
    pub body: Body,
    /// The file's stamp when it was read, for the build cache (see [`super::cache`]).
    pub stamp: Option<super::cache::Stamp>,
}

/// What is known of a statement's body without keeping it: found when the file is read, and
/// kept by the build cache with the file's front matter (see [`super::cache`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Body {
    /// Byte offset of the body in the file.
    pub offset: usize,
    /// The 1-based line the body starts on.
    pub line: usize,
    /// The body's fingerprint: its page changes when this does.
    pub hash: Fingerprint,
    /// Plain text of the body's opening, for lists and feeds.
    pub excerpt: String,
    /// The statements the body cites by shortcode.
    pub cites: Vec<Citation>,
    /// The title's and body's search terms.
    pub terms: Terms,
}

impl Body {
    fn of(title: &str, text: &str, offset: usize, vocabulary: &mut Vocabulary) -> Body {
        let body = &text[offset..];
        Body {
            offset,
            line: 1 + text[..offset].matches('\n').count(),
            hash: fingerprint::of_bytes(body.as_bytes()),
            excerpt: markdown::excerpt(body, EXCERPT_CHARS),
            cites: shortcodes::citations(body),
            terms: Terms::of(title, &markdown::to_text(body), vocabulary),
        }
    }
}

/// Characters of body text shown in lists.
const EXCERPT_CHARS: usize = 240;

/// What the archive's structure is made of: the order of statements, their taxonomies, the
/// timeline, related statements and redirects. An edit that leaves it alone changes only what
/// pages show of the statement, never which pages exist or what they list.
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct StatementShape<'a> {
    pub id: &'a str,
    pub date: Option<NaiveDate>,
    pub date_precision: DatePrecision,
    pub kind: &'a Option<String>,
    pub people: &'a [String],
    pub topics: &'a [String],
    pub tags: &'a [String],
    pub draft: bool,
    pub aliases: &'a [String],
    pub source_file: Option<&'a str>,
}

impl Statement {
    pub fn shape(&self) -> StatementShape<'_> {
        StatementShape {
            id: &self.id,
            date: self.date,
            date_precision: self.date_precision,
            kind: &self.kind,
            people: &self.people,
            topics: &self.topics,
            tags: &self.tags,
            draft: self.draft,
            aliases: &self.aliases,
            source_file: self.source.as_ref().and_then(|s| s.file.as_deref()),
        }
    }

    /// Parses a statement file's text; `path` names it in problems and gives its id. Search
    /// terms go into `vocabulary`.
    pub fn parse(path: &Path, text: &str, vocabulary: &mut Vocabulary) -> Result<Statement, Vec<Problem>> {
        let (fm, split): (FrontMatter, _) = front_matter::parse(path, text)?;
        let offset = split.body_offset;
        Self::validate(path, fm, &split, &text[..offset], |title| Body::of(title, text, offset, vocabulary))
    }

    /// A fingerprint of everything the file says: what pages showing the statement depend on.
    pub fn record_key(&self) -> Fingerprint {
        crate::fingerprint::Hasher::new("statement").text(&self.head).fingerprint(self.body.hash).finish()
    }

    fn validate(path: &Path, fm: FrontMatter, split: &front_matter::Split, head: &str, body: impl FnOnce(&str) -> Body) -> Result<Statement, Vec<Problem>> {
        let mut problems = Vec::new();
        let line_of = |key: &str| key_line(split.front_matter, key).map(|l| l + split.front_matter_line - 1);
        let mut bad = |key: &str, message: String| problems.push(Problem::new(path, line_of(key).or(Some(1)), message));

        let id = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let slug = slugify(&id).unwrap_or_default();
        if slug.is_empty() {
            bad("title", format!("the file name {id:?} has no letters or digits to make a URL from; rename the file"));
        }
        let title = fm.title.trim().to_string();
        if title.is_empty() {
            bad("title", "`title` must not be empty".into());
        }
        let date = match &fm.date {
            None => None,
            Some(datetime) => match datetime.date.and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())) {
                Some(date) => Some(truncate(date, fm.date_precision)),
                None => {
                    bad("date", format!("`date` must be a date like 2020-03-30, not {datetime}"));
                    None
                }
            },
        };
        let kind = match fm.kind.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(kind) => match slugify(kind) {
                Some(slug) => Some(slug),
                None => {
                    bad("kind", format!("`kind` {kind:?} has no letters or digits"));
                    None
                }
            },
        };
        let event_date = fm.event_date.and_then(|datetime| {
            let date = datetime.date.and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()));
            if date.is_none() {
                bad("event_date", format!("`event_date` must be a date like 2020-03-30, not {datetime}"));
            }
            date
        });
        for flag in fm.review.iter().filter(|flag| !REVIEW_FLAGS.contains(&flag.as_str())) {
            bad("review", format!("`review` holds {flag:?}; it may hold {}", REVIEW_FLAGS.join(", ")));
        }
        let lang = fm.lang.map(|l| l.trim().to_string()).filter(|l| !l.is_empty());
        if let Some(lang) = &lang {
            if !lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') || lang.len() > 35 {
                bad("lang", format!("`lang` must be a language code like \"en\" or \"ru\", not {lang:?}"));
            }
        }
        let mut terms = |key: &str, values: Vec<String>| -> Vec<String> {
            let mut out: Vec<String> = Vec::with_capacity(values.len());
            for value in values {
                let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
                if slugify(&value).is_none() {
                    bad(key, format!("`{key}` holds {value:?}, which has no letters or digits"));
                } else if !out.contains(&value) {
                    out.push(value);
                }
            }
            out
        };
        let people = terms("people", fm.people);
        let topics = terms("topics", fm.topics);
        let tags = terms("tags", fm.tags);
        let aliases = site_paths::aliases(fm.aliases).unwrap_or_else(|message| {
            bad("aliases", message);
            Vec::new()
        });
        if let Some(source) = &fm.source {
            for (key, ranges) in [("lines", &source.lines), ("duplicates", &source.duplicates)] {
                for [start, end] in ranges {
                    if *start == 0 || start > end {
                        bad(key, format!("`source.{key}` range [{start}, {end}] must run from line 1 or later to a line at or after its start"));
                    }
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let summary = fm.summary.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        Ok(Statement {
            body: body(&title),
            head: head.into(),
            stamp: None,
            id,
            slug,
            path: path.to_path_buf(),
            title,
            date,
            date_precision: fm.date_precision,
            date_basis: fm.date_basis,
            kind,
            lang,
            people,
            topics,
            tags,
            summary,
            draft: fm.draft,
            aliases,
            source: fm.source,
            event_date,
            review: fm.review,
            extra: fm.extra,
        })
    }

    /// Reads the Markdown body from the file again (see the type's note on memory). A body
    /// that is not the one read first is an error: what was built from the first would not
    /// match it.
    pub fn read_body(&self, root: &Path) -> std::io::Result<String> {
        let text = crate::fs::read_text(&root.join(&self.path))?;
        match text.get(self.body.offset..) {
            Some(body) if fingerprint::of_bytes(body.as_bytes()) == self.body.hash => Ok(body.to_string()),
            _ => Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "the file changed during the build; build again")),
        }
    }
}

/// A month- or year-precise date is stored as the first day of its month or year.
fn truncate(date: NaiveDate, precision: DatePrecision) -> NaiveDate {
    use chrono::Datelike;
    match precision {
        DatePrecision::Day => date,
        DatePrecision::Month => date.with_day(1).unwrap_or(date),
        DatePrecision::Year => NaiveDate::from_ymd_opt(date.year(), 1, 1).unwrap_or(date),
    }
}

/// The 1-based line of `key = …` (or `[key]`) in a front matter.
pub fn key_line(front_matter: &str, key: &str) -> Option<usize> {
    front_matter
        .lines()
        .position(|line| {
            let line = line.trim_start();
            line.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('='))
                || line == format!("[{key}]")
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Statement, Vec<Problem>> {
        Statement::parse(Path::new("s/2020-03-30-call.md"), text, &mut Vocabulary::default())
    }

    fn messages(text: &str) -> Vec<String> {
        parse(text).unwrap_err().into_iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn full_front_matter() {
        let st = parse("+++\ntitle = \"Call\"\ndate = 2020-04-17\ndate_precision = \"month\"\ndate_basis = \"text\"\nkind = \"phone-call\"\nlang = \"en\"\npeople = [\"Vladimir Putin\", \"Vladimir Putin\"]\ntopics = [\"energy\"]\ntags = [\"Oil\"]\n[source]\nchannel = \"Embassy\"\nfile = \"sources/a.txt\"\nlines = [[1, 5]]\nduplicates = [[6, 9]]\nissue_date = 2020-04-04\nimport_hash = \"abc\"\n[extra]\nanything = 1\n+++\nThe **body**.\n").unwrap();
        assert_eq!(st.id, "2020-03-30-call");
        assert_eq!(st.slug, "2020-03-30-call");
        assert_eq!(st.date, NaiveDate::from_ymd_opt(2020, 4, 1));
        assert_eq!(st.date_precision, DatePrecision::Month);
        assert_eq!(st.people, vec!["Vladimir Putin"]);
        assert_eq!(st.source.as_ref().unwrap().lines, vec![[1, 5]]);
        assert_eq!(st.body.excerpt, "The body.");
        assert!(st.extra.contains_key("anything"));
        assert_eq!(st.body.hash, crate::fingerprint::of_bytes(b"The **body**.\n"));
    }

    #[test]
    fn aliases_cites_and_shape() {
        let st = parse("+++\ntitle = \"x\"\naliases = [\"/statements/old/\", \"/2020/x.html\", \"/a/b\"]\n+++\nSee {{ statement_link(id=\"y\") }}.\n").unwrap();
        assert_eq!(st.aliases, ["statements/old/", "2020/x.html", "a/b/"]);
        assert_eq!(st.body.cites, [Citation::Link("y".into())]);
        let mut retitled = parse("+++\ntitle = \"other\"\naliases = [\"/statements/old/\", \"/2020/x.html\", \"/a/b\"]\n+++\nNew body.\n").unwrap();
        assert_eq!(st.shape(), retitled.shape(), "title and body are not the shape");
        retitled.topics.push("energy".into());
        assert_ne!(st.shape(), retitled.shape());
        for bad in ["\"relative/path/\"", "\"/../up/\"", "\"/\"", "\"/a b/\"", "\"//host/x/\""] {
            let msgs = messages(&format!("+++\ntitle = \"x\"\naliases = [{bad}]\n+++\n"));
            assert!(msgs[0].starts_with("s/2020-03-30-call.md:3: `aliases`"), "{bad}: {msgs:?}");
        }
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let msgs = messages("+++\ntitle = \"x\"\ntopic = [\"a\"]\n+++\n");
        assert_eq!(msgs, vec!["s/2020-03-30-call.md:3: unknown field `topic`, expected one of `title`, `date`, `date_precision`, `date_basis`, `kind`, `lang`, `people`, `topics`, `tags`, `summary`, `draft`, `aliases`, `source`, `event_date`, `review`, `extra`"]);
    }

    #[test]
    fn missing_title_and_bad_dates() {
        assert!(messages("+++\ndate = 2020-01-01\n+++\n")[0].contains("missing field `title`"));
        let msgs = messages("+++\ntitle = \"x\"\ndate = 2020-02-30\n+++\n");
        assert!(msgs[0].starts_with("s/2020-03-30-call.md:3:"), "{msgs:?}");
        let msgs = messages("+++\ntitle = \"x\"\ndate = 10:00:00\n+++\n");
        assert!(msgs[0].contains("must be a date like 2020-03-30"), "{msgs:?}");
        let msgs = messages("+++\ntitle = \"x\"\ndate_precision = \"week\"\n+++\n");
        assert!(msgs[0].contains("unknown variant `week`"), "{msgs:?}");
    }

    #[test]
    fn bad_toml_points_at_its_line() {
        let msgs = messages("+++\ntitle = \"x\"\n\ntags = [\"a\",\n+++\n");
        assert_eq!(msgs, vec!["s/2020-03-30-call.md:4: unclosed array, expected `]`"]);
    }

    #[test]
    fn several_problems_at_once() {
        let msgs = messages("+++\ntitle = \" \"\nlang = \"e n\"\ntags = [\"!!\"]\n[source]\nlines = [[5, 2]]\n+++\n");
        assert_eq!(msgs.len(), 4, "{msgs:?}");
    }
}
