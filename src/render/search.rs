//! The static search index, written at build time and read by the theme's `search.js`, so that
//! search works on any static host.
//!
//! A query downloads only what it needs: `search/index.json` (the shard list and the filters'
//! names), the word shards its words fall in (`search/words/…`, words grouped by prefix), a
//! record for each result it shows (`search/docs/…`, in chunks), and once per visit the filter
//! lists (`search/filters.json`). Numbers are packed as base-64 varints (see [`push_varint`]),
//! which `search.js` decodes; both sides fold text the same way (see [`fold`]).

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use rayon::prelude::*;
use serde::Serialize;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use crate::error::{Problem, Problems};
use crate::markdown;
use crate::render::routes::Route;
use crate::site::{Archive, TaxonomyKind};

/// Statements per record chunk: a page of results fetches a few small files.
pub const DOCS_PER_CHUNK: usize = 10;
/// A word shard above this size is split by one more character of prefix.
const SHARD_BYTES: usize = 24 * 1024;
const SHARD_PREFIX: usize = 2;
const MAX_SHARD_PREFIX: usize = 5;
/// Shorter words are not indexed, longer ones are cut to this length.
const MIN_WORD_CHARS: usize = 2;
const MAX_WORD_CHARS: usize = 32;
/// Term frequency saturates here; a weight above it marks a title word.
const MAX_TF: u32 = 15;
const IN_TITLE: u32 = 16;

/// One list gives both the words the index leaves out and the list `search.js` leaves out of
/// queries; a `match` on string literals compares only words of the same length.
macro_rules! stop_words {
    ($($word:literal),* $(,)?) => {
        /// Words too common to help a search, in the archive's two main languages; sorted.
        pub const STOP_WORDS: &[&str] = &[$($word),*];

        fn is_stop_word(word: &str) -> bool {
            matches!(word, $($word)|*)
        }
    };
}

stop_words!(
    "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is", "it", "its", "of",
    "on", "or", "that", "the", "this", "to", "was", "were", "will", "with", "а", "бы", "был", "была", "были",
    "быть", "в", "во", "вы", "для", "до", "его", "ее", "же", "за", "и", "из", "или", "их", "к", "как",
    "которые", "который", "ли", "мы", "на", "не", "но", "о", "об", "он", "она", "они", "от", "по", "при", "с",
    "со", "так", "также", "то", "у", "что", "это",
);

/// Whether a site file belongs to the index (the search page itself does not).
pub fn is_index_file(path: &str) -> bool {
    path.starts_with("search/") && path.ends_with(".json")
}

/// Lower case without accents, with `ё` read as `е`; `й` stays itself.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        for lower in c.to_lowercase() {
            decompose_canonical(lower, |part| {
                if !is_combining_mark(part) {
                    out.push(part);
                } else if part == '\u{306}' && out.ends_with('и') {
                    out.pop();
                    out.push('й');
                }
            });
        }
    }
    out
}

/// The words of folded text long enough to index, cut to the longest indexed length; stop
/// words are left to the caller (see [`is_stop_word`]), who meets each word once per statement.
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(|c: char| !c.is_alphanumeric()).filter_map(|word| {
        let chars = word.chars().count();
        if chars < MIN_WORD_CHARS {
            return None;
        }
        Some(match word.char_indices().nth(MAX_WORD_CHARS) {
            Some((cut, _)) => &word[..cut],
            None => word,
        })
    })
}

const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Each digit's value by its byte; 255 for bytes that are not digits.
const DIGIT_VALUES: [u8; 128] = {
    let mut values = [255u8; 128];
    let mut i = 0;
    while i < DIGITS.len() {
        values[DIGITS[i] as usize] = i as u8;
        i += 1;
    }
    values
};

/// Appends `n` in groups of five bits, lowest first, one character each; the sixth bit says
/// that another group follows. Numbers below 32 take one character.
pub fn push_varint(out: &mut String, mut n: u64) {
    loop {
        let group = (n & 31) as usize;
        n >>= 5;
        if n == 0 {
            out.push(DIGITS[group] as char);
            return;
        }
        out.push(DIGITS[group | 32] as char);
    }
}

/// A sorted set of statement numbers, as whichever is shorter: `d` and the gaps between
/// members, or `r` and alternating lengths of runs outside and inside the set.
pub fn encode_set(members: &[u32]) -> String {
    let mut gaps = String::from("d");
    let mut next = 0u32;
    for &m in members {
        push_varint(&mut gaps, u64::from(m - next));
        next = m + 1;
    }
    let mut runs = String::from("r");
    let mut i = 0;
    let mut next = 0u32;
    while i < members.len() {
        let start = members[i];
        let mut end = start + 1;
        while i + 1 < members.len() && members[i + 1] == end {
            i += 1;
            end += 1;
        }
        push_varint(&mut runs, u64::from(start - next));
        push_varint(&mut runs, u64::from(end - start - 1));
        next = end;
        i += 1;
    }
    if runs.len() < gaps.len() { runs } else { gaps }
}

/// A word's postings as they grow: statement numbers ascending, each with its weight.
#[derive(Default)]
struct Postings {
    encoded: String,
    next: u32,
    /// Statements holding the word.
    count: u32,
}

impl Postings {
    fn push(&mut self, doc: u32, weight: u32) {
        push_varint(&mut self.encoded, u64::from(doc - self.next));
        push_varint(&mut self.encoded, u64::from(weight));
        self.next = doc + 1;
        self.count += 1;
    }

    /// The postings as written: a word in more than a quarter of the statements ranks by its
    /// rarity hardly at all, so it is written as the plain set of its statements (after
    /// [`DENSE`]) when that is shorter: `russia` in nearly every statement then costs a few
    /// bytes instead of two per statement.
    fn finish(self, statements: usize) -> String {
        if (self.count as usize) * 4 <= statements {
            return self.encoded;
        }
        let mut docs = Vec::with_capacity(self.count as usize);
        let mut rest = self.encoded.as_str();
        let mut next = 0u64;
        while !rest.is_empty() {
            let (gap, tail) = decode_first(rest);
            let (_weight, tail) = decode_first(tail);
            docs.push((next + gap) as u32);
            next += gap + 1;
            rest = tail;
        }
        let dense = format!("{DENSE}{}", encode_set(&docs));
        if dense.len() < self.encoded.len() { dense } else { self.encoded }
    }
}

/// Marks postings written as a set of statements without weights.
const DENSE: char = '~';

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    docs: usize,
    docs_per_chunk: usize,
    min_word_chars: usize,
    max_word_chars: usize,
    stop_words: &'a [&'a str],
    /// Prefixes of the word shards, sorted.
    shards: Vec<&'a str>,
    filters: Vec<FilterName<'a>>,
}

#[derive(Serialize)]
struct FilterName<'a> {
    /// The URL parameter.
    key: &'static str,
    label: &'a str,
    /// Display names; the URL holds the slug.
    values: Vec<FilterValue>,
}

#[derive(Serialize)]
struct FilterValue {
    slug: String,
    name: String,
}

/// A statement as a result shows it: title, URL, date shown, ISO date, kind, language, excerpt.
type Record<'a> = (&'a str, String, String, String, &'a str, &'a str, &'a str);

/// Every file of the index, by output path.
pub fn build(archive: &Archive, root: &std::path::Path) -> Result<Vec<(String, String)>, Problems> {
    let words = postings(archive, root)?;
    let mut files = Vec::new();
    let mut shard_keys = Vec::new();
    shard(&words, SHARD_PREFIX, &mut |key, entries| {
        let object: serde_json::Map<String, serde_json::Value> =
            entries.iter().map(|(word, postings)| (word.clone(), serde_json::Value::String(postings.clone()))).collect();
        files.push((format!("search/words/{}.json", shard_file(key)), serde_json::Value::Object(object).to_string()));
        shard_keys.push(key.to_string());
    });
    files.extend(records(archive));
    let (names, sets) = filters(archive);
    files.push(("search/filters.json".into(), serde_json::to_string(&sets).expect("filters serialize")));
    let meta = Meta {
        version: 1,
        docs: archive.statements.len(),
        docs_per_chunk: DOCS_PER_CHUNK,
        min_word_chars: MIN_WORD_CHARS,
        max_word_chars: MAX_WORD_CHARS,
        stop_words: STOP_WORDS,
        shards: shard_keys.iter().map(String::as_str).collect(),
        filters: names,
    };
    files.push(("search/index.json".into(), serde_json::to_string(&meta).expect("meta serializes")));
    Ok(files)
}

/// Every indexed word with its postings as written, sorted by word.
fn postings(archive: &Archive, root: &std::path::Path) -> Result<Vec<WordPostings>, Problems> {
    let statements = &archive.statements;
    // Each block indexes its statements on its own; blocks are joined in order, so that
    // postings stay sorted without holding a list per statement. A few blocks per thread:
    // joining costs a lookup per word of each block.
    let block = statements.len().div_ceil(4 * rayon::current_num_threads()).max(256);
    let blocks: Vec<Result<FxHashMap<String, Postings>, Problem>> = (0..statements.len())
        .collect::<Vec<_>>()
        .par_chunks(block)
        .map(|block| {
            // Word maps are the index's hot path: Fx hashing, twice as fast as SipHash here; words
            // crafted to collide could slow a build down, not change its output.
            let mut postings: FxHashMap<String, Postings> = FxHashMap::default();
            for &i in block {
                let statement = &statements[i];
                let body = statement
                    .read_body(root)
                    .map_err(|e| Problem::in_file(statement.path.display().to_string(), format!("cannot read: {e}")))?;
                let body = fold(&markdown::to_text(&body));
                let title = fold(&statement.title);
                let mut counts: FxHashMap<&str, u32> = FxHashMap::default();
                for word in words(&body) {
                    *counts.entry(word).or_default() += 1;
                }
                for word in words(&title) {
                    *counts.entry(word).or_default() |= IN_TITLE;
                }
                for (word, &count) in counts.iter().filter(|(word, _)| !is_stop_word(word)) {
                    let weight = (count & IN_TITLE) | (count & !IN_TITLE).min(MAX_TF);
                    match postings.get_mut(*word) {
                        Some(list) => list.push(i as u32, weight),
                        None => postings.entry((*word).to_string()).or_default().push(i as u32, weight),
                    }
                }
            }
            Ok(postings)
        })
        .collect();
    let mut problems = Problems::default();
    let mut all: FxHashMap<String, Postings> = FxHashMap::default();
    for block in blocks {
        match block {
            Ok(block) => {
                for (word, postings) in block {
                    append(all.entry(word).or_default(), postings);
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    let mut words: Vec<WordPostings> = all.into_iter().map(|(word, p)| (word, p.finish(statements.len()))).collect();
    words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    problems.into_result(words)
}

/// The record files: each statement as a result shows it, in archive order.
fn records(archive: &Archive) -> impl Iterator<Item = (String, String)> + '_ {
    let kinds = archive.taxonomy(TaxonomyKind::Kinds);
    archive.statements.chunks(DOCS_PER_CHUNK).enumerate().map(move |(chunk, block)| {
        let records: Vec<Record> = block
            .iter()
            .map(|s| {
                let (date, iso) = s
                    .date
                    .map(|d| super::view::DateView::new(d, s.date_precision))
                    .map_or_else(Default::default, |view| (view.display, view.iso));
                let kind = s.kind.as_deref().and_then(|k| kinds.term(k)).map_or("", |t| t.name.as_str());
                let url = archive.config.url_path(&Route::Statement { slug: &s.slug }.path());
                (s.title.as_str(), url, date, iso, kind, s.lang.as_deref().unwrap_or(""), s.summary.as_deref().unwrap_or(&s.excerpt))
            })
            .collect();
        (format!("search/docs/{chunk}.json"), serde_json::to_string(&records).expect("records serialize"))
    })
}

/// A word and its postings as written.
type WordPostings = (String, String);

/// Joins postings of later statements onto `into`, re-basing the first gap.
fn append(into: &mut Postings, later: Postings) {
    if into.encoded.is_empty() {
        *into = later;
        return;
    }
    let (first, rest) = decode_first(&later.encoded);
    push_varint(&mut into.encoded, first - u64::from(into.next));
    into.encoded.push_str(rest);
    into.next = later.next;
    into.count += later.count;
}

/// The first varint of `encoded` and what follows it.
fn decode_first(encoded: &str) -> (u64, &str) {
    let mut value = 0u64;
    for (i, byte) in encoded.bytes().enumerate() {
        let digit = u64::from(DIGIT_VALUES[usize::from(byte & 127)]);
        value |= (digit & 31) << (5 * i);
        if digit & 32 == 0 {
            return (value, &encoded[i + 1..]);
        }
    }
    (value, "")
}

/// Groups sorted `(word, postings)` into shards by their first `prefix` characters, splitting
/// a shard that is too big by one more character. A word no longer than its shard's prefix
/// stays in that shard, so every word's shard key is a prefix of it.
fn shard(words: &[WordPostings], prefix: usize, emit: &mut dyn FnMut(&str, &[WordPostings])) {
    let mut start = 0;
    while start < words.len() {
        let key = char_prefix(&words[start].0, prefix);
        let end = start + words[start..].iter().take_while(|(w, _)| char_prefix(w, prefix) == key).count();
        let group = &words[start..end];
        let bytes: usize = group.iter().map(|(w, p)| w.len() + p.len() + 6).sum();
        if bytes <= SHARD_BYTES || prefix >= MAX_SHARD_PREFIX || group.len() == 1 {
            emit(key, group);
        } else {
            // Words exactly `key` long sort first within the group.
            let exact = group.iter().take_while(|(w, _)| w.chars().count() <= prefix).count();
            if exact > 0 {
                emit(key, &group[..exact]);
            }
            shard(&group[exact..], prefix + 1, emit);
        }
        start = end;
    }
}

fn char_prefix(word: &str, chars: usize) -> &str {
    word.char_indices().nth(chars).map_or(word, |(cut, _)| &word[..cut])
}

/// A shard's file name: its prefix in hexadecimal UTF-8, safe on every host and file system.
pub fn shard_file(key: &str) -> String {
    key.bytes().map(|b| format!("{b:02x}")).collect()
}

/// The filters' names and, per filter, each value's statements as an [`encode_set`].
fn filters(archive: &Archive) -> (Vec<FilterName<'_>>, Vec<Vec<String>>) {
    let mut names = Vec::new();
    let mut sets = Vec::new();
    for (key, kind) in [("topic", TaxonomyKind::Topics), ("kind", TaxonomyKind::Kinds), ("person", TaxonomyKind::People)] {
        let taxonomy = archive.taxonomy(kind);
        names.push(FilterName {
            key,
            label: &taxonomy.name,
            values: taxonomy.terms.iter().map(|t| FilterValue { slug: t.slug.clone(), name: t.name.clone() }).collect(),
        });
        sets.push(taxonomy.terms.iter().map(|t| encode_set(&sorted(&t.statements))).collect());
    }
    let mut languages: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    let mut years: BTreeMap<std::cmp::Reverse<i32>, Vec<u32>> = BTreeMap::new();
    for (i, statement) in archive.statements.iter().enumerate() {
        if let Some(lang) = statement.lang.as_deref() {
            languages.entry(lang).or_default().push(i as u32);
        }
        if let Some(date) = statement.date {
            use chrono::Datelike;
            years.entry(std::cmp::Reverse(date.year())).or_default().push(i as u32);
        }
    }
    names.push(FilterName {
        key: "lang",
        label: "Language",
        values: languages.keys().map(|&code| FilterValue { slug: code.to_string(), name: language_name(code).to_string() }).collect(),
    });
    sets.push(languages.values().map(|members| encode_set(members)).collect());
    names.push(FilterName {
        key: "year",
        label: "Year",
        values: years.keys().map(|y| FilterValue { slug: y.0.to_string(), name: y.0.to_string() }).collect(),
    });
    sets.push(years.values().map(|members| encode_set(members)).collect());
    (names, sets)
}

fn sorted(statements: &[usize]) -> Vec<u32> {
    let mut members: Vec<u32> = statements.iter().map(|&i| i as u32).collect();
    members.sort_unstable();
    members
}

/// English names of the languages an archive of this kind holds; other codes show as they are.
fn language_name(code: &str) -> &str {
    match code {
        "en" => "English",
        "ru" => "Russian",
        "fr" => "French",
        "de" => "German",
        "es" => "Spanish",
        "zh" => "Chinese",
        "ar" => "Arabic",
        "uk" => "Ukrainian",
        _ => code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(encoded: &str) -> Vec<u64> {
        let mut out = Vec::new();
        let mut rest = encoded;
        while !rest.is_empty() {
            let (value, tail) = decode_first(rest);
            out.push(value);
            rest = tail;
        }
        out
    }

    #[test]
    fn folding_ignores_case_and_accents_and_reads_yo_as_ye() {
        assert_eq!(fold("Ёлка ЛАВРОВ Café"), "елка лавров cafe");
        assert_eq!(fold("Сергей Шойгу"), "сергей шойгу", "й is a letter of its own");
        assert_eq!(fold("И\u{306}"), "й", "a decomposed й folds like a composed one");
    }

    #[test]
    fn words_skip_single_letters_and_stop_words_are_known() {
        let folded = fold("The Minister of Foreign Affairs и Лавров — в Москве, 2020 г.");
        let words: Vec<&str> = words(&folded).filter(|w| !is_stop_word(w)).collect();
        assert_eq!(words, ["minister", "foreign", "affairs", "лавров", "москве", "2020"]);
        assert!(super::words("a b в г").next().is_none(), "single letters are never words");
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stop_word("the") && is_stop_word("который") && !is_stop_word("lavrov"));
    }

    #[test]
    fn varints_round_trip() {
        for n in [0u64, 1, 31, 32, 1023, 1024, 99_999, u64::from(u32::MAX)] {
            let mut s = String::new();
            push_varint(&mut s, n);
            assert_eq!(decode_all(&s), [n]);
        }
        let mut s = String::new();
        push_varint(&mut s, 5);
        assert_eq!(s.len(), 1, "small numbers take one character");
    }

    #[test]
    fn sets_pick_the_shorter_encoding() {
        let range: Vec<u32> = (100..1100).collect();
        let encoded = encode_set(&range);
        assert!(encoded.starts_with('r') && encoded.len() < 8, "{encoded}");
        assert_eq!(decode_all(&encoded[1..]), [100, 999]);
        let scattered = [3u32, 10, 40];
        let encoded = encode_set(&scattered);
        assert_eq!(&encoded[..1], "d");
        assert_eq!(decode_all(&encoded[1..]), [3, 6, 29]);
    }

    #[test]
    fn joined_postings_equal_postings_built_in_one_go() {
        let mut whole = Postings::default();
        let mut first = Postings::default();
        let mut second = Postings::default();
        for (doc, weight) in [(2, 1), (7, 17), (40, 3)] {
            whole.push(doc, weight);
            if doc < 10 { first.push(doc, weight) } else { second.push(doc, weight) }
        }
        append(&mut first, second);
        assert_eq!(first.encoded, whole.encoded);
    }

    #[test]
    fn a_word_in_most_statements_is_written_as_a_set() {
        let mut common = Postings::default();
        let mut rare = Postings::default();
        for doc in 0..100 {
            common.push(doc, 3);
        }
        rare.push(7, 3);
        rare.push(50, 1);
        let dense = common.finish(100);
        assert_eq!(&dense[..2], "~r");
        assert_eq!(decode_all(&dense[2..]), [0, 99], "one run of 100 statements");
        assert_eq!(decode_all(&rare.finish(100)), [7, 3, 42, 1], "weights kept where the word is rare");
    }

    #[test]
    fn big_shards_split_and_every_word_keeps_a_shard_whose_key_is_its_prefix() {
        let words: Vec<(String, String)> =
            ["по", "пол", "поле", "полёт", "помощь", "посол", "россия"].iter().map(|w| (w.to_string(), "A".repeat(SHARD_BYTES / 3))).collect();
        let mut shards: Vec<(String, Vec<String>)> = Vec::new();
        shard(&words, SHARD_PREFIX, &mut |key, group| shards.push((key.to_string(), group.iter().map(|(w, _)| w.clone()).collect())));
        let placed: usize = shards.iter().map(|(_, group)| group.len()).sum();
        assert_eq!(placed, words.len());
        for (key, group) in &shards {
            assert!(group.iter().all(|w| w.starts_with(key.as_str())), "{key}: {group:?}");
        }
        assert!(shards.iter().any(|(key, _)| key.chars().count() > SHARD_PREFIX), "the big group was split: {shards:?}");
        assert!(shards.iter().any(|(key, group)| key == "ро" && group == &["россия"]));
    }
}
