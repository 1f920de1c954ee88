//! The JSON import report (format: `docs/import-report.md`): every statement of the imported
//! sources and every discard, with the lines they hold.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::emit::{Record, Review};
use super::formats::{self, DumpFormat};
use super::segment::DiscardReason;
use super::Imported;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    /// Written now (new, or changed by this import).
    Written,
    /// Already as import would write it.
    Unchanged,
    /// Changed by an editor since import: left as it is.
    Kept,
}

impl FileStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Written => "written",
            FileStatus::Unchanged => "unchanged",
            FileStatus::Kept => "kept",
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub version: u32,
    pub sources: Vec<SourceEntry>,
    pub statements: Vec<StatementEntry>,
    pub discarded: Vec<DiscardEntry>,
}

impl Default for Report {
    fn default() -> Self {
        Report { version: 1, sources: Vec::new(), statements: Vec::new(), discarded: Vec::new() }
    }
}

#[derive(Debug, Serialize)]
pub struct SourceEntry {
    pub path: String,
    #[serde(serialize_with = "formats::serialize_name")]
    pub format: &'static dyn DumpFormat,
    pub lines: usize,
    pub issue_date: Option<String>,
    /// Statements of this dump flagged for review, per flag and in all.
    pub review: ReviewCounts,
}

#[derive(Debug, Default, Serialize)]
pub struct ReviewCounts {
    pub statements: usize,
    pub boundary: usize,
    pub date: usize,
    pub kind: usize,
}

#[derive(Debug, Serialize)]
pub struct Span {
    pub source: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Serialize)]
pub struct StatementEntry {
    pub id: String,
    pub file: String,
    pub status: FileStatus,
    pub title: String,
    pub date: Option<String>,
    pub date_precision: Option<&'static str>,
    pub date_basis: Option<&'static str>,
    pub event_date: Option<String>,
    pub review: Vec<Review>,
    pub kind: &'static str,
    pub people: Vec<String>,
    pub lang: String,
    pub topics: Vec<String>,
    pub tags: Vec<String>,
    pub spans: Vec<Span>,
    pub duplicate_spans: Vec<Span>,
}

#[derive(Debug, Serialize)]
pub struct DiscardEntry {
    pub source: String,
    pub start: usize,
    pub end: usize,
    pub reason: DiscardReason,
}

/// Items formatted by one task.
const ITEMS_PER_TASK: usize = 512;
/// Tasks whose output is held at once before it is written: the report of a large dump is
/// tens of megabytes, formatted and written a few megabytes at a time.
const TASKS_PER_WRITE: usize = 16;

/// A top-level field's array, pretty-printed at its depth: each item as serde_json prints it
/// alone, its lines indented by two levels (JSON strings hold no raw newline).
fn pretty_array<T: Serialize + Sync>(out: &mut impl std::io::Write, items: &[T]) -> std::io::Result<()> {
    use rayon::prelude::*;
    if items.is_empty() {
        return out.write_all(b"[]");
    }
    out.write_all(b"[")?;
    // Every item is written after ",\n    ": the first without its comma.
    let mut first = true;
    for group in items.chunks(ITEMS_PER_TASK * TASKS_PER_WRITE) {
        let formatted: Vec<Vec<u8>> = group.par_chunks(ITEMS_PER_TASK).map(pretty_items).collect();
        for buf in &formatted {
            out.write_all(if first { &buf[1..] } else { buf })?;
            first = false;
        }
    }
    out.write_all(b"\n  ]")
}

/// Items of a [`pretty_array`], each after ",\n    ".
fn pretty_items<T: Serialize>(items: &[T]) -> Vec<u8> {
    let (mut buf, mut json) = (Vec::new(), Vec::new());
    for item in items {
        json.clear();
        serde_json::to_writer_pretty(&mut json, item).expect("report entries serialize");
        buf.extend_from_slice(b",\n    ");
        let mut lines = json.split(|&b| b == b'\n');
        buf.extend_from_slice(lines.next().unwrap_or_default());
        for line in lines {
            buf.extend_from_slice(b"\n    ");
            buf.extend_from_slice(line);
        }
    }
    buf
}

fn review_counts(records: &[Record]) -> ReviewCounts {
    let mut counts = ReviewCounts::default();
    for record in records.iter().filter(|r| !r.review.is_empty()) {
        counts.statements += 1;
        for flag in &record.review {
            match flag {
                Review::Boundary => counts.boundary += 1,
                Review::Date => counts.date += 1,
                Review::Kind => counts.kind += 1,
            }
        }
    }
    counts
}

impl Report {
    /// Writes the report as `serde_json::to_writer_pretty` would, and a newline; the
    /// statements, tens of megabytes of JSON for a large dump, are formatted in parallel.
    pub fn write_pretty(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        write!(out, "{{\n  \"version\": {},\n  \"sources\": ", self.version)?;
        pretty_array(out, &self.sources)?;
        out.write_all(b",\n  \"statements\": ")?;
        pretty_array(out, &self.statements)?;
        out.write_all(b",\n  \"discarded\": ")?;
        pretty_array(out, &self.discarded)?;
        out.write_all(b"\n}\n")
    }

    pub fn add_source(&mut self, imported: &Imported<'_>) {
        self.sources.push(SourceEntry {
            path: imported.path.clone(),
            format: imported.format,
            lines: imported.line_count,
            issue_date: imported.issue_date.map(|d| d.format("%Y-%m-%d").to_string()),
            review: review_counts(&imported.records),
        });
        for d in &imported.discards {
            self.discarded.push(DiscardEntry { source: imported.path.clone(), start: d.start, end: d.end, reason: d.reason });
        }
    }

    /// The statements of one dump, each with its file, its id and what became of the file;
    /// their entries are made in parallel.
    pub fn add_statements(&mut self, placed: &[(PathBuf, String)], records: &[Record], statuses: &[FileStatus]) {
        use rayon::prelude::*;
        let entries = placed.par_iter().zip(records).zip(statuses).map(|(((file, id), record), &status)| StatementEntry::new(id, file, record, status));
        self.statements.par_extend(entries);
    }
}

impl StatementEntry {
    fn new(id: &str, file: &Path, record: &Record, status: FileStatus) -> StatementEntry {
        let spans = |ranges: &[[usize; 2]]| ranges.iter().map(|&[start, end]| Span { source: record.file.clone(), start, end }).collect();
        StatementEntry {
            id: id.to_string(),
            file: file.to_string_lossy().replace('\\', "/"),
            status,
            title: record.title.clone(),
            date: record.date.map(|f| f.precision.format(f.date)),
            date_precision: record.date.map(|f| f.precision.as_str()),
            date_basis: record.date.map(|f| f.basis.as_str()),
            event_date: record.event_date.map(|d| d.format("%Y-%m-%d").to_string()),
            review: record.review.clone(),
            kind: record.kind.as_str(),
            people: record.people.clone(),
            lang: record.lang.clone(),
            topics: record.topics.clone(),
            tags: record.tags.clone(),
            spans: spans(&record.lines),
            duplicate_spans: spans(&record.duplicates),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_is_written_as_serde_json_pretty_prints_it() {
        let statement = |i: usize| StatementEntry {
            id: format!("s-{i}"),
            file: format!("content/statements/undated/s-{i}.md"),
            status: FileStatus::Written,
            title: format!("Title \"{i}\"\nwith a newline"),
            date: None,
            date_precision: None,
            date_basis: Some("context"),
            event_date: None,
            review: vec![Review::Date],
            kind: "news",
            people: vec![],
            lang: "en".into(),
            topics: vec!["energy".into(), "space".into()],
            tags: vec![],
            spans: vec![Span { source: "a.txt".into(), start: i, end: i + 2 }],
            duplicate_spans: vec![],
        };
        for n in [0, 1, 2, 513, 1100, ITEMS_PER_TASK * TASKS_PER_WRITE + 3] {
            let report = Report {
                version: 1,
                sources: (0..n.min(2)).map(|i| SourceEntry { path: format!("{i}.txt"), format: &formats::Newsletter, lines: 9, issue_date: None, review: ReviewCounts::default() }).collect(),
                statements: (0..n).map(statement).collect(),
                discarded: (0..n.min(3)).map(|i| DiscardEntry { source: "a.txt".into(), start: i, end: i, reason: DiscardReason::Footer }).collect(),
            };
            let mut ours = Vec::new();
            report.write_pretty(&mut ours).unwrap();
            let theirs = serde_json::to_string_pretty(&report).unwrap() + "\n";
            assert_eq!(String::from_utf8(ours).unwrap(), theirs, "{n} statements");
        }
    }
}
