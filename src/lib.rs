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

mod build;
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

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub use build::{build, BuildSummary};
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
    let cache = || if options.clean { None } else { content::cache::ContentCache::read(&build::content_cache_of(options)) };
    let (content, mut problems) = content::load_all(&options.root, options.include_drafts, cache, &|| progress.inc(1));
    match theme {
        Ok(theme) => {
            config.name_defaults(|key| theme.translations.word(key));
            Ok((config, theme, content, problems))
        }
        Err(theme_problems) => {
            problems.extend(theme_problems.0);
            Err(problems)
        }
    }
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
pub(crate) fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg:12} [{bar:40}] {pos}/{len} ({eta})")
            .expect("the template is valid")
            .progress_chars("=> "),
    );
    bar
}
