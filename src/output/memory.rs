//! Rendered files kept in memory: for `check`, and for `serve`, which answers requests from it.

use std::collections::HashMap;
use std::io;
use std::sync::{Arc, RwLock};

use super::Sink;

#[derive(Default)]
pub struct Memory {
    files: RwLock<HashMap<String, Arc<Vec<u8>>>>,
}

impl Memory {
    pub fn get(&self, path: &str) -> Option<Arc<Vec<u8>>> {
        self.files.read().expect("lock not poisoned").get(path).cloned()
    }

    /// Every path held, sorted.
    pub fn paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self.files.read().expect("lock not poisoned").keys().cloned().collect();
        paths.sort();
        paths
    }

    /// Keeps only the paths `keep` accepts.
    pub fn retain(&self, keep: impl Fn(&str) -> bool) {
        self.files.write().expect("lock not poisoned").retain(|path, _| keep(path));
    }

    /// Adds (or replaces) `other`'s files.
    pub fn merge(&self, other: Memory) {
        let new = other.files.into_inner().expect("lock not poisoned");
        self.files.write().expect("lock not poisoned").extend(new);
    }

    /// Replaces everything held with `other`'s files.
    pub fn replace_with(&self, other: Memory) {
        let new = other.files.into_inner().expect("lock not poisoned");
        *self.files.write().expect("lock not poisoned") = new;
    }
}

impl Sink for Memory {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.files.write().expect("lock not poisoned").insert(path.to_string(), Arc::new(bytes.to_vec()));
        Ok(())
    }
}

