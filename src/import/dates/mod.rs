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
    /// The items are in order of publication, so an undated one lies between its neighbours
    /// (see [`date_from_neighbours`]).
    pub from_neighbours: bool,
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

/// What the dump tells of when an item was published, apart from the item's text.
#[derive(Debug, Clone, Copy, Default)]
pub struct Published {
    /// The dump's issue date.
    pub issue: Option<NaiveDate>,
    /// The day the dump shows the item was published on (a scrape's date separator above it).
    pub day: Option<NaiveDate>,
    /// Without an issue date, the year the dump's dates name most: the year of a day-month.
    pub year: Option<i32>,
}

pub fn date_item(item: &ItemText, kind: Kind, policy: DatingPolicy, published: Published) -> Dating {
    // A dateline long before the issue is history's ("Karlshorst, 8 May 1945"), not the item's.
    let plausible = |date: &NaiveDate| published.issue.is_none_or(|issue| (issue - Duration::days(2 * 366)..=issue + Duration::days(7)).contains(date));
    if let Some(date) = item.dateline().filter(plausible) {
        return Dating { date: Some(Found { date, precision: DatePrecision::Day, basis: DateBasis::Dateline }), ..Dating::default() };
    }
    // "In this issue": an issue's table of contents is of the issue's day.
    if let Some(issue) = published.issue.filter(|_| kind == Kind::Digest && item.heading().is_some_and(super::kind::heads_contents)) {
        return Dating { date: Some(Found { date: issue, precision: DatePrecision::Day, basis: DateBasis::Context }), ..Dating::default() };
    }
    // The item was made by the day it was published: its text may name an earlier day its own.
    // With only a year known, any day of it may be the item's, and nothing bounds it.
    let (issue, earliest, issue_known) = match (published.day.or(published.issue), published.year) {
        (Some(issue), _) => (issue, issue - Duration::days(policy.window_days), true),
        (None, Some(year)) => match (NaiveDate::from_ymd_opt(year, 12, 31), NaiveDate::from_ymd_opt(year, 1, 1)) {
            (Some(last), Some(first)) => (last, first, false),
            _ => return Dating::default(),
        },
        (None, None) => return Dating::default(),
    };
    let mut event_date = None;
    // What the statement was made after, by what it reports as done: the latest such day.
    let mut after: Option<NaiveDate> = None;
    let mut bound_by = |date: NaiveDate| {
        if date <= issue {
            after = after.max(Some(date));
        }
    };
    // A "READ ALSO" pointer names another item. A question names the event it asks about, not
    // the day of the answer, but the answer comes after it.
    let without_pointers = item.filtered(|f| !f.read_more);
    for question in without_pointers.lines.iter().zip(&without_pointers.features).filter(|(_, f)| f.question).map(|(l, _)| l).take(2) {
        for sentence in super::extract::sentences_of(question).filter(|s| !tense::announces(s)) {
            parse::day_mentions(sentence, issue).into_iter().for_each(&mut bound_by);
        }
    }
    let without_questions = without_pointers.filtered(|f| !f.question);
    let opening = without_questions.opening(OPENING_SENTENCES);
    // A speaker's answer ("Maria Zakharova: … On September 30, the State Department …") tells
    // of the events it answers about: a day in it bounds the answer, and is not its own.
    let turns: Vec<&str> = without_questions.lines.iter().zip(&without_questions.features).filter(|(_, f)| f.speaker_turn).map(|(l, _)| *l).collect();
    for (i, sentence) in opening.iter().enumerate() {
        let mentioned: Vec<NaiveDate> = parse::day_mentions(sentence, issue).into_iter().chain(parse::weekday_date(sentence, Some(issue))).collect();
        let months = parse::month_mentions(sentence, issue);
        let now = tense::names_now(sentence);
        // A sentence that names no day, no month and not the present tells nothing of the
        // date, whatever its tense: most sentences, whose tense is then not read.
        if mentioned.is_empty() && months.is_empty() && !now {
            continue;
        }
        let announces = tense::announces(sentence);
        // The statement's own day is told outside relative clauses ("… the death of X, who
        // passed away on December 2" dates the death), by the tense of the main clause ("the
        // shutdown that began on October 1" reports no beginning).
        let own = tense::without_relative_clauses(sentence);
        let main = tense::main_clause(&own);
        let past = !announces && tense::has_past_verb(main);
        let in_answer = turns.iter().any(|turn| turn.contains(*sentence));
        // "Answers at the briefing on February 13": the heading of words said names their day.
        let heading_names_its_day = i == 0 && item.heading().is_some_and(|h| h.contains(*sentence)) && kind.is_words_said();
        let own_day_told = !mentioned.is_empty() && !announces && !in_answer && !tense::names_days_of_something_else(sentence) && ((past && !tense::looks_back(sentence)) || tense::marks_the_day(main) || heading_names_its_day);
        // The days told outside relative clauses, when the sentence has any.
        let own_days: Option<Vec<NaiveDate>> = (own.len() < sentence.len()).then(|| parse::day_mentions(&own, issue).into_iter().chain(parse::weekday_date(&own, Some(issue))).collect());
        let told_in_own = |date: &NaiveDate| own_days.as_ref().is_none_or(|days| days.contains(date));
        for &date in &mentioned {
            if own_day_told && kind.made_on_the_day_it_reports() && (earliest..=issue).contains(&date) && told_in_own(&date) {
                // A readout is made on the day; an item of another kind (a report, a feature)
                // most often, but an editor should check.
                let doubtful = i > 0 || !kind.reports_event() || !issue_known;
                let found = Found { date, precision: DatePrecision::Day, basis: DateBasis::Text };
                return Dating { date: Some(found), event_date, doubtful };
            }
            event_date.get_or_insert(date);
        }
        if !announces {
            mentioned.into_iter().for_each(&mut bound_by);
            if past {
                months.into_iter().for_each(&mut bound_by);
            }
            if now {
                bound_by(earliest);
            }
        }
    }
    if let Some(day) = published.day {
        return Dating { date: Some(Found { date: day, precision: DatePrecision::Day, basis: DateBasis::Context }), event_date, doubtful: false };
    }
    if !issue_known {
        return Dating { date: None, event_date, doubtful: event_date.is_some() };
    }
    // "Today", "last week" anywhere in the first lines (not only the lead) show the item is
    // of the days before the issue.
    if without_questions.lines.iter().take(2).filter(|l| tense::names_now(l)).flat_map(|l| super::extract::sentences_of(l)).any(tense::speaks_of_now) {
        bound_by(earliest);
    }
    if let Some(month) = parse::may_name_current_month(item.all()).then(|| without_questions.lines.iter().find_map(|l| parse::current_month(l, issue))).flatten().filter(|m| *m <= issue && *m >= first_of_month(earliest)) {
        return Dating { date: Some(Found { date: month, precision: DatePrecision::Month, basis: DateBasis::Text }), event_date, doubtful: true };
    }
    if let Some(date) = parse::holiday_date(item.lead(), Some(issue)).filter(|d| *d >= earliest) {
        return Dating { date: Some(Found { date, precision: DatePrecision::Day, basis: DateBasis::Text }), event_date, doubtful: true };
    }
    // A date set by what bounds it, or a day the text gives and the statement was not dated
    // by, is for an editor to check; an item nothing dates is simply undated.
    let date = after.and_then(|after| bounded_month(after, issue));
    Dating { date, event_date, doubtful: date.is_some() || event_date.is_some() }
}

/// The month a statement was made in when what bounds it falls in one month: it was made
/// after `after` (an event it reports as done, or the start of the window its "today" speaks
/// of) and by the issue date, and both are in one month.
fn bounded_month(after: NaiveDate, issue: NaiveDate) -> Option<Found> {
    ((after.year(), after.month()) == (issue.year(), issue.month())).then(|| Found {
        date: first_of_month(issue),
        precision: DatePrecision::Month,
        basis: DateBasis::Context,
    })
}

fn first_of_month(date: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(date.year(), date.month(), 1).expect("the first of a month is a date")
}

/// Context for a chronological feed: an undated post lies between its neighbours, so when the
/// dated posts around it (or the last one and the issue date) share a day or a month, so does
/// it.
pub fn date_from_neighbours(dates: &mut [Dating], issue: Option<NaiveDate>) {
    // A post is published after the posts above it: a day its text gives that is before an
    // earlier post's own dateline is the day of an event it reports, not its own.
    let mut published_by: Option<NaiveDate> = None;
    for dating in dates.iter_mut() {
        match dating.date {
            Some(Found { date, basis: DateBasis::Dateline, .. }) => published_by = published_by.max(Some(date)),
            Some(Found { date, basis: DateBasis::Text, precision: DatePrecision::Day }) if published_by.is_some_and(|p| date < p) => {
                dating.event_date = Some(date);
                dating.date = None;
                dating.doubtful = true;
            }
            Some(_) | None => {}
        }
    }
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
            // Between two posts of one day (or the last of that day and the issue's), the post
            // is of that day; between two of one month, of that month.
            if a == b {
                dating.date = Some(Found { date: b, precision: DatePrecision::Day, basis: DateBasis::Context });
                dating.doubtful = true;
            } else if (b.year(), b.month()) == (a.year(), a.month()) && a > b {
                dating.date = Some(Found { date: first_of_month(b), precision: DatePrecision::Month, basis: DateBasis::Context });
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
        date_item(&ItemText::new(lines.to_vec()), kind, DatingPolicy { window_days: 10, from_neighbours: false }, Published { issue: Some(issue), ..Published::default() })
    }

    #[test]
    fn a_pinned_place_and_day_under_a_post_s_quote_dates_it() {
        let found = date(&["⚡️ С.В.Лавров: Мы исходим из недопустимости ядерной войны", "📍 Рио-де-Жанейро, 19 ноября 2024 года", "Из ответов Министра на вопросы СМИ по итогам саммита:"], Kind::Interview, d(2024, 11, 22));
        assert_eq!(found.date.map(|f| (f.date, f.basis)), Some((d(2024, 11, 19), DateBasis::Dateline)));
    }

    #[test]
    fn a_readout_of_the_week_takes_its_day() {
        let found = date(&["On March 30, Foreign Minister Sergey Lavrov had a telephone conversation with Mike Pompeo."], Kind::PhoneCall, d(2020, 4, 4));
        assert_eq!(found.date.map(|f| (f.date, f.basis)), Some((d(2020, 3, 30), DateBasis::Text)));
        assert!(!found.doubtful);
    }

    #[test]
    fn the_heading_of_words_said_names_their_day() {
        let found = date(&["Из ответов М.В.Захаровой на вопросы СМИ в ходе брифинга 13 февраля", "Вопрос: Как вы оцениваете заявления?"], Kind::Briefing, d(2025, 2, 20));
        assert_eq!(found.date.map(|f| (f.date, f.precision)), Some((d(2025, 2, 13), DatePrecision::Day)));
        let found = date(&["Comment on the elections of February 9", "We regret the outcome."], Kind::Comment, d(2025, 2, 20));
        assert_ne!(found.date.map(|f| f.precision), Some(DatePrecision::Day), "a reaction names the day of what it reacts to");
    }

    #[test]
    fn an_issue_s_table_of_contents_is_of_its_day() {
        let found = date(&["IN THIS ISSUE", "1. Talks with the Minister", "2. Greetings on Children's Day"], Kind::Digest, d(2025, 11, 14));
        assert_eq!(found.date.map(|f| (f.date, f.precision, f.basis)), Some((d(2025, 11, 14), DatePrecision::Day, DateBasis::Context)));
        let found = date(&["Foreign Ministry briefing: list of topics", "1. Talks with the Minister"], Kind::Digest, d(2025, 11, 14));
        assert_ne!(found.date.map(|f| f.precision), Some(DatePrecision::Day), "a briefing's list of topics is the briefing's");
    }

    #[test]
    fn a_day_told_of_something_else_is_not_the_statement_s() {
        let found = date(&["Vladimir Putin sent a message of condolences to Emmanuel Macron over the death of Valery Giscard d'Estaing, who passed away on December 2 at the age of 94."], Kind::Message, d(2020, 12, 11));
        assert_eq!(found.event_date, Some(d(2020, 12, 2)));
        assert_eq!(found.date.map(|f| f.precision), Some(DatePrecision::Month));
        let found = date(&["The Consular Section works as usual despite the shutdown of the federal government that began on October 1."], Kind::News, d(2025, 10, 6));
        assert_eq!(found.date.map(|f| f.precision), Some(DatePrecision::Month));
        let found = date(&["Сердечно поздравляю вас с Днём отца, который в этом году Россия отмечает 19 октября."], Kind::Message, d(2025, 10, 20));
        assert_ne!(found.date.map(|f| f.precision), Some(DatePrecision::Day));
    }

    #[test]
    fn without_an_issue_date_the_dump_s_year_dates_a_day_told() {
        let item = ItemText::new(vec!["On 4 April, a special flight took 300 Russian citizens from London to Moscow."]);
        let only_year = Published { year: Some(2020), ..Published::default() };
        let found = date_item(&item, Kind::News, DatingPolicy { window_days: 31, from_neighbours: true }, only_year);
        assert_eq!(found.date.map(|f| (f.date, f.basis)), Some((d(2020, 4, 4), DateBasis::Text)));
        assert!(found.doubtful);
        let item = ItemText::new(vec!["The ministers held talks in Moscow last week."]);
        assert_eq!(date_item(&item, Kind::Meeting, DatingPolicy { window_days: 31, from_neighbours: true }, only_year).date, None);
    }

    #[test]
    fn an_event_held_for_an_anniversary_is_of_its_own_day() {
        let found = date(&["On October 4, the Embassy hosted a reception on the occasion of the 80th anniversary of the United Nations."], Kind::News, d(2025, 10, 6));
        assert_eq!(found.date.map(|f| (f.date, f.precision, f.basis)), Some((d(2025, 10, 4), DatePrecision::Day, DateBasis::Text)));
        let found = date(&["On October 4, 1945, the Charter came into force: the 80th anniversary is celebrated this autumn."], Kind::Feature, d(2025, 10, 6));
        assert_eq!(found.date, None);
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
    fn only_a_date_that_rests_on_a_weak_signal_asks_an_editor() {
        let nothing = date(&["The Embassy reminds citizens to register their stay."], Kind::News, d(2020, 6, 22));
        assert_eq!((nothing.date, nothing.doubtful), (None, false), "nothing dates it: it is undated, not doubtful");
        let bounded = date(&["On June 2, the ministers held talks in Moscow."], Kind::Meeting, d(2020, 6, 22));
        assert!(bounded.doubtful);
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
        assert_ne!(found.date.map(|f| f.date), Some(d(2020, 5, 8)));
    }

    #[test]
    fn a_reaction_is_not_dated_by_the_event_it_names() {
        let found = date(&["A videoconference of the Contact Group was held on March 26. Regrettably, it ended in failure."], Kind::Comment, d(2020, 4, 4));
        assert_eq!((found.date, found.event_date), (None, Some(d(2020, 3, 26))), "made after March 26, maybe in April");
        let found = date(&["We noted a briefing by the State Department on May 7, during which remarks were made."], Kind::Comment, d(2020, 5, 17));
        assert_eq!(found.date.map(|f| (f.date, f.precision)), Some((d(2020, 5, 1), DatePrecision::Month)));
    }

    #[test]
    fn months_named_and_the_present_bound_the_month() {
        let found = date(&["Meeting with doctors", "Vladimir Putin had a meeting with doctors ahead of the day marked in June."], Kind::Meeting, d(2020, 6, 22));
        assert_eq!(found.date.map(|f| (f.date, f.precision)), Some((d(2020, 6, 1), DatePrecision::Month)));
        let found = date(&["Question: Veterans got leaflets on May 8. What do you make of it?", "Ambassador: It is a disgrace."], Kind::Interview, d(2020, 5, 17));
        assert_eq!(found.date.map(|f| (f.date, f.precision)), Some((d(2020, 5, 1), DatePrecision::Month)), "the answer follows what the question reports");
        let found = date(&["The President: Friends, the week is ending. I have decided to prolong the period until the end of the month, or through April 30."], Kind::Speech, d(2020, 4, 4));
        assert_eq!(found.date.map(|f| (f.date, f.precision, f.basis)), Some((d(2020, 4, 1), DatePrecision::Month, DateBasis::Text)));
        let found = date(&["Last week, Washington announced more sanctions. We regret it."], Kind::Comment, d(2020, 4, 4));
        assert_eq!(found.date, None, "the window runs back into March");
    }

    #[test]
    fn a_post_is_not_dated_before_the_posts_above_it() {
        let on = |date, basis| Dating { date: Some(Found { date, precision: DatePrecision::Day, basis }), ..Dating::default() };
        let mut dates = vec![on(d(2025, 3, 18), DateBasis::Dateline), Dating::default(), on(d(2025, 3, 7), DateBasis::Text), on(d(2025, 3, 21), DateBasis::Dateline)];
        date_from_neighbours(&mut dates, Some(d(2025, 4, 4)));
        assert_eq!(dates[2].event_date, Some(d(2025, 3, 7)));
        assert_eq!(dates[2].date.map(|f| f.precision), Some(DatePrecision::Month));
        assert_eq!(dates[1].date.map(|f| f.precision), Some(DatePrecision::Month));
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
        // Between two posts of one day, or after the last of the issue's day, the post is of that day.
        let mut dates = vec![day(d(2025, 3, 18)), Dating::default(), day(d(2025, 3, 18)), day(d(2025, 3, 20)), Dating::default()];
        date_from_neighbours(&mut dates, Some(d(2025, 3, 20)));
        assert_eq!(dates[1].date.map(|f| (f.date, f.precision, f.basis)), Some((d(2025, 3, 18), DatePrecision::Day, DateBasis::Context)));
        assert_eq!(dates[4].date.map(|f| (f.date, f.precision)), Some((d(2025, 3, 20), DatePrecision::Day)));
    }

    #[test]
    fn a_document_s_date_is_not_the_day_of_what_is_reported() {
        let found = date(&["Владимир Путин провёл телефонный разговор с Президентом Азербайджана.", "Обсуждался ход реализации Заявления лидеров России, Азербайджана и Армении от 9 ноября."], Kind::PhoneCall, d(2020, 11, 20));
        assert_ne!(found.date.map(|f| (f.date, f.precision)), Some((d(2020, 11, 9), DatePrecision::Day)));
        let found = date(&["Владимир Путин 9 ноября провёл телефонный разговор с Президентом Азербайджана."], Kind::PhoneCall, d(2020, 11, 11));
        assert_eq!(found.date.map(|f| f.date), Some(d(2020, 11, 9)));
    }
}
