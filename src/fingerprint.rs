//! Fingerprints: 128-bit hashes of file contents and of everything an output file depends on.
//!
//! They are stored in the build cache and compared across runs, so they must not depend on the
//! process (as Rust's `DefaultHasher` may): xxh3 is specified, stable across machines, and fast
//! enough to hash every statement body of a 100,000-statement archive in milliseconds. At 128
//! bits a collision between two different inputs is not a practical concern.

use serde::Serialize;
use xxhash_rust::xxh3::{xxh3_128, Xxh3};

pub type Fingerprint = u128;

/// The fingerprint of some bytes.
pub fn of_bytes(bytes: &[u8]) -> Fingerprint {
    xxh3_128(bytes)
}

/// Builds one fingerprint from several parts, each told apart from the next.
pub struct Hasher(Xxh3);

impl Default for Hasher {
    fn default() -> Self {
        Hasher(Xxh3::new())
    }
}

impl Hasher {
    /// Starts a fingerprint under `domain`, so that two kinds of value never share one.
    pub fn new(domain: &str) -> Hasher {
        let mut hasher = Hasher::default();
        hasher.text(domain);
        hasher
    }

    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub fn text(&mut self, text: &str) -> &mut Self {
        self.bytes(text.as_bytes())
    }

    pub fn fingerprint(&mut self, value: Fingerprint) -> &mut Self {
        self.0.update(&value.to_le_bytes());
        self
    }

    /// A value as the templates would see it: its JSON serialisation.
    pub fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> &mut Self {
        // Writing into the hasher cannot fail, and views are plain data that always serialise.
        serde_json::to_writer(HashWriter(&mut self.0), value).expect("views serialise to JSON");
        self.0.update(&[0xff]);
        self
    }

    pub fn finish(&self) -> Fingerprint {
        self.0.digest128()
    }
}

struct HashWriter<'a>(&'a mut Xxh3);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The fingerprint of this very program: output written by another version of annals (or by
/// a build of it from other sources) is never taken for current.
pub fn of_this_program() -> Fingerprint {
    static PROGRAM: std::sync::LazyLock<Fingerprint> = std::sync::LazyLock::new(|| {
        let exe = std::env::current_exe().and_then(std::fs::read);
        let mut hasher = Hasher::new("program");
        hasher.text(env!("CARGO_PKG_VERSION"));
        if let Ok(bytes) = exe {
            hasher.bytes(&bytes);
        }
        hasher.finish()
    });
    *PROGRAM
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_told_apart() {
        let ab_c = Hasher::new("t").text("ab").text("c").finish();
        let a_bc = Hasher::new("t").text("a").text("bc").finish();
        assert_ne!(ab_c, a_bc);
        assert_ne!(Hasher::new("t").finish(), Hasher::new("u").finish());
        assert_eq!(Hasher::new("t").value(&("x", 1)).finish(), Hasher::new("t").value(&("x", 1)).finish());
    }
}
