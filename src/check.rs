//! `annals check`: everything a build checks, without writing the site, and more: topics and
//! kinds that `site.toml` does not define, source files and line ranges that do not exist,
//! and with `--links` every internal link of the rendered pages.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use indicatif::ProgressBar;

use crate::error::{Problem, Problems};
use crate::output::Memory;
use crate::render::{runner, Cache, ItemCache, Plan};
use crate::site::Archive;
use crate::BuildOptions;

#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub root: PathBuf,
    /// Only report problems in these files (and the statements they refer to).
    pub paths: Vec<PathBuf>,
    pub links: bool,
}

/// Checks the archive; `Ok(n)` is the number of content files checked, with no problem found.
///
/// Pages are rendered as a build renders them, against the keys of the site in `public/` when
/// there is one: a page whose inputs did not change since that build rendered it cannot have
/// a problem. With `links`, every page is rendered, to read its links.
pub fn check(options: &CheckOptions) -> Result<usize, Problems> {
    let build = BuildOptions { root: options.root.clone(), output: None, include_drafts: true, base_url: None, clean: false };
    let (archive, theme, mut problems) = crate::load_all(&build, &ProgressBar::hidden())?;
    let memory = Memory::default();
    let built = (!options.links).then(|| crate::output::disk::current_manifest(&options.root.join("public"))).flatten();
    let cache: &dyn Cache = match &built {
        Some(manifest) => manifest,
        None => &runner::Nothing,
    };
    let known = ItemCache::new();
    match Plan::new(&archive, &options.root, &theme, &known) {
        Ok(plan) => {
            if let Err(found) = crate::render::run(&plan, &plan.all_jobs(), cache, &memory, &runner::Options::default()) {
                problems.extend(found.0);
            }
        }
        Err(found) => problems.extend(found.0),
    }
    problems.extend(undefined_terms(&archive, &options.root));
    problems.extend(missing_sources(&archive, &options.root));
    if options.links {
        problems.extend(broken_links(&memory, &archive.config.base_path, &archive.config.base_url));
    }
    let checked = archive.statements.len() + archive.pages.len() + archive.notes.len();
    if !options.paths.is_empty() {
        let wanted = wanted_files(&archive, &options.root, &options.paths);
        problems.0.retain(|p| wanted.contains(&normalise(&p.path)));
    }
    problems.into_result(checked)
}

/// Statements the importer flagged for review, each as `file:line: review date, boundary`, in
/// the archive's order: what an editor still has to check.
pub fn review(root: &Path) -> Result<Vec<String>, Problems> {
    let build = BuildOptions { root: root.to_path_buf(), output: None, include_drafts: true, base_url: None, clean: false };
    let (archive, _, _) = crate::load_all(&build, &ProgressBar::hidden())?;
    Ok(archive
        .statements
        .iter()
        .filter(|statement| !statement.review.is_empty())
        .map(|statement| {
            let line = crate::content::statement::key_line(&statement.head, "review").unwrap_or(1);
            format!("{}:{line}: review {}", statement.path.display(), statement.review.join(", "))
        })
        .collect())
}

fn normalise(path: &Path) -> PathBuf {
    path.components().filter(|c| !matches!(c, std::path::Component::CurDir)).collect()
}

/// The given files, relative to the root, and the statements the given notes refer to.
fn wanted_files(archive: &Archive, root: &Path, paths: &[PathBuf]) -> HashSet<PathBuf> {
    let root_abs = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let mut wanted: HashSet<PathBuf> = paths
        .iter()
        .map(|p| {
            let abs = std::path::absolute(p).unwrap_or_else(|_| p.clone());
            normalise(abs.strip_prefix(&root_abs).unwrap_or(p))
        })
        .collect();
    let referenced: Vec<PathBuf> = archive
        .notes
        .iter()
        .filter(|n| wanted.contains(&normalise(&n.path)))
        .flat_map(|note| note.statements.iter().filter_map(|id| archive.statement_index(id)))
        .map(|i| normalise(&archive.statements[i].path))
        .collect();
    wanted.extend(referenced);
    wanted
}

/// Statements whose topics or kind `site.toml` does not define: they render under their slug,
/// which is usually a typo or a topic someone forgot to describe.
fn undefined_terms(archive: &Archive, root: &Path) -> Vec<Problem> {
    let topics: HashSet<&str> = archive.config.topics.iter().map(|t| t.slug.as_str()).collect();
    let kinds: HashSet<&str> = archive.config.kinds.iter().map(|k| k.slug.as_str()).collect();
    let mut problems = Vec::new();
    for statement in &archive.statements {
        let mut found: Vec<(&str, String)> = Vec::new();
        for topic in &statement.topics {
            let slug = crate::slug::slugify(topic).unwrap_or_default();
            if !topics.contains(slug.as_str()) {
                found.push(("topics", format!("topic {topic:?} is not defined in site.toml (add a [[topics]] entry, or fix the name)")));
            }
        }
        if let Some(kind) = statement.kind.as_deref().filter(|k| !kinds.contains(k)) {
            found.push(("kind", format!("kind {kind:?} is not defined in site.toml (known kinds: {})", archive.config.kinds.iter().map(|k| k.slug.as_str()).collect::<Vec<_>>().join(", "))));
        }
        if found.is_empty() {
            continue;
        }
        let text = crate::fs::read_text(&root.join(&statement.path)).unwrap_or_default();
        for (key, message) in found {
            let line = crate::content::statement::key_line(&text, key);
            problems.push(Problem::new(&statement.path, line, message));
        }
    }
    problems
}

/// `[source]` files that do not exist, and line ranges beyond their end.
fn missing_sources(archive: &Archive, root: &Path) -> Vec<Problem> {
    let mut line_counts: HashMap<&str, Option<u64>> = HashMap::new();
    let mut problems = Vec::new();
    for statement in &archive.statements {
        let Some(source) = &statement.source else { continue };
        let Some(file) = source.file.as_deref() else { continue };
        let count = *line_counts.entry(file).or_insert_with(|| {
            let safe = !Path::new(file).components().any(|c| matches!(c, std::path::Component::ParentDir | std::path::Component::RootDir));
            safe.then(|| std::fs::read(root.join(file)).ok().map(|b| b.split(|&c| c == b'\n').count() as u64)).flatten()
        });
        let mut found: Vec<(&str, String)> = Vec::new();
        match count {
            None => found.push(("file", format!("source file {file:?} does not exist (paths are relative to the archive's folder)"))),
            Some(lines) => {
                for [start, end] in source.lines.iter().chain(&source.duplicates).filter(|[_, end]| *end > lines) {
                    found.push(("lines", format!("lines [{start}, {end}] run past the end of {file}, which has {lines} lines")));
                }
            }
        }
        if found.is_empty() {
            continue;
        }
        // Only statements with a problem are read again, once, to point at the key's line.
        let text = crate::fs::read_text(&root.join(&statement.path)).unwrap_or_default();
        for (key, message) in found {
            problems.push(Problem::new(&statement.path, crate::content::statement::key_line(&text, key), message));
        }
    }
    problems
}

/// Internal links and assets of every rendered HTML page that lead to no rendered file.
fn broken_links(memory: &Memory, base_path: &str, base_url: &str) -> Vec<Problem> {
    let paths: BTreeSet<String> = memory.paths().into_iter().collect();
    let mut problems = Vec::new();
    for page in paths.iter().filter(|p| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(&memory.get(page).expect("listed")).into_owned();
        let mut seen = HashSet::new();
        for target in attribute_values(&html, &["href", "src"]) {
            let target = target.split(['#', '?']).next().unwrap_or("").replace("&amp;", "&");
            let inside = if let Some(rest) = target.strip_prefix(base_url) {
                rest.to_string()
            } else if let Some(rest) = target.strip_prefix(base_path) {
                rest.to_string()
            } else {
                continue; // another site, mailto:, a fragment or a relative link
            };
            let file = if inside.is_empty() || inside.ends_with('/') { format!("{inside}index.html") } else { inside };
            if !paths.contains(&file) && seen.insert(file.clone()) {
                problems.push(Problem::in_file(format!("public/{page}"), format!("broken link to {target}")));
            }
        }
    }
    problems
}

/// The values of the named attributes in an HTML text, as written (quoted with `"`).
fn attribute_values<'a>(html: &'a str, names: &[&str]) -> Vec<&'a str> {
    let mut values = Vec::new();
    for name in names {
        let pattern = format!(" {name}=\"");
        let mut rest = html;
        while let Some(at) = rest.find(&pattern) {
            rest = &rest[at + pattern.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            values.push(&rest[..end]);
            rest = &rest[end..];
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_broken_links_only() {
        let memory = Memory::default();
        use crate::output::Sink;
        memory.write("index.html", b"<a href=\"/a/\">a</a> <a href=\"/b/#x\">b</a> <img src=\"/archive-only.png\"> <a href=\"https://elsewhere.org/\">x</a> <a href=\"https://me.org/a/\">self</a>").unwrap();
        memory.write("a/index.html", b"").unwrap();
        let problems = broken_links(&memory, "/", "https://me.org/");
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(shown, ["public/index.html: broken link to /b/", "public/index.html: broken link to /archive-only.png"]);
    }
}
