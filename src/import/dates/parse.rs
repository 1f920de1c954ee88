//! Dates as the text writes them: datelines, day-months, weekdays, holidays. Which of them is
//! a statement's own day is decided in [`super`]. A year missing in the text comes from the
//! dump's issue date.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, Weekday};
use aho_corasick::AhoCorasick;
use regex::Regex;


const MONTHS_EN: &str = "January|February|March|April|May|June|July|August|September|October|November|December";
const MONTHS_RU: &str = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря";
/// Months as Russian writes them after "в": "в июне".
const MONTHS_RU_IN: &str = "январе|феврале|марте|апреле|мае|июне|июле|августе|сентябре|октябре|ноябре|декабре";

fn month_number(name: &str) -> Option<u32> {
    static EN: LazyLock<String> = LazyLock::new(|| MONTHS_EN.to_lowercase());
    let name = name.to_lowercase();
    EN.split('|')
        .position(|m| m == name)
        .or_else(|| MONTHS_RU.split('|').position(|m| m == name))
        .or_else(|| MONTHS_RU_IN.split('|').position(|m| m == name))
        .map(|i| i as u32 + 1)
}

/// A date with its year, as [`date_from`] reads its groups: "March 30, 2020", "30 марта 2020",
/// "30.03.2020".
fn full_date_syntax() -> String {
    format!(r"(?P<m1>{MONTHS_EN})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})|(?P<d2>\d{{1,2}})\s+(?P<m2>{MONTHS_EN}|{MONTHS_RU})\s+(?P<y2>\d{{4}})|(?P<d3>\d{{1,2}})\.(?P<m3>\d{{1,2}})\.(?P<y3>\d{{4}})")
}

static FULL_DATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"(?-u:\b)(?:{})(?-u:\b)", full_date_syntax())).expect("valid"));
/// A dateline at the end of a heading: a full date in brackets ("(March 18, 2025)", "(Москва,
/// 12 ноября 2025 года)", "(18 March 2025)"), or after a comma ("…, Moscow, May 28, 2020").
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(\([^()]*(?-u:\b)(({MONTHS_EN})\s+\d{{1,2}},\s+\d{{4}}|\d{{1,2}}\s+({MONTHS_EN}|{MONTHS_RU})\s+\d{{4}}(\s*(года|г\.))?)\)\s*$|,\s*(Moscow|Москва)?,?\s*({MONTHS_EN})\s+\d{{1,2}},\s+\d{{4}}\s*$|,\s*(\p{{Lu}}[\p{{L}}-]+,\s*)?\d{{1,2}}\s+({MONTHS_EN}|{MONTHS_RU})\s+\d{{4}}(\s*(года|г\.))?\s*$)"
    ))
    .expect("valid")
});
/// A web list item's date before its title, with a dash or a bar between: "20.11.2020 - ",
/// "12 March 2021 — ", "12 марта 2021 года | ", "March 12, 2021 – ".
static DATED_PREFIX: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^(?:{})(?:\s*(?:года|г\.))?\s+[-–—|]\s+", full_date_syntax())).expect("valid"));
static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:on|On|said|says|announced|stated|reported)\s+(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?-u:\b)").expect("valid")
});
/// A day and month anywhere in a sentence ("on June 17", "30 March", "28 марта"), with an
/// optional year.
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?:(?P<m1>{MONTHS_EN})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{MONTHS_EN}|{MONTHS_RU}))(?:,?\s+(?P<y>\d{{4}}))?(?:\P{{L}}|$)"
    ))
    .expect("valid")
});

fn has_digit(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
}

fn date_from(caps: &regex::Captures) -> Option<NaiveDate> {
    let get = |n: &str| caps.name(n).map(|m| m.as_str());
    let (day, month, year) = if let (Some(m), Some(d)) = (get("m1"), get("d1")) {
        (d, month_number(m)?, get("y1").or(get("y"))?.parse().ok()?)
    } else if let (Some(m), Some(d)) = (get("m2"), get("d2")) {
        (d, month_number(m)?, get("y2").or(get("y"))?.parse().ok()?)
    } else {
        (get("d3")?, get("m3")?.parse().ok()?, get("y3")?.parse().ok()?)
    };
    NaiveDate::from_ymd_opt(year, month, day.parse().ok()?)
}

/// Every full date (with a year) in a text.
pub fn full_dates(text: &str) -> Vec<NaiveDate> {
    // Every date has digits: most sentences have none.
    if !has_digit(text) {
        return Vec::new();
    }
    FULL_DATE.captures_iter(text).filter_map(|c| date_from(&c)).collect()
}

/// A web list item's date before its title ([`DATED_PREFIX`]), and where the title starts.
pub fn dated_prefix(line: &str) -> Option<(NaiveDate, usize)> {
    // The prefix opens with a digit or an English month: most lines open with neither.
    const MONTH_HEADS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    if !line.starts_with(|c: char| c.is_ascii_digit()) && !MONTH_HEADS.iter().any(|head| line.starts_with(head)) {
        return None;
    }
    let caps = DATED_PREFIX.captures(line)?;
    let title = caps.get(0)?.end();
    // A date and a dash with nothing after them title nothing.
    if title == line.len() {
        return None;
    }
    Some((date_from(&caps)?, title))
}

/// A line under an item's heading that is nothing but its dateline: "New York, December 3,
/// 2020", "(December 10, 2020)", "Москва, 16 октября 2025 года".
pub fn dateline_below_heading(line: &str) -> Option<NaiveDate> {
    let line = line.trim();
    if !has_digit(line) {
        return None;
    }
    // "Article by Ambassador Denis Alipov, The Hindu, November 13, 2025", "Из брифинга
    // официального представителя МИД России, Москва, 23 октября 2025 г.": a byline or a source
    // with its date, no sentence (the year's abbreviation ends none).
    if line.chars().count() <= 150 && (!line.ends_with('.') || without_year_word(line).len() < line.len()) {
        if let Some(date) = DATELINE.find(line).and_then(|m| full_dates(m.as_str()).into_iter().next()) {
            return Some(date);
        }
    }
    // "VIENNA, 19 November 2025 – Mr Chairman,": a wire's dateline opening the first paragraph.
    // The dash is looked for where such a head can end, not through a long paragraph.
    let within_reach = line.char_indices().nth(PLACE_AND_DATE_CHARS + 3).map_or(line, |(at, _)| &line[..at]);
    let opening = [" – ", " — ", " - "].iter().filter_map(|dash| within_reach.split_once(dash)).map(|(head, _)| head).min_by_key(|head| head.len());
    if let Some(date) = opening.and_then(place_and_date) {
        return Some(date);
    }
    if line.chars().count() > 60 {
        return None;
    }
    let line = line.strip_prefix('(').and_then(|l| l.strip_suffix(')')).unwrap_or(line);
    place_and_date(line).or_else(|| full_date_only(line))
}

/// The longest [`place_and_date`].
const PLACE_AND_DATE_CHARS: usize = 60;

/// "New York, December 3, 2020", "Москва, 16 октября 2025 года": a place (words of letters
/// only) and a full date.
pub fn place_and_date(text: &str) -> Option<NaiveDate> {
    let (place, date) = text.split_once(", ")?;
    if text.chars().count() > PLACE_AND_DATE_CHARS || !place.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '-') {
        return None;
    }
    full_date_only(date)
}

/// "15:05", "9:00".
fn is_time_of_day(text: &str) -> bool {
    text.split_once(':').is_some_and(|(h, m)| (1..=2).contains(&h.len()) && m.len() == 2 && h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()))
}

/// The year the dump's full dates name most (the latest of those named as often): the year of
/// its day-months when nothing else tells.
pub fn likeliest_year<'a>(lines: impl IntoIterator<Item = &'a super::super::lines::Line<'a>>) -> Option<i32> {
    let mut counts: std::collections::BTreeMap<i32, usize> = std::collections::BTreeMap::new();
    for line in lines {
        for date in full_dates(line.text) {
            *counts.entry(date.year()).or_default() += 1;
        }
    }
    counts.into_iter().max_by_key(|&(year, count)| (count, year)).map(|(year, _)| year)
}

/// The item's own dateline, in its heading or first line.
pub fn dateline(line: &str) -> Option<NaiveDate> {
    if let Some((date, _)) = dated_prefix(line) {
        return Some(date);
    }
    if let Some(date) = full_date_only(line) {
        return Some(date);
    }
    // The other datelines end a line: look only there, so scanning every line of a large
    // dump stays cheap.
    let line = line.trim_end();
    if !line.ends_with(')') && !ends_like_a_date(line) {
        return None;
    }
    let tail_start = line.char_indices().rev().nth(120).map_or(0, |(i, _)| i);
    let found = DATELINE.find(&line[tail_start..]).or_else(|| DATELINE.find(line))?;
    full_dates(found.as_str()).into_iter().next()
}

/// The day-months a sentence names, each with its year from the text or the issue date; a
/// year far from the issue's (history) names no day of the statement and is left out.
pub fn day_mentions(sentence: &str, issue: NaiveDate) -> Vec<NaiveDate> {
    if !has_digit(sentence) {
        return Vec::new();
    }
    DAY_MONTH.captures_iter(sentence).filter_map(|caps| day_month_date(&caps, issue)).collect()
}

/// The date of a [`DAY_MONTH`] match, its year from the text when near the issue's, else the
/// issue's.
fn day_month_date(caps: &regex::Captures, issue: NaiveDate) -> Option<NaiveDate> {
    let get = |n: &str| caps.name(n).map(|m| m.as_str());
    let (day, month) = match (get("m1"), get("d1"), get("m2"), get("d2")) {
        (Some(m), Some(d), _, _) | (_, _, Some(m), Some(d)) => (d.parse::<u32>().ok()?, month_number(m)?),
        _ => return None,
    };
    match get("y").map(str::parse::<i32>) {
        Some(Ok(year)) if (year - issue.year()).abs() <= 1 => NaiveDate::from_ymd_opt(year, month, day),
        Some(_) => None,
        None => {
            let date = NaiveDate::from_ymd_opt(issue.year(), month, day)?;
            // A day-month far after the issue date belongs to the year before.
            if date > issue + chrono::Duration::days(60) {
                NaiveDate::from_ymd_opt(issue.year() - 1, month, day)
            } else {
                Some(date)
            }
        }
    }
}

/// A line that is nothing but a date ("10 ноября", "November 10, 2025", "10.11.2025"): a
/// scrape's separator above the posts of that day. Its year, when it gives none, is
/// `reference`'s.
pub fn day_only(line: &str, reference: NaiveDate) -> Option<NaiveDate> {
    day_month_only(line).and_then(|caps| day_month_date(&caps, reference)).or_else(|| full_date_only(line))
}

/// Whether the line is nothing but a date, whatever its year ([`day_only`]).
pub fn is_day_only(line: &str) -> bool {
    day_month_only(line).is_some() || full_date_only(line).is_some()
}

/// The [`DAY_MONTH`] match that is the whole line, with what may follow a year ("года").
fn day_month_only(line: &str) -> Option<regex::Captures<'_>> {
    let line = line.trim();
    // Thirty chars are at most 120 bytes: a longer line is not counted char by char.
    if line.len() > 120 || !has_digit(line) || line.chars().count() > 30 {
        return None;
    }
    let caps = DAY_MONTH.captures(line)?;
    let whole = caps.get(0)?;
    // The match takes the character after the date, if any.
    let rest = line[whole.end()..].trim_start_matches(|c: char| !c.is_alphanumeric());
    (whole.start() == 0 && without_year_word(rest).is_empty()).then_some(caps)
}

/// The word Russian writes after a year ("2025 года", "2025 г."), taken off the end.
fn without_year_word(text: &str) -> &str {
    let text = text.trim_end();
    text.strip_suffix("года").or_else(|| text.strip_suffix("г.")).unwrap_or(text).trim_end()
}

/// Whether the text ends as a date does: with a digit (a year, a time), or with the word after
/// a year.
fn ends_like_a_date(text: &str) -> bool {
    let text = text.trim_end();
    text.ends_with(|c: char| c.is_ascii_digit()) || without_year_word(text).len() < text.len()
}

/// A line that is nothing but a full date ("14.11.2025", "12 ноября 2025 года"), maybe under
/// its label ("Published: 12.05.2021"): the dateline of the item it heads or closes.
pub fn full_date_only(line: &str) -> Option<NaiveDate> {
    const DATE_BYTES: usize = 48;
    // It is asked of every line: a long one is no date, labelled or not, and is not read.
    if line.len() > DATE_BYTES + LONGEST_LABEL_BYTES || !ends_like_a_date(line) {
        return None;
    }
    let line = without_publication_label(line.trim_start());
    // A full date opens with a digit or an English month and ends with its year (or a time,
    // or "года"): most lines are not so.
    if line.len() > DATE_BYTES || !line.starts_with(|c: char| c.is_ascii_digit() || c.is_ascii_uppercase()) {
        return None;
    }
    // The time of day a list may add ("20 February 2025 15:05", "12.11.2025, 14:35").
    let line = line.trim();
    let line = match line.rsplit_once(' ') {
        Some((date, time)) if is_time_of_day(time) => date.trim_end_matches([',', ' ', '|', '-', '–']).trim_end_matches(" в"),
        _ => line,
    };
    let line = without_year_word(line);
    let caps = FULL_DATE.captures(line)?;
    (caps.get(0)?.len() == line.len()).then(|| date_from(&caps)).flatten()
}

/// Labels of the day a list's item was published, lower-cased.
const PUBLICATION_LABELS: [&str; 8] = ["published", "posted", "updated", "date of publication", "опубликовано", "обновлено", "дата публикации", "дата"];

/// The longest of [`PUBLICATION_LABELS`], in bytes, with its colon and a space.
const LONGEST_LABEL_BYTES: usize = "дата публикации: ".len();

/// `line` without a label of the day a list's item was published ("Published:", "Опубликовано:").
fn without_publication_label(line: &str) -> &str {
    PUBLICATION_LABELS
        .iter()
        .find_map(|label| {
            let rest = line.get(label.len()..)?.strip_prefix(':')?;
            let head = &line[..label.len()];
            head.chars().flat_map(char::to_lowercase).eq(label.chars()).then(|| rest.trim_start())
        })
        .unwrap_or(line)
}

/// A month a sentence names without a day ("in June", "June 2020"): the first of it, in the
/// issue year (or the year the text gives, when near the issue's). Day-months are
/// [`day_mentions`].
pub fn month_mentions(sentence: &str, issue: NaiveDate) -> Vec<NaiveDate> {
    static MONTH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r"(?-u:\b)(?:in|of|since|from|during|в|с)\s+(?P<m>{MONTHS_EN}|{MONTHS_RU_IN})(?:\s+(?P<y>\d{{4}}))?(?:[^\p{{L}}\p{{N}}]|$)")).expect("valid")
    });
    MONTH
        .captures_iter(sentence)
        .filter(|caps| !caps.get(0).is_some_and(|m| sentence[m.end()..].trim_start().starts_with(|c: char| c.is_ascii_digit())))
        .filter_map(|caps| {
            let month = month_number(&caps["m"])?;
            let year = match caps.name("y").map(|y| y.as_str().parse::<i32>()) {
                Some(Ok(year)) if (year - issue.year()).abs() <= 1 => year,
                Some(_) => return None,
                None => issue.year(),
            };
            NaiveDate::from_ymd_opt(year, month, 1)
        })
        .collect()
}

/// The month a sentence calls the current one: "until the end of the month, or through April
/// 30" names the month whose last day it gives. The first of that month.
const END_OF_MONTH: [&str; 4] = ["end of the month", "end of this month", "конца месяца", "конца этого месяца"];

/// Whether [`current_month`] may find a month in `text` (or any of its lines): each of its
/// phrases holds "end of th" or "конца ".
pub fn may_name_current_month(text: &str) -> bool {
    text.contains("end of th") || text.contains("конца ")
}

pub fn current_month(text: &str, issue: NaiveDate) -> Option<NaiveDate> {
    if !END_OF_MONTH.iter().any(|p| text.contains(p)) {
        return None;
    }
    super::super::extract::sentences(text).into_iter().filter(|s| END_OF_MONTH.iter().any(|p| s.contains(p))).find_map(|sentence| {
        day_mentions(sentence, issue).into_iter().find(|d| d.succ_opt().is_some_and(|next| next.day() == 1)).and_then(|last| last.with_day(1))
    })
}

/// "… landed on Wednesday": the last such weekday up to the issue date, in a past-tense
/// sentence.
pub fn weekday_date(sentence: &str, issue: Option<NaiveDate>) -> Option<NaiveDate> {
    let issue = issue?;
    if !sentence.contains("day") {
        return None;
    }
    let caps = WEEKDAY.captures(sentence)?;
    let weekday: Weekday = caps[1].parse().ok()?;
    let back = (issue.weekday().num_days_from_monday() + 7 - weekday.num_days_from_monday()) % 7;
    Some(issue - chrono::Duration::days(back.into()))
}

/// Fixed-date days that greetings and addresses are made on.
const HOLIDAYS: &[(&str, u32, u32)] = &[
    ("Day of Unity between the Peoples of Russia and Belarus", 4, 2),
    ("Day of Unity of the Peoples of Russia and Belarus", 4, 2),
    ("Defender of the Fatherland Day", 2, 23),
    ("Diplomatic Worker", 2, 10),
    ("Cosmonautics Day", 4, 12),
    ("Victory Day", 5, 9),
    ("Russia Day", 6, 12),
    ("Day of Memory and Sorrow", 6, 22),
    ("National Unity Day", 11, 4),
    ("Day of National Unity", 11, 4),
];

/// "… greetings … on the Day of Unity between the Peoples of Russia and Belarus": the day it
/// falls on in the issue year, if that is not after the issue date.
pub fn holiday_date(sentence: &str, issue: Option<NaiveDate>) -> Option<NaiveDate> {
    let issue = issue?;
    // Every holiday's name holds "day" or "worker", in any case, and no char but the Kelvin
    // sign (K) lower-cases to one of their letters: a sentence without them names none.
    static DAY_OR_WORKER: LazyLock<AhoCorasick> = LazyLock::new(|| AhoCorasick::builder().ascii_case_insensitive(true).build(["day", "worker"]).expect("plain words build"));
    if !DAY_OR_WORKER.is_match(sentence) && !sentence.contains('\u{212A}') {
        return None;
    }
    // The phrases looked for, lower-cased once, two for each holiday ("on the …", "on …"),
    // all found in one pass.
    static PHRASES: LazyLock<AhoCorasick> = LazyLock::new(|| {
        let phrases = HOLIDAYS.iter().flat_map(|(name, _, _)| {
            let name = name.to_lowercase();
            [format!("on the {name}"), format!("on {name}")]
        });
        AhoCorasick::new(phrases).expect("plain phrases build")
    });
    let lower = super::super::topics::lowercase(sentence);
    let mut named = [false; HOLIDAYS.len()];
    for m in PHRASES.find_overlapping_iter(&lower) {
        named[m.pattern().as_usize() / 2] = true;
    }
    HOLIDAYS.iter().zip(named).filter(|(_, named)| *named).find_map(|((_, month, day), _)| NaiveDate::from_ymd_opt(issue.year(), *month, *day).filter(|date| *date <= issue))
}


#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_date_under_its_label_is_a_date_alone() {
        assert_eq!(full_date_only("Published: 12.05.2021"), NaiveDate::from_ymd_opt(2021, 5, 12));
        assert_eq!(full_date_only("Опубликовано: 9 мая 2021 года"), NaiveDate::from_ymd_opt(2021, 5, 9));
        assert_eq!(full_date_only("Published on the site of the Embassy"), None);
    }

    #[test]
    fn datelines() {
        assert_eq!(dateline("🎙 Interview with Channel One (Moscow, March 25, 2025)"), Some(d(2025, 3, 25)));
        assert_eq!(dateline("20.11.2020 - Vladimir Putin addressed the participants"), Some(d(2020, 11, 20)));
        assert_eq!(dateline("Lavrov’s article for Global Times, Moscow, May 28, 2020"), Some(d(2020, 5, 28)));
        assert_eq!(dateline("On March 30, 2020 the ministers spoke."), None);
        // Day before month, in English and in Russian, in brackets with a place.
        assert_eq!(dateline("Сергей Лавров провёл переговоры (Москва, 12 ноября 2025 года)"), Some(d(2025, 11, 12)));
        assert_eq!(dateline("Remarks at the reception (18 March 2025)"), Some(d(2025, 3, 18)));
        assert_eq!(dateline("The talks held on 18 March 2025"), None);
        assert_eq!(dateline("Из ответов М.В.Захаровой на вопросы СМИ в ходе брифинга, Москва, 16 октября 2025 года"), Some(d(2025, 10, 16)));
        assert_eq!(dateline("Answers to questions, 16 October 2025"), Some(d(2025, 10, 16)));
        // A place of Cyrillic letters, so that chars and bytes differ: 60 chars before the dash.
        let wire_dateline_of_60_chars = format!("{}, 19 November 2025 – Mr Chairman,", "Ё".repeat(42));
        assert_eq!(wire_dateline_of_60_chars.split(" – ").next().unwrap().chars().count(), 60);
        for (line, date) in [("20 February 2025 15:05", Some(d(2025, 2, 20))), ("12.11.2025, 14:35", Some(d(2025, 11, 12))), ("12 ноября 2025 года в 14:35", Some(d(2025, 11, 12))), ("New York, December 3, 2020", Some(d(2020, 12, 3))), ("(December 10, 2020)", Some(d(2020, 12, 10))), ("Москва, 16 октября 2025 года", Some(d(2025, 10, 16))), ("14.11.2025", Some(d(2025, 11, 14))), ("Из брифинга официального представителя МИД России, Москва, 23 октября 2025 г.", Some(d(2025, 10, 23))), ("VIENNA, 19 November 2025 – Mr Chairman,", Some(d(2025, 11, 19))), (&wire_dateline_of_60_chars, Some(d(2025, 11, 19)))] {
            assert_eq!(dateline_below_heading(line), date, "{line}");
        }
        // A head longer than a place and a date, or the dash far into a paragraph.
        let too_long = format!("Ä{wire_dateline_of_60_chars}");
        let far = format!("{} VIENNA, 19 November 2025 – Mr Chairman,", "The meeting went on. ".repeat(10));
        for line in ["Mr. President, on December 3, 2020", "It was signed on December 3, 2020.", "New York, 3", "Договор подписан 23 октября 2025 г. в Москве.", &too_long, &far] {
            assert_eq!(dateline_below_heading(line), None, "{line}");
        }
    }

    #[test]
    fn web_list_prefixes_in_the_forms_sites_write() {
        for (line, date, title) in [
            ("20.11.2020 - Vladimir Putin addressed the participants", d(2020, 11, 20), "Vladimir Putin addressed the participants"),
            ("12 March 2021 — Ambassador's interview", d(2021, 3, 12), "Ambassador's interview"),
            ("12 марта 2021 года | Интервью Посла", d(2021, 3, 12), "Интервью Посла"),
            ("March 12, 2021 – Statement by the Embassy", d(2021, 3, 12), "Statement by the Embassy"),
        ] {
            let (found, at) = dated_prefix(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!((found, &line[at..]), (date, title), "{line}");
            assert_eq!(dateline(line), Some(date), "{line}");
        }
        // A date that opens a sentence, or a prefix with no title after it, is no item's.
        for line in ["12 March 2021 the Ambassador met students.", "20.11.2020 -", "March 12, 2021, talks took place", "Mayors met - 12 March 2021 - in Kazan"] {
            assert_eq!(dated_prefix(line), None, "{line}");
        }
    }

    #[test]
    fn day_mentions_take_the_issue_year_and_skip_history() {
        let issue = d(2020, 4, 4);
        assert_eq!(day_mentions("On March 30, Foreign Minister Sergey Lavrov had a call", issue), vec![d(2020, 3, 30)]);
        assert_eq!(day_mentions("28 марта в Посольстве России прошел кинопоказ", d(2025, 4, 4)), vec![d(2025, 3, 28)]);
        assert_eq!(day_mentions("On March 31, 1981, the film won", issue), vec![]);
        assert_eq!(day_mentions("On December 20, the ministers met", issue), vec![d(2019, 12, 20)]);
        assert_eq!(day_mentions("The plane landed in March", issue), vec![]);
    }

    #[test]
    fn holidays_fall_in_the_issue_year() {
        let issue = Some(d(2020, 4, 4));
        assert_eq!(holiday_date("Putin sent greetings on the Day of Unity between the Peoples of Russia and Belarus.", issue), Some(d(2020, 4, 2)));
        assert_eq!(holiday_date("Greetings on Victory Day.", issue), None, "not after the issue date");
        // The first of the list the sentence names, wherever it stands, that is not after it.
        assert_eq!(holiday_date("On Cosmonautics Day, not on the Day of Unity of the Peoples of Russia and Belarus", Some(d(2020, 5, 1))), Some(d(2020, 4, 2)));
        assert_eq!(holiday_date("Greetings on Defender of the Fatherland Day and on Diplomatic Worker's Day", Some(d(2020, 2, 15))), Some(d(2020, 2, 10)));
        assert_eq!(holiday_date("Greetings ON THE\u{a0}Victory Day and on Russia Day", Some(d(2020, 6, 30))), Some(d(2020, 6, 12)));
    }

    #[test]
    fn weekdays_count_back_from_the_issue_date() {
        let issue = Some(d(2020, 4, 4)); // a Saturday
        assert_eq!(weekday_date("A plane landed at JFK on Wednesday.", issue), Some(d(2020, 4, 1)));
        assert_eq!(weekday_date("Anatoly Antonov said Saturday in an interview", issue), Some(d(2020, 4, 4)));
    }
}
