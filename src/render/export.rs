//! The archive as data, for researchers: `/data/statements.json`, `/data/statements.csv` and a
//! Frictionless `/data/datapackage.json` describing them; and each statement as plain text
//! (`/statements/<id>/index.txt`) for quoting.

use rayon::prelude::*;
use serde::Serialize;

use super::routes::Route;
use crate::content::Statement;
use crate::site::Archive;

/// One statement as a row of the exported data.
#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    url: String,
    title: &'a str,
    date: Option<String>,
    date_precision: Option<&'static str>,
    kind: Option<&'a str>,
    people: &'a [String],
    topics: &'a [String],
    tags: &'a [String],
    lang: Option<&'a str>,
    channel: Option<&'a str>,
    source_file: Option<&'a str>,
    source_lines: String,
}

/// (name, type, description) of each column, in order.
const FIELDS: &[(&str, &str, &str)] = &[
    ("id", "string", "The statement's id (its file name)"),
    ("url", "string", "The statement's page"),
    ("title", "string", "Title"),
    ("date", "string", "YYYY-MM-DD, YYYY-MM or YYYY, at the precision known; empty when undated"),
    ("date_precision", "string", "day, month or year"),
    ("kind", "string", "phone-call, meeting, speech, interview, …"),
    ("people", "string", "Speakers and participants, separated by '; '"),
    ("topics", "string", "Topic slugs, separated by '; '"),
    ("tags", "string", "Tags, separated by '; '"),
    ("lang", "string", "Language code"),
    ("channel", "string", "The channel the source dump came from"),
    ("source_file", "string", "The source dump"),
    ("source_lines", "string", "Line ranges of the statement in the dump, as 'a-b; c-d'"),
];

fn row<'a>(archive: &'a Archive, statement: &'a Statement) -> Row<'a> {
    let source = statement.source.as_ref();
    Row {
        id: &statement.id,
        url: archive.config.absolute_url(&Route::Statement { slug: &statement.slug }.path()),
        title: &statement.title,
        date: statement.date.map(|d| statement.date_precision.format(d)),
        date_precision: statement.date.map(|_| statement.date_precision.as_str()),
        kind: statement.kind.as_deref(),
        people: &statement.people,
        topics: &statement.topics,
        tags: &statement.tags,
        lang: statement.lang.as_deref(),
        channel: source.and_then(|s| s.channel.as_deref()),
        source_file: source.and_then(|s| s.file.as_deref()),
        source_lines: source.map(|s| s.lines.iter().map(|[a, b]| format!("{a}-{b}")).collect::<Vec<_>>().join("; ")).unwrap_or_default(),
    }
}

/// Each statement's line of a data file (by `line`), newest first, made in parallel: the files
/// are tens of megabytes at 100,000 statements, and a build after an edit waits for them.
fn lines(archive: &Archive, line: impl Fn(Row) -> String + Sync) -> Vec<String> {
    archive.statements.par_iter().map(|s| line(row(archive, s))).collect()
}

/// `lines` joined by `separator`, between `head` and `tail`, in one allocation.
fn joined(head: &str, lines: &[String], separator: &str, tail: &str) -> String {
    let mut out = String::with_capacity(head.len() + tail.len() + lines.iter().map(|l| l.len() + separator.len()).sum::<usize>());
    out.push_str(head);
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(line);
    }
    out.push_str(tail);
    out
}

/// A JSON array with one statement a line, newest first.
pub fn json(archive: &Archive) -> String {
    let rows = lines(archive, |row| serde_json::to_string(&row).expect("rows serialise"));
    joined("[\n", &rows, ",\n", "\n]\n")
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_string() }
}

/// RFC 4180 CSV with a header row, newest first.
pub fn csv(archive: &Archive) -> String {
    let header = FIELDS.iter().map(|(name, _, _)| *name).collect::<Vec<_>>().join(",") + "\r\n";
    let rows = lines(archive, |r| {
        let cells = [
            r.id.to_string(),
            r.url,
            r.title.to_string(),
            r.date.unwrap_or_default(),
            r.date_precision.unwrap_or_default().to_string(),
            r.kind.unwrap_or_default().to_string(),
            r.people.join("; "),
            r.topics.join("; "),
            r.tags.join("; "),
            r.lang.unwrap_or_default().to_string(),
            r.channel.unwrap_or_default().to_string(),
            r.source_file.unwrap_or_default().to_string(),
            r.source_lines,
        ];
        cells.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(",") + "\r\n"
    });
    joined(&header, &rows, "", "")
}

/// A Frictionless Data Package describing the two files.
pub fn datapackage(archive: &Archive) -> String {
    let fields: Vec<serde_json::Value> = FIELDS
        .iter()
        .map(|(name, kind, description)| serde_json::json!({"name": name, "type": kind, "description": description}))
        .collect();
    let package = serde_json::json!({
        "profile": "tabular-data-package",
        "name": crate::slug::slugify(&archive.config.title).unwrap_or_else(|| "archive".into()),
        "title": archive.config.title,
        "description": archive.config.description,
        "homepage": archive.config.base_url,
        "resources": [
            {
                "name": "statements",
                "path": "statements.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": fields, "primaryKey": "id"},
            },
            {
                "name": "statements-json",
                "path": "statements.json",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
            }
        ]
    });
    serde_json::to_string_pretty(&package).expect("the package serialises") + "\n"
}

/// The facts that head a statement's plain text, before its body's text.
pub fn text_header(plan: &super::Plan, index: usize) -> String {
    let archive = plan.archive;
    let words = plan.views.words;
    let statement = plan.views.statement_record(index);
    let mut out = format!("{}\n\n", statement.title);
    let date = match statement.date {
        Some(d) => words.date(d, statement.date_precision),
        None => words.word("text_undated"),
    };
    out.push_str(&format!("{}: {date}\n", words.word("text_date")));
    // The kind's display name, as the statement's page shows it.
    if let Some(kind) = archive.terms(crate::site::TaxonomyKind::Kinds, index).next() {
        out.push_str(&format!("{}: {}\n", words.word("text_kind"), kind.name));
    }
    if !statement.people.is_empty() {
        out.push_str(&format!("{}: {}\n", words.word("text_people"), statement.people.join(", ")));
    }
    if let Some(source) = &statement.source {
        let lines = source.lines.iter().map(|[a, b]| if a == b { a.to_string() } else { format!("{a}-{b}") }).collect::<Vec<_>>().join(", ");
        let lines = (!lines.is_empty()).then(|| words.text("text_lines", None, &[("lines", &lines)]).unwrap_or(lines));
        let parts: Vec<String> = [source.channel.clone(), source.file.clone(), lines].into_iter().flatten().collect();
        out.push_str(&format!("{}: {}\n", words.word("text_source"), parts.join(", ")));
    }
    out.push_str(&format!("URL: {}\n\n", archive.config.absolute_url(&Route::Statement { slug: &statement.slug }.path())));
    out
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
