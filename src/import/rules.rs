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
    masthead: MastheadDef,
    quotes: QuotesDef,
    people: PeopleDef,
    lines: LinesDef,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LinesDef {
    read_more: Vec<String>,
    forwarded: Vec<String>,
    ui: Vec<String>,
    reactions: Vec<String>,
    navigation: Vec<String>,
    page_ui: Vec<String>,
    banners: Vec<String>,
    sidebars: Vec<String>,
    polls: Vec<String>,
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
    addresses: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MastheadDef {
    issue_names: Vec<String>,
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
    /// Matches a sender's postal address, which a footer may hold among its short lines.
    pub footer_address: Regex,
    /// Matches the words by which a newsletter's masthead names its issue.
    pub issue_name: Regex,
    /// Matches a line that introduces a quote ("…, says X", "X said:").
    pub introduces_quote: Regex,
    /// Titles that come before a person's name.
    pub person_titles: Vec<String>,
    /// What a line is, by what it says: pointers, forwards, interface lines, reaction
    /// counters, navigation.
    pub lines: LineRules,
}

/// The phrases that tell what a line is, compiled: every line of a dump is matched against
/// them when it is split.
pub struct LineRules {
    read_more: Regex,
    /// `read_more` without its closing Unicode word boundary, which the fast regex engine cannot
    /// test on non-ASCII text (the slow one then runs, six times slower): a line it rejects,
    /// `read_more` rejects too, and most lines are no pointer.
    read_more_head: Regex,
    forwarded: Vec<String>,
    ui: Regex,
    /// Every interface line starts with one of these chars (when every pattern starts with a
    /// letter): a line that does not is no interface line, without running the regex.
    ui_first: Option<Vec<char>>,
    reaction: Regex,
    /// Every built-in reaction counter starts with a pictograph: while the site adds none, a
    /// line that starts with an ASCII char is no counter, without running the regex.
    reaction_starts_non_ascii: bool,
    navigation: Regex,
    page_ui: Regex,
    banner: Regex,
    sidebar: Regex,
    poll: Regex,
}

impl LineRules {
    /// The built-in line rules with the site's added.
    fn with_site(lines: &LinesDef, site: &ImportConfig) -> Result<LineRules, String> {
        Ok(LineRules {
            // `\W` and the last `\b` are Unicode's: "Подробнее:" is a pointer.
            read_more: list("read_more", &site.read_more, &lines.read_more, |any| format!(r"(?i)^\W*({any})\b"))?,
            read_more_head: list("read_more", &site.read_more, &lines.read_more, |any| format!(r"(?i)^\W*({any})"))?,
            forwarded: lines.forwarded.iter().chain(&site.forwarded).filter(|p| !p.is_empty()).cloned().collect(),
            ui: list("ui_lines", &site.ui_lines, &lines.ui, |any| format!("(?i)^({any})$"))?,
            ui_first: first_letters(lines.ui.iter().chain(&site.ui_lines)),
            reaction: list("reactions", &site.reactions, &lines.reactions, |any| format!(r"^(?:(?:{any})\s*)+$"))?,
            reaction_starts_non_ascii: site.reactions.is_empty(),
            navigation: list("navigation", &site.navigation, &lines.navigation, |any| format!("(?i)^({any})$"))?,
            page_ui: list("page_ui_lines", &site.page_ui_lines, &lines.page_ui, |any| format!(r"(?i)^\W*({any})\W*$"))?,
            banner: list("banners", &site.banners, &lines.banners, |any| format!("(?i){any}"))?,
            sidebar: list("sidebars", &site.sidebars, &lines.sidebars, |any| format!(r"(?i)^\W*({any})\W*$"))?,
            poll: list("polls", &site.polls, &lines.polls, |any| format!(r"(?i)^\W*({any})\s*:"))?,
        })
    }

    /// "READ ALSO: …", "Read in full", "LEARN MORE: …": a pointer that ends the item above it.
    pub fn is_read_more(&self, text: &str) -> bool {
        // Fewer than 200 chars are fewer than 800 bytes; and most lines are paragraphs longer
        // than a pointer, told by a count of chars far cheaper than the regex.
        text.len() < 800 && text.chars().count() < 200 && self.read_more_head.is_match(text) && self.read_more.is_match(text)
    }

    /// "Forwarded from X": a Telegram post shared from another channel; it belongs to the post
    /// below it and is not part of its text.
    pub fn is_forwarded(&self, text: &str) -> bool {
        self.forwarded.iter().any(|prefix| text.starts_with(prefix.as_str()))
    }

    /// "VIEW IN TELEGRAM", "Media is too big": Telegram's interface.
    pub fn is_ui(&self, text: &str) -> bool {
        self.ui_first.as_ref().is_none_or(|first| text.starts_with(first.as_slice())) && self.ui.is_match(text)
    }

    /// "👍 12 🔥 3": a Telegram post's reaction counters.
    pub fn is_reaction(&self, text: &str) -> bool {
        (!self.reaction_starts_non_ascii || text.starts_with(|c: char| !c.is_ascii())) && self.reaction.is_match(text) && text.bytes().any(|b| b.is_ascii_digit())
    }

    /// "all messages", "next page", "2 ›": a web page's navigation.
    pub fn is_navigation(&self, text: &str) -> bool {
        self.navigation.is_match(text)
    }

    /// "Read more", "Версия для печати", "Просмотров: 412": a web page's buttons and counters
    /// under each item of its list.
    pub fn is_page_ui(&self, text: &str) -> bool {
        // Every such line is short: a paragraph skips the regex.
        text.len() < 120 && self.page_ui.is_match(text)
    }

    /// "We use cookies to make our website work better": a site's notice atop its pages.
    pub fn is_banner(&self, text: &str) -> bool {
        self.banner.is_match(text)
    }

    /// "📊 Опрос: …": a Telegram poll's question.
    pub fn opens_poll(&self, text: &str) -> bool {
        self.poll.is_match(text)
    }

    /// "Popular", "Самое читаемое": the heading of a block of links beside a page's list.
    pub fn heads_sidebar(&self, text: &str) -> bool {
        text.len() < 60 && self.sidebar.is_match(text)
    }
}

/// The built-in rules, compiled once.
pub fn builtin() -> &'static Rules {
    static BUILTIN_RULES: std::sync::LazyLock<Rules> = std::sync::LazyLock::new(Rules::builtin);
    &BUILTIN_RULES
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
        let lines = &builtin.lines;
        // The kind rules are half the regexes: compiled beside the others.
        let (kinds, line_rules) = rayon::join(|| KindRules::new(&kinds), || LineRules::with_site(lines, site));
        Ok(Rules {
            kinds: kinds.map_err(|e| format!("[import] {e}"))?,
            footer: list("footer_signals", &site.footer_signals, &builtin.footer.signals, |any| format!("(?i){any}"))?,
            footer_address: list("footer_addresses", &site.footer_addresses, &builtin.footer.addresses, |any| format!("(?i){any}"))?,
            issue_name: list("issue_names", &site.issue_names, &builtin.masthead.issue_names, |any| format!("(?i){any}"))?,
            introduces_quote: list("quote_introducers", &site.quote_introducers, &builtin.quotes.introducers, |any| any)?,
            person_titles: site.person_titles.iter().chain(&builtin.people.titles).cloned().collect(),
            lines: line_rules?,
        })
    }
}

/// One regex of a list: the built-in patterns and the site's (`key` of `[import]`), any of them
/// matching, put in place by `wrap`. A site pattern that does not compile is an error naming it.
fn list(key: &str, site: &[String], builtin: &[String], wrap: impl Fn(String) -> String) -> Result<Regex, String> {
    for pattern in site {
        if pattern.is_empty() {
            return Err(format!("[import] {key}: an empty pattern would match every line"));
        }
        Regex::new(pattern).map_err(|e| format!("[import] {key} {pattern:?}: {e}"))?;
    }
    let patterns: Vec<&String> = builtin.iter().chain(site).collect();
    Regex::new(&wrap(any_of(&patterns))).map_err(|e| format!("[import] {key}: {e}"))
}

/// The chars, in each case (and the lower case of the upper), that patterns start with, when each plainly starts with a letter
/// or with `\d` (an ASCII digit here): no alternatives outside brackets, the first not optional.
fn first_letters<'a>(patterns: impl Iterator<Item = &'a String>) -> Option<Vec<char>> {
    let mut first = Vec::new();
    for pattern in patterns {
        let (chars, rest): (Vec<char>, &str) = match pattern.strip_prefix(r"\d") {
            Some(rest) => (('0'..='9').collect(), rest),
            None => {
                // A char that is no regex syntax: a literal the line must start with.
                let c = pattern.chars().next().filter(|c| !c.is_whitespace() && !r"\.^$|?*+()[]{}#&~-".contains(*c))?;
                // "ſ" matches "s" too, the lower case of its upper case.
                (c.to_lowercase().chain(c.to_uppercase()).chain(c.to_uppercase().flat_map(char::to_lowercase)).collect(), &pattern[c.len_utf8()..])
            }
        };
        if has_top_level_alternative(pattern) || rest.starts_with(['?', '*', '{']) {
            return None;
        }
        first.extend(chars);
    }
    first.sort_unstable();
    first.dedup();
    Some(first)
}

/// Whether `pattern` has a `|` outside groups and classes ("a|b", not "a(b|c)" or "a[|]").
fn has_top_level_alternative(pattern: &str) -> bool {
    let mut groups = 0usize;
    let mut in_class = false;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match (c, in_class) {
            ('\\', _) => {
                chars.next();
            }
            ('[', false) => in_class = true,
            (']', true) => in_class = false,
            (_, true) => {}
            ('(', false) => groups += 1,
            (')', false) => groups = groups.saturating_sub(1),
            ('|', false) => {
                if groups == 0 {
                    return true;
                }
            }
            (_, false) => {}
        }
    }
    false
}

/// One pattern matching any of `patterns`, `\b` an ASCII word boundary in each (see `rules.toml`).
fn any_of(patterns: &[impl AsRef<str>]) -> String {
    patterns.iter().map(|p| format!("(?:{})", p.as_ref().replace(r"\b", r"(?-u:\b)"))).collect::<Vec<_>>().join("|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pointer_test_agrees_with_its_regex() {
        let lines = &builtin().lines;
        let mut texts: Vec<String> = ["READ ALSO: more", "🔗 Read more", "• Подробнее: ссылка", "«СМОТРИТЕ ТАКЖЕ»", "ſee also", "_read more", "1. Read more", "Reading more", "Ѐ read more", "Ελληνικά read more", "Read moreover", "Подробнее", "Подробнееш", "Register: rusemb.id/filmweek2025", "Регистрация: https://example.org/a", ""]
            .iter()
            .map(|t| t.to_string())
            .collect();
        texts.extend(super::super::lines::repository_dump_lines());
        let mut pointers = 0;
        for text in &texts {
            let plainly = text.len() < 800 && lines.read_more.is_match(text) && text.chars().count() < 200;
            assert_eq!(lines.is_read_more(text), plainly, "{text:?}");
            pointers += usize::from(plainly);
        }
        assert!(pointers >= 5, "the cases hold pointers: {pointers}");
        // The word ends where the phrase does, in either script; a label and a bare link point.
        assert!(lines.is_read_more("Подробнее") && !lines.is_read_more("Подробнееш") && !lines.is_read_more("Read moreover"));
        assert!(lines.is_read_more("Register: rusemb.id/filmweek2025") && !lines.is_read_more("Note: the talks went well."));
    }

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
        let builtin = &builtin().lines;
        assert!(builtin.is_ui("VIEW IN TELEGRAM") && builtin.is_read_more("Подробнее: ссылка") && builtin.is_forwarded("Forwarded from X"));
        assert!(builtin.is_navigation("2 ›") && !builtin.is_ui("Tap to open"));
        assert!(builtin.ui_first.is_some(), "every built-in interface line starts plainly");
        assert!(!has_top_level_alternative("комментари(й|и)") && !has_top_level_alternative(r"a\|b[|]") && has_top_level_alternative("a|b"));
        assert!(has_top_level_alternative("[(]a|b") && has_top_level_alternative(r"[\]]a|b"));
        // A post's view counter, its digits let past the first-char guard.
        assert!(builtin.is_ui("2.1K views") && builtin.is_ui("980 views") && builtin.is_ui("1,5 тыс. просмотров") && builtin.is_ui("Photo"));
        assert!(!builtin.is_ui("2 views of the matter differ") && !builtin.is_ui("1941 Photo"));
        assert!(builtin.is_ui("👁 48,2K  11:20") && builtin.is_ui("14:35") && builtin.is_ui("@MID_Russia") && builtin.is_ui("1,2 млн подписчиков"));
        assert!(!builtin.is_ui("14:35 the talks began") && !builtin.is_ui("@ the embassy"));
        // The eye after the count, an edited time, votes grouped by commas; a page's count of
        // items, its page numbers with their words, a banner's buttons.
        assert!(builtin.is_ui("25,7K 👁 22:47") && builtin.is_ui("👁 2.3K  edited 14:05") && builtin.is_ui("1,412 votes"));
        assert!(builtin.is_navigation("« Предыдущая  1  2  3  …  87  Следующая »") && builtin.is_navigation("Показано 1–6 из 519") && builtin.is_navigation("Показать ещё"));
        assert!(builtin.is_page_ui("Принять | Подробнее") && !builtin.is_page_ui("Подробнее о выставке"));
        // A site pattern that starts with a symbol joins the first-char guard.
        let site = ImportConfig { ui_lines: vec!["📷 photo".into(), "tap to open".into()], read_more: vec!["full text".into()], ..ImportConfig::default() };
        let lines = Rules::with_site(&site).unwrap().lines;
        assert!(lines.is_ui("📷 Photo") && lines.is_ui("Tap to open") && lines.is_ui("view in telegram"));
        // Reaction counters: the built-in ones, and a site's that starts with a letter.
        assert!(builtin.is_reaction("👍 12 🔥3") && builtin.is_reaction("❤️1.2K 👍 980") && builtin.is_reaction("👍🏻 7"));
        assert!(!builtin.is_reaction("👍 Well done") && !builtin.is_reaction("🔥 The news of the day") && !builtin.is_reaction("Likes: 12"));
        let counted = ImportConfig { reactions: vec![r"likes:\s*\d+".into()], ..ImportConfig::default() };
        let counters = Rules::with_site(&counted).unwrap().lines;
        assert!(counters.is_reaction("likes: 12 👍 3") && counters.is_reaction("👍 3") && !counters.is_reaction("likes: many"));
        assert!(lines.is_read_more("Full text: here") && lines.is_read_more("READ ALSO: more"));
        let bad = ImportConfig { kind: vec![KindRuleDef { kind: "poem".into(), place: "heading".into(), pattern: "x".into(), unless: None, weak: false }], ..ImportConfig::default() };
        let err = Rules::with_site(&bad).err().unwrap();
        assert!(err.contains("kind rule 1") && err.contains("poem"), "{err}");
    }
}
