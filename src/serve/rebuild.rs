//! The previewed site: built in memory, and brought up to date after each change by the same
//! runner as `annals build`, with the keys it keeps.
//!
//! An edit that keeps the archive's structure (a statement's title, body or summary; a note's
//! text) replaces the record in place, and only the jobs that show that record (found in the
//! [`DependencyIndex`] that keying recorded) are keyed again. Any other change rebuilds the
//! archive and keys every page, rendering those whose key changed. The files that hold every
//! statement at once (data files, search index) are brought up to date when one of them is
//! asked for, so that an edit never waits for them; and after a change that reaches every page,
//! the statements' own pages (most of the site) wait: each is keyed, and rendered if its key
//! changed, when it is asked for or when the preview is idle ([`Preview::render_deferred`]), so
//! that serving starts, and a date edit reloads, within seconds at 100,000 statements. A change
//! that cannot be built leaves the served site as it was; its problems are returned, and the
//! next change tries again.

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
use crate::render::jobs::{FileJob, PageJob};
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

/// Keeps what was read of the statement files where `annals build` keeps it, so that the next
/// start (or build) reads only the files changed since. Skipped while a build holds the output
/// folder: it writes the cache itself.
fn keep_content_cache(options: &BuildOptions, archive: &Archive) {
    let Ok(_lock) = crate::output::disk::Output::open(&crate::build::target_of(options), &options.root) else { return };
    if let Err(err) = crate::build::keep_content_cache(options, archive) {
        eprintln!("warning: {err:#}");
    }
}

/// The last site built, and what it was built from.
struct State {
    config: SiteConfig,
    theme: Theme,
    archive: Archive,
    /// The file and key of each page job, as `site` holds them.
    keys: HashMap<String, Fingerprint>,
    /// Page jobs not brought up to date since a change that reached every page, by file: their
    /// number. `site` may hold an older version of the file (its key is in `keys`), or none.
    deferred: HashMap<String, u32>,
    /// Bringing the deferred pages up to date failed: a file changed since the change that
    /// deferred them (its rebuild is on the way) or a template fails. Idle rendering waits for
    /// the next change instead of trying again and again.
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

/// What a change did to the served site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Updated {
    /// Files rendered because what they show changed.
    pub rendered: usize,
    /// The statements' own pages waiting to be brought up to date (when asked for, or when
    /// the preview is idle), which may have changed too.
    pub waiting: usize,
}

impl Updated {
    /// Whether an open page may show something new.
    pub fn changed(self) -> bool {
        self.rendered > 0 || self.waiting > 0
    }
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
    pub fn new(options: BuildOptions) -> (Preview, Result<Updated, Problems>) {
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
    fn full(&self) -> Result<Updated, Problems> {
        let mut guard = self.lock_urgently();
        *guard = None;
        let (config, theme, content, mut problems) = crate::load_parts(&self.options, &indicatif::ProgressBar::hidden())?;
        let (archive, archive_problems) = Archive::with_problems(config.clone(), content);
        problems.extend(archive_problems.0);
        problems.into_result(())?;
        keep_content_cache(&self.options, &archive);
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
        let updated = state.run(&self.options.root, Reach::Pages, &fresh)?;
        self.site.replace_with(fresh);
        *guard = Some(state);
        Ok(updated)
    }

    /// Applies changed files (absolute paths).
    pub fn update(&self, paths: &[PathBuf]) -> Result<Updated, Problems> {
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
            return Ok(Updated { rendered: 0, waiting: 0 });
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
        // A change that fails leaves the waiting pages' numbers those of jobs over an archive
        // that is no longer there: they wait for the next change.
        let updated = state.run(&self.options.root, reach, &delta).inspect_err(|_| {
            state.broken = true;
            state.deferred_stalled = true;
        })?;
        self.site.merge(delta);
        if !in_place {
            // Pages may be gone; an edit in place changes pages, never which there are.
            self.site.retain(|file| state.holds(file));
        }
        Ok(updated)
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

impl State {
    /// Whether `file` is one of the site's, served or yet to be rendered.
    fn holds(&self, file: &str) -> bool {
        self.keys.contains_key(file) || self.deferred.contains_key(file) || self.aggregate_keys.contains_key(file)
    }

    /// Brings deferred pages up to date in `site`: keys them, and renders those whose key is
    /// not the served file's; what they show joins the dependency index. Pages that fail stay
    /// deferred, and idle rendering stalls: their problem is a file changed since (the next
    /// change brings them up to date) or a template's, which the next change to it brings back.
    fn render_now(&mut self, root: &Path, files: &[String], site: &Memory, stop_short: &(dyn Fn(Job) -> bool + Sync)) {
        let Some(jobs) = self.jobs.clone().filter(|_| !self.deferred_stalled) else { return };
        let numbers: Vec<u32> = files.iter().filter_map(|f| self.deferred.get(f).copied()).collect();
        let run: Vec<Job> = numbers.iter().map(|&n| jobs[n as usize]).collect();
        let delta = Memory::default();
        let ran = Plan::with_jobs(&self.archive, root, &self.theme, &self.items, Some(jobs.clone()))
            .and_then(|plan| runner::run(&plan, &run, &self.keys, &delta, &runner::Options { track: true, defer: stop_short, ..Default::default() }));
        let Ok(mut ran) = ran else {
            self.deferred_stalled = true;
            return;
        };
        site.merge(delta);
        for (at, ((file, key), reads)) in std::mem::take(&mut ran.files).into_iter().zip(&ran.reads).enumerate() {
            // Stopped short before it was rendered: it waits on.
            if !ran.was_deferred(at) {
                self.shown_by.add(numbers[at], reads);
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
    fn run(&mut self, root: &Path, reach: Reach, delta: &Memory) -> Result<Updated, Problems> {
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
        let (numbers, waiting): (Vec<u32>, Option<HashMap<String, u32>>) = match &records {
            Some(records) => {
                let mut numbers = self.shown_by.jobs_showing(records);
                // An edited statement's own pages may wait from an earlier change, unkeyed, so
                // that no index names them: they are what its editor looks at.
                for &record in records {
                    match record {
                        Record::Statement(i) => {
                            let own = [Job::Page(PageJob::Statement(i)), Job::File(FileJob::StatementText(i))];
                            numbers.extend(own.iter().filter_map(|&job| self.deferred.get(&plan.route(job).file()).copied()));
                        }
                        Record::Note(_) | Record::Page(_) => {}
                    }
                }
                numbers.sort_unstable();
                numbers.dedup();
                (numbers, None)
            }
            // After a change that reaches every page, the statements' own pages wait, not even
            // keyed: keying them is most of what such a change would cost.
            None => {
                let (waiting, now): (Vec<u32>, Vec<u32>) = (0..all.len() as u32).partition(|&n| all[n as usize].is_statements_own());
                (now, Some(waiting.into_iter().map(|n| (plan.route(all[n as usize]).file(), n)).collect()))
            }
        };
        let jobs: Vec<Job> = numbers.iter().map(|&n| all[n as usize]).collect();
        let mut ran = runner::run(&plan, &jobs, &self.keys, delta, &runner::Options { track: true, ..Default::default() })?;
        let rendered: Vec<(Fingerprint, std::sync::Arc<str>)> = plan.rendered_items().collect();
        self.jobs = Some(plan.shared_page_jobs());
        drop(plan);
        if let Some(waiting) = waiting {
            // Pages no longer made lose their key; the waiting pages keep the served file's, so
            // that one whose key stays is not rendered again.
            self.keys.retain(|file, _| waiting.contains_key(file));
            self.deferred = waiting;
            self.shown_by = DependencyIndex::default();
            if self.items.len() > 2 * self.archive.statements.len() {
                self.items.clear();
            }
        }
        for ((&number, (file, key)), reads) in numbers.iter().zip(std::mem::take(&mut ran.files)).zip(&ran.reads) {
            self.shown_by.add(number, reads);
            self.deferred.remove(&file);
            self.keys.insert(file, key);
        }
        self.items.extend(rendered);
        self.aggregates_current = false;
        self.broken = false;
        self.deferred_stalled = false;
        Ok(Updated { rendered: ran.written, waiting: if records.is_none() { self.deferred.len() } else { 0 } })
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
        // The preview keeps its content cache beside the output folder: not in the fixture.
        let elsewhere = tempfile::tempdir().unwrap();
        let output = Some(elsewhere.path().join("public"));
        let options = BuildOptions { root, output, include_drafts: false, base_url: Some("http://127.0.0.1:1111/".into()), clean: false };
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
