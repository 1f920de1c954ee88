//! The site's own words in its language: the Russian fixture archive shows no English interface
//! word on any page; translation files override the theme's table; bad tables are errors that
//! name their file and line.

use std::collections::BTreeSet;
use std::path::Path;

use crate::util::TestSite;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ru-site");
const THEME_I18N: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/i18n");

/// A copy of the Russian fixture archive, with `site.toml` changed by `config`.
fn russian_site(config: impl Fn(String) -> String) -> TestSite {
    let site = TestSite::new();
    for entry in walkdir::WalkDir::new(FIXTURE).into_iter().map(Result::unwrap).filter(|e| e.file_type().is_file()) {
        let rel = entry.path().strip_prefix(FIXTURE).unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        site.write(&rel, &if rel == "site.toml" { config(text) } else { text });
    }
    site
}

/// Every word (of Latin letters) in a table's texts, placeholders left out.
fn words_of_table(file: &str) -> BTreeSet<String> {
    let table: toml::Table = toml::from_str(&std::fs::read_to_string(Path::new(THEME_I18N).join(file)).unwrap()).unwrap();
    let mut texts = Vec::new();
    for value in table.values() {
        match value {
            toml::Value::Table(forms) => texts.extend(forms.values().filter_map(|v| v.as_str()).map(str::to_string)),
            other => texts.extend(other.as_str().map(str::to_string)),
        }
    }
    let placeholder = regex::Regex::new(r"\{\w+\}").unwrap();
    texts.iter().flat_map(|t| latin_words(&placeholder.replace_all(t, " "))).collect()
}

fn latin_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// The English interface words: those of the English table that the Russian one does not use
/// too (CSV, JSON, Atom).
fn english_words() -> BTreeSet<String> {
    let russian = words_of_table("ru.toml");
    words_of_table("en.toml").into_iter().filter(|w| !russian.contains(w)).collect()
}

/// What a reader reads of a page: its text and its labels (`aria-label`, `title`, `alt`,
/// `placeholder`), without scripts (their data is checked on its own), code (file names) and
/// paths or URLs. A feed's escaped HTML content is read as HTML.
fn readable(page: &str) -> String {
    let page = page.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    let hidden = regex::Regex::new(r"(?s)<script[^>]*>.*?</script>|<code>.*?</code>|<\?xml[^>]*>").unwrap();
    let page = hidden.replace_all(&page, " ");
    let label = regex::Regex::new(r#"(?:aria-label|title|alt|placeholder)="([^"]*)""#).unwrap();
    let labels: Vec<&str> = label.captures_iter(&page).map(|c| c.get(1).unwrap().as_str()).collect();
    let text = regex::Regex::new(r"<[^>]*>").unwrap().replace_all(&page, " ").into_owned();
    let text = format!("{text} {}", labels.join(" "));
    text.split_whitespace().filter(|token| !token.contains('/')).collect::<Vec<_>>().join(" ")
}

/// The pages of a built site whose readable text holds an English interface word, with them.
fn english_on_pages(public: &Path) -> Vec<(String, BTreeSet<String>)> {
    let english = english_words();
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(public).sort_by_file_name().into_iter().map(Result::unwrap) {
        let rel = entry.path().strip_prefix(public).unwrap().to_string_lossy().into_owned();
        let is_page = [".html", ".xml", "index.txt"].iter().any(|end| rel.ends_with(end));
        if !entry.file_type().is_file() || !is_page || rel.starts_with("sitemap") {
            continue;
        }
        let text = readable(&std::fs::read_to_string(entry.path()).unwrap());
        let words: BTreeSet<String> = latin_words(&text).into_iter().filter(|w| english.contains(w)).collect();
        if !words.is_empty() {
            found.push((rel, words));
        }
    }
    found
}

#[test]
fn a_russian_site_shows_no_english_interface_word_on_any_page() {
    let site = russian_site(|config| config);
    site.build(&[]);
    for page in [
        "index.html",
        "page/2/index.html",
        "timeline/index.html",
        "timeline/2020/index.html",
        "timeline/2020/03/index.html",
        "timeline/undated/index.html",
        "statements/2020-03-30-telefonnyj-razgovor-lavrova/index.html",
        "statements/2020-03-30-telefonnyj-razgovor-lavrova/index.txt",
        "topics/index.html",
        "topics/energetika/index.html",
        "tags/index.html",
        "people/index.html",
        "kinds/index.html",
        "kinds/comment/index.html",
        "notes/index.html",
        "search/index.html",
        "404.html",
        "atom.xml",
        "topics/koronavirus/atom.xml",
        "sources/vypusk-2020-03/index.html",
        "pages/ob-arhive/index.html",
    ] {
        assert!(site.has(page), "the fixture has {page}");
    }
    let found = english_on_pages(&site.public());
    assert!(found.is_empty(), "English interface words on the Russian site: {found:#?}");

    // The script's strings are Russian too.
    let search = site.page("search/index.html");
    let strings = search.split("id=\"search-strings\">").nth(1).and_then(|s| s.split("</script>").next()).expect("the search page has its strings");
    let strings: serde_json::Value = serde_json::from_str(strings).unwrap();
    assert_eq!(strings["language"], "ru");
    assert_eq!(strings["text"]["search_results"]["few"], "{count} результата");
    let texts: Vec<String> = strings["text"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|value| match value {
            serde_json::Value::Object(forms) => forms.values().map(|form| form.as_str().unwrap().to_string()).collect(),
            text => vec![text.as_str().unwrap().to_string()],
        })
        .collect();
    let texts = regex::Regex::new(r"\{\w+\}").unwrap().replace_all(&texts.join(" "), "").into_owned();
    let english: Vec<String> = latin_words(&texts).into_iter().filter(|w| english_words().contains(w)).collect();
    assert!(english.is_empty(), "{english:?} in {texts}");

    // Dates at every precision, month and weekday names, and plurals.
    let home = site.page("index.html");
    assert!(home.contains("<time datetime=\"2025-12-31\">31 декабря 2025</time>"), "{home}");
    assert!(home.contains("<strong>12</strong> заявлений"), "{home}");
    assert!(home.contains("<strong>4</strong> темы"), "{home}");
    let month = site.page("timeline/2020/03/index.html");
    assert!(month.contains("<time datetime=\"2020-03\">март 2020</time>"), "a month-precision date: {month}");
    assert!(month.contains("<h2>Понедельник, 30 марта 2020</h2>"), "{month}");
    assert!(month.contains("<th scope=\"col\">Пн</th><th scope=\"col\">Вт</th><th scope=\"col\">Ср</th>"), "{month}");
    assert!(month.contains("<h1>Март 2020</h1>") && month.contains("3 заявления"), "{month}");
    let year = site.page("timeline/2019/index.html");
    assert!(year.contains("<time datetime=\"2019\">2019</time>") && year.contains("В течение 2019 года"), "a year-precision date: {year}");
    let timeline = site.page("timeline/index.html");
    assert!(timeline.contains("<abbr title=\"май\">май</abbr>") && timeline.contains("<abbr title=\"декабрь\">дек</abbr>"), "{timeline}");
    assert!(timeline.contains("2020: 6 заявлений") && timeline.contains("2022: 0 заявлений") && timeline.contains("2021: 2 заявления") && timeline.contains("2019: 1 заявление"), "{timeline}");
    // Machine formats stay as they are.
    let feed = site.page("atom.xml");
    assert!(feed.contains("<updated>2025-12-31T00:00:00Z</updated>") && feed.contains("xml:lang=\"ru\""), "{feed}");
    assert!(feed.contains("<title>Заметка редакции: Помощь и звонки конца марта 2020 года</title>"), "{feed}");
    let index = std::fs::read_to_string(site.public().join("search/docs/0.json")).unwrap();
    assert!(index.contains("\"31 декабря 2025\",\"2025-12-31\""), "search results show the site's dates: {index}");
    let filters = std::fs::read_to_string(site.public().join("search/index.json")).unwrap();
    assert!(filters.contains("\"label\":\"Язык\"") && filters.contains("\"name\":\"русский\""), "{filters}");
}

#[test]
fn a_russian_site_that_names_no_taxonomy_or_kind_gets_them_in_russian() {
    // site.toml without [taxonomies] and [[kinds]]: the names come from the translation table.
    let site = russian_site(|config| {
        let kept: Vec<&str> = config.split("\n\n").filter(|block| !block.starts_with("[taxonomies]") && !block.starts_with("[[kinds]]")).collect();
        kept.join("\n\n")
    });
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    assert!(!config.contains("[[kinds]]") && !config.contains("[taxonomies]"), "{config}");
    site.build(&[]);
    let kinds = site.page("kinds/index.html");
    assert!(kinds.contains("Виды") && kinds.contains("Телефонный разговор"), "{kinds}");
    assert!(site.page("index.html").contains("Темы"));
    assert_eq!(english_on_pages(&site.root().join("public")), Vec::new());
}

#[test]
fn the_same_archive_in_english_is_caught_by_the_word_check() {
    // The check above can fail: built in English, the same archive shows English words.
    let site = russian_site(|config| config.replace("language = \"ru\"", "language = \"en\""));
    site.build(&[]);
    let found = english_on_pages(&site.public());
    let pages: Vec<&str> = found.iter().map(|(page, _)| page.as_str()).collect();
    for page in ["index.html", "timeline/2020/03/index.html", "search/index.html", "404.html", "atom.xml"] {
        assert!(pages.contains(&page), "{page} shows English: {pages:?}");
    }
    assert!(site.page("timeline/2020/03/index.html").contains("Monday 30 March 2020"));
}

#[test]
fn a_theme_a_site_file_and_site_toml_override_the_built_in_table_in_that_order() {
    let site = russian_site(|config| {
        config.replace("paginate_by = 5", "paginate_by = 5\ntheme = \"mine\"\n\n[translations]\nlatest_statements = \"Новые поступления\"\n")
    });
    site.write("themes/mine/i18n/ru.toml", "timeline = \"Летопись\"\nsearch = \"Искать\"\nlatest_statements = \"Из темы\"\n");
    site.write("i18n/ru.toml", "search = \"Найти заявление\"\nlatest_statements = \"Из файла сайта\"\n");
    site.build(&[]);
    let home = site.page("index.html");
    assert!(home.contains(">Летопись</a>"), "the theme's file: {home}");
    assert!(home.contains(">Найти заявление</a>") && !home.contains(">Искать<"), "the site's file beats the theme's: {home}");
    assert!(home.contains("<h2>Новые поступления</h2>"), "site.toml beats both: {home}");
    assert!(home.contains(">Метки</a>"), "other keys keep the built-in text");

    // A theme and a site may declare new keys in English, for their own templates.
    site.write("i18n/en.toml", "motto = \"Sources first\"\n");
    site.write("i18n/ru.toml", "motto = \"Сначала источники\"\n");
    site.write("templates/404.html", "{% extends \"base.html\" %}{% block content %}<p>{{ t(key=\"motto\") }}</p>{% endblock content %}");
    site.build(&[]);
    assert!(site.page("404.html").contains("<p>Сначала источники</p>"));
}

#[test]
fn a_new_language_comes_from_a_file_that_must_give_every_key() {
    let site = russian_site(|config| config.replace("language = \"ru\"", "language = \"de\""));
    let err = site.build_fails();
    assert!(err.contains("site.toml:5: no translation for language \"de\"") && err.contains("i18n/de.toml"), "{err}");

    site.write("i18n/de.toml", "timeline = \"Zeitleiste\"\nsearch = \"Suche\"\n");
    let err = site.build_fails();
    assert!(err.contains("i18n/de.toml: the \"de\" translation lacks"), "{err}");
    assert!(err.contains("latest_statements") && err.contains("month_with_day_12") && !err.contains(" timeline,"), "{err}");

    // A complete table: the Russian one with German words where the test looks.
    let russian = std::fs::read_to_string(Path::new(THEME_I18N).join("ru.toml")).unwrap();
    let german = russian.replace("latest_statements = \"Последние заявления\"", "latest_statements = \"Neueste Erklärungen\"").replace(
        "statements_noun = { one = \"заявление\", few = \"заявления\", many = \"заявлений\", other = \"заявления\" }",
        "statements_noun = { one = \"Erklärung\", other = \"Erklärungen\" }",
    );
    site.write("i18n/de.toml", &german);
    site.build(&[]);
    let home = site.page("index.html");
    assert!(home.contains("<h2>Neueste Erklärungen</h2>") && home.contains("<strong>12</strong> Erklärungen"), "{home}");
    assert!(home.contains("<html lang=\"de\">"));
}

#[test]
fn bad_translation_files_are_errors_with_their_file_and_line() {
    let site = russian_site(|config| config);
    site.write("i18n/ru.toml", "timeline = \"Летопись\"\nsearch = \n");
    let err = site.build_fails();
    assert!(err.contains("i18n/ru.toml:2:"), "malformed TOML: {err}");

    site.write("i18n/ru.toml", "timeline = \"Летопись\"\ntimelin = \"Летопись\"\n");
    let err = site.build_fails();
    assert!(err.contains("i18n/ru.toml:2: unknown key `timelin`"), "{err}");

    site.write("i18n/ru.toml", "# заметка\nstatements_noun = { one = \"заявление\", other = \"заявления\" }\n");
    let err = site.build_fails();
    assert!(err.contains("i18n/ru.toml:2: `statements_noun` lacks the plural forms `few` (for 2, 3, 4…), `many` (for 0, 5, 6…)"), "{err}");

    site.write("i18n/ru.toml", "timeline = { one = \"a\", other = \"b\" }\nsearch = 3\nsometime_in = \"В {год} году\"\nstatements_noun = { one = \"a\", few = \"b\", lots = \"c\", other = \"d\" }\n");
    let err = site.build_fails();
    assert!(err.contains("i18n/ru.toml:1: `timeline` goes with no number in English"), "{err}");
    assert!(err.contains("i18n/ru.toml:2: `search` must be a string"), "{err}");
    assert!(err.contains("i18n/ru.toml:3: `sometime_in` uses {год}, which the English text does not give (it has {year})"), "{err}");
    assert!(err.contains("i18n/ru.toml:4: `statements_noun.lots`: a plural form is one of zero, one, two, few, many, other"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    site.remove("i18n/ru.toml");
    let site_toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &format!("{site_toml}\n[translations]\nnot_a_key = \"x\"\n"));
    let err = site.build_fails();
    assert!(err.contains("site.toml:") && err.contains("unknown key `not_a_key`"), "{err}");
}

#[test]
fn init_in_russian_writes_a_russian_site_that_builds_in_russian() {
    let site = TestSite::new();
    let out = site.run(&["init", "arhiv", "--language", "ru"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let config = std::fs::read_to_string(site.root().join("arhiv/site.toml")).unwrap();
    assert!(config.contains("language = \"ru\""), "{config}");
    assert!(config.contains("[taxonomies]\ntopics = \"Темы\"\ntags = \"Метки\"\npeople = \"Люди\"\nkinds = \"Виды\"\n"), "{config}");
    assert!(config.contains("[[kinds]]\nslug = \"phone-call\"\nname = \"Телефонный разговор\"\n"), "{config}");
    let out = site.run(&["--root", "arhiv", "build"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let found = english_on_pages(&site.root().join("arhiv/public"));
    assert!(found.is_empty(), "{found:#?}");
    let out = site.run(&["init", "other", "--language", "xx"]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("no built-in translation for \"xx\""));
}
