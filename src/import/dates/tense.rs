//! Whether a sentence reports something done, or announces something to come: the evidence
//! that a date it gives is the day the statement was made.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

/// Announcements: a date in such a sentence is the day of a coming event.
static FUTURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(will|shall|is (scheduled|set|due|going|expected|planned) to|are (scheduled|set|due|going|expected|planned) to|to be held|plans? to|intends? to)(?-u:\b)|будет|будут|состоится|пройдет|пройдёт|планиру|намечен",
    )
    .expect("valid")
});

/// Words of what is to come that qualify a noun ("the upcoming elections", "next week's
/// talks"): they announce only in a sentence that reports nothing done ("the article published
/// on October 4 about the upcoming elections" reports a publication).
static COMING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(upcoming|forthcoming|next (week|month|year))(?-u:\b)|предстоящ").expect("valid")
});

/// Looking back: an anniversary, a date "years ago", what happened "last week".
static RETROSPECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)anniversar|years ago|(?-u:\b)(last|previous) (week|month|year)|годовщин|лет назад|юбиле").expect("valid")
});

/// Past-tense verbs of a report: "had", "held", "took place", "-ed" forms, Russian past forms.
static PAST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(had|held|was|were|took|met|spoke|sent|said|gave|made|became|went|began|laid|paid|led|won|told|brought|wrote|came|saw|\w{3,}ed)(?-u:\b)|(?:^|\s)\p{Cyrillic}{2,}(л|ла|ло|ли|лся|лась|лись)(?:\s|[,.;:!?]|$)",
    )
    .expect("valid")
});

/// "April 4 marks the anniversary", "Today we celebrate": the day named is the day it speaks.
static MARKS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(marks|celebrates|commemorates|we (celebrate|commemorate|mark)|is celebrated|is marked|on this day|today,?\s+(on\s+)?(\d|\p{L}+\s+\d))(?-u:\b)|отмечает|отмечается|сегодня,?\s+\d",
    )
    .expect("valid")
});

/// The present of the statement: "today", "this week", "right now", and what happened "last
/// week" (told within days of it).
static NOW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(today|this week|last week|right now|these days|in recent days)(?-u:\b)|сегодня|на этой неделе|на прошлой неделе|в последние дни|в эти дни|на днях").expect("valid")
});

/// A span of days ("from 8 to 12 October", "с 8 по 12 октября", "March 7-9"): an event's, whose
/// days are none of them the statement's own.
static SPAN_OF_DAYS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(from|between)\s+\d{1,2}(\s+\p{L}+)?\s+(to|and|until|till)\s+\d{1,2}(?-u:\b)|(?:^|\s)с\s+\d{1,2}(\s+\p{L}+)?\s+по\s+\d{1,2}|\d{1,2}\s*[-–—]\s*\d{1,2}(?-u:\b)").expect("valid")
});

fn names_span_of_days(sentence: &str) -> bool {
    SPAN_OF_DAYS.is_match(sentence)
}

/// A status as of a day ("As of May 7, 300 citizens returned", "По состоянию на 7 мая"): the
/// day of a count, not of the statement; but as of today ("As of today, September 14, …",
/// "По состоянию на сегодня") it is the statement's own.
static AS_OF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)as of\s+(?P<today>(today|now)(?-u:\b))?|по состоянию на\s*(?P<today_ru>сегодня)?").expect("valid"));

fn tells_status_as_of(sentence: &str) -> bool {
    AS_OF.captures_iter(sentence).any(|c| c.name("today").is_none() && c.name("today_ru").is_none())
}

/// "Заявления лидеров … от 9 ноября", "the agreement dated 9 November": the day a document
/// bears, not the day of what the sentence reports.
static DOCUMENT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)dated\s+(\d{1,2}\s+)?(january|february|march|april|may|june|july|august|september|october|november|december)|(^|\s)от\s+\d{1,2}\s+(января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)").expect("valid")
});

fn dates_a_document(sentence: &str) -> bool {
    DOCUMENT_DATE.is_match(sentence)
}

/// Whether the days a sentence names are another thing's than what it reports happening: a
/// span's, a count's as of a day, a document's.
pub fn names_days_of_something_else(sentence: &str) -> bool {
    names_span_of_days(sentence) || tells_status_as_of(sentence) || dates_a_document(sentence)
}

pub fn marks_the_day(sentence: &str) -> bool {
    MARKS.is_match(sentence)
}

/// The words of the present ("today", "this week"), whatever the tense. In a line, they tell
/// whether some sentence of it may speak of now: a sentence's edges are white space or its
/// stop, so a word boundary there is one in the line too.
pub fn names_now(text: &str) -> bool {
    NOW.is_match(text)
}

pub fn speaks_of_now(sentence: &str) -> bool {
    names_now(sentence) && !announces(sentence)
}

/// Whether the sentence's main clause looks ahead: "hoped that the talks will continue" still
/// reports a message sent.
pub fn announces(sentence: &str) -> bool {
    let main = main_clause(sentence);
    FUTURE.is_match(main) || (COMING.is_match(main) && !has_past_verb(main))
}

/// Words that open a clause of hope or report.
const CLAUSE_OPENERS: [&str; 4] = [" that ", " что ", " hope", " надежд"];

/// Words that open a relative clause, about something else than the sentence's subject.
const RELATIVE_OPENERS: [&str; 3] = [", who ", ", which ", ", котор"];

/// The sentence without its relative clauses (each from its opener to the next comma, or the
/// end): "… the death of X, who passed away on December 2" tells of the death.
pub fn without_relative_clauses(sentence: &str) -> Cow<'_, str> {
    if !RELATIVE_OPENERS.iter().any(|opener| sentence.contains(opener)) {
        return Cow::Borrowed(sentence);
    }
    let mut kept = String::with_capacity(sentence.len());
    let mut rest = sentence;
    while let Some((at, opener)) = RELATIVE_OPENERS.iter().filter_map(|opener| rest.find(opener).map(|at| (at, opener))).min() {
        kept.push_str(&rest[..at]);
        let clause = &rest[at + opener.len()..];
        rest = clause.find(',').map_or("", |end| &clause[end..]);
    }
    kept.push_str(rest);
    Cow::Owned(kept)
}

/// What a sentence says before any of the words that open a clause of hope or report.
pub fn main_clause(sentence: &str) -> &str {
    // `contains` is the fast search of the standard library (`find` is not): most sentences
    // hold no opener, and are let through by it.
    let openers = CLAUSE_OPENERS.into_iter().filter(|opener| sentence.contains(opener));
    openers.filter_map(|opener| sentence.find(opener)).min().map_or(sentence, |at| &sentence[..at])
}

/// An anniversary an event was held for: "a reception on the occasion of the 80th
/// anniversary", "по случаю годовщины". The event's day is its own, not one looked back on.
static OCCASION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(on the occasion of|to (mark|celebrate|commemorate)|marking|celebrating|commemorating|dedicated to|devoted to|in hono(u)?r of)\s[^,.;]*?anniversar\w*|(по случаю|в честь|посвящ\p{L}*|(?:^|\s)к)\s[^,.;]*?(годовщин|юбиле)\p{L}*",
    )
    .expect("valid")
});

/// Whether the sentence looks back at an earlier time, other than at the anniversary an event
/// it reports was held for.
pub fn looks_back(sentence: &str) -> bool {
    let mut looking_back = RETROSPECT.find_iter(sentence).peekable();
    if looking_back.peek().is_none() {
        return false;
    }
    let occasions: Vec<_> = OCCASION.find_iter(sentence).map(|m| m.range()).collect();
    looking_back.any(|m| !occasions.iter().any(|occasion| occasion.contains(&m.start())))
}

pub fn reports_past(sentence: &str) -> bool {
    has_past_verb(sentence) && !announces(sentence)
}

/// A past-tense verb, whatever the rest of the sentence: [`reports_past`] for a caller that
/// knows already that the sentence does not announce.
pub fn has_past_verb(sentence: &str) -> bool {
    PAST.is_match(sentence)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tense_cues_in_both_languages() {
        assert!(reports_past("On March 30, Sergey Lavrov had a telephone conversation with his colleague."));
        assert!(reports_past("28 марта в Посольстве России прошел кинопоказ."));
        assert!(announces("On April 4, a meeting will be held in Belgrade."));
        assert!(announces("The parade is scheduled to take place on June 24."));
        assert!(announces("12 апреля состоится концерт."));
        assert!(!announces("Putin sent a telegram and expressed the hope that his government will continue the ties, the Kremlin said on Sunday."));
        assert!(!reports_past("The ministers will meet on Monday."));
        assert!(looks_back("April 4 marks the 80th anniversary of the liberation."));
        assert!(!looks_back("On October 4, the Embassy hosted a reception on the occasion of the 80th anniversary of the United Nations."));
        assert!(!looks_back("4 октября в Посольстве прошёл приём по случаю 80-й годовщины Победы."));
        assert!(looks_back("On October 4, the Embassy hosted a reception on the occasion of the anniversary, as it did 80 years ago."));
        assert!(looks_back("В честь Дня Победы ветераны вспоминали, что было 80 лет назад."));
        assert!(!reports_past("Today is a day of remembrance"));
        assert!(speaks_of_now("Today we open eight new medical centres."));
        assert!(speaks_of_now("Last week, the ministry announced new sanctions."));
        assert!(marks_the_day("April 4 marks the 80th Anniversary of the liberation."));
        assert!(names_span_of_days("С 8 по 12 октября в Ханчжоу прошли Дни российского кино."));
        assert!(names_span_of_days("The exhibition was held in Singapore on March 7-9."));
        assert!(names_span_of_days("From 8 to 12 October, the film days took place."));
        assert!(!names_span_of_days("On October 12, 2025, the film days took place."));
        assert!(tells_status_as_of("По состоянию на 7 мая при содействии Посольства вернулись 4000 граждан."));
        assert!(tells_status_as_of("As of May 7, 300 citizens had returned."));
        // As of today, the day named is the statement's own.
        assert!(!tells_status_as_of("As of today, September 14, the US authorities have not issued visas to our delegates."));
        assert!(!tells_status_as_of("По состоянию на сегодня, 14 ноября, визы не выданы.") && !tells_status_as_of("ПО СОСТОЯНИЮ НА СЕГОДНЯ визы не выданы."));
        assert!(tells_status_as_of("As of Nowruz, 21 March, 300 citizens had returned."));
        assert!(dates_a_document("The sides discussed the agreement dated 9 November.") && dates_a_document("Обсуждался ход реализации Заявления от 9 ноября."));
        assert!(!dates_a_document("The outdated rules were changed on 9 November.") && !dates_a_document("On 9 November, the ministers met."));
        assert!(marks_the_day("💐 Today, on October 5, Russia celebrates Teachers' Day."));
        assert!(marks_the_day("Сегодня, 9 мая, мы отмечаем 75-летие Победы."));
        assert!(!marks_the_day("Today the Embassy answered questions about the events of October 3."));
        assert!(!announces("We have taken note of the article published on October 4 about the upcoming elections."));
        assert!(announces("The upcoming elections on November 4 are a test."));
        assert!(!has_past_verb(main_clause("The Consular Section works as usual despite the shutdown that began on October 1.")));
        assert!(has_past_verb(main_clause("On October 2, Sergey Lavrov had a telephone conversation with Marco Rubio, who said that it was useful.")));
    }

    #[test]
    fn relative_clauses_run_to_the_next_comma() {
        assert_eq!(without_relative_clauses("the death of X, who passed away on December 2 at 94."), "the death of X");
        assert_eq!(without_relative_clauses("X, who arrived on Monday, met Y, which was new, on Tuesday."), "X, met Y, on Tuesday.");
        assert_eq!(without_relative_clauses("С Днём отца, который Россия отмечает 19 октября."), "С Днём отца");
        assert_eq!(without_relative_clauses("Nothing relative here, and so on"), "Nothing relative here, and so on");
    }

    #[test]
    fn the_main_clause_ends_where_the_first_opener_starts() {
        // What cutting at each opener in turn, one after the other, leaves.
        let cut_in_turn = |sentence: &'static str| CLAUSE_OPENERS.iter().fold(sentence, |main, cut| main.split(cut).next().unwrap_or(main));
        for sentence in [
            "He said that they will meet and hoped that it holds.",
            "Он выразил надежду, что встреча состоится.",
            "Мы считаем, что\u{a0}это будет",
            "We hope  that  the talks go on",
            "They hoped\u{a0}that 🎉 hope",
            "that starts it, and ends with hope",
            "Nothing to cut here ",
            "",
        ] {
            assert_eq!(main_clause(sentence), cut_in_turn(sentence), "{sentence}");
        }
    }
}
