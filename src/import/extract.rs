//! Metadata of one statement from its lines: title, kind, people, language, topics, tags.
//!
//! Each rule reads what the item itself shows; the lists it matches against (known people and
//! their name variants, topic keywords) come from `site.toml`.

use std::borrow::Cow;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, MatchKind, PatternID, StartKind};

use super::features::Features;
use super::lines::Script;
use crate::config::{PersonDef, TopicDef};

/// Names to find in text, each pattern standing for one entry (a person's variants all stand
/// for that person). One pass over a text finds them all, however many there are.
///
/// A name in Russian is declined ("Лавров", "Лаврова", "Лавровым"; "Захарова", "Захаровой"):
/// a pattern ending in a Cyrillic letter is searched as its stem, which may be followed by a
/// case ending.
pub struct Dictionary {
    automaton: AhoCorasick,
    owner: Vec<usize>,
    /// Whether the pattern is a stem that a case ending may follow.
    declined: Vec<bool>,
    entries: Vec<String>,
}

/// The endings of Russian names in their cases: of surnames ("Лаврова", "Захаровой") and of
/// names ending in "я" ("Небензи", "Марию").
const CASE_ENDINGS: [&str; 12] = ["а", "у", "ом", "ым", "е", "ой", "ою", "ы", "я", "и", "ю", "ей"];

/// The stem a declined name's case endings follow: a feminine surname ("Захарова",
/// "Ильина") loses its "а", a name ending in "я" ("Небензя", "Мария") its "я"; other names
/// keep all their letters ("Лавров", "Путин").
fn declension_stem(pattern: &str) -> Option<&str> {
    let last = pattern.chars().next_back()?;
    if !matches!(last, 'а'..='я' | 'ё') {
        return None;
    }
    let feminine = ["ова", "ева", "ёва", "ина", "ына"].iter().any(|ending| pattern.ends_with(ending));
    Some(if feminine || last == 'я' { &pattern[..pattern.len() - last.len_utf8()] } else { pattern })
}

impl Dictionary {
    pub fn new(entries: Vec<(String, Vec<String>)>) -> Dictionary {
        let mut patterns = Vec::new();
        let mut owner = Vec::new();
        let mut declined = Vec::new();
        for (i, (name, variants)) in entries.iter().enumerate() {
            for pattern in std::iter::once(name).chain(variants).filter(|p| !p.is_empty()) {
                let stem = declension_stem(pattern);
                patterns.push(stem.unwrap_or(pattern).to_string());
                declined.push(stem.is_some());
                owner.push(i);
            }
        }
        // A DFA: the fastest to search, and the names are few enough to build one for.
        let automaton = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).kind(Some(AhoCorasickKind::DFA)).build(&patterns).expect("plain patterns build");
        Dictionary { automaton, owner, declined, entries: entries.into_iter().map(|(name, _)| name).collect() }
    }

    pub fn people(people: &[PersonDef]) -> Dictionary {
        Dictionary::new(people.iter().map(|p| (p.name.clone(), p.variants.clone())).collect())
    }

    /// Entries named in `text` as whole words, in order of first mention.
    pub fn mentioned(&self, text: &str) -> Vec<&str> {
        self.mentioned_at(text).into_iter().map(|(_, name)| name).collect()
    }

    /// Entries named in `text` as whole words, each with where it is first named.
    pub fn mentioned_at(&self, text: &str) -> Vec<(usize, &str)> {
        let mut found: Vec<(usize, &str)> = Vec::new();
        for m in self.automaton.find_iter(text) {
            let before = text[..m.start()].chars().next_back();
            let rest = &text[m.end()..];
            let word_end = rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len());
            let ending = &rest[..word_end];
            let whole_word = ending.is_empty() || (self.declined[m.pattern().as_usize()] && CASE_ENDINGS.contains(&ending));
            if before.is_some_and(char::is_alphanumeric) || !whole_word {
                continue;
            }
            let name = self.entries[self.owner[m.pattern().as_usize()]].as_str();
            if !found.iter().any(|(_, f)| *f == name) {
                found.push((m.start(), name));
            }
        }
        found
    }
}

/// Topic keywords, matched as substrings of lower-cased text in one pass.
pub struct TopicRules {
    keywords: KeywordTable,
    topic_of: Vec<usize>,
    slugs: Vec<String>,
}

impl TopicRules {
    pub fn new(defs: &[TopicDef]) -> TopicRules {
        let mut patterns = Vec::new();
        let mut topic_of = Vec::new();
        for (i, def) in defs.iter().enumerate() {
            for keyword in def.keywords.iter().filter(|k| !k.is_empty()) {
                patterns.push(keyword.to_lowercase());
                topic_of.push(i);
            }
        }
        TopicRules { keywords: KeywordTable::new(&patterns), topic_of, slugs: defs.iter().map(|d| d.slug.clone()).collect() }
    }
}

/// Lower-cased keywords as a table stepped by hand, which finds every occurrence, overlapping
/// ones too, in order of end, as `find_overlapping_iter` would. Built from Aho-Corasick's DFA,
/// with an ASCII capital leading where its small letter does: the text is lower-cased by the
/// stepping itself, not copied first (lower-casing and matching each statement's text were a
/// tenth of an import).
struct KeywordTable {
    /// By state's row (its index × 256) + byte: the next state's row.
    next: Vec<u32>,
    /// Match states come first: a row below this one is a match.
    matches_end: u32,
    /// The patterns each match state ends, by state index.
    patterns: Vec<Vec<PatternID>>,
    start: u32,
}

impl KeywordTable {
    fn new(patterns: &[String]) -> KeywordTable {
        let dfa = aho_corasick::dfa::DFA::builder().match_kind(MatchKind::Standard).start_kind(StartKind::Unanchored).prefilter(false).build(patterns).expect("plain patterns build");
        let start = dfa.start_state(Anchored::No).expect("an unanchored DFA");
        // Every state reachable from the start, with where each byte leads it.
        let mut states = vec![start];
        let mut targets: Vec<StateID> = Vec::new();
        let mut index_of_id: Vec<Option<usize>> = Vec::new();
        let mut visit = |state: StateID, states: &mut Vec<StateID>| {
            let id = state.as_usize();
            if index_of_id.len() <= id {
                index_of_id.resize(id + 1, None);
            }
            *index_of_id[id].get_or_insert_with(|| {
                states.push(state);
                states.len() - 1
            })
        };
        visit(start, &mut states);
        let mut i = 0;
        while i < states.len() {
            targets.reserve(256);
            for byte in 0..=255 {
                let next = dfa.next_state(Anchored::No, states[i], byte);
                targets.push(next);
                visit(next, &mut states);
            }
            i += 1;
        }
        // Numbered anew, match states first.
        let mut order: Vec<usize> = (0..states.len()).collect();
        order.sort_by_key(|&i| !dfa.is_match(states[i]));
        let mut number = vec![0; index_of_id.len()];
        for (n, &i) in order.iter().enumerate() {
            number[states[i].as_usize()] = n;
        }
        // An ASCII capital leads where its small letter does.
        let row = |n: usize| u32::try_from(n * 256).expect("a table of fewer than 2^32 cells");
        let mut next = Vec::with_capacity(order.len() * 256);
        for &i in &order {
            let moves = &targets[i * 256..][..256];
            next.extend((0..=255u8).map(|byte| row(number[moves[usize::from(byte.to_ascii_lowercase())].as_usize()])));
        }
        let match_states = states.iter().filter(|&&state| dfa.is_match(state)).count();
        let patterns = order[..match_states].iter().map(|&i| (0..dfa.match_len(states[i])).map(|k| dfa.match_pattern(states[i], k)).collect()).collect();
        KeywordTable { next, matches_end: row(match_states), patterns, start: row(number[start.as_usize()]) }
    }

    /// The state after `state` on `byte`, the `end`-th byte of the text; the patterns that end
    /// there are reported.
    #[inline(always)]
    fn step(&self, state: u32, byte: u8, end: usize, found: &mut dyn FnMut(PatternID, usize)) -> u32 {
        let state = self.next[(state + u32::from(byte)) as usize];
        // One comparison for most bytes: match states are few and first.
        if state < self.matches_end {
            self.report(state, end, found);
        }
        state
    }

    /// Out of the stepping loop, which it would crowd: few bytes end a keyword.
    #[inline(never)]
    fn report(&self, state: u32, end: usize, found: &mut dyn FnMut(PatternID, usize)) {
        for &pattern in &self.patterns[(state / 256) as usize] {
            found(pattern, end);
        }
    }

    /// Calls `found(pattern, end)` for each keyword in `text` ([`KeywordTable`]).
    fn for_each_in(&self, text: &str, found: &mut dyn FnMut(PatternID, usize)) {
        let mut state = self.start;
        for (i, &byte) in text.as_bytes().iter().enumerate() {
            state = self.step(state, byte, i + 1, found);
        }
    }

    /// [`KeywordTable::for_each_in`] the lower case of `text`, lower-cased char by char as
    /// [`lowercase`] does; false, when a char's lower case is not one of the same length
    /// ([`lowered_char_at`]), at that char, with the keywords before it reported. Not inlined:
    /// in its caller, the loop's values did not fit in registers.
    #[inline(never)]
    fn for_each_in_lowercased(&self, text: &str, found: &mut dyn FnMut(PatternID, usize)) -> bool {
        let bytes = text.as_bytes();
        let mut state = self.start;
        let mut i = 0;
        while let Some(&byte) = bytes.get(i) {
            // ASCII capitals are lower-cased by the table.
            if byte.is_ascii() {
                i += 1;
                state = self.step(state, byte, i, found);
                continue;
            }
            let Some((lower, len)) = lowered_char_at(text, i) else { return false };
            for (k, &byte) in lower[..len].iter().enumerate() {
                state = self.step(state, byte, i + k + 1, found);
            }
            i += len;
        }
        true
    }
}

/// The item's text, line by line, without hashtag-only and "Forwarded from" lines, with each
/// line's features; its heading and lead, which every extractor asks for, found once.
#[derive(Clone)]
pub struct ItemText<'a> {
    pub lines: Vec<&'a str>,
    pub features: Vec<Features>,
    heading: Option<&'a str>,
    all: std::cell::OnceCell<String>,
    /// The kind, the date, the people and the title all read the lead: found once.
    lead: std::cell::OnceCell<&'a str>,
    /// The first line's dateline, which tells the heading and dates the item: looked for once.
    dateline: std::cell::OnceCell<Option<NaiveDate>>,
}

impl<'a> ItemText<'a> {
    /// An item of these lines, their features computed here.
    pub fn new(lines: Vec<&'a str>) -> ItemText<'a> {
        let features = lines.iter().map(|l| Features::of(l)).collect();
        ItemText::with_features(lines, features)
    }

    /// An item of these lines with the features already computed for them, in order.
    pub fn with_features(lines: Vec<&'a str>, features: Vec<Features>) -> ItemText<'a> {
        let mut item = ItemText { lines, features, heading: None, all: std::cell::OnceCell::new(), lead: std::cell::OnceCell::new(), dateline: std::cell::OnceCell::new() };
        item.heading = item.lines.first().copied().filter(|first| {
            let features = &item.features[0];
            features.stripped_heading_like || first.starts_with('🎙') || item.dateline().is_some() || (item.lines.len() > 1 && first.chars().count() < 160 && !first.ends_with('.') && !features.stripped_speaker_turn)
        });
        item
    }

    /// The lines whose features pass `keep`, as an item of their own; this item itself when
    /// all pass, as in most items, with what it found already.
    pub fn filtered(&self, keep: impl Fn(&Features) -> bool) -> Cow<'_, ItemText<'a>> {
        if self.features.iter().all(&keep) {
            return Cow::Borrowed(self);
        }
        let (lines, features) = self.lines.iter().zip(&self.features).filter(|(_, f)| keep(f)).map(|(l, f)| (*l, *f)).unzip();
        Cow::Owned(ItemText::with_features(lines, features))
    }

    /// The line that names the item: its first line when that reads as a heading.
    pub fn heading(&self) -> Option<&'a str> {
        self.heading
    }

    /// The dateline of the first line ([`super::dates::parse::dateline`]).
    pub fn dateline(&self) -> Option<NaiveDate> {
        *self.dateline.get_or_init(|| {
            let below_heading = || self.lines.get(1).filter(|_| self.heading().is_some()).and_then(|line| super::dates::parse::dateline_below_heading(line));
            // "(From the answers to media questions, Riyadh, February 18, 2025)" closing the item.
            let closing = || self.lines.last().filter(|line| self.lines.len() > 1 && line.starts_with('(')).and_then(|line| super::dates::parse::dateline(line));
            self.lines.first().and_then(|first| super::dates::parse::dateline(first)).or_else(below_heading).or_else(closing)
        })
    }

    /// The lines joined, made once.
    pub fn all(&self) -> &str {
        self.all.get_or_init(|| self.lines.join("\n"))
    }

    /// The heading, then the sentences of the body's first lines: up to `count` in all.
    pub fn opening(&self, count: usize) -> Vec<&'a str> {
        let heading = self.heading().filter(|_| self.lines.len() > 1);
        let body_start = usize::from(heading.is_some());
        let body = self.lines[body_start.min(self.lines.len())..].iter().take(2).flat_map(|line| Sentences(strip_symbols(line).trim()));
        heading.map(strip_symbols).into_iter().chain(body).take(count).collect()
    }

    /// The first sentence of the body (after any heading).
    pub fn lead(&self) -> &'a str {
        self.lead.get_or_init(|| {
            let body_start = usize::from(self.heading().is_some() && self.lines.len() > 1);
            let line = self.lines.get(body_start).copied().unwrap_or("");
            first_sentence(strip_symbols(line))
        })
    }
}

/// Leading pictographs, bullets and spaces removed.
pub fn strip_symbols(text: &str) -> &str {
    text.trim_start_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '"' | '“' | '«' | '‘' | '(' | '#' | '<' | '.'))
        .trim()
}

pub fn first_sentence(text: &str) -> &str {
    let bytes = text.as_bytes();
    // The stops are ASCII: looked for on the bytes, many at a time, not on decoded chars.
    for i in memchr::memchr3_iter(b'.', b'!', b'?', bytes) {
        // "U.S." and "Mr." do not end a sentence; ". The" and ".The" (glued items) do.
        let prev_word = text[..i].rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
        if prev_word.len() <= 2 || prev_word.contains('.') || ["Mr", "Mrs", "Dr", "St", "Amb", "No"].contains(&prev_word) {
            continue;
        }
        let next = bytes.get(i + 1).copied();
        if matches!(next, Some(b' ') | None) || text[i + 1..].chars().find(|c| !c.is_whitespace()).is_some_and(|c| c.is_uppercase()) {
            return &text[..=i];
        }
    }
    text
}

/// The sentences of a line (glued ones, "Wednesday.On Monday", split too).
pub fn sentences(text: &str) -> Vec<&str> {
    sentences_of(text).collect()
}

/// [`sentences`], found as they are asked for: for callers that may stop at any.
pub fn sentences_of(text: &str) -> impl Iterator<Item = &str> {
    Sentences(text.trim())
}

/// The sentences of a trimmed text, found as they are asked for: most callers want the first
/// few of a long paragraph.
struct Sentences<'a>(&'a str);

impl<'a> Iterator for Sentences<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.0.is_empty() {
            return None;
        }
        let sentence = first_sentence(self.0);
        self.0 = self.0[sentence.len()..].trim_start();
        Some(sentence.trim())
    }
}

/// A concise title: the heading without its pictographs and dateline, else the first sentence,
/// shortened at a word.
pub fn title(item: &ItemText) -> String {
    static DATELINE_TAIL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s*\([^()]*\d{4}\)\s*$").expect("valid"));
    // A date alone on the first line (as web lists set it) stands above the title.
    if let [first, below, ..] = item.lines.as_slice() {
        if super::dates::parse::is_day_only(first) {
            return shorten(strip_symbols(below).trim_end_matches(['.', ':', ' ']), 110);
        }
    }
    let source = match item.heading() {
        Some(heading) => {
            let stripped = strip_symbols(heading);
            // The dateline ends the heading: a heading not ending in a bracket has none.
            let has_tail = stripped.trim_end().ends_with(')');
            let without = has_tail.then(|| DATELINE_TAIL.find(stripped)).flatten().map_or(stripped, |tail| &stripped[..tail.start()]);
            without.trim_end_matches(['.', ':', ' '])
        }
        None => item.lead().trim_end_matches(['.', ':']),
    };
    shorten(dated_prefix_removed(source), 110)
}

fn dated_prefix_removed(text: &str) -> &str {
    super::dates::parse::dated_prefix(text).map_or(text, |(_, title)| &text[title..])
}

fn shorten(text: &str, max: usize) -> String {
    let text = super::lines::collapse_white_space(text);
    // No more bytes than `max` are no more chars.
    if text.len() <= max || text.chars().count() <= max {
        return text.into_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ', '–', '-']))
}

pub fn lang(item: &ItemText) -> &'static str {
    match Features::script(&item.features) {
        Script::Cyrillic => "ru",
        _ => "en",
    }
}

/// A lead without an opening subordinate clause ("Following the talks between A and B, C and D
/// spoke": the participants are C and D).
pub fn main_clause(lead: &str) -> &str {
    const OPENERS: [&str; 4] = ["Following", "After", "As a follow-up to", "In the wake of"];
    static SUBORDINATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^({})(?-u:\b)[^,]*(,[^,]*)*?,\s+(a |an |the )?[\p{{Ll}}]", OPENERS.join("|"))).expect("valid"));
    // Most leads open otherwise: those skip the regex.
    if !OPENERS.iter().any(|opener| lead.starts_with(opener)) {
        return lead;
    }
    match SUBORDINATE.find(lead) {
        Some(m) => {
            let clause_end = lead[..m.end()].rfind(',').unwrap_or(0);
            &lead[clause_end + 1..]
        }
        None => lead,
    }
}

/// Topics whose keywords the item names: a heading hit counts double, a keyword at most
/// three times.
pub fn topics(item: &ItemText, rules: &TopicRules) -> Vec<String> {
    // No keyword, no topic: the text need not be read.
    if rules.topic_of.is_empty() {
        return Vec::new();
    }
    // The heading is the text's first line, and lower-casing keeps it a prefix (a final sigma
    // is final before the line's end as before the text's): the keywords within that prefix
    // are the heading's, found in the same pass. Most text lower-cases char by char, each char
    // to one as long: it is read as it is, its heading as long as before. Other text is
    // lower-cased first.
    let heading = item.heading().unwrap_or("");
    let score = scores(rules, heading.len(), |found| rules.keywords.for_each_in_lowercased(item.all(), found)).unwrap_or_else(|| {
        let lowered = lowercase(item.all());
        scores(rules, lowercase(heading).len(), |found| {
            rules.keywords.for_each_in(&lowered, found);
            true
        })
        .expect("a lower-cased text is read to its end")
    });
    rules.slugs.iter().zip(score).filter(|(_, s)| *s >= 2).map(|(slug, _)| slug.clone()).collect()
}

/// Each topic's score from the keywords `scan` reports (each pattern with where it ends), the
/// heading's those that end by `heading_end`; `None` when the scan gives up.
fn scores(rules: &TopicRules, heading_end: usize, scan: impl FnOnce(&mut dyn FnMut(PatternID, usize)) -> bool) -> Option<Vec<usize>> {
    let mut score = vec![0usize; rules.slugs.len()];
    let mut hits = vec![0usize; rules.topic_of.len()];
    let read = scan(&mut |pattern, end| {
        let pattern = pattern.as_usize();
        if end <= heading_end {
            score[rules.topic_of[pattern]] += 2;
        }
        hits[pattern] += 1;
        if hits[pattern] <= 3 {
            score[rules.topic_of[pattern]] += 1;
        }
    });
    read.then_some(score)
}

/// `str::to_lowercase`, with the letters of English and Russian mapped on their UTF-8 bytes
/// (the lower-casing of every statement's text was a tenth of an import); other chars go to
/// the standard library.
pub fn lowercase(text: &str) -> String {
    let bytes = text.as_bytes();
    // ASCII letters lower-cased all at once, in place of a copy; the other chars after, in
    // place while their lower case is as long, as it is in English and Russian text.
    let mut out = bytes.to_vec();
    out.make_ascii_lowercase();
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time over ASCII.
        if let Some(word) = bytes.get(i..i + 8) {
            if word.is_ascii() {
                i += 8;
                continue;
            }
        }
        if bytes[i].is_ascii() {
            i += 1;
            continue;
        }
        match lowered_char_at(text, i) {
            Some((lower, len)) => {
                out[i..i + len].copy_from_slice(&lower[..len]);
                i += len;
            }
            // The standard library's, which is the same char by char but for a capital sigma.
            None => return text.to_lowercase(),
        }
    }
    String::from_utf8(out).expect("lower-casing keeps UTF-8 valid")
}

/// The UTF-8 of the lower case of the non-ASCII char at byte `at` of `text`, and its length,
/// when that is one char as long as this one (Russian letters are mapped on their bytes);
/// `None` when it is not ("İ" → "i̇") or depends on the chars around (a capital sigma).
#[inline(always)]
fn lowered_char_at(text: &str, at: usize) -> Option<([u8; 4], usize)> {
    let bytes = text.as_bytes();
    match (bytes[at], bytes.get(at + 1).copied().unwrap_or(0)) {
        // Ѐ–Џ (U+0400–040F) → ѐ–џ (U+0450–045F); А–П → а–п; Р–Я → р–я.
        (0xD0, c @ 0x80..=0x8F) => Some(([0xD1, c + 0x10, 0, 0], 2)),
        (0xD0, c @ 0x90..=0x9F) => Some(([0xD0, c + 0x20, 0, 0], 2)),
        (0xD0, c @ 0xA0..=0xAF) => Some(([0xD1, c - 0x20, 0, 0], 2)),
        // а–п, р–я, ѐ–џ: lower case already.
        (0xD0, c @ 0xB0..=0xBF) | (0xD1, c @ 0x80..=0x9F) => Some(([bytes[at], c, 0, 0], 2)),
        _ => {
            let c = text[at..].chars().next().expect("a char starts here");
            if c == 'Σ' {
                return None;
            }
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => {
                    let mut out = [0; 4];
                    l.encode_utf8(&mut out);
                    Some((out, l.len_utf8()))
                }
                _ => None,
            }
        }
    }
}

/// Hashtags, and the known countries and organisations the item names.
pub fn tags(item: &ItemText, hashtags: &[&str], names: &Dictionary) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    // A hashtag of one char is none; the search goes on after it, where no other can start (the
    // char is not a '#'), as it would after a pattern asking for two. Matches without a group
    // are found without the regex crate's slower engines.
    static HASHTAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"#[\p{L}\p{N}_]+").expect("valid"));
    let text = item.all();
    for source in hashtags.iter().copied().chain(std::iter::once(text)) {
        for hashtag in HASHTAG.find_iter(source) {
            let tag = &hashtag.as_str()['#'.len_utf8()..];
            if tag.chars().nth(1).is_some() && !tags.iter().any(|t| t == tag) {
                tags.push(tag.to_string());
            }
        }
    }
    for name in names.mentioned(text) {
        if !tags.iter().any(|t| t == name) {
            tags.push(name.to_string());
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(lines: &[&'static str]) -> ItemText<'static> {
        ItemText::new(lines.to_vec())
    }

    #[test]
    fn russian_names_are_found_in_their_cases() {
        let person = |name: &str, variants: &[&str]| PersonDef { name: name.into(), variants: variants.iter().map(|v| v.to_string()).collect() };
        let names = Dictionary::people(&[person("Sergey Lavrov", &["Лавров", "С.В.Лавров"]), person("Maria Zakharova", &["Захарова", "М.В.Захарова"]), person("Vladimir Putin", &["Путин"]), person("Vasily Nebenzia", &["Небензя"])]);
        assert_eq!(names.mentioned("Выступление С.В.Лаврова и ответы на вопросы"), ["Sergey Lavrov"]);
        assert_eq!(names.mentioned("Комментарий официального представителя МИД России М.В.Захаровой"), ["Maria Zakharova"]);
        assert_eq!(names.mentioned("встреча Лаврова с Захаровой и беседа с Путиным"), ["Sergey Lavrov", "Maria Zakharova", "Vladimir Putin"]);
        assert_eq!(names.mentioned("Захарову, Захаровою, Путину, Путине"), ["Maria Zakharova", "Vladimir Putin"]);
        assert_eq!(names.mentioned("Выступление В.А.Небензи; с Небензей"), ["Vasily Nebenzia"]);
        assert!(names.mentioned("путинский режим, Путинская, Лавровка, Захаровский переулок").is_empty());
    }

    #[test]
    fn first_sentences_skip_abbreviations() {
        assert_eq!(first_sentence("Russia and the U.S. agreed. Then more."), "Russia and the U.S. agreed.");
        assert_eq!(first_sentence("It landed on Wednesday.On Monday, the presidents"), "It landed on Wednesday.");
        assert_eq!(first_sentence("Посольство «Россия»!\u{a0}Далее"), "Посольство «Россия»!");
        assert_eq!(first_sentence("Встреча прошла.\u{a0}Далее"), "Встреча прошла.");
        assert_eq!(first_sentence("Why? 🎉 Because"), "Why?");
        assert_eq!(first_sentence("Really?Yes, is it?no"), "Really?");
        assert_eq!(first_sentence("Is it?no. 🎉"), "Is it?no.");
    }

    #[test]
    fn titles_drop_pictographs_and_datelines() {
        assert_eq!(title(&item(&["🎙 Sergey Lavrov’s interview with Channel One (Moscow, March 25, 2025)", "Key points"])), "Sergey Lavrov’s interview with Channel One");
        assert_eq!(title(&item(&["20.11.2020 - Vladimir Putin addressed the Nuremberg conference", "Text."])), "Vladimir Putin addressed the Nuremberg conference");
        let long = title(&item(&["Vladimir Putin and President of the United States of America Donald Trump had a lengthy conversation during a call initiated by the US. More."]));
        assert!(long.ends_with('…') && long.chars().count() <= 111, "{long}");
    }

    #[test]
    fn main_clauses_follow_an_opening_subordinate_clause() {
        assert_eq!(main_clause("After the talks, the ministers spoke"), " the ministers spoke");
        assert_eq!(main_clause("In the wake of the talks in Minsk, Paris and Berlin, experts met"), " experts met");
        assert_eq!(main_clause("Afterwards, the ministers spoke"), "Afterwards, the ministers spoke");
        assert_eq!(main_clause("The talks over, the ministers spoke"), "The talks over, the ministers spoke");
        assert_eq!(main_clause("Following the talks, Lavrov spoke"), "Following the talks, Lavrov spoke");
    }

    #[test]
    fn topics_count_the_heading_twice() {
        let rules = TopicRules::new(&[
            TopicDef { slug: "sanctions".into(), name: String::new(), description: String::new(), keywords: vec!["sanction".into(), "санкци".into()] },
            TopicDef { slug: "greece".into(), name: String::new(), description: String::new(), keywords: vec!["σας".into()] },
        ]);
        let of = |lines: &[&'static str]| topics(&item(lines), &rules);
        assert_eq!(of(&["New SANCTIONS", "Text."]), ["sanctions"]);
        assert_eq!(of(&["Новые\u{a0}САНКЦИИ 🎉", "Текст."]), ["sanctions"]);
        assert_eq!(of(&["Text about it", "sanctions"]), Vec::<String>::new(), "once in the body is not enough");
        assert_eq!(of(&["Text about it", "sanctions, sanctions"]), ["sanctions"]);
        // A final sigma of the heading stays final in the whole text.
        assert_eq!(of(&["ΣΑΣ", "Text."]), ["greece"]);
    }

    #[test]
    fn keywords_are_found_as_by_aho_corasick_in_the_lower_case() {
        let patterns: Vec<String> = ["sanction", "санкци", "ukrain", "ukraine", "ne", "украин", "нато", "nato-", "σας", "s", "ss", "🎉", "’s", "i̇stanbul", "ѐж"].map(String::from).to_vec();
        let reference = AhoCorasick::new(&patterns).unwrap();
        let keywords = KeywordTable::new(&patterns);
        let texts = [
            "",
            "s",
            "sanctions",
            "new sanctions on ukraine’s gas; санкции и санкции против украины\nsanctionssanctions нато-nato-nato ukraine-ukrainian 🎉🎉 σας ss sss",
            "Ukraine UKRAINE ukrainE САНКЦИИ НАТО-Nato ЀЖ Ѐж",
            "İstanbul i̇stanbul",
            "ΣΑΣ σας",
        ];
        for text in texts {
            let expected: Vec<(PatternID, usize)> = reference.find_overlapping_iter(&text.to_lowercase()).map(|m| (m.pattern(), m.end())).collect();
            let mut found = Vec::new();
            keywords.for_each_in(&lowercase(text), &mut |pattern, end| found.push((pattern, end)));
            assert_eq!(found, expected, "{text}");
            let mut found = Vec::new();
            let read = keywords.for_each_in_lowercased(text, &mut |pattern, end| found.push((pattern, end)));
            assert_eq!(read, !text.contains(['İ', 'Σ']), "{text}");
            if read {
                assert_eq!(found, expected, "{text}");
            }
        }
    }

    #[test]
    fn hashtags_have_two_chars_or_more() {
        let names = Dictionary::new(vec![("NATO".into(), Vec::new())]);
        let text = item(&["#a#bc and #d, #Россия_2025 #bc NATO #x"]);
        assert_eq!(tags(&text, &["#e", "#Ok #a"], &names), ["Ok", "bc", "Россия_2025", "NATO"]);
    }

    #[test]
    fn lowercase_is_the_standard_one() {
        for text in ["Sergey LAVROV", "ЁЛКА Посольство ЀЏ", "ΣΟΦΙΑ Σ", "Ǆ İstanbul ẞ", "ok 123", "Long ASCII RUN then ПОСОЛЬСТВО’S 🎉 Ⱥ\u{a0}K", "КАЗАХСТАН и Ӂ ӿ Ѳ", "ΑΒΓ İ", "ÀÉÎ Straße", "Ж"] {
            assert_eq!(lowercase(text), text.to_lowercase(), "{text}");
        }
    }
}
