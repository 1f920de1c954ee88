//! Reading the user's files: one place that names the path in every error and strips the UTF-8
//! byte-order mark that Windows editors and some dumps put in front; and writing the build's
//! own cache files whole or not at all.

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

/// Writes `value` to `path` in bincode, streamed (the content cache of a large archive is
/// hundreds of megabytes: not held in memory at once) into a temporary file renamed over
/// `path`, so that a killed build leaves the previous file or none.
pub fn write_serialized(path: &Path, value: &impl serde::Serialize) -> io::Result<()> {
    let temporary = path.with_extension("new");
    let mut file = io::BufWriter::new(std::fs::File::create(&temporary)?);
    bincode::serialize_into(&mut file, value).map_err(io::Error::other)?;
    io::Write::flush(&mut file)?;
    drop(file);
    std::fs::rename(&temporary, path)
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
