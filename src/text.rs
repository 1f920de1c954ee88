//! Text analysis for search: folding, words, and each statement's index terms.
//!
//! A statement's terms are computed once, when its file is read (so the search index never
//! reads a body again), and kept compact: term ids from one [`Vocabulary`] with a weight each.
//! The theme's `search.js` folds, splits and stems queries the same way (see [`fold`] and
//! [`stem`]).

use indexmap::IndexSet;
use rustc_hash::FxBuildHasher;
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
        fold_char(c, |part| match part {
            Folded::Char(part) => out.push(part),
            Folded::Breve => short_i(&mut out),
        });
    }
    out
}

/// What one character folds to, part by part.
enum Folded {
    Char(char),
    /// A combining breve: the `и` before it is a `й` (decomposed, as some texts write it).
    Breve,
}

fn fold_char(c: char, mut emit: impl FnMut(Folded)) {
    if c.is_ascii() {
        emit(Folded::Char(c.to_ascii_lowercase()));
        return;
    }
    for lower in c.to_lowercase() {
        decompose_canonical(lower, |part| {
            if !is_combining_mark(part) {
                emit(Folded::Char(part));
            } else if part == '\u{306}' {
                emit(Folded::Breve);
            }
        });
    }
}

fn short_i(text: &mut String) {
    if text.ends_with('и') {
        text.pop();
        text.push('й');
    }
}

/// A folded word's stem by the Snowball algorithm of its script: Russian for a word with
/// Cyrillic letters, English (Porter2) for one of Latin letters and digits, none for others.
/// The script, not the statement's language, chooses, because a query has only its words:
/// "NATO" in a Russian statement must stem as the query "NATO" does. `search.js` stems with
/// the same algorithms (the vendored packages of themes/default/vendor/), and
/// tests/stems.rs checks that both agree.
pub fn stem(word: &str) -> std::borrow::Cow<'_, str> {
    use std::sync::LazyLock;
    static ENGLISH: LazyLock<rust_stemmers::Stemmer> = LazyLock::new(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English));
    static RUSSIAN: LazyLock<rust_stemmers::Stemmer> = LazyLock::new(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Russian));
    if word.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c)) {
        RUSSIAN.stem(word)
    } else if word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
        ENGLISH.stem(word)
    } else {
        std::borrow::Cow::Borrowed(word)
    }
}

/// Calls `visit` with each word of `text`, folded (see [`fold`]): the runs of letters and
/// digits of the folded text at least [`MIN_WORD_CHARS`] long, cut to [`MAX_WORD_CHARS`].
/// Stop words are left to the caller (see [`is_stop_word`]).
pub fn for_each_word(text: &str, mut visit: impl FnMut(&str)) {
    let mut word = String::with_capacity(64);
    let mut chars = 0usize;
    let mut letter = |word: &mut String, chars: &mut usize, c: char| {
        if c.is_alphanumeric() {
            if *chars < MAX_WORD_CHARS {
                word.push(c);
            }
            *chars += 1;
        } else {
            if *chars >= MIN_WORD_CHARS {
                visit(word);
            }
            word.clear();
            *chars = 0;
        }
    };
    // Byte by byte through ASCII (most of an English text, the spaces and digits of any),
    // character by character through the rest.
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        if byte.is_ascii() {
            letter(&mut word, &mut chars, char::from(byte.to_ascii_lowercase()));
            at += 1;
            continue;
        }
        let c = text[at..].chars().next().expect("at a character boundary");
        at += c.len_utf8();
        fold_char(c, |part| match part {
            Folded::Char(part) => letter(&mut word, &mut chars, part),
            Folded::Breve => short_i(&mut word),
        });
    }
    letter(&mut word, &mut chars, ' ');
}

/// Every term met, each with a number.
#[derive(Debug, Default, Clone)]
pub struct Vocabulary {
    terms: IndexSet<Box<str>, FxBuildHasher>,
    /// Each term's weight in the statement being read (0 for terms it does not hold).
    weights: Vec<u8>,
}

impl Vocabulary {
    pub fn id(&mut self, term: &str) -> u32 {
        match self.terms.get_index_of(term) {
            Some(id) => id as u32,
            None => self.terms.insert_full(term.into()).0 as u32,
        }
    }

    pub fn term(&self, id: u32) -> &str {
        &self.terms[id as usize]
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Adds `other`'s terms; returns, for each of `other`'s ids, its id here.
    pub fn absorb(&mut self, other: &Vocabulary) -> Vec<u32> {
        other.terms.iter().map(|term| self.id(term)).collect()
    }

    /// Every term, by id.
    pub fn terms(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().map(|term| &**term)
    }
}

/// A statement's distinct index terms with their weights (term frequency up to [`MAX_TF`],
/// [`IN_TITLE`] for a title word), as varint ids into a [`Vocabulary`] and weight bytes: a
/// few bytes a term, so that a 100,000-statement archive keeps all of them in memory. In no
/// particular order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Terms(Box<[u8]>);

/// As bytes, not as a sequence of numbers: the build cache holds a hundred megabytes of them.
impl serde::Serialize for Terms {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Terms {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Terms, D::Error> {
        struct Bytes;
        impl serde::de::Visitor<'_> for Bytes {
            type Value = Terms;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("the bytes of a statement's terms")
            }
            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Terms, E> {
                Ok(Terms(bytes.into()))
            }
            fn visit_byte_buf<E: serde::de::Error>(self, bytes: Vec<u8>) -> Result<Terms, E> {
                Ok(Terms(bytes.into_boxed_slice()))
            }
        }
        deserializer.deserialize_byte_buf(Bytes)
    }
}

impl Terms {
    /// The index terms of a statement's title and body text. Each word is looked up once in
    /// the vocabulary and counted in its scratch weights: this runs over every word of every
    /// body of the archive.
    pub fn of(title: &str, body_text: &str, vocabulary: &mut Vocabulary) -> Terms {
        let mut held: Vec<u32> = Vec::new();
        let mut count = |text: &str, in_title: bool| {
            for_each_word(text, |word| {
                if is_stop_word(word) {
                    return;
                }
                let id = vocabulary.id(word);
                if vocabulary.weights.len() <= id as usize {
                    vocabulary.weights.resize(id as usize + 1, 0);
                }
                let weight = &mut vocabulary.weights[id as usize];
                if *weight == 0 {
                    held.push(id);
                }
                *weight = if in_title { *weight | IN_TITLE } else { (*weight & IN_TITLE) | ((*weight & MAX_TF) + 1).min(MAX_TF) };
            });
        };
        count(body_text, false);
        count(title, true);
        held.sort_unstable();
        let pairs: Vec<(u32, u8)> = held.iter().map(|&id| (id, std::mem::take(&mut vocabulary.weights[id as usize]))).collect();
        Terms::from_pairs(&pairs)
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
        let pairs: Vec<(u32, u8)> = self.iter().map(|(id, weight)| (map[id as usize], weight)).collect();
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

    fn words_of(text: &str) -> Vec<String> {
        let mut words = Vec::new();
        for_each_word(text, |w| words.push(w.to_string()));
        words
    }

    #[test]
    fn words_skip_single_letters_and_stop_words_are_known() {
        let words: Vec<String> = words_of("The Minister of Foreign Affairs и Лавров — в Москве, 2020 г.").into_iter().filter(|w| !is_stop_word(w)).collect();
        assert_eq!(words, ["minister", "foreign", "affairs", "лавров", "москве", "2020"]);
        assert!(words_of("a b в г").is_empty(), "single letters are never words");
        assert_eq!(words_of(&"x".repeat(40)), ["x".repeat(MAX_WORD_CHARS)], "long words are cut");
    }

    #[test]
    fn words_are_those_of_the_folded_text() {
        // Accents and combining marks vanish inside a word; й, composed or not, is a letter.
        assert_eq!(words_of("Е\u{301}сть Café-crème и\u{306}од Ёлка"), ["есть", "cafe", "creme", "йод", "елка"]);
        for text in ["Überraschung, naïve «кавычки» 1/2 ½ straße", "Ψάξε ΣΟΦΊΑ", "тире—и—дефис-ы"] {
            let folded = fold(text);
            let expected: Vec<String> = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= MIN_WORD_CHARS).map(str::to_string).collect();
            assert_eq!(words_of(text), expected, "{text}");
        }
    }

    #[test]
    fn words_stem_by_their_script() {
        assert_eq!(stem("переговорах"), "переговор");
        assert_eq!(stem("переговоры"), stem("переговоров"));
        assert_eq!(stem("negotiations"), "negoti");
        assert_eq!(stem("meetings"), stem("meeting"));
        assert_eq!(stem("ψαξε"), "ψαξε", "no stemmer for Greek: the word itself");
        assert_eq!(stem("covid19"), "covid19");
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
        let big = Terms::from_pairs(&[(300, 3), (70_000, 17)]);
        assert_eq!(big.iter().collect::<Vec<_>>(), [(300, 3), (70_000, 17)], "ids of several bytes");
    }
}
