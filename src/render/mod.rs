//! The archive → the files of the site.
//!
//! Rendering is a flat list of [`Job`]s, one per output file, run in parallel. Each statement's
//! list entry is rendered once (`partials/item.html`) and reused on every list it appears on,
//! so a list page costs what it shows, never what its term holds. Statement bodies are read
//! and turned into HTML only for the statement's own page (and the few feed entries).

mod chart;
pub mod export;
pub mod routes;
pub mod search;
pub mod shortcodes;
pub mod theme;
pub mod view;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;

use chrono::Datelike;
use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::error::{Problem, Problems};
use crate::markdown::{self, Trust};
use crate::output::Sink;
use crate::site::{Archive, TaxonomyKind};
use routes::Route;
pub use theme::Theme;
use view::{month_name, Paginator, Views};

/// URLs per sitemap file: the sitemap protocol's limit.
const SITEMAP_LIMIT: usize = 50_000;

/// One output file to render.
#[derive(Debug, Clone, Copy)]
enum Job {
    Statement(usize),
    Home { page: usize },
    TaxonomyIndex(usize),
    Term { taxonomy: usize, term: usize, page: usize },
    TermFeed { taxonomy: usize, term: usize },
    Timeline,
    Search,
    Year(usize),
    Month { year: usize, month: usize },
    Undated { page: usize },
    Page(usize),
    Notes,
    Note(usize),
    Feed,
    NotFound,
    Sitemap,
    SitemapPart(usize),
    Robots,
    StatementText(usize),
    /// The page and the raw copy of `Archive::sources[i]`.
    Source(usize),
    SourceRaw(usize),
    /// `statements.json`, `statements.csv` or `datapackage.json`.
    Data(&'static str),
}

/// Renders the whole site into `sink`; returns the number of files written. `on_total` hears
/// how many pages there are to render, `on_file` each one rendered.
pub fn render(
    archive: &Archive,
    root: &Path,
    theme: &Theme,
    sink: &dyn Sink,
    on_total: &dyn Fn(usize),
    on_file: &(dyn Fn() + Sync),
) -> Result<usize, Problems> {
    let renderer = Renderer::new(archive, root, theme);
    let jobs = renderer.jobs();
    on_total(jobs.len());
    let items = renderer.items()?;
    let renderer = renderer.ready(&jobs, items);
    let problems = Mutex::new(BTreeSet::new());
    jobs.par_iter().for_each(|job| {
        if let Err(found) = renderer.run(*job, sink) {
            problems.lock().expect("no panics while holding the lock").extend(found);
        }
        on_file();
    });
    let problems: Vec<Problem> = problems.into_inner().expect("lock not poisoned").into_iter().collect();
    if !problems.is_empty() {
        // The index would report the same unreadable files again; the build fails anyway.
        return Err(Problems(problems));
    }
    let mut written = jobs.len();
    for (file, text) in search_index(archive, root)? {
        sink.write(&file, text.as_bytes()).map_err(|e| Problems(vec![Problem::in_file(&file, format!("cannot write: {e}"))]))?;
        written += 1;
    }
    for (name, bytes) in &theme.static_files {
        sink.write(name, bytes).map_err(|e| Problems(vec![Problem::in_file(name, format!("cannot write: {e}"))]))?;
        written += 1;
    }
    sink.write("syntax.css", markdown::highlight_css().as_bytes())
        .map_err(|e| Problems(vec![Problem::in_file("syntax.css", format!("cannot write: {e}"))]))?;
    written += 1;
    Ok(written)
}

/// Re-renders the pages of the given statements, and the feeds (which carry the newest
/// statements' text): what an edit to statement bodies alone changes.
pub fn render_statements(archive: &Archive, root: &Path, theme: &Theme, sink: &dyn Sink, indices: &[usize]) -> Result<usize, Problems> {
    let renderer = Renderer::new(archive, root, theme);
    let jobs: Vec<Job> = indices.iter().map(|&i| Job::Statement(i)).chain(renderer.feed_jobs()).collect();
    let problems: Vec<Problem> = jobs.par_iter().filter_map(|job| renderer.run(*job, sink).err()).flatten().collect();
    Problems(problems).into_result(jobs.len())
}

/// The files of the search index, by output path (none when `search = false`). Apart from
/// the pages: `serve` renders it off the edit path.
pub fn search_index(archive: &Archive, root: &Path) -> Result<Vec<(String, String)>, Problems> {
    if !archive.config.search {
        return Ok(Vec::new());
    }
    search::build(archive, root)
}

/// What earlier renders produced, so that `serve` renders only what changed.
#[derive(Default)]
pub struct RenderCache {
    /// List entries by the hash of their view.
    items: HashMap<u64, String>,
    /// Each page with the hash of the context it was rendered from.
    pages: HashMap<String, u64>,
}

/// Renders into `delta` the pages whose inputs changed since `cache` was filled (every page
/// the first time), without the search index (see [`search_index`]). A page's inputs are its
/// template and context (a statement page's without its body: `changed` names the statements
/// whose text changed, whose pages are rendered whatever else). Returns the number of files
/// written and every file the site now has; on a problem the cache is emptied, so that the
/// next call renders everything.
pub fn render_changed(
    archive: &Archive,
    root: &Path,
    theme: &Theme,
    delta: &crate::output::Memory,
    cache: &mut RenderCache,
    changed: &HashSet<String>,
) -> Result<(usize, HashSet<String>), Problems> {
    let site = delta;
    let renderer = Renderer::new(archive, root, theme);
    let jobs = renderer.jobs();
    let (items, item_keys) = renderer.items_reusing(&cache.items)?;
    let renderer = renderer.ready(&jobs, items);
    let base = hash_of(&renderer.base.clone().into_json().to_string());
    let outcomes: Vec<Result<(String, u64, bool), Vec<Problem>>> = jobs
        .par_iter()
        .map(|&job| {
            let file = renderer.route(job).file();
            if let Job::Data(_) = job {
                let text = renderer.direct(job).expect("data files are made directly")?;
                let key = hash_of(&text);
                let render = cache.pages.get(&file) != Some(&key);
                if render {
                    site.write(&file, text.as_bytes()).map_err(|e| vec![Problem::in_file(&file, format!("cannot write: {e}"))])?;
                }
                return Ok((file, key, render));
            }
            if let Job::Statement(i) | Job::StatementText(i) = job {
                // The body is read and rendered only if the page is rendered.
                let view = serde_json::to_string(&renderer.views.statement(i, String::new())).unwrap_or_default();
                let key = hash_of(&(base, theme.template_key("statement.html"), view, matches!(job, Job::StatementText(_))));
                let forced = changed.contains(&archive.statements[i].id);
                let render = forced || cache.pages.get(&file) != Some(&key);
                if render {
                    renderer.run(job, site)?;
                }
                return Ok((file, key, render));
            }
            let (template, context) = renderer.prepare(job)?;
            let key = hash_of(&(theme.template_key(template), context.clone().into_json().to_string()));
            let render = cache.pages.get(&file) != Some(&key);
            if render {
                renderer.finish(job, template, &context, site)?;
            }
            Ok((file, key, render))
        })
        .collect();
    let mut problems = Problems::default();
    let mut pages = HashMap::with_capacity(outcomes.len());
    let mut written = 0;
    for outcome in outcomes {
        match outcome {
            Ok((file, key, rendered)) => {
                written += usize::from(rendered);
                pages.insert(file, key);
            }
            Err(found) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        // Half of this render may be in `site` already; the next one must redo it all.
        *cache = RenderCache::default();
        return Err(problems);
    }
    let mut keep: HashSet<String> = pages.keys().cloned().collect();
    keep.extend(theme.static_files.keys().cloned());
    keep.insert("syntax.css".into());
    if cache.pages.is_empty() {
        for (name, bytes) in &theme.static_files {
            site.write(name, bytes).map_err(|e| Problems(vec![Problem::in_file(name, format!("cannot write: {e}"))]))?;
        }
        site.write("syntax.css", markdown::highlight_css().as_bytes()).map_err(|e| Problems(vec![Problem::in_file("syntax.css", e.to_string())]))?;
    }
    cache.items = renderer.items.into_iter().zip(item_keys).map(|(html, key)| (key, html)).collect();
    cache.pages = pages;
    Ok((written, keep))
}

fn hash_of(value: &impl std::hash::Hash) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(value)
}

struct Renderer<'a> {
    archive: &'a Archive,
    root: &'a Path,
    theme: &'a Theme,
    views: Views<'a>,
    base: Context,
    /// Each statement's list entry, rendered once.
    items: Vec<String>,
    /// 0..n: the home list, as a slice like every other list.
    everything: Vec<usize>,
    /// Absolute URLs of every HTML page, for the sitemap.
    sitemap: Vec<String>,
}

impl<'a> Renderer<'a> {
    fn new(archive: &'a Archive, root: &'a Path, theme: &'a Theme) -> Renderer<'a> {
        let views = Views::new(archive, root);
        let mut base = Context::new();
        base.insert("site", &views.site());
        let everything = (0..archive.statements.len()).collect();
        Renderer { archive, root, theme, views, base, items: Vec::new(), everything, sitemap: Vec::new() }
    }

    fn per_page(&self) -> usize {
        self.archive.config.paginate_by
    }

    fn page_count(&self, len: usize) -> usize {
        len.div_ceil(self.per_page()).max(1)
    }

    fn jobs(&self) -> Vec<Job> {
        let archive = self.archive;
        let mut jobs: Vec<Job> = (0..archive.statements.len()).map(Job::Statement).collect();
        jobs.extend((0..archive.statements.len()).map(Job::StatementText));
        jobs.extend(["statements.json", "statements.csv", "datapackage.json"].map(Job::Data));
        // Source files named in statements need not exist; those that do are published.
        for (i, _) in self.views.published.iter().enumerate().filter(|(_, published)| **published) {
            jobs.extend([Job::Source(i), Job::SourceRaw(i)]);
        }
        jobs.extend((1..=self.page_count(archive.statements.len())).map(|page| Job::Home { page }));
        for (t, taxonomy) in archive.taxonomies.iter().enumerate() {
            jobs.push(Job::TaxonomyIndex(t));
            for (i, term) in taxonomy.terms.iter().enumerate() {
                jobs.extend((1..=self.page_count(term.statements.len())).map(|page| Job::Term { taxonomy: t, term: i, page }));
            }
        }
        jobs.extend(self.feed_jobs());
        jobs.push(Job::Timeline);
        for (y, year) in archive.timeline.years.iter().enumerate() {
            jobs.push(Job::Year(y));
            jobs.extend((0..year.months.len()).map(|month| Job::Month { year: y, month }));
        }
        if !archive.timeline.undated.is_empty() {
            jobs.extend((1..=self.page_count(archive.timeline.undated.len())).map(|page| Job::Undated { page }));
        }
        jobs.extend((0..archive.pages.len()).map(Job::Page));
        if !archive.notes.is_empty() {
            jobs.push(Job::Notes);
            jobs.extend((0..archive.notes.len()).map(Job::Note));
        }
        if archive.config.search {
            jobs.push(Job::Search);
        }
        jobs.push(Job::NotFound);
        jobs.push(Job::Robots);
        let html_pages = jobs.iter().filter(|j| Self::is_sitemap_entry(j)).count();
        jobs.push(Job::Sitemap);
        if html_pages > SITEMAP_LIMIT {
            jobs.extend((1..=html_pages.div_ceil(SITEMAP_LIMIT)).map(Job::SitemapPart));
        }
        jobs
    }

    /// With every list entry rendered and the sitemap known: ready for any page of `jobs`.
    fn ready(self, jobs: &[Job], items: Vec<String>) -> Renderer<'a> {
        let sitemap = jobs
            .iter()
            .filter(|job| Renderer::is_sitemap_entry(job))
            .map(|&job| self.archive.config.absolute_url(&self.route(job).path()))
            .collect();
        Renderer { items, sitemap, ..self }
    }

    /// The text of a source dump (read again for each of its two files: dumps can be large).
    fn read_source(&self, index: usize) -> Result<String, Problem> {
        let file = &self.archive.sources[index].0;
        crate::fs::read_text(&self.root.join(file)).map_err(|e| Problem::in_file(file, format!("cannot publish this source: {e}")))
    }

    /// The main feed and one per topic, when feeds are on.
    fn feed_jobs(&self) -> Vec<Job> {
        let archive = self.archive;
        if !archive.config.feeds {
            return Vec::new();
        }
        let topics = archive.taxonomies.iter().enumerate().filter(|(_, t)| t.kind == TaxonomyKind::Topics);
        let per_topic = topics.flat_map(|(t, taxonomy)| (0..taxonomy.terms.len()).map(move |i| Job::TermFeed { taxonomy: t, term: i }));
        std::iter::once(Job::Feed).chain(per_topic).collect()
    }

    fn is_sitemap_entry(job: &Job) -> bool {
        !matches!(job, Job::TermFeed { .. } | Job::Feed | Job::NotFound | Job::Sitemap | Job::SitemapPart(_) | Job::Robots | Job::StatementText(_) | Job::Data(_) | Job::SourceRaw(_))
    }

    /// Renders every statement's list entry.
    fn items(&self) -> Result<Vec<String>, Problems> {
        self.items_reusing(&HashMap::new()).map(|(items, _)| items)
    }

    /// Renders every statement's list entry, taking those whose view is unchanged from
    /// `known` (by the hash of the view); returns them with their hashes.
    fn items_reusing(&self, known: &HashMap<u64, String>) -> Result<(Vec<String>, Vec<u64>), Problems> {
        let template = self.theme.template_key("partials/item.html");
        let results: Vec<Result<(String, u64), Problem>> = (0..self.archive.statements.len())
            .into_par_iter()
            .map(|i| {
                let item = self.views.item(i);
                let key = hash_of(&(template, serde_json::to_string(&item).unwrap_or_default()));
                if let Some(html) = known.get(&key) {
                    return Ok((html.clone(), key));
                }
                let mut context = self.base.clone();
                context.insert("item", &item);
                self.render_template("partials/item.html", &context).map(|html| (html, key))
            })
            .collect();
        let mut keys = Vec::with_capacity(results.len());
        let results: Vec<Result<String, Problem>> = results
            .into_iter()
            .map(|r| r.map(|(html, key)| {
                keys.push(key);
                html
            }))
            .collect();
        let mut problems = Problems::default();
        let mut items = Vec::with_capacity(results.len());
        for result in results {
            match result {
                Ok(mut html) => {
                    // Tera renders into a generous buffer; 100k of them would hold it all.
                    html.shrink_to_fit();
                    items.push(html);
                }
                Err(problem) => {
                    if problems.is_empty() {
                        problems.push(problem);
                    }
                }
            }
        }
        problems.into_result((items, keys))
    }

    fn route(&self, job: Job) -> Route<'a> {
        let archive = self.archive;
        match job {
            Job::Statement(i) => Route::Statement { slug: &archive.statements[i].slug },
            Job::Home { page } => Route::Home { page },
            Job::TaxonomyIndex(t) => Route::TaxonomyIndex { kind: archive.taxonomies[t].kind },
            Job::Term { taxonomy, term, page } => {
                let tax = &archive.taxonomies[taxonomy];
                Route::Term { kind: tax.kind, slug: &tax.terms[term].slug, page }
            }
            Job::TermFeed { taxonomy, term } => {
                let tax = &archive.taxonomies[taxonomy];
                Route::TermFeed { kind: tax.kind, slug: &tax.terms[term].slug }
            }
            Job::Timeline => Route::Timeline,
            Job::Search => Route::Search,
            Job::Year(y) => Route::Year { year: archive.timeline.years[y].year },
            Job::Month { year, month } => {
                let y = &archive.timeline.years[year];
                Route::Month { year: y.year, month: y.months[month].month }
            }
            Job::Undated { page } => Route::Undated { page },
            Job::Page(p) => Route::Page { slug: &archive.pages[p].slug },
            Job::Notes => Route::Notes,
            Job::Note(n) => Route::Note { slug: &archive.notes[n].slug },
            Job::Feed => Route::Feed,
            Job::NotFound => Route::NotFound,
            Job::Sitemap => Route::Sitemap,
            Job::SitemapPart(number) => Route::SitemapPart { number },
            Job::Robots => Route::Robots,
            Job::StatementText(i) => Route::StatementText { slug: &archive.statements[i].slug },
            Job::Data(file) => Route::Data { file },
            Job::Source(i) => Route::Source { name: &archive.sources[i].1 },
            Job::SourceRaw(i) => Route::SourceRaw { name: &archive.sources[i].1 },
        }
    }

    fn run(&self, job: Job, sink: &dyn Sink) -> Result<(), Vec<Problem>> {
        if let Some(bytes) = self.direct(job) {
            let file = self.route(job).file();
            return sink.write(&file, bytes?.as_bytes()).map_err(|e| vec![Problem::in_file(&file, format!("cannot write: {e}"))]);
        }
        let (template, context) = self.prepare(job)?;
        self.finish(job, template, &context, sink)
    }

    /// The files made in Rust rather than from a template: data and plain text.
    fn direct(&self, job: Job) -> Option<Result<String, Vec<Problem>>> {
        let archive = self.archive;
        Some(match job {
            Job::StatementText(i) => {
                let statement = &archive.statements[i];
                statement
                    .read_body(self.root)
                    .map(|body| export::text(archive, i, &markdown::to_text(&body)))
                    .map_err(|e| vec![Problem::in_file(&statement.path, e.to_string())])
            }
            Job::SourceRaw(i) => self.read_source(i).map_err(|p| vec![p]),
            Job::Data("statements.json") => Ok(export::json(archive)),
            Job::Data("statements.csv") => Ok(export::csv(archive)),
            Job::Data(_) => Ok(export::datapackage(archive)),
            _ => return None,
        })
    }

    /// The template and context of a job's page.
    fn prepare(&self, job: Job) -> Result<(&'static str, Context), Vec<Problem>> {
        let path = self.route(job).path();
        let mut context = self.base.clone();
        context.insert("current_url", &self.archive.config.url_path(&path));
        context.insert("canonical_url", &self.archive.config.absolute_url(&path));
        let template = self.fill(job, &mut context)?;
        Ok((template, context))
    }

    fn finish(&self, job: Job, template: &str, context: &Context, sink: &dyn Sink) -> Result<(), Vec<Problem>> {
        let html = self.render_template(template, context).map_err(|p| vec![p])?;
        let file = self.route(job).file();
        sink.write(&file, html.as_bytes()).map_err(|e| vec![Problem::in_file(&file, format!("cannot write: {e}"))])
    }

    /// Markdown → HTML with shortcodes expanded; `first_line` is the line of `path` where
    /// `text` starts, for problems.
    fn markdown(&self, text: &str, trust: Trust, path: &Path, first_line: usize) -> Result<String, Vec<Problem>> {
        let expanded = shortcodes::expand(text, path, first_line, |code| self.shortcode(code))?;
        Ok(expanded.finish(markdown::to_html(&expanded.markdown, trust)))
    }

    fn shortcode(&self, code: &shortcodes::Shortcode) -> Result<String, String> {
        let (shortcodes::Shortcode::Card { id } | shortcodes::Shortcode::Link { id }) = code;
        let index = self.archive.statement_index(id).ok_or_else(|| format!("no statement has the id {id:?}"))?;
        match code {
            shortcodes::Shortcode::Link { .. } => {
                let link = self.views.link(index);
                Ok(format!("<a class=\"statement-link\" href=\"{}\">{}</a>", theme::escape_html(&link.url), theme::escape_html(link.title)))
            }
            shortcodes::Shortcode::Card { .. } => {
                let mut context = self.base.clone();
                context.insert("card", &self.views.item(index));
                self.render_template("partials/statement_card.html", &context).map_err(|p| p.message)
            }
        }
    }

    fn render_template(&self, name: &str, context: &Context) -> Result<String, Problem> {
        self.theme.tera.render(name, context).map_err(|err| {
            Problem::in_file(format!("templates/{name}"), theme::error_chain(&err))
        })
    }

    fn list_items(&self, indices: &[usize]) -> Vec<&str> {
        indices.iter().map(|&i| self.items[i].as_str()).collect()
    }

    /// One page of a list: its items and paginator.
    fn paginate(&self, context: &mut Context, all: &[usize], page: usize, route_of: impl Fn(usize) -> Route<'a>) {
        let per_page = self.per_page();
        let start = (page - 1) * per_page;
        let shown = &all[start.min(all.len())..(start + per_page).min(all.len())];
        context.insert("items", &self.list_items(shown));
        context.insert("paginator", &Paginator::new(page, self.page_count(all.len()), all.len(), |n| self.views.url(&route_of(n))));
    }

    /// Puts the job's data in the context; returns the template to render.
    fn fill(&self, job: Job, context: &mut Context) -> Result<&'static str, Vec<Problem>> {
        let archive = self.archive;
        let views = &self.views;
        Ok(match job {
            Job::Statement(i) => {
                let statement = &archive.statements[i];
                let body = statement.read_body(self.root).map_err(|e| vec![Problem::in_file(&statement.path, e.to_string())])?;
                let html = self.markdown(&body, Trust::Untrusted, &statement.path, statement.body_line)?;
                context.insert("statement", &views.statement(i, html));
                "statement.html"
            }
            Job::Home { page } => {
                self.paginate(context, &self.everything, page, |page| Route::Home { page });
                context.insert("years", &self.year_links());
                context.insert("undated", &self.undated_link());
                context.insert("topics", &self.term_links(archive.taxonomy(TaxonomyKind::Topics)));
                context.insert("kinds", &self.term_links(archive.taxonomy(TaxonomyKind::Kinds)));
                "index.html"
            }
            Job::TaxonomyIndex(t) => {
                let taxonomy = &archive.taxonomies[t];
                context.insert("taxonomy", &self.taxonomy_view(taxonomy));
                context.insert("terms", &self.term_links(taxonomy));
                "taxonomy.html"
            }
            Job::Term { taxonomy, term, page } => {
                let tax = &archive.taxonomies[taxonomy];
                let t = &tax.terms[term];
                context.insert("taxonomy", &self.taxonomy_view(tax));
                context.insert("term", &self.term_view(tax, t));
                self.paginate(context, &t.statements, page, |page| Route::Term { kind: tax.kind, slug: &t.slug, page });
                "term.html"
            }
            Job::TermFeed { taxonomy, term } => {
                let tax = &archive.taxonomies[taxonomy];
                let t = &tax.terms[term];
                let page = Route::Term { kind: tax.kind, slug: &t.slug, page: 1 };
                let feed = Route::TermFeed { kind: tax.kind, slug: &t.slug };
                self.fill_feed(context, &format!("{} — {}", archive.config.title, t.name), &page, &feed, &t.statements, false)?;
                "atom.xml"
            }
            Job::Feed => {
                self.fill_feed(context, &archive.config.title, &Route::Home { page: 1 }, &Route::Feed, &self.everything, true)?;
                "atom.xml"
            }
            Job::Timeline => {
                context.insert("years", &self.timeline_years());
                context.insert("years_chart", &self.years_chart());
                context.insert("undated", &self.undated_link());
                "timeline.html"
            }
            Job::Year(y) => {
                self.fill_year(context, y);
                "timeline_year.html"
            }
            Job::Month { year, month } => {
                self.fill_month(context, year, month);
                "timeline_month.html"
            }
            Job::Undated { page } => {
                self.paginate(context, &archive.timeline.undated, page, |page| Route::Undated { page });
                "timeline_undated.html"
            }
            Job::Page(p) => {
                let page = &archive.pages[p];
                context.insert("page", &PageView {
                    title: &page.title,
                    description: page.description.as_deref(),
                    body: self.markdown(&page.body, Trust::Trusted, &page.path, page.body_line)?,
                    extra: &page.extra,
                });
                "page.html"
            }
            Job::Notes => {
                context.insert("notes", &(0..archive.notes.len()).map(|n| views.note_link(n)).collect::<Vec<_>>());
                "notes.html"
            }
            Job::Note(n) => {
                let note = &archive.notes[n];
                let body = self.markdown(&note.body, Trust::Trusted, &note.path, note.body_line)?;
                context.insert("note", &views.note(n, body));
                "note.html"
            }
            Job::Search => "search.html",
            Job::NotFound => "404.html",
            Job::StatementText(_) | Job::Data(_) | Job::SourceRaw(_) => unreachable!("made by `direct`, not from a template"),
            Job::Source(i) => {
                let text = self.read_source(i).map_err(|p| vec![p])?;
                let lines: Vec<SourceLine> = text.split('\n').enumerate().map(|(n, line)| SourceLine { number: n + 1, text: line.trim_end_matches('\r') }).collect();
                let (file, name) = &archive.sources[i];
                context.insert("source", &SourcePage { file, raw_url: views.url(&Route::SourceRaw { name }), lines });
                "source.html"
            }
            Job::Robots => {
                context.insert("sitemap_url", &archive.config.absolute_url(&Route::Sitemap.path()));
                "robots.txt"
            }
            Job::Sitemap => {
                let urls = &self.sitemap;
                if urls.len() > SITEMAP_LIMIT {
                    let parts: Vec<String> = (1..=urls.len().div_ceil(SITEMAP_LIMIT))
                        .map(|number| archive.config.absolute_url(&Route::SitemapPart { number }.path()))
                        .collect();
                    context.insert("sitemaps", &parts);
                    "sitemap_index.xml"
                } else {
                    context.insert("urls", urls);
                    "sitemap.xml"
                }
            }
            Job::SitemapPart(number) => {
                let urls = &self.sitemap;
                let start = (number - 1) * SITEMAP_LIMIT;
                context.insert("urls", &urls[start.min(urls.len())..(start + SITEMAP_LIMIT).min(urls.len())]);
                "sitemap.xml"
            }
        })
    }

    /// A feed of the newest dated statements among `statements`, and of the newest notes too
    /// when `with_notes`.
    fn fill_feed(&self, context: &mut Context, title: &str, page: &Route, feed: &Route, statements: &[usize], with_notes: bool) -> Result<(), Vec<Problem>> {
        let config = &self.archive.config;
        let limit = config.feed_limit;
        let dated = statements.iter().copied().filter(|&i| self.archive.statements[i].date.is_some()).take(limit);
        let mut entries = Vec::with_capacity(limit);
        for i in dated {
            let statement = &self.archive.statements[i];
            let body = statement.read_body(self.root).map_err(|e| vec![Problem::in_file(&statement.path, e.to_string())])?;
            entries.push(FeedEntry {
                title: statement.title.clone(),
                url: config.absolute_url(&Route::Statement { slug: &statement.slug }.path()),
                updated: rfc3339(statement.date),
                summary: statement.summary.clone().unwrap_or_else(|| statement.excerpt.clone()),
                content: self.markdown(&body, Trust::Untrusted, &statement.path, statement.body_line)?,
                people: statement.people.clone(),
                topics: statement.topics.clone(),
            });
        }
        if with_notes {
            for note in self.archive.notes.iter().take(limit) {
                entries.push(FeedEntry {
                    title: format!("Editor's note: {}", note.title),
                    url: config.absolute_url(&Route::Note { slug: &note.slug }.path()),
                    updated: rfc3339(Some(note.date)),
                    summary: markdown::excerpt(&note.body, 240),
                    content: self.markdown(&note.body, Trust::Trusted, &note.path, note.body_line)?,
                    people: note.author.iter().cloned().collect(),
                    topics: note.topics.clone(),
                });
            }
            // Newest first across both; ties keep statements before notes.
            entries.sort_by(|a, b| b.updated.cmp(&a.updated));
            entries.truncate(limit);
        }
        let updated = entries.first().map(|e| e.updated.clone()).unwrap_or_else(|| rfc3339(None));
        context.insert("feed", &FeedView {
            title,
            url: config.absolute_url(&page.path()),
            self_url: config.absolute_url(&feed.path()),
            updated,
        });
        context.insert("entries", &entries);
        Ok(())
    }

    fn taxonomy_view(&self, taxonomy: &crate::site::Taxonomy) -> TaxonomyView<'a> {
        TaxonomyView {
            slug: taxonomy.kind.slug(),
            name: self.archive.taxonomy(taxonomy.kind).name.as_str(),
            url: self.views.url(&Route::TaxonomyIndex { kind: taxonomy.kind }),
        }
    }

    fn term_view<'t>(&self, taxonomy: &crate::site::Taxonomy, term: &'t crate::site::Term) -> TermView<'t> {
        let feed = (self.archive.config.feeds && taxonomy.kind == TaxonomyKind::Topics)
            .then(|| self.views.url(&Route::TermFeed { kind: taxonomy.kind, slug: &term.slug }));
        TermView {
            name: &term.name,
            slug: &term.slug,
            description: &term.description,
            defined: term.defined,
            url: self.views.url(&Route::Term { kind: taxonomy.kind, slug: &term.slug, page: 1 }),
            count: term.statements.len(),
            feed_url: feed,
        }
    }

    fn term_links<'t>(&self, taxonomy: &'t crate::site::Taxonomy) -> Vec<TermView<'t>> {
        taxonomy.terms.iter().map(|term| self.term_view(taxonomy, term)).collect()
    }

    fn year_links(&self) -> Vec<YearLink> {
        self.archive.timeline.years.iter().map(|y| self.year_link(y)).collect()
    }

    fn year_link(&self, year: &crate::site::Year) -> YearLink {
        YearLink { year: year.year, url: self.views.url(&Route::Year { year: year.year }), count: year.count }
    }

    /// Each year with its months and their chart, for the timeline page.
    fn timeline_years(&self) -> Vec<TimelineYear> {
        self.archive
            .timeline
            .years
            .iter()
            .map(|y| {
                let months = self.month_links(y);
                TimelineYear { link: self.year_link(y), chart: month_chart(&months), months }
            })
            .collect()
    }

    /// Every year from the first to the last, so that gaps show as gaps.
    fn years_chart(&self) -> chart::BarChart {
        let years = &self.archive.timeline.years;
        let (Some(first), Some(last)) = (years.first(), years.last()) else { return chart::bar_chart([]) };
        chart::bar_chart((first.year..=last.year).map(|year| {
            let found = years.iter().find(|y| y.year == year);
            (year.to_string(), found.map_or(0, |y| y.count), found.map(|_| self.views.url(&Route::Year { year })))
        }))
    }

    /// All twelve months of a year, linked where the year has statements in them.
    fn month_links(&self, year: &crate::site::Year) -> Vec<MonthLink> {
        (1..=12)
            .map(|m| {
                let found = year.months.iter().find(|month| month.month == m);
                let count = found.map_or(0, |month| month.statements.len());
                MonthLink {
                    month: m,
                    name: month_name(m),
                    short: &month_name(m)[..3],
                    count,
                    url: found.map(|_| self.views.url(&Route::Month { year: year.year, month: m })),
                }
            })
            .collect()
    }

    fn undated_link(&self) -> Option<CountLink> {
        let count = self.archive.timeline.undated.len();
        (count > 0).then(|| CountLink { url: self.views.url(&Route::Undated { page: 1 }), count })
    }

    fn fill_year(&self, context: &mut Context, y: usize) {
        let years = &self.archive.timeline.years;
        let year = &years[y];
        let months = self.month_links(year);
        context.insert("year", &YearPage {
            year: year.year,
            count: year.count,
            chart: month_chart(&months),
            months,
            year_only: self.list_items(&year.year_only),
        });
        context.insert("previous_year", &y.checked_sub(1).map(|p| self.year_link(&years[p])));
        context.insert("next_year", &years.get(y + 1).map(|n| self.year_link(n)));
    }

    fn fill_month(&self, context: &mut Context, y: usize, m: usize) {
        use crate::content::DatePrecision;
        let years = &self.archive.timeline.years;
        let year = &years[y];
        let month = &year.months[m];
        let mut days: Vec<DayGroup> = Vec::new();
        for &i in &month.statements {
            let statement = &self.archive.statements[i];
            let day = (statement.date_precision == DatePrecision::Day).then(|| statement.date.map(|d| d.day())).flatten();
            if days.last().is_none_or(|g| g.day != day) {
                let label = match (day, statement.date) {
                    (Some(_), Some(date)) => format!("{} {}", date.format("%A"), view::DateView::new(date, DatePrecision::Day).display),
                    _ => "Day not known".to_string(),
                };
                let anchor = day_anchor(day);
                days.push(DayGroup { day, label, anchor, items: Vec::new() });
            }
            days.last_mut().expect("pushed above").items.push(&self.items[i]);
        }
        let mut per_day = vec![0; 31];
        for group in &days {
            if let Some(d) = group.day {
                per_day[d as usize - 1] = group.items.len();
            }
        }
        let calendar = chart::calendar(year.year, month.month, &per_day, |d| day_anchor(Some(d)));
        // Neighbouring months with statements, across years.
        let flat: Vec<(i32, u32)> = years.iter().flat_map(|yr| yr.months.iter().map(move |mo| (yr.year, mo.month))).collect();
        let here = flat.iter().position(|&(yy, mm)| yy == year.year && mm == month.month).expect("month is in the timeline");
        let nav = |(yy, mm): (i32, u32)| MonthNav { title: format!("{} {yy}", month_name(mm)), url: self.views.url(&Route::Month { year: yy, month: mm }) };
        context.insert("month", &MonthPage {
            year: year.year,
            month: month.month,
            name: month_name(month.month),
            title: format!("{} {}", month_name(month.month), year.year),
            count: month.statements.len(),
            year_url: self.views.url(&Route::Year { year: year.year }),
            days,
            calendar,
            notes: month.notes.iter().map(|&n| self.views.note_link(n)).collect(),
        });
        context.insert("previous_month", &here.checked_sub(1).map(|p| nav(flat[p])));
        context.insert("next_month", &flat.get(here + 1).map(|&n| nav(n)));
    }
}

fn month_chart(months: &[MonthLink]) -> chart::BarChart {
    chart::bar_chart(months.iter().map(|m| (m.short.to_string(), m.count, m.url.clone())))
}

fn day_anchor(day: Option<u32>) -> String {
    day.map_or("day-unknown".to_string(), |d| format!("day-{d:02}"))
}

fn rfc3339(date: Option<chrono::NaiveDate>) -> String {
    let date = date.unwrap_or_default();
    format!("{:04}-{:02}-{:02}T00:00:00Z", date.year(), date.month(), date.day())
}

#[derive(Serialize)]
struct SourceLine<'a> {
    number: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct SourcePage<'a> {
    file: &'a str,
    raw_url: String,
    lines: Vec<SourceLine<'a>>,
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    body: String,
    extra: &'a toml::Table,
}

#[derive(Serialize)]
struct TaxonomyView<'a> {
    slug: &'static str,
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
struct TermView<'a> {
    name: &'a str,
    slug: &'a str,
    description: &'a str,
    defined: bool,
    url: String,
    count: usize,
    feed_url: Option<String>,
}

#[derive(Serialize)]
struct YearLink {
    year: i32,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct TimelineYear {
    #[serde(flatten)]
    link: YearLink,
    chart: chart::BarChart,
    months: Vec<MonthLink>,
}

#[derive(Serialize)]
struct MonthLink {
    month: u32,
    name: &'static str,
    short: &'static str,
    count: usize,
    url: Option<String>,
}

#[derive(Serialize)]
struct CountLink {
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct YearPage<'a> {
    year: i32,
    count: usize,
    chart: chart::BarChart,
    months: Vec<MonthLink>,
    year_only: Vec<&'a str>,
}

#[derive(Serialize)]
struct MonthPage<'a> {
    year: i32,
    month: u32,
    name: &'static str,
    title: String,
    count: usize,
    year_url: String,
    days: Vec<DayGroup<'a>>,
    calendar: chart::Calendar,
    notes: Vec<view::NoteLink<'a>>,
}

#[derive(Serialize)]
struct DayGroup<'a> {
    day: Option<u32>,
    label: String,
    anchor: String,
    items: Vec<&'a str>,
}

#[derive(Serialize)]
struct MonthNav {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct FeedView<'a> {
    title: &'a str,
    url: String,
    self_url: String,
    updated: String,
}

#[derive(Serialize)]
struct FeedEntry {
    title: String,
    url: String,
    updated: String,
    summary: String,
    content: String,
    people: Vec<String>,
    topics: Vec<String>,
}
