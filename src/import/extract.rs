//! Metadata of one statement from its lines: title, language, tags, and what the extractors
//! share (the item's text, its sentences, names found in text); its topics are found by
//! [`super::topics`].

use std::borrow::Cow;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::features::Features;
use super::lines::Script;
use crate::config::PersonDef;

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

/// The item's text, line by line, without hashtag-only and "Forwarded from" lines, with each
/// line's features; its heading and lead, which every extractor asks for, found once.
#[derive(Clone)]
pub struct ItemText<'a> {
    pub lines: Vec<&'a str>,
    pub features: Vec<Features>,
    heading: Option<&'a str>,
    /// Where the heading stands: the first line, or the second under a rubric ("ОФИЦИАЛЬНО").
    heading_at: usize,
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
        // A newsletter's rubric above the title ("КУЛЬТУРА", "OFFICIAL"), or a web list's date: the
        // title under it heads the item.
        let heading_at = usize::from(lines.len() > 2 && super::lines::stands_over_title(lines[0], &features[1], true));
        let mut item = ItemText { lines, features, heading: None, heading_at, all: std::cell::OnceCell::new(), lead: std::cell::OnceCell::new(), dateline: std::cell::OnceCell::new() };
        item.heading = item.lines.get(heading_at).copied().filter(|first| {
            let features = &item.features[heading_at];
            features.stripped_heading_like || first.starts_with('🎙') || item.dateline().is_some() || (item.lines.len() > heading_at + 1 && first.chars().count() < 160 && !first.ends_with('.') && !features.stripped_speaker_turn)
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

    /// The dateline of the first line ([`super::dates::parse::dateline`]), or of the line under it.
    pub fn dateline(&self) -> Option<NaiveDate> {
        *self.dateline.get_or_init(|| {
            // A date alone under the first line dates the item, heading or not ("Heritage:
            // Alexander Bulatovich …" / "3 October 2025").
            let below_heading = || {
                let line = self.lines.get(self.heading_at + 1)?;
                // "📍 Рио-де-Жанейро, 19 ноября 2024 года": a post marks its place with a pin; under
                // a first line that is no heading (a quote leading a post), a line of only a place
                // and a day is a dateline too.
                let line = strip_symbols(line);
                if self.heading().is_some() { super::dates::parse::dateline_below_heading(line) } else { super::dates::parse::place_and_date(line).or_else(|| super::dates::parse::full_date_only(line)) }
            };
            // "(From the answers to media questions, Riyadh, February 18, 2025)" closing the item,
            // or "Sydney, 28 December 2020" under a signature.
            let closing = || {
                let last = self.lines.last().filter(|_| self.lines.len() > 1)?;
                if last.starts_with('(') { super::dates::parse::dateline(last) } else { super::dates::parse::dateline_below_heading(last).filter(|_| self.lines.len() > 2) }
            };
            self.lines.first().and_then(|first| super::dates::parse::dateline(first)).or_else(below_heading).or_else(closing)
        })
    }

    /// The lines joined, made once.
    pub fn all(&self) -> &str {
        self.all.get_or_init(|| self.lines.join("\n"))
    }

    /// The heading, then the sentences of the body's first lines: up to `count` in all.
    pub fn opening(&self, count: usize) -> Vec<&'a str> {
        let heading = self.heading().filter(|_| self.lines.len() > self.heading_at + 1);
        let body_start = self.body_start();
        let body = self.lines[body_start.min(self.lines.len())..].iter().take(2).flat_map(|line| Sentences(strip_symbols(line).trim()));
        heading.map(strip_symbols).into_iter().chain(body).take(count).collect()
    }

    /// Where the body starts: after the heading, and after the date alone below it ("30 October
    /// 2025" under a web list's title) when the item goes on below them.
    fn body_start(&self) -> usize {
        if self.heading().is_none() || self.lines.len() <= self.heading_at + 1 {
            return 0;
        }
        let below = self.heading_at + 1;
        let date_alone = self.lines.len() > below + 1 && super::dates::parse::full_date_only(self.lines[below]).is_some();
        below + usize::from(date_alone)
    }

    /// The first sentence of the body (after any heading).
    pub fn lead(&self) -> &'a str {
        self.lead.get_or_init(|| {
            let line = self.lines.get(self.body_start()).copied().unwrap_or("");
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
    fn hashtags_have_two_chars_or_more() {
        let names = Dictionary::new(vec![("NATO".into(), Vec::new())]);
        let text = item(&["#a#bc and #d, #Россия_2025 #bc NATO #x"]);
        assert_eq!(tags(&text, &["#e", "#Ok #a"], &names), ["Ok", "bc", "Россия_2025", "NATO"]);
    }

}
