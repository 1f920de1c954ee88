//! Broken and hostile input: clear problems with file and line, all at once, never a panic,
//! never a lost site; source text always escaped.

use crate::util::{sample_site, statement, TestSite, SITE_TOML};

#[test]
fn every_problem_is_reported_with_file_and_line() {
    let site = TestSite::with_config(SITE_TOML);
    site.write("content/statements/bad-toml.md", "+++\ntitle = \"x\"\ndate = \n+++\nbody\n");
    site.write("content/statements/no-title.md", &statement("date = 2020-01-01", "body"));
    site.write("content/statements/bad-date.md", &statement("title = \"x\"\ndate = 2020-02-31", "body"));
    site.write("content/statements/typo.md", &statement("title = \"x\"\ntopic = [\"energy\"]", "body"));
    site.write("content/statements/2020/same.md", &statement("title = \"one\"", "body"));
    site.write("content/statements/2021/same.md", &statement("title = \"two\"", "body"));
    site.write("content/statements/no-front-matter.md", "Just text.\n");
    site.write("content/statements/unclosed.md", "+++\ntitle = \"x\"\n");
    site.write("content/statements/bad-range.md", &statement("title = \"x\"\n[source]\nlines = [[9, 3]]", "body"));
    std::fs::write(site.root().join("content/statements/latin1.md"), b"+++\ntitle = \"caf\xe9\"\n+++\n").unwrap();
    let err = site.build_fails();
    for expected in [
        "content/statements/bad-toml.md:3: ",
        "content/statements/no-title.md:2: missing field `title`",
        "content/statements/bad-date.md:3: ",
        "content/statements/typo.md:3: unknown field `topic`",
        "content/statements/2021/same.md: duplicate statement id \"same\": also used by content/statements/2020/same.md",
        "content/statements/no-front-matter.md:1: no front matter",
        "content/statements/unclosed.md:1: the front matter opened on line 1 is never closed",
        "content/statements/bad-range.md:4: `source.lines` range [9, 3]",
        "content/statements/latin1.md: not UTF-8 text",
        "9 problems found",
        "content/statements/no-title.md:2",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    assert!(!site.public().exists(), "nothing written");
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let site = sample_site(SITE_TOML);
    site.build(&[]);
    let before = site.files();
    let home = site.page("index.html");
    site.write("content/statements/2020/03/broken.md", "+++\ntitle = \n+++\n");
    site.build_fails();
    assert_eq!(site.files(), before);
    assert_eq!(site.page("index.html"), home);
    let leftovers: Vec<_> = std::fs::read_dir(site.root()).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).filter(|n| n.starts_with(".public") && n != ".public.annals").collect();
    assert!(leftovers.is_empty(), "staging folders left (only the build cache stays): {leftovers:?}");
}

#[test]
fn a_broken_template_is_reported_and_nothing_is_written() {
    let site = sample_site(SITE_TOML);
    site.write("templates/term.html", "{% extends \"base.html\" %}{% block content %}{{ term.name }{% endblock content %}");
    let err = site.build_fails();
    assert!(err.contains("templates/term.html"), "{err}");
    site.write("templates/term.html", "{% extends \"base.html\" %}{% block content %}{{ no_such_variable }}{% endblock content %}");
    let err = site.build_fails();
    assert!(err.contains("templates/term.html") && err.contains("no_such_variable"), "{err}");
    assert!(!site.public().exists());
}

#[test]
fn script_in_titles_and_bodies_is_escaped_everywhere() {
    let site = TestSite::with_config(SITE_TOML);
    site.write(
        "content/statements/x.md",
        &statement(
            "title = \"<script>alert('title')</script>\"\ndate = 2020-01-01\nkind = \"<b>kind</b>\"\ntags = [\"<img src=x onerror=alert(1)>\"]\npeople = [\"\\\"><script>p</script>\"]\n[source]\nchannel = \"<script>c</script>\"",
            "Body <script>alert('body')</script> and <iframe src=\"https://evil\"></iframe>\n\n[click](javascript:alert(1))\n",
        ),
    );
    site.build(&[]);
    // Markup files only: the plain-text copy and the data files hold the text as it is.
    for file in site.files().into_iter().filter(|f| f.ends_with(".html") || f.ends_with(".xml")) {
        let text = site.page(&file);
        assert!(!text.contains("<script>") && !text.contains("<iframe") && !text.contains("<img src=x"), "unescaped markup in {file}");
        assert!(!text.contains("javascript:"), "script link in {file}");
    }
    assert!(site.page("statements/x/index.html").contains("\"name\":\"\\u003cscript\\u003ealert('title')\\u003c/script\\u003e\""), "JSON-LD cannot close its script element");
    let page = site.page("statements/x/index.html");
    assert!(page.contains("<h1>&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;</h1>"), "{page}");
    assert!(page.contains("Body &lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;") || page.contains("Body &lt;script&gt;alert('body')&lt;/script&gt;"), "{page}");
    assert!(page.contains("&lt;script&gt;c&lt;/script&gt;"));
    assert!(site.page("atom.xml").contains("&lt;script&gt;alert(&#39;title&#39;)"));
}

#[test]
fn file_names_with_spaces_non_ascii_and_dots_get_safe_urls() {
    let site = TestSite::with_config(SITE_TOML);
    site.write("content/statements/with space.md", &statement("title = \"Spaces\"", "a"));
    site.write("content/statements/заявление МИД.md", &statement("title = \"Cyrillic\"", "b"));
    site.write("content/statements/a..b.md", &statement("title = \"Dots\"", "c"));
    site.write("content/statements/‽ !.md", &statement("title = \"Only punctuation\"", "d"));
    let err = site.build_fails();
    assert!(err.contains("content/statements/‽ !.md:2: the file name \"‽ !\" has no letters or digits"), "{err}");
    site.remove("content/statements/‽ !.md");
    site.build(&[]);
    assert!(site.page("statements/with-space/index.html").contains("Spaces"));
    assert!(site.page("statements/zaiavlenie-mid/index.html").contains("Cyrillic"));
    assert!(site.page("statements/a-b/index.html").contains("Dots"));
    assert!(site.files().iter().all(|f| f.is_ascii() && !f.contains("..") && !f.contains(' ')), "{:?}", site.files());
}

#[test]
fn two_files_with_the_same_url_are_an_error() {
    let site = TestSite::with_config(SITE_TOML);
    site.write("content/statements/Energy Talks.md", &statement("title = \"A\"", "a"));
    site.write("content/statements/energy-talks.md", &statement("title = \"B\"", "b"));
    let err = site.build_fails();
    assert!(err.contains("duplicate statement URL \"energy-talks\""), "{err}");
}

#[test]
fn site_toml_problems() {
    let site = TestSite::new();
    let err = site.build_fails();
    assert!(err.contains("site.toml: no site.toml here"), "{err}");
    site.write("site.toml", "title = \"T\"\nbase_url = \"example.org\"\npaginate_by = 0\n");
    let err = site.build_fails();
    assert!(err.contains("site.toml:2: `base_url` must start with http") && err.contains("site.toml:3: `paginate_by` must be at least 1"), "{err}");
    site.write("site.toml", "title = \"T\"\nbase_url = \"https://x.org/\"\n[taxonomies]\ntopic = \"Subjects\"\n");
    let err = site.build_fails();
    assert!(err.contains("site.toml:4: unknown field `topic`"), "{err}");
}

#[test]
fn the_output_folder_never_replaces_the_users_work() {
    let site = sample_site(SITE_TOML);
    let out = site.run(&["build", "--output", "."]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("would replace the archive itself"));
    let out = site.run(&["build", "--output", "content"]);
    assert!(!out.status.success());
    assert!(site.root().join("content/pages/about.md").is_file());
}

/// Builds killed at points spread over a build's run, some into a new folder, most over a
/// previous build: each time the previous site is there, complete and unchanged, and the next
/// build that finishes equals a clean one.
#[test]
fn a_killed_build_leaves_the_previous_site_complete_and_unchanged() {
    use std::time::Instant;
    let site = TestSite::with_config(SITE_TOML);
    let paragraph = "The ministers discussed the situation in the region and the prospects of cooperation. ".repeat(12);
    for i in 0..500 {
        let date = format!("20{:02}-{:02}-{:02}", 10 + i % 12, 1 + i % 12, 1 + i % 28);
        site.write(
            &format!("content/statements/s{i:04}.md"),
            &statement(&format!("title = \"Statement number {i}\"\ndate = {date}\nkind = \"news\"\ntopics = [\"energy\"]\ntags = [\"Tag {}\"]", i % 40), &format!("{paragraph}\n\nNumber {i}.\n")),
        );
    }
    let started = Instant::now();
    site.build(&[]);
    let full = started.elapsed();
    let mut previous = crate::incremental::tree(&site.public());
    // A different point in each run; the seed is shown when a run fails.
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos() as u64;
    let mut random = seed;
    let mut next = || {
        random = random.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (random >> 33) as f64 / (1u64 << 31) as f64
    };
    for round in 0..8 {
        // Every page changes: the site's title is on all of them.
        site.write("site.toml", &SITE_TOML.replacen("Test archive", &format!("Test archive, edition {round}"), 1));
        let clean = round % 4 == 3;
        let delay = full.mul_f64(0.05 + 0.9 * next());
        let mut args = vec!["build"];
        if clean {
            args.push("--clean");
        }
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_annals")).current_dir(site.root()).args(&args).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn().unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let finished = child.wait().unwrap().success();
        let now = crate::incremental::tree(&site.public());
        if finished {
            // It ran to the end before the kill: the new site is whole.
            previous = now;
            continue;
        }
        if now != previous {
            // Killed after the new site was swapped in (while the build cleaned up and wrote
            // its cache): the site must then be the new one, whole, never a mix.
            let whole = format!("whole-{round}");
            site.build(&["--clean", "--output", &whole]);
            let kind = if clean { "full" } else { "incremental" };
            assert!(now == crate::incremental::tree(&site.root().join(&whole)), "round {round} (seed {seed}): a {kind} build killed after {delay:?} left neither the previous site nor the new one");
            previous = now;
            continue;
        }
        if round % 2 == 1 {
            site.build(&[]);
            previous = crate::incremental::tree(&site.public());
        }
    }
    site.build(&[]);
    site.build(&["--clean", "--output", "clean"]);
    assert!(crate::incremental::tree(&site.public()) == crate::incremental::tree(&site.root().join("clean")), "after the kills, the next build equals a clean one (seed {seed})");
}
