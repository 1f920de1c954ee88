//! annals: a static site generator for curated archives of official statements.
//!
//! The code follows the data:
//!
//! ```text
//! sources/ ──→ import ──→ content/
//! site.toml ─→ config ─┐
//! content/ ──→ content ┴→ site (Archive) ─→ render (jobs: templates, Markdown, feeds, search)
//!                                             ─→ output (memory, or disk: atomic, incremental)
//! ```
//!
//! [`build`] runs that pipeline; `check` and `serve` run the same one (the render stage's
//! [`render::run`] with the keys of what they built before); `main.rs` is only the command
//! line around them.

pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod error;
pub mod fingerprint;
pub mod fs;
pub mod import;
pub mod init;
pub mod markdown;
pub mod new;
pub mod output;
pub mod render;
pub mod serve;
pub mod shortcodes;
pub mod site;
pub mod slug;
pub mod text;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use config::SiteConfig;
use render::Theme;
use site::Archive;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The archive: the folder holding `site.toml`.
    pub root: PathBuf,
    /// The output folder; default `public/` in the root.
    pub output: Option<PathBuf>,
    pub include_drafts: bool,
    /// Replaces `base_url` from `site.toml` (for previews).
    pub base_url: Option<String>,
    /// Render every file, whatever the previous build in the output folder holds.
    pub clean: bool,
}

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

/// Loads the configuration, the content and the theme: everything but writing. Fails with
/// every problem found.
pub fn load(options: &BuildOptions, progress: &ProgressBar) -> Result<(Archive, Theme), error::Problems> {
    let (archive, theme, problems) = load_all(options, progress)?;
    problems.into_result((archive, theme))
}

/// Loads what is good, with the problems of the rest: `check` renders it to find more. Fails
/// only when nothing can be rendered (no configuration, a broken theme).
pub fn load_all(options: &BuildOptions, progress: &ProgressBar) -> Result<(Archive, Theme, error::Problems), error::Problems> {
    let (config, theme, content, mut problems) = load_parts(options, progress)?;
    let (archive, archive_problems) = Archive::with_problems(config, content);
    problems.extend(archive_problems.0);
    Ok((archive, theme, problems))
}

/// The configuration (with `--base-url` applied), the theme and the content, and the problems
/// of the files that could not be loaded.
pub fn load_parts(options: &BuildOptions, progress: &ProgressBar) -> Result<(SiteConfig, Theme, content::Content, error::Problems), error::Problems> {
    let mut config = SiteConfig::load(&options.root)?;
    if let Some(base_url) = &options.base_url {
        let text = format!("title = {:?}\nbase_url = {:?}\n", config.title, base_url);
        let derived = SiteConfig::parse(Path::new("--base-url"), &text)?;
        config.base_url = derived.base_url;
        config.base_path = derived.base_path;
    }
    let theme = Theme::load(&options.root, &config);
    progress.set_message("reading content");
    let cache = (!options.clean).then(|| content::cache::ContentCache::read(&content_cache_of(options))).flatten();
    let (content, mut problems) = content::load_all(&options.root, options.include_drafts, cache, &|| progress.inc(1));
    match theme {
        Ok(theme) => Ok((config, theme, content, problems)),
        Err(theme_problems) => {
            problems.extend(theme_problems.0);
            Err(problems)
        }
    }
}

/// Where a build into `options`' output keeps what it read of the statement files.
fn content_cache_of(options: &BuildOptions) -> PathBuf {
    let target = options.output.clone().unwrap_or_else(|| options.root.join("public"));
    output::disk::cache_of(&target).join("content")
}

/// Builds the site: the whole pipeline. Into an output folder that holds a previous build,
/// only the files whose inputs changed are rendered; either way the new site replaces the old
/// one at once, and only when the whole build succeeded.
pub fn build(options: &BuildOptions) -> Result<BuildSummary> {
    let started = Instant::now();
    let progress = progress_bar();
    let (archive, theme) = load(options, &progress)?;
    let target = options.output.clone().unwrap_or_else(|| options.root.join("public"));
    let output = output::disk::Output::open(&target, &options.root)?;
    let previous = if options.clean { None } else { output.manifest() };
    let known = render::ItemCache::new();
    let plan = render::Plan::new(&archive, &options.root, &theme, &known)?;
    let jobs = plan.all_jobs();
    progress.set_message(if previous.is_some() { "updating" } else { "rendering" });
    progress.set_position(0);
    progress.set_length(jobs.len() as u64);
    let run_options = render::runner::Options { track: false, on_job: &|| progress.inc(1) };
    let (ran, manifest) = match &previous {
        None => {
            let full = output.full()?;
            let ran = render::run(&plan, &jobs, &render::runner::Nothing, &full, &run_options)?;
            let manifest = manifest_of(&plan, &jobs, &ran);
            full.commit(&manifest)?;
            (ran, manifest)
        }
        Some(previous) => {
            let update = output.incremental(previous)?;
            let ran = render::run(&plan, &jobs, update.held(), &update, &run_options)?;
            let manifest = manifest_of(&plan, &jobs, &ran);
            update.commit(&manifest)?;
            (ran, manifest)
        }
    };
    content::cache::ContentCache::write(&output.cache_dir().join("content"), &archive.statements, &archive.vocabulary, archive.loaded_at)
        .with_context(|| format!("cannot write the build cache in {}", output.cache_dir().display()))?;
    progress.finish_and_clear();
    let warnings = previous.as_ref().map(|previous| lost_urls(previous, &manifest)).unwrap_or_default();
    Ok(BuildSummary { statements: archive.statements.len(), statements_read: archive.statements_read, files: jobs.len(), written: ran.written, output: target, elapsed: started.elapsed(), warnings })
}

/// What the output folder will hold: each job's file, key and the content file it publishes.
fn manifest_of(plan: &render::Plan, jobs: &[render::Job], ran: &render::Ran) -> output::manifest::Manifest {
    let files = jobs
        .iter()
        .zip(&ran.files)
        .map(|(&job, (file, key))| (file.clone(), output::manifest::Entry { key: *key, owner: plan.owner(job).map(|p| p.display().to_string()) }))
        .collect();
    output::manifest::Manifest { program: fingerprint::of_this_program(), files }
}

/// A warning for each page of a statement, note or free page that the previous build
/// published and this one does not: links and citations to it now break.
fn lost_urls(previous: &output::manifest::Manifest, next: &output::manifest::Manifest) -> Vec<String> {
    previous
        .lost_pages(next)
        .map(|(file, owner)| {
            let url = format!("/{}", file.strip_suffix("index.html").unwrap_or(file));
            format!("{owner}: {url} was published by the previous build and no longer is; to keep links to it working, add `aliases = [\"{url}\"]` to the file that holds it now")
        })
        .collect()
}

/// Imports raw dumps (see [`import::import`]), with a progress bar on a terminal.
pub fn import(options: &import::ImportOptions) -> Result<import::ImportSummary> {
    let config = SiteConfig::load(&options.root)?;
    let progress = progress_bar();
    progress.set_message("importing");
    let summary = import::import(options, &config, &|total| progress.set_length(total as u64), &|| progress.inc(1))?;
    progress.finish_and_clear();
    Ok(summary)
}

/// A bar on a terminal; nothing when standard error is not one.
fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg:12} [{bar:40}] {pos}/{len} ({eta})")
            .expect("the template is valid")
            .progress_chars("=> "),
    );
    bar
}
