//! Cutting a dump of prose (a newsletter, a web page's list) into items.

use rustc_hash::FxHashSet as HashSet;

use regex::Regex;

use super::Segment;
use crate::import::dates::parse;
use crate::import::features::Features;
use crate::import::lines::{self, Line};
use crate::import::rules::Rules;
use crate::import::words::DumpWords;

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
    // Rules (discarded) between items, twice or more and as often as two blank lines at least;
    // or a heading under every gap of two blank lines at least, three or more of them: the
    // dump's own way to part its items, where a change of subject alone parts none.
    let (rules_between, wide_gaps, headed_gaps) = content.windows(2).fold((0, 0, 0), |(rules, wide, headed), pair| {
        let between = Between::of(all, pair[0], pair[1]);
        let is_wide = between.blanks >= 2;
        (rules + usize::from(between.discarded), wide + usize::from(is_wide), headed + usize::from(is_wide && pair[1].features.heading_like))
    });
    let parts_its_items = (rules_between >= 2 && rules_between >= wide_gaps) || (wide_gaps >= 3 && headed_gaps == wide_gaps);
    let dump = ProseDump { all, items, introduces_quote: &rules.introduces_quote, common: &common, common_names: &common_names, words: &words, parts_its_items };
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
        // A date glued under an item's text may close it ("Read more" / "Published: 12.05.2021"):
        // only a dated line after a gap surely starts one.
        ProseItems::Dated => line.number > previous.number + 1 && line.features.dated_item && !date_under_its_title(previous.text, line.number - previous.number - 1, line),
        ProseItems::Paragraphs => {
            let between = Between::of(all, previous, line);
            between.blanks >= 2 || between.discarded
        }
    };
    firm && !continues
}

/// What stands between two consecutive content lines.
#[derive(Default)]
struct Between {
    /// Blank lines.
    blanks: usize,
    /// A line that is no content, so was discarded: a rule between items.
    discarded: bool,
}

impl Between {
    fn of(all: &[Line], previous: &Line, line: &Line) -> Between {
        let lines = &all[previous.number..line.number - 1];
        let blanks = lines.iter().filter(|l| l.is_blank()).count();
        Between { blanks, discarded: blanks < lines.len() }
    }
}

/// What cutting any run of a prose dump reads: the dump's lines and its word counts.
struct ProseDump<'a> {
    all: &'a [Line<'a>],
    items: ProseItems,
    introduces_quote: &'a Regex,
    common: &'a HashSet<u64>,
    common_names: &'a HashSet<u64>,
    words: &'a DumpWords,
    /// The dump parts its items itself (by rules, or headings under its wide gaps): a change of
    /// subject alone parts nothing.
    parts_its_items: bool,
}

impl ProseDump<'_> {
    /// The items of one run of content lines.
    fn cut(&self, content: &[&Line]) -> Vec<Segment> {
        let mut segments: Vec<Segment> = Vec::new();
        let mut current = Segment::default();
        let mut previous: Option<&Line> = None;
        let mut in_list = 0usize;
        let mut has_questions = false;
        let no_line = Features::default();
        for (i, line) in content.iter().enumerate() {
            // The paragraph this line opens: it and the lines glued under it, at most three.
            let glued = content[i + 1..].iter().take(2).zip(content[i..].iter()).take_while(|(next, before)| next.number == before.number + 1).count();
            let paragraph = &content[i..=i + glued];
            let Between { blanks: gap, discarded: separated } = previous.map_or(Between::default(), |p| Between::of(self.all, p, line));
            // Borrowed, not copied: a copy of the features' many bools costs hundreds of
            // instructions per line, as the compiler packs and unpacks them.
            let (prev_text, prev) = previous.map_or(("", &no_line), |p| (p.text, &p.features));
            let context = ProseContext {
                all: self.all,
                current: &current.lines,
                prev_text,
                prev,
                gap,
                separated,
                in_list,
                has_questions,
                items: self.items,
                introduces_quote: self.introduces_quote,
                common: self.common,
                common_names: self.common_names,
                words: self.words,
                parts_its_items: self.parts_its_items,
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
            // Numbered paragraphs of a statement are no list whose end ends the item.
            let list_entry = line.features.list_item && line.text.chars().count() <= lines::LIST_ENTRY_CHARS;
            in_list = if list_entry { in_list + 1 } else { 0 };
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
    prev: &'a Features,
    /// Blank lines between the previous content line and this one.
    gap: usize,
    /// A discarded line (a rule) stands between the previous content line and this one.
    separated: bool,
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
    parts_its_items: bool,
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
    // "(Москва, 14 ноября 2025 года)": a dateline in brackets closes the item above; so does
    // one glued under it with nothing glued below ("Сидней, 28 декабря 2020 г." under a
    // greeting's signature).
    let bracketed = text.starts_with('(') && text.ends_with(')') && c.gap <= 1;
    let closing = c.gap == 0 && c.current.len() >= 2 && c.paragraph.len() == 1;
    if (bracketed || closing) && parse::dateline_below_heading(text).is_some() {
        return None;
    }
    if c.prev.read_more || c.prev.elision_end {
        return Some(Boundary::Firm);
    }
    match c.items {
        ProseItems::Dated => return firm(starts_dated_item(c, line)),
        ProseItems::Paragraphs => {}
    }
    if c.separated {
        return Some(Boundary::Firm);
    }
    // A heading (with the dateline below it, if any) belongs to the item it heads.
    let heading_so_far = match c.current {
        [_] => c.prev.heading_like,
        // A rubric and the title under it ("ОФИЦИАЛЬНО" / "Приветствие В.В.Путина …"), or a
        // heading and its dateline.
        [first, _] => {
            let first = &c.all[first - 1];
            first.features.heading_like && (parse::dateline_below_heading(c.prev_text).is_some() || lines::stands_over_title(first.text, c.prev, false))
        }
        _ => false,
    };
    if heading_so_far && c.gap <= 1 && !(c.gap > 0 && f.heading_like) {
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
    // Under a heading and its first paragraph, a readout's lead goes on with the item the
    // heading titles ("Condolences on the passing of …" / "… learned of the passing of …" /
    // "The Ambassador sent a message of condolences …").
    let headed_lead_only = c.current.len() == 2 && c.all[c.current[0] - 1].features.heading_like;
    // A signature under an item's text ends it as a full stop does.
    let signed_above = || c.current.len() >= 3 && (lines::ends_with_initialled_name(c.prev_text) || parse::dateline_below_heading(c.prev_text).is_some());
    // A greeting or a letter exclaims ("Дорогие соотечественники!"), and is signed.
    let exclaims = || c.current.iter().any(|&n| c.all[n - 1].text.contains('!'));
    let signs_greeting = || lines::ends_with_initialled_name(text) && exclaims();
    if ((f.readout_lead && !headed_lead_only) || title_between_paragraphs(c.prev_text, &signed_above, line, &c.paragraph[1..])) && !signs_greeting() {
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
    let changes_subject = !f.speaker_turn && !c.parts_its_items && (words_differ || names_none_shared(c) || unintroduced_quote(c, text));
    changes_subject.then_some(Boundary::Weak)
}

/// Whether `line` starts an item of a dated list: a dated line ("20.11.2020 - …", a date alone
/// above its title), a title glued above a date alone ("Title" / "20 February 2025 15:05"), or
/// the line after a gap under a date that closed the item above ("Read more" / "Published:
/// 12.05.2021").
fn starts_dated_item(c: &ProseContext, line: &Line) -> bool {
    if line.features.dated_item {
        return !date_under_its_title(c.prev_text, c.gap, line);
    }
    let under_a_closing_date = c.prev.dated_item && c.gap >= 1 && c.current.len() >= 2;
    under_a_closing_date || c.paragraph.get(1).is_some_and(|below| date_under_its_title(line.text, 0, below))
}

/// A date alone right under a title-like line: the date of the item the title heads.
fn date_under_its_title(above: &str, gap: usize, line: &Line) -> bool {
    gap == 0 && !above.is_empty() && super::is_date_alone(line) && lines::heading_like_given(above, false)
}

/// A short title-like line after a paragraph's full stop (or a signature, or the place and day
/// under one, as `signed_above` tells): the next item's heading, glued on; `below` are the
/// lines glued under it.
fn title_between_paragraphs(prev: &str, signed_above: &dyn Fn() -> bool, line: &Line, below: &[&Line]) -> bool {
    // It runs on every line: the cheap tests first, and words counted only as far as needed.
    let text = line.text;
    if !line.features.heading_like || text.ends_with(['.', ',', ':', ';']) || text.contains(". ") {
        return false;
    }
    let prev_ends_sentence = prev.ends_with(['.', '!', '?', '"', '”', '»']);
    let signed_above = !prev_ends_sentence && signed_above();
    if !signed_above && !prev_ends_sentence {
        return false;
    }
    // A title is a phrase of a few words up to a long one ("Comment by the Consulate General
    // on false reports of …"); the line above it a sentence, not a heading or a salutation.
    let words = lines::words(text).take(21).count();
    // A short sentence ("Thank you, Madam Chair.") is one too under a title in capitals.
    let prev_is_sentence = signed_above || lines::words(prev).nth(5).is_some() || (prev.ends_with('.') && lines::in_capitals(text));
    // Under a greeting's wish ("… Happy Russia Day!"), "Alexander Darchiev, Ambassador" or
    // "С уважением, Генеральный консул" signs it off, as does a signature with the place and
    // day below it ("Генеральный консул России в Сиднее М.А.Орешкин" / "Сидней, 28 декабря").
    // A name alone, its office under it and the place and day under that, signs any item
    // ("Igor Veselov" / "Ambassador of …" / "Canberra, 12 April 2021"); a title with its dateline
    // right under it heads the next. (A signature with the name in initials under any greeting:
    // `starts_item`.)
    const NAME_WORDS: usize = 4;
    let dateline = |l: &&Line| parse::dateline_below_heading(l.text).is_some();
    let name_alone = words <= NAME_WORDS && lines::words(text).all(|w| w.starts_with(char::is_uppercase)) && !text.bytes().any(|b| b.is_ascii_digit());
    let office_then_dateline = below.first().is_some_and(|office| !dateline(office)) && below.get(1).is_some_and(dateline);
    let signs_off = (prev.ends_with('!') && (text.split_once(',').is_some_and(|(before, _)| lines::words(before).nth(3).is_none()) || below.first().is_some_and(dateline))) || (name_alone && office_then_dateline);
    (2..=20).contains(&words) && prev_is_sentence && !signs_off
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
        && !names_a_word_in_quotes(text)
        && !quotes_someone_named_above(c, text)
        && c.current.len() >= 2
        && c.current.iter().all(|&n| {
            let t = c.all[n - 1].text;
            !opens_quote(t) && !c.introduces_quote.is_match(t)
        })
}

/// "«Гуманитарная» составляющая сделки …", "“Green” hydrogen is …": a sentence opening with a
/// word or two in quotation marks, not a quote (which ends in its stop, or is followed by its
/// attribution's comma or dash). The closing mark is the opening one's pair; an apostrophe
/// within a word ("We’re") closes nothing.
fn names_a_word_in_quotes(text: &str) -> bool {
    const QUOTED_WORDS: usize = 2;
    let mut chars = text.chars();
    let closer = match chars.next() {
        Some('«') => '»',
        Some('“') => '”',
        Some('‘') => '’',
        Some('"') => '"',
        Some('\'') => '\'',
        _ => return false,
    };
    let inner = chars.as_str();
    let closes_at = |(at, c): &(usize, char)| *c == closer && !inner[at + c.len_utf8()..].starts_with(char::is_alphabetic);
    let Some((close, _)) = inner.char_indices().find(closes_at) else { return false };
    let (quoted, after) = (&inner[..close], &inner[close + closer.len_utf8()..]);
    let ends_quote = quoted.ends_with(['.', ',', '!', '?', '…']) || after.starts_with([',', '.']) || after.trim_start().starts_with(['–', '—']);
    lines::words(quoted).nth(QUOTED_WORDS).is_none() && !ends_quote
}

/// "«…», – сказал Посол." under an item that names the Ambassador: a quote whose attribution
/// names someone the item speaks of, or no one, continues it ("…,’ says Sergey Saveliev" under
/// an item that does not name him opens the next).
fn quotes_someone_named_above(c: &ProseContext, text: &str) -> bool {
    let Some(close) = text.rfind(['»', '’', '”', '"']) else { return false };
    let attribution = &text[close..];
    if !c.introduces_quote.is_match(attribution) {
        return false;
    }
    // A name's first letters, lower-cased: "Посол" is named in "Посла", "Министр" in "Министра".
    let stem = |word: &str| word.chars().take(5).flat_map(char::to_lowercase).collect::<String>();
    let named: Vec<String> = lines::words(attribution).filter(|w| w.starts_with(char::is_uppercase) && w.chars().count() >= 4).map(stem).collect();
    // An attribution that names no one ("«…», – говорится в послании") points back at what the
    // item reports.
    named.is_empty() || c.current.iter().any(|&n| lines::words(c.all[n - 1].text).any(|w| named.contains(&stem(w))))
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
    use crate::import::lines;

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
}
