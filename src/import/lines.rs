//! A dump as numbered lines, with the per-line facts every later step asks about.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use rayon::prelude::*;
use regex::Regex;

use super::features::Features;
use super::rules::{self, LineRules};

/// One line of a dump. Numbers are 1-based, as `sed -n Np` counts them.
#[derive(Debug, Clone)]
pub struct Line<'a> {
    pub number: usize,
    /// The line without its `\r` and outer white space.
    pub text: &'a str,
    /// White space collapsed ([`collapse_white_space`]): what two copies of a line share.
    /// Borrowed when the line is so already, as most are.
    pub key: Cow<'a, str>,
    /// What the rules ask of `text`, and of `key` (which the extractors read).
    pub features: Features,
    pub key_features: Features,
}

impl Line<'_> {
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// The lines of `text`, split on `\n` only, as the import report numbers them; each line's
/// key and features (by the built-in rules) are computed in parallel.
pub fn split(text: &str) -> Vec<Line<'_>> {
    split_by(text, &rules::builtin().lines)
}

/// [`split`], the features by these rules.
pub fn split_by<'a>(text: &'a str, rules: &LineRules) -> Vec<Line<'a>> {
    let raws: Vec<&str> = text.split('\n').collect();
    raws.into_par_iter()
        .enumerate()
        .map(|(i, raw)| {
            let text = raw.trim_end_matches('\r').trim();
            let key = collapse_white_space(text);
            let features = Features::by(text, rules);
            let key_features = match &key {
                Cow::Borrowed(_) => features,
                Cow::Owned(key) => Features::by(key, rules),
            };
            Line { number: i + 1, text, key, features, key_features }
        })
        .collect()
}

/// The words of `text` with one space between them (`split_whitespace`, joined): the text
/// itself, not copied, when it is so already, as most lines are. It runs on every line: the
/// white space other than a plain space is looked for with memchr, and a non-ASCII char is
/// decoded only where a lead byte of a white-space char (C2, E1, E2, E3) stands.
pub fn collapse_white_space(text: &str) -> Cow<'_, str> {
    static DOUBLE_SPACE: LazyLock<memchr::memmem::Finder> = LazyLock::new(|| memchr::memmem::Finder::new("  "));
    let bytes = text.as_bytes();
    let other_ascii_space = || memchr::memchr3(b'\t', b'\n', b'\r', bytes).is_some() || memchr::memchr2(b'\x0b', b'\x0c', bytes).is_some();
    let other_space = || {
        memchr::memchr3_iter(0xC2, 0xE1, 0xE2, bytes).chain(memchr::memchr_iter(0xE3, bytes)).any(|i| white_space_at(text, i) > 0)
    };
    let collapsed = !text.starts_with(char::is_whitespace)
        && !text.ends_with(char::is_whitespace)
        && DOUBLE_SPACE.find(bytes).is_none()
        && !other_ascii_space()
        && !other_space();
    if collapsed {
        return Cow::Borrowed(text);
    }
    // Few lines are not collapsed already: their words are joined plainly.
    Cow::Owned(words(text).collect::<Vec<_>>().join(" "))
}

/// `str::split_whitespace`, told on the bytes ([`white_space_at`]) instead of on decoded chars,
/// which costs several times more: titles' words are counted on every short line.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    word_spans(text).map(|span| &text[span])
}

/// Where the [`words`] of `text` are.
fn word_spans(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            if at == bytes.len() {
                return None;
            }
            match white_space_at(text, at) {
                0 => break,
                len => at += len,
            }
        }
        let start = at;
        loop {
            at += 1;
            at += bytes[at..].iter().position(|&b| may_start_white_space(b)).unwrap_or(bytes.len() - at);
            if at == bytes.len() || white_space_at(text, at) > 0 {
                return Some(start..at);
            }
        }
    })
}

/// Whether a white-space char may start at this byte: ASCII white space, or a lead byte of
/// white space beyond ASCII (C2, E1, E2, E3; never a continuation byte).
#[inline(always)]
fn may_start_white_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r' | 0xC2 | 0xE1..=0xE3)
}

/// The length in bytes of the white-space char (`char::is_whitespace`) at byte `at` of `text`,
/// or 0 when none starts there ([`may_start_white_space`] tells where one may).
#[inline(always)]
fn white_space_at(text: &str, at: usize) -> usize {
    match text.as_bytes()[at] {
        b' ' | b'\t'..=b'\r' => 1,
        0xC2 | 0xE1..=0xE3 => text[at..].chars().next().filter(|c| c.is_whitespace()).map_or(0, char::len_utf8),
        _ => 0,
    }
}

/// `char::is_alphanumeric`, with English and Russian letters, and the punctuation between
/// their words, told without its tables.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' | '\u{0400}'..='\u{047F}' => true,
        // No-break space, guillemets; General Punctuation (dashes, quotes, ellipsis, spaces).
        '\0'..='\x7f' | '\u{A0}' | '«' | '»' | '\u{2000}'..='\u{206F}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// `char::is_uppercase`, likewise.
#[inline]
pub fn is_uppercase(c: char) -> bool {
    match c {
        'A'..='Z' | '\u{0400}'..='\u{042F}' => true,
        '\0'..='\x7f' | '\u{0430}'..='\u{045F}' => false,
        _ => c.is_uppercase(),
    }
}

/// The chars of `char::to_lowercase(c)`, given to `out`; likewise.
#[inline]
pub fn lower(c: char, mut out: impl FnMut(char)) {
    match c {
        'A'..='Z' => out(c.to_ascii_lowercase()),
        '\0'..='\x7f' | '\u{0430}'..='\u{045F}' => out(c),
        // А–Я → а–я, Ѐ–Џ → ѐ–џ.
        '\u{0410}'..='\u{042F}' => out(char::from_u32(c as u32 + 0x20).expect("a Cyrillic letter")),
        '\u{0400}'..='\u{040F}' => out(char::from_u32(c as u32 + 0x50).expect("a Cyrillic letter")),
        _ => c.to_lowercase().for_each(out),
    }
}

/// Which script a line's letters are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Latin,
    Cyrillic,
    /// Too few letters to tell.
    Unknown,
}

#[cfg(test)]
pub fn script(text: &str) -> Script {
    let (mut latin, mut cyrillic) = (0usize, 0usize);
    for ch in text.chars() {
        if ch.is_ascii_alphabetic() {
            latin += 1;
        } else if ('\u{0400}'..='\u{04FF}').contains(&ch) {
            cyrillic += 1;
        }
    }
    script_of_counts(latin, cyrillic)
}

/// The script of a text with so many Latin and Cyrillic letters.
pub fn script_of_counts(latin: usize, cyrillic: usize) -> Script {
    if latin + cyrillic < 12 {
        Script::Unknown
    } else if cyrillic * 2 > latin + cyrillic {
        Script::Cyrillic
    } else {
        Script::Latin
    }
}

static HASHTAGS_ONLY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(#[\p{L}\p{N}_]+[\s,]*)+$").expect("valid"));
static ELISION_END: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<(…|\.\.\.)>\s*$").expect("valid"));
static INITIALLED_NAME_END: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(^|\s)\p{Lu}\.\s?(\p{Lu}\.\s?)?\p{Lu}[\p{Ll}-]+$").expect("valid"));
static LIST_ITEM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([•▪●◦*·–—-]|\d{1,2}[.)])\s+\S").expect("valid"));
/// A speaker's label, captured (none for "Question:" and its like); [`is_speaker_turn`] bounds
/// its words (a bounded repetition of a Unicode class compiles to one copy of it per word).
static SPEAKER: LazyLock<Regex> = LazyLock::new(|| {
    // A speaker's label is a name or an office: capitalised words and the small words that
    // join them ("Minister of Foreign Affairs", "Посол России в США"). "The Kosovo knot: is a
    // fair solution possible?" is a title, "The letter says: …" a sentence.
    Regex::new(r#"^[^\p{L}\p{N}"“«']{0,3}(?:(?:Question|Answer|Вопрос|Ответ)\s*:|([\p{Lu}][\p{L}.’'-]*(?:\s+(?:[\p{Lu}][\p{L}.’'-]*|of|the|for|and|de|von|van|в|по|и|на))*)\s*:\s*\S)"#).expect("valid")
});
/// Words in a speaker's label, at most.
const SPEAKER_LABEL_WORDS: usize = 7;

static DATE_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(On\s+(\d{1,2}(st|nd|rd|th)?\s+)?(January|February|March|April|May|June|July|August|September|October|November|December)\b|\d{1,2}\s+(января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)\b)").expect("valid")
});
/// A readout's lead: a subject (a capital, then letters, spaces, dots, apostrophes, hyphens),
/// then what it did. The subject's shortest form is captured; [`is_readout_lead`] bounds its
/// length (a bounded repetition of a Unicode class compiles to one copy of it per char).
static READOUT_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    // `\s` between the words: dumps put non-breaking spaces there.
    Regex::new(r"^([\p{Lu}][\p{L}’' .\u{a0}-]{2}[\p{L}’' .\u{a0}-]*?)\s(had\sa\s(telephone|phone)\s(conversation|call)|held\s(a\smeeting|talks|consultations)|(has\s)?sent\sa\s(message|telegram))").expect("valid")
});
/// Chars in a readout's subject, at most.
const READOUT_SUBJECT_CHARS: usize = 81;

/// A readout's opening line. It is asked of every line of a dump, so lines without any of the
/// verbs the regex needs ("had", "held", "sent") where it needs them are ruled out first: the
/// verb starts within 82 chars (the subject's), which 400 bytes hold.
pub fn is_readout_lead(text: &str) -> bool {
    let mut end = text.len().min(400);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text.as_bytes()[..end];
    static VERBS: LazyLock<Vec<memchr::memmem::Finder>> = LazyLock::new(|| ["had", "held", "sent"].into_iter().map(memchr::memmem::Finder::new).collect());
    // Each of the regex's readouts names its object ("phone", "talks", "message"…): most lines
    // with one of the verbs have none of them.
    static OBJECTS: LazyLock<Vec<memchr::memmem::Finder>> =
        LazyLock::new(|| ["phone", "meeting", "talks", "consultations", "message", "telegram"].into_iter().map(memchr::memmem::Finder::new).collect());
    text.starts_with(char::is_uppercase)
        && VERBS.iter().any(|verb| verb.find(head).is_some())
        && OBJECTS.iter().any(|object| object.find(text.as_bytes()).is_some())
        // The shortest subject the line's readout can have: a longer one is longer still.
        && READOUT_LEAD.captures(text).is_some_and(|c| c[1].chars().count() <= READOUT_SUBJECT_CHARS)
}

/// "20.11.2020 - …", "12 March 2021 — …", or a date alone above a title: an item of a web
/// list, dated.
pub fn is_dated_item(text: &str) -> bool {
    super::dates::parse::dated_prefix(text).is_some() || super::dates::parse::full_date_only(text).is_some()
}

/// "On March 30, …", "28 марта …": a lead that opens with its day.
pub fn is_date_lead(text: &str) -> bool {
    (text.starts_with("On") || text.starts_with(|c: char| c.is_ascii_digit())) && DATE_LEAD.is_match(text)
}

/// A rubric on its own line above an item's title: a word or three in capitals ("ОФИЦИАЛЬНО",
/// "PRESS RELEASES").
pub fn is_rubric(text: &str) -> bool {
    const MAX_WORDS: usize = 3;
    const MAX_CHARS: usize = 30;
    text.chars().count() <= MAX_CHARS
        && words(text).count() <= MAX_WORDS
        && text.chars().any(char::is_alphabetic)
        && text.chars().all(|c| c.is_uppercase() || c == ' ' || c == '-' || c == '&')
}

/// Whether a line heads the title below it rather than being the title: a rubric
/// ("ОФИЦИАЛЬНО"), or, when `dates_count` (an item's own lines), its date alone ("20.11.2025
/// 14:30"). A bullet below lists under its heading ("CONTENTS" / "• …"): it is no title.
pub fn stands_over_title(first: &str, title: &Features, dates_count: bool) -> bool {
    (is_rubric(first) || (dates_count && super::dates::parse::full_date_only(first).is_some())) && title.stripped_heading_like && !title.list_item
}

pub fn is_hashtags_only(text: &str) -> bool {
    text.starts_with('#') && HASHTAGS_ONLY.is_match(text)
}

/// A line in capitals throughout, of two words at least: a heading a mailing shouts.
pub fn in_capitals(text: &str) -> bool {
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).nth(1).is_some() && !text.chars().any(char::is_lowercase)
}

/// Ends with a name written with its initials ("… в Гамбурге Е.А.Березин", "Ambassador A.I.
/// Darchiev"): how an official signs a letter or a greeting, and how a heading may end.
pub fn ends_with_initialled_name(text: &str) -> bool {
    text.ends_with(|c: char| c.is_lowercase()) && INITIALLED_NAME_END.is_match(text)
}

/// Ends with `<…>`: an excerpt cut short, which in newsletters ends an item.
pub fn ends_with_elision(text: &str) -> bool {
    text.trim_end().ends_with('>') && ELISION_END.is_match(text)
}

/// The longest line a list shows as one of its entries (a digest's topic, a contents line): a
/// longer one numbered or bulleted is a paragraph of a statement ("1. The Russian Federation
/// has taken note of …").
pub const LIST_ENTRY_CHARS: usize = 200;

pub fn is_list_item(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '•' | '▪' | '●' | '◦' | '*' | '·' | '-' | '–' | '—')) && LIST_ITEM.is_match(text)
}

/// "Question: …", "Sergey Lavrov: …", "❓ Question: …": a turn of a Q&A or a speech.
pub fn is_speaker_turn(text: &str) -> bool {
    // A label holds no ':': it ends at the line's first one, its words told apart only there.
    // Most lines are no turn: the match alone, without its group, rules them out. A link
    // ("https://…") is no turn, nor a title's lower-case subtitle ("Русский Шанхай: страницы
    // истории"): a speaker's words open with a capital or a quote.
    let label_words = || SPEAKER.captures(text).and_then(|c| c.get(1)).map_or(0, |label| label.as_str().split_whitespace().count());
    let not_words = |after: &str| after.starts_with("//") || after.trim_start().starts_with(char::is_lowercase);
    // A line in capitals throughout ("RUSSIAN FILM EVENING: \"NUREMBERG\" AT THE RUSSIAN HOUSE") is a
    // title, not a turn: a speaker's words are written as sentences.
    memchr::memchr(b':', text.as_bytes()).is_some()
        && SPEAKER.is_match(text)
        && text.chars().any(char::is_lowercase)
        && label_words() <= SPEAKER_LABEL_WORDS
        && !text.split_once(':').is_some_and(|(_, after)| not_words(after))
}

pub fn is_question(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    // "❓ Из ответов на вопросы СМИ" heads answers: the mark asks only with a question mark.
    t.starts_with("Question") || t.starts_with("Вопрос") || (text.starts_with('❓') && text.contains('?'))
}

/// Starts with an emoji or pictograph rather than a letter, digit or quote.
pub fn starts_with_symbol(text: &str) -> bool {
    text.chars().next().is_some_and(|c| !c.is_alphanumeric() && !c.is_ascii() && !matches!(c, '“' | '«' | '‘' | '„' | '’' | '—' | '–' | '…'))
}

/// A title-like line: short, one phrase, no sentence end (or a capitalised short title); told
/// whether the line is a list item, a speaker's turn or a pointer (which [`Features`] knows).
pub fn heading_like_given(text: &str, item_turn_or_pointer: bool) -> bool {
    if item_turn_or_pointer || text.is_empty() || text.len() > 800 {
        return false;
    }
    // No more bytes than a limit are no more chars: chars are counted only past it.
    let chars_over = |limit: usize| text.len() > limit && text.chars().count() > limit;
    if chars_over(200) {
        return false;
    }
    let first = text.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '"' && c != '“');
    if !first.chars().next().is_some_and(|c| c.is_uppercase() || c == '"' || c == '“' || c.is_numeric()) {
        return false;
    }
    let last = text.chars().last().unwrap_or(' ');
    if matches!(last, ',' | ';' | ':' | '-' | '–') {
        return false;
    }
    // Words are counted only as far as the limits: most lines are long paragraphs.
    if !matches!(last, '.' | '!' | '?' | '…') {
        return words(text).nth(32).is_none();
    }
    // "The Kosovo knot: is a fair solution possible?": a title and the question it asks.
    if last == '?' && text.split_once(": ").is_some_and(|(title, _)| !title.contains(['?', '.', ','])) && words(text).nth(12).is_none() {
        return true;
    }
    // A short line ending in a full stop is a title when most of its words are capitalised.
    if chars_over(100) {
        return false;
    }
    let (words, capitalised) = words(text).fold((0, 0), |(words, capitalised), word| (words + 1, capitalised + usize::from(word.starts_with(is_uppercase))));
    words >= 3 && capitalised * 2 >= words && !text[..text.len() - 1].contains(". ")
}

/// Every line of the repository's dumps (the samples and the test dumps), trimmed: real text for
/// the tests that hold a fast test to its plain form.
#[cfg(test)]
pub fn repository_dump_lines() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut lines = Vec::new();
    for folder in ["sources", "tests/fixtures/dumps"] {
        for entry in std::fs::read_dir(root.join(folder)).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
            lines.extend(text.lines().map(|l| l.trim().to_string()));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_letter_tests_without_tables_agree_with_the_standard_ones_on_every_char() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "is_alphanumeric({c:?})");
            assert_eq!(is_uppercase(c), c.is_uppercase(), "is_uppercase({c:?})");
            let mut lowered = String::new();
            lower(c, |l| lowered.push(l));
            assert_eq!(lowered, c.to_lowercase().collect::<String>(), "lower({c:?})");
        }
    }

    #[test]
    fn the_readout_lead_test_agrees_with_its_bounded_regex() {
        // The regex as it reads plainly, with the subject's bound in it.
        let bounded = Regex::new(r"^[\p{Lu}][\p{L}’' .\u{a0}-]{2,80}\s(had\sa\s(telephone|phone)\s(conversation|call)|held\s(a\smeeting|talks|consultations)|(has\s)?sent\sa\s(message|telegram))").unwrap();
        let subject = |chars: usize| format!("S{}", "o".repeat(chars - 1));
        let mut lines: Vec<String> = [
            "Sergey Lavrov had a telephone conversation with Antony Blinken.",
            "Xi has sent a message to the participants.",
            "Xi sent a message",
            "Ab had a phone call",
            "Abc had a phone call",
            "Vladimir Putin held talks with the President of Egypt.",
            "Vladimir\u{a0}Putin\u{a0}held\u{a0}talks",
            "The Minister\theld consultations",
            "Foreign Minister of Russia Sergey Lavrov, who had a phone call",
            "Лавров had a phone call",
            "lower case had a phone call",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for chars in [2, 3, 79, 80, 81, 82, 83, 120] {
            lines.push(format!("{} had a telephone conversation with the Minister.", subject(chars)));
            lines.push(format!("{} has sent a telegram", subject(chars)));
        }
        lines.extend(repository_dump_lines());
        let mut leads = 0;
        for line in &lines {
            assert_eq!(is_readout_lead(line), bounded.is_match(line), "{line:?}");
            leads += usize::from(is_readout_lead(line));
        }
        assert!(leads >= 12, "the cases hold leads of both kinds: {leads}");
    }

    #[test]
    fn the_speaker_turn_test_agrees_with_its_bounded_regex() {
        // The regex as it reads plainly, with the label's bound in it.
        let bounded = Regex::new(r#"^[^\p{L}\p{N}"“«']{0,3}((Question|Answer|Вопрос|Ответ)\s*:|[\p{Lu}][\p{L}.’'-]*(\s+([\p{Lu}][\p{L}.’'-]*|of|the|for|and|de|von|van|в|по|и|на)){0,6}\s*:\s*\S)"#).unwrap();
        let mut lines: Vec<String> = ["Sergey Lavrov: Thank you.", "❓ Question: Why?", "— Посол России в США: Да.", "Question of the Day And More Words Here Too: x", "Answer:", "The letter says: …", "a: b", "Lavrov: //link", "Русский Шанхай: страницы истории"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for words in 5..10 {
            lines.push(format!("{}: text", vec!["Minister"; words].join(" ")));
            lines.push(format!("• {}\u{a0}of: text", vec!["Minister"; words].join("\u{2009}")));
        }
        lines.extend(repository_dump_lines());
        let mut turns = 0;
        for line in &lines {
            let not_words = |after: &str| after.starts_with("//") || after.trim_start().starts_with(char::is_lowercase);
            let plainly = line.contains(':') && bounded.is_match(line) && !line.split_once(':').is_some_and(|(_, after)| not_words(after)) && line.chars().any(char::is_lowercase);
            assert_eq!(is_speaker_turn(line), plainly, "{line:?}");
            turns += usize::from(plainly);
        }
        assert!(turns >= 10, "the cases hold turns: {turns}");
        // A title in capitals with a colon is no turn.
        assert!(!is_speaker_turn("RUSSIAN FILM EVENING: \"NUREMBERG\" AT THE RUSSIAN HOUSE"));
        assert!(is_speaker_turn("ANSWER: We are ready."));
    }

    #[test]
    fn words_told_on_bytes_are_split_whitespace() {
        let mut texts: Vec<String> = [
            "Sergey Lavrov said",
            "  «Посольство» — заявление’s “quote” …  ",
            "a\u{a0}no-break\u{2009}thin\u{202f}narrow\u{3000}ideographic\u{1680}ogham\u{85}next\u{2028}\u{2029}\u{205f}",
            "tab\tnew\nline\r\x0b\x0c",
            "zero\u{200b}width\u{feff}joiners\u{200d} are no space",
            "Ünïcödé 🎙 ❓ Вопрос: ӁӿЀ",
            "",
            " ",
            "x",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        // Every char between two words, and on its own.
        texts.extend((0..=0x10FFFF).filter_map(char::from_u32).flat_map(|c| [format!("a{c}b"), c.to_string()]));
        for text in &texts {
            assert!(words(text).eq(text.split_whitespace()), "{text:?}");
        }
    }

    #[test]
    fn collapsing_white_space_is_splitting_and_joining() {
        for text in [
            "Sergey Lavrov said",
            "«Посольство» — заявление’s “quote” …",
            "two  spaces",
            "a\u{a0}no-break space",
            "a\ttab",
            "a \r carriage return",
            "a\rlone carriage return",
            "a\x0c form feed",
            "Путин\u{a0}и Си",
            "a\u{2009}b",
            "🎙 Interview  ",
            " Putin  met\tXi ",
            "one two\u{3000}",
            "x\ny",
            "one two three  four five\u{2003}six seven",
            "a  b  c d e\u{a0}\u{a0}f",
            "\u{3000}lead and trail\u{3000}",
            "«Посольство»  — заявление’s “quote”\u{2009}…",
            "\u{1680}ogham\u{2028}line\u{205f}math\u{85}next",
            "",
            " ",
        ] {
            let collapsed = collapse_white_space(text);
            assert_eq!(collapsed, text.split_whitespace().collect::<Vec<_>>().join(" "), "{text:?}");
            assert_eq!(matches!(collapsed, Cow::Borrowed(_)), collapsed == text, "borrowed only when unchanged: {text:?}");
        }
    }
}
