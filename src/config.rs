//! `site.toml`: the archive's configuration.
//!
//! Only `title` and `base_url` are required; every other key has the default documented on its
//! field. Unknown keys are errors (they are usually typos); free keys for templates go under
//! `[extra]`. Parsing is pure ([`SiteConfig::parse`]); [`SiteConfig::load`] only reads the file.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{toml_problem, Problem, Problems};
use crate::slug::slugify;

pub const CONFIG_FILE: &str = "site.toml";

/// The validated configuration.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The archive's name, shown in every page header. Required.
    pub title: String,
    /// Where the site will live, e.g. `https://example.org/archive/`. Required. Links are
    /// written relative to its path, so the site also works under a sub-path.
    pub base_url: String,
    /// One or two sentences for the home page, feeds and search engines. Default: empty.
    #[serde(default)]
    pub description: String,
    /// Language of the site's own text (BCP 47). Default: `en`.
    #[serde(default = "default_language")]
    pub language: String,
    /// Visual theme: a folder under `themes/`. Default: `default` (also built in).
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Statements per list page (home, terms, undated). Default: 50.
    #[serde(default = "default_paginate_by")]
    pub paginate_by: usize,
    /// Write Atom feeds (`/atom.xml` and one per topic). Default: true.
    #[serde(default = "default_true")]
    pub feeds: bool,
    /// Write the search index and the search page (`/search/`). Default: true.
    #[serde(default = "default_true")]
    pub search: bool,
    /// Entries per feed. Default: 20.
    #[serde(default = "default_feed_limit")]
    pub feed_limit: usize,
    /// Related statements shown on a statement page. Default: 5.
    #[serde(default = "default_related_limit")]
    pub related_limit: usize,
    /// Who publishes the archive (feeds, page metadata). Default: the title.
    #[serde(default)]
    pub author: Option<String>,
    /// Display names of the four taxonomies.
    #[serde(default)]
    pub taxonomies: TaxonomyNames,
    /// Subject groupings with their names and descriptions. Default: none (a topic used by a
    /// statement but not defined here is shown under its slug).
    #[serde(default)]
    pub topics: Vec<TopicDef>,
    /// Kinds of statement. Default: the thirteen kinds annals knows (phone-call … digest).
    #[serde(default = "default_kinds")]
    pub kinds: Vec<KindDef>,
    /// Known people with the name variants the importer recognises. Default: none.
    #[serde(default)]
    pub people: Vec<PersonDef>,
    /// Settings of `annals import`.
    #[serde(default)]
    pub import: ImportConfig,
    /// Texts of the site's language that override the theme's translation table, by key
    /// (see README, "Languages"). Default: none.
    #[serde(default)]
    pub translations: toml::Table,
    /// Free values for templates, as `config.extra`.
    #[serde(default)]
    pub extra: toml::Table,
    /// Derived from `base_url`: its path, always starting and ending with `/`.
    #[serde(skip)]
    pub base_path: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct TaxonomyNames {
    pub topics: String,
    pub tags: String,
    pub people: String,
    pub kinds: String,
}

/// A name left out of site.toml is empty until [`SiteConfig::name_defaults`] gives it the
/// theme's word in the site's language.
impl Default for TaxonomyNames {
    fn default() -> Self {
        TaxonomyNames { topics: String::new(), tags: String::new(), people: String::new(), kinds: String::new() }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TopicDef {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Words and phrases (case-insensitive) that put an imported statement in this topic.
    /// Default: annals' built-in rules for the topic's slug, if it has any.
    #[serde(default)]
    pub keywords: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PersonDef {
    /// The canonical full name, as statements list it.
    pub name: String,
    /// Other spellings in sources: "Lavrov", "С.В.Лавров", "Sergei Lavrov".
    #[serde(default)]
    pub variants: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImportConfig {
    /// Names of countries and organisations that become tags when a statement names them,
    /// besides the built-in list of countries and international organisations. Default: none.
    pub tag_names: Vec<String>,
    /// Kind rules tried before the built-in ones (as in annals' `src/import/rules.toml`).
    pub kind: Vec<crate::import::kind::KindRuleDef>,
    /// Patterns (regular expressions, any case) of lines that start a newsletter's footer,
    /// besides the built-in ones. Default: none.
    pub footer_signals: Vec<String>,
    /// Patterns (any case) of a sender's postal address, which a footer may hold among its
    /// short lines, besides the built-in ones. Default: none.
    pub footer_addresses: Vec<String>,
    /// Patterns (any case) of the words by which a newsletter's masthead names its issue
    /// ("Выпуск"), besides the built-in ones. Default: none.
    pub issue_names: Vec<String>,
    /// Patterns of words that introduce a quote ("says", "заявил"), besides the built-in ones.
    /// Default: none.
    pub quote_introducers: Vec<String>,
    /// Titles that come before a person's name ("Mayor"), besides the built-in ones.
    /// Default: none.
    pub person_titles: Vec<String>,
    /// Patterns (any case) a pointer line opens with ("read also"), besides the built-in
    /// ones: the line ends the item above it. Default: none.
    pub read_more: Vec<String>,
    /// Plain text a forwarded Telegram post's first line opens with ("Forwarded from"),
    /// besides the built-in ones. Default: none.
    pub forwarded: Vec<String>,
    /// Patterns (any case, of the whole line) of Telegram's interface lines to discard
    /// ("VIEW IN TELEGRAM"), besides the built-in ones. Default: none.
    pub ui_lines: Vec<String>,
    /// Patterns of one Telegram reaction counter ("👁\s*\d+"), besides the built-in ones: a
    /// line of nothing but such counters (and a count in ASCII digits) is discarded.
    /// Default: none.
    pub reactions: Vec<String>,
    /// Patterns (any case, of the whole line) of a web page's navigation among its last lines
    /// ("next page"), besides the built-in ones. Default: none.
    pub navigation: Vec<String>,
    /// Patterns (any case, of the whole line but for symbols around it) of a web page's
    /// buttons and counters under its list's items ("Версия для печати"), besides the
    /// built-in ones. Default: none.
    pub page_ui_lines: Vec<String>,
    /// Patterns (any case, anywhere in the line) of a site's notice atop its pages (a cookie
    /// banner), part of a web page's header, besides the built-in ones. Default: none.
    pub banners: Vec<String>,
    /// Patterns (any case, of the whole line) of the heading of a block of links beside a web
    /// page's list ("Popular"), discarded with the block, besides the built-in ones.
    /// Default: none.
    pub sidebars: Vec<String>,
    /// Words (any case) a Telegram poll's first line opens with before a colon ("Опрос:"); the
    /// poll down to its count of votes is discarded, besides the built-in ones. Default: none.
    pub polls: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct KindDef {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_paginate_by() -> usize {
    50
}
fn default_true() -> bool {
    true
}
fn default_feed_limit() -> usize {
    20
}
fn default_related_limit() -> usize {
    5
}

/// The kinds of statement the importer assigns, with their display names.
pub const DEFAULT_KINDS: &[(&str, &str)] = &[
    ("phone-call", "Phone call"),
    ("meeting", "Meeting"),
    ("speech", "Speech"),
    ("interview", "Interview"),
    ("briefing", "Briefing"),
    ("comment", "Comment"),
    ("statement", "Statement"),
    ("press-release", "Press release"),
    ("article", "Article"),
    ("message", "Message"),
    ("news", "News"),
    ("feature", "Feature"),
    ("digest", "Digest"),
];

/// Named by [`SiteConfig::name_defaults`], in the site's language.
fn default_kinds() -> Vec<KindDef> {
    DEFAULT_KINDS.iter().map(|(slug, _)| KindDef { slug: slug.to_string(), name: String::new(), description: String::new() }).collect()
}

impl SiteConfig {
    /// Reads and validates `site.toml` in `root`.
    pub fn load(root: &Path) -> Result<SiteConfig, Problems> {
        let path = root.join(CONFIG_FILE);
        let text = match crate::fs::read_text(&path) {
            Ok(text) => text,
            Err(err) => {
                let message = if !path.exists() {
                    format!("no {CONFIG_FILE} here: is this an annals archive? (`annals init DIR` makes one)")
                } else {
                    err.to_string()
                };
                return Err(Problems(vec![Problem::in_file(&path, message)]));
            }
        };
        Self::parse(&path, &text)
    }

    /// Parses and validates the text of a `site.toml`; `path` only names it in problems.
    /// Names the taxonomies and kinds that site.toml leaves unnamed with the words of the
    /// site's language (`taxonomy_topics`, `kind_phone-call`… of the translation table).
    pub fn name_defaults(&mut self, word: impl Fn(&str) -> String) {
        let names = &mut self.taxonomies;
        for (slug, name) in [("topics", &mut names.topics), ("tags", &mut names.tags), ("people", &mut names.people), ("kinds", &mut names.kinds)] {
            if name.is_empty() {
                *name = word(&format!("taxonomy_{slug}"));
            }
        }
        for kind in self.kinds.iter_mut().filter(|k| k.name.is_empty()) {
            kind.name = word(&format!("kind_{}", kind.slug));
        }
    }

    pub fn parse(path: &Path, text: &str) -> Result<SiteConfig, Problems> {
        let mut config: SiteConfig =
            toml::from_str(text).map_err(|err| Problems(vec![toml_problem(path, text, 1, &err)]))?;
        let mut problems = Problems::default();
        let mut bad = |key: &str, message: String| {
            problems.push(Problem::new(path, line_of_key(text, key), message));
        };
        if config.title.trim().is_empty() {
            bad("title", "`title` must not be empty".into());
        }
        match base_path_of(&config.base_url) {
            Ok(base_path) => {
                config.base_path = base_path;
                if !config.base_url.ends_with('/') {
                    config.base_url.push('/');
                }
            }
            Err(message) => bad("base_url", message),
        }
        if config.paginate_by == 0 {
            bad("paginate_by", "`paginate_by` must be at least 1".into());
        }
        if config.theme.is_empty() || slugify(&config.theme).as_deref() != Some(config.theme.as_str()) {
            bad("theme", format!("`theme` must be a folder name of lowercase letters, digits and `-`, not {:?}", config.theme));
        }
        for (what, slugs) in [
            ("topic", config.topics.iter().map(|t| &t.slug).collect::<Vec<_>>()),
            ("kind", config.kinds.iter().map(|k| &k.slug).collect()),
        ] {
            let mut seen = std::collections::HashSet::new();
            for slug in slugs {
                if slugify(slug).as_deref() != Some(slug.as_str()) {
                    bad("slug", format!("{what} slug {slug:?} must be lowercase letters, digits and `-` (try {:?})", slugify(slug).unwrap_or_default()));
                } else if !seen.insert(slug) {
                    bad("slug", format!("{what} {slug:?} is defined twice"));
                }
            }
        }
        problems.into_result(config)
    }

    /// The root-relative URL of a site path (`statements/x/` → `/archive/statements/x/`).
    pub fn url_path(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path)
    }

    /// The absolute URL of a site path, for feeds, sitemaps and canonical links.
    pub fn absolute_url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    pub fn author(&self) -> &str {
        self.author.as_deref().unwrap_or(&self.title)
    }
}

/// The path part of an `http(s)` URL, normalised to start and end with `/`.
fn base_path_of(base_url: &str) -> Result<String, String> {
    let rest = base_url
        .strip_prefix("https://")
        .or_else(|| base_url.strip_prefix("http://"))
        .ok_or_else(|| format!("`base_url` must start with http:// or https://, not {base_url:?}"))?;
    if rest.contains(['?', '#', ' ']) {
        return Err(format!("`base_url` must not hold a query, fragment or space: {base_url:?}"));
    }
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() {
        return Err(format!("`base_url` has no host: {base_url:?}"));
    }
    let path = path.trim_matches('/');
    Ok(if path.is_empty() { "/".into() } else { format!("/{path}/") })
}

/// The line where `key = …` is set, to point a validation problem at it.
pub fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines().position(|line| {
        line.trim_start().strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('='))
    })
    .map(|index| index + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SiteConfig, Problems> {
        SiteConfig::parse(Path::new("site.toml"), text)
    }

    #[test]
    fn title_and_base_url_are_enough() {
        let config = parse("title = \"A\"\nbase_url = \"https://example.org\"\n").unwrap();
        assert_eq!(config.base_url, "https://example.org/");
        assert_eq!(config.base_path, "/");
        assert_eq!(config.paginate_by, 50);
        assert_eq!(config.theme, "default");
        assert_eq!(config.kinds.len(), DEFAULT_KINDS.len());
        assert!(config.feeds);
        assert!(config.search);
    }

    #[test]
    fn sub_path_base_urls_keep_their_path() {
        let config = parse("title = \"A\"\nbase_url = \"https://example.org/archive\"\n").unwrap();
        assert_eq!(config.base_path, "/archive/");
        assert_eq!(config.url_path("tags/x/"), "/archive/tags/x/");
        assert_eq!(config.absolute_url("atom.xml"), "https://example.org/archive/atom.xml");
    }

    #[test]
    fn bad_values_name_their_line() {
        let err = parse("title = \"A\"\nbase_url = \"ftp://x\"\npaginate_by = 0\n").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("site.toml:2: `base_url` must start with http"), "{text}");
        assert!(text.contains("site.toml:3: `paginate_by` must be at least 1"), "{text}");
    }

    #[test]
    fn unknown_keys_and_missing_title_are_errors() {
        let err = parse("title = \"A\"\nbase_url = \"https://x.org\"\npaginate = 3\n").unwrap_err();
        assert!(err.to_string().contains("site.toml:3: unknown field `paginate`"), "{err}");
        let err = parse("base_url = \"https://x.org\"\n").unwrap_err();
        assert!(err.to_string().contains("missing field `title`"), "{err}");
    }

    #[test]
    fn topic_slugs_must_be_slugs() {
        let err = parse("title = \"A\"\nbase_url = \"https://x.org\"\n[[topics]]\nslug = \"Arms Control\"\nname = \"Arms control\"\n").unwrap_err();
        assert!(err.to_string().contains("try \"arms-control\""), "{err}");
    }
}
