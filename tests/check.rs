//! `annals check`: every problem, no output written.

use crate::util::{sample_site, statement, TestSite, SITE_TOML};

fn check(site: &TestSite, args: &[&str]) -> (bool, String) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let out = site.run(&all);
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn a_good_archive_passes_and_nothing_is_written() {
    let site = TestSite::with_config(SITE_TOML);
    site.write("sources/a.txt", "one\ntwo\nthree\n");
    site.write("content/statements/x.md", &statement("title = \"X\"\nkind = \"news\"\ntopics = [\"energy\"]\n[source]\nfile = \"sources/a.txt\"\nlines = [[1, 3]]", "Body."));
    let (ok, out) = check(&site, &["--links"]);
    assert!(ok, "{out}");
    assert!(out.contains("No problems found (1 content files checked, links included)."), "{out}");
    assert!(!site.public().exists());
}

#[test]
fn reports_undefined_terms_missing_sources_and_bad_ranges() {
    let site = TestSite::with_config(SITE_TOML);
    site.write("sources/a.txt", "one\ntwo\n");
    site.write("content/statements/x.md", &statement("title = \"X\"\nkind = \"rumour\"\ntopics = [\"energy\", \"Deep Sea\"]\n[source]\nfile = \"sources/a.txt\"\nlines = [[1, 9]]", "Body."));
    site.write("content/statements/y.md", &statement("title = \"Y\"\n[source]\nfile = \"sources/gone.txt\"\nlines = [[1, 1]]", "Body."));
    site.write("content/statements/z.md", &statement("title = \"Z\"\n[source]\nfile = \"../../etc/passwd\"\nlines = [[1, 1]]", "Body."));
    let (ok, out) = check(&site, &[]);
    assert!(!ok);
    for expected in [
        "content/statements/x.md:3: kind \"rumour\" is not defined in site.toml",
        "content/statements/x.md:4: topic \"Deep Sea\" is not defined in site.toml",
        "content/statements/x.md:7: lines [1, 9] run past the end of sources/a.txt, which has 3 lines",
        "content/statements/y.md:4: source file \"sources/gone.txt\" does not exist",
        "content/statements/z.md:4: source file \"../../etc/passwd\" does not exist",
        "5 problems found",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    // A build renders them all the same.
    site.build(&[]);
}

#[test]
fn reports_what_a_build_would_and_broken_links_with_links() {
    let site = sample_site(SITE_TOML);
    site.write("content/pages/about.md", "+++\ntitle = \"About\"\n+++\n{{ statement(id=\"missing\") }}\n");
    site.write("content/statements/broken.md", "+++\ntitle = \n+++\n");
    let (ok, out) = check(&site, &[]);
    assert!(!ok);
    assert!(out.contains("content/pages/about.md:4: no statement has the id \"missing\""), "{out}");
    assert!(out.contains("content/statements/broken.md:2:"), "{out}");

    let site = sample_site(SITE_TOML);
    site.write("templates/404.html", "{% extends \"base.html\" %}{% block content %}<a href=\"/nowhere/\">x</a><img src=\"/logo.png\">{% endblock content %}");
    let (_, out) = check(&site, &[]);
    assert!(!out.contains("broken link"), "links are only checked when asked: {out}");
    let (ok, out) = check(&site, &["--links"]);
    assert!(!ok);
    assert!(out.contains("public/404.html: broken link to /nowhere/") && out.contains("public/404.html: broken link to /logo.png"), "{out}");
}

#[test]
fn paths_limit_the_report_to_those_files_and_what_they_refer_to() {
    let site = sample_site(SITE_TOML);
    site.write("content/statements/a.md", &statement("title = \"A\"\nkind = \"rumour\"", "x"));
    site.write("content/statements/b.md", &statement("title = \"B\"\nkind = \"gossip\"", "x"));
    site.write("content/notes/n.md", "+++\ntitle = \"N\"\ndate = 2020-01-01\nstatements = [\"b\"]\n+++\nText\n");
    let (ok, out) = check(&site, &["content/statements/a.md"]);
    assert!(!ok);
    assert!(out.contains("content/statements/a.md:3: kind \"rumour\"") && !out.contains("gossip"), "{out}");
    let (ok, out) = check(&site, &["content/notes/n.md"]);
    assert!(!ok);
    assert!(out.contains("content/statements/b.md:3: kind \"gossip\"") && !out.contains("rumour"), "{out}");
    let (ok, out) = check(&site, &["content/statements/2020/03/2020-03-26-g20.md"]);
    assert!(ok, "{out}");
}
