//! What templates see: plain, serialisable views built from the archive.
//!
//! Templates never see the internal model, so it can change without breaking a site's
//! template overrides; these structs are the contract, documented in the default theme.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::content::{DateBasis, DatePrecision, Note, Page, Statement};
use crate::site::{Archive, Record, TaxonomyKind};

use super::chart;
use super::deps;
use super::i18n::Translations;
use super::routes::Route;

/// The same on every page.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    pub author: &'a str,
    pub base_url: &'a str,
    /// Prefix of every internal link: `/` or `/archive/`.
    pub base_path: &'a str,
    pub feeds: bool,
    pub feed_url: String,
    pub taxonomies: Vec<TaxonomyLink<'a>>,
    pub pages: Vec<Link>,
    pub timeline_url: String,
    pub search_url: Option<String>,
    /// The notes index, when there are notes.
    pub notes_url: Option<String>,
    /// The archive as data: JSON, CSV and a data package describing them.
    pub data: DataLinks,
    pub extra: &'a toml::Table,
    pub generator: &'static str,
}

#[derive(Serialize)]
pub struct DataLinks {
    pub json: String,
    pub csv: String,
    pub package: String,
}

/// A taxonomy in the navigation. Counts are not here but on the pages that show them: what
/// every page sees must not change with every statement added.
#[derive(Serialize)]
pub struct TaxonomyLink<'a> {
    pub slug: &'static str,
    pub name: &'a str,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct DateView {
    /// `2020-03-30`, `2020-03` or `2020`, for `<time datetime>`.
    pub iso: String,
    /// `30 March 2020`, `March 2020` or `2020`, in the site's language.
    pub display: String,
    pub precision: DatePrecision,
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl DateView {
    pub fn new(date: NaiveDate, precision: DatePrecision, words: &Translations) -> DateView {
        let (y, m, d) = (date.year(), date.month(), date.day());
        let iso = match precision {
            DatePrecision::Day => format!("{y:04}-{m:02}-{d:02}"),
            DatePrecision::Month => format!("{y:04}-{m:02}"),
            DatePrecision::Year => format!("{y:04}"),
        };
        DateView { iso, display: words.date(date, precision), precision, year: y, month: m, day: d }
    }
}

/// A term as a link with its display name.
#[derive(Serialize, Clone)]
pub struct TermLink {
    pub name: String,
    pub slug: String,
    pub url: String,
}

/// A statement in a list (rendered once, reused everywhere) and in links between statements.
#[derive(Serialize)]
pub struct ItemView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub url: String,
    pub date: Option<DateView>,
    pub kind: Option<TermLink>,
    pub lang: Option<&'a str>,
    pub people: Vec<TermLink>,
    pub topics: Vec<TermLink>,
    /// The editor's summary, else the opening of the body.
    pub summary: &'a str,
}

#[derive(Serialize)]
pub struct RangeView {
    pub start: u64,
    pub end: u64,
    /// `12` or `12–19`.
    pub label: String,
    /// The first line in the published source, when the source is published.
    pub url: Option<String>,
}

#[derive(Serialize)]
pub struct SourceView<'a> {
    pub channel: Option<&'a str>,
    pub file: Option<&'a str>,
    /// The source's page in the site, when it is published.
    pub url: Option<String>,
    pub lines: Vec<RangeView>,
    pub duplicates: Vec<RangeView>,
    pub issue_date: Option<String>,
}

#[derive(Serialize)]
pub struct StatementView<'a, H> {
    #[serde(flatten)]
    pub item: ItemView<'a>,
    pub permalink: String,
    pub date_basis: Option<DateBasis>,
    pub tags: Vec<TermLink>,
    pub body: H,
    pub source: Option<SourceView<'a>>,
    pub older: Option<ItemLink<'a>>,
    pub newer: Option<ItemLink<'a>>,
    pub related: Vec<ItemLink<'a>>,
    pub timeline_url: Option<String>,
    /// Editorial notes about this statement.
    pub notes: Vec<NoteLink<'a>>,
    /// The plain-text copy.
    pub text_url: String,
    /// schema.org JSON-LD, safe inside a `<script>` element.
    pub json_ld: String,
    pub extra: &'a toml::Table,
}

/// An editorial note in a list or a box.
#[derive(Serialize)]
pub struct NoteLink<'a> {
    pub title: &'a str,
    pub url: String,
    pub date: DateView,
    pub author: Option<&'a str>,
    pub summary: String,
}

/// An editorial note's own page.
#[derive(Serialize)]
pub struct NoteView<'a, H> {
    #[serde(flatten)]
    pub link: NoteLink<'a>,
    pub body: H,
    /// The statements it is about.
    pub statements: Vec<ItemView<'a>>,
    pub topics: &'a [String],
    pub tags: &'a [String],
}

#[derive(Serialize)]
pub struct ItemLink<'a> {
    pub title: &'a str,
    pub url: String,
    pub date: Option<DateView>,
}

/// Builds views; holds what every view needs.
pub struct Views<'a> {
    pub archive: &'a Archive,
    /// For each of [`Archive::sources`], whether the file exists and so is published.
    pub published: Vec<bool>,
    /// The site's words, for dates.
    pub words: &'a Translations,
}

impl<'a> Views<'a> {
    /// Looks once at which source files exist under `root`: every statement view asks.
    pub fn new(archive: &'a Archive, root: &std::path::Path, words: &'a Translations) -> Views<'a> {
        let published = archive.sources.iter().map(|(file, _)| root.join(file).is_file()).collect();
        Views { archive, published, words }
    }

    pub fn url(&self, route: &Route) -> String {
        self.archive.config.url_path(&route.path())
    }

    pub fn site(&self) -> SiteView<'a> {
        let archive = self.archive;
        let config = &archive.config;
        SiteView {
            title: &config.title,
            description: &config.description,
            language: &config.language,
            author: config.author(),
            base_url: &config.base_url,
            base_path: &config.base_path,
            feeds: config.feeds,
            feed_url: self.url(&Route::Feed),
            taxonomies: archive
                .taxonomies
                .iter()
                .map(|t| TaxonomyLink { slug: t.kind.slug(), name: &t.name, url: self.url(&Route::TaxonomyIndex { kind: t.kind }) })
                .collect(),
            pages: archive.pages.iter().map(|p| Link { title: p.title.clone(), url: self.url(&Route::Page { slug: &p.slug }) }).collect(),
            timeline_url: self.url(&Route::Timeline),
            search_url: config.search.then(|| self.url(&Route::Search)),
            notes_url: (!archive.notes.is_empty()).then(|| self.url(&Route::Notes)),
            data: DataLinks {
                json: self.url(&Route::Data { file: "statements.json" }),
                csv: self.url(&Route::Data { file: "statements.csv" }),
                package: self.url(&Route::Data { file: "datapackage.json" }),
            },
            extra: &config.extra,
            generator: concat!("annals ", env!("CARGO_PKG_VERSION")),
        }
    }

    /// Statement `index`'s record, its reading recorded (see [`deps`]): the one door through
    /// which views read what a statement file says beyond its shape.
    pub fn statement_record(&self, index: usize) -> &'a Statement {
        deps::read(Record::Statement(index));
        &self.archive.statements[index]
    }

    pub fn note_record(&self, index: usize) -> &'a Note {
        deps::read(Record::Note(index));
        &self.archive.notes[index]
    }

    pub fn page_record(&self, index: usize) -> &'a Page {
        deps::read(Record::Page(index));
        &self.archive.pages[index]
    }

    pub fn terms(&self, kind: TaxonomyKind, index: usize) -> Vec<TermLink> {
        self.archive
            .terms(kind, index)
            .map(|term| TermLink {
                name: term.name.clone(),
                slug: term.slug.clone(),
                url: self.url(&Route::Term { kind, slug: &term.slug, page: 1 }),
            })
            .collect()
    }

    pub fn date(&self, statement: &Statement) -> Option<DateView> {
        statement.date.map(|d| DateView::new(d, statement.date_precision, self.words))
    }

    pub fn item(&self, index: usize) -> ItemView<'a> {
        let statement = self.statement_record(index);
        ItemView {
            id: &statement.id,
            title: &statement.title,
            url: self.url(&Route::Statement { slug: &statement.slug }),
            date: self.date(statement),
            kind: self.terms(TaxonomyKind::Kinds, index).into_iter().next(),
            lang: statement.lang.as_deref(),
            people: self.terms(TaxonomyKind::People, index),
            topics: self.terms(TaxonomyKind::Topics, index),
            summary: statement.summary.as_deref().unwrap_or(&statement.body.excerpt),
        }
    }

    pub fn link(&self, index: usize) -> ItemLink<'a> {
        let statement = self.statement_record(index);
        ItemLink {
            title: &statement.title,
            url: self.url(&Route::Statement { slug: &statement.slug }),
            date: self.date(statement),
        }
    }

    pub fn statement<H>(&self, index: usize, body: H) -> StatementView<'a, H> {
        let archive = self.archive;
        let statement = self.statement_record(index);
        let (older, newer) = archive.neighbours(index);
        let source_url = statement
            .source
            .as_ref()
            .and_then(|s| s.file.as_deref())
            .and_then(|file| archive.source_index(file))
            .filter(|&i| self.published[i])
            .map(|i| self.url(&Route::Source { name: &archive.sources[i].1 }));
        let ranges = |ranges: &[[u64; 2]]| {
            ranges
                .iter()
                .map(|&[start, end]| RangeView {
                    start,
                    end,
                    label: if start == end { start.to_string() } else { format!("{start}–{end}") },
                    url: source_url.as_ref().map(|url| format!("{url}#L{start}")),
                })
                .collect()
        };
        let timeline_url = statement.date.map(|d| match statement.date_precision {
            DatePrecision::Year => self.url(&Route::Year { year: d.year() }),
            _ => self.url(&Route::Month { year: d.year(), month: d.month() }),
        });
        StatementView {
            item: self.item(index),
            permalink: archive.config.absolute_url(&Route::Statement { slug: &statement.slug }.path()),
            date_basis: statement.date_basis,
            tags: self.terms(TaxonomyKind::Tags, index),
            body,
            source: statement.source.as_ref().map(|s| SourceView {
                channel: s.channel.as_deref(),
                file: s.file.as_deref(),
                url: source_url.clone(),
                lines: ranges(&s.lines),
                duplicates: ranges(&s.duplicates),
                issue_date: s.issue_date.map(|d| d.to_string()),
            }),
            older: older.map(|i| self.link(i)),
            newer: newer.map(|i| self.link(i)),
            related: archive.related(index).iter().map(|&i| self.link(i)).collect(),
            timeline_url,
            notes: archive.notes_of[index].iter().map(|&n| self.note_link(n)).collect(),
            text_url: self.url(&Route::StatementText { slug: &statement.slug }),
            json_ld: self.json_ld(statement),
            extra: &statement.extra,
        }
    }

    /// schema.org metadata of a statement. `<` is written as `\u003c`, so no text of the
    /// statement can close the script element it sits in.
    fn json_ld(&self, statement: &Statement) -> String {
        let config = &self.archive.config;
        let publisher = statement.source.as_ref().and_then(|s| s.channel.clone()).unwrap_or_else(|| config.author().to_string());
        let value = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "CreativeWork",
            "name": statement.title,
            "url": config.absolute_url(&Route::Statement { slug: &statement.slug }.path()),
            "datePublished": statement.date.map(|d| statement.date_precision.format(d)),
            "inLanguage": statement.lang,
            "author": statement.people.iter().map(|p| serde_json::json!({"@type": "Person", "name": p})).collect::<Vec<_>>(),
            "publisher": {"@type": "Organization", "name": publisher},
            "isPartOf": {"@type": "Collection", "name": config.title, "url": config.base_url},
            "genre": statement.kind,
            "keywords": statement.topics.iter().chain(&statement.tags).cloned().collect::<Vec<_>>(),
        });
        super::theme::script_safe_json(&value.to_string())
    }

    pub fn note_link(&self, index: usize) -> NoteLink<'a> {
        let note = self.note_record(index);
        NoteLink {
            title: &note.title,
            url: self.url(&Route::Note { slug: &note.slug }),
            date: DateView::new(note.date, DatePrecision::Day, self.words),
            author: note.author.as_deref(),
            summary: crate::markdown::excerpt(&note.body, 200),
        }
    }

    pub fn note<H>(&self, index: usize, body: H) -> NoteView<'a, H> {
        let note = self.note_record(index);
        NoteView {
            link: self.note_link(index),
            body,
            statements: note.statements.iter().filter_map(|id| self.archive.statement_index(id)).map(|i| self.item(i)).collect(),
            topics: &note.topics,
            tags: &note.tags,
        }
    }
}

/// A source dump's page: every line with its number.
#[derive(Serialize)]
pub struct SourcePage<'a> {
    pub file: &'a str,
    pub raw_url: String,
    pub lines: Vec<SourceLine<'a>>,
}

#[derive(Serialize)]
pub struct SourceLine<'a> {
    pub number: usize,
    pub text: &'a str,
}

/// A free page.
#[derive(Serialize)]
pub struct PageView<'a, H> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub body: H,
    pub extra: &'a toml::Table,
}

#[derive(Serialize)]
pub struct TaxonomyView<'a> {
    pub slug: &'static str,
    pub name: &'a str,
    pub url: String,
}

/// A term in a list of terms and on its own page.
#[derive(Serialize)]
pub struct TermView<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub description: &'a str,
    pub defined: bool,
    pub url: String,
    pub count: usize,
    pub feed_url: Option<String>,
}

/// A taxonomy with how many terms it has, for the home page.
#[derive(Serialize)]
pub struct TaxonomyCount<'a> {
    pub slug: &'static str,
    pub name: &'a str,
    pub url: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct YearLink {
    pub year: i32,
    pub url: String,
    pub count: usize,
}

/// A year on the timeline page: its months and their chart.
#[derive(Serialize)]
pub struct TimelineYear {
    #[serde(flatten)]
    pub link: YearLink,
    pub chart: chart::BarChart,
    pub months: Vec<MonthLink>,
}

#[derive(Serialize)]
pub struct MonthLink {
    pub month: u32,
    pub name: String,
    pub short: String,
    pub count: usize,
    pub url: Option<String>,
}

#[derive(Serialize)]
pub struct CountLink {
    pub url: String,
    pub count: usize,
}

/// A year's page; `I` is a list entry.
#[derive(Serialize)]
pub struct YearPage<I> {
    pub year: i32,
    pub count: usize,
    pub chart: chart::BarChart,
    pub months: Vec<MonthLink>,
    pub year_only: Vec<I>,
}

/// A month's page, its statements by day; `I` is a list entry.
#[derive(Serialize)]
pub struct MonthPage<'a, I> {
    pub year: i32,
    pub month: u32,
    pub name: String,
    pub title: String,
    pub count: usize,
    pub year_url: String,
    pub days: Vec<DayGroup<I>>,
    pub calendar: chart::Calendar,
    pub notes: Vec<NoteLink<'a>>,
}

#[derive(Serialize)]
pub struct DayGroup<I> {
    pub day: Option<u32>,
    pub label: String,
    pub anchor: String,
    pub items: Vec<I>,
}

#[derive(Serialize)]
pub struct MonthNav {
    pub title: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct FeedView<'a> {
    pub title: &'a str,
    pub url: String,
    pub self_url: String,
    pub updated: String,
}

/// A feed entry; `H` is its content's HTML.
#[derive(Serialize)]
pub struct FeedEntry<H> {
    pub title: String,
    pub url: String,
    pub updated: String,
    pub summary: String,
    pub content: H,
    pub people: Vec<String>,
    pub topics: Vec<String>,
}

/// A redirect from an earlier URL.
#[derive(Serialize)]
pub struct AliasView {
    /// Where the page lives now, absolute (for `rel=canonical`) and as a link.
    pub permalink: String,
    pub url: String,
}

/// Where a list page sits among its siblings.
#[derive(Serialize)]
pub struct Paginator {
    pub current: usize,
    pub total: usize,
    /// Statements in the whole list.
    pub count: usize,
    pub first: String,
    pub last: String,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// Page numbers around the current one; `number` is absent for a gap.
    pub pages: Vec<PageNumber>,
}

#[derive(Serialize)]
pub struct PageNumber {
    pub number: Option<usize>,
    pub url: Option<String>,
    pub current: bool,
}

impl Paginator {
    /// `url_of(n)` gives the URL of page `n` (1-based).
    pub fn new(current: usize, total: usize, count: usize, url_of: impl Fn(usize) -> String) -> Paginator {
        let mut pages = Vec::new();
        let mut last_shown = 0;
        for n in 1..=total {
            let near = n.abs_diff(current) <= 2 || n == 1 || n == total;
            if !near {
                continue;
            }
            if n > last_shown + 1 {
                pages.push(PageNumber { number: None, url: None, current: false });
            }
            pages.push(PageNumber { number: Some(n), url: Some(url_of(n)), current: n == current });
            last_shown = n;
        }
        Paginator {
            current,
            total,
            count,
            first: url_of(1),
            last: url_of(total),
            previous: (current > 1).then(|| url_of(current - 1)),
            next: (current < total).then(|| url_of(current + 1)),
            pages,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paginator_windows_with_gaps() {
        let p = Paginator::new(5, 10, 500, |n| format!("/p/{n}/"));
        let shown: Vec<String> = p.pages.iter().map(|n| n.number.map_or("…".into(), |n| n.to_string())).collect();
        assert_eq!(shown, ["1", "…", "3", "4", "5", "6", "7", "…", "10"]);
        assert_eq!(p.previous.as_deref(), Some("/p/4/"));
        assert_eq!(p.next.as_deref(), Some("/p/6/"));
        let single = Paginator::new(1, 1, 3, |n| n.to_string());
        assert!(single.previous.is_none() && single.next.is_none());
    }
}
