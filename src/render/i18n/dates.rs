//! Dates, months and weekdays in the site's language. A month has a name standing alone or
//! with a year ("март 2020") and one with a day ("31 декабря 2025"); the table's patterns put
//! day, month and year in the language's order.

use chrono::{Datelike, NaiveDate};

use crate::content::DatePrecision;

use super::Translations;

impl Translations {
    /// A date at its precision: `30 March 2020`, `March 2020`, `2020`.
    pub fn date(&self, date: NaiveDate, precision: DatePrecision) -> String {
        let year = date.year().to_string();
        let (key, month) = match precision {
            DatePrecision::Day => ("date_day", self.word(&format!("month_with_day_{}", date.month()))),
            DatePrecision::Month => ("date_month", self.month(date.month())),
            DatePrecision::Year => ("date_year", String::new()),
        };
        let day = date.day().to_string();
        self.pattern(key, &[("day", &day), ("month", &month), ("year", &year)])
    }

    /// A month's name standing alone or with a year (1 = January).
    pub fn month(&self, month: u32) -> String {
        self.word(&format!("month_{month}"))
    }

    /// A month's short name, for charts.
    pub fn month_short(&self, month: u32) -> String {
        self.word(&format!("month_short_{month}"))
    }

    /// A month of a year: `March 2020`.
    pub fn month_of_year(&self, year: i32, month: u32) -> String {
        self.date(NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default(), DatePrecision::Month)
    }

    /// Short weekday names from Monday, for calendars.
    pub fn weekdays_short(&self) -> [String; 7] {
        std::array::from_fn(|i| self.word(&format!("weekday_short_{}", i + 1)))
    }

    /// A day's heading: `Monday 30 March 2020`.
    pub fn day_heading(&self, date: NaiveDate) -> String {
        let weekday = self.word(&format!("weekday_{}", date.weekday().number_from_monday()));
        let date = self.date(date, DatePrecision::Day);
        self.pattern("day_heading", &[("weekday", &weekday), ("date", &date)])
    }

    /// A pattern key filled with `values`: the loader checked that the table's patterns use
    /// only the placeholders English does, so this cannot lack one.
    fn pattern(&self, key: &str, values: &[(&str, &str)]) -> String {
        self.text(key, None, values).unwrap_or_else(|err| err.to_string())
    }
}

#[cfg(test)]
mod tests {
    use crate::content::DatePrecision;
    use crate::render::i18n::load::builtin;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn russian_dates_take_the_genitive_with_a_day_and_the_nominative_without() {
        let ru = builtin("ru");
        assert_eq!(ru.date(day(2025, 12, 31), DatePrecision::Day), "31 декабря 2025");
        assert_eq!(ru.date(day(2020, 3, 1), DatePrecision::Month), "март 2020");
        assert_eq!(ru.date(day(2020, 5, 9), DatePrecision::Day), "9 мая 2020");
        assert_eq!(ru.date(day(2020, 5, 1), DatePrecision::Month), "май 2020");
        assert_eq!(ru.date(day(2019, 1, 1), DatePrecision::Year), "2019");
        assert_eq!(ru.day_heading(day(2020, 3, 30)), "Понедельник, 30 марта 2020");
        assert_eq!(ru.weekdays_short().join(" "), "Пн Вт Ср Чт Пт Сб Вс");
        assert_eq!(ru.month_short(2), "фев");
    }

    #[test]
    fn english_dates_are_as_before() {
        let en = builtin("en");
        assert_eq!(en.date(day(2020, 4, 1), DatePrecision::Day), "1 April 2020");
        assert_eq!(en.date(day(2020, 4, 1), DatePrecision::Month), "April 2020");
        assert_eq!(en.date(day(2020, 4, 1), DatePrecision::Year), "2020");
        assert_eq!(en.day_heading(day(2020, 3, 30)), "Monday 30 March 2020");
        assert_eq!(en.weekdays_short().join(" "), "Mon Tue Wed Thu Fri Sat Sun");
    }
}
