//! Writing the site: in memory ([`Memory`], for `serve` and `check`) or on disk ([`disk`]),
//! where a build is written beside the site it replaces and swapped in only when it has
//! succeeded, so that an error or a kill never leaves a half-written or mixed site.
//! [`Sink`] is the one door every output file goes through, [`write`] the one way through it.

pub mod disk;
pub mod manifest;
mod memory;

use std::io;
use std::path::Path;

use anyhow::{bail, Result};

use crate::error::Problem;
pub use memory::Memory;

/// Where rendered files go.
pub trait Sink: Sync {
    /// Writes `bytes` at `path` (relative, `/`-separated, made by the renderer's routes).
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()>;
}

/// Writes a file into `sink`; a failure is a problem naming the file.
pub fn write(sink: &dyn Sink, path: &str, bytes: &[u8]) -> Result<(), Problem> {
    sink.write(path, bytes).map_err(|e| Problem::in_file(path, format!("cannot write: {e}")))
}

/// The output folder is replaced whole, so it must not be the site itself, hold it, or hold
/// anything that looks like an editor's work.
pub fn check_target(target: &Path, site_root: &Path) -> Result<()> {
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
    fn refuses_to_replace_the_archive() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("site.toml"), "").unwrap();
        assert!(check_target(tmp.path(), tmp.path()).is_err());
        let work = tmp.path().join("work");
        std::fs::create_dir_all(work.join("content")).unwrap();
        assert!(check_target(&work, tmp.path()).is_err());
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
        assert!(check_target(&built, &site).is_ok(), "a previous build");
        std::fs::write(built.join("sources/notes.txt"), "an editor's file").unwrap();
        assert!(check_target(&built, &site).is_err(), "a dump without its page is someone's");
        let raw = tmp.path().join("dumps");
        std::fs::create_dir_all(raw.join("sources")).unwrap();
        std::fs::write(raw.join("sources/000.txt"), "raw").unwrap();
        assert!(check_target(&raw, &site).is_err());
    }
}
