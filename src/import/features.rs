//! What the rules ask of a line, computed once per line (in parallel, when the dump is split)
//! instead of again by each step that reads it: the segmenter, the extractors, the dating.

use super::extract::strip_symbols;
use super::lines::{self, Script};
use super::rules::{self, LineRules};

/// The facts of one line of text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Features {
    pub read_more: bool,
    pub hashtags_only: bool,
    pub forwarded: bool,
    pub list_item: bool,
    pub speaker_turn: bool,
    pub question: bool,
    pub heading_like: bool,
    pub elision_end: bool,
    pub starts_with_symbol: bool,
    /// The same tests on the line without its leading pictographs and bullets
    /// ([`strip_symbols`]), as the extractors read it.
    pub stripped_list_item: bool,
    pub stripped_speaker_turn: bool,
    pub stripped_question: bool,
    pub stripped_heading_like: bool,
    /// Telegram's interface lines and reaction counters.
    pub ui: bool,
    pub reaction: bool,
    /// "20.11.2020 - …": a web list's dated item.
    pub dated_item: bool,
    /// "On March 30, …", "28 марта …": a lead that opens with its day.
    pub date_lead: bool,
    pub readout_lead: bool,
    /// Letters in Latin and in Cyrillic script, for the language of a line or of many.
    pub latin: u32,
    pub cyrillic: u32,
}

impl Features {
    /// The features of a line by the built-in rules.
    pub fn of(text: &str) -> Features {
        Features::by(text, &rules::builtin().lines)
    }

    /// The features of a line by these rules.
    pub fn by(text: &str, rules: &LineRules) -> Features {
        let list_item = lines::is_list_item(text);
        let speaker_turn = lines::is_speaker_turn(text);
        let read_more = rules.is_read_more(text);
        let stripped = strip_symbols(text);
        let (latin, cyrillic) = letters(text);
        let heading_like = lines::heading_like_given(text, list_item || speaker_turn || read_more);
        let (stripped_list_item, stripped_speaker_turn, stripped_heading_like) = if stripped == text {
            (list_item, speaker_turn, heading_like)
        } else {
            let (list_item, speaker_turn) = (lines::is_list_item(stripped), lines::is_speaker_turn(stripped));
            (list_item, speaker_turn, lines::heading_like_given(stripped, list_item || speaker_turn || rules.is_read_more(stripped)))
        };
        Features {
            read_more,
            hashtags_only: lines::is_hashtags_only(text),
            forwarded: rules.is_forwarded(text),
            list_item,
            speaker_turn,
            question: lines::is_question(text),
            heading_like,
            elision_end: lines::ends_with_elision(text),
            starts_with_symbol: lines::starts_with_symbol(text),
            stripped_list_item,
            stripped_speaker_turn,
            stripped_question: lines::is_question(stripped),
            stripped_heading_like,
            ui: rules.is_ui(text),
            reaction: rules.is_reaction(text),
            dated_item: lines::is_dated_item(text),
            date_lead: lines::is_date_lead(text),
            readout_lead: lines::is_readout_lead(text),
            latin,
            cyrillic,
        }
    }

    /// The script of the lines these features are of, together.
    pub fn script<'a>(features: impl IntoIterator<Item = &'a Features>) -> Script {
        let (latin, cyrillic) = features.into_iter().fold((0, 0), |(l, c), f| (l + f.latin as usize, c + f.cyrillic as usize));
        lines::script_of_counts(latin, cyrillic)
    }
}

/// ASCII letters, and letters of the Cyrillic block (U+0400–U+04FF, whose UTF-8 lead bytes are
/// 0xD0–0xD3 and only they): counted on bytes, which is many times faster than on chars, in
/// chunks whose counts fit in a byte, which the compiler then counts many bytes at a time.
fn letters(text: &str) -> (u32, u32) {
    text.as_bytes().chunks(usize::from(u8::MAX)).fold((0, 0), |(latin, cyrillic), chunk| {
        let latin_here: u8 = chunk.iter().map(|b| u8::from(b.is_ascii_alphabetic())).sum();
        let cyrillic_here: u8 = chunk.iter().map(|b| u8::from((0xD0..=0xD3).contains(b))).sum();
        (latin + u32::from(latin_here), cyrillic + u32::from(cyrillic_here))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_by_bytes_agree_with_the_script_of_chars() {
        for text in ["The Embassy hosted a lecture", "В Посольстве прошла лекция ӁӿЀ", "Mixed: Москва and Moscow", "ok"] {
            assert_eq!(Features::script(&[Features::of(text)]), lines::script(text), "{text}");
        }
    }
}
