//! `annals import`: raw dumps → one Markdown statement per item.
//!
//! For each dump: split into numbered lines ([`lines`]), detect its format and cut it into
//! statements, merged copies and discards ([`segment`]), read each statement's metadata
//! ([`extract`], [`dates`], [`topics`]), and write it ([`emit`]; `files` knows the files already
//! there) unless an editor changed the file since the last import. Everything here but
//! [`import`] and `files` is pure and works on `&str`.

pub mod dates;
pub mod defaults;
pub mod emit;
pub mod extract;
pub mod features;
mod files;
pub mod formats;
pub mod kind;
pub mod lines;
pub mod people;
pub mod report;
pub mod rules;
pub mod segment;
pub mod topics;
pub mod words;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Deserialize;

use crate::config::{SiteConfig, TopicDef};
use crate::content::{DateBasis, DatePrecision};
use dates::{Dating, Found};
use emit::{Record, Review};
use features::Features;
use files::{write_statement, Existing, Ids, Placement, UnfinishedList};
use kind::Kind;
use report::{FileStatus, Report};
use formats::DumpFormat;

pub const SOURCES_DIR: &str = "sources";
pub const SOURCES_FILE: &str = "sources.toml";

#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub root: PathBuf,
    /// Dumps or folders of dumps; default: everything in `sources/`.
    pub paths: Vec<PathBuf>,
    pub report: Option<PathBuf>,
    pub dry_run: bool,
}

/// What `sources/sources.toml` may say of a dump; it overrides what import infers.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceInfo {
    pub file: String,
    #[serde(default)]
    pub channel: Option<String>,
    /// One of [`formats::FORMATS`], by name.
    #[serde(default, deserialize_with = "formats::deserialize_name")]
    pub format: Option<&'static dyn DumpFormat>,
    #[serde(default)]
    pub issue_date: Option<toml::value::Datetime>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesFile {
    #[serde(default)]
    source: Vec<SourceInfo>,
}

/// One dump, cut and described, before any file is written.
#[derive(Debug)]
pub struct Imported<'a> {
    pub path: String,
    pub format: &'static dyn DumpFormat,
    pub line_count: usize,
    pub issue_date: Option<NaiveDate>,
    pub records: Vec<Record>,
    /// Each record's source lines, of which its body is made when its file is (a dry run of
    /// new statements makes none).
    pub bodies: Vec<Vec<&'a str>>,
    pub discards: Vec<segment::Discard>,
}

/// What statements are matched against, from `site.toml` and the built-in rules: built once
/// for all dumps.
pub struct Lexicon {
    topics: topics::TopicRules,
    people: people::People,
    tag_names: extract::Dictionary,
    rules: rules::Rules,
}

impl Lexicon {
    /// The lexicon of a site; a rule of its `[import]` table that does not compile is an error.
    pub fn new(config: &SiteConfig) -> Result<Lexicon, String> {
        let mut tag_names: Vec<String> = Vec::new();
        for name in defaults::TAG_NAMES.iter().map(|s| s.to_string()).chain(config.import.tag_names.iter().cloned()) {
            if !tag_names.contains(&name) {
                tag_names.push(name);
            }
        }
        let (rules, topics) = rayon::join(|| rules::Rules::with_site(&config.import), || topics::TopicRules::new(&topic_rules(&config.topics)));
        let rules = rules?;
        Ok(Lexicon {
            topics,
            people: people::People::new(&config.people, &rules.person_titles),
            tag_names: extract::Dictionary::new(tag_names.into_iter().map(|name| (name, Vec::new())).collect()),
            rules,
        })
    }
}

/// Cuts one dump's text into statements; `path` is how the statements will name their source.
pub fn import_text<'a>(path: &str, text: &'a str, info: &SourceInfo, lexicon: &Lexicon) -> Imported<'a> {
    let all = lines::split_by(text, &lexicon.rules.lines);
    let format = info.format.unwrap_or_else(|| formats::detect(&all));
    let (segments, discards) = segment::segment(&all, format, &lexicon.rules);
    let issue_date = info
        .issue_date
        .and_then(|d| d.date)
        .and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()))
        .or_else(|| format.issue_date(&all, &lexicon.rules));
    let Lexicon { topics, people, tag_names, rules } = lexicon;
    let policy = format.dating_policy();
    let published = format.publication_days(&all, &segments, issue_date);
    let year = issue_date.is_none().then(|| dates::parse::likeliest_year(&all)).flatten();
    // Each statement is described on its own, in parallel; the passes after this look across
    // statements (context dates, cross-references).
    let (mut records, bodies): (Vec<Record>, Vec<Vec<&str>>) = segments
        .par_iter()
        .zip(&published)
        .map(|(seg, &published)| {
            let texts: Vec<&str> = seg.lines.iter().map(|&n| all[n - 1].text).collect();
            // Rules read lines with their white space collapsed: dumps put non-breaking
            // spaces between words ("the\u{a0}Day of Memory"), which phrases would miss.
            let keys = || seg.lines.iter().map(|&n| (all[n - 1].key.as_ref(), all[n - 1].key_features));
            let words: (Vec<&str>, Vec<Features>) = keys().filter(|(_, f)| !f.hashtags_only && !f.forwarded && !f.read_more).unzip();
            let (lines, features) = if words.0.is_empty() { keys().unzip() } else { words };
            let item = extract::ItemText::with_features(lines, features);
            let kind = rules.kinds.decide(&item);
            let dating = dates::date_item(&item, kind.kind, policy, dates::Published { issue: issue_date, day: published, year });
            let hashtags: Vec<&str> = seg.lines.iter().map(|&n| &all[n - 1]).filter(|l| l.features.hashtags_only).map(|l| l.text).collect();
            let record = Record {
                title: extract::title(&item),
                date: dating.date,
                event_date: dating.event_date,
                review: review_flags(seg.weak_boundary, dating.doubtful, kind.doubtful),
                kind: kind.kind,
                lang: extract::lang(&item).to_string(),
                people: people.of(&item, kind.kind),
                topics: topics::of(&item, topics),
                tags: extract::tags(&item, &hashtags, tag_names),
                channel: info.channel.clone(),
                file: path.to_string(),
                lines: ranges(&seg.lines, &all),
                duplicates: ranges(&seg.duplicates, &all),
                issue_date,
            };
            (record, texts)
        })
        .unzip();
    if policy.from_neighbours {
        let mut datings: Vec<Dating> = records.iter().map(|r| Dating { date: r.date, event_date: r.event_date, doubtful: r.review.contains(&Review::Date) }).collect();
        dates::date_from_neighbours(&mut datings, issue_date);
        for (record, dating) in records.iter_mut().zip(datings) {
            record.date = dating.date;
            record.event_date = dating.event_date;
            if dating.doubtful && !record.review.contains(&Review::Date) {
                record.review.push(Review::Date);
                record.review.sort();
            }
        }
    }
    date_calls_from_mentions(&mut records, &segments, &all, issue_date);
    Imported { path: path.to_string(), format, line_count: all.len(), issue_date, records, bodies, discards }
}

/// Topics with their keywords: the site's own, else the built-in rules for that slug.
fn topic_rules(defs: &[TopicDef]) -> Vec<TopicDef> {
    defs.iter()
        .map(|def| {
            let mut def = def.clone();
            if def.keywords.is_empty() {
                if let Some((_, words)) = defaults::TOPIC_KEYWORDS.iter().find(|(slug, _)| *slug == def.slug) {
                    def.keywords = words.iter().map(|w| w.to_string()).collect();
                }
            }
            def
        })
        .collect()
}

/// What an editor should check, in a stable order.
fn review_flags(boundary: bool, date: bool, kind: bool) -> Vec<Review> {
    [(boundary, Review::Boundary), (date, Review::Date), (kind, Review::Kind)].into_iter().filter(|(weak, _)| *weak).map(|(_, flag)| flag).collect()
}

/// Items on either side of an undated call searched for a mention of it.
const CROSS_REFERENCE_REACH: usize = 30;

/// An undated call whose parties another item of the dump says spoke by phone on a given day
/// ("On Monday, the presidents … Vladimir Putin and Donald Trump, reached an agreement in a
/// phone call") takes that day.
fn date_calls_from_mentions(records: &mut [Record], segments: &[segment::Segment], all: &[lines::Line], issue: Option<NaiveDate>) {
    // Looked for in parallel (the search reads only the items around each call), then set.
    let found: Vec<(usize, NaiveDate)> = records
        .par_iter()
        .enumerate()
        .filter_map(|(i, record)| call_day_mentioned(i, record, segments, all, issue?).map(|date| (i, date)))
        .collect();
    for (i, date) in found {
        let record = &mut records[i];
        record.date = Some(Found { date, precision: DatePrecision::Day, basis: DateBasis::Context });
        if !record.review.contains(&Review::Date) {
            record.review.push(Review::Date);
            record.review.sort();
        }
    }
}

/// The day another item near record `i` says its call took place, if `i` is an undated call
/// between named parties.
fn call_day_mentioned(i: usize, record: &Record, segments: &[segment::Segment], all: &[lines::Line], issue: NaiveDate) -> Option<NaiveDate> {
    if record.date.is_some_and(|d| d.precision == DatePrecision::Day) || record.kind != Kind::PhoneCall || record.people.len() < 2 {
        return None;
    }
    let surnames: Vec<&str> = record.people.iter().filter_map(|p| p.rsplit(' ').next()).collect();
    // Cross-references sit in the same issue: look at the items around this one only, so a
    // 100 MB dump stays linear.
    let nearby = i.saturating_sub(CROSS_REFERENCE_REACH)..(i + CROSS_REFERENCE_REACH + 1).min(segments.len());
    nearby.filter(|&j| j != i).map(|j| &segments[j]).find_map(|seg| {
        let about_calls = seg.lines.iter().map(|&n| all[n - 1].text).filter(|t| t.contains("phone"));
        about_calls.flat_map(extract::sentences).find_map(|sentence| {
            let names_all = surnames.iter().all(|s| sentence.contains(s));
            let about_call = sentence.contains("phone") || sentence.contains("telephone");
            let past = dates::tense::reports_past(sentence);
            (names_all && about_call && past)
                .then(|| dates::parse::weekday_date(sentence, Some(issue)).or_else(|| dates::parse::day_mentions(sentence, issue).into_iter().next()))
                .flatten()
                .filter(|date| *date <= issue)
        })
    })
}

/// Line numbers → inclusive ranges, joined across blank lines.
fn ranges(numbers: &[usize], all: &[lines::Line]) -> Vec<[usize; 2]> {
    // A segment's lines are in reading order, which a post's heading found below its first
    // copy changes.
    let mut numbers = numbers.to_vec();
    numbers.sort_unstable();
    let mut out: Vec<[usize; 2]> = Vec::new();
    for n in numbers {
        if let Some(last) = out.last_mut() {
            if n > last[1] && (last[1] + 1..n).all(|m| all[m - 1].is_blank()) {
                last[1] = n;
                continue;
            }
        }
        out.push([n, n]);
    }
    out
}

/// Summary of one dump, for the terminal.
#[derive(Debug, Default)]
pub struct SourceSummary {
    pub path: String,
    pub statements: usize,
    pub copies: usize,
    pub discarded: usize,
    pub dated: usize,
    /// Statements flagged for an editor to check.
    pub flagged: usize,
    pub files: BTreeMap<&'static str, usize>,
}

#[derive(Debug, Default)]
pub struct ImportSummary {
    pub sources: Vec<SourceSummary>,
    /// Files that could not be imported, with why; the others were.
    pub skipped: Vec<String>,
    /// Statement files an editor changed, kept as they are.
    pub kept: Vec<String>,
    /// Files a stopped import left cut short (or changed since), renamed so as to be written
    /// again: relative to the root.
    pub set_aside: Vec<PathBuf>,
}

/// Imports the dumps: writes statement files (unless a dry run) and the report.
/// `on_total` hears how many dumps there are, `on_file` each one done.
pub fn import(options: &ImportOptions, config: &SiteConfig, on_total: &dyn Fn(usize), on_file: &dyn Fn()) -> Result<ImportSummary> {
    let root = &options.root;
    let infos = read_sources_toml(root)?;
    let files = source_files(root, &options.paths)?;
    on_total(files.len());
    let mut summary = ImportSummary::default();
    let mut report = Report::default();
    // The first dump is read while the rules compile.
    let (lexicon, mut first_read) = rayon::join(|| Lexicon::new(config), || files.first().map(|file| read_dump(file)));
    let lexicon = lexicon.map_err(|e| anyhow::anyhow!("site.toml: {e}"))?;
    if !options.dry_run {
        summary.set_aside = UnfinishedList::mend(root)?;
    }
    let existing = Existing::scan(root);
    let mut taken = Ids { taken: existing.ids.clone(), next_suffix: Default::default() };
    for file in files {
        let shown = file.strip_prefix(root).unwrap_or(&file).to_string_lossy().replace('\\', "/");
        let text = match first_read.take().unwrap_or_else(|| read_dump(&file)) {
            Ok(text) => text,
            Err(why) => {
                summary.skipped.push(format!("{shown}: {why}; skipped"));
                on_file();
                continue;
            }
        };
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let info = infos.get(&name).cloned().unwrap_or_else(|| SourceInfo { file: name.clone(), ..Default::default() });
        let imported = import_text(&shown, &text, &info, &lexicon);
        let mut source = SourceSummary {
            path: shown.clone(),
            statements: imported.records.len(),
            copies: imported.records.iter().filter(|r| !r.duplicates.is_empty()).count(),
            discarded: imported.discards.iter().map(|d| d.end - d.start + 1).sum(),
            dated: imported.records.iter().filter(|r| r.date.is_some()).count(),
            flagged: imported.records.iter().filter(|r| !r.review.is_empty()).count(),
            ..Default::default()
        };
        if options.report.is_some() {
            report.add_source(&imported);
        }
        // Where each statement goes is worked out first, its id then claimed in order (an id
        // depends on those claimed before it); files are then written in parallel.
        let wanted = existing.placements(&imported.records);
        let placed: Vec<(PathBuf, String)> = wanted
            .into_iter()
            .map(|wanted| match wanted {
                Placement::Kept(rel) => {
                    let id = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                    (rel, id)
                }
                Placement::New { folder, stem } => {
                    let id = taken.claim(&stem);
                    (PathBuf::from(crate::content::STATEMENTS_DIR).join(folder).join(format!("{id}.md")), id)
                }
            })
            .collect();
        let mut new_files = placed.iter().map(|(rel, _)| rel.as_path()).filter(|rel| !existing.holds(rel)).peekable();
        let lists_new = !options.dry_run && new_files.peek().is_some();
        if !options.dry_run {
            // Each folder made once, not checked again for each of its thousands of files.
            let folders: BTreeSet<&Path> = placed.iter().filter_map(|(rel, _)| rel.parent()).collect();
            for folder in folders {
                std::fs::create_dir_all(root.join(folder)).with_context(|| format!("cannot make {}", folder.display()))?;
            }
        }
        if lists_new {
            UnfinishedList::start(root, new_files)?;
        }
        // Written in parallel. (Writing new folders' files once, in a staging folder renamed
        // into place whole, and writing from one thread were both tried: on ext4, right after
        // tens of thousands of files were deleted, as the benchmark does, they were two to four
        // times slower.)
        let statuses: Vec<Result<FileStatus>> = placed
            .par_iter()
            .zip(imported.records.par_iter().zip(&imported.bodies))
            .map(|((rel, _), (record, body))| {
                write_statement(root, rel, || emit::render(record, &emit::body(body)), &existing, options.dry_run)
                    .with_context(|| format!("cannot write {}", rel.display()))
            })
            .collect();
        // Every new file is now whole or was not made (a failed write removes its file).
        if lists_new {
            UnfinishedList::finish(root)?;
        }
        let statuses: Vec<FileStatus> = statuses.into_iter().collect::<Result<_>>()?;
        for ((rel, _), status) in placed.iter().zip(&statuses) {
            *source.files.entry(status.as_str()).or_default() += 1;
            if *status == FileStatus::Kept {
                summary.kept.push(rel.display().to_string());
            }
        }
        if options.report.is_some() {
            report.add_statements(&placed, &imported.records, &statuses);
        }
        summary.sources.push(source);
        on_file();
    }
    if let Some(path) = &options.report {
        // Streamed to the file: the report of a large dump is tens of megabytes.
        let write = || -> std::io::Result<()> {
            let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
            report.write_pretty(&mut out)?;
            out.flush()
        };
        write().with_context(|| format!("cannot write the report {}", path.display()))?;
    }
    Ok(summary)
}

/// A dump's text, or why it cannot be imported.
fn read_dump(path: &Path) -> std::result::Result<String, String> {
    let bytes = crate::fs::read_in_pieces(path).map_err(|e| e.to_string())?;
    if bytes.contains(&0) {
        return Err("binary file (it holds NUL bytes), not a text dump".into());
    }
    let text = crate::fs::text_from_bytes(bytes).map_err(|e| e.to_string())?;
    if text.trim().is_empty() {
        return Err("empty: nothing to import".into());
    }
    Ok(text)
}

fn read_sources_toml(root: &Path) -> Result<HashMap<String, SourceInfo>> {
    let path = root.join(SOURCES_DIR).join(SOURCES_FILE);
    if !path.exists() {
        return Ok(HashMap::new());
    }
    let text = crate::fs::read_text(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let parsed: SourcesFile = toml::from_str(&text).map_err(|e| {
        anyhow::anyhow!("{}", crate::error::toml_problem(&path, &text, 1, &e))
    })?;
    Ok(parsed.source.into_iter().map(|s| (s.file.clone(), s)).collect())
}

/// The dumps to import, in a stable order.
fn source_files(root: &Path, paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let paths: Vec<PathBuf> = if paths.is_empty() { vec![root.join(SOURCES_DIR)] } else { paths.to_vec() };
    let mut files = Vec::new();
    for path in paths {
        if !path.exists() {
            anyhow::bail!("{}: no such file or folder", path.display());
        }
        for entry in walkdir::WalkDir::new(&path).sort_by_file_name() {
            let entry = entry.with_context(|| format!("cannot read {}", path.display()))?;
            let name = entry.file_name().to_string_lossy();
            if entry.file_type().is_file() && name != SOURCES_FILE && !crate::content::is_hidden_or_temporary(&name) {
                files.push(entry.path().to_path_buf());
            }
        }
    }
    Ok(files)
}
