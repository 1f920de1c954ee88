//! The timeline: every year with its months and charts, a page per year and a page per month
//! with its calendar and its statements by day.

use chrono::Datelike;

use crate::content::DatePrecision;
use crate::error::Problem;
use crate::site::Year;

use super::chart;
use super::mode::Mode;
use super::routes::Route;
use super::view::{DayGroup, MonthLink, MonthNav, MonthPage, TimelineYear, YearPage};
use super::Plan;

impl<'a> Plan<'a> {
    pub(super) fn fill_timeline<M: Mode<'a>>(&self, mode: &mut M) -> &'static str {
        let years: Vec<TimelineYear> = self
            .archive
            .timeline
            .years
            .iter()
            .map(|y| {
                let months = self.month_links(y);
                TimelineYear { link: self.year_link(y), chart: month_chart(&months), months }
            })
            .collect();
        mode.insert("years", &years);
        mode.insert("years_chart", &self.years_chart());
        mode.insert("undated", &self.undated_link());
        "timeline.html"
    }

    pub(super) fn fill_year<M: Mode<'a>>(&self, mode: &mut M, y: usize) -> Result<&'static str, Vec<Problem>> {
        let years = &self.archive.timeline.years;
        let year = &years[y];
        let months = self.month_links(year);
        let page = YearPage { year: year.year, count: year.count, chart: month_chart(&months), months, year_only: self.list_items(mode, &year.year_only)? };
        mode.insert("year", &page);
        mode.insert("previous_year", &y.checked_sub(1).map(|p| self.year_link(&years[p])));
        mode.insert("next_year", &years.get(y + 1).map(|n| self.year_link(n)));
        Ok("timeline_year.html")
    }

    pub(super) fn fill_month<M: Mode<'a>>(&self, mode: &mut M, y: usize, m: usize) -> Result<&'static str, Vec<Problem>> {
        let years = &self.archive.timeline.years;
        let year = &years[y];
        let month = &year.months[m];
        let mut days: Vec<DayGroup<M::Item>> = Vec::new();
        for &i in &month.statements {
            // Date and precision are the statement's shape: they place it, they are not shown.
            let statement = &self.archive.statements[i];
            let day = (statement.date_precision == DatePrecision::Day).then(|| statement.date.map(|d| d.day())).flatten();
            if days.last().is_none_or(|g| g.day != day) {
                let words = self.views.words;
                let label = match (day, statement.date) {
                    (Some(_), Some(date)) => words.day_heading(date),
                    _ => words.word("day_unknown"),
                };
                days.push(DayGroup { day, label, anchor: day_anchor(day), items: Vec::new() });
            }
            let item = mode.item(self, i).map_err(|p| vec![p])?;
            days.last_mut().expect("pushed above").items.push(item);
        }
        let mut per_day = vec![0; 31];
        for group in &days {
            if let Some(d) = group.day {
                per_day[d as usize - 1] = group.items.len();
            }
        }
        let calendar = chart::calendar(year.year, month.month, &per_day, self.views.words.weekdays_short(), |d| day_anchor(Some(d)));
        // Neighbouring months with statements, across years.
        let flat: Vec<(i32, u32)> = years.iter().flat_map(|yr| yr.months.iter().map(move |mo| (yr.year, mo.month))).collect();
        let here = flat.iter().position(|&(yy, mm)| yy == year.year && mm == month.month).expect("month is in the timeline");
        let words = self.views.words;
        let nav = |(yy, mm): (i32, u32)| MonthNav { title: words.month_of_year(yy, mm), url: self.views.url(&Route::Month { year: yy, month: mm }) };
        mode.insert("month", &MonthPage {
            year: year.year,
            month: month.month,
            name: words.month(month.month),
            title: words.month_of_year(year.year, month.month),
            count: month.statements.len(),
            year_url: self.views.url(&Route::Year { year: year.year }),
            days,
            calendar,
            notes: month.notes.iter().map(|&n| self.views.note_link(n)).collect(),
        });
        mode.insert("previous_month", &here.checked_sub(1).map(|p| nav(flat[p])));
        mode.insert("next_month", &flat.get(here + 1).map(|&n| nav(n)));
        Ok("timeline_month.html")
    }

    /// Every year from the first to the last, so that gaps show as gaps.
    fn years_chart(&self) -> chart::BarChart {
        let years = &self.archive.timeline.years;
        let (Some(first), Some(last)) = (years.first(), years.last()) else { return chart::bar_chart([]) };
        chart::bar_chart((first.year..=last.year).map(|year| {
            let found = years.iter().find(|y| y.year == year);
            (year.to_string(), found.map_or(0, |y| y.count), found.map(|_| self.views.url(&Route::Year { year })))
        }))
    }

    /// All twelve months of a year, linked where the year has statements in them.
    fn month_links(&self, year: &Year) -> Vec<MonthLink> {
        (1..=12)
            .map(|m| {
                let found = year.months.iter().find(|month| month.month == m);
                MonthLink {
                    month: m,
                    name: self.views.words.month(m),
                    short: self.views.words.month_short(m),
                    count: found.map_or(0, |month| month.statements.len()),
                    url: found.map(|_| self.views.url(&Route::Month { year: year.year, month: m })),
                }
            })
            .collect()
    }
}

fn month_chart(months: &[MonthLink]) -> chart::BarChart {
    chart::bar_chart(months.iter().map(|m| (m.short.clone(), m.count, m.url.clone())))
}

fn day_anchor(day: Option<u32>) -> String {
    day.map_or("day-unknown".to_string(), |d| format!("day-{d:02}"))
}
