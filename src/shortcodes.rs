//! Citing statements from any Markdown: `{{ statement(id="…") }}` renders a quote card,
//! `{{ statement_link(id="…") }}` a link. An unknown id is a problem naming the file and line.
//!
//! Shortcodes become placeholders before Markdown is rendered and HTML after, so they work
//! in untrusted statement bodies too (whose own HTML is escaped). Imported text cannot hold
//! one by accident: the importer escapes braces.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use crate::error::Problem;

static SHORTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\{\{\s*(statement|statement_link)\s*\(\s*id\s*=\s*"([^"]*)"\s*\)\s*\}\}"#).expect("valid")
});

/// A shortcode found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shortcode<'a> {
    Card { id: &'a str },
    Link { id: &'a str },
}

impl<'a> Shortcode<'a> {
    pub fn id(&self) -> &'a str {
        match self {
            Shortcode::Card { id } | Shortcode::Link { id } => id,
        }
    }
}

/// A statement cited by a shortcode, as kept with the citing text: what its page shows of
/// the cited statement depends on it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Citation {
    Card(String),
    Link(String),
}

impl Citation {
    pub fn id(&self) -> &str {
        match self {
            Citation::Card(id) | Citation::Link(id) => id,
        }
    }
}

/// The shortcodes of a text, each with the byte range it covers.
pub fn find(markdown: &str) -> impl Iterator<Item = (Shortcode<'_>, std::ops::Range<usize>)> {
    let candidates = markdown.contains("{{").then(|| SHORTCODE.captures_iter(markdown)).into_iter().flatten();
    candidates.map(|caps| {
        let whole = caps.get(0).expect("a match has group 0");
        let id = caps.get(2).map_or("", |m| m.as_str());
        let shortcode = if caps.get(1).map(|m| m.as_str()) == Some("statement") { Shortcode::Card { id } } else { Shortcode::Link { id } };
        (shortcode, whole.range())
    })
}

/// The statements a text cites, in order.
pub fn citations(markdown: &str) -> Vec<Citation> {
    find(markdown)
        .map(|(shortcode, _)| match shortcode {
            Shortcode::Card { id } => Citation::Card(id.to_string()),
            Shortcode::Link { id } => Citation::Link(id.to_string()),
        })
        .collect()
}

/// Markdown with placeholders, and what each placeholder becomes.
pub struct Expanded {
    pub markdown: String,
    replacements: Vec<(String, String)>,
}

impl Expanded {
    /// The rendered HTML with every placeholder replaced.
    pub fn finish(&self, mut html: String) -> String {
        for (token, replacement) in &self.replacements {
            // A card stands alone, so Markdown wrapped its placeholder in a paragraph.
            let paragraph = format!("<p>{token}</p>");
            html = if html.contains(&paragraph) { html.replace(&paragraph, replacement) } else { html.replace(token, replacement) };
        }
        html
    }
}

/// Replaces the shortcodes in `markdown` (whose first line is line `first_line` of `path`)
/// with placeholders; `render(shortcode)` gives each one's HTML, or why it cannot.
pub fn expand(markdown: &str, path: &Path, first_line: usize, render: impl Fn(&Shortcode) -> Result<String, String>) -> Result<Expanded, Vec<Problem>> {
    if !markdown.contains("{{") {
        return Ok(Expanded { markdown: markdown.to_string(), replacements: Vec::new() });
    }
    let mut problems = Vec::new();
    let mut replacements = Vec::new();
    let mut out = String::with_capacity(markdown.len());
    let mut last = 0;
    for (shortcode, whole) in find(markdown) {
        out.push_str(&markdown[last..whole.start]);
        match render(&shortcode) {
            Ok(html) => {
                // Private-use characters: Markdown leaves them alone and no text holds them.
                let token = format!("\u{E000}{}\u{E001}", replacements.len());
                if matches!(shortcode, Shortcode::Card { .. }) {
                    out.push_str(&format!("\n\n{token}\n\n"));
                } else {
                    out.push_str(&token);
                }
                replacements.push((token, html));
            }
            Err(why) => {
                let line = first_line + markdown[..whole.start].matches('\n').count();
                problems.push(Problem::at_line(path, line, why));
            }
        }
        last = whole.end;
    }
    out.push_str(&markdown[last..]);
    if problems.is_empty() { Ok(Expanded { markdown: out, replacements }) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{to_html, Trust};

    fn render(code: &Shortcode) -> Result<String, String> {
        match code {
            Shortcode::Card { id: "known" } => Ok("<blockquote class=\"card\">card</blockquote>".into()),
            Shortcode::Link { id: "known" } => Ok("<a href=\"/s/known/\">Known</a>".into()),
            other => Err(format!("no statement for {other:?}")),
        }
    }

    #[test]
    fn cards_and_links_survive_untrusted_markdown() {
        let text = "See {{ statement_link(id=\"known\") }} and <b>this</b>.\n\n{{ statement(id=\"known\") }}\n";
        let expanded = expand(text, Path::new("x.md"), 5, render).unwrap();
        let html = expanded.finish(to_html(&expanded.markdown, Trust::Untrusted));
        assert!(html.contains("See <a href=\"/s/known/\">Known</a> and &lt;b&gt;this&lt;/b&gt;."), "{html}");
        assert!(html.contains("<blockquote class=\"card\">card</blockquote>") && !html.contains("<p><blockquote"), "{html}");
    }

    #[test]
    fn citations_are_found_in_order() {
        let text = "a {{ statement_link(id=\"x\") }} b\n\n{{statement(id=\"y\")}}\n{{ other() }}";
        assert_eq!(citations(text), [Citation::Link("x".into()), Citation::Card("y".into())]);
        assert!(citations("no codes here").is_empty());
    }

    #[test]
    fn unknown_ids_name_file_and_line() {
        let text = "one\ntwo {{ statement(id=\"nope\") }}\n{{statement_link(id=\"gone\")}}";
        let problems = expand(text, Path::new("notes/n.md"), 10, render).err().unwrap();
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(shown, ["notes/n.md:11: no statement for Card { id: \"nope\" }", "notes/n.md:12: no statement for Link { id: \"gone\" }"]);
    }
}
