//! A dump's lines → statements, merged copies and discarded boilerplate.
//!
//! Every non-blank line ends in exactly one place: a statement's text, a statement's duplicate
//! copy, or a discard with its reason. The rules read what the text shows: blank-line gaps,
//! headings, datelines, "READ ALSO" pointers, Q&A turns, language switches, Telegram's
//! interface lines and reaction counters, and lines repeated by a scrape's second copy.

use rustc_hash::FxHashSet as HashSet;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::features::Features;
use super::formats::DumpFormat;
use super::lines::{Line, Script};
use super::rules::Rules;
use super::words::DumpWords;


#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiscardReason {
    Footer,
    Header,
    Ui,
    Reaction,
    Navigation,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discard {
    pub start: usize,
    pub end: usize,
    pub reason: DiscardReason,
}

/// One statement's lines: its text and the copies of it merged in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segment {
    pub lines: Vec<usize>,
    pub duplicates: Vec<usize>,
    /// Where it starts or ends rests on a weak signal (a change of subject alone).
    pub weak_boundary: bool,
}

static REACTIONS: LazyLock<Regex> = LazyLock::new(|| {
    // Emoji (with their modifiers) each followed by a count, and nothing else.
    Regex::new(r"^(?:[\p{Extended_Pictographic}\u{2600}-\u{27BF}\u{FE0F}\u{200D}\u{1F3FB}-\u{1F3FF}]+\s*\d+[KkMm]?\s*)+$").expect("valid")
});
static DATED_ITEM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{1,2}\.\d{1,2}\.\d{4}\s+[-–—]\s+\S").expect("valid"));
static CLOCK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[\p{L} ]{2,30}:\s*\d{1,2}:\d{2}$").expect("valid"));
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
    let head = &text[..end];
    // Each of the regex's readouts names its object ("phone", "talks", "message"…): most lines
    // with one of the verbs have none of them.
    const OBJECTS: [&str; 6] = ["phone", "meeting", "talks", "consultations", "message", "telegram"];
    text.starts_with(char::is_uppercase)
        && (head.contains("had") || head.contains("held") || head.contains("sent"))
        && OBJECTS.iter().any(|object| text.contains(object))
        // The shortest subject the line's readout can have: a longer one is longer still.
        && READOUT_LEAD.captures(text).is_some_and(|c| c[1].chars().count() <= READOUT_SUBJECT_CHARS)
}

pub fn is_reaction(text: &str) -> bool {
    // Reactions start with a pictograph, never with an ASCII character.
    text.starts_with(|c: char| !c.is_ascii()) && REACTIONS.is_match(text) && text.chars().any(|c| c.is_ascii_digit())
}

/// "20.11.2020 - …": an item of a web list, dated.
pub fn is_dated_item(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_digit()) && DATED_ITEM.is_match(text)
}

/// "On March 30, …", "28 марта …": a lead that opens with its day.
pub fn is_date_lead(text: &str) -> bool {
    (text.starts_with("On") || text.starts_with(|c: char| c.is_ascii_digit())) && DATE_LEAD.is_match(text)
}

/// Cuts the dump into statements and discards, as its format does.
pub fn segment(lines: &[Line], format: &dyn DumpFormat, rules: &Rules) -> (Vec<Segment>, Vec<Discard>) {
    let mut discards = format.discards(lines, rules);
    let skip: HashSet<usize> = discards.iter().flat_map(|d| d.start..=d.end).collect();
    let content: Vec<&Line> = lines.iter().filter(|l| !l.is_blank() && !skip.contains(&l.number)).collect();
    let segments = format.segment(lines, &content, &discards, rules);
    discards.sort_by_key(|d| d.start);
    (segments, merge_discards(discards, lines))
}

/// Each non-blank line on its own, discarded for the reason `reason` gives it, if any.
pub fn discard_lines(lines: &[Line], reason: impl Fn(&Line) -> Option<DiscardReason>) -> Vec<Discard> {
    lines.iter().filter(|l| !l.is_blank()).filter_map(|l| reason(l).map(|reason| Discard { start: l.number, end: l.number, reason })).collect()
}

/// Adjacent discards of one reason (blank lines between them allowed) become one span.
fn merge_discards(discards: Vec<Discard>, lines: &[Line]) -> Vec<Discard> {
    let mut merged: Vec<Discard> = Vec::new();
    for d in discards {
        if let Some(last) = merged.last_mut() {
            let gap_blank = (last.end + 1..d.start).all(|n| lines.get(n - 1).is_none_or(|l| l.is_blank()));
            if last.reason == d.reason && gap_blank {
                last.end = last.end.max(d.end);
                continue;
            }
        }
        merged.push(d);
    }
    merged
}

/// Where a newsletter's trailing footer starts: the last lines, read backwards, while they are
/// footer signals, copyright lines or short repeated lines, provided one is a signal. A few
/// short lines of a sender's own (an address, a sign-off) may sit below the signals.
pub fn footer_start(lines: &[Line], footer: &Regex) -> Option<usize> {
    const SHORT_LINES_BELOW_A_SIGNAL: usize = 3;
    // A footer repeats its lines within itself ("Russian Embassy to the U.S." four times).
    let mut tail: Vec<&Line> = lines.iter().rev().filter(|l| !l.is_blank()).take(20).collect();
    tail.reverse();
    let mut start = None;
    let mut signals = 0;
    let mut unexplained = 0;
    for (i, line) in tail.iter().enumerate().rev() {
        let short = line.text.chars().count() <= 60;
        let repeated = tail.iter().enumerate().any(|(j, other)| j != i && other.key == line.key);
        let copyright = line.text.starts_with(|c: char| c.is_ascii_digit()) && line.text.len() < 60 && line.text[..4.min(line.text.len())].chars().all(|c| c.is_ascii_digit());
        if footer.is_match(line.text) {
            signals += 1;
            unexplained = 0;
            start = Some(line.number);
        } else if short && (repeated || copyright) {
            start = Some(line.number);
        } else if signals == 0 && unexplained < SHORT_LINES_BELOW_A_SIGNAL && line.text.chars().count() <= 80 {
            unexplained += 1;
        } else {
            break;
        }
    }
    (signals > 0).then_some(start).flatten()
}

/// The end of a web page's header: the lines before the first big gap, when they hold clocks,
/// dates and phone numbers rather than items.
pub fn header_end(lines: &[Line]) -> Option<usize> {
    let mut last_content = None;
    let mut blanks = 0;
    let mut chrome = 0;
    for line in lines {
        if line.is_blank() {
            blanks += 1;
            if blanks >= 2 && last_content.is_some() {
                break;
            }
            continue;
        }
        if blanks >= 2 {
            break;
        }
        blanks = 0;
        if line.features.dated_item {
            return None;
        }
        if CLOCK.is_match(line.text) || line.text.chars().filter(|c| c.is_ascii_digit()).count() * 3 >= line.text.chars().count() || line.text.ends_with(':') {
            chrome += 1;
        }
        last_content = Some(line.number);
    }
    (chrome >= 2).then_some(last_content).flatten()
}

/// What the previous content line was, for the Telegram rules.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    Text,
    /// A repeat of a line of the current post: we are in its second copy.
    Copy,
    ReadMore,
    Ui,
    Reaction,
}

/// Telegram scrapes: posts end at reactions, "Read in full" and media placeholders; a post's
/// second copy (its lines repeated) is merged into it; a switch of language starts a post.
pub fn telegram_segments(content: &[&Line], discards: &[Discard]) -> Vec<Segment> {
    let discarded: rustc_hash::FxHashMap<usize, DiscardReason> = discards.iter().flat_map(|d| (d.start..=d.end).map(move |n| (n, d.reason))).collect();
    let mut segments: Vec<Segment> = Vec::new();
    let mut current = Segment::default();
    let mut current_keys: HashSet<&str> = HashSet::default();
    let mut current_script = Script::Unknown;
    let mut seen: HashSet<&str> = HashSet::default();
    let mut last = Last::Text;
    let mut previous_number = 0;
    let mut only_forward = false;
    for line in content {
        // Discarded lines between two content lines tell what came between them.
        let between: Vec<DiscardReason> = (previous_number + 1..line.number).filter_map(|n| discarded.get(&n).copied()).collect();
        if between.contains(&DiscardReason::Reaction) {
            last = Last::Reaction;
        } else if between.contains(&DiscardReason::Ui) {
            last = Last::Ui;
        }
        let key = line.key.as_ref();
        let repeat_here = current_keys.contains(key);
        let repeat_anywhere = seen.contains(key);
        let script = Features::script([&line.features]);
        let switches_language = script != Script::Unknown && current_script != Script::Unknown && script != current_script && !repeat_here;
        let starts = current.lines.is_empty()
            || switches_language
            || (!repeat_anywhere
                && match last {
                    Last::Reaction => true,
                    // "Read in full" right under a headline points at the text that follows.
                    Last::ReadMore => current.lines.len() > 2,
                    Last::Ui => !only_forward,
                    Last::Copy => is_post_header(&line.features),
                    Last::Text => false,
                });
        if starts && !current.lines.is_empty() {
            segments.push(std::mem::take(&mut current));
            current_keys.clear();
            current_script = Script::Unknown;
        }
        if starts {
            only_forward = line.features.forwarded;
        } else if !repeat_here {
            only_forward = false;
        }
        if repeat_here {
            current.duplicates.push(line.number);
        } else {
            current.lines.push(line.number);
        }
        if current_script == Script::Unknown {
            current_script = script;
        }
        current_keys.insert(key);
        seen.insert(key);
        last = if line.features.read_more {
            Last::ReadMore
        } else if repeat_here {
            Last::Copy
        } else {
            Last::Text
        };
        previous_number = line.number;
    }
    if !current.lines.is_empty() {
        segments.push(current);
    }
    segments
}

/// A line that opens a Telegram post: a pictograph-led headline, a hashtag line, a title.
fn is_post_header(line: &Features) -> bool {
    line.starts_with_symbol || line.hashtags_only || line.heading_like
}

/// What starts an item in a dump of prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProseItems {
    /// Gaps, headings, datelines, pointers, a change of subject: a newsletter's items.
    Paragraphs,
    /// A dated line ("20.11.2020 - …"), or a pointer or elision above: a web page's list.
    Dated,
}

/// Newsletters and web lists: items are separated by blank-line gaps, headings, datelines,
/// elisions and "READ ALSO" pointers; a heading belongs to the item it heads.
///
/// The dump is cut in parallel, in runs of lines that each begin where an item surely begins
/// whatever came before (see [`surely_starts`]): the rules read nothing across such a line but
/// the dump-wide word counts, so the runs' items are the items of the whole.
pub fn prose_segments(all: &[Line], content: &[&Line], items: ProseItems, rules: &Rules) -> Vec<Segment> {
    prose_segments_in_runs(all, content, items, rules, RUN_LINES)
}

/// [`prose_segments`], cut in runs of at least `run_lines` lines.
fn prose_segments_in_runs(all: &[Line], content: &[&Line], items: ProseItems, rules: &Rules, run_lines: usize) -> Vec<Segment> {
    use rayon::prelude::*;
    // Each content line's content words, computed once (in parallel) for the common-word
    // count and the cohesion test, instead of again for every paragraph compared.
    let words = DumpWords::of(all.len(), content);
    let common = words.common(content, DumpWords::words, 12);
    let common_names = words.common(content, DumpWords::names, 4);
    let dump = ProseDump { all, items, introduces_quote: &rules.introduces_quote, common: &common, common_names: &common_names, words: &words };
    let runs = runs_of(all, content, items, run_lines);
    runs.par_iter().flat_map_iter(|run| dump.cut(run)).collect()
}

/// Lines of a run per rayon task, at least: small runs cost more to hand out than to cut.
const RUN_LINES: usize = 2048;

/// `content` in runs, each starting at a line that [`surely_starts`] an item.
fn runs_of<'a, 'l>(all: &[Line], content: &'a [&'l Line<'l>], items: ProseItems, run_lines: usize) -> Vec<&'a [&'l Line<'l>]> {
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..content.len() {
        if i - start >= run_lines && surely_starts(all, content[i - 1], content[i], items) {
            runs.push(&content[start..i]);
            start = i;
        }
    }
    runs.push(&content[start..]);
    runs
}

/// Whether `line`, the content line after `previous`, starts an item whatever the lines before
/// them: in [`starts_item`], a gap of two blank lines (or, in a dated list, a dated line) is
/// a firm start unless the line is a pointer or continues a quote, and the rules before that
/// test yield a start or nothing for such a line.
fn surely_starts(all: &[Line], previous: &Line, line: &Line, items: ProseItems) -> bool {
    let continues = line.features.read_more || line.text.starts_with("...") || line.text.starts_with('…');
    let firm = match items {
        ProseItems::Dated => line.features.dated_item,
        ProseItems::Paragraphs => (previous.number + 1..line.number).filter(|n| all[n - 1].is_blank()).nth(1).is_some(),
    };
    firm && !continues
}

/// What cutting any run of a prose dump reads: the dump's lines and its word counts.
struct ProseDump<'a> {
    all: &'a [Line<'a>],
    items: ProseItems,
    introduces_quote: &'a Regex,
    common: &'a HashSet<u64>,
    common_names: &'a HashSet<u64>,
    words: &'a DumpWords,
}

impl ProseDump<'_> {
    /// The items of one run of content lines.
    fn cut(&self, content: &[&Line]) -> Vec<Segment> {
        let mut segments: Vec<Segment> = Vec::new();
        let mut current = Segment::default();
        let mut previous: Option<&Line> = None;
        let mut in_list = 0usize;
        let mut has_questions = false;
        for (i, line) in content.iter().enumerate() {
            // The paragraph this line opens: it and the lines glued under it, at most three.
            let glued = content[i + 1..].iter().take(2).zip(content[i..].iter()).take_while(|(next, before)| next.number == before.number + 1).count();
            let paragraph = &content[i..=i + glued];
            let gap = previous.map_or(0, |p| (p.number + 1..line.number).filter(|n| self.all[n - 1].is_blank()).count());
            let (prev_text, prev) = previous.map_or(("", Features::default()), |p| (p.text, p.features));
            let context = ProseContext {
                all: self.all,
                current: &current.lines,
                prev_text,
                prev,
                gap,
                in_list,
                has_questions,
                items: self.items,
                introduces_quote: self.introduces_quote,
                common: self.common,
                common_names: self.common_names,
                words: self.words,
                paragraph,
            };
            let starts = if current.lines.is_empty() { Some(Boundary::Firm) } else { starts_item(&context, line) };
            if let Some(boundary) = starts.filter(|_| !current.lines.is_empty()) {
                let weak = boundary == Boundary::Weak;
                current.weak_boundary |= weak;
                segments.push(std::mem::take(&mut current));
                current.weak_boundary = weak;
                has_questions = false;
                in_list = 0;
            }
            current.lines.push(line.number);
            has_questions |= line.features.question;
            in_list = if line.features.list_item { in_list + 1 } else { 0 };
            previous = Some(line);
        }
        if !current.lines.is_empty() {
            segments.push(current);
        }
        segments
    }
}

/// What the rules for prose dumps know when they meet a line.
struct ProseContext<'a> {
    all: &'a [Line<'a>],
    current: &'a [usize],
    prev_text: &'a str,
    /// The features of the previous content line (of none, at the start).
    prev: Features,
    /// Blank lines between the previous content line and this one.
    gap: usize,
    /// List items just before this line.
    in_list: usize,
    has_questions: bool,
    items: ProseItems,
    /// Matches a line that introduces a quote ("…, says X", "X said:").
    introduces_quote: &'a Regex,
    common: &'a HashSet<u64>,
    /// Names on more than one line in four: the dump's own country, its capital.
    common_names: &'a HashSet<u64>,
    /// Each line's content words.
    words: &'a DumpWords,
    /// This line and the lines glued under it (no blank line between), at most three: the
    /// paragraph it opens.
    paragraph: &'a [&'a Line<'a>],
}

/// How sure a boundary is: firm signals (gaps, headings, datelines, pointers), or a change of
/// subject alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Boundary {
    Firm,
    Weak,
}

/// Whether `line` starts a new item in a newsletter or web list, and how surely.
fn starts_item(c: &ProseContext, line: &Line) -> Option<Boundary> {
    let firm = |yes: bool| yes.then_some(Boundary::Firm);
    let text = line.text;
    let f = &line.features;
    if f.read_more || text.starts_with("...") || text.starts_with('…') {
        // Pointers belong to the item above; a leading ellipsis continues a quote.
        return None;
    }
    if c.prev.read_more || c.prev.elision_end {
        return Some(Boundary::Firm);
    }
    match c.items {
        ProseItems::Dated => return firm(f.dated_item),
        ProseItems::Paragraphs => {}
    }
    if c.prev.heading_like && c.current.len() == 1 && c.gap <= 1 && !(c.gap > 0 && f.heading_like) {
        // A heading belongs to the item it heads.
        return None;
    }
    if c.gap >= 2 || (c.in_list >= 2 && !f.list_item) {
        return Some(Boundary::Firm);
    }
    if f.date_lead && !first_sentence(text).contains(" will ") {
        return Some(Boundary::Firm);
    }
    // Items glued together with no blank line: a readout's lead, or a title line between two
    // paragraphs, starts one. (A change of subject alone does not: paragraphs of one item
    // often share no words with the line before.)
    if f.readout_lead || title_between_paragraphs(c.prev_text, line) {
        return Some(Boundary::Firm);
    }
    if c.gap == 0 {
        return unintroduced_quote(c, text).then_some(Boundary::Weak);
    }
    let starts_list = f.list_item && !c.prev.list_item && !c.prev_text.ends_with(':');
    if f.heading_like || starts_list || (f.question && !c.has_questions) || new_speaker_without_question(c.current, c.all, line) {
        return Some(Boundary::Firm);
    }
    // An answer wanders from subject to subject: in questions and answers only names tell.
    let words_differ = !c.has_questions && shared_words(c.words, c.current, line.number, c.common).is_some_and(|share| share < COHESION_THRESHOLD);
    let changes_subject = !f.speaker_turn && (words_differ || names_none_shared(c) || unintroduced_quote(c, text));
    changes_subject.then_some(Boundary::Weak)
}

/// A short title-like line after a paragraph's full stop: the next item's heading, glued on.
fn title_between_paragraphs(prev: &str, line: &Line) -> bool {
    // It runs on every line: the cheap tests first, and words counted only as far as needed.
    let text = line.text;
    if !line.features.heading_like || !prev.ends_with(['.', '!', '?', '"', '”', '»']) || text.ends_with(['.', ',', ':', ';']) {
        return false;
    }
    let words = text.split_whitespace().take(13).count();
    let prev_is_paragraph = prev.split_whitespace().nth(15).is_some();
    (2..=12).contains(&words) && prev_is_paragraph
}

/// Shared content words below which a paragraph after a blank line is a new subject.
const COHESION_THRESHOLD: f64 = 0.08;

/// The share of content words the paragraph at `next` has in common with the item so far
/// (its last lines), when both have enough to tell: little means a new subject, in dumps that
/// use single blank lines (or none) both between and inside items.
fn shared_words(line_words: &DumpWords, current: &[usize], next: usize, common: &HashSet<u64>) -> Option<f64> {
    let words = |n: usize| line_words.words(n).iter().copied().filter(|w| !common.contains(w));
    let before: HashSet<u64> = current.iter().rev().take(4).flat_map(|&n| words(n)).collect();
    let after: HashSet<u64> = words(next).collect();
    if before.len() < 8 || after.len() < 8 {
        return None;
    }
    let shared = before.intersection(&after).count() as f64;
    Some(shared / (before.len().min(after.len()) as f64))
}

/// A paragraph opening with a quotation mark under an item that quotes no one and introduces
/// no quote ("…, says X", "X said:"): a quote that opens the next item, glued on.
fn unintroduced_quote(c: &ProseContext, text: &str) -> bool {
    let opens_quote = |t: &str| t.starts_with(['‘', '“', '«', '"', '\'']);
    opens_quote(text)
        && c.current.len() >= 2
        && c.current.iter().all(|&n| {
            let t = c.all[n - 1].text;
            !opens_quote(t) && !c.introduces_quote.is_match(t)
        })
}

/// Distinct uncommon names each side needs before their sharing none says anything.
const NAMES_TO_TELL: usize = 3;

/// Whether the paragraph after a blank line names none of the people, places and bodies the
/// item so far names, when each names a few: one item's paragraphs (an answer's, a comment's)
/// keep coming back to its names even where their other words differ.
fn names_none_shared(c: &ProseContext) -> bool {
    let names = |lines: &mut dyn Iterator<Item = usize>| -> HashSet<u64> {
        lines.flat_map(|n| c.words.names(n).iter().copied()).filter(|w| !c.common_names.contains(w)).collect()
    };
    let before = names(&mut c.current.iter().copied());
    let after = names(&mut c.paragraph.iter().map(|l| l.number));
    before.len() >= NAMES_TO_TELL && after.len() >= NAMES_TO_TELL && before.is_disjoint(&after)
}

/// A turn by another speaker than the item's last one, with no question between them: two
/// quotes glued together, not a dialogue.
fn new_speaker_without_question(current: &[usize], all: &[Line], line: &Line) -> bool {
    if !line.features.speaker_turn || line.features.question {
        return false;
    }
    let speaker = |t: &str| t.split(':').next().unwrap_or("").trim().to_string();
    let turns: Vec<&Line> = current.iter().map(|&n| &all[n - 1]).filter(|l| l.features.speaker_turn).collect();
    match turns.last() {
        Some(last) => !last.features.question && speaker(last.text) != speaker(line.text) && !turns.iter().any(|l| l.features.question),
        None => false,
    }
}

fn first_sentence(text: &str) -> &str {
    text.find(". ").map_or(text, |i| &text[..i])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::formats::{self, detect};
    use crate::import::lines;

    fn cut(text: &str, format: &dyn DumpFormat) -> (Vec<Segment>, Vec<Discard>) {
        segment(&lines::split(text), format, &Rules::builtin())
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
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for folder in ["sources", "tests/fixtures/dumps"] {
            for entry in std::fs::read_dir(root.join(folder)).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
                lines.extend(text.lines().map(|l| l.trim().to_string()));
            }
        }
        let mut leads = 0;
        for line in &lines {
            assert_eq!(is_readout_lead(line), bounded.is_match(line), "{line:?}");
            leads += usize::from(is_readout_lead(line));
        }
        assert!(leads >= 12, "the cases hold leads of both kinds: {leads}");
    }

    #[test]
    fn formats_are_detected_from_what_the_text_shows() {
        assert_eq!(detect(&lines::split("Post\n👍3\nVIEW IN TELEGRAM\n")).name(), "telegram");
        assert_eq!(detect(&lines::split("01.02.2020 - A\n\n02.02.2020 - B\n\n03.02.2020 - C\n")).name(), "web-list");
        assert_eq!(detect(&lines::split("A readout.\n\n\nAnother item.\n")).name(), "newsletter");
    }

    #[test]
    fn telegram_copies_merge_and_interface_lines_are_discarded() {
        let text = "⚡️ Headline of the post\nFirst paragraph of the post.\nSecond paragraph.\nFirst paragraph of the post.\nSecond paragraph.\nA paragraph only the full copy has.\n👍2🙏1\nMedia is too big\nVIEW IN TELEGRAM\n🎙 Next post headline\nIts text.";
        let (segments, discards) = cut(text, &formats::Telegram);
        assert_eq!(segments.len(), 2, "{segments:?}");
        assert_eq!(segments[0].lines, vec![1, 2, 3, 6]);
        assert_eq!(segments[0].duplicates, vec![4, 5]);
        assert_eq!(segments[1].lines, vec![10, 11]);
        let reasons: Vec<(usize, usize, DiscardReason)> = discards.iter().map(|d| (d.start, d.end, d.reason)).collect();
        assert_eq!(reasons, vec![(7, 7, DiscardReason::Reaction), (8, 9, DiscardReason::Ui)]);
    }

    #[test]
    fn telegram_language_switch_starts_a_statement() {
        let text = "The Embassy hosted a lecture on Russian culture for students.\nВ Посольстве прошла лекция о русской культуре для студентов.\nВ Посольстве прошла лекция о русской культуре для студентов.";
        let (segments, _) = cut(text, &formats::Telegram);
        assert_eq!(segments.len(), 2);
        assert_eq!(segments[1].duplicates, vec![3]);
    }

    #[test]
    fn newsletter_items_split_at_gaps_elisions_and_pointers() {
        let text = "First item, a readout.\nIts second line.\n\n\nSecond item ends cut short <…>\nThird item follows at once.\nREAD ALSO: something related\nFourth item after the pointer.\n\nComment by the Ministry on the talks\n\nWe regret the outcome.\n\n2020 Russian Embassy\nYou can unsubscribe from this list.";
        let (segments, discards) = cut(text, &formats::Newsletter);
        let starts: Vec<usize> = segments.iter().map(|s| s.lines[0]).collect();
        assert_eq!(starts, vec![1, 5, 6, 8, 10], "{segments:?}");
        assert_eq!(segments[2].lines, vec![6, 7], "READ ALSO belongs to the item above");
        assert_eq!(segments[4].lines, vec![10, 12], "a heading belongs to the item it heads");
        assert_eq!(discards, vec![Discard { start: 14, end: 15, reason: DiscardReason::Footer }]);
    }

    #[test]
    fn prose_cut_in_runs_is_the_prose_cut_whole() {
        // Every dump the repository holds, cut at every line that surely starts an item and in
        // one piece: the items must be the same.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dumps: Vec<std::path::PathBuf> = Vec::new();
        for dir in ["sources", "tests/fixtures/dumps"] {
            for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
                if entry.path().extension().is_some_and(|x| x == "txt") {
                    dumps.push(entry.path().to_path_buf());
                }
            }
        }
        assert!(dumps.len() >= 5, "{dumps:?}");
        let rules = Rules::builtin();
        let mut cuts = 0;
        for path in dumps {
            let text = std::fs::read_to_string(&path).unwrap();
            let all = lines::split(&text);
            let content: Vec<&Line> = all.iter().filter(|l| !l.is_blank()).collect();
            for items in [ProseItems::Paragraphs, ProseItems::Dated] {
                let whole = prose_segments_in_runs(&all, &content, items, &rules, usize::MAX);
                let runs = prose_segments_in_runs(&all, &content, items, &rules, 1);
                assert_eq!(runs, whole, "{} ({items:?})", path.display());
                cuts += runs_of(&all, &content, items, 1).len() - 1;
            }
        }
        assert!(cuts > 30, "the dumps are cut at {cuts} lines only");
    }

    #[test]
    fn web_list_header_and_dated_items() {
        let text = "24 November 2020\nMoscow: 15:22\nLondon: 12:22\n\n\n20.11.2020 - First news\n\nIts teaser.\n\n18.11.2020 - Second news\n\nIts teaser.\n\nall messages";
        let (segments, discards) = cut(text, &formats::WebList);
        assert_eq!(segments.iter().map(|s| s.lines.clone()).collect::<Vec<_>>(), vec![vec![6, 8], vec![10, 12]]);
        assert_eq!(discards.iter().map(|d| d.reason).collect::<Vec<_>>(), vec![DiscardReason::Header, DiscardReason::Navigation]);
    }
}
