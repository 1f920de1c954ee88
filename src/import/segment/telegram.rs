//! Cutting a Telegram scrape into posts.

use rustc_hash::FxHashSet as HashSet;

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
        let repeat_here = current_keys.contains(key) || is_part_of_a_line(key, &current_keys);
        let repeat_anywhere = seen.contains(key);
        let script = Features::script([&line.features]);
        // A pointer ends the post above whatever its script ("Подробнее: https://…" reads as Latin).
        let switches_language = script != Script::Unknown && current_script != Script::Unknown && script != current_script && !repeat_here && !line.features.read_more;
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

/// A copy wrapped otherwise than its original: `key`, long enough not to be a stock phrase,
/// is a part of one of the post's lines ("B." of "A. B.").
fn is_part_of_a_line(key: &str, post: &HashSet<&str>) -> bool {
    const LONG: usize = 40;
    key.len() >= LONG && post.iter().any(|line| line.len() > key.len() && line.contains(key))
}

/// A line that opens a Telegram post: a pictograph-led headline, a hashtag line, a title.
fn is_post_header(line: &Features) -> bool {
    line.starts_with_symbol || line.hashtags_only || line.heading_like
}
