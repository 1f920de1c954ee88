//! The content words of a dump's lines, for the prose cutter's cohesion tests: which words a
//! paragraph shares with the item above it, and which words are so common in the dump that
//! sharing them says nothing.
//!
//! Words are packed in numbers (see [`content_words`]) and kept in one array per batch of
//! lines, each line's distinct words and then its distinct names side by side: a dump of a
//! million lines would otherwise make two small vectors per line.

use rayon::prelude::*;
use rustc_hash::FxHashSet as HashSet;

use super::lines::{self, Line};

/// Each line's distinct content words and, of them, those written with a capital (names of
/// people, places, bodies), by line number.
#[derive(Debug)]
pub struct DumpWords {
    /// The words of each batch of lines, as the batch was read (in parallel).
    batches: Vec<Vec<u64>>,
    /// By line number − 1: which batch holds the line's words, where they start in it, how
    /// many there are, and how many names follow them.
    spans: Vec<Span>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Span {
    batch: u32,
    start: u32,
    words: u32,
    names: u32,
}

/// Lines handed to one task: small batches cost more to hand out than to read.
const BATCH: usize = 4096;

impl DumpWords {
    /// The words of the `content` lines of a dump of `line_count` lines (the others have
    /// none), read in parallel.
    pub fn of(line_count: usize, content: &[&Line]) -> DumpWords {
        let batches: Vec<(Vec<u64>, Vec<(usize, Span)>)> = content
            .par_chunks(BATCH)
            .enumerate()
            .map(|(batch_number, batch)| {
                let mut packed = Vec::new();
                let mut spans = Vec::with_capacity(batch.len());
                let (mut words, mut names) = (Vec::new(), Vec::new());
                for line in batch {
                    words.clear();
                    names.clear();
                    content_words(line.text, |word, capitalised| {
                        words.push(word);
                        if capitalised {
                            names.push(word);
                        }
                    });
                    distinct(&mut words);
                    distinct(&mut names);
                    let start = packed.len() as u32;
                    packed.extend_from_slice(&words);
                    packed.extend_from_slice(&names);
                    spans.push((line.number - 1, Span { batch: batch_number as u32, start, words: words.len() as u32, names: names.len() as u32 }));
                }
                (packed, spans)
            })
            .collect();
        let mut all = DumpWords { batches: Vec::with_capacity(batches.len()), spans: vec![Span::default(); line_count] };
        for (packed, spans) in batches {
            all.batches.push(packed);
            for (i, span) in spans {
                all.spans[i] = span;
            }
        }
        all
    }

    /// The distinct content words of line `number`.
    pub fn words(&self, number: usize) -> &[u64] {
        let span = self.spans[number - 1];
        &self.batches[span.batch as usize][span.start as usize..(span.start + span.words) as usize]
    }

    /// The distinct names of line `number`.
    pub fn names(&self, number: usize) -> &[u64] {
        let span = self.spans[number - 1];
        let start = (span.start + span.words) as usize;
        &self.batches[span.batch as usize][start..start + span.names as usize]
    }

    /// Words on more than one line in `per` of the `content` lines ("Russia", "international"):
    /// they tie every paragraph to every other and say nothing of a change of subject. `of`
    /// picks which of a line's words are counted ([`DumpWords::words`] or [`DumpWords::names`]).
    pub fn common(&self, content: &[&Line], of: impl Fn(&DumpWords, usize) -> &[u64] + Sync, per: usize) -> HashSet<u64> {
        type Counts = rustc_hash::FxHashMap<u64, usize>;
        let lines_with: Counts = content
            .par_chunks(BATCH)
            .map(|batch| {
                let mut counts = Counts::default();
                for line in batch {
                    // Each word once per line: a line's words are distinct.
                    for &word in of(self, line.number) {
                        *counts.entry(word).or_default() += 1;
                    }
                }
                counts
            })
            .reduce(Counts::default, |mut a, b| {
                for (word, n) in b {
                    *a.entry(word).or_default() += n;
                }
                a
            });
        let limit = (content.len() / per).max(3);
        lines_with.into_iter().filter(|(_, n)| *n > limit).map(|(w, _)| w).collect()
    }
}

/// Keeps the first of each value in `list`: for the few words of most lines, comparing each
/// with those kept costs less than sorting, and a bit per value's low six bits rules most
/// comparisons out (a value whose bit is not set yet was not kept); a long line's words are
/// sorted.
fn distinct(list: &mut Vec<u64>) {
    const FEW: usize = 32;
    if list.len() > FEW {
        list.sort_unstable();
        list.dedup();
        return;
    }
    let mut kept = 0;
    let mut seen = 0u64;
    for i in 0..list.len() {
        let value = list[i];
        let bit = 1 << (value & 63);
        if seen & bit == 0 || !list[..kept].contains(&value) {
            seen |= bit;
            list[kept] = value;
            kept += 1;
        }
    }
    list.truncate(kept);
}

/// Words of five letters or more, as their lower-cased first six letters packed in a number
/// (rough content words in any language, with a crude stem so that "sanctions" meets
/// "sanction" and "Russian" meets "Russia"), and whether each is capitalised. English and
/// Russian letters are told without Unicode tables, and a word's chars after its sixth are
/// only stepped over: it runs on every line.
pub fn content_words(text: &str, mut found: impl FnMut(u64, bool)) {
    let mut i = 0;
    while i < text.len() {
        let start = i;
        let Some(first) = word_char(text, &mut i) else { continue };
        // An ASCII letter comes lower-cased: whether it was a capital is told on its byte.
        let capitalised = if first.is_ascii() { text.as_bytes()[start].is_ascii_uppercase() } else { lines::is_uppercase(first) };
        let mut key = pack(0, first);
        let mut chars = 1;
        while chars < 6 {
            let Some(c) = word_char(text, &mut i) else { break };
            key = pack(key, c);
            chars += 1;
        }
        if chars == 6 {
            while word_char(text, &mut i).is_some() {}
        }
        if chars >= 5 {
            found(key, capitalised);
        }
    }
}

/// `key` with the lower-cased `c` packed in (its chars, when it lower-cases to several); an
/// ASCII `c` is lower-cased already ([`word_char`]).
#[inline(always)]
fn pack(key: u64, c: char) -> u64 {
    const PACK: u64 = 0x1_0000_01b3;
    if c.is_ascii() {
        return key.wrapping_mul(PACK).wrapping_add(u64::from(c));
    }
    let mut key = key;
    lines::lower(c, |l| key = key.wrapping_mul(PACK).wrapping_add(l as u64));
    key
}

/// Each ASCII char lower-cased when it is a letter or a digit, 0 when it is neither: the
/// ASCII chars of words told and lower-cased by one look-up each.
static ASCII_WORD_CHARS: [u8; 128] = {
    let mut chars = [0; 128];
    let mut b = 0u8;
    while b < 128 {
        if b.is_ascii_alphanumeric() {
            chars[b as usize] = b.to_ascii_lowercase();
        }
        b += 1;
    }
    chars
};

/// The char at byte `*i` of `text`, moving past it, when it is a word's (alphanumeric), an
/// ASCII one lower-cased by the same look-up that tells it; `None` at a char between words
/// (moved past too) and at the end.
#[inline(always)]
fn word_char(text: &str, i: &mut usize) -> Option<char> {
    let bytes = text.as_bytes();
    let &b = bytes.get(*i)?;
    match b {
        // ASCII is told on the byte.
        0..0x80 => {
            *i += 1;
            let lower = ASCII_WORD_CHARS[usize::from(b)];
            (lower != 0).then_some(char::from(lower))
        }
        // Two-byte chars led by D0 or D1 are U+0400–U+047F, all Cyrillic letters: decoded by
        // hand (the text is UTF-8, so the next byte continues this char).
        0xD0 | 0xD1 => {
            let c = char::from_u32((u32::from(b & 0x1F) << 6) | u32::from(bytes[*i + 1] & 0x3F)).expect("U+0400–U+047F");
            *i += 2;
            Some(c)
        }
        _ => {
            let c = text[*i..].chars().next().expect("a char starts here");
            *i += c.len_utf8();
            lines::is_alphanumeric(c).then_some(c)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(u64, bool)> {
        let mut out = Vec::new();
        content_words(text, |w, cap| out.push((w, cap)));
        out
    }

    fn pack(word: &str) -> u64 {
        word.chars().take(6).flat_map(char::to_lowercase).fold(0u64, |key, c| key.wrapping_mul(0x1_0000_01b3).wrapping_add(c as u64))
    }

    #[test]
    fn content_words_are_the_first_six_letters_lower_cased() {
        // Cyrillic of both decoding paths (U+0400–U+047F by hand, Ӂ and ӿ by the standard
        // library), ASCII and other Latin letters.
        for text in [
            "Russian sanctions, Посольство ЁЛКИ ЀЎЏѠѢѿ ӁӿӁӿӁ ǅemal İstanbul x1234 short",
            "five5 sixsix seven77 ABCDE abcdef — «Москва» “quoted” don’t re-election U.S.A. 2020-11-20",
            "İİİİİ ǄǅǆǇǈ ΣΊΣΥΦΟΣ Straße ß ﬁnance ＡＢＣＤＥＦ ١٢٣٤٥ 中华人民共和国 Ⅻ",
            "e\u{301}cole cafe\u{301}s a\u{a0}no-break\u{2009}thin 🎙interview👍🏻reactions x",
            "ends with a word",
            "",
            "a",
            "Ünïcödé",
        ] {
            let expected: Vec<(u64, bool)> =
                text.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().nth(4).is_some()).map(|w| (pack(w), w.starts_with(char::is_uppercase))).collect();
            assert_eq!(words(text), expected, "{text:?}");
        }
    }

    #[test]
    fn each_line_keeps_its_distinct_words_and_names() {
        let lines = crate::import::lines::split("Sanctions against Russia and sanctions again\n\nПосольство России провело встречу в Посольстве\n");
        let content: Vec<&Line> = lines.iter().filter(|l| !l.is_blank()).collect();
        let all = DumpWords::of(lines.len(), &content);
        let mut first = vec![pack("sanctions"), pack("against"), pack("russia"), pack("again")];
        first.sort_unstable();
        let sorted = |words: &[u64]| {
            let mut words = words.to_vec();
            words.sort_unstable();
            words
        };
        assert_eq!(sorted(all.words(1)), first);
        let mut names = vec![pack("sanctions"), pack("russia")];
        names.sort_unstable();
        assert_eq!(sorted(all.names(1)), names);
        assert!(all.words(2).is_empty() && all.names(2).is_empty(), "a blank line has none");
        let mut third = vec![pack("посольство"), pack("россии"), pack("провело"), pack("встречу")];
        third.sort_unstable();
        third.dedup();
        assert_eq!(sorted(all.words(3)), third, "Посольство and Посольстве pack alike");
        assert_eq!(all.names(3).len(), 2);
    }

    #[test]
    fn distinct_keeps_one_of_each_value_in_short_and_long_lists() {
        // Values of few low bits, and values sharing their low six bits (told apart by comparing).
        let lists: [fn(u64) -> u64; 3] = [|i| i * 7 % 11, |i| (i * 7 % 11) << 6 | (i % 2), |i| (i % 5) << 40 | 63];
        for value in lists {
            for len in [0, 1, 5, 31, 32, 33, 200] {
                let mut list: Vec<u64> = (0..len).map(value).collect();
                let mut first: Vec<u64> = Vec::new();
                for &v in &list {
                    if !first.contains(&v) {
                        first.push(v);
                    }
                }
                distinct(&mut list);
                if len <= 32 {
                    assert_eq!(list, first, "{len} values, in the order first met");
                }
                list.sort_unstable();
                first.sort_unstable();
                assert_eq!(list, first, "{len} values");
            }
        }
    }

    #[test]
    fn words_on_many_lines_are_common() {
        let unique = |i: u8| format!("{}{}zzzz", char::from(b'a' + i / 26), char::from(b'a' + i % 26));
        let text: String = (0..40).map(|i| format!("Russia answered question {} now\n", unique(i))).collect();
        let lines = crate::import::lines::split(&text);
        let content: Vec<&Line> = lines.iter().filter(|l| !l.is_blank()).collect();
        let all = DumpWords::of(lines.len(), &content);
        let common = all.common(&content, DumpWords::words, 12);
        let mut found: Vec<u64> = common.into_iter().collect();
        found.sort_unstable();
        let mut expected = vec![pack("russia"), pack("answered"), pack("question")];
        expected.sort_unstable();
        assert_eq!(found, expected, "words of all 40 lines, not the word each line has of its own nor 'now' (too short)");
    }
}
