//! Plural categories by CLDR's rules (the `intl_pluralrules` crate, Mozilla's, which carries
//! the rules of every language CLDR describes).

use std::collections::{BTreeMap, BTreeSet};

use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;

/// A CLDR plural category, named as CLDR, `Intl.PluralRules` and translation files name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl Category {
    pub const ALL: [Category; 6] = [Category::Zero, Category::One, Category::Two, Category::Few, Category::Many, Category::Other];

    pub fn name(self) -> &'static str {
        match self {
            Category::Zero => "zero",
            Category::One => "one",
            Category::Two => "two",
            Category::Few => "few",
            Category::Many => "many",
            Category::Other => "other",
        }
    }

    pub fn of_name(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// The cardinal plural rules of one language.
pub struct Plurals(PluralRules);

impl Plurals {
    /// The rules of `language` (a BCP 47 tag), else of its primary language (`pt` for `pt-BR`);
    /// `None` when CLDR has neither.
    pub fn of(language: &str) -> Option<Plurals> {
        let tag: LanguageIdentifier = language.parse().ok()?;
        let primary = LanguageIdentifier::from_parts(tag.language, None, None, &[]);
        [tag, primary].into_iter().find_map(|id| PluralRules::create(id, PluralRuleType::CARDINAL).ok()).map(Plurals)
    }

    pub fn category(&self, n: u64) -> Category {
        match self.0.select(n) {
            Ok(PluralCategory::ZERO) => Category::Zero,
            Ok(PluralCategory::ONE) => Category::One,
            Ok(PluralCategory::TWO) => Category::Two,
            Ok(PluralCategory::FEW) => Category::Few,
            Ok(PluralCategory::MANY) => Category::Many,
            // A u64 is always a number the rules read; `other` is also CLDR's own default.
            Ok(PluralCategory::OTHER) | Err(_) => Category::Other,
        }
    }

    /// The categories counts of statements (whole numbers) fall in, with an example of each:
    /// the forms a table of this language must give.
    pub fn whole_number_categories(&self) -> BTreeMap<Category, Vec<u64>> {
        let mut found: BTreeMap<Category, Vec<u64>> = BTreeMap::new();
        for n in (0..=1000).chain([1_000_000]) {
            let examples = found.entry(self.category(n)).or_default();
            if examples.len() < 3 {
                examples.push(n);
            }
        }
        found
    }
}

/// The form of `forms` for `category`, else its `other` form (which every table has).
pub fn form(forms: &BTreeMap<Category, String>, category: Category) -> &str {
    forms.get(&category).or_else(|| forms.get(&Category::Other)).map_or("", String::as_str)
}

/// The categories of `forms` that `plurals` needs and `forms` lacks (its `other` standing in
/// for none of them).
pub fn missing(plurals: &Plurals, forms: &BTreeSet<Category>) -> Vec<(Category, Vec<u64>)> {
    plurals.whole_number_categories().into_iter().filter(|(category, _)| !forms.contains(category)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_counts_follow_cldr() {
        let ru = Plurals::of("ru").unwrap();
        let of = |n| ru.category(n);
        for n in [1, 21, 31, 101, 1001] {
            assert_eq!(of(n), Category::One, "{n}");
        }
        for n in [2, 3, 4, 22, 23, 24, 102] {
            assert_eq!(of(n), Category::Few, "{n}");
        }
        for n in [0, 5, 9, 10, 11, 12, 13, 14, 15, 20, 25, 100, 111, 112, 114] {
            assert_eq!(of(n), Category::Many, "{n}");
        }
        let needed: Vec<Category> = ru.whole_number_categories().into_keys().collect();
        assert_eq!(needed, [Category::One, Category::Few, Category::Many]);
    }

    #[test]
    fn english_has_one_and_other_and_regions_fall_back_to_their_language() {
        let en = Plurals::of("en-GB").unwrap();
        assert_eq!(en.category(1), Category::One);
        assert_eq!(en.category(0), Category::Other);
        assert_eq!(en.category(11), Category::Other);
        assert!(Plurals::of("xx").is_none());
        assert!(Plurals::of("not a tag").is_none());
    }
}
