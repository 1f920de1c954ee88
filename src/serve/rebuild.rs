//! The previewed site: built in memory, and brought up to date after each change by the same
//! runner as `annals build`, with the keys it keeps.
//!
//! An edit that keeps the archive's structure (a statement's title, body or summary; a note's
//! text) replaces the record in place, and only the jobs that show that record (found in the
//! [`DependencyIndex`] that keying recorded) are keyed again. Any other change rebuilds the
//! archive and keys every page, rendering those whose key changed. The files that hold every
//! statement at once (data files, search index) are brought up to date when one of them is
//! asked for, so that an edit never waits for them; and after a change that reaches every page,
//! the statements' own pages (most of the site) are keyed at once but rendered when asked for
//! or when the preview is idle ([`Preview::render_deferred`]), so that serving starts within
//! seconds at 100,000 statements. A change that cannot be built leaves the served site as it
//! was; its problems are returned, and the next change tries again.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

use super::watch::{classify, Change, Now};
use crate::config::SiteConfig;
use crate::content::{self, Loaded};
use crate::error::Problems;
use crate::fingerprint::Fingerprint;
use crate::output::Memory;
use crate::render::deps::DependencyIndex;
use crate::render::{self, runner, ItemCache, Job, Plan, Theme};
use crate::site::{Archive, Record};
use crate::BuildOptions;

pub struct Preview {
    options: BuildOptions,
    root: PathBuf,
    site: Memory,
    state: Mutex<Option<State>>,
    /// Edits and requests waiting for the state: idle rendering stops short for them.
    waiting: AtomicUsize,
}

/// The last site built, and what it was built from.
struct State {
    config: SiteConfig,
    theme: Theme,
    archive: Archive,
    /// The file and key of each page job, as `site` holds them.
    keys: HashMap<String, Fingerprint>,
    /// Page jobs keyed and not rendered yet, by file: their number and key.
    deferred: HashMap<String, (u32, Fingerprint)>,
    /// Rendering the deferred pages failed: a file changed since the change that keyed them
    /// (its rebuild is on the way) or a template fails. Idle rendering waits for the next
    /// change instead of trying again and again.
    deferred_stalled: bool,
    /// The same for the aggregate jobs, and whether they are current.
    aggregate_keys: HashMap<String, Fingerprint>,
    aggregates_current: bool,
    items: ItemCache,
    shown_by: DependencyIndex,
    /// The page jobs of the last full pass: an edit that keeps the structure has the same.
    jobs: Option<std::sync::Arc<[Job]>>,
    /// Content files changed but not read in yet: a problem stopped them.
    unread: BTreeSet<PathBuf>,
    /// The last change failed: the next one rebuilds the archive and keys every page.
    broken: bool,
}

/// How far a change reaches.
enum Reach {
    /// Records replaced in place.
    Records(Vec<Record>),
    /// Everything keyed again over the same archive (templates, static files, sources).
    Pages,
    /// The archive is built again from its records with these files changed.
    Archive(Vec<(PathBuf, Option<Loaded>)>),
}

impl Preview {
    /// Builds the site in memory; the preview exists even when the build fails (its problems
    /// are returned), so that fixing the files brings it up.
    pub fn new(options: BuildOptions) -> (Preview, Result<usize, Problems>) {
        let root = std::path::absolute(&options.root).unwrap_or_else(|_| options.root.clone());
        let preview = Preview { options, root, site: Memory::default(), state: Mutex::new(None), waiting: AtomicUsize::new(0) };
        let built = preview.full();
        (preview, built)
    }

    pub fn site(&self) -> &Memory {
        &self.site
    }

    /// Whether a site file is one of those brought up to date only when asked for.
    pub fn is_aggregate(&self, file: &str) -> bool {
        render::jobs::is_aggregate_file(file)
    }

    /// Loads and renders everything; on success the new site replaces the served one.
    fn full(&self) -> Result<usize, Problems> {
        let mut guard = self.lock_urgently();
        *guard = None;
        let (config, theme, content, mut problems) = crate::load_parts(&self.options, &indicatif::ProgressBar::hidden())?;
        let (archive, archive_problems) = Archive::with_problems(config.clone(), content);
        problems.extend(archive_problems.0);
        problems.into_result(())?;
        let mut state = State {
            config,
            theme,
            archive,
            keys: HashMap::new(),
            deferred: HashMap::new(),
            deferred_stalled: false,
            aggregate_keys: HashMap::new(),
            aggregates_current: false,
            items: ItemCache::new(),
            shown_by: DependencyIndex::default(),
            jobs: None,
            unread: BTreeSet::new(),
            broken: false,
        };
        let fresh = Memory::default();
        let written = state.run(&self.options.root, Reach::Pages, &fresh)?;
        self.site.replace_with(fresh);
        *guard = Some(state);
        Ok(written)
    }

    /// Applies changed files (absolute paths); returns how many files changed (rendered, or
    /// deferred to be rendered when asked for).
    pub fn update(&self, paths: &[PathBuf]) -> Result<usize, Problems> {
        let mut guard = self.lock_urgently();
        let Some(state) = guard.as_mut() else {
            drop(guard);
            return self.full();
        };
        let mut content_paths: BTreeSet<PathBuf> = std::mem::take(&mut state.unread);
        let mut reach_pages = false;
        for path in paths {
            let Ok(rel) = path.strip_prefix(&self.root) else { continue };
            match classify(rel, &state.config.theme, Now::of(path)) {
                None => {}
                Some(Change::Content(rel)) => {
                    content_paths.insert(rel);
                }
                // A temporary file of an editor or a tool (`sed -i` writes one beside the file).
                Some(Change::Gone(rel)) if !state.archive.holds_files_under(&rel) => {}
                Some(Change::Config | Change::ContentFolder | Change::Gone(_)) => {
                    drop(guard);
                    return self.full();
                }
                Some(Change::Template | Change::StaticFile) => {
                    state.theme = Theme::load(&self.options.root, &state.config).inspect_err(|_| state.broken = true)?;
                    reach_pages = true;
                }
                Some(Change::Source) => reach_pages = true,
            }
        }
        if content_paths.is_empty() && !reach_pages && !state.broken {
            return Ok(0);
        }
        let reach = match state.read(&self.options, content_paths) {
            Ok(reach) => reach,
            Err(problems) => {
                state.broken = true;
                return Err(problems);
            }
        };
        let reach = match reach {
            // Records replaced in place, under templates or sources that changed too.
            Reach::Records(_) if reach_pages => Reach::Pages,
            other => other,
        };
        let delta = Memory::default();
        let in_place = matches!(reach, Reach::Records(_));
        let written = state.run(&self.options.root, reach, &delta).inspect_err(|_| state.broken = true)?;
        self.site.merge(delta);
        if !in_place {
            // Pages may be gone; an edit in place changes pages, never which there are.
            self.site.retain(|file| state.holds(file));
        }
        Ok(written)
    }

    /// The state, for an edit or a request: idle rendering, if it holds the state, stops
    /// short (at the pages in hand) to let it in.
    fn lock_urgently(&self) -> MutexGuard<'_, Option<State>> {
        self.waiting.fetch_add(1, Ordering::SeqCst);
        let guard = self.state.lock().expect("lock not poisoned");
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        guard
    }

    /// Renders up to `limit` (all when `None`) of the deferred pages, fewer when an edit or a
    /// request waits; returns how many are left to render now (none while rendering them
    /// fails, until the next change).
    pub fn render_deferred(&self, limit: Option<usize>) -> usize {
        let mut guard = self.state.lock().expect("lock not poisoned");
        let Some(state) = guard.as_mut() else { return 0 };
        if state.deferred_stalled {
            return 0;
        }
        // Which pages first does not matter; sorting 200,000 names each batch, under the lock, would.
        let files: Vec<String> = state.deferred.keys().take(limit.unwrap_or(usize::MAX)).cloned().collect();
        let others_wait = |_: Job| self.waiting.load(Ordering::SeqCst) > 0;
        state.render_now(&self.options.root, &files, &self.site, &others_wait);
        if state.deferred_stalled { 0 } else { state.deferred.len() }
    }

    /// Renders `file` if it is one of the deferred pages, before it is served.
    pub fn render_if_deferred(&self, file: &str) {
        let mut guard = self.lock_urgently();
        let Some(state) = guard.as_mut() else { return };
        if state.deferred.contains_key(file) {
            state.render_now(&self.options.root, &[file.to_string()], &self.site, &|_| false);
        }
    }

    /// Brings the data files and the search index up to date, if an edit made them stale.
    pub fn bring_aggregates_up_to_date(&self) {
        let mut guard = self.lock_urgently();
        let Some(state) = guard.as_mut() else { return };
        if state.aggregates_current {
            return;
        }
        let Ok(plan) = Plan::new(&state.archive, &self.options.root, &state.theme, &state.items) else { return };
        let jobs = plan.aggregate_jobs();
        let delta = Memory::default();
        // A problem here is one the pages' build reports already.
        let Ok(ran) = runner::run(&plan, &jobs, &state.aggregate_keys, &delta, &runner::Options::default()) else { return };
        drop(plan);
        state.aggregate_keys = ran.files.into_iter().collect();
        state.aggregates_current = true;
        // New files first, then the old ones go: a search running meanwhile finds every file.
        self.site.merge(delta);
        self.site.retain(|file| state.holds(file));
    }
}

/// The keys of the pages `site` holds, and of those keyed but not rendered yet: a page that
/// waits with an unchanged key is not a change.
struct Served<'s> {
    keys: &'s HashMap<String, Fingerprint>,
    deferred: &'s HashMap<String, (u32, Fingerprint)>,
}

impl runner::Cache for Served<'_> {
    fn key(&self, file: &str) -> Option<Fingerprint> {
        self.keys.get(file).or_else(|| self.deferred.get(file).map(|(_, key)| key)).copied()
    }
}

impl State {
    /// Whether `file` is one of the site's, served or yet to be rendered.
    fn holds(&self, file: &str) -> bool {
        self.keys.contains_key(file) || self.deferred.contains_key(file) || self.aggregate_keys.contains_key(file)
    }

    /// Renders deferred pages into `site`. Pages that fail stay deferred, and idle rendering
    /// stalls: their problem is a file changed since (the next change brings them up to date)
    /// or a template's, which the next change to it brings back.
    fn render_now(&mut self, root: &Path, files: &[String], site: &Memory, stop_short: &(dyn Fn(Job) -> bool + Sync)) {
        let Some(jobs) = self.jobs.clone() else { return };
        let numbers: Vec<(String, u32)> = files.iter().filter_map(|f| self.deferred.get(f).map(|(n, _)| (f.clone(), *n))).collect();
        let run: Vec<Job> = numbers.iter().map(|(_, n)| jobs[*n as usize]).collect();
        let delta = Memory::default();
        let ran = Plan::with_jobs(&self.archive, root, &self.theme, &self.items, Some(jobs.clone()))
            .and_then(|plan| runner::run(&plan, &run, &runner::Nothing, &delta, &runner::Options { defer: stop_short, ..Default::default() }));
        let Ok(mut ran) = ran else {
            self.deferred_stalled = true;
            return;
        };
        site.merge(delta);
        for (at, (file, key)) in std::mem::take(&mut ran.files).into_iter().enumerate() {
            if !ran.was_deferred(at) {
                self.deferred.remove(&file);
                self.keys.insert(file, key);
            }
        }
    }

    /// Reads changed content files in and says how far the change reaches. On a problem the
    /// files stay pending and the archive as it was.
    fn read(&mut self, options: &BuildOptions, paths: BTreeSet<PathBuf>) -> Result<Reach, Problems> {
        let mut loaded = Vec::with_capacity(paths.len());
        let mut problems = Problems::default();
        for rel in &paths {
            match content::read_file(&options.root, rel, options.include_drafts, &mut self.archive.vocabulary) {
                Ok(file) => loaded.push((rel.clone(), file)),
                Err(found) => problems.extend(found),
            }
        }
        if !problems.is_empty() {
            self.unread = paths;
            return Err(problems.into_result(()).expect_err("not empty"));
        }
        if loaded.is_empty() {
            return Ok(if self.broken { Reach::Archive(Vec::new()) } else { Reach::Pages });
        }
        let mut records = Vec::new();
        let mut rest = Vec::new();
        for (rel, file) in loaded {
            let in_place = match file {
                Some(file) if !self.broken => self.archive.update_record(file).map_err(Some),
                other => Err(other),
            };
            match in_place {
                Ok(record) => records.push(record),
                Err(file) => rest.push((rel, file)),
            }
        }
        Ok(if rest.is_empty() && !self.broken { Reach::Records(records) } else { Reach::Archive(rest) })
    }

    /// Renders what `reach` may have changed into `delta`, and keeps the new keys.
    fn run(&mut self, root: &Path, reach: Reach, delta: &Memory) -> Result<usize, Problems> {
        let records = match reach {
            Reach::Records(records) => Some(records),
            Reach::Pages => None,
            Reach::Archive(changed) => {
                // The records leave the archive for the new one; an empty one stands in meanwhile.
                let empty = Archive::with_problems(self.config.clone(), content::Content::default()).0;
                let mut content = std::mem::replace(&mut self.archive, empty).into_content();
                for (rel, file) in changed {
                    content.apply(&rel, file);
                }
                let mut problems = content.clashes();
                let (archive, archive_problems) = Archive::with_problems(self.config.clone(), content);
                self.archive = archive;
                problems.extend(archive_problems.0);
                problems.into_result(())?;
                None
            }
        };
        let same_jobs = records.as_ref().and(self.jobs.clone());
        let plan = Plan::with_jobs(&self.archive, root, &self.theme, &self.items, same_jobs)?;
        let all = plan.page_jobs();
        let numbers: Vec<u32> = match &records {
            Some(records) => self.shown_by.jobs_showing(records),
            None => (0..all.len() as u32).collect(),
        };
        let jobs: Vec<Job> = numbers.iter().map(|&n| all[n as usize]).collect();
        // After a change that reaches every page, the statements' own pages wait.
        let defer = |job: Job| records.is_none() && job.is_statements_own();
        let served = Served { keys: &self.keys, deferred: &self.deferred };
        let mut ran = runner::run(&plan, &jobs, &served, delta, &runner::Options { track: true, on_job: &|| {}, defer: &defer })?;
        let rendered: Vec<(Fingerprint, std::sync::Arc<str>)> = plan.rendered_items().collect();
        self.jobs = Some(plan.shared_page_jobs());
        drop(plan);
        let mut was_deferred = HashMap::new();
        if records.is_none() {
            self.keys.clear();
            was_deferred = std::mem::take(&mut self.deferred);
            self.shown_by = DependencyIndex::default();
            if self.items.len() > 2 * self.archive.statements.len() {
                self.items.clear();
            }
        }
        let files = std::mem::take(&mut ran.files);
        for (at, ((&number, (file, key)), reads)) in numbers.iter().zip(files).zip(&ran.reads).enumerate() {
            self.shown_by.add(number, reads);
            // A page still waiting with the key it has now waits on, unrendered.
            let waits = |(_, waited): &(u32, Fingerprint)| *waited == key;
            let still_waiting = self.deferred.get(&file).is_some_and(waits) || was_deferred.get(&file).is_some_and(waits);
            if ran.was_deferred(at) || still_waiting {
                self.keys.remove(&file);
                self.deferred.insert(file, (number, key));
            } else {
                self.deferred.remove(&file);
                self.keys.insert(file, key);
            }
        }
        self.items.extend(rendered);
        self.aggregates_current = false;
        self.broken = false;
        self.deferred_stalled = false;
        // Deferred pages changed too: open pages must reload to see them.
        Ok(ran.written + ran.deferred.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Idle rendering holds the state while it renders a batch; an edit or a request that waits
    /// for it must not wait for the whole batch.
    #[test]
    fn idle_rendering_stops_short_for_an_edit_or_a_request_waiting() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ru-site");
        let options = BuildOptions { root, output: None, include_drafts: false, base_url: Some("http://127.0.0.1:1111/".into()), clean: false };
        let (preview, built) = Preview::new(options);
        built.expect("the fixture builds");
        let waiting = preview.render_deferred(Some(0));
        assert!(waiting > 2, "the statements' pages wait after the build");
        preview.waiting.fetch_add(1, Ordering::SeqCst);
        assert_eq!(preview.render_deferred(Some(2)), waiting, "nothing rendered while someone waits");
        preview.waiting.fetch_sub(1, Ordering::SeqCst);
        assert_eq!(preview.render_deferred(Some(2)), waiting - 2);
        assert_eq!(preview.render_deferred(None), 0);
    }
}
