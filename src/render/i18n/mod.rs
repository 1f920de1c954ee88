//! The site's own words in the site's language: the translation table every template, date and
//! the search page's script read.
//!
//! A table maps keys to a text, or to the forms of a text that goes with a number, one per CLDR
//! plural category. The default theme has English and Russian built in
//! (`themes/default/i18n/`); a theme's `i18n/<language>.toml`, the site's `i18n/<language>.toml`
//! and the `[translations]` table of `site.toml` override keys, in that order (see [`load`]).
//! Texts hold `{name}` placeholders the template fills in.

mod dates;
mod load;
mod plural;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::fingerprint::{Fingerprint, Hasher};
pub use load::{builtin, builtin_languages, load};
pub use plural::Plurals;

/// A text, or its forms by plural category.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Entry {
    Text(String),
    Plural(BTreeMap<plural::Category, String>),
}

/// The table of the site's language, complete and checked.
pub struct Translations {
    language: String,
    entries: BTreeMap<String, Entry>,
    plurals: Plurals,
    key: Fingerprint,
}

/// Why a text could not be given.
#[derive(Debug, PartialEq)]
pub enum LookupError {
    NoSuchKey(String),
    /// A text with plural forms asked for without a count.
    NeedsCount(String),
    /// A placeholder the caller gave no value for.
    Unfilled { key: String, placeholder: String },
}

impl std::fmt::Display for LookupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LookupError::NoSuchKey(key) => write!(f, "no translation has the key `{key}` (keys are declared in the English table, i18n/en.toml)"),
            LookupError::NeedsCount(key) => write!(f, "the translation `{key}` has plural forms: give it a `count`"),
            LookupError::Unfilled { key, placeholder } => write!(f, "the translation `{key}` uses {{{placeholder}}}, which is not given"),
        }
    }
}

impl Translations {
    fn new(language: String, entries: BTreeMap<String, Entry>, plurals: Plurals) -> Translations {
        let key = Hasher::new("translations").text(&language).value(&entries).finish();
        Translations { language, entries, plurals, key }
    }

    pub fn language(&self) -> &str {
        &self.language
    }

    /// A fingerprint of the whole table: part of every page's key.
    pub fn key(&self) -> Fingerprint {
        self.key
    }

    /// The text of `key`, its form for `count` when it has plural forms, with `{count}` and
    /// the `values` filled in.
    pub fn text(&self, key: &str, count: Option<u64>, values: &[(&str, &str)]) -> Result<String, LookupError> {
        let raw = match (self.entries.get(key), count) {
            (None, _) => return Err(LookupError::NoSuchKey(key.to_string())),
            (Some(Entry::Text(text)), _) => text,
            (Some(Entry::Plural(_)), None) => return Err(LookupError::NeedsCount(key.to_string())),
            (Some(Entry::Plural(forms)), Some(n)) => plural::form(forms, self.plurals.category(n)),
        };
        let count_text = count.map(|n| n.to_string());
        let mut values: Vec<(&str, &str)> = values.to_vec();
        if let Some(n) = &count_text {
            values.push(("count", n));
        }
        fill(raw, &values).map_err(|placeholder| LookupError::Unfilled { key: key.to_string(), placeholder })
    }

    /// A text with no placeholder and no plural forms, of a key of the English table (which
    /// the loader made sure the table has).
    pub fn word(&self, key: &str) -> String {
        self.text(key, None, &[]).unwrap_or_else(|_| key.to_string())
    }

    /// The name of a language (`language_ru`), or its code when the table has none.
    pub fn language_name(&self, code: &str) -> String {
        self.text(&format!("language_{code}"), None, &[]).unwrap_or_else(|_| code.to_string())
    }

    /// The entries whose keys start with `prefix` and the language, as JSON for a script:
    /// `{"language": "ru", "text": {key: text or {category: form}}}`, plural forms by CLDR
    /// category, which `Intl.PluralRules` in the browser names the same way; safe inside a
    /// `<script>` element.
    pub fn script_strings(&self, prefix: &str) -> String {
        let text: BTreeMap<&str, &Entry> = self.entries.iter().filter(|(key, _)| key.starts_with(prefix)).map(|(key, entry)| (key.as_str(), entry)).collect();
        super::theme::script_safe_json(&serde_json::json!({ "language": self.language, "text": text }).to_string())
    }
}

/// `text` with each `{name}` replaced by its value; the name of a placeholder with no value is
/// the error. A `{` not closed by `}` is text.
fn fill(text: &str, values: &[(&str, &str)]) -> Result<String, String> {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                let value = values.iter().find(|(n, _)| *n == name).map(|(_, v)| *v).ok_or_else(|| name.to_string())?;
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// The templates' `t` function: `t(key="timeline")`, `t(key="statements_noun", count=n)`,
/// `t(key="sometime_in", year=2020)`; every other argument fills the placeholder of its name.
pub struct TeraFunction(pub std::sync::Arc<Translations>);

impl tera::Function for TeraFunction {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let key = args.get("key").and_then(tera::Value::as_str).ok_or_else(|| tera::Error::msg("t() needs key=\"…\", a string"))?;
        let count = match args.get("count") {
            None => None,
            Some(value) => Some(value.as_u64().ok_or_else(|| tera::Error::msg(format!("t(key=\"{key}\"): count must be a whole number, not {value}")))?),
        };
        let texts: Vec<(&str, String)> = args
            .iter()
            .filter(|(name, _)| !matches!(name.as_str(), "key" | "count"))
            .map(|(name, value)| (name.as_str(), value.as_str().map_or_else(|| value.to_string(), str::to_string)))
            .collect();
        let values: Vec<(&str, &str)> = texts.iter().map(|(name, text)| (*name, text.as_str())).collect();
        self.0.text(key, count, &values).map(tera::Value::String).map_err(|err| tera::Error::msg(err.to_string()))
    }

    fn is_safe(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_take_the_form_their_language_needs() {
        let ru = builtin("ru");
        let statements = |n| format!("{n} {}", ru.text("statements_noun", Some(n), &[]).unwrap());
        for (n, expected) in [
            (1, "1 заявление"),
            (2, "2 заявления"),
            (4, "4 заявления"),
            (5, "5 заявлений"),
            (11, "11 заявлений"),
            (12, "12 заявлений"),
            (14, "14 заявлений"),
            (21, "21 заявление"),
            (22, "22 заявления"),
            (25, "25 заявлений"),
            (111, "111 заявлений"),
            (0, "0 заявлений"),
        ] {
            assert_eq!(statements(n), expected);
        }
        assert_eq!(ru.text("search_results", Some(3), &[]).unwrap(), "3 результата");
        let en = builtin("en");
        assert_eq!(en.text("statements_noun", Some(1), &[]).unwrap(), "statement");
        assert_eq!(en.text("statements_noun", Some(2), &[]).unwrap(), "statements");
        assert_eq!(en.text("search_results", Some(11), &[]).unwrap(), "11 results");
    }

    #[test]
    fn lookups_fill_values_and_say_what_is_wrong() {
        let en = builtin("en");
        assert_eq!(en.text("timeline", None, &[]).unwrap(), "Timeline");
        assert_eq!(builtin("ru").text("timeline", None, &[]).unwrap(), "Хронология");
        assert_eq!(en.text("sometime_in", None, &[("year", "2020")]).unwrap(), "Sometime in 2020");
        assert_eq!(en.text("nope", None, &[]), Err(LookupError::NoSuchKey("nope".into())));
        assert_eq!(en.text("statements_noun", None, &[]), Err(LookupError::NeedsCount("statements_noun".into())));
        assert_eq!(en.text("sometime_in", None, &[]), Err(LookupError::Unfilled { key: "sometime_in".into(), placeholder: "year".into() }));
        assert_eq!(en.language_name("ru"), "Russian");
        assert_eq!(builtin("ru").language_name("en"), "английский");
        assert_eq!(en.language_name("xx"), "xx");
    }

    #[test]
    fn placeholders_are_filled_and_an_unfilled_one_is_named() {
        assert_eq!(fill("Page {number} of {total}", &[("number", "2"), ("total", "5")]).unwrap(), "Page 2 of 5");
        assert_eq!(fill("a { b", &[]).unwrap(), "a { b");
        assert_eq!(fill("in {year}", &[]).unwrap_err(), "year");
    }
}
