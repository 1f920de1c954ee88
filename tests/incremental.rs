//! Incremental output equals a clean build, byte for byte, after every kind of edit: through
//! `serve`'s in-memory path and through `annals build` into the folder of the previous build.

use std::collections::BTreeMap;
use std::path::PathBuf;

use annals::output::Memory;
use annals::render::deps::DependencyIndex;
use annals::render::{self, runner, ItemCache, Plan};
use annals::serve::rebuild::{Preview, Updated};
use annals::site::Record;

use crate::util::{statement, walkdir, TestSite};

const SERVE_BASE: &str = "http://127.0.0.1:1111/";

/// A site with every kind of output: statements citing each other by shortcode, notes, pages,
/// a published source dump, several list pages, feeds, data and search.
pub fn every_kind_of_page() -> TestSite {
    let site = TestSite::with_config(
        "title = \"Every page\"\nbase_url = \"https://example.org/archive/\"\npaginate_by = 2\nfeed_limit = 3\n\n[[topics]]\nslug = \"energy\"\nname = \"Energy\"\n",
    );
    site.write("sources/dump.txt", "line one\nline two\nline three\nline four\n");
    let statements = [
        ("2020/03/a-call", "Telephone conversation on oil", "2020-03-30", "phone-call", "[\"energy\"]", "[\"OPEC\"]", "The leaders discussed {{ statement_link(id=\"b-summit\") }} and oil.\n"),
        ("2020/03/b-summit", "Summit by videoconference", "2020-03-26", "meeting", "[\"energy\", \"coronavirus\"]", "[\"G20\"]", "Leaders met online.\n\n{{ statement(id=\"c-address\") }}\n"),
        ("2020/04/c-address", "Address to the nation", "2020-04-02", "speech", "[\"coronavirus\"]", "[]", "Citizens, friends.\n"),
        ("2020/04/d-comment", "Comment on sanctions", "2020-04-07", "comment", "[\"sanctions\"]", "[\"G20\"]", "A comment.\n"),
        ("2019/e-review", "Year in review", "2019-05-01", "article", "[\"energy\"]", "[\"OPEC\"]", "The year that was: talks on energy, on oil, on the markets and their prices, on the partners old and new, on the dialogue that goes on between capitals whatever the weather, and on what it all means for the years ahead of us, which is the question.\n\nA last paragraph.\n"),
    ];
    for (path, title, date, kind, topics, tags, body) in statements {
        site.write(
            &format!("content/statements/{path}.md"),
            &statement(
                &format!("title = \"{title}\"\ndate = {date}\nkind = \"{kind}\"\nlang = \"en\"\npeople = [\"Sergey Lavrov\"]\ntopics = {topics}\ntags = {tags}\n[source]\nchannel = \"Embassy\"\nfile = \"sources/dump.txt\"\nlines = [[1, 2]]"),
                body,
            ),
        );
    }
    site.write("content/statements/undated/f-film.md", &statement("title = \"A film\"\nkind = \"feature\"", "A classic.\n"));
    site.write(
        "content/notes/context.md",
        "+++\ntitle = \"Context for the call\"\ndate = 2020-04-03\nauthor = \"Ed\"\nstatements = [\"a-call\", \"c-address\"]\n+++\nSee {{ statement(id=\"a-call\") }}\n",
    );
    site.write("content/pages/about.md", &statement("title = \"About\"\nweight = 1", "Cites {{ statement_link(id=\"d-comment\") }}.\n"));
    site
}

/// Every file under a folder, by relative path.
pub fn tree(dir: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    walkdir(dir).into_iter().map(|p| (p.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"), std::fs::read(&p).unwrap())).collect()
}

fn memory_tree(memory: &Memory) -> BTreeMap<String, Vec<u8>> {
    memory.paths().into_iter().map(|p| {
        let bytes = memory.get(&p).unwrap().to_vec();
        (p, bytes)
    }).collect()
}

/// The site as a clean build renders it in memory, with serve's base URL.
fn fresh_render(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    let options = annals::BuildOptions { root: site.root().to_path_buf(), output: None, include_drafts: false, base_url: Some(SERVE_BASE.into()), clean: true };
    let (archive, theme) = annals::load(&options, &indicatif::ProgressBar::hidden()).expect("the site loads");
    let memory = Memory::default();
    render::render_all(&archive, site.root(), &theme, &memory).expect("the site renders");
    memory_tree(&memory)
}

/// Where two trees differ, for a readable failure.
fn differences(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut out = Vec::new();
    for (path, bytes) in a {
        match b.get(path) {
            None => out.push(format!("only in the incremental output: {path}")),
            Some(other) if other != bytes => out.push(format!("differs: {path}")),
            Some(_) => {}
        }
    }
    out.extend(b.keys().filter(|p| !a.contains_key(*p)).map(|p| format!("only in the clean build: {p}")));
    out
}

struct Edit {
    what: &'static str,
    /// Applies the edit; returns the files it touched (as the watcher would report them).
    apply: Box<dyn Fn(&TestSite) -> Vec<&'static str>>,
    /// A file that must hold this text afterwards, to show the edit took effect.
    shows: Option<(&'static str, &'static str)>,
}

fn replace(site: &TestSite, rel: &str, from: &str, to: &str) {
    let path = site.root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} holds {from:?}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn edits() -> Vec<Edit> {
    let edit = |what, shows, apply: Box<dyn Fn(&TestSite) -> Vec<&'static str>>| Edit { what, apply, shows };
    vec![
        edit("a body", Some(("statements/a-call/index.html", "a sentence added")), Box::new(|s| {
            replace(s, "content/statements/2020/03/a-call.md", "and oil.", "and oil, with a sentence added.");
            vec!["content/statements/2020/03/a-call.md"]
        })),
        edit("a body past what lists show of it", Some(("statements/e-review/index.html", "A last paragraph, edited.")), Box::new(|s| {
            replace(s, "content/statements/2019/e-review.md", "A last paragraph.", "A last paragraph, edited.");
            vec!["content/statements/2019/e-review.md"]
        })),
        edit("a title", Some(("statements/a-call/index.html", "Call on oil prices")), Box::new(|s| {
            replace(s, "content/statements/2020/03/a-call.md", "Telephone conversation on oil", "Call on oil prices");
            vec!["content/statements/2020/03/a-call.md"]
        })),
        edit("the title of a cited statement", Some(("statements/b-summit/index.html", "Address to the people")), Box::new(|s| {
            replace(s, "content/statements/2020/04/c-address.md", "Address to the nation", "Address to the people");
            vec!["content/statements/2020/04/c-address.md"]
        })),
        edit("a date", Some(("timeline/2020/01/index.html", "Summit by videoconference")), Box::new(|s| {
            replace(s, "content/statements/2020/03/b-summit.md", "2020-03-26", "2020-01-15");
            vec!["content/statements/2020/03/b-summit.md"]
        })),
        edit("a topic", Some(("topics/sanctions/index.html", "Year in review")), Box::new(|s| {
            replace(s, "content/statements/2019/e-review.md", "topics = [\"energy\"]", "topics = [\"sanctions\"]");
            vec!["content/statements/2019/e-review.md"]
        })),
        edit("a tag", Some(("tags/brics/index.html", "Comment on sanctions")), Box::new(|s| {
            replace(s, "content/statements/2020/04/d-comment.md", "tags = [\"G20\"]", "tags = [\"BRICS\"]");
            vec!["content/statements/2020/04/d-comment.md"]
        })),
        edit("a new statement", Some(("index.html", "A new readout")), Box::new(|s| {
            s.write("content/statements/2020/05/g-new.md", &statement("title = \"A new readout\"\ndate = 2020-05-01\nkind = \"news\"\ntopics = [\"energy\"]", "Fresh.\n"));
            vec!["content/statements/2020/05/g-new.md"]
        })),
        edit("a statement deleted", None, Box::new(|s| {
            s.remove("content/statements/undated/f-film.md");
            vec!["content/statements/undated/f-film.md"]
        })),
        edit("a statement renamed", Some(("statements/g-renamed/index.html", "A new readout")), Box::new(|s| {
            std::fs::rename(s.root().join("content/statements/2020/05/g-new.md"), s.root().join("content/statements/2020/05/g-renamed.md")).unwrap();
            vec!["content/statements/2020/05/g-new.md", "content/statements/2020/05/g-renamed.md"]
        })),
        edit("a statement renamed with an alias", Some(("statements/d-comment/index.html", "statements/d-remarks/\">")), Box::new(|s| {
            replace(s, "content/statements/2020/04/d-comment.md", "kind = \"comment\"", "kind = \"comment\"\naliases = [\"/statements/d-comment/\"]");
            std::fs::rename(s.root().join("content/statements/2020/04/d-comment.md"), s.root().join("content/statements/2020/04/d-remarks.md")).unwrap();
            replace(s, "content/pages/about.md", "d-comment", "d-remarks");
            vec!["content/statements/2020/04/d-comment.md", "content/statements/2020/04/d-remarks.md", "content/pages/about.md"]
        })),
        edit("a note", Some(("notes/context/index.html", "Background to the call")), Box::new(|s| {
            replace(s, "content/notes/context.md", "Context for the call", "Background to the call");
            vec!["content/notes/context.md"]
        })),
        edit("a page", Some(("pages/about/index.html", "We collect")), Box::new(|s| {
            replace(s, "content/pages/about.md", "Cites", "We collect, and cite");
            vec!["content/pages/about.md"]
        })),
        edit("a template", Some(("index.html", "class=\"edited-item\"")), Box::new(|s| {
            s.write("templates/partials/item.html", "<article class=\"edited-item\"><a href=\"{{ item.url }}\">{{ item.title }}</a></article>\n");
            vec!["templates/partials/item.html"]
        })),
        edit("a translation file", Some(("index.html", "Newest statements")), Box::new(|s| {
            s.write("i18n/en.toml", "latest_statements = \"Newest statements\"\n");
            vec!["i18n/en.toml"]
        })),
        edit("site.toml", Some(("index.html", "Every statement")), Box::new(|s| {
            replace(s, "site.toml", "title = \"Every page\"", "title = \"Every statement\"");
            vec!["site.toml"]
        })),
        edit("a source dump", Some(("sources/dump/index.html", "line two, corrected")), Box::new(|s| {
            replace(s, "sources/dump.txt", "line two", "line two, corrected");
            vec!["sources/dump.txt"]
        })),
    ]
}

/// `serve`'s preview of `site`, built, and the site's absolute root (what the watcher reports
/// changed paths under).
fn preview_of(site: &TestSite) -> (Preview, PathBuf) {
    let options = annals::BuildOptions { root: site.root().to_path_buf(), output: None, include_drafts: false, base_url: Some(SERVE_BASE.into()), clean: false };
    let (preview, built) = Preview::new(options);
    built.expect("the site builds");
    (preview, std::path::absolute(site.root()).unwrap())
}

/// The served site once the preview has nothing left to do: the aggregates brought up to date
/// and every waiting page rendered.
fn settled(preview: &Preview) -> BTreeMap<String, Vec<u8>> {
    preview.bring_aggregates_up_to_date();
    assert_eq!(preview.render_deferred(None), 0);
    memory_tree(preview.site())
}

#[test]
fn serve_after_every_kind_of_edit_equals_a_clean_build() {
    let site = every_kind_of_page();
    let (preview, root) = preview_of(&site);
    assert!(differences(&settled(&preview), &fresh_render(&site)).is_empty(), "the first build");
    for edit in edits() {
        let touched: Vec<PathBuf> = (edit.apply)(&site).into_iter().map(|rel| root.join(rel)).collect();
        preview.update(&touched).unwrap_or_else(|p| panic!("after {}: {p}", edit.what));
        let served = settled(&preview);
        let diff = differences(&served, &fresh_render(&site));
        assert!(diff.is_empty(), "after editing {}: {diff:#?}", edit.what);
        if let Some((file, text)) = edit.shows {
            let page = String::from_utf8_lossy(&served[file]).into_owned();
            assert!(page.contains(text), "after editing {}, {file} shows {text:?}", edit.what);
        }
    }
}

/// The same edits one after another with no idle time between them: each lands while pages
/// still wait from the ones before (an edit in place reaches only the pages keyed since), and
/// once they are brought up to date the site is a clean build's.
#[test]
fn serve_after_edits_made_while_pages_wait_equals_a_clean_build() {
    let site = every_kind_of_page();
    let (preview, root) = preview_of(&site);
    for edit in edits() {
        let touched: Vec<PathBuf> = (edit.apply)(&site).into_iter().map(|rel| root.join(rel)).collect();
        preview.update(&touched).unwrap_or_else(|p| panic!("after {}: {p}", edit.what));
        // One waiting page a time at most: most stay waiting into the next edit.
        preview.render_deferred(Some(1));
    }
    let diff = differences(&settled(&preview), &fresh_render(&site));
    assert!(diff.is_empty(), "{diff:#?}");
}

/// After a change that reaches every page, the statements' own pages wait, not even keyed (at
/// 100,000 statements keying them is most of what such a change costs): one asked for is
/// brought up to date at once, the others when the preview is idle, and they end as a clean
/// build renders them.
#[test]
fn statements_pages_wait_after_a_change_that_reaches_every_page() {
    let site = every_kind_of_page();
    let (preview, root) = preview_of(&site);
    assert_eq!(preview.render_deferred(None), 0);
    let statements_own = memory_tree(preview.site()).keys().filter(|f| f.starts_with("statements/") && (f.ends_with("/index.html") || f.ends_with("/index.txt"))).count();
    site.write("templates/statement.html", "{% extends \"base.html\" %}{% block content %}<h1 class=\"custom\">{{ statement.title }}</h1>{% endblock content %}");
    let updated = preview.update(&[root.join("templates/statement.html")]).unwrap();
    assert_eq!(updated, Updated { rendered: 0, waiting: statements_own }, "no other page is made with the template; the statements' pages wait");
    assert!(updated.changed(), "open pages reload to see the waiting ones");
    site.write("templates/404.html", "{% extends \"base.html\" %}{% block content %}<h1>Custom 404</h1>{% endblock content %}");
    let updated = preview.update(&[root.join("templates/404.html")]).unwrap();
    assert_eq!(updated.rendered, 1, "the 404 page");
    preview.render_if_deferred("statements/a-call/index.html");
    assert!(String::from_utf8_lossy(&memory_tree(preview.site())["statements/a-call/index.html"]).contains("<h1 class=\"custom\">"), "a page asked for is brought up to date at once");
    assert_eq!(preview.render_deferred(Some(0)), statements_own - 1);
    // A body edit of a statement whose pages still wait renders them: its editor looks at them.
    let waiting_page = memory_tree(preview.site()).keys().find(|f| f.starts_with("statements/") && f.ends_with("/index.txt") && !f.contains("/a-call/")).cloned().unwrap();
    let slug = waiting_page.trim_start_matches("statements/").trim_end_matches("/index.txt").to_string();
    let file = walkdir(&site.root().join("content/statements")).into_iter().find(|p| p.file_stem().is_some_and(|s| s.to_string_lossy() == slug)).unwrap();
    std::fs::write(&file, std::fs::read_to_string(&file).unwrap() + "\nA sentence added while waiting.\n").unwrap();
    let updated = preview.update(&[std::path::absolute(&file).unwrap()]).unwrap();
    assert!(updated.rendered >= 2, "its page and its text: {updated:?}");
    assert!(String::from_utf8_lossy(&memory_tree(preview.site())[&waiting_page]).contains("A sentence added while waiting."));
    assert_eq!(preview.render_deferred(Some(0)), statements_own - 3);
    let diff = differences(&settled(&preview), &fresh_render(&site));
    assert!(diff.is_empty(), "{diff:#?}");
}

/// A statement saved while pages wait to be rendered: idle rendering cannot render what it
/// would read from a file that changed since, and waits (rather than trying again and again,
/// reading every file each time) until the save's rebuild, after which it renders it all.
#[test]
fn a_save_while_pages_wait_holds_idle_rendering_until_its_rebuild() {
    let site = every_kind_of_page();
    let (preview, root) = preview_of(&site);
    replace(&site, "content/statements/2020/03/a-call.md", "and oil.", "and natural gas.");
    // Every waiting page, the edited statement's among them: idle rendering takes them in no
    // set order.
    assert_eq!(preview.render_deferred(None), 0, "nothing to render until the save is read");
    preview.update(&[root.join("content/statements/2020/03/a-call.md")]).unwrap();
    assert!(preview.render_deferred(Some(1)) > 0, "the rebuild lets idle rendering go on");
    let served = settled(&preview);
    assert!(differences(&served, &fresh_render(&site)).is_empty());
    assert!(String::from_utf8_lossy(&served["statements/a-call/index.html"]).contains("natural gas"));
}

#[test]
fn build_after_every_kind_of_edit_equals_a_clean_build() {
    let site = every_kind_of_page();
    site.build(&[]);
    for edit in edits() {
        (edit.apply)(&site);
        let out = site.build(&[]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        site.build(&["--clean", "--output", "clean"]);
        let diff = differences(&tree(&site.public()), &tree(&site.root().join("clean")));
        assert!(diff.is_empty(), "after editing {} ({stdout}): {diff:#?}", edit.what);
        if let Some((file, text)) = edit.shows {
            let page = site.page(file).replace(SERVE_BASE, "https://example.org/");
            assert!(page.contains(text), "after editing {}, {file} shows {text:?}", edit.what);
        }
    }
}

#[test]
fn an_edit_renders_only_what_shows_it() {
    let site = every_kind_of_page();
    site.build(&[]);
    let out = site.build(&[]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("(0 rendered)"), "nothing changed: {}", String::from_utf8_lossy(&out.stdout));
    // Past the excerpt lists show: the lists do not change.
    replace(&site, "content/statements/2019/e-review.md", "A last paragraph.", "A last paragraph, longer.");
    let out = String::from_utf8_lossy(&site.build(&[]).stdout).into_owned();
    assert!(site.page("statements/e-review/index.html").contains("A last paragraph, longer."));
    let rendered: usize = out.split(" rendered)").next().and_then(|s| s.rsplit('(').next()).and_then(|n| n.parse().ok()).expect("a count");
    // Its page and plain text, the feeds and the search words that hold its body's words.
    assert!((2..=12).contains(&rendered), "{out}");
}

/// Every job whose key changes when a record changes is in the dependency index recorded for
/// that record: what `serve` relies on to look at no more than it must.
#[test]
fn the_dependency_index_names_every_page_a_record_change_reaches() {
    let site = every_kind_of_page();
    let options = annals::BuildOptions { root: site.root().to_path_buf(), output: None, include_drafts: false, base_url: None, clean: false };
    let (archive, theme) = annals::load(&options, &indicatif::ProgressBar::hidden()).unwrap();
    let keys_and_index = |archive: &annals::site::Archive| {
        let known = ItemCache::new();
        let plan = Plan::new(archive, site.root(), &theme, &known).unwrap();
        let ran = runner::run(&plan, plan.page_jobs(), &runner::Nothing, &Memory::default(), &runner::Options { track: true, ..Default::default() }).unwrap();
        let mut index = DependencyIndex::default();
        for (n, reads) in ran.reads.iter().enumerate() {
            index.add(n as u32, reads);
        }
        (ran.files, index)
    };
    let (before, index) = keys_and_index(&archive);
    let mut checked = 0;
    for i in 0..archive.statements.len() {
        for change in ["title", "excerpt", "summary"] {
            let mut changed = archive.clone();
            let record = &mut changed.statements[i];
            match change {
                "title" => record.title.push_str(" (changed)"),
                "excerpt" => record.body.excerpt.push_str(" more"),
                _ => record.summary = Some("A summary.".into()),
            }
            let (after, _) = keys_and_index(&changed);
            let reached: Vec<u32> = (0..before.len() as u32).filter(|&n| before[n as usize] != after[n as usize]).collect();
            let indexed = index.jobs_showing(&[Record::Statement(i)]);
            let missing: Vec<&String> = reached.iter().filter(|n| !indexed.contains(n)).map(|&n| &before[n as usize].0).collect();
            assert!(missing.is_empty(), "a change of statement {i}'s {change} reaches {missing:?}, which its index entry does not name");
            assert!(!reached.is_empty());
            checked += reached.len();
        }
    }
    for n in 0..archive.notes.len() {
        let mut changed = archive.clone();
        changed.notes[n].title.push_str(" (changed)");
        let (after, _) = keys_and_index(&changed);
        let reached: Vec<u32> = (0..before.len() as u32).filter(|&j| before[j as usize] != after[j as usize]).collect();
        let indexed = index.jobs_showing(&[Record::Note(n)]);
        assert!(reached.iter().all(|j| indexed.contains(j)), "note {n}: {reached:?} against {indexed:?}");
        assert!(reached.len() >= 4, "its page, the notes list, its statements' pages, its month");
    }
    assert!(checked > 50);
}

/// A build reads only the statement files that changed since the last one (the content
/// cache's own tests cover files edited in the moment a build looks at them).
#[test]
fn a_build_reads_only_the_statement_files_that_changed() {
    let site = every_kind_of_page();
    let read = crate::util::files_read_by_a_build;
    assert_eq!(read(&site), 6, "a first build reads every file");
    // Files are trusted only once they have been still for a moment before a build.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    assert_eq!(read(&site), 6, "files written just before the last build are read again");
    replace(&site, "content/statements/2020/04/c-address.md", "Citizens, friends.", "Citizens, fiends.");
    assert_eq!(read(&site), 1, "only the edited file");
    assert!(site.page("statements/c-address/index.html").contains("Citizens, fiends."));
    replace(&site, "content/statements/2020/04/c-address.md", "fiends", "frens");
    assert_eq!(read(&site), 1, "edited again at once, the same size");
    assert!(site.page("statements/c-address/index.html").contains("Citizens, frens."));
    site.build(&["--clean", "--output", "clean"]);
    assert!(tree(&site.public()) == tree(&site.root().join("clean")));
}
