//! Watching the archive's files, and telling what kind of change each saved file is.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::content::ContentKind;

/// The archive's folders a change in which changes the site (site.toml too).
const WATCHED_DIRS: [&str; 6] = ["content", "themes", "templates", "static", "sources", "i18n"];
/// Saves closer together than this are one change.
const DEBOUNCE: Duration = Duration::from_millis(25);

/// What a changed file is to the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A statement, note or page file (by its path relative to the root).
    Content(PathBuf),
    /// A folder under `content/` that appeared: every content file is read again.
    ContentFolder,
    /// Something under `content/` that is gone and was not a content file: a folder that
    /// held some (then every content file is read again), or an editor's temporary file.
    Gone(PathBuf),
    /// A template.
    Template,
    StaticFile,
    /// A source dump: its pages, and the statements that link to it.
    Source,
    /// site.toml or a translation file.
    Config,
}

/// What is at a changed path now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Now {
    File,
    Folder,
    Nothing,
}

impl Now {
    pub fn of(path: &Path) -> Now {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => Now::Folder,
            Ok(_) => Now::File,
            Err(_) => Now::Nothing,
        }
    }
}

/// The kind of change a path relative to the archive root is, for a site with theme `theme`;
/// `None` for what does not change the site (an editor's temporary file, another theme).
pub fn classify(rel: &Path, theme: &str, now: Now) -> Option<Change> {
    let name = rel.file_name()?.to_string_lossy();
    if is_ignored(&name) {
        return None;
    }
    if rel == Path::new(crate::config::CONFIG_FILE) {
        return Some(Change::Config);
    }
    let theme_dir = Path::new("themes").join(theme);
    if rel.starts_with("content") {
        return match (ContentKind::of(rel), now) {
            (_, Now::Folder) => Some(Change::ContentFolder),
            (Some(_), Now::File | Now::Nothing) => Some(Change::Content(rel.to_path_buf())),
            (None, Now::Nothing) => Some(Change::Gone(rel.to_path_buf())),
            (None, Now::File) => None,
        };
    }
    // Translations name the taxonomies and kinds that site.toml leaves unnamed: like the
    // configuration, they reach everything.
    if rel.starts_with("i18n") || rel.starts_with(theme_dir.join("i18n")) {
        return Some(Change::Config);
    }
    if rel.starts_with("templates") || rel.starts_with(theme_dir.join("templates")) {
        return Some(Change::Template);
    }
    if rel.starts_with("static") || rel.starts_with(theme_dir.join("static")) {
        return Some(Change::StaticFile);
    }
    if rel.starts_with("sources") {
        return Some(Change::Source);
    }
    None
}

/// Editors' backup and swap files, and files being written by the importer.
fn is_ignored(name: &str) -> bool {
    crate::content::is_hidden_or_temporary(name) || name.ends_with(".importing") || name.ends_with(".tmp") || name == "4913"
}

/// Watches the archive's root (for site.toml, and for the site's folders appearing later; not
/// its subfolders: public/ may hold 100,000 folders) and each of the site's folders.
pub fn watch(root: &Path, events: std::sync::mpsc::Sender<notify::Result<notify::Event>>) -> Result<RecommendedWatcher> {
    let mut watcher = notify::recommended_watcher(events).context("cannot watch the archive's files")?;
    watcher.watch(root, RecursiveMode::NonRecursive).with_context(|| format!("cannot watch {}", root.display()))?;
    for dir in WATCHED_DIRS {
        let path = root.join(dir);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive).with_context(|| format!("cannot watch {}", path.display()))?;
        }
    }
    Ok(watcher)
}

/// The next burst of changes to the site's files, as absolute paths: waits for a change that
/// matters, then gathers those that follow within [`DEBOUNCE`] of each other. Reads are not
/// changes, and do not hold a burst open: the preview reads statement files while it renders,
/// and a burst that waited for quiet would wait as long as it does. `None` when the watcher
/// is gone.
pub fn next_changes(events: &Receiver<notify::Result<notify::Event>>, root: &Path) -> Option<Vec<PathBuf>> {
    let relevant = |event: notify::Result<notify::Event>| -> Vec<PathBuf> {
        match event {
            Ok(event) if matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)) => {
                event.paths.into_iter().filter(|p| is_site_file(p, root)).collect()
            }
            _ => Vec::new(),
        }
    };
    let mut paths = Vec::new();
    while paths.is_empty() {
        paths = relevant(events.recv().ok()?);
    }
    let mut quiet_until = Instant::now() + DEBOUNCE;
    while let Ok(event) = events.recv_timeout(quiet_until.saturating_duration_since(Instant::now())) {
        let changed = relevant(event);
        if !changed.is_empty() {
            paths.extend(changed);
            quiet_until = Instant::now() + DEBOUNCE;
        }
    }
    paths.sort();
    paths.dedup();
    Some(paths)
}

/// site.toml, or anything in the site's folders (not public/ or .git/).
fn is_site_file(path: &Path, root: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let first = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
    first == crate::config::CONFIG_FILE || WATCHED_DIRS.contains(&first.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(rel: &str) -> Option<Change> {
        classify(Path::new(rel), "default", Now::File)
    }

    #[test]
    fn changes_are_told_apart() {
        assert_eq!(kind("site.toml"), Some(Change::Config));
        assert_eq!(kind("content/statements/2020/a.md"), Some(Change::Content("content/statements/2020/a.md".into())));
        assert_eq!(kind("content/notes/n.md"), Some(Change::Content("content/notes/n.md".into())));
        assert_eq!(kind("content/pages/about.md"), Some(Change::Content("content/pages/about.md".into())));
        assert_eq!(classify(Path::new("content/statements/2021"), "default", Now::Folder), Some(Change::ContentFolder));
        assert_eq!(classify(Path::new("content/statements/2021"), "default", Now::Nothing), Some(Change::Gone("content/statements/2021".into())));
        assert_eq!(classify(Path::new("content/statements/2021/a.md"), "default", Now::Nothing), Some(Change::Content("content/statements/2021/a.md".into())), "a file deleted");
        assert_eq!(kind("content/statements/picture.png"), None);
        assert_eq!(kind("templates/404.html"), Some(Change::Template));
        assert_eq!(kind("templates/partials/item.html"), Some(Change::Template));
        assert_eq!(kind("themes/default/templates/base.html"), Some(Change::Template));
        assert_eq!(kind("i18n/ru.toml"), Some(Change::Config));
        assert_eq!(kind("themes/default/i18n/en.toml"), Some(Change::Config));
        assert_eq!(kind("themes/other/templates/base.html"), None, "a theme the site does not use");
        assert_eq!(kind("static/style.css"), Some(Change::StaticFile));
        assert_eq!(kind("themes/default/static/search.js"), Some(Change::StaticFile));
        assert_eq!(kind("sources/000.txt"), Some(Change::Source));
        assert_eq!(kind("README.md"), None);
    }

    /// The preview reads statement files while it renders: a burst of changes ends
    /// [`DEBOUNCE`] after the last change, however many reads go on.
    #[test]
    fn reads_do_not_hold_a_burst_of_changes_open() {
        let root = std::env::temp_dir().join("annals-watch-test");
        let file = root.join("content/statements/a.md");
        let (sender, events) = std::sync::mpsc::channel();
        let event = {
            let file = file.clone();
            move |kind: EventKind| -> notify::Result<notify::Event> { Ok(notify::Event::new(kind).add_path(file.clone())) }
        };
        sender.send(event(EventKind::Modify(notify::event::ModifyKind::Any))).unwrap();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let reads = {
            let (stop, event) = (stop.clone(), event.clone());
            std::thread::spawn(move || {
                // Reads every few milliseconds, for longer than any burst should last.
                for _ in 0..2000 {
                    if stop.load(std::sync::atomic::Ordering::Relaxed) || sender.send(event(EventKind::Access(notify::event::AccessKind::Any))).is_err() {
                        return false;
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
                true
            })
        };
        let paths = next_changes(&events, &root).expect("a burst");
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        assert_eq!(paths, vec![file.clone()]);
        assert!(!reads.join().unwrap(), "the burst ended while the reads went on");
    }

    #[test]
    fn editor_files_are_ignored() {
        for name in ["content/statements/.#a.md", "content/statements/a.md~", "content/statements/.a.md.swp", "content/statements/4913", "content/statements/x.md.importing", "templates/.base.html.swp"] {
            assert_eq!(kind(name), None, "{name}");
        }
    }
}
