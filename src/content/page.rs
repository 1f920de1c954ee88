//! A free page (`content/pages/<slug>.md`): about, methodology. Written by editors, so trusted.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Problem;
use crate::slug::slugify;

use super::statement::key_line;
use super::{front_matter, site_paths};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    weight: i64,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    extra: toml::Table,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub path: PathBuf,
    pub title: String,
    pub description: Option<String>,
    /// Order in the site navigation: lighter first, then by title.
    pub weight: i64,
    pub draft: bool,
    /// Earlier URLs of the page, redirected here.
    pub aliases: Vec<String>,
    pub extra: toml::Table,
    pub body: String,
    /// The 1-based line the body starts on.
    pub body_line: usize,
    /// A fingerprint of the file's text: what its page depends on.
    pub record_key: crate::fingerprint::Fingerprint,
}

/// What every page of the site takes from a free page (the navigation lists them all), and
/// what decides its URL (see [`super::StatementShape`]).
#[derive(Debug, PartialEq, Eq, serde::Serialize)]
pub struct PageShape<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub weight: i64,
    pub draft: bool,
    pub aliases: &'a [String],
}

impl Page {
    pub fn shape(&self) -> PageShape<'_> {
        PageShape { slug: &self.slug, title: &self.title, weight: self.weight, draft: self.draft, aliases: &self.aliases }
    }

    pub fn parse(path: &Path, text: &str) -> Result<Page, Vec<Problem>> {
        let (fm, split): (FrontMatter, _) = front_matter::parse(path, text)?;
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let mut problems = Vec::new();
        let slug = slugify(&stem).unwrap_or_default();
        if slug.is_empty() {
            problems.push(Problem::at_line(path, 1, format!("the file name {stem:?} has no letters or digits to make a URL from")));
        }
        if fm.title.trim().is_empty() {
            problems.push(Problem::at_line(path, 2, "`title` must not be empty"));
        }
        let aliases = site_paths::aliases(fm.aliases).unwrap_or_else(|message| {
            let line = key_line(split.front_matter, "aliases").map_or(1, |l| l + split.front_matter_line - 1);
            problems.push(Problem::at_line(path, line, message));
            Vec::new()
        });
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Page {
            slug,
            path: path.to_path_buf(),
            title: fm.title.trim().to_string(),
            description: fm.description,
            weight: fm.weight,
            draft: fm.draft,
            aliases,
            record_key: crate::fingerprint::of_bytes(text.as_bytes()),
            extra: fm.extra,
            body: split.body.to_string(),
            body_line: 1 + text[..split.body_offset].matches('\n').count(),
        })
    }
}
