//! Themes: the Tera templates and static files a site is rendered with.
//!
//! The default theme lives in `themes/default/` of this repository and is compiled into the
//! binary, so a site without a `themes/` folder builds. Files are looked up in this order, the
//! first found winning: the site's own `templates/` (and `static/`), the theme named in
//! `site.toml` under the site's `themes/`, then the built-in default theme. The translation
//! table is layered the same way (see [`i18n`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::Tera;

use crate::config::SiteConfig;
use crate::error::{Problem, Problems};
use crate::fingerprint::{Fingerprint, Hasher};

use super::i18n::{self, Translations};

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/", $name)))),*]
    };
}

/// The default theme's files, by path inside the theme folder.
const BUILTIN: &[(&str, &str)] = builtin!(
    "templates/base.html",
    "templates/index.html",
    "templates/statement.html",
    "templates/taxonomy.html",
    "templates/term.html",
    "templates/timeline.html",
    "templates/timeline_year.html",
    "templates/timeline_month.html",
    "templates/timeline_undated.html",
    "templates/page.html",
    "templates/404.html",
    "templates/atom.xml",
    "templates/sitemap.xml",
    "templates/sitemap_index.xml",
    "templates/robots.txt",
    "templates/partials/item.html",
    "templates/partials/bar_chart.html",
    "templates/partials/pagination.html",
    "templates/partials/statement_card.html",
    "templates/search.html",
    "templates/notes.html",
    "templates/note.html",
    "templates/source.html",
    "templates/alias.html",
    "static/style.css",
    "static/search.js",
    "static/stem-en.js",
    "static/stem-ru.js",
    "static/favicon.svg",
);

pub struct Theme {
    pub tera: Tera,
    /// The site's words in its language, which templates read through `t(key=…)`.
    pub translations: Arc<Translations>,
    /// Static files to copy to the output root, by output path, sorted.
    pub static_files: Vec<(String, Vec<u8>)>,
    /// Each template's key (see [`Theme::template_key`]), to tell which pages a changed
    /// template affects.
    keys: BTreeMap<String, Fingerprint>,
}

impl Theme {
    pub fn load(root: &Path, config: &SiteConfig) -> Result<Theme, Problems> {
        let mut problems = Problems::default();
        let theme_dir = root.join("themes").join(&config.theme);
        if config.theme != "default" && !theme_dir.is_dir() {
            problems.push(Problem::in_file(
                root.join(crate::config::CONFIG_FILE),
                format!("theme {:?} not found: there is no folder {}", config.theme, theme_dir.display()),
            ));
            return Err(problems);
        }
        // name → (source, where it came from)
        let mut templates: BTreeMap<String, (String, PathBuf)> = BTreeMap::new();
        let mut static_files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for (path, text) in BUILTIN {
            if let Some(name) = path.strip_prefix("templates/") {
                templates.insert(name.to_string(), (text.to_string(), PathBuf::from("(built-in theme)").join(path)));
            } else if let Some(name) = path.strip_prefix("static/") {
                static_files.insert(name.to_string(), text.as_bytes().to_vec());
            }
        }
        for dir in [theme_dir.clone(), root.to_path_buf()] {
            for (name, path, bytes) in read_tree(&dir.join("templates"), root, &mut problems) {
                match String::from_utf8(bytes) {
                    Ok(text) => {
                        templates.insert(name, (text, path));
                    }
                    Err(_) => problems.push(Problem::in_file(path, "template is not UTF-8 text")),
                }
            }
            for (name, _, bytes) in read_tree(&dir.join("static"), root, &mut problems) {
                static_files.insert(name, bytes);
            }
        }
        let translations = match i18n::load(root, config) {
            Ok(table) => Arc::new(table),
            Err(found) => {
                problems.extend(found.0);
                return Err(problems);
            }
        };
        let mut tera = Tera::default();
        tera.set_escape_fn(escape_html);
        tera.register_function("t", i18n::TeraFunction(translations.clone()));
        let sources: Vec<(String, String)> = templates.iter().map(|(name, (text, _))| (name.clone(), text.clone())).collect();
        if let Err(err) = tera.add_raw_templates(sources) {
            problems.push(template_problem(&err, &templates));
        }
        let sources: BTreeMap<String, String> = templates.into_iter().map(|(name, (text, _))| (name, text)).collect();
        let keys = sources.keys().map(|name| (name.clone(), key_of(&tera, &sources, name))).collect();
        problems.into_result(Theme { tera, translations, static_files: static_files.into_iter().collect(), keys })
    }

    /// Every template's key, by name.
    pub fn template_keys(&self) -> impl Iterator<Item = (&str, Fingerprint)> {
        self.keys.iter().map(|(name, key)| (name.as_str(), *key))
    }

    /// The fingerprint of what a page rendered with `name` depends on in the theme: the
    /// template, the templates it extends, and the partials (which any of them may include).
    pub fn template_key(&self, name: &str) -> Fingerprint {
        self.keys.get(name).copied().unwrap_or_else(|| Hasher::new("no such template").text(name).finish())
    }
}

fn key_of(tera: &Tera, sources: &BTreeMap<String, String>, name: &str) -> Fingerprint {
    let mut chain: Vec<&str> = vec![name];
    if let Ok(template) = tera.get_template(name) {
        chain.extend(template.parents.iter().map(String::as_str));
    }
    let mut hasher = Hasher::new("template");
    for text in chain.iter().filter_map(|n| sources.get(*n)) {
        hasher.text(text);
    }
    for (partial, text) in sources.iter().filter(|(n, _)| n.starts_with("partials/")) {
        hasher.text(partial).text(text);
    }
    hasher.finish()
}

/// Escapes what HTML and XML need escaped, in text and in quoted attributes. Tera's own
/// escaper also escapes `/`, which bloats every URL without making anything safer.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// JSON made safe inside a `<script>` element: `<`, `>` and `&` written as escapes, so no
/// text in it can close the element.
pub fn script_safe_json(json: &str) -> String {
    json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

/// Every file below `dir` as (name, path shown to the user, bytes), `name` being its path
/// inside `dir` with `/` separators.
fn read_tree(dir: &Path, root: &Path, problems: &mut Problems) -> Vec<(String, PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    if !dir.is_dir() {
        return files;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter() {
        let shown = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let name = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                let file_name = entry.file_name().to_string_lossy();
                if crate::content::is_hidden_or_temporary(&file_name) {
                    continue;
                }
                let name = name.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                match std::fs::read(entry.path()) {
                    Ok(bytes) => files.push((name, shown(entry.path()), bytes)),
                    Err(err) => problems.push(Problem::in_file(shown(entry.path()), format!("cannot read: {err}"))),
                }
            }
            Ok(_) => {}
            Err(err) => problems.push(Problem::in_file(shown(err.path().unwrap_or(dir)), format!("cannot read: {err}"))),
        }
    }
    files
}

/// A Tera error as a problem naming the template's file, with Tera's whole explanation (which
/// holds the line and column).
fn template_problem(err: &tera::Error, templates: &BTreeMap<String, (String, PathBuf)>) -> Problem {
    let chain = error_chain(err);
    let path = templates
        .iter()
        .find(|(name, _)| chain.contains(&format!("'{name}'")))
        .map(|(_, (_, path))| path.clone())
        .unwrap_or_else(|| PathBuf::from("templates"));
    Problem::in_file(path, chain)
}

/// Tera's message and every cause below it, on one line.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text.replace('\n', " ")
}
