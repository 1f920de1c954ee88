//! A statement → its Markdown file: TOML front matter and a body whose source text cannot turn
//! into HTML or Markdown syntax by accident.

use std::sync::LazyLock;

use regex::Regex;
use sha2::{Digest, Sha256};

use super::lines;

/// What the importer was unsure of, for an editor to check (front matter `review`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Review {
    Boundary,
    Date,
    Kind,
}

impl Review {
    pub fn as_str(self) -> &'static str {
        match self {
            Review::Boundary => "boundary",
            Review::Date => "date",
            Review::Kind => "kind",
        }
    }
}

/// What the importer knows of a statement, ready to write.
#[derive(Debug, Clone)]
pub struct Record {
    pub title: String,
    pub date: Option<super::dates::Found>,
    /// A day the text gives that is not the statement's own.
    pub event_date: Option<chrono::NaiveDate>,
    pub review: Vec<Review>,
    pub kind: super::kind::Kind,
    pub lang: String,
    pub people: Vec<String>,
    pub topics: Vec<String>,
    pub tags: Vec<String>,
    pub channel: Option<String>,
    pub file: String,
    pub lines: Vec<[usize; 2]>,
    pub duplicates: Vec<[usize; 2]>,
    pub issue_date: Option<chrono::NaiveDate>,
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn toml_list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| toml_string(s)).collect::<Vec<_>>().join(", "))
}

fn ranges(ranges: &[[usize; 2]]) -> String {
    format!("[{}]", ranges.iter().map(|[a, b]| format!("[{a}, {b}]")).collect::<Vec<_>>().join(", "))
}

const HASH_KEY: &str = "import_hash = ";

/// The file's text, with the hash of everything else in it as `import_hash`.
pub fn render(record: &Record, body: &str) -> String {
    let mut fm = String::new();
    fm.push_str(&format!("title = {}\n", toml_string(&record.title)));
    if let Some(found) = &record.date {
        fm.push_str(&format!("date = {}\ndate_precision = \"{}\"\n", found.date.format("%Y-%m-%d"), found.precision.as_str()));
    }
    let basis = record.date.map_or(crate::content::DateBasis::None, |d| d.basis);
    fm.push_str(&format!("date_basis = \"{}\"\n", basis.as_str()));
    if let Some(event) = record.event_date {
        fm.push_str(&format!("event_date = {}\n", event.format("%Y-%m-%d")));
    }
    fm.push_str(&format!("kind = {}\nlang = {}\n", toml_string(record.kind.as_str()), toml_string(&record.lang)));
    fm.push_str(&format!("people = {}\ntopics = {}\ntags = {}\n", toml_list(&record.people), toml_list(&record.topics), toml_list(&record.tags)));
    if !record.review.is_empty() {
        let flags: Vec<String> = record.review.iter().map(|r| r.as_str().to_string()).collect();
        fm.push_str(&format!("review = {}\n", toml_list(&flags)));
    }
    fm.push_str("\n[source]\n");
    if let Some(channel) = &record.channel {
        fm.push_str(&format!("channel = {}\n", toml_string(channel)));
    }
    fm.push_str(&format!("file = {}\nlines = {}\nduplicates = {}\n", toml_string(&record.file), ranges(&record.lines), ranges(&record.duplicates)));
    if let Some(issue) = record.issue_date {
        fm.push_str(&format!("issue_date = {}\n", issue.format("%Y-%m-%d")));
    }
    let unhashed = format!("+++\n{fm}+++\n{body}");
    let hash = content_hash(&unhashed);
    format!("+++\n{fm}{HASH_KEY}\"{hash}\"\n+++\n{body}")
}

/// The hash of a statement file's text without its `import_hash` line.
pub fn content_hash(text: &str) -> String {
    let mut hasher = Sha256::new();
    for line in text.split_inclusive('\n') {
        if !line.starts_with(HASH_KEY) {
            hasher.update(line.as_bytes());
        }
    }
    hasher.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// The hash of a whole text.
pub fn content_hash_all(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// The hash a file claims import wrote, if it has one.
pub fn stored_hash(text: &str) -> Option<&str> {
    let line = text.lines().find(|l| l.starts_with(HASH_KEY))?;
    Some(line[HASH_KEY.len()..].trim().trim_matches('"'))
}

static URL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"https?://[^\s<>"\]\[)(]+[^\s<>"\]\[)(.,;:!?]"#).expect("valid"));
static ORDERED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{1,3})[.)]\s+(.*)$").expect("valid"));
static BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[•▪●◦·*-]\s+(.*)$").expect("valid"));

/// Markdown-escapes source text: every ASCII punctuation mark that could start syntax is
/// backslash-escaped, URLs become autolinks.
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut last = 0;
    // Most lines hold no link: skip the URL search there.
    let links = if text.contains("http") { Some(URL.find_iter(text)) } else { None };
    for m in links.into_iter().flatten() {
        escape_into(&text[last..m.start()], &mut out);
        out.push('<');
        out.push_str(m.as_str());
        out.push('>');
        last = m.end();
    }
    escape_into(&text[last..], &mut out);
    out
}

fn escape_into(text: &str, out: &mut String) {
    // The characters escaped are all ASCII: copy the runs between them whole. Each byte is
    // looked up in a table: this runs on every byte of every statement written.
    const MARKUP: &[u8] = b"\\`*_{}[]<>#|~&!$^";
    const IS_MARKUP: [bool; 256] = {
        let mut table = [false; 256];
        let mut i = 0;
        while i < MARKUP.len() {
            table[MARKUP[i] as usize] = true;
            i += 1;
        }
        table
    };
    let mut run = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if IS_MARKUP[b as usize] {
            out.push_str(&text[run..i]);
            out.push('\\');
            run = i;
        }
    }
    out.push_str(&text[run..]);
}

/// A line that Markdown would read as a block marker at its start gets it escaped: `-`, `+`,
/// `=` and `1999.` (a list marker may have up to nine digits).
fn escape_line_start(line: String) -> String {
    let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && line[digits..].starts_with(['.', ')']) {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    if line.starts_with(['-', '+', '=']) {
        return format!("\\{line}");
    }
    line
}

/// The body of a statement from its source lines: paragraphs stay paragraphs, Q&A turns show
/// the speaker in bold, bullet and numbered lines become lists.
pub fn body(source_lines: &[&str]) -> String {
    let mut out = String::with_capacity(source_lines.iter().map(|l| l.len() + 8).sum());
    let mut in_list = false;
    for raw in source_lines {
        let text = raw.trim();
        if text.is_empty() {
            continue;
        }
        // The list patterns run only on lines that start as a list item would.
        let bullet = text.starts_with(['•', '▪', '●', '◦', '·', '*', '-']).then(|| BULLET.captures(text)).flatten();
        let ordered = || text.starts_with(|c: char| c.is_ascii_digit()).then(|| ORDERED.captures(text)).flatten();
        if let Some(caps) = bullet {
            if !in_list && !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&format!("- {}\n", escape_inline(&caps[1])));
            in_list = true;
            continue;
        }
        if let Some(caps) = ordered() {
            if !in_list && !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&format!("{}. {}\n", &caps[1], escape_inline(&caps[2])));
            in_list = true;
            continue;
        }
        if in_list || !out.is_empty() {
            out.push('\n');
        }
        in_list = false;
        let stripped = super::extract::strip_symbols(text);
        let paragraph = if lines::is_speaker_turn(stripped) && !stripped.starts_with('"') {
            let (prefix, rest) = text.split_at(text.len() - stripped.len());
            match rest.split_once(':') {
                Some((label, said)) if label.chars().count() <= 90 => {
                    format!("{}**{}:**{}", escape_inline(prefix), escape_inline(label.trim()), escape_inline(said))
                }
                _ => escape_line_start(escape_inline(text)),
            }
        } else {
            escape_line_start(escape_inline(text))
        };
        out.push_str(&paragraph);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{to_html, Trust};

    #[test]
    fn source_text_never_becomes_markup() {
        let md = body(&["<script>alert(1)</script> *not bold* [x](y) # not a heading", "# real hash", "1999. A year", "= underline", "Text with <…> elision & &amp; entity"]);
        let html = to_html(&md, Trust::Trusted);
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; *not bold* [x](y) # not a heading"), "{html}");
        assert!(!html.contains("<h1>") && !html.contains("<em>") && !html.contains("<a "), "{html}");
        assert!(html.contains("<p>1999. A year</p>") && html.contains("<p>= underline</p>"), "{html}");
        assert!(html.contains("&lt;…&gt; elision &amp; &amp;amp; entity"), "{html}");
    }

    #[test]
    fn turns_lists_and_links() {
        let md = body(&["Question: Why?", "💬 Sergey Lavrov: Because.", "• first", "- second", "2. numbered", "See https://example.org/a_b."]);
        let html = to_html(&md, Trust::Untrusted);
        assert!(html.contains("<strong>Question:</strong> Why?"), "{html}");
        assert!(html.contains("💬 <strong>Sergey Lavrov:</strong> Because."), "{html}");
        assert!(html.contains("<li>first</li>") && html.contains("<li>second</li>"), "{html}");
        assert!(html.contains("<a href=\"https://example.org/a_b\">https://example.org/a_b</a>."), "{html}");
    }

    #[test]
    fn hashes_ignore_their_own_line() {
        let text = "+++\ntitle = \"x\"\n+++\nbody\n";
        let with = "+++\ntitle = \"x\"\nimport_hash = \"abc\"\n+++\nbody\n";
        assert_eq!(content_hash(text), content_hash(with));
        assert_eq!(stored_hash(with), Some("abc"));
        assert_ne!(content_hash(text), content_hash("+++\ntitle = \"y\"\n+++\nbody\n"));
    }
}
