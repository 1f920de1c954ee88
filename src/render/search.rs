//! The static search index, written at build time and read by the theme's `search.js`, so that
//! search works on any static host.
//!
//! A query downloads only what it needs: `search/index.json` (the shard list and the filters'
//! names), the word shards its words fall in (`search/words/…`, words grouped by prefix), a
//! record for each result it shows (`search/docs/…`, in chunks), and the filter lists: so that
//! the first results of a large archive come with filter counts at a small cost, the lists are
//! cut into parts by statement number modulo the number of parts (`search/filters/part-<p>.json`):
//! the first part gives counts estimated from a sample, the rest make them exact; a chosen
//! filter value's statements come whole in a file of their own (`search/filters/<f>-<v>.json`). Numbers are packed as base-64 varints (see [`push_varint`]),
//! which `search.js` decodes; both sides fold text the same way (see [`crate::text::fold`]). The
//! words come from each statement's terms, taken when its file was read.
//!
//! So that a query word finds every form of it, the word shards also hold, under [`STEM`] and
//! a stem, the forms of the index with that stem (both sides stem alike, see
//! [`crate::text::stem`]); a stem whose only form is itself is not listed.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::render::i18n::Translations;
use crate::render::routes::Route;
use crate::site::{Archive, TaxonomyKind};
use crate::text::{MAX_WORD_CHARS, MIN_WORD_CHARS, STOP_WORDS};

/// Statements per record chunk: a page of results fetches a few small files.
pub const DOCS_PER_CHUNK: usize = 10;
/// A part of the filter lists is about this size: the first results of a query fetch one.
const FACET_PART_BYTES: usize = 24 * 1024;
/// A word shard above this size is split by one more character of prefix.
const SHARD_BYTES: usize = 24 * 1024;
const SHARD_PREFIX: usize = 2;
const MAX_SHARD_PREFIX: usize = 8;

/// Whether a site file belongs to the index (the search page itself does not).
pub fn is_index_file(path: &str) -> bool {
    path.starts_with("search/") && path.ends_with(".json")
}

/// One file of the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SearchFile {
    /// `index.json`: the shard list and the filters' names.
    Meta,
    /// `filters/part-<p>.json`: each filter value's statements among those numbered `p`
    /// modulo the number of parts, numbered among them (statement `n` is `n / parts`).
    FacetPart(usize),
    /// `filters/<f>-<v>.json`: the statements of value `v` of filter `f`.
    FilterValue(u8, u32),
    /// `docs/<n>.json`: the records of statements `n * DOCS_PER_CHUNK`… as results show them.
    Records(usize),
    /// `words/<hex>.json`: the postings of the words starting with a prefix.
    Words(ShardKey),
}

/// A shard's prefix: up to [`MAX_SHARD_PREFIX`] characters, in a fixed-size value so that a
/// job naming it can be copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ShardKey {
    bytes: [u8; 4 * MAX_SHARD_PREFIX],
    len: u8,
}

impl ShardKey {
    fn new(prefix: &str) -> ShardKey {
        let mut bytes = [0; 4 * MAX_SHARD_PREFIX];
        bytes[..prefix.len()].copy_from_slice(prefix.as_bytes());
        ShardKey { bytes, len: prefix.len() as u8 }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).expect("made from a str")
    }
}

impl SearchFile {
    pub fn path(self) -> String {
        match self {
            SearchFile::Meta => "search/index.json".into(),
            SearchFile::FacetPart(part) => format!("search/filters/part-{part}.json"),
            SearchFile::FilterValue(filter, value) => format!("search/filters/{filter}-{value}.json"),
            SearchFile::Records(chunk) => format!("search/docs/{chunk}.json"),
            SearchFile::Words(key) => format!("search/words/{}.json", shard_file(key.as_str())),
        }
    }
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

/// Begins a stem's entry among the words (no word holds it): its forms, space-separated.
pub const STEM: char = '=';

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    docs: usize,
    docs_per_chunk: usize,
    facet_parts: usize,
    min_word_chars: usize,
    max_word_chars: usize,
    stop_words: &'a [&'a str],
    /// Prefixes of the word shards, sorted.
    shards: Vec<&'a str>,
    filters: &'a [FilterName],
}

#[derive(Serialize)]
struct FilterName {
    /// The URL parameter.
    key: &'static str,
    label: String,
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

/// A word and its postings as written.
type WordPostings = (String, String);

/// The index of an archive, from the terms its statements were read with.
pub struct Index {
    /// Every indexed word with its postings as written, sorted by word.
    words: Vec<WordPostings>,
    /// Each shard's prefix and its words' range in `words`, in order.
    shards: Vec<(ShardKey, std::ops::Range<usize>)>,
    docs: usize,
    filters: Vec<FilterName>,
    /// Per filter, per value, its statements, ascending.
    filter_sets: Vec<Vec<Vec<u32>>>,
    facet_parts: usize,
}

impl Index {
    pub fn build(archive: &Archive, translations: &Translations) -> Index {
        let words = with_stems(postings(archive));
        let mut shards = Vec::new();
        let mut start = 0;
        shard(&words, SHARD_PREFIX, &mut |key, group| {
            shards.push((ShardKey::new(key), start..start + group.len()));
            start += group.len();
        });
        let (filters, filter_sets) = filters(archive, translations);
        let listed: usize = filter_sets.iter().flatten().map(|set| encode_set(set).len()).sum();
        let facet_parts = listed.div_ceil(FACET_PART_BYTES).max(1);
        Index { words, shards, docs: archive.statements.len(), filters, filter_sets, facet_parts }
    }

    /// Every file of the index.
    pub fn files(&self) -> impl Iterator<Item = SearchFile> + '_ {
        let records = self.docs.div_ceil(DOCS_PER_CHUNK);
        let values = self.filter_sets.iter().enumerate().flat_map(|(f, sets)| (0..sets.len()).map(move |v| SearchFile::FilterValue(f as u8, v as u32)));
        std::iter::once(SearchFile::Meta)
            .chain((0..self.facet_parts).map(SearchFile::FacetPart))
            .chain(values)
            .chain((0..records).map(SearchFile::Records))
            .chain(self.shards.iter().map(|(key, _)| SearchFile::Words(*key)))
    }

    /// The key of a word shard: its words and postings, without writing them out.
    pub fn shard_key(&self, key: ShardKey) -> crate::fingerprint::Fingerprint {
        let mut hasher = crate::fingerprint::Hasher::new("search words");
        for (word, postings) in &self.words[self.shard_range(key)] {
            hasher.text(word).text(postings);
        }
        hasher.finish()
    }

    fn shard_range(&self, key: ShardKey) -> std::ops::Range<usize> {
        self.shards.iter().find(|(k, _)| *k == key).map(|(_, range)| range.clone()).unwrap_or(0..0)
    }

    /// A file's text.
    pub fn file(&self, archive: &Archive, words: &Translations, file: SearchFile) -> String {
        match file {
            SearchFile::Meta => {
                let meta = Meta {
                    version: 2,
                    docs: self.docs,
                    docs_per_chunk: DOCS_PER_CHUNK,
                    facet_parts: self.facet_parts,
                    min_word_chars: MIN_WORD_CHARS,
                    max_word_chars: MAX_WORD_CHARS,
                    stop_words: STOP_WORDS,
                    shards: self.shards.iter().map(|(key, _)| key.as_str()).collect(),
                    filters: &self.filters,
                };
                serde_json::to_string(&meta).expect("meta serializes")
            }
            SearchFile::FacetPart(part) => serde_json::to_string(&facet_part(&self.filter_sets, self.facet_parts, part)).expect("filter parts serialize"),
            SearchFile::FilterValue(filter, value) => {
                let set = self.filter_sets.get(usize::from(filter)).and_then(|sets| sets.get(value as usize)).map_or(&[][..], Vec::as_slice);
                serde_json::Value::String(encode_set(set)).to_string()
            }
            SearchFile::Records(chunk) => records(archive, words, chunk),
            SearchFile::Words(key) => {
                let object: serde_json::Map<String, serde_json::Value> =
                    self.words[self.shard_range(key)].iter().map(|(word, postings)| (word.clone(), serde_json::Value::String(postings.clone()))).collect();
                serde_json::Value::Object(object).to_string()
            }
        }
    }
}

/// Every indexed word with its postings as written, in no particular order.
///
/// Each block of statements lays its terms out by term (a counting sort over the vocabulary's
/// numbers), so that a term's statements come in order, ready to encode, block after block;
/// no map is built of the ten million (term, statement) pairs of a large archive.
fn postings(archive: &Archive) -> Vec<WordPostings> {
    let statements = &archive.statements;
    let terms = archive.vocabulary.len();
    let block = statements.len().div_ceil(rayon::current_num_threads()).max(1);
    let blocks: Vec<ByTerm> = statements.par_chunks(block).enumerate().map(|(b, chunk)| ByTerm::new(chunk, b * block, terms)).collect();
    (0..terms)
        .into_par_iter()
        .filter_map(|term| {
            let mut postings = Postings::default();
            for block in &blocks {
                let range = block.range(term);
                for (&doc, &weight) in block.docs[range.clone()].iter().zip(&block.weights[range]) {
                    postings.push(doc, u32::from(weight));
                }
            }
            (postings.count > 0).then(|| (archive.vocabulary.term(term as u32).to_string(), postings.finish(statements.len())))
        })
        .collect()
}

/// Some statements' (statement, weight) pairs, grouped by term; in two arrays, so that the
/// pairs take five bytes each, not eight.
struct ByTerm {
    /// Where each term's pairs start; one more entry for the end.
    starts: Vec<u32>,
    docs: Vec<u32>,
    weights: Vec<u8>,
}

impl ByTerm {
    /// The pairs of `statements`, numbered from `first`, whose terms are numbered below `terms`.
    fn new(statements: &[crate::content::Statement], first: usize, terms: usize) -> ByTerm {
        let mut starts = vec![0u32; terms + 1];
        for statement in statements {
            for (term, _) in statement.body.terms.iter() {
                starts[term as usize + 1] += 1;
            }
        }
        for term in 1..starts.len() {
            starts[term] += starts[term - 1];
        }
        let mut docs = vec![0u32; starts[terms] as usize];
        let mut weights = vec![0u8; docs.len()];
        let mut next = starts.clone();
        for (offset, statement) in statements.iter().enumerate() {
            for (term, weight) in statement.body.terms.iter() {
                let at = &mut next[term as usize];
                docs[*at as usize] = (first + offset) as u32;
                weights[*at as usize] = weight;
                *at += 1;
            }
        }
        ByTerm { starts, docs, weights }
    }

    fn range(&self, term: usize) -> std::ops::Range<usize> {
        self.starts[term] as usize..self.starts[term + 1] as usize
    }
}

/// The words with, for each stem that has a form other than itself, its entry listing its
/// forms; sorted.
fn with_stems(mut words: Vec<WordPostings>) -> Vec<WordPostings> {
    words.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let stems: Vec<String> = words.par_iter().map(|(word, _)| crate::text::stem(word).into_owned()).collect();
    let mut forms: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for ((word, _), stem) in words.iter().zip(&stems) {
        forms.entry(stem).or_default().push(word);
    }
    let entries: Vec<WordPostings> = forms
        .into_iter()
        .filter(|(stem, forms)| forms != &[*stem])
        .map(|(stem, forms)| (format!("{STEM}{stem}"), forms.join(" ")))
        .collect();
    words.extend(entries);
    words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    words
}

/// The statements of record file `chunk`, and the number of the first.
fn chunk_of(archive: &Archive, chunk: usize) -> (usize, &[crate::content::Statement]) {
    let start = chunk * DOCS_PER_CHUNK;
    (start, &archive.statements[start.min(archive.statements.len())..(start + DOCS_PER_CHUNK).min(archive.statements.len())])
}

/// The key of record file `chunk` besides the site's view and translations: what [`records`]
/// reads of each statement, hashed rather than written out (ten thousand files at 100,000
/// statements, of which an edit changes one).
pub fn records_key(archive: &Archive, chunk: usize) -> crate::fingerprint::Fingerprint {
    let (start, block) = chunk_of(archive, chunk);
    let mut hasher = crate::fingerprint::Hasher::new("search records");
    for (offset, s) in block.iter().enumerate() {
        let kind = archive.terms(TaxonomyKind::Kinds, start + offset).next().map_or("", |t| t.name.as_str());
        hasher.text(&s.title).text(&s.slug).value(&(s.date, s.date_precision)).text(kind).text(s.lang.as_deref().unwrap_or(""));
        hasher.text(s.summary.as_deref().unwrap_or(&s.body.excerpt));
    }
    hasher.finish()
}

/// A record file: statements `chunk * DOCS_PER_CHUNK`… as results show them, in archive order.
fn records(archive: &Archive, words: &Translations, chunk: usize) -> String {
    let (start, block) = chunk_of(archive, chunk);
    let records: Vec<Record> = block
        .iter()
        .enumerate()
        .map(|(offset, s)| {
            let (date, iso) = s
                .date
                .map(|d| super::view::DateView::new(d, s.date_precision, words))
                .map_or_else(Default::default, |view| (view.display, view.iso));
            let kind = archive.terms(TaxonomyKind::Kinds, start + offset).next().map_or("", |t| t.name.as_str());
            let url = archive.config.url_path(&Route::Statement { slug: &s.slug }.path());
            (s.title.as_str(), url, date, iso, kind, s.lang.as_deref().unwrap_or(""), s.summary.as_deref().unwrap_or(&s.body.excerpt))
        })
        .collect();
    serde_json::to_string(&records).expect("records serialize")
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

/// The filters' names and, per filter, each value's statements.
fn filters(archive: &Archive, words: &Translations) -> (Vec<FilterName>, Vec<Vec<Vec<u32>>>) {
    let mut names = Vec::new();
    let mut sets = Vec::new();
    for (key, kind) in [("topic", TaxonomyKind::Topics), ("kind", TaxonomyKind::Kinds), ("person", TaxonomyKind::People)] {
        let taxonomy = archive.taxonomy(kind);
        names.push(FilterName {
            key,
            label: taxonomy.name.clone(),
            values: taxonomy.terms.iter().map(|t| FilterValue { slug: t.slug.clone(), name: t.name.clone() }).collect(),
        });
        sets.push(taxonomy.terms.iter().map(|t| sorted(&t.statements)).collect());
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
        label: words.word("search_filter_language").into(),
        values: languages.keys().map(|&code| FilterValue { slug: code.to_string(), name: words.language_name(code) }).collect(),
    });
    sets.push(languages.into_values().collect());
    names.push(FilterName {
        key: "year",
        label: words.word("search_filter_year").into(),
        values: years.keys().map(|y| FilterValue { slug: y.0.to_string(), name: y.0.to_string() }).collect(),
    });
    sets.push(years.into_values().collect());
    (names, sets)
}

/// Part `part` of the filter lists: per filter, per value, its statements numbered `part`
/// modulo `parts`, each as its number divided by `parts`.
fn facet_part(filter_sets: &[Vec<Vec<u32>>], parts: usize, part: usize) -> Vec<Vec<String>> {
    let (parts, part) = (parts as u32, part as u32);
    filter_sets
        .iter()
        .map(|values| values.iter().map(|set| encode_set(&set.iter().filter(|&&doc| doc % parts == part).map(|&doc| doc / parts).collect::<Vec<_>>())).collect())
        .collect()
}

fn sorted(statements: &[usize]) -> Vec<u32> {
    let mut members: Vec<u32> = statements.iter().map(|&i| i as u32).collect();
    members.sort_unstable();
    members
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
    fn the_parts_of_the_filter_lists_add_up_to_each_values_statements() {
        let sets = vec![vec![vec![0u32, 1, 2, 5, 9, 10, 11], vec![3, 4]], vec![(0..12).collect()]];
        let parts = 3;
        for (f, values) in sets.iter().enumerate() {
            for (v, whole) in values.iter().enumerate() {
                let mut gathered: Vec<u32> = (0..parts)
                    .flat_map(|p| {
                        let encoded = &facet_part(&sets, parts, p)[f][v];
                        let numbers = decode_all(&encoded[1..]);
                        let members: Vec<u64> = if encoded.starts_with('d') {
                            numbers.iter().scan(0u64, |next, gap| { let m = *next + gap; *next = m + 1; Some(m) }).collect()
                        } else {
                            numbers.chunks(2).scan(0u64, |next, run| { let start = *next + run[0]; *next = start + run[1] + 1; Some(start..=start + run[1]) }).flatten().collect()
                        };
                        members.into_iter().map(move |local| local as u32 * parts as u32 + p as u32)
                    })
                    .collect();
                gathered.sort_unstable();
                assert_eq!(&gathered, whole, "filter {f} value {v}");
            }
        }
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
