//! Splitting a content file into its TOML front matter and its Markdown body.
//!
//! The front matter sits between two lines of exactly `+++` (trailing white space and CRLF
//! allowed), the first of which is the file's first line.

/// The two parts of a content file, with where each starts so that problems can name lines.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// 1-based line of the front matter's first line (the line after the opening `+++`).
    pub front_matter_line: usize,
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// Splits `text`; an error is the 1-based line and what is wrong.
pub fn split(text: &str) -> Result<Split<'_>, (usize, String)> {
    let mut lines = LineSpans::new(text);
    match lines.next() {
        Some((_, line)) if line.trim_end() == "+++" => {}
        _ => {
            return Err((1, "no front matter: a statement file starts with a `+++` line, then TOML (title = \"…\"), then another `+++` line".into()))
        }
    }
    let front_start = lines.offset;
    while let Some((start, line)) = lines.next() {
        if line.trim_end() == "+++" {
            return Ok(Split {
                front_matter: &text[front_start..start],
                front_matter_line: 2,
                body: &text[lines.offset..],
                body_offset: lines.offset,
            });
        }
    }
    Err((1, "the front matter opened on line 1 is never closed: add a `+++` line after it".into()))
}

/// Splits `text` and deserialises its front matter into `T`; problems name `path` and the line.
pub fn parse<'a, T: serde::de::DeserializeOwned>(path: &std::path::Path, text: &'a str) -> Result<(T, Split<'a>), Vec<crate::error::Problem>> {
    use crate::error::{toml_problem, Problem};
    let split = split(text).map_err(|(line, msg)| vec![Problem::at_line(path, line, msg)])?;
    let front_matter = toml::from_str(split.front_matter)
        .map_err(|err| vec![toml_problem(path, split.front_matter, split.front_matter_line, &err)])?;
    Ok((front_matter, split))
}

/// Lines of a text with their byte offsets; `offset` is where the next line starts.
struct LineSpans<'a> {
    text: &'a str,
    offset: usize,
}

impl<'a> LineSpans<'a> {
    fn new(text: &'a str) -> Self {
        LineSpans { text, offset: 0 }
    }
}

impl<'a> Iterator for LineSpans<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        if self.offset >= self.text.len() {
            return None;
        }
        let start = self.offset;
        let rest = &self.text[start..];
        let (line, advance) = match rest.find('\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        self.offset += advance;
        Some((start, line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let split = split("+++\ntitle = \"x\"\n+++\nBody\n").unwrap();
        assert_eq!(split.front_matter, "title = \"x\"\n");
        assert_eq!(split.body, "Body\n");
        assert_eq!(split.body_offset, 20);
    }

    #[test]
    fn crlf_and_trailing_spaces_are_fine() {
        let split = split("+++ \r\ntitle = \"x\"\r\n+++\r\nBody").unwrap();
        assert_eq!(split.front_matter, "title = \"x\"\r\n");
        assert_eq!(split.body, "Body");
    }

    #[test]
    fn empty_body_and_empty_front_matter() {
        let split = split("+++\n+++").unwrap();
        assert_eq!(split.front_matter, "");
        assert_eq!(split.body, "");
    }

    #[test]
    fn malformed_front_matter_is_explained() {
        assert_eq!(split("title = 1\n").unwrap_err().0, 1);
        assert!(split("").unwrap_err().1.contains("no front matter"));
        assert!(split("++++\ntitle\n+++\n").unwrap_err().1.contains("no front matter"));
        assert!(split("+++\ntitle = 1\n").unwrap_err().1.contains("never closed"));
    }
}
