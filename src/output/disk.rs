//! The site on disk, replaced whole or not at all, and rebuilt at the cost of what changed.
//!
//! Beside the output folder (`public/`) lives its cache folder (`.public.annals/`), holding a
//! lock, a manifest per built tree (named by the tree's folder identity, so that a manifest
//! always describes the tree it sits beside, whatever was renamed) and the *spare*: the
//! previous build's tree, which shares its unchanged files with the current one through hard
//! links.
//!
//! A full build writes a new tree into a staging folder and swaps it in. An incremental build
//! brings the spare up to date (each changed file written under a temporary name and renamed
//! into place, so the file it replaces, shared with the live site, is never written to), then
//! swaps the spare and the output folder in one atomic exchange (`renameat2(RENAME_EXCHANGE)`
//! on Linux). Until that exchange the output folder is not touched; a failed or killed build
//! leaves it complete and unchanged. A spare whose update did not finish has no manifest, and
//! is made again from the output folder next time.

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

use super::manifest::Manifest;
use super::Sink;
use crate::fingerprint;

/// An output folder, locked against a second build writing it at the same time.
pub struct Output {
    target: PathBuf,
    cache: PathBuf,
    _lock: File,
}

impl Output {
    /// Opens the output folder `target` of the archive at `site_root`, refusing folders that
    /// hold the user's work (see [`super::check_target`]).
    pub fn open(target: &Path, site_root: &Path) -> Result<Output> {
        super::check_target(target, site_root)?;
        let parent = parent_of(target);
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        let cache = cache_of(target);
        std::fs::create_dir_all(&cache).with_context(|| format!("cannot create {}", cache.display()))?;
        let lock_path = cache.join("lock");
        let lock = File::create(&lock_path).with_context(|| format!("cannot create {}", lock_path.display()))?;
        if rustix::fs::flock(&lock, rustix::fs::FlockOperation::NonBlockingLockExclusive).is_err() {
            bail!("another annals build is writing {} (its lock is {})", target.display(), lock_path.display());
        }
        let output = Output { target: target.to_path_buf(), cache, _lock: lock };
        output.remove_leftover_staging()?;
        Ok(output)
    }

    /// The manifest of the site in the output folder, when there is one this program wrote.
    pub fn manifest(&self) -> Option<Manifest> {
        current_manifest(&self.target)
    }

    /// The cache folder, for what else a build keeps for the next (see `content::cache`).
    pub fn cache_dir(&self) -> &Path {
        &self.cache
    }

    /// A new tree to write every file into.
    pub fn full(&self) -> Result<FullBuild<'_>> {
        let dir = self.staging_dir();
        std::fs::create_dir(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        Ok(FullBuild { output: self, dir, committed: false })
    }

    /// The spare tree, made ready to be brought up from what it holds to the next build;
    /// `current` is the output folder's manifest, for making the spare from it.
    pub fn incremental(&self, current: &Manifest) -> Result<IncrementalBuild<'_>> {
        let spare = self.cache.join("spare");
        let held = match self.manifest_of(&spare) {
            Some(manifest) if manifest.program == current.program => manifest,
            _ => {
                if spare.exists() {
                    std::fs::remove_dir_all(&spare).with_context(|| format!("cannot remove {}", spare.display()))?;
                }
                let fresh = self.cache.join("spare.new");
                if fresh.exists() {
                    std::fs::remove_dir_all(&fresh).with_context(|| format!("cannot remove {}", fresh.display()))?;
                }
                link_tree(&self.target, &fresh).with_context(|| format!("cannot copy {} into {}", self.target.display(), fresh.display()))?;
                std::fs::rename(&fresh, &spare).with_context(|| format!("cannot move {} to {}", fresh.display(), spare.display()))?;
                current.clone()
            }
        };
        // From here until the commit the spare holds neither build: without a manifest, a kill
        // leaves it to be made again.
        if let Some(path) = self.manifest_path(&spare) {
            let _ = std::fs::remove_file(path);
        }
        Ok(IncrementalBuild { output: self, spare, held })
    }

    fn staging_dir(&self) -> PathBuf {
        parent_of(&self.target).join(format!(".{}.building-{}", name_of(&self.target), std::process::id()))
    }

    /// Staging folders of builds that were killed: the lock says no other build is running.
    fn remove_leftover_staging(&self) -> Result<()> {
        let prefix = format!(".{}.building-", name_of(&self.target));
        let Ok(entries) = std::fs::read_dir(parent_of(&self.target)) else { return Ok(()) };
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let path = entry.path();
                std::fs::remove_dir_all(&path).with_context(|| format!("cannot remove the unfinished build {}", path.display()))?;
            }
        }
        Ok(())
    }

    fn manifest_path(&self, dir: &Path) -> Option<PathBuf> {
        manifest_path(&self.cache, dir)
    }

    fn manifest_of(&self, dir: &Path) -> Option<Manifest> {
        manifest_of(&self.cache, dir)
    }

    fn write_manifest(&self, dir: &Path, manifest: &Manifest) -> Result<()> {
        let Some(path) = self.manifest_path(dir) else { return Ok(()) };
        let temporary = path.with_extension("new");
        let written = File::create(&temporary).and_then(|file| {
            let mut out = std::io::BufWriter::new(file);
            manifest.write_to(&mut out)?;
            std::io::Write::flush(&mut out)
        });
        written.with_context(|| format!("cannot write {}", temporary.display()))?;
        std::fs::rename(&temporary, &path).with_context(|| format!("cannot write {}", path.display()))
    }

    /// Removes the manifests of trees that are gone (replaced spares, killed builds' staging
    /// folders): only the output folder's and the spare's are ever read.
    fn forget_other_manifests(&self) {
        let keep: Vec<PathBuf> = [self.target.clone(), self.cache.join("spare")].iter().filter_map(|dir| self.manifest_path(dir)).collect();
        let Ok(entries) = std::fs::read_dir(&self.cache) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with("manifest-") && !keep.contains(&path) {
                let _ = std::fs::remove_file(path);
            }
        }
    }

    fn forget_manifest(&self, dir: &Path) {
        if let Some(path) = self.manifest_path(dir) {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The manifest of the site in the output folder `target`, when there is one this program
/// wrote; reads only (for `check`, which never writes).
pub fn current_manifest(target: &Path) -> Option<Manifest> {
    manifest_of(&cache_of(target), target).filter(|m| m.program == fingerprint::of_this_program())
}

/// The cache folder of the output folder `target`: `.public.annals/` beside `public/`.
pub fn cache_of(target: &Path) -> PathBuf {
    parent_of(target).join(format!(".{}.annals", name_of(target)))
}

/// Where the manifest of the tree at `dir` is kept: named by the folder's identity, which
/// moves with the folder when it is renamed or exchanged.
fn manifest_path(cache: &Path, dir: &Path) -> Option<PathBuf> {
    identity(dir).map(|(device, inode)| cache.join(format!("manifest-{device}-{inode}")))
}

fn manifest_of(cache: &Path, dir: &Path) -> Option<Manifest> {
    let text = std::fs::read_to_string(manifest_path(cache, dir)?).ok()?;
    Manifest::parse(&text)
}

/// A build writing every file into a new tree.
pub struct FullBuild<'o> {
    output: &'o Output,
    dir: PathBuf,
    committed: bool,
}

impl Sink for FullBuild<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        let file = self.dir.join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&file, bytes)
    }
}

impl FullBuild<'_> {
    /// Puts the new tree in the output folder's place. The tree it replaced becomes the spare
    /// when its manifest says what it holds (the next incremental build then writes only what
    /// changed since, instead of linking the whole site into a new spare); otherwise it is
    /// removed.
    pub fn commit(mut self, manifest: &Manifest) -> Result<()> {
        let output = self.output;
        output.write_manifest(&self.dir, manifest)?;
        if output.target.exists() {
            exchange(&self.dir, &output.target)?;
            self.committed = true;
            if output.manifest_of(&self.dir).is_some() {
                let spare = output.cache.join("spare");
                if spare.exists() {
                    output.forget_manifest(&spare);
                    std::fs::remove_dir_all(&spare).with_context(|| format!("cannot remove {}", spare.display()))?;
                }
                std::fs::rename(&self.dir, &spare).with_context(|| format!("cannot move {} to {}", self.dir.display(), spare.display()))?;
            } else {
                std::fs::remove_dir_all(&self.dir).with_context(|| format!("cannot remove the previous site at {}", self.dir.display()))?;
            }
        } else {
            std::fs::rename(&self.dir, &output.target).with_context(|| format!("cannot move the new site to {}", output.target.display()))?;
            self.committed = true;
        }
        output.forget_other_manifests();
        Ok(())
    }
}

impl Drop for FullBuild<'_> {
    fn drop(&mut self) {
        if !self.committed {
            self.output.forget_manifest(&self.dir);
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// A build bringing the spare tree up to date.
pub struct IncrementalBuild<'o> {
    output: &'o Output,
    spare: PathBuf,
    /// What the spare holds.
    held: Manifest,
}

impl Sink for IncrementalBuild<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        let file = self.spare.join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)?;
        }
        // A new file renamed over the old: the old one may be shared with the live site.
        let temporary = file.with_file_name(format!(".{}.annals-new", file.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()));
        std::fs::write(&temporary, bytes)?;
        std::fs::rename(&temporary, &file)
    }
}

impl IncrementalBuild<'_> {
    /// What the spare holds: the cache to run the jobs against.
    pub fn held(&self) -> &Manifest {
        &self.held
    }

    /// Puts the live site's file at `path` in the spare (as a link), for a file that did not
    /// change in this build but did in the last.
    pub fn take_from_live(&self, path: &str) -> std::io::Result<()> {
        let file = self.spare.join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let temporary = file.with_file_name(format!(".{}.annals-new", file.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()));
        let _ = std::fs::remove_file(&temporary);
        std::fs::hard_link(self.output.target.join(path), &temporary)?;
        std::fs::rename(&temporary, &file)
    }

    /// Removes from the spare the files `manifest` does not list, and swaps it with the
    /// output folder.
    pub fn commit(self, manifest: &Manifest) -> Result<()> {
        for path in self.held.files.keys().filter(|path| !manifest.files.contains_key(*path)) {
            let file = self.spare.join(path);
            match std::fs::remove_file(&file) {
                Ok(()) => remove_empty_parents(&file, &self.spare),
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                Err(err) => return Err(err).with_context(|| format!("cannot remove {}", file.display())),
            }
        }
        self.output.write_manifest(&self.spare, manifest)?;
        exchange(&self.spare, &self.output.target)?;
        self.output.forget_other_manifests();
        Ok(())
    }
}

fn remove_empty_parents(file: &Path, root: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir.filter(|d| *d != root) {
        if std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// Swaps two folders' places in one step where the system can (Linux), else in three renames.
fn exchange(a: &Path, b: &Path) -> Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        if renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    let aside = a.with_extension("swap");
    std::fs::rename(b, &aside).with_context(|| format!("cannot move {} aside", b.display()))?;
    if let Err(err) = std::fs::rename(a, b) {
        let _ = std::fs::rename(&aside, b);
        return Err(err).with_context(|| format!("cannot move the new site to {}", b.display()));
    }
    std::fs::rename(&aside, a).with_context(|| format!("cannot move the previous site to {}", a.display()))
}

/// A copy of the tree `from` at `to` made of hard links: no file is copied.
fn link_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.map_err(std::io::Error::other)?;
        let rel = entry.path().strip_prefix(from).expect("walked from here");
        if entry.file_type().is_dir() {
            std::fs::create_dir(to.join(rel))?;
        } else {
            files.push(rel.to_path_buf());
        }
    }
    files.par_iter().try_for_each(|rel| std::fs::hard_link(from.join(rel), to.join(rel)))
}

/// A folder's device and inode: what stays the same when it is renamed.
fn identity(dir: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(dir).ok()?;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

fn parent_of(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

fn name_of(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn manifest(files: &[(&str, u128)]) -> Manifest {
        let files = files.iter().map(|(p, k)| (p.to_string(), super::super::manifest::Entry { key: *k, owner: None })).collect::<BTreeMap<_, _>>();
        Manifest { program: fingerprint::of_this_program(), files }
    }

    fn read(dir: &Path, rel: &str) -> Option<String> {
        std::fs::read_to_string(dir.join(rel)).ok()
    }

    #[test]
    fn full_then_incremental_builds_swap_trees_and_share_unchanged_files() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        let output = Output::open(&target, tmp.path()).unwrap();
        assert!(output.manifest().is_none());
        let full = output.full().unwrap();
        full.write("a/index.html", b"one").unwrap();
        full.write("b.txt", b"bee").unwrap();
        full.write("gone.txt", b"old").unwrap();
        let first = manifest(&[("a/index.html", 1), ("b.txt", 2), ("gone.txt", 3)]);
        full.commit(&first).unwrap();
        assert_eq!(output.manifest().as_ref(), Some(&first));

        let build = output.incremental(&first).unwrap();
        assert_eq!(build.held(), &first, "a new spare holds what the site holds");
        build.write("a/index.html", b"two").unwrap();
        assert_eq!(read(&target, "a/index.html").as_deref(), Some("one"), "the live site is untouched before the commit");
        let second = manifest(&[("a/index.html", 10), ("b.txt", 2)]);
        build.commit(&second).unwrap();
        assert_eq!(read(&target, "a/index.html").as_deref(), Some("two"));
        assert_eq!(read(&target, "b.txt").as_deref(), Some("bee"));
        assert!(read(&target, "gone.txt").is_none());
        assert_eq!(output.manifest().as_ref(), Some(&second));

        // The spare is now the first build, with its own manifest: the next build starts there.
        let build = output.incremental(&second).unwrap();
        assert_eq!(build.held(), &first);
        build.write("a/index.html", b"three").unwrap();
        drop(build);
        assert_eq!(read(&target, "a/index.html").as_deref(), Some("two"), "an unfinished build changes nothing");
        let build = output.incremental(&second).unwrap();
        assert_eq!(build.held(), &second, "a spare left unfinished is made again from the site");
        build.commit(&second).unwrap();

        // A full build keeps the tree it replaces as the spare, with its manifest.
        let full = output.full().unwrap();
        full.write("a/index.html", b"four").unwrap();
        let third = manifest(&[("a/index.html", 20)]);
        full.commit(&third).unwrap();
        assert_eq!(read(&target, "a/index.html").as_deref(), Some("four"));
        assert_eq!(read(&target, "b.txt"), None);
        let build = output.incremental(&third).unwrap();
        assert_eq!(build.held(), &second, "the replaced site is the spare: nothing to link");
        assert_eq!(read(&build.spare, "b.txt").as_deref(), Some("bee"));
        build.commit(&third).unwrap();
        let manifests = std::fs::read_dir(&output.cache).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().starts_with("manifest-")).count();
        assert_eq!(manifests, 2, "the site's and the spare's; those of trees gone are removed");
    }

    #[test]
    fn a_second_build_at_once_is_refused_and_leftovers_are_cleared() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        let first = Output::open(&target, tmp.path()).unwrap();
        let err = Output::open(&target, tmp.path()).err().expect("locked");
        assert!(err.to_string().contains("another annals build is writing"), "{err}");
        drop(first);
        std::fs::create_dir_all(tmp.path().join(".public.building-99999/x")).unwrap();
        let output = Output::open(&target, tmp.path()).unwrap();
        assert!(!tmp.path().join(".public.building-99999").exists(), "a killed build's staging folder goes");
        drop(output.full().unwrap());
        let names: Vec<String> = std::fs::read_dir(tmp.path()).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        assert_eq!(names, [".public.annals"], "a dropped build leaves nothing but the cache");
    }
}
