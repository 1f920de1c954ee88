//! The kinds of dump the importer reads, one type each behind [`DumpFormat`], and the registry
//! that `sources.toml` names them from and detection tries: a new format is one more type and
//! one more entry in [`FORMATS`].

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::dates::{parse, DatingPolicy};
use super::lines::Line;
use super::rules::Rules;
use super::segment::{self, Discard, DiscardReason, ProseItems, Segment};

/// One kind of dump: how to tell it, what of it is no statement, how to cut the rest, and how
/// its items relate to its date.
pub trait DumpFormat: Sync + std::fmt::Debug {
    /// Its name in `sources.toml` and in the report.
    fn name(&self) -> &'static str;
    /// How surely the dump's content lines are of this format: 0 when they show nothing of
    /// it; a format whose signs are rarer elsewhere scores higher when it sees them.
    fn detect_score(&self, content: &[&Line]) -> u32;
    /// The lines that are no statement's text (footers, interface lines), with why.
    fn discards(&self, lines: &[Line], rules: &Rules) -> Vec<Discard>;
    /// The statements of the content lines (those not discarded); `discards` tells what was
    /// between them.
    fn segment(&self, all: &[Line], content: &[&Line], discards: &[Discard], rules: &Rules) -> Vec<Segment>;
    fn dating_policy(&self) -> DatingPolicy;
    /// When the dump was published, as far as it shows: by default the latest of its items'
    /// datelines. Dates merely mentioned in the text (a referendum in 2018, a parade next
    /// week) say nothing of it, so without datelines there is no issue date.
    fn issue_date(&self, lines: &[Line], _rules: &Rules) -> Option<NaiveDate> {
        latest_dateline(lines)
    }
    /// The day each segment was published on, where the dump shows it apart from the
    /// segment's own text (a scrape's date separator above it); `issue` gives a year the dump
    /// leaves out.
    fn publication_days(&self, _lines: &[Line], segments: &[Segment], _issue: Option<NaiveDate>) -> Vec<Option<NaiveDate>> {
        vec![None; segments.len()]
    }
}

/// Every format, in the order detection breaks ties.
pub static FORMATS: &[&dyn DumpFormat] = &[&Telegram, &WebList, &Newsletter];

/// The format of this name, if there is one.
pub fn by_name(name: &str) -> Option<&'static dyn DumpFormat> {
    FORMATS.iter().copied().find(|f| f.name() == name)
}

/// Which kind of dump this is, from what its lines show: the format scoring highest.
pub fn detect(lines: &[Line]) -> &'static dyn DumpFormat {
    let content: Vec<&Line> = lines.iter().filter(|l| !l.is_blank()).collect();
    let mut best: &'static dyn DumpFormat = &Newsletter;
    let mut best_score = 0;
    for &format in FORMATS {
        let score = format.detect_score(&content);
        if score > best_score {
            (best, best_score) = (format, score);
        }
    }
    best
}

/// `format = "telegram"` in `sources.toml`.
pub fn deserialize_name<'de, D: serde::Deserializer<'de>>(de: D) -> Result<Option<&'static dyn DumpFormat>, D::Error> {
    let name: String = serde::Deserialize::deserialize(de)?;
    let names: Vec<&str> = FORMATS.iter().map(|f| f.name()).collect();
    by_name(&name).map(Some).ok_or_else(|| serde::de::Error::custom(format!("unknown format {name:?}: one of {}", names.join(", "))))
}

/// A format as the report names it.
pub fn serialize_name<S: serde::Serializer>(format: &&'static dyn DumpFormat, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(format.name())
}

/// The latest day a line of the dump gives as its dateline; every line is read, in parallel.
fn latest_dateline(lines: &[Line]) -> Option<NaiveDate> {
    use rayon::prelude::*;
    lines.par_iter().filter_map(|l| parse::dateline(l.text)).max()
}

/// A mailing's text: items under headings, separated by gaps, a sender's footer at the end.
#[derive(Debug)]
pub struct Newsletter;

impl DumpFormat for Newsletter {
    fn name(&self) -> &'static str {
        "newsletter"
    }

    /// Any prose is a newsletter, when nothing more particular shows.
    fn detect_score(&self, _content: &[&Line]) -> u32 {
        1
    }

    fn discards(&self, lines: &[Line], rules: &Rules) -> Vec<Discard> {
        let masthead = segment::masthead_end(lines, rules).map(|end| Discard { start: 1, end, reason: DiscardReason::Header });
        let below_masthead = masthead.as_ref().map_or(0, |m| m.end);
        let footer = segment::footer_start(lines, rules).filter(|&start| start > below_masthead);
        let body = &lines[below_masthead..footer.map_or(lines.len(), |start| start - 1)];
        let separators = segment::discard_lines(body, |l| segment::is_rule(l.text).then_some(DiscardReason::Separator));
        masthead.into_iter().chain(separators).chain(footer.map(|start| Discard { start, end: lines.len(), reason: DiscardReason::Footer })).collect()
    }

    fn segment(&self, all: &[Line], content: &[&Line], _discards: &[Discard], rules: &Rules) -> Vec<Segment> {
        segment::prose_segments(all, content, ProseItems::Paragraphs, rules)
    }

    /// An issue gathers a week or so.
    fn dating_policy(&self) -> DatingPolicy {
        DatingPolicy { window_days: 10, from_neighbours: false }
    }

    /// The date its masthead gives the issue, else the latest of its items' datelines.
    fn issue_date(&self, lines: &[Line], rules: &Rules) -> Option<NaiveDate> {
        let masthead = segment::masthead_end(lines, rules).map_or(&[][..], |end| &lines[..end]);
        masthead.iter().find_map(|l| parse::full_dates(l.text).into_iter().next()).or_else(|| latest_dateline(lines))
    }
}

/// A scrape of a Telegram channel: posts with interface lines and reaction counters between
/// them, some shown twice (a preview, then in full).
#[derive(Debug)]
pub struct Telegram;

impl DumpFormat for Telegram {
    fn name(&self) -> &'static str {
        "telegram"
    }

    /// Two lines of Telegram's interface (or reactions, or forwards) tell.
    fn detect_score(&self, content: &[&Line]) -> u32 {
        let signs = content.iter().filter(|l| l.features.ui || l.features.reaction || l.features.forwarded).count();
        if signs >= 2 { 3 } else { 0 }
    }

    /// The channel's header (its name above its handle or subscribers), interface lines and
    /// reaction counters.
    fn discards(&self, lines: &[Line], rules: &Rules) -> Vec<Discard> {
        let header_end = channel_header_end(lines, rules);
        let header = header_end.map(|end| Discard { start: 1, end, reason: DiscardReason::Header });
        let below = &lines[header_end.unwrap_or(0)..];
        let polls = poll_lines(below, rules);
        let interface = segment::discard_lines(below, |l| {
            // A date separator ("10 ноября") is the interface's, and dates the posts below it.
            if l.features.ui || parse::is_day_only(l.text) || polls.contains(&l.number) {
                Some(DiscardReason::Ui)
            } else if l.features.reaction {
                Some(DiscardReason::Reaction)
            } else {
                None
            }
        });
        header.into_iter().chain(interface).collect()
    }

    fn segment(&self, all: &[Line], content: &[&Line], discards: &[Discard], _rules: &Rules) -> Vec<Segment> {
        segment::telegram_segments(all, content, discards)
    }

    /// A scrape covers a month or so, in order: an undated post lies between its neighbours.
    fn dating_policy(&self) -> DatingPolicy {
        DatingPolicy { window_days: 31, from_neighbours: true }
    }

    /// The latest day of the posts' datelines and of the date separators between them.
    fn issue_date(&self, lines: &[Line], _rules: &Rules) -> Option<NaiveDate> {
        let dateline = latest_dateline(lines);
        let separators = date_separators(lines, dateline);
        separators.into_iter().map(|(_, day)| day).chain(dateline).max()
    }

    /// The day of the date separator above each post.
    fn publication_days(&self, lines: &[Line], segments: &[Segment], issue: Option<NaiveDate>) -> Vec<Option<NaiveDate>> {
        let separators = date_separators(lines, issue);
        segments
            .iter()
            .map(|segment| {
                let first = segment.lines.first().copied().unwrap_or(0);
                let above = separators.partition_point(|(number, _)| *number < first);
                above.checked_sub(1).map(|i| separators[i].1)
            })
            .collect()
    }
}

/// The last line of a scrape's channel header: its first lines, short, down to the channel's
/// handle or subscribers count ("МИД России 🇷🇺" / "@MID_Russia" / "1,2 млн подписчиков").
fn channel_header_end(lines: &[Line], rules: &Rules) -> Option<usize> {
    const NAME_LINES: usize = 2;
    // The channel's description may end with its count: "Официальный канал … · 1,3 млн
    // подписчиков".
    let channels = |l: &Line| l.features.ui || l.text.rsplit(['·', '|']).next().is_some_and(|tail| tail.len() < l.text.len() && rules.lines.is_ui(tail.trim()));
    let mut content = lines.iter().filter(|l| !l.is_blank()).peekable();
    let name: Vec<&Line> = std::iter::from_fn(|| content.next_if(|l| !channels(l))).take(NAME_LINES + 1).collect();
    let channel_lines = std::iter::from_fn(|| content.next_if(|l| channels(l))).last()?;
    let short = (1..=NAME_LINES).contains(&name.len()) && name.iter().all(|l| l.text.chars().count() <= 60 && !l.text.ends_with(['.', '!', '?']));
    short.then_some(channel_lines.number)
}

/// The lines of a Telegram scrape's polls: from a poll's question ("📊 Опрос: …") down to its
/// count of votes (the first interface line with a number: "14 508 голосов"), its options
/// between them.
fn poll_lines(lines: &[Line], rules: &Rules) -> BTreeSet<usize> {
    // A poll offers a handful of options: past this many lines, no count of votes closes it.
    const MAX_POLL_LINES: usize = 14;
    let mut found = BTreeSet::new();
    for (i, line) in lines.iter().enumerate().filter(|(_, l)| rules.lines.opens_poll(l.text)) {
        let body: Vec<&Line> = lines[i + 1..].iter().filter(|l| !l.is_blank()).take(MAX_POLL_LINES).collect();
        if let Some(end) = body.iter().position(|l| l.features.ui && l.text.bytes().any(|b| b.is_ascii_digit())) {
            found.insert(line.number);
            found.extend(body[..=end].iter().map(|l| l.number));
        }
    }
    found
}

/// Blocks of links beside a web page's list ("Popular" and the titles under it): from a
/// sidebar's heading down to the next blank line, when no line of it is dated.
fn sidebars(list: &[Line], rules: &Rules) -> Vec<Discard> {
    let mut blocks = Vec::new();
    for (i, line) in list.iter().enumerate().filter(|(_, l)| !l.is_blank() && rules.lines.heads_sidebar(l.text)) {
        let block = list[i..].iter().take_while(|l| !l.is_blank());
        let (end, dated) = block.fold((line.number, false), |(_, dated), l| (l.number, dated || l.features.dated_item || segment::is_date_alone(l)));
        if !dated {
            blocks.push(Discard { start: line.number, end, reason: DiscardReason::Navigation });
        }
    }
    blocks
}

/// A Telegram scrape's date separators ("10 ноября", "November 10"), with their line numbers,
/// in order; a separator without a year takes `reference`'s, and without a reference only
/// those with a year date anything.
fn date_separators(lines: &[Line], reference: Option<NaiveDate>) -> Vec<(usize, NaiveDate)> {
    let separators = lines.iter().filter(|l| parse::is_day_only(l.text));
    separators.filter_map(|l| reference.map_or_else(|| parse::full_dates(l.text).into_iter().next(), |r| parse::day_only(l.text, r)).map(|day| (l.number, day))).collect()
}

/// A web page listing dated items ("20.11.2020 - …") under a header of clocks and contacts.
#[derive(Debug)]
pub struct WebList;

impl DumpFormat for WebList {
    fn name(&self) -> &'static str {
        "web-list"
    }

    /// Three dated items tell.
    fn detect_score(&self, content: &[&Line]) -> u32 {
        if content.iter().filter(|l| l.features.dated_item).count() >= 3 { 2 } else { 0 }
    }

    /// The page's header, its footer (a site's copyright, contacts, map), the navigation
    /// above the footer, and the buttons and counters under the items.
    fn discards(&self, lines: &[Line], rules: &Rules) -> Vec<Discard> {
        let header_end = segment::header_end(lines).or_else(|| segment::chrome_end(lines, rules));
        let header = header_end.map(|end| Discard { start: 1, end, reason: DiscardReason::Header });
        let below_header = header_end.unwrap_or(0);
        let footer_start = segment::footer_start(lines, rules).filter(|&start| start > below_header);
        let footer = footer_start.map(|start| Discard { start, end: lines.len(), reason: DiscardReason::Footer });
        let list = &lines[below_header..footer_start.map_or(lines.len(), |start| start - 1)];
        // Navigation above the footer, and above the list ("Главная / Новости", "НОВОСТИ"). Under
        // the last item, the page's own lines run down to the footer: page numbers, a count of
        // items, a cookie banner and its buttons, in any order.
        let sidebars = sidebars(list, rules);
        let in_sidebar = |n: usize| sidebars.iter().any(|d| (d.start..=d.end).contains(&n));
        // A banner is a notice of a sentence or two, not a paragraph that mentions cookies.
        const BANNER_CHARS: usize = 300;
        let page_line = |l: &&Line| rules.lines.is_navigation(l.text) || rules.lines.is_page_ui(l.text) || (rules.lines.is_banner(l.text) && l.text.chars().count() <= BANNER_CHARS);
        let last_lines: Vec<&Line> = list.iter().rev().filter(|l| !l.is_blank() && !in_sidebar(l.number)).take_while(page_line).collect();
        let banners = last_lines.iter().filter(|l| !rules.lines.is_navigation(l.text) && !rules.lines.is_page_ui(l.text)).map(|l| Discard { start: l.number, end: l.number, reason: DiscardReason::Ui });
        let above_list = list.iter().take_while(|l| !l.features.dated_item);
        let navigation: BTreeSet<usize> = last_lines.iter().copied().chain(above_list).filter(|l| !l.is_blank() && rules.lines.is_navigation(l.text)).map(|l| l.number).collect();
        let navigation = navigation.into_iter().map(|number| Discard { start: number, end: number, reason: DiscardReason::Navigation });
        let buttons = list.iter().filter(|l| !l.is_blank() && !in_sidebar(l.number) && rules.lines.is_page_ui(l.text)).map(|l| Discard { start: l.number, end: l.number, reason: DiscardReason::Ui });
        let navigation = navigation.filter(|d| !in_sidebar(d.start)).collect::<Vec<_>>();
        header.into_iter().chain(buttons).chain(banners).chain(navigation).chain(sidebars.iter().cloned()).chain(footer).collect()
    }

    fn segment(&self, all: &[Line], content: &[&Line], _discards: &[Discard], rules: &Rules) -> Vec<Segment> {
        segment::prose_segments(all, content, ProseItems::Dated, rules)
    }

    fn dating_policy(&self) -> DatingPolicy {
        DatingPolicy { window_days: 10, from_neighbours: false }
    }

    /// Also a date standing alone on a line of the page's header.
    fn issue_date(&self, lines: &[Line], _rules: &Rules) -> Option<NaiveDate> {
        let page_date = lines.iter().take(10).find_map(|l| parse::full_dates(l.text).into_iter().next().filter(|_| l.text.chars().count() <= 30));
        page_date.into_iter().chain(latest_dateline(lines)).max()
    }
}
