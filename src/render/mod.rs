//! The archive → the files of the site.
//!
//! Every output file is a job ([`jobs`]) with a key and a render; [`runner::run`] renders the
//! jobs whose key changed since the output it is given was made. A [`Plan`] holds what every
//! job shares: the views, the base context, each statement's list entry (keyed and rendered at
//! most once, and only when a list that shows it is rendered), the sitemap and the search index.
//! The pages' values are filled by kind in `pages.rs`, `feeds.rs`, `timeline.rs` and
//! `sitemap.rs`; what templates see is in [`view`].

mod chart;
pub mod deps;
pub mod export;
mod feeds;
pub mod i18n;
pub mod jobs;
mod mode;
mod pages;
pub mod routes;
pub mod runner;
pub mod search;
mod sitemap;
pub mod theme;
mod timeline;
pub mod view;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use tera::Context;

use crate::error::{Problem, Problems};
use crate::fingerprint::{self, Fingerprint, Hasher};
use crate::markdown::{self, Trust};
use crate::shortcodes::{self, Citation, Shortcode};
use crate::site::{AliasTarget, Archive, Record, TaxonomyKind};
pub use jobs::{Job, Scope};
pub use runner::{run, Cache, Ran};
pub use theme::Theme;
use view::Views;

/// List entries rendered by an earlier run, by their key: `serve` keeps them between edits.
pub type ItemCache = HashMap<Fingerprint, Arc<str>>;

/// What the jobs of one run share.
pub struct Plan<'a> {
    pub archive: &'a Archive,
    root: &'a Path,
    theme: &'a Theme,
    views: Views<'a>,
    /// The context every page starts from (`site`), and its fingerprint with this program's
    /// and the translation table's.
    base: Context,
    base_key: Fingerprint,
    /// Every job whose scope is [`Scope::Page`].
    jobs: Arc<[Job]>,
    /// 0..n: the home list, as a slice like every other list.
    everything: Vec<usize>,
    item_keys: Vec<OnceLock<Fingerprint>>,
    item_html: Vec<OnceLock<Result<Arc<str>, Problem>>>,
    known_items: &'a ItemCache,
    /// The bodies of statements in feeds, rendered once for their pages and every feed.
    feed_bodies: HashMap<usize, OnceLock<Result<String, Vec<Problem>>>>,
    sitemap: OnceLock<Vec<String>>,
    search: OnceLock<search::Index>,
}

thread_local! {
    /// The last statement body this thread read, by file and fingerprint: a statement's page
    /// and its plain text are next to each other in the job list, so one read serves both.
    static LAST_BODY: RefCell<Option<(std::path::PathBuf, Fingerprint, Arc<str>)>> = const { RefCell::new(None) };
}

impl<'a> Plan<'a> {
    /// Plans the site of `archive`; `known_items` are list entries rendered before. Fails when
    /// two redirects, or a redirect and a page, would write the same file.
    pub fn new(archive: &'a Archive, root: &'a Path, theme: &'a Theme, known_items: &'a ItemCache) -> Result<Plan<'a>, Problems> {
        Self::with_jobs(archive, root, theme, known_items, None)
    }

    /// A plan whose page jobs are `jobs` when given: those of an earlier plan of an archive
    /// with the same structure (they are the same, and listing them costs at 100,000
    /// statements more than the edit that needs the plan).
    pub fn with_jobs(archive: &'a Archive, root: &'a Path, theme: &'a Theme, known_items: &'a ItemCache, jobs: Option<Arc<[Job]>>) -> Result<Plan<'a>, Problems> {
        let views = Views::new(archive, root, &theme.translations);
        let site = views.site();
        let mut base = Context::new();
        base.insert("site", &site);
        // The translations are read by every template and date: part of every page's key.
        let base_key = Hasher::new("base").fingerprint(fingerprint::of_this_program()).value(&site).fingerprint(theme.translations.key()).finish();
        let n = archive.statements.len();
        let feed_bodies = feed_statements(archive).into_iter().map(|i| (i, OnceLock::new())).collect();
        let mut plan = Plan {
            archive,
            root,
            theme,
            views,
            base,
            base_key,
            jobs: Arc::from([]),
            everything: (0..n).collect(),
            item_keys: (0..n).map(|_| OnceLock::new()).collect(),
            item_html: (0..n).map(|_| OnceLock::new()).collect(),
            known_items,
            feed_bodies,
            sitemap: OnceLock::new(),
            search: OnceLock::new(),
        };
        match jobs {
            Some(jobs) => plan.jobs = jobs,
            None => {
                plan.jobs = plan.job_list().into();
                plan.check_aliases()?;
            }
        }
        Ok(plan)
    }

    /// A fingerprint of what every page depends on besides its own values: this program, the
    /// site's view, every template and static file.
    pub fn theme_key(&self) -> Fingerprint {
        let mut hasher = Hasher::new("theme");
        hasher.fingerprint(self.base_key);
        for (name, key) in self.theme.template_keys() {
            hasher.text(name).fingerprint(key);
        }
        for (name, bytes) in &self.theme.static_files {
            hasher.text(name).bytes(bytes);
        }
        hasher.finish()
    }

    /// The jobs brought up to date after every change (see [`Scope`]).
    pub fn page_jobs(&self) -> &[Job] {
        &self.jobs
    }

    /// The same, to plan again over the same structure (see [`Plan::with_jobs`]).
    pub fn shared_page_jobs(&self) -> Arc<[Job]> {
        self.jobs.clone()
    }

    /// The jobs that hold every statement at once: the data files and the search index.
    pub fn aggregate_jobs(&self) -> Vec<Job> {
        let data = [jobs::DataFile::Json, jobs::DataFile::Csv, jobs::DataFile::Package].map(|f| Job::File(jobs::FileJob::Data(f)));
        let search: Vec<Job> = if self.archive.config.search {
            self.search_index().files().map(|f| Job::File(jobs::FileJob::Search(f))).collect()
        } else {
            Vec::new()
        };
        data.into_iter().chain(search).collect()
    }

    /// Every job of the site.
    pub fn all_jobs(&self) -> Vec<Job> {
        let mut all = self.jobs.to_vec();
        all.extend(self.aggregate_jobs());
        all
    }

    /// List entries this plan rendered, for the next plan to reuse.
    pub fn rendered_items(&self) -> impl Iterator<Item = (Fingerprint, Arc<str>)> + '_ {
        self.item_keys.iter().zip(&self.item_html).filter_map(|(key, html)| Some((*key.get()?, html.get()?.as_ref().ok()?.clone())))
    }

    fn per_page(&self) -> usize {
        self.archive.config.paginate_by
    }

    fn page_count(&self, len: usize) -> usize {
        len.div_ceil(self.per_page()).max(1)
    }

    fn static_file(&self, i: usize) -> (&'a str, &'a [u8]) {
        let (name, bytes) = &self.theme.static_files[i];
        (name, bytes)
    }

    /// A redirect may not take the place of another file.
    fn check_aliases(&self) -> Result<(), Problems> {
        let archive = self.archive;
        if archive.aliases.is_empty() {
            return Ok(());
        }
        let mut taken: HashSet<String> = self.jobs.iter().filter(|job| !matches!(job, Job::Page(jobs::PageJob::Alias(_)))).map(|&job| self.route(job).file()).collect();
        let mut problems = Problems::default();
        for alias in &archive.aliases {
            let file = routes::Route::Alias { path: &alias.path }.file();
            if !taken.insert(file) {
                let declared_in = match alias.target {
                    AliasTarget::Statement(i) => &archive.statements[i].path,
                    AliasTarget::Note(n) => &archive.notes[n].path,
                    AliasTarget::Page(p) => &archive.pages[p].path,
                };
                let text = crate::fs::read_text(&self.root.join(declared_in)).unwrap_or_default();
                let line = crate::content::statement::key_line(&text, "aliases");
                problems.push(Problem::new(declared_in, line, format!("`aliases` holds \"/{}\", which is already the URL of another page or redirect", alias.path)));
            }
        }
        problems.into_result(())
    }

    /// The key of statement `index`'s list entry: its view and its template.
    fn item_key(&self, index: usize) -> Fingerprint {
        // Every job that shows the entry reads the record, not only the first to key it.
        deps::read(Record::Statement(index));
        *self.item_keys[index].get_or_init(|| {
            Hasher::new("item").fingerprint(self.base_key).fingerprint(self.theme.template_key("partials/item.html")).value(&self.views.item(index)).finish()
        })
    }

    /// Statement `index`'s list entry, rendered once for every list it appears on.
    fn item_html(&self, index: usize) -> Result<Arc<str>, Problem> {
        let key = self.item_key(index);
        self.item_html[index]
            .get_or_init(|| {
                if let Some(html) = self.known_items.get(&key) {
                    return Ok(html.clone());
                }
                let mut context = self.base.clone();
                context.insert("item", &self.views.item(index));
                self.render_template("partials/item.html", &context).map(Arc::from)
            })
            .clone()
    }

    /// What a page citing a statement shows of it: its card's view, or its link's.
    fn citation_key(&self, citation: &Citation) -> Fingerprint {
        let mut hasher = Hasher::new("citation");
        match citation {
            Citation::Card(id) => match self.archive.statement_index(id) {
                Some(i) => hasher.text("card").fingerprint(self.item_key(i)).fingerprint(self.theme.template_key("partials/statement_card.html")),
                None => hasher.text("missing").text(id),
            },
            Citation::Link(id) => match self.archive.statement_index(id) {
                Some(i) => hasher.text("link").value(&self.views.link(i)),
                None => hasher.text("missing").text(id),
            },
        };
        hasher.finish()
    }

    /// A statement's body, read from its file (see [`LAST_BODY`]).
    fn read_body(&self, index: usize) -> Result<Arc<str>, Problem> {
        let statement = self.views.statement_record(index);
        let cached = LAST_BODY.with(|last| {
            let last = last.borrow();
            last.as_ref().filter(|(path, hash, _)| *path == statement.path && *hash == statement.body.hash).map(|(_, _, body)| body.clone())
        });
        if let Some(body) = cached {
            return Ok(body);
        }
        let body: Arc<str> = statement.read_body(self.root).map_err(|e| Problem::in_file(&statement.path, e.to_string()))?.into();
        LAST_BODY.with(|last| *last.borrow_mut() = Some((statement.path.clone(), statement.body.hash, body.clone())));
        Ok(body)
    }

    /// A statement's body as HTML.
    fn statement_body_html(&self, index: usize) -> Result<String, Vec<Problem>> {
        let render = || {
            let body = self.read_body(index).map_err(|p| vec![p])?;
            let statement = self.views.statement_record(index);
            self.markdown(&body, Trust::Untrusted, &statement.path, statement.body.line)
        };
        match self.feed_bodies.get(&index) {
            Some(memo) => memo.get_or_init(render).clone(),
            None => render(),
        }
    }

    /// The text of a source dump (read again for each of its two files: dumps can be large).
    fn read_source(&self, index: usize) -> Result<String, Problem> {
        let file = &self.archive.sources[index].0;
        crate::fs::read_text(&self.root.join(file)).map_err(|e| Problem::in_file(file, format!("cannot publish this source: {e}")))
    }

    fn search_index(&self) -> &search::Index {
        self.search.get_or_init(|| search::Index::build(self.archive, self.views.words))
    }

    /// Markdown → HTML with shortcodes expanded; `first_line` is the line of `path` where
    /// `text` starts, for problems.
    fn markdown(&self, text: &str, trust: Trust, path: &Path, first_line: usize) -> Result<String, Vec<Problem>> {
        let expanded = shortcodes::expand(text, path, first_line, |code| self.shortcode(code))?;
        Ok(expanded.finish(markdown::to_html(&expanded.markdown, trust)))
    }

    fn shortcode(&self, code: &Shortcode) -> Result<String, String> {
        let id = code.id();
        let index = self.archive.statement_index(id).ok_or_else(|| format!("no statement has the id {id:?}"))?;
        match code {
            Shortcode::Link { .. } => {
                let link = self.views.link(index);
                Ok(format!("<a class=\"statement-link\" href=\"{}\">{}</a>", theme::escape_html(&link.url), theme::escape_html(link.title)))
            }
            Shortcode::Card { .. } => {
                let mut context = self.base.clone();
                context.insert("card", &self.views.item(index));
                self.render_template("partials/statement_card.html", &context).map_err(|p| p.message)
            }
        }
    }

    fn render_template(&self, name: &str, context: &Context) -> Result<String, Problem> {
        self.theme.tera.render(name, context).map_err(|err| Problem::in_file(format!("templates/{name}"), theme::error_chain(&err)))
    }
}

/// The statements some feed shows: the newest of all and of each topic.
fn feed_statements(archive: &Archive) -> HashSet<usize> {
    let limit = archive.config.feed_limit;
    if !archive.config.feeds {
        return HashSet::new();
    }
    let everything: Vec<usize> = (0..archive.statements.len()).collect();
    let mut shown: HashSet<usize> = feeds::newest_dated(archive, &everything, limit).collect();
    for term in &archive.taxonomy(TaxonomyKind::Topics).terms {
        shown.extend(feeds::newest_dated(archive, &term.statements, limit));
    }
    shown
}

/// Renders the whole site into `sink`, with no earlier output to compare with.
pub fn render_all(archive: &Archive, root: &Path, theme: &Theme, sink: &dyn crate::output::Sink) -> Result<Ran, Problems> {
    let known = ItemCache::new();
    let plan = Plan::new(archive, root, theme, &known)?;
    run(&plan, &plan.all_jobs(), &runner::Nothing, sink, &runner::Options::default())
}
