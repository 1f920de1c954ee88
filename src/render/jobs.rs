//! Every output file is a job; each kind of job has a key and a render.
//!
//! A job's key is a fingerprint of everything its file depends on; [`super::runner`] renders a
//! job only when its key differs from the one its file was last written with. Both are written
//! here as exhaustive `match`es over the job kinds, with no catch-all arm: a new kind of output
//! file does not compile until it has a route, a key and a render. Files made from a template
//! ([`PageJob`]) share one fill function per kind for both (see `pages.rs` and [`super::mode`]).

use std::path::Path;

use crate::error::Problem;
use crate::fingerprint::{self, Fingerprint, Hasher};
use crate::markdown;
use crate::site::{AliasTarget, TaxonomyKind};

use super::mode::{Keying, Mode, Rendering};
use super::routes::Route;
use super::{export, search, Plan};

/// URLs per sitemap file: the sitemap protocol's limit.
pub const SITEMAP_LIMIT: usize = 50_000;

/// One output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    Page(PageJob),
    File(FileJob),
}

/// A file made from a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageJob {
    Statement(usize),
    Home { page: usize },
    TaxonomyIndex(usize),
    Term { taxonomy: usize, term: usize, page: usize },
    TermFeed { taxonomy: usize, term: usize },
    Feed,
    Timeline,
    Year(usize),
    Month { year: usize, month: usize },
    Undated { page: usize },
    Page(usize),
    Notes,
    Note(usize),
    Search,
    NotFound,
    Robots,
    Sitemap,
    SitemapPart(usize),
    /// The page of `Archive::sources[i]`, a line anchor per line.
    Source(usize),
    /// A redirect from `Archive::aliases[i]`.
    Alias(usize),
}

/// A file made directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileJob {
    StatementText(usize),
    /// `Archive::sources[i]` as it was received.
    SourceRaw(usize),
    Data(DataFile),
    /// The theme's static file number `i`.
    Static(usize),
    SyntaxCss,
    Search(search::SearchFile),
}

/// The archive's metadata as data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DataFile {
    Json,
    Csv,
    Package,
}

impl DataFile {
    pub fn name(self) -> &'static str {
        match self {
            DataFile::Json => "statements.json",
            DataFile::Csv => "statements.csv",
            DataFile::Package => "datapackage.json",
        }
    }
}

/// When `serve` brings a job up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// After every change.
    Page,
    /// When its file is asked for: it holds every statement (the data files, the search
    /// index), so an edit should not wait for it.
    Aggregate,
}

/// A job's key, or its key with its output when making the output is how the key is known.
pub enum Keyed {
    Key(Fingerprint),
    Made(Fingerprint, Vec<u8>),
}

impl Keyed {
    pub fn key(&self) -> Fingerprint {
        match self {
            Keyed::Key(key) | Keyed::Made(key, _) => *key,
        }
    }
}

impl Job {
    pub fn scope(self) -> Scope {
        match self {
            Job::Page(_) => Scope::Page,
            Job::File(file) => match file {
                FileJob::StatementText(_) | FileJob::SourceRaw(_) | FileJob::Static(_) | FileJob::SyntaxCss => Scope::Page,
                FileJob::Data(_) | FileJob::Search(_) => Scope::Aggregate,
            },
        }
    }

    /// Whether the job is one of the statements' own pages, a hundred thousand of which a
    /// preview need not render before it can serve the first.
    pub fn is_statements_own(self) -> bool {
        match self {
            Job::Page(PageJob::Statement(_)) | Job::File(FileJob::StatementText(_)) => true,
            Job::Page(_) => false,
            Job::File(FileJob::SourceRaw(_) | FileJob::Data(_) | FileJob::Static(_) | FileJob::SyntaxCss | FileJob::Search(_)) => false,
        }
    }

    /// Whether the job reads a file that is no record of the archive (a source dump), which no
    /// dependency index follows: its key is computed on every build.
    pub fn reads_other_files(self) -> bool {
        match self {
            Job::Page(PageJob::Source(_)) | Job::File(FileJob::SourceRaw(_)) => true,
            Job::Page(_) => false,
            Job::File(FileJob::StatementText(_) | FileJob::Data(_) | FileJob::Static(_) | FileJob::SyntaxCss | FileJob::Search(_)) => false,
        }
    }

    /// Whether the sitemap lists the job's URL: HTML pages meant for readers.
    fn in_sitemap(self) -> bool {
        match self {
            Job::Page(page) => match page {
                PageJob::Statement(_)
                | PageJob::Home { .. }
                | PageJob::TaxonomyIndex(_)
                | PageJob::Term { .. }
                | PageJob::Timeline
                | PageJob::Year(_)
                | PageJob::Month { .. }
                | PageJob::Undated { .. }
                | PageJob::Page(_)
                | PageJob::Notes
                | PageJob::Note(_)
                | PageJob::Search
                | PageJob::Source(_) => true,
                PageJob::TermFeed { .. } | PageJob::Feed | PageJob::NotFound | PageJob::Robots | PageJob::Sitemap | PageJob::SitemapPart(_) | PageJob::Alias(_) => false,
            },
            Job::File(_) => false,
        }
    }
}

impl<'a> Plan<'a> {
    /// Every file of the site but the aggregates (see [`Plan::aggregate_jobs`]), in a stable
    /// order; a statement's page and its plain text are next to each other, so that one read of
    /// its body serves both.
    pub(super) fn job_list(&self) -> Vec<Job> {
        let archive = self.archive;
        let page = Job::Page;
        let mut jobs: Vec<Job> = Vec::with_capacity(archive.statements.len() * 2 + 1024);
        for i in 0..archive.statements.len() {
            jobs.extend([page(PageJob::Statement(i)), Job::File(FileJob::StatementText(i))]);
        }
        // Source files named in statements need not exist; those that do are published.
        for (i, _) in self.views.published.iter().enumerate().filter(|(_, published)| **published) {
            jobs.extend([page(PageJob::Source(i)), Job::File(FileJob::SourceRaw(i))]);
        }
        jobs.extend((1..=self.page_count(archive.statements.len())).map(|page| Job::Page(PageJob::Home { page })));
        for (t, taxonomy) in archive.taxonomies.iter().enumerate() {
            jobs.push(page(PageJob::TaxonomyIndex(t)));
            for (i, term) in taxonomy.terms.iter().enumerate() {
                jobs.extend((1..=self.page_count(term.statements.len())).map(|page| Job::Page(PageJob::Term { taxonomy: t, term: i, page })));
            }
        }
        if archive.config.feeds {
            jobs.push(page(PageJob::Feed));
            for (t, taxonomy) in archive.taxonomies.iter().enumerate().filter(|(_, t)| t.kind == TaxonomyKind::Topics) {
                jobs.extend((0..taxonomy.terms.len()).map(|i| Job::Page(PageJob::TermFeed { taxonomy: t, term: i })));
            }
        }
        jobs.push(page(PageJob::Timeline));
        for (y, year) in archive.timeline.years.iter().enumerate() {
            jobs.push(page(PageJob::Year(y)));
            jobs.extend((0..year.months.len()).map(|month| Job::Page(PageJob::Month { year: y, month })));
        }
        if !archive.timeline.undated.is_empty() {
            jobs.extend((1..=self.page_count(archive.timeline.undated.len())).map(|page| Job::Page(PageJob::Undated { page })));
        }
        jobs.extend((0..archive.pages.len()).map(|p| page(PageJob::Page(p))));
        if !archive.notes.is_empty() {
            jobs.push(page(PageJob::Notes));
            jobs.extend((0..archive.notes.len()).map(|n| page(PageJob::Note(n))));
        }
        if archive.config.search {
            jobs.push(page(PageJob::Search));
        }
        jobs.extend([page(PageJob::NotFound), page(PageJob::Robots)]);
        jobs.extend((0..archive.aliases.len()).map(|a| page(PageJob::Alias(a))));
        let html_pages = jobs.iter().filter(|job| job.in_sitemap()).count();
        jobs.push(page(PageJob::Sitemap));
        if html_pages > SITEMAP_LIMIT {
            jobs.extend((1..=html_pages.div_ceil(SITEMAP_LIMIT)).map(|n| page(PageJob::SitemapPart(n))));
        }
        jobs.extend((0..self.theme.static_files.len()).map(|i| Job::File(FileJob::Static(i))));
        jobs.push(Job::File(FileJob::SyntaxCss));
        jobs
    }

    /// Absolute URLs of every page the sitemap lists.
    pub(super) fn sitemap_urls(&self) -> &[String] {
        self.sitemap.get_or_init(|| {
            self.jobs.iter().filter(|job| job.in_sitemap()).map(|&job| self.archive.config.absolute_url(&self.route(job).path())).collect()
        })
    }

    pub fn route(&self, job: Job) -> Route<'a> {
        let archive = self.archive;
        match job {
            Job::Page(page) => match page {
                PageJob::Statement(i) => Route::Statement { slug: &archive.statements[i].slug },
                PageJob::Home { page } => Route::Home { page },
                PageJob::TaxonomyIndex(t) => Route::TaxonomyIndex { kind: archive.taxonomies[t].kind },
                PageJob::Term { taxonomy, term, page } => {
                    let tax = &archive.taxonomies[taxonomy];
                    Route::Term { kind: tax.kind, slug: &tax.terms[term].slug, page }
                }
                PageJob::TermFeed { taxonomy, term } => {
                    let tax = &archive.taxonomies[taxonomy];
                    Route::TermFeed { kind: tax.kind, slug: &tax.terms[term].slug }
                }
                PageJob::Feed => Route::Feed,
                PageJob::Timeline => Route::Timeline,
                PageJob::Year(y) => Route::Year { year: archive.timeline.years[y].year },
                PageJob::Month { year, month } => {
                    let y = &archive.timeline.years[year];
                    Route::Month { year: y.year, month: y.months[month].month }
                }
                PageJob::Undated { page } => Route::Undated { page },
                PageJob::Page(p) => Route::Page { slug: &archive.pages[p].slug },
                PageJob::Notes => Route::Notes,
                PageJob::Note(n) => Route::Note { slug: &archive.notes[n].slug },
                PageJob::Search => Route::Search,
                PageJob::NotFound => Route::NotFound,
                PageJob::Robots => Route::Robots,
                PageJob::Sitemap => Route::Sitemap,
                PageJob::SitemapPart(number) => Route::SitemapPart { number },
                PageJob::Source(i) => Route::Source { name: &archive.sources[i].1 },
                PageJob::Alias(a) => Route::Alias { path: &archive.aliases[a].path },
            },
            Job::File(file) => match file {
                FileJob::StatementText(i) => Route::StatementText { slug: &archive.statements[i].slug },
                FileJob::SourceRaw(i) => Route::SourceRaw { name: &archive.sources[i].1 },
                FileJob::Data(data) => Route::Data { file: data.name() },
                FileJob::Static(i) => Route::Asset { name: self.static_file(i).0 },
                FileJob::SyntaxCss => Route::Asset { name: "syntax.css" },
                FileJob::Search(file) => Route::SearchIndex { file },
            },
        }
    }

    /// The content file a job publishes under its own URL: a statement's, note's or page's.
    pub fn owner(&self, job: Job) -> Option<&'a Path> {
        let archive = self.archive;
        match job {
            Job::Page(page) => match page {
                PageJob::Statement(i) => Some(&archive.statements[i].path),
                PageJob::Page(p) => Some(&archive.pages[p].path),
                PageJob::Note(n) => Some(&archive.notes[n].path),
                PageJob::Home { .. }
                | PageJob::TaxonomyIndex(_)
                | PageJob::Term { .. }
                | PageJob::TermFeed { .. }
                | PageJob::Feed
                | PageJob::Timeline
                | PageJob::Year(_)
                | PageJob::Month { .. }
                | PageJob::Undated { .. }
                | PageJob::Notes
                | PageJob::Search
                | PageJob::NotFound
                | PageJob::Robots
                | PageJob::Sitemap
                | PageJob::SitemapPart(_)
                | PageJob::Source(_)
                | PageJob::Alias(_) => None,
            },
            Job::File(_) => None,
        }
    }

    /// The job's key (see the module's note).
    pub fn key(&self, job: Job) -> Result<Keyed, Vec<Problem>> {
        match job {
            Job::Page(page) => {
                let route = self.route(job);
                let mut keying = Keying(Hasher::new("page"));
                keying.0.fingerprint(self.base_key);
                self.insert_urls(&mut keying, &route);
                let template = self.fill(page, &mut keying)?;
                keying.0.text(template).fingerprint(self.theme.template_key(template));
                Ok(Keyed::Key(keying.0.finish()))
            }
            Job::File(file) => match file {
                FileJob::StatementText(i) => {
                    let mut hasher = Hasher::new("statement text");
                    hasher.fingerprint(fingerprint::of_this_program()).text(&export::text_header(self, i));
                    hasher.fingerprint(self.views.statement_record(i).body.hash);
                    Ok(Keyed::Key(hasher.finish()))
                }
                FileJob::Data(DataFile::Json | DataFile::Csv) => {
                    // A row is made of its statement's id and front matter and the site's
                    // address (in the base key): hashing those, in order, is cheaper than
                    // making the rows, let alone the tens of megabytes written from them.
                    let mut hasher = Hasher::new("data");
                    hasher.fingerprint(self.base_key).text(&self.route(job).path());
                    for statement in &self.archive.statements {
                        hasher.text(&statement.id).text(&statement.head);
                    }
                    Ok(Keyed::Key(hasher.finish()))
                }
                FileJob::Search(search::SearchFile::Words(shard)) => {
                    Ok(Keyed::Key(Hasher::new("search").fingerprint(fingerprint::of_this_program()).fingerprint(self.search_index().shard_key(shard)).finish()))
                }
                FileJob::Search(search::SearchFile::Records(chunk)) => {
                    // The date shown and the links are made with the site's view and translations.
                    Ok(Keyed::Key(Hasher::new("search records").fingerprint(self.base_key).fingerprint(search::records_key(self.archive, chunk)).finish()))
                }
                FileJob::SourceRaw(_)
                | FileJob::Data(DataFile::Package)
                | FileJob::Static(_)
                | FileJob::SyntaxCss
                | FileJob::Search(search::SearchFile::Meta | search::SearchFile::FacetPart(_) | search::SearchFile::FilterValue(..)) => {
                    let bytes = self.render_file(file)?;
                    let key = Hasher::new("file").fingerprint(fingerprint::of_this_program()).bytes(&bytes).finish();
                    Ok(Keyed::Made(key, bytes))
                }
            },
        }
    }

    /// The job's file.
    pub fn render(&self, job: Job) -> Result<Vec<u8>, Vec<Problem>> {
        match job {
            Job::Page(page) => {
                let route = self.route(job);
                let mut rendering = Rendering(self.base.clone());
                self.insert_urls(&mut rendering, &route);
                let template = self.fill(page, &mut rendering)?;
                self.render_template(template, &rendering.0).map(String::into_bytes).map_err(|p| vec![p])
            }
            Job::File(file) => self.render_file(file),
        }
    }

    fn render_file(&self, file: FileJob) -> Result<Vec<u8>, Vec<Problem>> {
        let archive = self.archive;
        match file {
            FileJob::StatementText(i) => {
                let body = self.read_body(i).map_err(|p| vec![p])?;
                Ok(format!("{}{}", export::text_header(self, i), markdown::to_text(&body)).into_bytes())
            }
            FileJob::SourceRaw(i) => self.read_source(i).map(String::into_bytes).map_err(|p| vec![p]),
            FileJob::Data(DataFile::Json) => Ok(export::json(archive).into_bytes()),
            FileJob::Data(DataFile::Csv) => Ok(export::csv(archive).into_bytes()),
            FileJob::Data(DataFile::Package) => Ok(export::datapackage(archive).into_bytes()),
            FileJob::Static(i) => Ok(self.static_file(i).1.to_vec()),
            FileJob::SyntaxCss => Ok(markdown::highlight_css().as_bytes().to_vec()),
            FileJob::Search(file) => Ok(self.search_index().file(archive, self.views.words, file).into_bytes()),
        }
    }

    fn insert_urls<'p, M: Mode<'p>>(&self, mode: &mut M, route: &Route) {
        let path = route.path();
        mode.insert("current_url", &self.archive.config.url_path(&path));
        mode.insert("canonical_url", &self.archive.config.absolute_url(&path));
    }

    /// Fills the template's values for a page; returns the template's name.
    fn fill<M: Mode<'a>>(&self, page: PageJob, mode: &mut M) -> Result<&'static str, Vec<Problem>> {
        let archive = self.archive;
        Ok(match page {
            PageJob::Statement(i) => self.fill_statement(mode, i)?,
            PageJob::Home { page } => self.fill_home(mode, page)?,
            PageJob::TaxonomyIndex(t) => self.fill_taxonomy(mode, t),
            PageJob::Term { taxonomy, term, page } => self.fill_term(mode, taxonomy, term, page)?,
            PageJob::TermFeed { taxonomy, term } => self.fill_term_feed(mode, taxonomy, term)?,
            PageJob::Feed => self.fill_main_feed(mode)?,
            PageJob::Timeline => self.fill_timeline(mode),
            PageJob::Year(y) => self.fill_year(mode, y)?,
            PageJob::Month { year, month } => self.fill_month(mode, year, month)?,
            PageJob::Undated { page } => {
                self.paginate(mode, &archive.timeline.undated, page, |page| Route::Undated { page })?;
                "timeline_undated.html"
            }
            PageJob::Page(p) => self.fill_page(mode, p)?,
            PageJob::Notes => self.fill_notes(mode),
            PageJob::Note(n) => self.fill_note(mode, n)?,
            PageJob::Search => self.fill_search(mode),
            PageJob::NotFound => "404.html",
            PageJob::Robots => {
                mode.insert("sitemap_url", &archive.config.absolute_url(&Route::Sitemap.path()));
                "robots.txt"
            }
            PageJob::Sitemap => self.fill_sitemap(mode),
            PageJob::SitemapPart(number) => self.fill_sitemap_part(mode, number),
            PageJob::Source(i) => self.fill_source(mode, i)?,
            PageJob::Alias(a) => {
                let route = match archive.aliases[a].target {
                    AliasTarget::Statement(i) => Route::Statement { slug: &archive.statements[i].slug },
                    AliasTarget::Note(n) => Route::Note { slug: &archive.notes[n].slug },
                    AliasTarget::Page(p) => Route::Page { slug: &archive.pages[p].slug },
                };
                let path = route.path();
                mode.insert("alias", &super::view::AliasView { permalink: archive.config.absolute_url(&path), url: archive.config.url_path(&path) });
                "alias.html"
            }
        })
    }
}

/// Whether a site file is made by an aggregate job (see [`Scope::Aggregate`]): the data files
/// (`Route::Data`) and the search index (`Route::SearchIndex`).
pub fn is_aggregate_file(path: &str) -> bool {
    path.starts_with("data/") || search::is_index_file(path)
}
