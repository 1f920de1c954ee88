//! Editorial notes and statement shortcodes.

use crate::util::{sample_site, statement, SITE_TOML};

#[test]
fn notes_link_both_ways_and_appear_in_timeline_and_feed() {
    let site = sample_site(SITE_TOML);
    site.write(
        "content/notes/context.md",
        "+++\ntitle = \"Context for the call\"\ndate = 2020-04-02\nauthor = \"Ed Itor\"\nstatements = [\"2020-03-30-call\", \"film\"]\ntopics = [\"energy\"]\n+++\nThe call <em>matters</em>.\n\n```python\nprint('x')\n```\n",
    );
    site.build(&[]);
    let note = site.page("notes/context/index.html");
    assert!(note.contains("<h1>Context for the call</h1>") && note.contains("by Ed Itor"), "{note}");
    assert!(note.contains("The call <em>matters</em>."), "notes are trusted Markdown");
    assert!(note.contains("class=\"hl-"), "highlighted code in notes");
    assert!(note.contains("href=\"/statements/2020-03-30-call/\"") && note.contains("href=\"/statements/film/\""), "links to its statements");
    let call = site.page("statements/2020-03-30-call/index.html");
    // The theme's words are escaped as every value is: the apostrophe is &#39;.
    assert!(call.contains("Editor&#39;s note") && call.contains("href=\"/notes/context/\""), "the statement links back");
    assert!(!site.page("statements/2020-03-26-g20/index.html").contains("editor-note"));
    assert!(site.page("notes/index.html").contains("href=\"/notes/context/\""));
    assert!(site.page("timeline/2020/04/index.html").contains("href=\"/notes/context/\""), "in the timeline");
    assert!(site.page("atom.xml").contains("<id>https://example.org/notes/context/</id>"), "in the feed");
    assert!(site.page("index.html").contains("href=\"/notes/\""), "in the navigation");
}

#[test]
fn shortcodes_cite_statements_from_any_markdown() {
    let site = sample_site(SITE_TOML);
    site.write("content/pages/about.md", "+++\ntitle = \"About\"\n+++\nSee {{ statement_link(id=\"film\") }}.\n\n{{ statement(id=\"2020-03-30-call\") }}\n");
    site.write(
        "content/statements/undated/cites.md",
        &statement("title = \"Cites\"", "<b>raw</b> and {{ statement_link(id=\"film\") }}\n"),
    );
    site.build(&[]);
    let about = site.page("pages/about/index.html");
    assert!(about.contains("<a class=\"statement-link\" href=\"/statements/film/\">Moscow Does Not Believe in Tears</a>"), "{about}");
    assert!(about.contains("<blockquote class=\"statement-card\">") && about.contains("Telephone conversation with Donald Trump"), "{about}");
    let cites = site.page("statements/cites/index.html");
    assert!(cites.contains("&lt;b&gt;raw&lt;/b&gt; and <a class=\"statement-link\" href=\"/statements/film/\">"), "{cites}");
}

#[test]
fn unknown_ids_are_errors_with_file_and_line() {
    let site = sample_site(SITE_TOML);
    site.write("content/notes/bad.md", "+++\ntitle = \"Bad\"\ndate = 2020-01-01\nstatements = [\"nope\"]\n+++\nText\n\nMore {{ statement(id=\"missing\") }}\n");
    site.write("content/pages/about.md", "+++\ntitle = \"About\"\n+++\n\n{{ statement_link(id=\"gone\") }}\n");
    let err = site.build_fails();
    assert!(err.contains("content/notes/bad.md:4: `statements` names \"nope\", but no statement has that id"), "{err}");
    site.write("content/notes/bad.md", "+++\ntitle = \"Bad\"\ndate = 2020-01-01\n+++\nText\n\nMore {{ statement(id=\"missing\") }}\n");
    let err = site.build_fails();
    assert!(err.contains("content/notes/bad.md:7: no statement has the id \"missing\""), "{err}");
    assert!(err.contains("content/pages/about.md:5: no statement has the id \"gone\""), "{err}");
}

#[test]
fn new_note_writes_a_note_that_builds() {
    let site = sample_site(SITE_TOML);
    let out = site.run(&["new", "note", "2020-03-30-call", "2020-03-26-g20", "--author", "Editor"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let path = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let text = std::fs::read_to_string(site.root().join(&path)).unwrap();
    assert!(path.starts_with("content/notes/"), "{path}");
    assert!(text.contains("statements = [\"2020-03-30-call\", \"2020-03-26-g20\"]") && text.contains("author = \"Editor\""), "{text}");
    assert!(text.contains("topics = [\"energy\", \"coronavirus\"]"), "{text}");
    let again = site.run(&["new", "note", "2020-03-30-call"]);
    assert_ne!(String::from_utf8(again.stdout).unwrap().trim(), path, "never overwrites");
    site.build(&[]);
    assert!(site.page("statements/2020-03-30-call/index.html").contains("editor-note"));
    let bad = site.run(&["new", "note", "no-such-id"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no statement has the id \"no-such-id\""));
}
