//! The edges of a dump that are no statement: a newsletter's masthead and footer, a web page's
//! header.

use std::sync::LazyLock;

use regex::Regex;

use super::Line;
use crate::import::lines;
use crate::import::rules::Rules;

static CLOCK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[\p{L} ]{2,30}:\s*\d{1,2}:\d{2}$").expect("valid"));

/// The last line of a newsletter's masthead ("Новости Генконсульства / Выпуск № 41, 20 октября
/// 2025 года"): its first lines up to the first gap, when they are at most four short lines
/// that end no sentence, one names the issue with a number or a date, and items follow. A
/// mailing that glues its items (no gap under its masthead) ends the masthead at its first
/// rule; or where its lines naming the sender or the issue ("Embassy of the Russian Federation
/// in Australia" / "Newsletter | April 2021") give way to a title; or else above the first
/// heading in capitals below the issue's name («О ПОРЯДКЕ ПРИЁМА ГРАЖДАН»). A forwarded mail's
/// headers ("---------- Forwarded message ---------" / "From: …" / "Subject: …") above the
/// masthead are of it.
pub fn masthead_end(lines: &[Line], rules: &Rules) -> Option<usize> {
    let mail_headers: Vec<&Line> = lines.iter().skip_while(|l| l.is_blank()).take_while(|l| !l.is_blank()).collect();
    if mail_headers.len() >= 2 && mail_headers.iter().all(|l| is_mail_header(l.text)) {
        let below = mail_headers.last().map_or(0, |l| l.number);
        return Some(masthead_below(lines, below, rules).unwrap_or(below));
    }
    masthead_below(lines, 0, rules)
}

/// A line of a mail's transport headers: "From: …", "Тема: …", "---------- Forwarded message ---------".
fn is_mail_header(text: &str) -> bool {
    const FIELDS: [&str; 14] = ["from:", "to:", "cc:", "date:", "sent:", "subject:", "reply-to:", "от:", "кому:", "копия:", "дата:", "отправлено:", "тема:", "ответить:"];
    let lower = text.to_lowercase();
    FIELDS.iter().any(|field| lower.starts_with(field)) || (lower.contains("forwarded message") || lower.contains("пересылаемое сообщение")) && text.starts_with(['-', '>'])
}

/// [`masthead_end`] of the lines below line `below` (0: of all).
fn masthead_below(lines: &[Line], below: usize, rules: &Rules) -> Option<usize> {
    let whole: Vec<&Line> = lines[below..].iter().skip_while(|l| l.is_blank()).take_while(|l| !l.is_blank()).collect();
    if let Some(end) = whole.last().and_then(|last| is_masthead(&whole, lines, rules).then_some(last.number)) {
        return Some(end);
    }
    let above_rule = whole.iter().position(|l| is_rule(l.text)).map(|i| &whole[..i]);
    let of_masthead = |l: &&&Line| rules.issue_name.is_match(l.text) || rules.footer_address.is_match(l.text);
    let named_lines = whole.iter().take_while(of_masthead).count();
    let above_title = whole.get(named_lines).filter(|l| named_lines > 0 && l.features.heading_like).map(|_| &whole[..named_lines]);
    let above_heading = whole.iter().position(|l| names_issue(l, rules)).and_then(|named| {
        let below = whole.iter().skip(named + 1).position(|l| l.features.heading_like && lines::in_capitals(l.text))?;
        Some(&whole[..named + 1 + below])
    });
    let masthead = [above_rule, above_title, above_heading].into_iter().flatten().find(|block| is_masthead(block, lines, rules));
    masthead.and_then(|block| block.last()).map(|l| l.number)
}

/// Whether `block`, the first lines of `lines`, is a masthead ([`masthead_end`]).
fn is_masthead(block: &[&Line], lines: &[Line], rules: &Rules) -> bool {
    const MAX_LINES: usize = 4;
    const MAX_CHARS: usize = 100;
    let Some(last) = block.last().map(|l| l.number) else { return false };
    // A rule under the masthead ("═══") is of it, and says nothing of its lines.
    let block: Vec<&Line> = block.iter().copied().filter(|l| !is_rule(l.text)).collect();
    // A date may end in an abbreviation ("20 октября 2025 г."), and end no sentence; nor does
    // the mail's own line ("Is this email not displaying correctly? View it in your browser.").
    let ends_sentence = |l: &&Line| l.text.ends_with(['.', '!', '?', ':', ';']) && !l.text.ends_with(" г.") && !rules.footer.is_match(l.text);
    let short = !block.is_empty() && block.len() <= MAX_LINES && block.iter().all(|l| l.text.chars().count() <= MAX_CHARS && !ends_sentence(l));
    let items_follow = lines[last..].iter().any(|l| !l.is_blank());
    short && block.iter().any(|l| names_issue(l, rules)) && items_follow
}

/// "Выпуск № 41", "Issue 17, 20 October 2025", "No. 42 · 21 November 2025", "Embassy of Russia |
/// News Digest".
fn names_issue(line: &Line, rules: &Rules) -> bool {
    rules.issue_name.is_match(line.text) && (line.text.bytes().any(|b| b.is_ascii_digit()) || line.text.contains(" | "))
}

/// Where a newsletter's trailing footer starts: the last lines, read backwards, while they are
/// footer signals, copyright lines, short repeated lines or rules ("---"), provided one is a
/// signal. A few short lines of a sender's own (an address, a sign-off, its name) may sit below
/// the signals or between two of them.
pub fn footer_start(lines: &[Line], rules: &Rules) -> Option<usize> {
    const SHORT_LINES_BETWEEN_SIGNALS: usize = 3;
    // A line of a sender's name or address: an office, a street, a telephone and an e-mail on
    // one line run longer than a footer's other short lines.
    const SENDER_LINE_CHARS: usize = 120;
    // A masthead's name found within a line: a few words at least, not "News".
    const MASTHEAD_NAME_CHARS: usize = 16;
    // A footer repeats its lines within itself ("Russian Embassy to the U.S." four times).
    let mut tail: Vec<&Line> = lines.iter().rev().filter(|l| !l.is_blank()).take(20).collect();
    // The dump's first line, where a mailing names its sender; a dump of a few lines has no
    // masthead apart from its text, whose first line is then no sender's name.
    let masthead = lines.iter().find(|l| !l.is_blank() && !rules.lines.is_banner(l.text)).map(|l| l.text.to_lowercase()).filter(|_| lines.len() > 20);
    tail.reverse();
    let mut start = None;
    let mut signals = 0;
    let mut unexplained = 0;
    // A rule above a signal parts the footer from the items: above it, only signals (and the
    // lines no item has) are the footer's, not a line with an address ("Заявки принимаются по
    // адресу school@…").
    let mut above_rule = false;
    for (i, line) in tail.iter().enumerate().rev() {
        let chars = line.text.chars().count();
        let short = chars <= 60;
        // Repeated below it: a line the page repeats above the footer ("Read more") is not.
        let repeated = tail.iter().enumerate().any(|(j, other)| j > i && other.key == line.key);
        let copyright = line.text.starts_with(|c: char| c.is_ascii_digit()) && line.text.len() < 60 && line.text.bytes().take(4).all(|b| b.is_ascii_digit());
        // The sender's name, as its masthead opens with it or within a longer line ("Press
        // Office · Embassy of …"), and its address ("285 Charlotte Street, Ottawa", "200080, г.
        // Шанхай", an e-mail, a telephone), which may run longer than other short lines.
        let senders_name = || {
            let line = line.text.trim().to_lowercase();
            masthead.as_ref().is_some_and(|m| m.starts_with(&line) || (m.chars().count() >= MASTHEAD_NAME_CHARS && line.contains(m.as_str())))
        };
        let of_sender = chars <= SENDER_LINE_CHARS && (senders_name() || rules.footer_address.is_match(line.text));
        if rules.footer.is_match(line.text) {
            signals += 1;
            unexplained = 0;
            start = Some(line.number);
        } else if (short && (repeated || copyright || is_rule(line.text))) || (of_sender && !above_rule) {
            above_rule |= signals > 0 && is_rule(line.text);
            unexplained = 0;
            start = Some(line.number);
        } else if !above_rule && unexplained < SHORT_LINES_BETWEEN_SIGNALS && line.text.chars().count() <= 80 {
            // Part of the footer only if a signal (or a footer's line) is found above it.
            unexplained += 1;
        } else {
            break;
        }
    }
    (signals > 0).then_some(start).flatten()
}

/// A line of only symbols ("---", "* * *", "_____"): a mailing's rule between its parts.
pub fn is_rule(text: &str) -> bool {
    !text.is_empty() && !text.chars().any(char::is_alphanumeric)
}

/// The end of a web page's header made of its chrome alone: the lines atop it, down to the first
/// item or the first sentence (a pinned notice above the list), short and no sentence (a site's
/// name, a menu, a language switch, "Search", a hotline), two of them at least.
pub fn chrome_end(lines: &[Line], rules: &Rules) -> Option<usize> {
    // A menu of a dozen sections runs long.
    const CHROME_CHARS: usize = 200;
    let mut last = None;
    let mut count = 0;
    for (i, line) in lines.iter().enumerate().filter(|(_, l)| !l.is_blank()) {
        // The first item: dated, or a title with its date alone below it, or a title whose
        // paragraph a date closes ("Title" / "Teaser." / "Read more" / "Published: 12.05.2021").
        let date_below = lines.get(i + 1).is_some_and(super::is_date_alone);
        let paragraph = || lines[i..].iter().take_while(|l| !l.is_blank());
        let closed_by_a_date = paragraph().count() >= 3 && paragraph().last().is_some_and(super::is_date_alone);
        if line.features.dated_item || date_below || closed_by_a_date {
            return (count >= 2).then_some(last).flatten();
        }
        let text = line.text.trim_end();
        // A cookie banner is chrome, in sentences though it is.
        if rules.lines.is_banner(text) {
            count += 1;
            last = Some(line.number);
            continue;
        }
        // "Search the site..." is a box's placeholder, not a sentence.
        let sentence = (text.ends_with(['.', '!', '?']) && !text.ends_with("...")) || [". ", "! ", "? "].iter().any(|stop| text.contains(stop));
        if text.chars().count() > CHROME_CHARS || sentence {
            let list_follows = lines[i..].iter().any(|l| l.features.dated_item);
            return (count >= 2 && list_follows).then_some(last).flatten();
        }
        count += 1;
        last = Some(line.number);
    }
    None
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
        // A date alone atop the page is the page's date, above its clocks; further down it dates
        // an item.
        let page_date = last_content.is_none() && super::is_date_alone(line);
        if line.features.dated_item && !page_date {
            return None;
        }
        if CLOCK.is_match(line.text) || line.text.chars().filter(|c| c.is_ascii_digit()).count() * 3 >= line.text.chars().count() || line.text.ends_with(':') {
            chrome += 1;
        }
        last_content = Some(line.number);
    }
    (chrome >= 2).then_some(last_content).flatten()
}
