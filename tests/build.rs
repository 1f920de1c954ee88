//! A good site: which pages exist and what they show.

use crate::util::{sample_site, statement, TestSite, SITE_TOML};

#[test]
fn home_lists_newest_first_and_paginates() {
    let site = sample_site(SITE_TOML);
    let out = site.build(&[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("Built 6 statements (7 files read):"), "{stdout}");
    assert!(out.stderr.is_empty(), "no progress bar when not on a terminal: {}", String::from_utf8_lossy(&out.stderr));
    let home = site.page("index.html");
    let address = home.find("Address extending").expect("newest on page 1");
    let call = home.find("Telephone conversation with Donald Trump").expect("second on page 1");
    assert!(address < call);
    assert!(!home.contains("G20 summit by videoconference"), "page size is 2");
    assert!(home.contains("href=\"/page/2/\""));
    assert!(site.page("page/2/index.html").contains("G20 summit by videoconference"));
    let last = site.page("page/3/index.html");
    assert!(last.contains("Moscow Does Not Believe in Tears") && last.contains("Консультации в Сингапуре"));
    assert!(!site.has("page/4/index.html"));
    assert!(home.contains("<strong>6</strong> statements"), "counts on the home page");
}

#[test]
fn statement_page_shows_everything() {
    let site = sample_site(SITE_TOML);
    site.build(&[]);
    let page = site.page("statements/2020-03-30-call/index.html");
    for expected in [
        "<h1>Telephone conversation with Donald Trump</h1>",
        "<time datetime=\"2020-03-30\">30 March 2020</time>",
        "<a href=\"/kinds/phone-call/\">Phone call</a>",
        "<a href=\"/people/vladimir-putin/\">Vladimir Putin</a>",
        "<a href=\"/topics/energy/\">Energy</a>",
        "<a href=\"/topics/coronavirus/\">coronavirus</a>",
        "<a href=\"/tags/oil-market/\">Oil market</a>",
        "<strong>oil market</strong>",
        "<table>",
        "class=\"hl-",
        "Embassy newsletter",
        "sources/a.txt",
        "1–5, 9",
        "lines 10–14",
        "<a rel=\"prev\" href=\"/statements/2020-03-26-g20/\">",
        "<a rel=\"next\" href=\"/statements/2020-04-address/\">",
        "<link rel=\"canonical\" href=\"https://example.org/statements/2020-03-30-call/\">",
    ] {
        assert!(page.contains(expected), "missing {expected:?} in\n{page}");
    }
    let related = &page[page.find("Related statements").expect("related section")..];
    assert!(related.contains("G20 summit by videoconference"), "shares a topic and a tag");
}

#[test]
fn dates_show_at_their_precision_and_language_is_set() {
    let site = sample_site(SITE_TOML);
    site.build(&[]);
    let month = site.page("statements/2020-04-address/index.html");
    assert!(month.contains("<time datetime=\"2020-04\">April 2020</time>"), "{month}");
    assert!(!month.contains("1 April 2020"));
    let year = site.page("statements/2019-review/index.html");
    assert!(year.contains("<time datetime=\"2019\">2019</time>"));
    let ru = site.page("statements/ru-note/index.html");
    assert!(ru.starts_with("<!DOCTYPE html>\n<html lang=\"ru\">"), "{ru}");
    assert!(ru.contains("Undated"));
}

#[test]
fn timeline_by_year_month_and_day() {
    let site = sample_site(SITE_TOML);
    site.build(&[]);
    let timeline = site.page("timeline/index.html");
    assert!(timeline.contains("href=\"/timeline/2019/\"") && timeline.contains("href=\"/timeline/2020/\""));
    assert!(timeline.find("/timeline/2019/").unwrap() < timeline.find("/timeline/2020/").unwrap(), "oldest first");
    assert!(timeline.contains("3 statements"), "2020 holds three (the draft is left out)");
    assert!(timeline.contains("href=\"/timeline/undated/\""));
    let year = site.page("timeline/2020/index.html");
    assert!(year.contains("<a href=\"/timeline/2020/03/\">March</a>"));
    assert!(year.contains("<th scope=\"row\">May</th>"), "months without statements are listed, unlinked");
    for page in [&timeline, &year] {
        assert!(page.contains("<svg viewBox=") && page.contains("<rect "), "counts drawn as inline SVG bars");
        assert!(!page.contains("<script"), "charts need no JavaScript");
    }
    assert!(timeline.contains("<title>2019: 1 statement</title>") && timeline.contains("<title>2020: 3 statements</title>"));
    assert!(year.contains("<a href=\"/timeline/2020/03/\"><title>Mar: 2 statements</title>"), "bars link to their month: {year}");
    let march = site.page("timeline/2020/03/index.html");
    let monday = march.find("Monday 30 March 2020").expect("day heading");
    let thursday = march.find("Thursday 26 March 2020").expect("day heading");
    assert!(thursday < monday, "days in order");
    let calendar = &march[march.find("<table class=\"calendar\">").expect("a calendar")..];
    let calendar = &calendar[..calendar.find("</table>").unwrap()];
    assert!(calendar.contains("<th scope=\"col\">Mon</th>"));
    assert!(calendar.contains("<a href=\"#day-30\">") && march.contains("id=\"day-30\""), "busy days link to their statements");
    assert!(calendar.contains("<span class=\"day-number\">31</span>") && !calendar.contains("#day-31"), "every day shown, quiet ones unlinked");
    assert!(march.contains("href=\"/timeline/2020/04/\""), "next month link");
    let april = site.page("timeline/2020/04/index.html");
    assert!(april.contains("Day not known") && april.contains("Address extending"));
    assert!(site.page("timeline/2019/index.html").contains("Sometime in 2019"));
    let undated = site.page("timeline/undated/index.html");
    assert!(undated.contains("Moscow Does Not Believe in Tears"));
}

#[test]
fn taxonomies_with_counts_and_paginated_terms() {
    let site = sample_site(SITE_TOML);
    site.build(&[]);
    let topics = site.page("topics/index.html");
    assert!(topics.contains("<a href=\"/topics/energy/\">Energy</a> <span class=\"count\">2</span>"), "{topics}");
    assert!(topics.contains("Oil and gas."), "topic descriptions from site.toml");
    let putin = site.page("people/vladimir-putin/index.html");
    assert!(putin.contains("3 statements, page 1 of 2"), "{putin}");
    assert!(site.page("people/vladimir-putin/page/2/index.html").contains("G20 summit"));
    assert!(site.page("tags/g20/index.html").contains("2 statements"));
    assert!(site.page("kinds/index.html").contains("Phone call"));
    assert!(site.has("tags/oil-market/index.html"));
}

#[test]
fn feeds_sitemap_robots_404_and_assets() {
    let site = sample_site(SITE_TOML);
    site.build(&[]);
    let feed = site.page("atom.xml");
    assert!(feed.starts_with("<?xml"));
    assert!(feed.contains("<updated>2020-04-01T00:00:00Z</updated>"), "feed updated = newest statement, not the clock");
    assert!(feed.contains("<id>https://example.org/statements/2020-03-30-call/</id>"));
    assert!(feed.contains("&lt;strong&gt;oil market&lt;&#x2F;strong&gt;") || feed.contains("&lt;strong&gt;oil market&lt;/strong&gt;"));
    assert!(!feed.contains("Moscow Does Not Believe"), "undated statements have no feed date");
    let topic_feed = site.page("topics/energy/atom.xml");
    assert!(topic_feed.contains("G20 summit") && !topic_feed.contains("Address extending"));
    let sitemap = site.page("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/statements/film/</loc>"));
    assert!(sitemap.contains("<loc>https://example.org/timeline/2020/03/</loc>"));
    assert!(!sitemap.contains("404"));
    assert!(site.page("robots.txt").contains("Sitemap: https://example.org/sitemap.xml"));
    assert!(site.page("404.html").contains("Not found"));
    assert!(site.page("pages/about/index.html").contains("We collect <em>statements</em>."), "pages are trusted");
    assert!(site.page("syntax.css").contains(".hl-"));
    assert!(site.has("style.css"));
}

#[test]
fn drafts_only_with_the_flag() {
    let site = sample_site(SITE_TOML);
    site.build(&[]);
    assert!(!site.has("statements/2020-03-31-draft/index.html"));
    site.build(&["--drafts"]);
    assert!(site.page("statements/2020-03-31-draft/index.html").contains("Unfinished draft"));
}

#[test]
fn output_is_byte_identical_across_builds() {
    let site = sample_site(SITE_TOML);
    site.build(&["--output", "one"]);
    site.build(&["--output", "two"]);
    let read_all = |dir: &str| {
        let base = site.root().join(dir);
        let mut files: Vec<(String, Vec<u8>)> = crate::util::walkdir(&base)
            .into_iter()
            .map(|p| (p.strip_prefix(&base).unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
            .collect();
        files.sort();
        files
    };
    let (one, two) = (read_all("one"), read_all("two"));
    assert!(one.len() > 30);
    assert_eq!(one, two);
}

#[test]
fn templates_can_be_overridden_by_the_site_and_by_a_theme() {
    let site = sample_site(SITE_TOML);
    site.write("templates/404.html", "{% extends \"base.html\" %}{% block content %}<h1>Lost in the archive</h1>{% endblock content %}");
    site.write("static/extra.css", "body{}");
    site.build(&[]);
    assert!(site.page("404.html").contains("Lost in the archive"));
    assert!(site.page("index.html").contains("class=\"site-header\""), "other templates stay built in");
    assert!(site.has("extra.css"));

    site.write("site.toml", "title = \"T\"\nbase_url = \"https://example.org/\"\ntheme = \"plain\"\n");
    site.write("themes/plain/templates/partials/item.html", "<li class=\"plain\">{{ item.title }}</li>");
    site.build(&[]);
    assert!(site.page("index.html").contains("<li class=\"plain\">Address extending the non-working period</li>"));
}

#[test]
fn a_missing_theme_is_an_error() {
    let site = TestSite::with_config("title = \"T\"\nbase_url = \"https://x.org/\"\ntheme = \"nope\"\n");
    let err = site.build_fails();
    assert!(err.contains("theme \"nope\" not found"), "{err}");
}

#[test]
fn an_empty_archive_builds() {
    let site = TestSite::with_config("title = \"Empty\"\nbase_url = \"https://x.org/\"\n");
    site.build(&[]);
    assert!(site.page("index.html").contains("No statements yet."));
    assert!(site.page("timeline/index.html").contains("No dated statements yet."));
}

#[test]
fn statements_with_unknown_kinds_and_topics_render_under_their_slug() {
    let site = TestSite::with_config("title = \"T\"\nbase_url = \"https://x.org/\"\n");
    site.write("content/statements/a.md", &statement("title = \"A\"\nkind = \"Op-ed Column\"\ntopics = [\"Deep Sea\"]", "x"));
    site.build(&[]);
    assert!(site.page("kinds/op-ed-column/index.html").contains("<h1>op-ed-column</h1>"));
    assert!(site.page("topics/deep-sea/index.html").contains("<h1>Deep Sea</h1>"));
}

#[test]
fn data_export_plain_text_and_citation_metadata() {
    let site = sample_site(SITE_TOML);
    site.build(&[]);
    let csv = site.page("data/statements.csv");
    let rows: Vec<&str> = csv.split("\r\n").filter(|r| !r.is_empty()).collect();
    assert_eq!(rows[0], "id,url,title,date,date_precision,kind,people,topics,tags,lang,channel,source_file,source_lines");
    assert_eq!(rows.len(), 7, "a header and six statements (no draft)");
    assert!(rows.contains(&"2020-03-30-call,https://example.org/statements/2020-03-30-call/,Telephone conversation with Donald Trump,2020-03-30,day,phone-call,Vladimir Putin; Donald Trump,energy; coronavirus,Oil market; G20,en,Embassy newsletter,sources/a.txt,1-5; 9-9"), "{csv}");
    assert!(rows.iter().any(|r| r.starts_with("2020-04-address,") && r.contains(",2020-04,month,")), "{csv}");
    let json: serde_json::Value = serde_json::from_str(&site.page("data/statements.json")).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 6);
    assert_eq!(json[0]["id"], "2020-04-address", "newest first");
    let package: serde_json::Value = serde_json::from_str(&site.page("data/datapackage.json")).unwrap();
    assert_eq!(package["resources"][0]["path"], "statements.csv");
    assert_eq!(package["resources"][0]["schema"]["fields"].as_array().unwrap().len(), 13);
    let home = site.page("index.html");
    assert!(home.contains("href=\"/data/statements.csv\"") && home.contains("href=\"/data/datapackage.json\""));

    let text = site.page("statements/2020-03-30-call/index.txt");
    assert!(text.starts_with("Telephone conversation with Donald Trump\n\nDate: 30 March 2020\n"), "{text}");
    assert!(text.contains("The two presidents discussed the oil market.") && !text.contains("**"), "{text}");
    let page = site.page("statements/2020-03-30-call/index.html");
    for expected in [
        "<meta name=\"citation_title\" content=\"Telephone conversation with Donald Trump\">",
        "<meta name=\"citation_date\" content=\"2020/03/30\">",
        "<meta name=\"citation_author\" content=\"Vladimir Putin\">",
        "<meta name=\"citation_publisher\" content=\"Embassy newsletter\">",
        "<meta property=\"og:url\" content=\"https://example.org/statements/2020-03-30-call/\">",
        "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\"",
        "href=\"/statements/2020-03-30-call/index.txt\"",
    ] {
        assert!(page.contains(expected), "missing {expected:?}");
    }
}

#[test]
fn sources_are_published_with_line_anchors() {
    let site = sample_site(SITE_TOML);
    site.write("sources/a.txt", "line <one>\nline two\n\nline four\nline five\nsix\nseven\neight\nnine\nten\n");
    site.build(&[]);
    let source = site.page("sources/a/index.html");
    assert!(source.contains("<li id=\"L1\">") && source.contains("line &lt;one&gt;"), "{source}");
    assert!(source.contains("<li id=\"L10\">"));
    assert_eq!(site.page("sources/a.txt"), std::fs::read_to_string(site.root().join("sources/a.txt")).unwrap());
    let page = site.page("statements/2020-03-30-call/index.html");
    assert!(page.contains("<a href=\"/sources/a/\"><code>sources/a.txt</code></a>"), "{page}");
    assert!(page.contains("<a href=\"/sources/a/#L1\">1–5</a>, <a href=\"/sources/a/#L9\">9</a>"), "{page}");
    assert!(page.contains("<a href=\"/sources/a/#L10\">10–14</a>"), "merged copies link too");
    // Building again replaces the site, published sources and all.
    site.write("sources/a.txt", "line one, edited\n");
    site.build(&[]);
    assert_eq!(site.page("sources/a.txt"), "line one, edited\n");
}

#[test]
fn aliases_redirect_earlier_urls_and_are_not_in_the_sitemap() {
    let site = sample_site(SITE_TOML);
    site.write(
        "content/statements/undated/film.md",
        &statement("title = \"Moscow Does Not Believe in Tears\"\nkind = \"feature\"\naliases = [\"/statements/old-film/\", \"/2019/film.html\"]", "A classic.\n"),
    );
    site.write("content/pages/about.md", &statement("title = \"About\"\naliases = [\"/about/\"]", "We collect.\n"));
    site.build(&[]);
    for (file, target) in [("statements/old-film/index.html", "statements/film/"), ("2019/film.html", "statements/film/"), ("about/index.html", "pages/about/")] {
        let page = site.page(file);
        assert!(page.contains(&format!("<link rel=\"canonical\" href=\"https://example.org/{target}\">")), "{file}: {page}");
        assert!(page.contains(&format!("<meta http-equiv=\"refresh\" content=\"0; url=/{target}\">")), "{file}: {page}");
        assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"), "{file}");
    }
    let sitemap = site.page("sitemap.xml");
    assert!(sitemap.contains("https://example.org/statements/film/") && !sitemap.contains("old-film") && !sitemap.contains("film.html"), "{sitemap}");
}

#[test]
fn an_alias_may_not_take_another_pages_place() {
    let site = sample_site(SITE_TOML);
    site.write("content/statements/undated/film.md", &statement("title = \"Film\"\naliases = [\"/statements/2020-03-26-g20/\"]", "A classic.\n"));
    let err = site.build_fails();
    assert!(err.contains("content/statements/undated/film.md:3: `aliases` holds \"/statements/2020-03-26-g20/\", which is already the URL of another page or redirect"), "{err}");
    site.write("content/statements/undated/film.md", &statement("title = \"Film\"\naliases = [\"../../etc/x\"]", "A classic.\n"));
    let err = site.build_fails();
    assert!(err.contains("content/statements/undated/film.md:3: `aliases` holds \"../../etc/x\""), "{err}");
}

#[test]
fn a_url_published_before_and_gone_now_is_a_warning_unless_an_alias_keeps_it() {
    let site = sample_site(SITE_TOML);
    site.build(&[]);
    std::fs::rename(site.root().join("content/statements/undated/film.md"), site.root().join("content/statements/undated/moscow-film.md")).unwrap();
    let out = site.build(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning: content/statements/undated/film.md: /statements/film/ was published by the previous build and no longer is; to keep links to it working, add `aliases = [\"/statements/film/\"]`"), "{stderr}");
    assert!(!site.has("statements/film/index.html"));
    std::fs::rename(site.root().join("content/statements/undated/moscow-film.md"), site.root().join("content/statements/undated/film.md")).unwrap();
    site.build(&[]);
    site.write("content/statements/undated/moscow-film.md", &statement("title = \"Moscow Does Not Believe in Tears\"\naliases = [\"/statements/film/\"]", "A classic.\n"));
    site.remove("content/statements/undated/film.md");
    let out = site.build(&[]);
    assert!(out.stderr.is_empty(), "an alias keeps the URL: {}", String::from_utf8_lossy(&out.stderr));
    assert!(site.page("statements/film/index.html").contains("url=/statements/moscow-film/"));
}
