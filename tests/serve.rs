//! `annals serve` as a user runs it: a real server on a free port, pages fetched over HTTP,
//! files changed, reload events awaited.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::util::{files_read_by_a_build, sample_site, TestSite, SITE_TOML};

struct Server {
    child: Child,
    port: u16,
    output: mpsc::Receiver<String>,
}

impl Server {
    fn start(site: &TestSite) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_annals"))
            .current_dir(site.root())
            .args(["serve", "--port", &port.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (sender, output) = mpsc::channel();
        for stream in [Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>, Box::new(child.stderr.take().unwrap())] {
            let sender = sender.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = sender.send(line);
                }
            });
        }
        let server = Server { child, port, output };
        server.wait_for_output("Serving the archive at");
        server
    }

    fn wait_for_output(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        while let Ok(line) = self.output.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            if line.contains(text) {
                return line;
            }
        }
        panic!("the server never printed {text:?}");
    }

    /// The next "Rebuilt N files" line with N > 0 (and `text` in it): a save the watcher saw
    /// as two changes rebuilds twice, the second time nothing.
    fn wait_for_rebuild(&self, text: &str) -> String {
        loop {
            let line = self.wait_for_output(text);
            if line.starts_with("Rebuilt ") && !line.starts_with("Rebuilt 0 files") {
                return line;
            }
        }
    }

    /// (status, headers, body) of a GET.
    fn get(&self, path: &str) -> (u16, String, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let response = String::from_utf8_lossy(&response).into_owned();
        let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        (status, head.to_string(), body.to_string())
    }

    /// An open event stream.
    fn events(&self) -> BufReader<TcpStream> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(stream, "GET /__annals/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        BufReader::new(stream)
    }

    fn stop(mut self) -> String {
        Command::new("kill").args(["-INT", &self.child.id().to_string()]).status().unwrap();
        let status = self.child.wait().unwrap();
        assert!(status.success(), "a clean stop on Ctrl-C");
        self.wait_for_output("Stopped.")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads the event stream until an event named `name`; returns its data.
fn wait_for_event(events: &mut BufReader<TcpStream>, name: &str) -> String {
    let mut current = String::new();
    let mut data = String::new();
    let mut line = String::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        assert!(Instant::now() < deadline, "no {name:?} event within 30 s");
        line.clear();
        if events.read_line(&mut line).unwrap() == 0 {
            panic!("the event stream ended before {name:?}");
        }
        let line = line.trim_end();
        if let Some(event) = line.strip_prefix("event: ") {
            current = event.to_string();
            data.clear();
        } else if let Some(text) = line.strip_prefix("data: ") {
            data.push_str(text);
            data.push('\n');
        } else if line.is_empty() && current == name {
            return data;
        }
    }
}

#[test]
fn serves_the_site_with_live_reload_and_the_sites_own_404() {
    let site = sample_site(SITE_TOML);
    let server = Server::start(&site);
    let (status, head, body) = server.get("/");
    assert_eq!(status, 200);
    assert!(head.to_lowercase().contains("content-type: text/html; charset=utf-8"), "{head}");
    assert!(body.contains("href=\"/statements/2020-03-30-call/\""), "links point at the local server");
    assert!(body.contains("<script src=\"/__annals/livereload.js\"></script></body>"), "reload script injected");
    let (status, head, _) = server.get("/atom.xml");
    assert_eq!(status, 200);
    assert!(head.contains("application/atom+xml"), "{head}");
    assert!(server.get("/style.css").1.contains("text/css"));
    let (status, _, body) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Not found"));
    assert_eq!(server.get("/timeline").0, 301);
    let (status, _, body) = server.get("/__annals/livereload.js");
    assert_eq!(status, 200);
    assert!(body.contains("EventSource"));
    assert!(!site.public().exists(), "serve writes nothing to disk");
    assert!(server.stop().contains("Stopped."));
}

#[test]
fn never_serves_anything_outside_the_site() {
    let site = sample_site(SITE_TOML);
    let server = Server::start(&site);
    for path in ["/../site.toml", "/%2e%2e/site.toml", "/statements/..%2f..%2fsite.toml", "/site.toml", "/content/pages/about.md", "/%5c..%5csite.toml", "//etc/passwd"] {
        let (status, _, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("base_url") && !body.contains("root:"), "{path}");
    }
}

#[test]
fn answers_many_concurrent_requests() {
    let site = sample_site(SITE_TOML);
    let server = Server::start(&site);
    let port = server.port;
    let handles: Vec<_> = (0..48)
        .map(|i| {
            std::thread::spawn(move || {
                let path = ["/", "/timeline/", "/tags/g20/", "/statements/film/"][i % 4];
                let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
                write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
                let mut response = String::new();
                stream.read_to_string(&mut response).unwrap();
                response.starts_with("HTTP/1.1 200")
            })
        })
        .collect();
    assert!(handles.into_iter().all(|h| h.join().unwrap()));
}

#[test]
fn an_edit_reloads_a_broken_file_shows_and_recovers() {
    let site = sample_site(SITE_TOML);
    let server = Server::start(&site);
    let mut events = server.events();
    wait_for_event(&mut events, "hello");

    // A body edit: the page changes after one reload event.
    let path = site.root().join("content/statements/2020/03/2020-03-30-call.md");
    let original = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{original}\nA sentence added while serving.\n")).unwrap();
    wait_for_event(&mut events, "reload");
    server.wait_for_rebuild("Rebuilt ");
    assert!(server.get("/statements/2020-03-30-call/").2.contains("A sentence added while serving."));

    // A metadata edit renders the lists, neighbours and term pages it appears on, not more.
    std::fs::write(&path, original.replace("Telephone conversation with Donald Trump", "Retitled call")).unwrap();
    wait_for_event(&mut events, "reload");
    let rebuilt = server.wait_for_rebuild("Rebuilt ");
    let count: usize = rebuilt.split_whitespace().nth(1).unwrap().parse().unwrap();
    assert!(count > 3 && count < 40, "{rebuilt}");
    assert!(server.get("/").2.contains("Retitled call"));
    assert!(server.get("/statements/2020-03-26-g20/").2.contains("Retitled call"), "the neighbour's link");
    assert!(server.get("/people/donald-trump/").2.contains("Retitled call"), "the term page");
    assert!(server.get("/timeline/2020/03/").2.contains("Retitled call"), "the month page");
    // The search index follows the edit, after the reload: poll for it.
    let deadline = Instant::now() + Duration::from_secs(10);
    let records = loop {
        let (status, head, records) = server.get("/search/docs/0.json");
        assert!(status == 200 && head.contains("application/json"), "the index is served throughout");
        if records.contains("Retitled call") || Instant::now() > deadline {
            break records;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(records.contains("Retitled call"), "the search index follows the edit: {records}");

    // A statement removed: its page goes, and so does its entry in the lists.
    std::fs::remove_file(site.root().join("content/statements/undated/ru-note.md")).unwrap();
    wait_for_event(&mut events, "reload");
    assert_eq!(server.get("/statements/ru-note/").0, 404);
    assert!(!server.get("/timeline/undated/").2.contains("Консультации"));

    // An editor's swap file changes nothing.
    site.write("content/statements/.2020-03-30-call.md.swp", "garbage");

    // A broken file: problems to the browser and the terminal; the last good site stays.
    site.write("content/statements/broken.md", "+++\ntitle = \n+++\n");
    let problems = wait_for_event(&mut events, "problems");
    assert!(problems.contains("content/statements/broken.md:2:"), "{problems}");
    server.wait_for_output("content/statements/broken.md:2:");
    assert!(server.get("/").2.contains("Retitled call"), "the last good site is still served");

    // Fixing it recovers without a restart.
    site.write("content/statements/broken.md", "+++\ntitle = \"Fixed now\"\n+++\nBody.\n");
    wait_for_event(&mut events, "reload");
    assert!(server.get("/statements/broken/").2.contains("Fixed now"));

    // A template change re-renders with it.
    site.write("templates/404.html", "{% extends \"base.html\" %}{% block content %}<h1>Custom 404</h1>{% endblock content %}");
    wait_for_event(&mut events, "reload");
    let (status, _, body) = server.get("/missing/");
    assert_eq!(status, 404);
    assert!(body.contains("Custom 404"));
    let rebuilt = server.wait_for_rebuild("ms (templates");
    assert!(rebuilt.starts_with("Rebuilt 1 files"), "only the page made with the template: {rebuilt}");
    site.write("templates/statement.html", "{% extends \"base.html\" %}{% block content %}<h1 class=\"custom\">{{ statement.title }}</h1>{% endblock content %}");
    wait_for_event(&mut events, "reload");
    assert!(server.get("/statements/film/").2.contains("<h1 class=\"custom\">"));
    assert!(!server.get("/").2.contains("custom"));
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let site = TestSite::with_config(SITE_TOML);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let out = site.run(&["serve", "--port", &port]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot start the server on 127.0.0.1:"), "{}", String::from_utf8_lossy(&out.stderr));
}

/// The archive in this repository, as a newcomer previews it: every kind of route answers,
/// and an edit shows up.
#[test]
fn serves_this_repositorys_own_archive_and_follows_an_edit() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = TestSite::new();
    for entry in crate::util::walkdir(&repo.join("content")).into_iter().chain(crate::util::walkdir(&repo.join("sources"))) {
        let rel = entry.strip_prefix(repo).unwrap().to_string_lossy().into_owned();
        site.write(&rel, &std::fs::read_to_string(&entry).unwrap());
    }
    site.write("site.toml", &std::fs::read_to_string(repo.join("site.toml")).unwrap());
    let server = Server::start(&site);
    let statement = crate::util::walkdir(&site.root().join("content/statements")).into_iter().filter(|p| p.extension().is_some_and(|x| x == "md")).min().unwrap();
    let id = statement.file_stem().unwrap().to_string_lossy().into_owned();
    let dump = crate::util::walkdir(&site.root().join("sources")).into_iter().filter(|p| p.extension().is_some_and(|x| x == "txt")).min().unwrap();
    // A dump's pages are at its own name (`000_b86f…`), as the README says.
    let dump = dump.file_stem().unwrap().to_string_lossy().into_owned();
    let (_, _, home) = server.get("/");
    let topic_feed = home.split("href=\"/topics/").skip(1).find(|rest| !rest.starts_with('"')).map(|rest| format!("/topics/{}atom.xml", &rest[..rest.find('/').unwrap() + 1])).expect("a topic on the home page");
    let (_, _, timeline) = server.get("/timeline/");
    let year = timeline.split("href=\"/timeline/").nth(1).map(|rest| format!("/timeline/{}", &rest[..rest.find('"').unwrap()])).expect("a year");
    let month = server.get(&year).2.split("href=\"/timeline/").find(|rest| rest.len() > 7 && rest.as_bytes()[4] == b'/' && rest.as_bytes()[5].is_ascii_digit()).map(|rest| format!("/timeline/{}", &rest[..rest.find('"').unwrap()])).expect("a month");
    let index: serde_json::Value = serde_json::from_str(&server.get("/search/index.json").2).expect("the search index");
    let shard = index["shards"][0].as_str().unwrap().bytes().map(|b| format!("{b:02x}")).collect::<String>();
    for route in [
        "/".to_string(),
        "/page/2/".into(),
        format!("/statements/{id}/"),
        format!("/statements/{id}/index.txt"),
        format!("/sources/{dump}/"),
        format!("/sources/{dump}.txt"),
        "/data/statements.json".into(),
        "/data/statements.csv".into(),
        "/data/datapackage.json".into(),
        "/search/".into(),
        "/search/filters/part-0.json".into(),
        "/search/docs/0.json".into(),
        format!("/search/words/{shard}.json"),
        "/atom.xml".into(),
        topic_feed,
        "/timeline/".into(),
        year,
        month,
        "/topics/".into(),
        "/people/".into(),
        "/kinds/".into(),
        "/tags/".into(),
        "/notes/".into(),
        "/pages/about/".into(),
        "/sitemap.xml".into(),
        "/robots.txt".into(),
        "/style.css".into(),
        "/syntax.css".into(),
    ] {
        let (status, _, body) = server.get(&route);
        assert_eq!(status, 200, "{route}");
        assert!(!body.is_empty(), "{route}");
    }
    assert_eq!(server.get("/no/such/page/").0, 404);

    let mut events = server.events();
    wait_for_event(&mut events, "hello");
    let text = std::fs::read_to_string(&statement).unwrap();
    let title_line = text.lines().find(|l| l.starts_with("title = ")).unwrap();
    std::fs::write(&statement, text.replacen(title_line, "title = \"A title edited while serving\"", 1)).unwrap();
    wait_for_event(&mut events, "reload");
    assert!(server.get(&format!("/statements/{id}/")).2.contains("A title edited while serving"));
    assert!(server.get(&format!("/statements/{id}/index.txt")).2.starts_with("A title edited while serving\n"));
    let records: String = (0..index["docs"].as_u64().unwrap().div_ceil(10)).map(|n| server.get(&format!("/search/docs/{n}.json")).2).collect();
    assert!(records.contains("A title edited while serving"), "the search records follow");
    assert!(server.get("/data/statements.csv").2.contains("A title edited while serving"), "the data files follow");
}

/// `serve` keeps what it read of the statement files where a build does: a build (or the next
/// start) reads only the files changed since.
#[test]
fn serve_keeps_the_content_cache_for_the_next_build() {
    let site = sample_site(SITE_TOML);
    // Files are trusted only once they have been still for a moment before they were read.
    std::thread::sleep(Duration::from_millis(2100));
    Server::start(&site).stop();
    assert!(!site.public().exists(), "serve writes no site to disk");
    // The draft is read again: it is left out of the site, and of the cache.
    assert_eq!(files_read_by_a_build(&site), 1, "the build took every other statement from serve's cache");
    let edited = site.root().join("content/statements/2020/03/2020-03-26-g20.md");
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(&edited, text + "\nOne more line.\n").unwrap();
    assert_eq!(files_read_by_a_build(&site), 2, "the edited file and the draft");
}
