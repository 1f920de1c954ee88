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

    /// A value as the templates would see it: everything its serialisation holds, fed to the
    /// hash as it is walked (no text is made of it).
    pub fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> &mut Self {
        let Ok(()) = value.serialize(&mut ValueHasher(&mut self.0));
        self
    }

    pub fn finish(&self) -> Fingerprint {
        self.0.digest128()
    }
}

/// A serde serializer that hashes what it is given: each value as a tag byte and its data
/// (lengths before strings, an end mark after sequences and maps), so that two values hash
/// alike only if they serialise alike.
struct ValueHasher<'h>(&'h mut Xxh3);

/// Hashing cannot fail.
#[derive(Debug)]
enum Never {}

impl std::fmt::Display for Never {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {}
    }
}

impl std::error::Error for Never {}

impl serde::ser::Error for Never {
    fn custom<T: std::fmt::Display>(message: T) -> Self {
        // Only a value's own Serialize can raise this; views never do.
        panic!("a view failed to serialise for hashing: {message}")
    }
}

impl ValueHasher<'_> {
    fn tag(&mut self, tag: u8, data: &[u8]) -> Result<(), Never> {
        self.0.update(&[tag]);
        self.0.update(data);
        Ok(())
    }

    fn text(&mut self, tag: u8, text: &str) -> Result<(), Never> {
        self.tag(tag, &(text.len() as u64).to_le_bytes())?;
        self.0.update(text.as_bytes());
        Ok(())
    }
}

macro_rules! hash_numbers {
    ($($method:ident: $type:ty => $tag:literal),* $(,)?) => {
        $(fn $method(self, v: $type) -> Result<(), Never> {
            self.tag($tag, &v.to_le_bytes())
        })*
    };
}

impl<'a, 'h> serde::Serializer for &'a mut ValueHasher<'h> {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    hash_numbers!(
        serialize_i8: i8 => 1, serialize_i16: i16 => 2, serialize_i32: i32 => 3, serialize_i64: i64 => 4, serialize_i128: i128 => 5,
        serialize_u8: u8 => 6, serialize_u16: u16 => 7, serialize_u32: u32 => 8, serialize_u64: u64 => 9, serialize_u128: u128 => 10,
        serialize_f32: f32 => 11, serialize_f64: f64 => 12,
    );

    fn serialize_bool(self, v: bool) -> Result<(), Never> {
        self.tag(13, &[u8::from(v)])
    }
    fn serialize_char(self, v: char) -> Result<(), Never> {
        self.tag(14, &u32::from(v).to_le_bytes())
    }
    fn serialize_str(self, v: &str) -> Result<(), Never> {
        self.text(15, v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Never> {
        self.tag(16, &(v.len() as u64).to_le_bytes())?;
        self.0.update(v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Never> {
        self.tag(17, &[])
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Never> {
        self.tag(18, &[])?;
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Never> {
        self.tag(19, &[])
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result<(), Never> {
        self.text(20, name)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Never> {
        self.text(21, variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), Never> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _: &'static str, _: u32, variant: &'static str, value: &T) -> Result<(), Never> {
        self.text(22, variant)?;
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Never> {
        self.tag(23, &[])?;
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Never> {
        self.tag(23, &[])?;
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        self.tag(23, &[])?;
        Ok(self)
    }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, variant: &'static str, _: usize) -> Result<Self, Never> {
        self.text(22, variant)?;
        self.tag(23, &[])?;
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Never> {
        self.tag(24, &[])?;
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        self.tag(24, &[])?;
        Ok(self)
    }
    fn serialize_struct_variant(self, _: &'static str, _: u32, variant: &'static str, _: usize) -> Result<Self, Never> {
        self.text(22, variant)?;
        self.tag(24, &[])?;
        Ok(self)
    }
}

macro_rules! hash_compound {
    ($($trait:ident { $($method:ident),* }),* $(,)?) => {
        $(impl serde::ser::$trait for &mut ValueHasher<'_> {
            type Ok = ();
            type Error = Never;
            $(fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
                value.serialize(&mut **self)
            })*
            fn end(self) -> Result<(), Never> {
                self.tag(25, &[])
            }
        })*
    };
}

hash_compound!(
    SerializeSeq { serialize_element },
    SerializeTuple { serialize_element },
    SerializeTupleStruct { serialize_field },
    SerializeTupleVariant { serialize_field },
    SerializeMap { serialize_key, serialize_value },
);

impl serde::ser::SerializeStruct for &mut ValueHasher<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Never> {
        self.text(26, key)?;
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Never> {
        self.tag(25, &[])
    }
}

impl serde::ser::SerializeStructVariant for &mut ValueHasher<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Never> {
        self.text(26, key)?;
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Never> {
        self.tag(25, &[])
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

    #[test]
    fn values_hash_by_what_they_hold() {
        #[derive(Serialize)]
        struct Item<'a> {
            title: &'a str,
            tags: Vec<&'a str>,
            date: Option<u32>,
        }
        let key = |item: &Item| Hasher::new("v").value(item).finish();
        let base = Item { title: "a", tags: vec!["x", "y"], date: Some(3) };
        assert_eq!(key(&base), key(&Item { title: "a", tags: vec!["x", "y"], date: Some(3) }));
        assert_ne!(key(&base), key(&Item { title: "b", ..Item { title: "", tags: vec!["x", "y"], date: Some(3) } }));
        assert_ne!(key(&base), key(&Item { title: "a", tags: vec!["xy"], date: Some(3) }), "list items stay apart");
        assert_ne!(key(&base), key(&Item { title: "a", tags: vec!["x", "y"], date: None }));
        assert_ne!(Hasher::new("v").value(&(vec![1u8], vec![2u8])).finish(), Hasher::new("v").value(&(vec![1u8, 2], Vec::<u8>::new())).finish());
    }
}
