//! `annals build`: the pipeline from the files to the site on disk, at the cost of what changed.
//!
//! Into an output folder holding a build of this program, a build renders only what changed:
//! statement files unchanged since are not read (the content cache), and when the theme, the
//! configuration and the archive's structure are the same as last time, only the jobs showing
//! a record that changed are keyed again (the dependencies recorded last time); every other
//! file keeps its key. Either way the new site replaces the old one at once, and only when the
//! whole build succeeded (see [`crate::output::disk`]).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use rustc_hash::FxHashMap;

use crate::content::cache::ContentCache;
use crate::fingerprint::{self, Fingerprint};
use crate::output::disk::{IncrementalBuild, Output};
use crate::output::manifest::{Entry, Manifest};
use crate::render::deps::Recorded;
use crate::render::{self, runner, Job, Plan};
use crate::site::Record;
use crate::BuildOptions;

#[derive(Debug, Clone)]
pub struct BuildSummary {
    pub statements: usize,
    /// Statement files read (the others were known to the build cache as they are).
    pub statements_read: usize,
    /// Files the site has.
    pub files: usize,
    /// Files rendered because what they show changed (all of them in a full build).
    pub written: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
    /// URLs the previous build published that this one no longer does, with no redirect.
    pub warnings: Vec<String>,
}

/// Where a build into `options`' output keeps what it read of the statement files.
pub fn content_cache_of(options: &BuildOptions) -> PathBuf {
    crate::output::disk::cache_of(&target_of(options)).join("content")
}

/// Writes what `archive` read of the statement files where a build with `options` reads it
/// back (see [`ContentCache::keep`]); the caller holds the output folder's lock.
pub fn keep_content_cache(options: &BuildOptions, archive: &crate::site::Archive) -> Result<()> {
    let file = content_cache_of(options);
    ContentCache::keep(&file, &archive.statements, &archive.vocabulary, archive.loaded_at, archive.statements_read)
        .with_context(|| format!("cannot write the build cache {}", file.display()))
}

/// The output folder of a build with `options`.
pub fn target_of(options: &BuildOptions) -> PathBuf {
    options.output.clone().unwrap_or_else(|| options.root.join("public"))
}

/// Builds the site (see the module's note).
pub fn build(options: &BuildOptions) -> Result<BuildSummary> {
    let started = Instant::now();
    let progress = crate::progress_bar();
    let (archive, theme) = crate::load(options, &progress)?;
    let target = target_of(options);
    let output = Output::open(&target, &options.root)?;
    let previous = if options.clean { None } else { output.manifest() };
    let known = render::ItemCache::new();
    let plan = Plan::new(&archive, &options.root, &theme, &known)?;
    let base = plan.theme_key();
    let structure = archive.structure_key();
    let records: FxHashMap<Record, Fingerprint> = archive.record_keys().collect();
    let dependencies_file = output.cache_dir().join("dependencies");
    let recorded = previous.as_ref().and_then(|_| Recorded::read(&dependencies_file)).filter(|r| r.base == base && r.structure == structure);
    let pages = plan.page_jobs();
    // The page jobs to key again (by number); when the dependencies recorded last time hold,
    // the others keep the key they have.
    let to_key: Vec<u32> = match (&recorded, &previous) {
        (Some(recorded), Some(_)) => {
            let mut numbers = recorded.shown_by.jobs_showing(&recorded.changed(&records));
            numbers.extend((0..pages.len() as u32).filter(|&n| pages[n as usize].reads_other_files()));
            numbers.sort_unstable();
            numbers.dedup();
            numbers
        }
        _ => (0..pages.len() as u32).collect(),
    };
    let keeping = to_key.len() < pages.len();
    let aggregates = plan.aggregate_jobs();
    let jobs: Vec<Job> = to_key.iter().map(|&n| pages[n as usize]).chain(aggregates.iter().copied()).collect();
    progress.set_message(if previous.is_some() { "updating" } else { "rendering" });
    progress.set_position(0);
    progress.set_length(jobs.len() as u64);
    let run_options = runner::Options { track: true, on_job: &|| progress.inc(1), ..Default::default() };
    let (ran, manifest) = match &previous {
        None => {
            let full = output.full()?;
            let ran = render::run(&plan, &jobs, &runner::Nothing, &full, &run_options)?;
            let manifest = manifest_of(&plan, &jobs, &ran, None);
            full.commit(&manifest)?;
            (ran, manifest)
        }
        Some(previous) => {
            let update = output.incremental(previous)?;
            let ran = render::run(&plan, &jobs, update.held(), &update, &run_options)?;
            let manifest = manifest_of(&plan, &jobs, &ran, keeping.then_some(previous));
            if keeping {
                bring_up_kept_files(&update, &manifest, &ran)?;
            }
            update.commit(&manifest)?;
            (ran, manifest)
        }
    };
    // What the pages were rendered from is no longer needed: it would add to the peak while
    // the caches are written.
    drop(plan);
    drop(known);
    let mut shown_by = recorded.map(|r| r.shown_by).unwrap_or_default();
    // The page jobs come first in `jobs`, in the order of `to_key`.
    for (reads, number) in ran.reads.iter().zip(&to_key) {
        shown_by.add(*number, reads);
    }
    keep_for_next_time(options, &archive, Recorded::new(base, structure, records, shown_by), &dependencies_file)?;
    progress.finish_and_clear();
    let warnings = previous.as_ref().map(|previous| lost_urls(previous, &manifest)).unwrap_or_default();
    Ok(BuildSummary {
        statements: archive.statements.len(),
        statements_read: archive.statements_read,
        files: manifest.files.len(),
        written: ran.written,
        output: target,
        elapsed: started.elapsed(),
        warnings,
    })
}

/// What the output folder will hold: each job's file, key and the content file it publishes.
/// When `kept` is the previous build's manifest (the same pages, some of them not run), the
/// files not run keep their entry there; the aggregates' files are all among those run.
fn manifest_of(plan: &Plan, jobs: &[Job], ran: &render::Ran, kept: Option<&Manifest>) -> Manifest {
    let mut files = match kept {
        Some(kept) => {
            let mut files = kept.files.clone();
            files.retain(|file, _| !render::jobs::is_aggregate_file(file));
            files
        }
        None => std::collections::BTreeMap::new(),
    };
    for (&job, (file, key)) in jobs.iter().zip(&ran.files) {
        files.insert(file.clone(), Entry { key: *key, owner: plan.owner(job).map(|p| p.display().to_string()) });
    }
    Manifest { program: fingerprint::of_this_program(), files }
}

/// The files this build kept as they are, which the spare (one build behind) may not hold yet:
/// linked from the live site, which does.
fn bring_up_kept_files(update: &IncrementalBuild, manifest: &Manifest, ran: &render::Ran) -> Result<()> {
    let run: std::collections::HashSet<&str> = ran.files.iter().map(|(file, _)| file.as_str()).collect();
    for (file, entry) in &manifest.files {
        if !run.contains(file.as_str()) && update.held().files.get(file).map(|e| e.key) != Some(entry.key) {
            update.take_from_live(file).with_context(|| format!("cannot bring {file} into the next build"))?;
        }
    }
    Ok(())
}

/// Writes what the next build reads back: the pages' dependencies, and the statement files'
/// content cache.
fn keep_for_next_time(options: &BuildOptions, archive: &crate::site::Archive, recorded: Recorded, dependencies_file: &std::path::Path) -> Result<()> {
    keep_content_cache(options, archive)?;
    recorded.write(dependencies_file).with_context(|| format!("cannot write {}", dependencies_file.display()))
}

/// A warning for each page of a statement, note or free page that the previous build
/// published and this one does not: links and citations to it now break.
fn lost_urls(previous: &Manifest, next: &Manifest) -> Vec<String> {
    previous
        .lost_pages(next)
        .map(|(file, owner)| {
            let url = format!("/{}", file.strip_suffix("index.html").unwrap_or(file));
            format!("{owner}: {url} was published by the previous build and no longer is; to keep links to it working, add `aliases = [\"{url}\"]` to the file that holds it now")
        })
        .collect()
}
