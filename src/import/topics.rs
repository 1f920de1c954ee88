//! Topics of a statement: the site's topic keywords found in its lower-cased text in one pass,
//! a heading's hit counting double.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{Anchored, MatchKind, PatternID, StartKind};

use super::extract::ItemText;
use crate::config::TopicDef;

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

/// Topics whose keywords the item names: a heading hit counts double, a keyword at most
/// three times.
pub fn of(item: &ItemText, rules: &TopicRules) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::AhoCorasick;

    #[test]
    fn topics_count_the_heading_twice() {
        let rules = TopicRules::new(&[
            TopicDef { slug: "sanctions".into(), name: String::new(), description: String::new(), keywords: vec!["sanction".into(), "санкци".into()] },
            TopicDef { slug: "greece".into(), name: String::new(), description: String::new(), keywords: vec!["σας".into()] },
        ]);
        let topics = |lines: &[&'static str]| of(&ItemText::new(lines.to_vec()), &rules);
        assert_eq!(topics(&["New SANCTIONS", "Text."]), ["sanctions"]);
        assert_eq!(topics(&["Новые\u{a0}САНКЦИИ 🎉", "Текст."]), ["sanctions"]);
        assert_eq!(topics(&["Text about it", "sanctions"]), Vec::<String>::new(), "once in the body is not enough");
        assert_eq!(topics(&["Text about it", "sanctions, sanctions"]), ["sanctions"]);
        // A final sigma of the heading stays final in the whole text.
        assert_eq!(topics(&["ΣΑΣ", "Text."]), ["greece"]);
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
    fn lowercase_is_the_standard_one() {
        for text in ["Sergey LAVROV", "ЁЛКА Посольство ЀЏ", "ΣΟΦΙΑ Σ", "Ǆ İstanbul ẞ", "ok 123", "Long ASCII RUN then ПОСОЛЬСТВО’S 🎉 Ⱥ\u{a0}K", "КАЗАХСТАН и Ӂ ӿ Ѳ", "ΑΒΓ İ", "ÀÉÎ Straße", "Ж"] {
            assert_eq!(lowercase(text), text.to_lowercase(), "{text}");
        }
    }
}
