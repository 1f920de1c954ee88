//! The importer's rules as data: `rules.toml`, built in, extended by `site.toml`'s `[import]`.

use regex::Regex;
use serde::Deserialize;

use super::kind::{KindRuleDef, KindRules};
use crate::config::ImportConfig;

const BUILTIN: &str = include_str!("rules.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    kind: Vec<KindRuleDef>,
    footer: FooterDef,
    quotes: QuotesDef,
    people: PeopleDef,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuotesDef {
    introducers: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FooterDef {
    signals: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeopleDef {
    titles: Vec<String>,
}

pub struct Rules {
    pub kinds: KindRules,
    /// Matches a line that marks a footer.
    pub footer: Regex,
    /// Matches a line that introduces a quote ("…, says X", "X said:").
    pub introduces_quote: Regex,
    /// Titles that come before a person's name.
    pub person_titles: Vec<String>,
}

impl Rules {
    /// The built-in rules alone.
    pub fn builtin() -> Rules {
        Rules::with_site(&ImportConfig::default()).expect("the built-in rules compile")
    }

    /// The built-in rules with the site's: its kind rules first, its footer signals and
    /// titles added. A rule that does not compile is an error naming it.
    pub fn with_site(site: &ImportConfig) -> Result<Rules, String> {
        let builtin: RulesFile = toml::from_str(BUILTIN).expect("rules.toml is valid");
        let kinds: Vec<KindRuleDef> = site.kind.iter().chain(&builtin.kind).cloned().collect();
        let signals: Vec<&String> = site.footer_signals.iter().chain(&builtin.footer.signals).collect();
        for signal in &site.footer_signals {
            Regex::new(signal).map_err(|e| format!("[import] footer_signals {signal:?}: {e}"))?;
        }
        Ok(Rules {
            kinds: KindRules::new(&kinds).map_err(|e| format!("[import] {e}"))?,
            footer: Regex::new(&format!("(?i){}", any_of(&signals))).map_err(|e| format!("[import] footer_signals: {e}"))?,
            introduces_quote: Regex::new(&any_of(&builtin.quotes.introducers)).expect("rules.toml's quote introducers compile"),
            person_titles: site.person_titles.iter().chain(&builtin.people.titles).cloned().collect(),
        })
    }
}

/// One pattern matching any of `patterns`, `\b` an ASCII word boundary in each (see `rules.toml`).
fn any_of(patterns: &[impl AsRef<str>]) -> String {
    patterns.iter().map(|p| format!("(?:{})", p.as_ref().replace(r"\b", r"(?-u:\b)"))).collect::<Vec<_>>().join("|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_rules_come_first_and_bad_ones_are_named() {
        let site = ImportConfig {
            kind: vec![KindRuleDef { kind: "article".into(), place: "heading".into(), pattern: "(?i)column".into(), unless: None, weak: false }],
            footer_signals: vec!["(?i)sent by our mailer".into()],
            ..ImportConfig::default()
        };
        let rules = Rules::with_site(&site).unwrap();
        let item = super::super::extract::ItemText::new(vec!["Weekly column on the talks", "Text."]);
        assert_eq!(rules.kinds.decide(&item).kind, super::super::kind::Kind::Article);
        assert!(rules.footer.is_match("This was sent by our mailer"));
        assert!(rules.footer.is_match("To unsubscribe, click here"));
        let bad = ImportConfig { kind: vec![KindRuleDef { kind: "poem".into(), place: "heading".into(), pattern: "x".into(), unless: None, weak: false }], ..ImportConfig::default() };
        let err = Rules::with_site(&bad).err().unwrap();
        assert!(err.contains("kind rule 1") && err.contains("poem"), "{err}");
    }
}
