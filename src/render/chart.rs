//! Bar charts and month calendars, laid out at build time so that themes draw them as inline
//! SVG and HTML tables without any JavaScript.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// Width of one bar's slot and the plot's height, in SVG user units; the `viewBox` scales the
/// chart to its container, so only the proportions matter.
const SLOT: u32 = 40;
const PLOT_HEIGHT: u32 = 120;
/// Room above the bars for the counts and below them for the labels.
const TOP: u32 = 18;
const BOTTOM: u32 = 20;
/// Beyond this many bars only every n-th is labelled, so that labels stay readable when the
/// chart is scaled down to a phone.
const MAX_LABELS: usize = 13;

#[derive(Debug, Serialize)]
pub struct BarChart {
    pub width: u32,
    pub height: u32,
    /// Where the bars stand, for drawing the axis.
    pub baseline: u32,
    pub bars: Vec<Bar>,
}

#[derive(Debug, Serialize)]
pub struct Bar {
    pub label: String,
    pub count: usize,
    pub url: Option<String>,
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
    /// Centre of the slot, for the label and the count.
    pub middle: u32,
    pub label_y: u32,
    pub count_y: u32,
    /// Whether the label is drawn (every bar keeps it in its tooltip).
    pub labelled: bool,
}

/// One bar per `(label, count, link)`, heights in proportion to the largest count; a non-zero
/// count always gets a visible bar.
pub fn bar_chart(data: impl IntoIterator<Item = (String, usize, Option<String>)>) -> BarChart {
    let data: Vec<_> = data.into_iter().collect();
    let max = data.iter().map(|(_, count, _)| *count).max().unwrap_or(0);
    let label_every = data.len().div_ceil(MAX_LABELS).max(1);
    let baseline = TOP + PLOT_HEIGHT;
    let bars = data
        .into_iter()
        .zip(0u32..)
        .map(|((label, count, url), i)| {
            let height = match count {
                0 => 0,
                _ => ((count as u64 * PLOT_HEIGHT as u64).div_ceil(max as u64) as u32).max(2),
            };
            Bar {
                label,
                count,
                url,
                x: i * SLOT + SLOT / 8,
                y: baseline - height,
                width: SLOT * 3 / 4,
                height,
                middle: i * SLOT + SLOT / 2,
                label_y: baseline + BOTTOM - 5,
                count_y: baseline - height - 4,
                labelled: (i as usize).is_multiple_of(label_every),
            }
        })
        .collect::<Vec<_>>();
    BarChart { width: SLOT * bars.len().max(1) as u32, height: baseline + BOTTOM, baseline, bars }
}

/// A month laid out in weeks from Monday to Sunday.
#[derive(Debug, Serialize)]
pub struct Calendar {
    pub weekdays: [String; 7],
    pub weeks: Vec<[Option<CalendarDay>; 7]>,
}

#[derive(Debug, Serialize)]
pub struct CalendarDay {
    pub day: u32,
    pub count: usize,
    /// 0 for a day without statements, then 1–4 by share of the month's busiest day.
    pub level: usize,
    /// Where the day's statements are listed on the month page.
    pub anchor: Option<String>,
}

/// `counts[d - 1]` is the number of statements on day `d`; `anchor` names a day's place on the page.
pub fn calendar(year: i32, month: u32, counts: &[usize], weekdays: [String; 7], anchor: impl Fn(u32) -> String) -> Calendar {
    let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
    let lead = first.weekday().num_days_from_monday() as usize;
    let days = days_in_month(year, month);
    let max = counts.iter().copied().max().unwrap_or(0);
    let mut cells: Vec<Option<CalendarDay>> = (0..lead).map(|_| None).collect();
    cells.extend((1..=days).map(|day| {
        let count = counts.get(day as usize - 1).copied().unwrap_or(0);
        let level = if count == 0 { 0 } else { (count * 4).div_ceil(max) };
        Some(CalendarDay { day, count, level, anchor: (count > 0).then(|| anchor(day)) })
    }));
    let mut weeks = Vec::new();
    let mut cells = cells.into_iter().peekable();
    while cells.peek().is_some() {
        let mut week: [Option<CalendarDay>; 7] = Default::default();
        for slot in week.iter_mut() {
            *slot = cells.next().flatten();
        }
        weeks.push(week);
    }
    Calendar { weekdays, weeks }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let (next_year, next_month) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    let next = NaiveDate::from_ymd_opt(next_year, next_month, 1).unwrap_or_default();
    next.pred_opt().map_or(31, |last| last.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    #[test]
    fn bars_are_proportional_and_small_counts_stay_visible() {
        let chart = bar_chart([("a".to_string(), 100, None), ("b".to_string(), 50, None), ("c".to_string(), 1, None), ("d".to_string(), 0, None)]);
        let heights: Vec<u32> = chart.bars.iter().map(|b| b.height).collect();
        assert_eq!(heights, [PLOT_HEIGHT, PLOT_HEIGHT / 2, 2, 0]);
        assert!(chart.bars.iter().all(|b| b.y + b.height == chart.baseline));
        assert_eq!(chart.width, 4 * SLOT);
        assert!(chart.bars.windows(2).all(|w| w[0].x + w[0].width <= w[1].x), "bars do not overlap");
    }

    #[test]
    fn many_bars_label_every_few() {
        let twelve = bar_chart((1..=12).map(|m| (m.to_string(), m, None)));
        assert!(twelve.bars.iter().all(|b| b.labelled), "a year's months are all labelled");
        let years = bar_chart((2000..2026).map(|y| (y.to_string(), 1, None)));
        let labelled: Vec<&str> = years.bars.iter().filter(|b| b.labelled).map(|b| b.label.as_str()).collect();
        assert_eq!(labelled, ["2000", "2002", "2004", "2006", "2008", "2010", "2012", "2014", "2016", "2018", "2020", "2022", "2024"]);
        let forty = bar_chart((0..40).map(|i| (i.to_string(), 1, None)));
        assert_eq!(forty.bars.iter().filter(|b| b.labelled).count(), 10, "every fourth of forty");
    }

    #[test]
    fn calendar_starts_on_monday_and_covers_every_day() {
        // 1 April 2020 was a Wednesday; April has 30 days.
        let mut counts = vec![0; 30];
        counts[0] = 4;
        counts[29] = 1;
        let cal = calendar(2020, 4, &counts, WEEKDAYS.map(String::from), |d| format!("day-{d:02}"));
        assert!(cal.weeks[0][0].is_none() && cal.weeks[0][1].is_none());
        assert_eq!(cal.weeks[0][2].as_ref().map(|d| d.day), Some(1));
        let days: Vec<&CalendarDay> = cal.weeks.iter().flatten().flatten().collect();
        assert_eq!(days.len(), 30);
        assert_eq!(days.last().map(|d| (d.day, d.level, d.anchor.as_deref())), Some((30, 1, Some("day-30"))));
        assert_eq!((days[0].level, days[1].level, days[1].anchor.as_deref()), (4, 0, None));
    }

    #[test]
    fn february_of_a_leap_year_has_29_days() {
        assert_eq!(days_in_month(2020, 2), 29);
        assert_eq!(days_in_month(2025, 2), 28);
        assert_eq!(days_in_month(2025, 12), 31);
    }
}
