//! The static search index, read back the way the theme's `search.js` reads it: the shard list,
//! a word's shards, its postings, the records and the filter lists.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::util::{SITE_TOML, TestSite, statement};

const DIGITS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn varints(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let (mut value, mut shift) = (0u64, 0);
    for c in text.chars() {
        let digit = DIGITS.find(c).unwrap_or_else(|| panic!("{c:?} is not a digit of the index")) as u64;
        value |= (digit & 31) << shift;
        if digit & 32 != 0 {
            shift += 5;
        } else {
            out.push(value);
            (value, shift) = (0, 0);
        }
    }
    out
}

fn decode_set(text: &str) -> Vec<u64> {
    let numbers = varints(&text[1..]);
    let mut members = Vec::new();
    let mut next = 0;
    match &text[..1] {
        "d" => {
            for gap in numbers {
                members.push(next + gap);
                next += gap + 1;
            }
        }
        "r" => {
            for pair in numbers.chunks(2) {
                let start = next + pair[0];
                members.extend(start..=start + pair[1]);
                next = start + pair[1] + 1;
            }
        }
        other => panic!("unknown set encoding {other}"),
    }
    members
}

struct Index<'a> {
    site: &'a TestSite,
    meta: Value,
}

impl Index<'_> {
    fn open(site: &TestSite) -> Index<'_> {
        let meta = serde_json::from_str(&site.page("search/index.json")).expect("index.json is JSON");
        Index { site, meta }
    }

    fn json(&self, file: &str) -> Value {
        serde_json::from_str(&self.site.page(&format!("search/{file}"))).expect("JSON")
    }

    /// The shard files a query word needs: those whose prefix starts it or that it starts.
    fn shards_for(&self, term: &str) -> Vec<String> {
        let keys = self.meta["shards"].as_array().expect("shards");
        keys.iter()
            .filter_map(Value::as_str)
            .filter(|key| term.starts_with(key) || key.starts_with(term))
            .map(|key| format!("words/{}.json", key.bytes().map(|b| format!("{b:02x}")).collect::<String>()))
            .collect()
    }

    /// Every statement holding a word that begins with `term`, with the word's weight.
    fn lookup(&self, term: &str) -> BTreeMap<u64, u64> {
        let mut found = BTreeMap::new();
        for file in self.shards_for(term) {
            let shard = self.json(&file);
            for (word, postings) in shard.as_object().expect("a shard is an object") {
                assert!(file.contains(&word.bytes().take(2).map(|b| format!("{b:02x}")).collect::<String>()), "{word} in {file}");
                if !word.starts_with(term) {
                    continue;
                }
                let postings = postings.as_str().expect("postings are a string");
                // A word in most statements is the set of them, without weights.
                if let Some(set) = postings.strip_prefix('~') {
                    for doc in decode_set(set) {
                        found.entry(doc).or_insert(1);
                    }
                    continue;
                }
                let numbers = varints(postings);
                let mut next = 0;
                for pair in numbers.chunks(2) {
                    let doc = next + pair[0];
                    next = doc + 1;
                    found.entry(doc).and_modify(|w: &mut u64| *w = (*w).max(pair[1])).or_insert(pair[1]);
                }
            }
        }
        found
    }

    fn record(&self, doc: u64) -> Value {
        let per = self.meta["docs_per_chunk"].as_u64().expect("chunk size");
        self.json(&format!("docs/{}.json", doc / per))[(doc % per) as usize].clone()
    }

    fn titles(&self, term: &str) -> Vec<String> {
        self.lookup(term).keys().map(|&doc| self.record(doc)[0].as_str().expect("title").to_string()).collect()
    }

    /// The statements of one filter value, by title.
    fn filter(&self, key: &str, slug: &str) -> Vec<String> {
        let filters = self.meta["filters"].as_array().expect("filters");
        let f = filters.iter().position(|f| f["key"] == key).unwrap_or_else(|| panic!("no filter {key}"));
        let v = filters[f]["values"].as_array().expect("values").iter().position(|v| v["slug"] == slug).unwrap_or_else(|| panic!("no {key} {slug}"));
        let whole = decode_set(self.json(&format!("filters/{f}-{v}.json")).as_str().expect("set"));
        // The parts of the filter lists hold the same statements, numbered within their part.
        let parts = self.meta["facet_parts"].as_u64().expect("parts");
        let mut from_parts: Vec<u64> = (0..parts)
            .flat_map(|p| decode_set(self.json(&format!("filters/part-{p}.json"))[f][v].as_str().expect("set")).into_iter().map(move |local| local * parts + p))
            .collect();
        from_parts.sort_unstable();
        assert_eq!(from_parts, whole, "{key} {slug}: the parts add up to the whole");
        whole.into_iter().map(|doc| self.record(doc)[0].as_str().expect("title").to_string()).collect()
    }
}

fn archive() -> TestSite {
    let site = TestSite::with_config(SITE_TOML);
    site.write(
        "content/statements/lavrov-energy.md",
        &statement(
            "title = \"Lavrov’s interview on energy\"\ndate = 2020-03-30\nkind = \"interview\"\nlang = \"en\"\ntopics = [\"energy\"]\npeople = [\"Sergey Lavrov\"]",
            "Sergey Lavrov spoke about the **Ёлка** festival and café culture.\n\nThe minister answered questions.",
        ),
    );
    site.write(
        "content/statements/singapore.md",
        &statement(
            "title = \"О российско-сингапурских консультациях\"\ndate = 2025-04-04\nkind = \"meeting\"\nlang = \"ru\"",
            "Заместитель Министра провёл консультации в Сингапуре. Упомянут Лавров.",
        ),
    );
    site.write("content/statements/pipeline.md", &statement("title = \"Pipeline to Russia\"\nlang = \"en\"", "Lavrov is mentioned once. Lavrov, twice."));
    site
}

#[test]
fn words_are_found_case_and_accent_blind_with_yo_as_ye_and_by_prefix() {
    let site = archive();
    site.build(&[]);
    let index = Index::open(&site);
    assert_eq!(index.meta["docs"], 3);
    assert_eq!(index.titles("елка"), ["Lavrov’s interview on energy"], "ё is е, case ignored");
    assert_eq!(index.titles("cafe"), ["Lavrov’s interview on energy"], "accents ignored");
    assert_eq!(index.titles("сингапур"), ["О российско-сингапурских консультациях"], "a prefix finds сингапурских and Сингапуре");
    assert_eq!(index.titles("провел"), ["О российско-сингапурских консультациях"]);
    assert!(index.titles("ministe").contains(&"Lavrov’s interview on energy".to_string()), "English prefix");
    assert!(index.lookup("the").is_empty() && index.lookup("и").is_empty(), "stop words and single letters are not indexed");
    assert!(index.lookup("nowhere").is_empty());
}

#[test]
fn weights_mark_title_words_and_count_repeats() {
    let site = archive();
    site.build(&[]);
    let index = Index::open(&site);
    let lavrov = index.lookup("lavrov");
    let by_title: BTreeMap<String, u64> = lavrov.iter().map(|(&doc, &w)| (index.record(doc)[0].as_str().unwrap().to_string(), w)).collect();
    assert_eq!(by_title["Lavrov’s interview on energy"], 16 + 1, "in the title, once in the body");
    assert_eq!(by_title["Pipeline to Russia"], 2, "twice in the body");
    assert_eq!(index.lookup("лавров").len(), 1);
}

#[test]
fn records_and_filters_describe_each_statement() {
    let site = archive();
    site.build(&[]);
    let index = Index::open(&site);
    let doc = *index.lookup("елка").keys().next().expect("found");
    let record = index.record(doc);
    assert_eq!(record[1], "/statements/lavrov-energy/");
    assert_eq!((record[2].as_str(), record[3].as_str(), record[4].as_str(), record[5].as_str()), (Some("30 March 2020"), Some("2020-03-30"), Some("Interview"), Some("en")));
    assert!(record[6].as_str().unwrap().starts_with("Sergey Lavrov spoke about the Ёлка festival"), "plain text, markup gone: {record}");
    assert_eq!(index.filter("lang", "ru"), ["О российско-сингапурских консультациях"]);
    assert_eq!(index.filter("lang", "en").len(), 2);
    assert_eq!(index.filter("year", "2020"), ["Lavrov’s interview on energy"]);
    assert_eq!(index.filter("kind", "meeting"), ["О российско-сингапурских консультациях"]);
    assert_eq!(index.filter("topic", "energy"), ["Lavrov’s interview on energy"]);
    assert_eq!(index.filter("person", "sergey-lavrov"), ["Lavrov’s interview on energy"]);
    let page = site.page("search/index.html");
    assert!(page.contains("<noscript>") && page.contains("href=\"/timeline/\""), "links to the indexes without JavaScript");
    assert!(page.contains("search.js") && site.has("search.js"));
}

#[test]
fn a_large_archive_gets_small_shards_and_a_query_reads_few_of_them() {
    let site = TestSite::with_config(SITE_TOML);
    // 600 statements over a vocabulary with a shared prefix, so that shards must split.
    for i in 0..600 {
        let words: Vec<String> = (0..40).map(|j| format!("pol{:03}", (i * 7 + j * 13) % 500)).collect();
        site.write(&format!("content/statements/s{i:03}.md"), &statement(&format!("title = \"Statement {i}\""), &format!("{} common{}", words.join(" "), i % 3)));
    }
    site.build(&[]);
    let index = Index::open(&site);
    let shards = index.meta["shards"].as_array().unwrap().len();
    assert!(shards > 4, "the pol… words were split into {shards} shards");
    let needed = index.shards_for("pol123");
    assert!(needed.len() <= 2, "one word needs at most its shard and a shorter prefix's: {needed:?}");
    for file in needed {
        assert!(site.page(&format!("search/{file}")).len() < 40 * 1024, "{file} is small");
    }
    let hits = index.lookup("pol123");
    assert!(!hits.is_empty() && hits.len() < 600);
    for &doc in hits.keys() {
        let body = site.page(&format!("statements/s{:03}/index.txt", doc_number(&index, doc)));
        assert!(body.contains("pol123"), "statement {doc} holds the word");
    }
    assert_eq!(index.lookup("common1").len(), 200);
    let statement_word = index.json(&index.shards_for("statement")[0]);
    assert!(statement_word["statement"].as_str().unwrap().starts_with('~'), "a word of every title is written as a set");
    assert_eq!(index.lookup("statement").len(), 600);
}

fn doc_number(index: &Index, doc: u64) -> u64 {
    index.record(doc)[0].as_str().unwrap().trim_start_matches("Statement ").parse().unwrap()
}

#[test]
fn search_can_be_turned_off() {
    let site = archive();
    site.write("site.toml", &format!("search = false\n{SITE_TOML}"));
    site.build(&[]);
    assert!(!site.has("search/index.json") && !site.has("search/index.html"));
    assert!(!site.page("index.html").contains("/search/"), "no link to a search page that is not there");
}

#[test]
fn the_index_lists_each_stems_forms_in_the_shard_of_the_stem() {
    let site = TestSite::with_config(SITE_TOML);
    site.write("content/statements/a.md", &statement("title = \"Переговоры в Москве\"\nlang = \"ru\"", "Переговоры о санкциях."));
    site.write("content/statements/b.md", &statement("title = \"О переговорах\"\nlang = \"ru\"", "Санкции и переговоров итоги. NATO negotiations."));
    site.write("content/statements/c.md", &statement("title = \"Negotiated\"\nlang = \"en\"", "They negotiate; sanctions."));
    site.build(&[]);
    let index = Index::open(&site);
    assert_eq!(index.meta["version"], 2);
    let forms = |stem: &str| -> Vec<String> {
        let key = format!("={stem}");
        let shards = index.meta["shards"].as_array().unwrap();
        let shard = shards.iter().filter_map(Value::as_str).filter(|s| key.starts_with(s)).max_by_key(|s| s.len()).expect("a shard for the stem");
        let file = format!("words/{}.json", shard.bytes().map(|b| format!("{b:02x}")).collect::<String>());
        index.json(&file)[&key].as_str().map_or_else(Vec::new, |forms| forms.split(' ').map(str::to_string).collect())
    };
    assert_eq!(forms("переговор"), ["переговорах", "переговоров", "переговоры"]);
    assert_eq!(forms("санкц"), ["санкции", "санкциях"]);
    assert_eq!(forms("negoti"), ["negotiate", "negotiated", "negotiations"]);
    assert!(forms("nato").is_empty(), "a stem whose only form is itself is not listed");
    for form in ["переговорах", "переговоров", "переговоры", "negotiated"] {
        assert!(!index.lookup(form).is_empty(), "{form} has postings of its own");
    }
}
