//! Reading the user's files: one place that names the path in every error and strips the UTF-8
//! byte-order mark that Windows editors and some dumps put in front; and writing the build's
//! own cache files whole or not at all.

use std::io;
use std::path::Path;

/// What [`read_in_pieces`] reads in one task.
const PIECE: usize = 8 << 20;

/// The bytes of `path`, a large file's read by pieces in parallel: the first touch of each page
/// of a fresh buffer costs more than copying into it, and the cores share that. Bytes the file
/// grew by while it was read are read after.
pub fn read_in_pieces(path: &Path) -> io::Result<Vec<u8>> {
    #[cfg(unix)]
    {
        use io::Read;
        use rayon::prelude::*;
        use std::os::unix::fs::FileExt;
        let mut file = std::fs::File::open(path)?;
        let len = usize::try_from(file.metadata()?.len()).map_err(io::Error::other)?;
        if len > PIECE {
            let mut bytes = vec![0; len];
            bytes.par_chunks_mut(PIECE).enumerate().try_for_each(|(i, piece)| file.read_exact_at(piece, (i * PIECE) as u64))?;
            io::Seek::seek(&mut file, io::SeekFrom::Start(len as u64))?;
            file.read_to_end(&mut bytes)?;
            return Ok(bytes);
        }
    }
    std::fs::read(path)
}

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

    #[test]
    fn a_file_read_in_pieces_is_the_file() {
        let dir = tempfile::tempdir().unwrap();
        // Pieces, a last piece shorter than the others, and files below one piece.
        for len in [2 * PIECE + 12_345, PIECE + 1, PIECE, 1000, 0] {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let path = dir.path().join(format!("{len}.txt"));
            std::fs::write(&path, &bytes).unwrap();
            assert!(read_in_pieces(&path).unwrap() == bytes, "{len} bytes");
        }
        assert_eq!(read_in_pieces(&dir.path().join("missing.txt")).unwrap_err().kind(), io::ErrorKind::NotFound);
    }
}
