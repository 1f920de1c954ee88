//! A statement's own date: when it was made or published, and a wrong date is worse than none.
//!
//! The item's dateline is its date. A day the item's opening sentences give is its date only
//! with evidence that it is the statement's own day: told in the past tense (or marking the
//! day), not an announcement, and near the issue date. Any other day the text gives is kept as
//! the `event_date`; the statement is then dated by what bounds it (made after the event it
//! reports, by the issue date) at the precision that supports, or left undated.

pub mod parse;
pub mod tense;

use chrono::{Datelike, Duration, NaiveDate};

use super::extract::ItemText;
use super::kind::Kind;
use crate::content::{DateBasis, DatePrecision};

/// A dated statement, as the importer found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub date: NaiveDate,
    pub precision: DatePrecision,
    pub basis: DateBasis,
}

/// What a dump format tells of how its items relate to its issue date.
#[derive(Debug, Clone, Copy)]
pub struct DatingPolicy {
    /// How many days before the issue date an item's own day may lie: a newsletter gathers a
    /// week or so, a channel scrape a month.
    pub window_days: i64,
}

/// What the importer decided of a statement's date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dating {
    pub date: Option<Found>,
    /// A day the text gives that is not the statement's own.
    pub event_date: Option<NaiveDate>,
    /// The date rests on a weak signal: an editor should check it.
    pub doubtful: bool,
}

/// Sentences at the opening of an item that may give its day.
const OPENING_SENTENCES: usize = 3;

pub fn date_item(item: &ItemText, kind: Kind, policy: DatingPolicy, issue: Option<NaiveDate>) -> Dating {
    if let Some(date) = item.lines.first().and_then(|first| parse::dateline(first)) {
        return Dating { date: Some(Found { date, precision: DatePrecision::Day, basis: DateBasis::Dateline }), ..Dating::default() };
    }
    let Some(issue) = issue else { return Dating::default() };
    let earliest = issue - Duration::days(policy.window_days);
    let mut event_date = None;
    // A question names the event it asks about, not the day of the answer; a "READ ALSO"
    // pointer names another item.
    let without_questions = ItemText { lines: item.lines.iter().copied().filter(|l| !super::lines::is_question(l) && !super::lines::is_read_more(l)).collect() };
    let opening = without_questions.opening(OPENING_SENTENCES);
    for (i, sentence) in opening.iter().enumerate() {
        let announces = tense::announces(sentence);
        let own_day_told = !announces && ((tense::reports_past(sentence) && !tense::looks_back(sentence)) || tense::marks_the_day(sentence));
        let mentioned = parse::day_mentions(sentence, issue).into_iter().chain(parse::weekday_date(sentence, Some(issue)));
        for date in mentioned {
            if own_day_told && (earliest..=issue).contains(&date) {
                // A reaction (a comment, an article) is often made days after the event its
                // opening names; a readout is made on the day.
                let doubtful = i > 0 || !kind.reports_event();
                let found = Found { date, precision: DatePrecision::Day, basis: DateBasis::Text };
                return Dating { date: Some(found), event_date, doubtful };
            }
            event_date.get_or_insert(date);
        }
    }
    if let Some(date) = parse::holiday_date(item.lead(), Some(issue)).filter(|d| *d >= earliest) {
        return Dating { date: Some(Found { date, precision: DatePrecision::Day, basis: DateBasis::Text }), event_date, doubtful: true };
    }
    Dating { date: bounded_month(&opening, event_date, earliest, issue), event_date, doubtful: true }
}

/// The month a statement was made in when what bounds it falls in one month: it reports an
/// event of that month (so it was made after it) or speaks of "today" (so it was made in the
/// window before the issue date), and the issue date is in the same month.
fn bounded_month(opening: &[&str], event: Option<NaiveDate>, earliest: NaiveDate, issue: NaiveDate) -> Option<Found> {
    let after = match event.filter(|e| *e <= issue) {
        Some(event) => event,
        None if opening.iter().any(|s| tense::speaks_of_today(s)) => earliest,
        None => return None,
    };
    ((after.year(), after.month()) == (issue.year(), issue.month())).then(|| Found {
        date: NaiveDate::from_ymd_opt(issue.year(), issue.month(), 1).expect("the first of a month is a date"),
        precision: DatePrecision::Month,
        basis: DateBasis::Context,
    })
}

/// Monthly context for a chronological feed: an undated post lies between its neighbours, so
/// when the dated posts around it (or the last one and the issue date) share a month, so does
/// it.
pub fn date_from_neighbours(dates: &mut [Dating], issue: Option<NaiveDate>) {
    let own: Vec<Option<NaiveDate>> = dates.iter().map(|d| d.date.filter(|f| f.precision == DatePrecision::Day).map(|f| f.date)).collect();
    let last = own.iter().flatten().copied().chain(issue).max();
    // The nearest own date after each post, found in one backward pass.
    let mut next_dated = vec![last; own.len()];
    for i in (0..own.len().saturating_sub(1)).rev() {
        next_dated[i] = own[i + 1].or(next_dated[i + 1]);
    }
    let mut before: Option<NaiveDate> = None;
    for (i, dating) in dates.iter_mut().enumerate() {
        if own[i].is_some() {
            before = own[i];
            continue;
        }
        if let (Some(b), Some(a)) = (before, next_dated[i]) {
            if (b.year(), b.month()) == (a.year(), a.month()) && a >= b {
                let first = NaiveDate::from_ymd_opt(b.year(), b.month(), 1).expect("the first of a month is a date");
                dating.date = Some(Found { date: first, precision: DatePrecision::Month, basis: DateBasis::Context });
                dating.doubtful = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn date(lines: &[&'static str], kind: Kind, issue: NaiveDate) -> Dating {
        date_item(&ItemText { lines: lines.to_vec() }, kind, DatingPolicy { window_days: 10 }, Some(issue))
    }

    #[test]
    fn a_readout_of_the_week_takes_its_day() {
        let found = date(&["On March 30, Foreign Minister Sergey Lavrov had a telephone conversation with Mike Pompeo."], Kind::PhoneCall, d(2020, 4, 4));
        assert_eq!(found.date.map(|f| (f.date, f.basis)), Some((d(2020, 3, 30), DateBasis::Text)));
        assert!(!found.doubtful);
    }

    #[test]
    fn an_announcement_gives_an_event_date_not_the_statement_date() {
        let found = date(&["On April 10, a meeting of the ministers will be held in Belgrade."], Kind::News, d(2020, 4, 4));
        assert_eq!(found.date, None);
        assert_eq!(found.event_date, Some(d(2020, 4, 10)));
        assert!(found.doubtful);
    }

    #[test]
    fn an_event_of_an_earlier_week_dates_only_the_month_it_bounds() {
        let found = date(&["On June 2, the ministers held talks in Moscow."], Kind::Meeting, d(2020, 6, 22));
        assert_eq!(found.event_date, Some(d(2020, 6, 2)));
        assert_eq!(found.date.map(|f| (f.date, f.precision, f.basis)), Some((d(2020, 6, 1), DatePrecision::Month, DateBasis::Context)));
        let across_months = date(&["On May 28, the ministers held talks in Moscow."], Kind::Meeting, d(2020, 6, 22));
        assert_eq!(across_months.date, None, "made between May 28 and June 22: no month is sure");
    }

    #[test]
    fn history_and_pointers_do_not_date() {
        assert_eq!(date(&["On June 22, 1941, Nazi Germany invaded the Soviet Union."], Kind::Feature, d(2020, 6, 22)).date, None);
        let found = date(&["The ministers discussed the situation.", "READ ALSO: talks on June 20"], Kind::Meeting, d(2020, 6, 22));
        assert_eq!(found.date, None);
    }

    #[test]
    fn questions_name_events_not_the_answer_s_day() {
        let found = date(&["Question: Veterans got leaflets on May 8. What do you make of it?", "Ambassador: It is a disgrace."], Kind::Interview, d(2020, 5, 17));
        assert_eq!(found.date, None);
    }

    #[test]
    fn datelines_win() {
        let found = date(&["20.11.2020 - Vladimir Putin addressed the participants"], Kind::Speech, d(2020, 11, 24));
        assert_eq!(found.date.map(|f| f.basis), Some(DateBasis::Dateline));
    }

    #[test]
    fn feeds_date_undated_posts_by_the_month_their_neighbours_share() {
        let day = |date| Dating { date: Some(Found { date, precision: DatePrecision::Day, basis: DateBasis::Dateline }), ..Dating::default() };
        let mut dates = vec![day(d(2025, 3, 18)), Dating::default(), day(d(2025, 3, 28)), Dating::default()];
        date_from_neighbours(&mut dates, Some(d(2025, 4, 4)));
        assert_eq!(dates[1].date.map(|f| f.precision), Some(DatePrecision::Month));
        assert_eq!(dates[3].date, None, "between March 28 and April 4");
    }
}
