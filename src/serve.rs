//! `annals serve`: the site built in memory and served on 127.0.0.1, rebuilt when a file
//! changes, with open pages reloaded through Server-Sent Events.
//!
//! The server threads only read the current site ([`Memory`]); one builder thread owns the
//! archive and replaces the site when a rebuild succeeds, so a broken file never takes the
//! last good site down: its problems go to the terminal and, as an overlay, to the browser.
//! An edit to a statement's body alone re-renders that statement's page and the feeds. Other
//! content changes re-read only the changed files, rebuild the archive and render the pages
//! whose inputs changed: the statement's page and its neighbours', the lists, timeline pages
//! and feeds it appears on (see [`crate::render::render_changed`]). A change to site.toml or a
//! theme's static files renders everything; a template change renders the pages made with it
//! (a base template or a partial: all of them).

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify::{EventKind, RecursiveMode, Watcher};
use tiny_http::{Header, Response, Server, StatusCode};

use std::collections::HashSet;

use crate::content::{Content, Note, Page, Statement};
use crate::render::RenderCache;
use crate::render::search::is_index_file;
use crate::error::Problems;
use crate::output::{Memory, Sink};
use crate::render::Theme;
use crate::site::Archive;
use crate::BuildOptions;

/// Where the live-reload script and its event stream are served; no site path starts so.
const RELOAD_PREFIX: &str = "/__annals/";
const LIVERELOAD_JS: &str = include_str!("livereload.js");
/// The archive's folders a change in which changes the site (site.toml too).
const WATCHED_DIRS: [&str; 4] = ["content", "themes", "templates", "static"];
/// Threads answering requests (event streams get threads of their own).
const WORKERS: usize = 8;
/// Saves closer together than this are one change.
const DEBOUNCE: Duration = Duration::from_millis(25);

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub include_drafts: bool,
}

/// Open event streams; each gets every event.
#[derive(Default)]
struct Clients(Mutex<Vec<Sender<String>>>);

/// One Server-Sent Event: its name, each line of its data, and the blank line that ends it.
fn event(name: &str, data: &str) -> String {
    let data: String = data.lines().map(|l| format!("data: {l}\n")).collect();
    format!("event: {name}\n{}\n", if data.is_empty() { "data: \n".to_string() } else { data })
}

impl Clients {
    fn send(&self, name: &str, data: &str) {
        let message = event(name, data);
        self.0.lock().expect("lock not poisoned").retain(|client| client.send(message.clone()).is_ok());
    }

    fn add(&self) -> Receiver<String> {
        let (sender, receiver) = mpsc::channel();
        self.0.lock().expect("lock not poisoned").push(sender);
        receiver
    }
}

/// What the browser overlay shows while the site is broken.
#[derive(Default)]
struct Status(Mutex<Option<String>>);

pub fn serve(options: &ServeOptions) -> Result<()> {
    let addr = SocketAddr::new(options.bind, options.port);
    let server = Server::http(addr).map_err(|e| anyhow::anyhow!("cannot start the server on {addr}: {e} (is another server using the port? try --port)"))?;
    let server = Arc::new(server);
    let base_url = format!("http://{}/", display_addr(addr));
    let build = BuildOptions { root: options.root.clone(), output: None, include_drafts: options.include_drafts, base_url: Some(base_url.clone()) };
    let site = Arc::new(Memory::default());
    let clients = Arc::new(Clients::default());
    let status = Arc::new(Status::default());

    let search = Arc::new(SearchIndex { root: options.root.clone(), site: site.clone(), stale: Mutex::default(), rebuilding: Mutex::default() });
    let mut builder = Builder { options: build, state: None, site: site.clone(), search: search.clone() };
    match builder.full() {
        Ok(files) => println!("Built {files} files."),
        Err(problems) => {
            eprintln!("{problems}");
            *status.0.lock().expect("lock not poisoned") = Some(problems.to_string());
        }
    }
    if !options.bind.is_loopback() {
        eprintln!("warning: serving on {addr}, reachable from other machines");
    }
    println!("Serving the archive at {base_url} (Ctrl-C to stop)");

    let (changes, changed) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(changes).context("cannot watch the archive's files")?;
    // The root itself (not its subfolders: public/ may hold 100k folders) for site.toml and for
    // the site's folders appearing later; each of those folders, recursively.
    watcher.watch(&options.root, RecursiveMode::NonRecursive).with_context(|| format!("cannot watch {}", options.root.display()))?;
    for dir in WATCHED_DIRS {
        let path = options.root.join(dir);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive).with_context(|| format!("cannot watch {}", path.display()))?;
        }
    }

    {
        let (clients, status) = (clients.clone(), status.clone());
        let root = std::path::absolute(&options.root).unwrap_or_else(|_| options.root.clone());
        std::thread::spawn(move || {
            while let Some(paths) = next_changes(&changed, &root) {
                for path in paths.iter().filter(|p| p.is_dir()) {
                    // A site folder created while serving (say templates/): watch it from now
                    // on. What was written into it before the watch began is picked up by the
                    // full rebuild a new folder causes.
                    let _ = watcher.watch(path, RecursiveMode::Recursive);
                }
                let started = Instant::now();
                match builder.update(&paths) {
                    Ok(files) => {
                        *status.0.lock().expect("lock not poisoned") = None;
                        clients.send("reload", "");
                        println!("Rebuilt {files} files in {:.0} ms ({})", started.elapsed().as_secs_f64() * 1000.0, describe(&paths, &root));
                    }
                    Err(problems) => {
                        eprintln!("{problems}");
                        *status.0.lock().expect("lock not poisoned") = Some(problems.to_string());
                        clients.send("problems", &problems.to_string());
                    }
                }
            }
        });
    }
    {
        // `unblock` wakes one waiting worker; wake them all.
        let server = server.clone();
        ctrlc::set_handler(move || (0..WORKERS).for_each(|_| server.unblock())).context("cannot handle Ctrl-C")?;
    }
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let (server, site, clients, status, search) = (server.clone(), site.clone(), clients.clone(), status.clone(), search.clone());
            std::thread::spawn(move || {
                while let Ok(request) = server.recv() {
                    if request.url().starts_with(&format!("{RELOAD_PREFIX}events")) {
                        let (clients, status) = (clients.clone(), status.clone());
                        std::thread::spawn(move || stream_events(request, &clients, &status));
                    } else {
                        let _ = respond(request, &site, &search);
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        let _ = worker.join();
    }
    println!("Stopped.");
    Ok(())
}

fn display_addr(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => format!("127.0.0.1:{}", addr.port()),
        _ => addr.to_string(),
    }
}

fn describe(paths: &[PathBuf], root: &Path) -> String {
    let shown: Vec<String> = paths.iter().take(3).map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string()).collect();
    let more = paths.len().saturating_sub(3);
    if more > 0 { format!("{} and {more} more", shown.join(", ")) } else { shown.join(", ") }
}

/// The next burst of changes to the site's files: waits for a change that matters, then
/// gathers those that follow within [`DEBOUNCE`] of each other. Reads (our own rebuild reads
/// every file) are not changes. `None` when the watcher is gone.
fn next_changes(events: &Receiver<notify::Result<notify::Event>>, root: &Path) -> Option<Vec<PathBuf>> {
    let relevant = |event: notify::Result<notify::Event>| -> Vec<PathBuf> {
        match event {
            Ok(event) if matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)) => {
                event.paths.into_iter().filter(|p| !is_ignored(p) && is_site_file(p, root)).collect()
            }
            _ => Vec::new(),
        }
    };
    let mut paths = Vec::new();
    while paths.is_empty() {
        paths = relevant(events.recv().ok()?);
    }
    while let Ok(event) = events.recv_timeout(DEBOUNCE) {
        paths.extend(relevant(event));
    }
    paths.sort();
    paths.dedup();
    Some(paths)
}

/// site.toml, or anything in the site's folders (not public/, sources/ or .git/).
fn is_site_file(path: &Path, root: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let first = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
    first == crate::config::CONFIG_FILE || WATCHED_DIRS.contains(&first.as_str())
}

/// Editors' backup and swap files, and files being written by the importer.
fn is_ignored(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    crate::content::is_hidden_or_temporary(&name) || name.ends_with(".importing") || name.ends_with(".tmp") || name == "4913"
}

/// Owns the archive and rebuilds the site into memory.
struct Builder {
    options: BuildOptions,
    state: Option<State>,
    site: Arc<Memory>,
    search: Arc<SearchIndex>,
}

/// The search index of the served site, rebuilt when a search asks for it after a change: it
/// reads every statement's body (seconds at 100k statements), which an edit should not wait for.
struct SearchIndex {
    root: PathBuf,
    site: Arc<Memory>,
    /// The archive the served index is behind, until the index is next asked for.
    stale: Mutex<Option<Arc<Archive>>>,
    /// Held while rebuilding, so that concurrent searches wait for one rebuild.
    rebuilding: Mutex<()>,
}

impl SearchIndex {
    fn outdated_by(&self, archive: Arc<Archive>) {
        *self.stale.lock().expect("lock not poisoned") = Some(archive);
    }

    /// Lets go of the archive, so that the builder can change it in place.
    fn forget(&self) {
        self.stale.lock().expect("lock not poisoned").take();
    }

    fn make_current(&self) {
        let _rebuilding = self.rebuilding.lock().expect("lock not poisoned");
        let Some(archive) = self.stale.lock().expect("lock not poisoned").take() else { return };
        // A body that cannot be read is reported by the page build already.
        let Ok(files) = crate::render::search_index(&archive, &self.root) else { return };
        // New files first, then the old ones go: a search running meanwhile finds every file
        // it asks for.
        let names: HashSet<String> = files.iter().map(|(file, _)| file.clone()).collect();
        for (file, text) in files {
            let _ = self.site.write(&file, text.as_bytes());
        }
        self.site.retain(|path| !is_index_file(path) || names.contains(path));
    }
}

/// The last good build: what it was made from, and what it rendered.
struct State {
    config: crate::config::SiteConfig,
    theme: Theme,
    /// The loaded files, kept so that a change re-reads only the changed ones.
    content: Content,
    archive: Arc<Archive>,
    cache: RenderCache,
}

impl Builder {
    /// Loads and renders everything; on success the new site replaces the served one.
    fn full(&mut self) -> Result<usize, Problems> {
        self.state = None;
        let (config, theme, content, problems) = crate::load_parts(&self.options, &indicatif::ProgressBar::hidden())?;
        let archive = archive_of(&config, &content, problems)?;
        let fresh = Memory::default();
        let mut cache = RenderCache::default();
        let (files, _) = crate::render::render_changed(&archive, &self.options.root, &theme, &fresh, &mut cache, &HashSet::new())?;
        self.site.replace_with(fresh);
        let archive = Arc::new(archive);
        self.search.outdated_by(archive.clone());
        self.state = Some(State { config, theme, content, archive, cache });
        Ok(files)
    }

    /// Applies changed files. Statement bodies alone: their pages and the feeds. Other
    /// content: the changed files are read again and the pages whose inputs changed are
    /// rendered. Anything else (site.toml, themes, templates, static files): everything.
    fn update(&mut self, paths: &[PathBuf]) -> Result<usize, Problems> {
        let root = std::path::absolute(&self.options.root).unwrap_or_else(|_| self.options.root.clone());
        let rel: Option<Vec<PathBuf>> = paths.iter().map(|p| p.strip_prefix(&root).ok().map(Path::to_path_buf)).collect();
        let Some(rel) = rel else { return self.full() };
        let Some(state) = self.state.as_mut() else { return self.full() };
        if rel.iter().all(|r| is_template(r, &state.config.theme)) {
            // Templates: load the theme again; pages whose templates changed render anew.
            state.theme = Theme::load(&self.options.root, &state.config)?;
            let delta = Memory::default();
            let (files, keep) = crate::render::render_changed(&state.archive, &self.options.root, &state.theme, &delta, &mut state.cache, &HashSet::new())?;
            self.site.merge(delta);
            self.site.retain(|path| keep.contains(path) || is_index_file(path));
            return Ok(files);
        }
        if !rel.iter().all(|r| r.starts_with("content") && r.extension().is_some_and(|x| x == "md")) {
            return self.full();
        }
        if let Some(changed) = body_only_changes(&state.archive, &self.options.root, &rel) {
            self.search.forget();
            for (index, statement) in &changed {
                if let Some(kept) = state.content.statements.iter_mut().find(|s| s.path == statement.path) {
                    *kept = statement.clone();
                }
                Arc::make_mut(&mut state.archive).statements[*index] = statement.clone();
            }
            let indices: Vec<usize> = changed.iter().map(|(i, _)| *i).collect();
            let files = crate::render::render_statements(&state.archive, &self.options.root, &state.theme, self.site.as_ref(), &indices)?;
            self.search.outdated_by(state.archive.clone());
            return Ok(files);
        }
        let mut changed_ids = HashSet::new();
        let mut problems = Problems::default();
        for rel in &rel {
            if let Some(id) = reload(&mut state.content, &self.options.root, rel, self.options.include_drafts, &mut problems) {
                changed_ids.insert(id);
            }
        }
        state.content.sort();
        let archive = archive_of(&state.config, &state.content, problems)?;
        let delta = Memory::default();
        let (files, keep) = crate::render::render_changed(&archive, &self.options.root, &state.theme, &delta, &mut state.cache, &changed_ids)?;
        self.site.merge(delta);
        self.site.retain(|path| keep.contains(path) || is_index_file(path));
        state.archive = Arc::new(archive);
        self.search.outdated_by(state.archive.clone());
        Ok(files)
    }
}

/// A template file of the site or of its theme.
fn is_template(rel: &Path, theme: &str) -> bool {
    rel.starts_with("templates") || rel.starts_with(Path::new("themes").join(theme).join("templates"))
}

/// The archive of `content`, unless it has problems (those given, or its own).
fn archive_of(config: &crate::config::SiteConfig, content: &Content, mut problems: Problems) -> Result<Archive, Problems> {
    problems.extend(content.clashes().0);
    let (archive, archive_problems) = Archive::with_problems(config.clone(), content.clone());
    problems.extend(archive_problems.0);
    problems.into_result(archive)
}

/// Reads one content file again into `content` (or drops it, when it is gone or a draft left
/// out); returns the id of a statement read.
fn reload(content: &mut Content, root: &Path, rel: &Path, include_drafts: bool, problems: &mut Problems) -> Option<String> {
    content.statements.retain(|s| s.path != rel);
    content.notes.retain(|n| n.path != rel);
    content.pages.retain(|p| p.path != rel);
    let text = match crate::fs::read_text(&root.join(rel)) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return None,
        Err(err) => {
            problems.push(crate::error::Problem::in_file(rel, err.to_string()));
            return None;
        }
    };
    let under = |dir: &str| rel.starts_with(dir);
    let result = if under(crate::content::STATEMENTS_DIR) {
        Statement::parse(rel, &text).map(|s| {
            let id = s.id.clone();
            if include_drafts || !s.draft {
                content.statements.push(s);
            }
            Some(id)
        })
    } else if under(crate::content::NOTES_DIR) {
        Note::parse(rel, &text).map(|n| {
            if include_drafts || !n.draft {
                content.notes.push(n);
            }
            None
        })
    } else if under(crate::content::PAGES_DIR) {
        Page::parse(rel, &text).map(|p| {
            if include_drafts || !p.draft {
                content.pages.push(p);
            }
            None
        })
    } else {
        Ok(None)
    };
    result.unwrap_or_else(|found| {
        problems.extend(found);
        None
    })
}

/// The changed statements, when every changed path is a statement already in the archive
/// whose front matter and excerpt (what lists show) are unchanged.
fn body_only_changes(archive: &Archive, root: &Path, rel: &[PathBuf]) -> Option<Vec<(usize, Statement)>> {
    let mut changed = Vec::new();
    for rel in rel {
        let index = archive.statements.iter().position(|s| s.path == *rel)?;
        let old = &archive.statements[index];
        let text = crate::fs::read_text(&root.join(rel)).ok()?;
        let new = Statement::parse(&old.path, &text).ok()?;
        if !same_metadata(old, &new) {
            return None;
        }
        changed.push((index, new));
    }
    Some(changed)
}

/// Everything but the body's text (and where it starts) is the same.
fn same_metadata(a: &Statement, b: &Statement) -> bool {
    (&a.id, &a.title, a.date, a.date_precision, a.date_basis, &a.kind, &a.lang) == (&b.id, &b.title, b.date, b.date_precision, b.date_basis, &b.kind, &b.lang)
        && (&a.people, &a.topics, &a.tags, &a.summary, a.draft, &a.source, &a.extra, &a.excerpt) == (&b.people, &b.topics, &b.tags, &b.summary, b.draft, &b.source, &b.extra, &b.excerpt)
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

/// Answers a request from the in-memory site. Only files the renderer produced can be
/// served: there is no path to the disk to escape through. A file of the search index is
/// brought up to date first.
fn respond(request: tiny_http::Request, site: &Memory, search: &SearchIndex) -> std::io::Result<()> {
    let raw = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
    if raw == format!("{RELOAD_PREFIX}livereload.js") {
        return request.respond(Response::from_string(LIVERELOAD_JS).with_header(header("Content-Type", "text/javascript; charset=utf-8")));
    }
    let Some(path) = site_path(&raw) else {
        return request.respond(not_found(site));
    };
    let file = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.clone() };
    if is_index_file(&file) {
        search.make_current();
    }
    match site.get(&file) {
        Some(bytes) => {
            let content_type = content_type(&file);
            let body = if content_type.starts_with("text/html") { inject_reload(&bytes) } else { bytes.to_vec() };
            request.respond(Response::from_data(body).with_header(header("Content-Type", content_type)).with_header(header("Cache-Control", "no-store")))
        }
        None if site.get(&format!("{path}/index.html")).is_some() => {
            request.respond(Response::empty(StatusCode(301)).with_header(header("Location", &format!("/{path}/"))))
        }
        None => request.respond(not_found(site)),
    }
}

/// The site path of a URL path: percent-decoded, without the leading `/`; `None` for
/// anything that tries to leave the site (`..`, backslashes, NUL).
fn site_path(url_path: &str) -> Option<String> {
    let decoded = percent_decode(url_path)?;
    let path = decoded.strip_prefix('/')?;
    let bad = path.contains('\\') || path.contains('\0') || path.split('/').any(|segment| segment == ".." || segment == ".");
    (!bad).then(|| path.to_string())
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn not_found(site: &Memory) -> Response<std::io::Cursor<Vec<u8>>> {
    let body = site.get("404.html").map(|b| inject_reload(&b)).unwrap_or_else(|| b"Not found".to_vec());
    Response::from_data(body).with_status_code(404).with_header(header("Content-Type", "text/html; charset=utf-8"))
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" if path.ends_with("atom.xml") => "application/atom+xml",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The page with the live-reload script before `</body>`: only ever while serving.
fn inject_reload(html: &[u8]) -> Vec<u8> {
    let script = format!("<script src=\"{RELOAD_PREFIX}livereload.js\"></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{script}").into_bytes(),
    }
}

/// Sends events to one browser until it goes away. The response is written by hand, flushed
/// after each event: a server's buffered response would hold events back.
fn stream_events(request: tiny_http::Request, clients: &Clients, status: &Status) {
    let receiver = clients.add();
    let first = match status.0.lock().expect("lock not poisoned").as_ref() {
        Some(problems) => event("problems", problems),
        None => event("hello", ""),
    };
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    let mut send = |text: &str| writer.write_all(text.as_bytes()).and_then(|_| writer.flush());
    if send(head).and_then(|_| send(&first)).is_err() {
        return;
    }
    loop {
        let sent = match receiver.recv_timeout(Duration::from_secs(15)) {
            Ok(event) => send(&event),
            // A comment now and then, so that a closed connection is noticed.
            Err(mpsc::RecvTimeoutError::Timeout) => send(": keep-alive\n\n"),
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if sent.is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_site() {
        assert_eq!(site_path("/statements/x/").as_deref(), Some("statements/x/"));
        assert_eq!(site_path("/a%20b/").as_deref(), Some("a b/"));
        assert_eq!(site_path("/../site.toml"), None);
        assert_eq!(site_path("/%2e%2e/site.toml"), None);
        assert_eq!(site_path("/a/..%2f..%2fsite.toml"), None);
        assert_eq!(site_path("/a%5c..%5cb"), None);
        assert_eq!(site_path("/%zz"), None);
    }

    #[test]
    fn reload_script_goes_before_body_end() {
        let html = inject_reload(b"<html><body><p>x</p></body></html>");
        assert_eq!(String::from_utf8(html).unwrap(), "<html><body><p>x</p><script src=\"/__annals/livereload.js\"></script></body></html>");
    }

    #[test]
    fn editor_files_are_ignored() {
        for name in [".#a.md", "a.md~", ".a.md.swp", "4913", "x.md.importing"] {
            assert!(is_ignored(Path::new(name)), "{name}");
        }
        assert!(!is_ignored(Path::new("content/statements/a.md")));
    }
}
