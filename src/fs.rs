//! Reading the user's files: one place that names the path in every error and strips the UTF-8
//! byte-order mark that Windows editors and some dumps put in front.

use std::io;
use std::path::Path;

/// The text of `path`, without a leading BOM. Not UTF-8 is an error naming the byte offset.
pub fn read_text(path: &Path) -> io::Result<String> {
    let bytes = std::fs::read(path)?;
    text_from_bytes(bytes)
}

pub fn text_from_bytes(bytes: Vec<u8>) -> io::Result<String> {
    let mut text = String::from_utf8(bytes).map_err(|err| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("not UTF-8 text (invalid byte at offset {})", err.utf8_error().valid_up_to()),
        )
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_stripped_and_bad_utf8_is_named() {
        assert_eq!(text_from_bytes("\u{feff}+++".as_bytes().to_vec()).unwrap(), "+++");
        let err = text_from_bytes(vec![b'a', 0xff, b'b']).unwrap_err();
        assert_eq!(err.to_string(), "not UTF-8 text (invalid byte at offset 1)");
    }
}
