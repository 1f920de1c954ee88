//! Cutting a Telegram scrape into posts.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::{Discard, DiscardReason, Segment};
use crate::import::features::Features;
use crate::import::lines::{Line, Script};

/// What the previous content line was, for the Telegram rules.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    Text,
    /// A repeat of a line of the current post: we are in its second copy.
    Copy,
    ReadMore,
    /// Hashtags under a post's text: its end.
    Hashtags,
    Ui,
    Reaction,
}

/// Telegram scrapes: posts end at reactions, "Read in full" and media placeholders; a post's
/// second copy (its lines repeated) is merged into it; a switch of language starts a post.
pub fn telegram_segments(all: &[Line], content: &[&Line], discards: &[Discard]) -> Vec<Segment> {
    let discarded: BTreeMap<usize, DiscardReason> = discards.iter().flat_map(|d| (d.start..=d.end).map(move |n| (n, d.reason))).collect();
    let mut segments: Vec<Segment> = Vec::new();
    let mut current = Segment::default();
    let mut current_keys: HashSet<&str> = HashSet::default();
    let mut current_script = Script::Unknown;
    // Each line's key, with the post it first stood in (its index among the segments).
    let mut seen: HashMap<&str, usize> = HashMap::default();
    // The earlier post a run of lines is a later copy of ("… the same post again, far below").
    let mut copy_of: Option<usize> = None;
    let mut last = Last::Text;
    let mut previous_number = 0;
    let mut only_forward = false;
    // The current post is one line so far, a headline ("🎙 Statement by …").
    let mut lone_headline = false;
    // The current post's lines cut short, each with what it keeps of its full line.
    let mut previews: Vec<(usize, &str)> = Vec::new();
    // The content lines are in order of their numbers: a line's key is found by bisection.
    let content_key = |n: usize| content[content.partition_point(|l| l.number < n)].key.as_ref();
    // Whether reactions or interface lines follow the content line at `i` before the next one.
    let interface_follows = |i: usize| {
        let next = content.get(i + 1).map_or(usize::MAX, |l| l.number);
        discarded.range(content[i].number + 1..next).next().is_some()
    };
    for (i, line) in content.iter().enumerate() {
        // Discarded lines between two content lines tell what came between them.
        let between: Vec<(usize, DiscardReason)> = (previous_number + 1..line.number).filter_map(|n| discarded.get(&n).map(|&reason| (n, reason))).collect();
        let counted = || between.iter().any(|&(n, reason)| reason == DiscardReason::Ui && closes_a_post(all[n - 1].text));
        if between.iter().any(|&(_, reason)| reason == DiscardReason::Reaction) {
            last = Last::Reaction;
        } else if between.iter().any(|&(_, reason)| reason == DiscardReason::Ui) {
            last = Last::Ui;
        }
        let key = line.key.as_ref();
        let first_post = seen.get(key).copied().filter(|&post| post < segments.len());
        // A run of an earlier post's lines after a post ended: that post shown again, far below
        // it; its lines are that post's copies, not the next post's text.
        let at_post_start = current.lines.is_empty() || matches!(last, Last::Reaction | Last::Ui);
        let goes_on_copy = copy_of.is_some() && first_post == copy_of;
        let starts_copy = copy_of.is_none() && at_post_start && first_post.is_some() && key.len() >= LONG && !current_keys.contains(key);
        if let Some(post) = first_post.filter(|_| goes_on_copy || starts_copy) {
            if starts_copy && !current.lines.is_empty() {
                end_post(&mut segments, &mut current, &mut current_keys, &mut previews, &mut current_script);
            }
            segments[post].duplicates.push(line.number);
            copy_of = Some(post);
            last = Last::Copy;
            previous_number = line.number;
            continue;
        }
        copy_of = None;
        let repeat_here = current_keys.contains(key) || is_part_of_a_line(key, &current_keys);
        // A forward's header, a hashtag line and a short stock line ("Mr Chairperson,") recur
        // from post to post: a sign of a copy only within the post.
        let stock = line.features.forwarded || line.features.hashtags_only || key.len() < LONG;
        let repeat_anywhere = if stock { repeat_here } else { seen.contains_key(key) };
        // A forward's header is in the language of the scraping client ("Forwarded from МИД
        // России"), not of the post.
        let script = if line.features.forwarded { Script::Unknown } else { Features::script([&line.features]) };
        // A pointer ends the post above whatever its script ("Подробнее: https://…" reads as Latin).
        let switches_language = script != Script::Unknown && current_script != Script::Unknown && script != current_script && !repeat_here && !line.features.read_more;
        // A post shown first without its first line, then in full: the line that heads the full
        // copy is the post's first.
        let first_key = current.lines.first().map(|&n| content_key(n));
        let heads_the_copy = !repeat_here && content.get(i + 1).is_some_and(|next| first_key == Some(next.key.as_ref())) && is_post_header(&line.features);
        let starts = current.lines.is_empty()
            || switches_language
            || (!repeat_anywhere
                && match last {
                    Last::Reaction => true,
                    // "Read in full" right under a headline points at the text that follows;
                    // hashtags under a pointer end the post it ends when the interface follows
                    // them, and else begin the next.
                    Last::ReadMore => current.lines.len() > 2 && !(line.features.hashtags_only && interface_follows(i)),
                    // A headline alone above a media placeholder heads the text below it.
                    Last::Ui => !only_forward && !(lone_headline && !counted()),
                    Last::Copy => is_post_header(&line.features),
                    // A post may go on under its hashtags ("#WeLOVErov" / "💬 Lavrov himself
                    // said:"); a headline under them starts the next.
                    Last::Hashtags => line.features.starts_with_symbol && !line.text.ends_with(':') && !heads_the_copy,
                    Last::Text => false,
                });
        if starts && !current.lines.is_empty() {
            end_post(&mut segments, &mut current, &mut current_keys, &mut previews, &mut current_script);
        }
        if starts {
            only_forward = line.features.forwarded;
            lone_headline = line.features.starts_with_symbol && line.features.heading_like;
        } else if !repeat_here {
            only_forward = false;
            lone_headline = false;
        }
        if repeat_here {
            current.duplicates.push(line.number);
        } else {
            // A preview cut short ("… the work of…") is a copy of the full line that follows it.
            if let Some(at) = previews.iter().position(|(_, stem)| key.starts_with(stem)) {
                let (number, _) = previews.swap_remove(at);
                current.lines.retain(|&n| n != number);
                current.duplicates.push(number);
            }
            if let Some(stem) = preview_stem(key) {
                previews.push((line.number, stem));
            }
            if heads_the_copy {
                current.lines.insert(0, line.number);
            } else {
                current.lines.push(line.number);
            }
        }
        if current_script == Script::Unknown {
            current_script = script;
        }
        current_keys.insert(key);
        seen.entry(key).or_insert(segments.len());
        last = if line.features.read_more {
            Last::ReadMore
        } else if repeat_here {
            Last::Copy
        } else if line.features.hashtags_only && current.lines.len() > 1 {
            Last::Hashtags
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

/// The current post ends: it joins the segments, and what was kept of it is cleared.
fn end_post<'a>(segments: &mut Vec<Segment>, current: &mut Segment, keys: &mut HashSet<&'a str>, previews: &mut Vec<(usize, &'a str)>, script: &mut Script) {
    segments.push(std::mem::take(current));
    keys.clear();
    previews.clear();
    *script = Script::Unknown;
}

/// An interface line that closes a post, a view counter or the post's time ("👁 8.9K 17:42",
/// "52 тыс. просмотров · 13:40"), unlike a media placeholder ("Media is too big", "VIEW IN
/// TELEGRAM"), which may stand inside one.
fn closes_a_post(text: &str) -> bool {
    let time = text.as_bytes().windows(4).any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit() && w[3].is_ascii_digit());
    let lower = text.to_lowercase();
    time || text.contains('👁') || lower.contains("views") || lower.contains("просмотр")
}

/// How long a part of a line must be to tell a copy, not a stock phrase.
const LONG: usize = 40;

/// A copy wrapped otherwise than its original, or a preview cut short after it: `key` (without
/// the preview's ellipsis), long enough not to be a stock phrase, is a part of one of the
/// post's lines ("B." of "A. B.").
fn is_part_of_a_line(key: &str, post: &HashSet<&str>) -> bool {
    let part = preview_stem(key).unwrap_or(key);
    part.len() >= LONG && post.iter().any(|line| line.len() > part.len() && line.contains(part))
}

/// What a line cut short by a preview keeps of its full line: the text before its ellipsis.
fn preview_stem(key: &str) -> Option<&str> {
    let stem = key.strip_suffix('…').or_else(|| key.strip_suffix("..."))?.trim_end();
    (stem.len() >= LONG).then_some(stem)
}

/// A line that opens a Telegram post: a pictograph-led headline, a hashtag line, a title.
fn is_post_header(line: &Features) -> bool {
    line.starts_with_symbol || line.hashtags_only || line.heading_like
}
