//! URL-safe names for statements and taxonomy terms.
//!
//! Every path segment annals writes comes through [`slugify`], so no text from a source or a
//! file name can reach the file system or a URL unsanitised: the result holds only `a-z`, `0-9`
//! and single `-`, never starts or ends with `-`, and is never `.` or `..`. Non-Latin letters are
//! transliterated (Cyrillic `заявление` becomes `zaiavlenie`) so URLs work on any static host.

/// The slug of `text`, or `None` when nothing usable is left (text of only punctuation).
pub fn slugify(text: &str) -> Option<String> {
    let ascii = deunicode::deunicode(text);
    let mut slug = String::with_capacity(ascii.len());
    let mut pending_dash = false;
    for ch in ascii.chars() {
        if ch.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(ch.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    (!slug.is_empty()).then_some(slug)
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_are_lowercase_ascii_words() {
        assert_eq!(slugify("Arms Control").as_deref(), Some("arms-control"));
        assert_eq!(slugify("  G20 / BRICS  ").as_deref(), Some("g20-brics"));
        assert_eq!(slugify("заявление МИД").as_deref(), Some("zaiavlenie-mid"));
        assert_eq!(slugify("Café déjà vu").as_deref(), Some("cafe-deja-vu"));
    }

    #[test]
    fn hostile_names_cannot_escape() {
        assert_eq!(slugify("../../etc/passwd").as_deref(), Some("etc-passwd"));
        assert_eq!(slugify("a..b").as_deref(), Some("a-b"));
        assert_eq!(slugify("<script>").as_deref(), Some("script"));
        assert_eq!(slugify(".."), None);
        assert_eq!(slugify("  "), None);
    }
}
