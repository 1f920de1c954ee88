//! Writing the site: into a staging folder beside the target, swapped in only when the whole
//! build succeeded.
//!
//! An error or a kill during a build therefore never leaves a half-written site and never
//! deletes the previous one. [`Sink`] is the one door every output file goes through.

use std::io;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// Where rendered files go.
pub trait Sink: Sync {
    /// Writes `bytes` at `path` (relative, `/`-separated, made by the renderer's routes).
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()>;
}

/// A staging folder that becomes the output folder on [`Staging::commit`].
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Prepares a staging folder for `target`, refusing targets that hold the user's work.
    pub fn new(target: &Path, site_root: &Path) -> Result<Staging> {
        check_target(target, site_root)?;
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        let dir = parent.join(format!(".{name}.building-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).with_context(|| format!("cannot clear {}", dir.display()))?;
        }
        std::fs::create_dir(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        Ok(Staging { dir, target: target.to_path_buf(), committed: false })
    }

    /// Swaps the staged site in and removes the previous one.
    pub fn commit(mut self) -> Result<()> {
        let parent = self.dir.parent().expect("staging folder has a parent").to_path_buf();
        let name = self.target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let had_previous = self.target.exists();
        if had_previous {
            std::fs::rename(&self.target, &old).with_context(|| format!("cannot move the previous {} aside", self.target.display()))?;
        }
        if let Err(err) = std::fs::rename(&self.dir, &self.target) {
            if had_previous {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(err).with_context(|| format!("cannot move the new site to {}", self.target.display()));
        }
        self.committed = true;
        if had_previous {
            std::fs::remove_dir_all(&old).with_context(|| format!("cannot remove the previous site at {}", old.display()))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

impl Sink for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let file = self.dir.join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&file, bytes)
    }
}

/// Rendered files kept in memory: for `check`, and for `serve`, which answers requests from it.
#[derive(Default)]
pub struct Memory {
    files: std::sync::RwLock<std::collections::HashMap<String, std::sync::Arc<Vec<u8>>>>,
}

impl Memory {
    pub fn get(&self, path: &str) -> Option<std::sync::Arc<Vec<u8>>> {
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
        self.files.write().expect("lock not poisoned").insert(path.to_string(), std::sync::Arc::new(bytes.to_vec()));
        Ok(())
    }
}

/// The output folder is replaced whole, so it must not be the site itself, hold it, or hold
/// anything that looks like an editor's work.
fn check_target(target: &Path, site_root: &Path) -> Result<()> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (target_abs, root_abs) = (absolute(target), absolute(site_root));
    if root_abs.starts_with(&target_abs) {
        bail!("refusing to write the site to {}: it would replace the archive itself", target.display());
    }
    for own in ["content", "sources", "templates", "themes", "static"] {
        if target_abs.starts_with(root_abs.join(own)) {
            bail!("refusing to write the site to {}: it is inside the archive's {own}/ folder", target.display());
        }
    }
    if target.exists() {
        if !target.is_dir() {
            bail!("the output {} exists and is not a folder", target.display());
        }
        for precious in [crate::config::CONFIG_FILE, "content", "sources", ".git"] {
            let path = target.join(precious);
            if path.exists() && !(precious == "sources" && is_published_sources(&path)) {
                bail!("refusing to replace {}: it holds {precious}, which looks like someone's work, not a built site", target.display());
            }
        }
    }
    Ok(())
}

/// Whether a `sources` folder is one a build published (each dump as `<name>.txt` beside its
/// page `<name>/index.html`, nothing else) rather than raw dumps someone keeps there.
fn is_published_sources(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else { return false };
    entries.flatten().all(|entry| {
        let path = entry.path();
        if path.is_dir() {
            path.join("index.html").is_file() && path.with_extension("txt").is_file()
        } else {
            path.extension().is_some_and(|x| x == "txt") && path.with_extension("").join("index.html").is_file()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_drop_discards() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        let staging = Staging::new(&target, tmp.path()).unwrap();
        staging.write("a/index.html", b"one").unwrap();
        staging.commit().unwrap();
        assert_eq!(std::fs::read(target.join("a/index.html")).unwrap(), b"one");

        let staging = Staging::new(&target, tmp.path()).unwrap();
        staging.write("b.txt", b"two").unwrap();
        drop(staging);
        assert_eq!(std::fs::read(target.join("a/index.html")).unwrap(), b"one");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1, "no staging folder left behind");
    }

    #[test]
    fn refuses_to_replace_the_archive() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("site.toml"), "").unwrap();
        assert!(Staging::new(tmp.path(), tmp.path()).is_err());
        let work = tmp.path().join("work");
        std::fs::create_dir_all(work.join("content")).unwrap();
        assert!(Staging::new(&work, tmp.path()).is_err());
    }

    #[test]
    fn a_build_with_published_sources_is_replaced_but_raw_dumps_are_not() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("archive");
        std::fs::create_dir_all(&site).unwrap();
        let built = tmp.path().join("public");
        std::fs::create_dir_all(built.join("sources/dump")).unwrap();
        std::fs::write(built.join("sources/dump/index.html"), "").unwrap();
        std::fs::write(built.join("sources/dump.txt"), "").unwrap();
        assert!(Staging::new(&built, &site).is_ok(), "a previous build");
        std::fs::write(built.join("sources/notes.txt"), "an editor's file").unwrap();
        assert!(Staging::new(&built, &site).is_err(), "a dump without its page is someone's");
        let raw = tmp.path().join("dumps");
        std::fs::create_dir_all(raw.join("sources")).unwrap();
        std::fs::write(raw.join("sources/000.txt"), "raw").unwrap();
        assert!(Staging::new(&raw, &site).is_err());
    }
}
