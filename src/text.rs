//! Text analysis for search: folding, words, and each statement's index terms.
//!
//! A statement's terms are computed once, when its file is read (so the search index never
//! reads a body again), and kept compact: term ids from one [`Vocabulary`] with a weight each.
//! The theme's `search.js` folds and splits queries the same way (see [`fold`]).

use indexmap::IndexSet;
use rustc_hash::{FxBuildHasher, FxHashMap};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Shorter words are not indexed, longer ones are cut to this length.
pub const MIN_WORD_CHARS: usize = 2;
pub const MAX_WORD_CHARS: usize = 32;
/// Term frequency saturates here; a weight with this bit set marks a title word.
pub const MAX_TF: u8 = 15;
pub const IN_TITLE: u8 = 16;

/// One list gives both the words the index leaves out and the list `search.js` leaves out of
/// queries; a `match` on string literals compares only words of the same length.
macro_rules! stop_words {
    ($($word:literal),* $(,)?) => {
        /// Words too common to help a search, in the archive's two main languages; sorted.
        pub const STOP_WORDS: &[&str] = &[$($word),*];

        pub fn is_stop_word(word: &str) -> bool {
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

/// Every term met, each with a number.
#[derive(Debug, Default, Clone)]
pub struct Vocabulary(IndexSet<Box<str>, FxBuildHasher>);

impl Vocabulary {
    pub fn id(&mut self, term: &str) -> u32 {
        match self.0.get_index_of(term) {
            Some(id) => id as u32,
            None => self.0.insert_full(term.into()).0 as u32,
        }
    }

    pub fn term(&self, id: u32) -> &str {
        &self.0[id as usize]
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds `other`'s terms; returns, for each of `other`'s ids, its id here.
    pub fn absorb(&mut self, other: &Vocabulary) -> Vec<u32> {
        other.0.iter().map(|term| self.id(term)).collect()
    }
}

/// A statement's distinct index terms with their weights (term frequency up to [`MAX_TF`],
/// [`IN_TITLE`] for a title word), as varint ids into a [`Vocabulary`] and weight bytes: a
/// few bytes a term, so that a 100,000-statement archive keeps all of them in memory.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Terms(Box<[u8]>);

impl Terms {
    /// The index terms of a statement's title and body text.
    pub fn of(title: &str, body_text: &str, vocabulary: &mut Vocabulary) -> Terms {
        let (title, body) = (fold(title), fold(body_text));
        let mut counts: FxHashMap<&str, u8> = FxHashMap::default();
        for word in words(&body) {
            let count = counts.entry(word).or_default();
            *count = (*count + 1).min(MAX_TF);
        }
        for word in words(&title) {
            *counts.entry(word).or_default() |= IN_TITLE;
        }
        let mut terms: Vec<(u32, u8)> = counts
            .into_iter()
            .filter(|(word, _)| !is_stop_word(word))
            .map(|(word, weight)| (vocabulary.id(word), weight))
            .collect();
        terms.sort_unstable();
        Terms::from_pairs(&terms)
    }

    fn from_pairs(pairs: &[(u32, u8)]) -> Terms {
        let mut bytes = Vec::with_capacity(pairs.len() * 3);
        for &(id, weight) in pairs {
            let mut n = id;
            while n >= 0x80 {
                bytes.push((n as u8) | 0x80);
                n >>= 7;
            }
            bytes.push(n as u8);
            bytes.push(weight);
        }
        Terms(bytes.into_boxed_slice())
    }

    /// (term id, weight) pairs.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u8)> + '_ {
        let mut rest = &self.0[..];
        std::iter::from_fn(move || {
            let mut id = 0u32;
            let mut shift = 0;
            loop {
                let (&byte, tail) = rest.split_first()?;
                rest = tail;
                id |= u32::from(byte & 0x7f) << shift;
                shift += 7;
                if byte & 0x80 == 0 {
                    break;
                }
            }
            let (&weight, tail) = rest.split_first()?;
            rest = tail;
            Some((id, weight))
        })
    }

    /// The same terms with ids from another vocabulary (`map[old] = new`).
    pub fn remap(&self, map: &[u32]) -> Terms {
        let mut pairs: Vec<(u32, u8)> = self.iter().map(|(id, weight)| (map[id as usize], weight)).collect();
        pairs.sort_unstable();
        Terms::from_pairs(&pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn stop_words_are_sorted() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stop_word("the") && is_stop_word("который") && !is_stop_word("lavrov"));
    }

    #[test]
    fn terms_count_body_words_and_mark_title_words() {
        let mut vocabulary = Vocabulary::default();
        let terms = Terms::of("Talks in Moscow", "Moscow and Moscow again; the talks went on.", &mut vocabulary);
        let shown: Vec<(&str, u8)> = terms.iter().map(|(id, w)| (vocabulary.term(id), w)).collect();
        let weight = |word: &str| shown.iter().find(|(w, _)| *w == word).map(|(_, weight)| *weight);
        assert_eq!(weight("moscow"), Some(2 | IN_TITLE));
        assert_eq!(weight("talks"), Some(1 | IN_TITLE));
        assert_eq!(weight("again"), Some(1));
        assert_eq!(weight("the"), None, "stop words are left out");
        let long = "word ".repeat(40);
        let saturated = Terms::of("", &long, &mut vocabulary);
        assert_eq!(saturated.iter().next().map(|(_, w)| w), Some(MAX_TF));
    }

    #[test]
    fn terms_move_between_vocabularies() {
        let mut first = Vocabulary::default();
        let terms = Terms::of("", "alpha beta gamma beta", &mut first);
        let mut global = Vocabulary::default();
        global.id("gamma");
        global.id("zeta");
        let map = global.absorb(&first);
        let moved = terms.remap(&map);
        let mut shown: Vec<(&str, u8)> = moved.iter().map(|(id, w)| (global.term(id), w)).collect();
        shown.sort();
        assert_eq!(shown, [("alpha", 1), ("beta", 2), ("gamma", 1)]);
        let ids: Vec<u32> = moved.iter().map(|(id, _)| id).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "kept sorted by id");
        let big = Terms::from_pairs(&[(300, 3), (70_000, 17)]);
        assert_eq!(big.iter().collect::<Vec<_>>(), [(300, 3), (70_000, 17)], "ids of several bytes");
    }
}
