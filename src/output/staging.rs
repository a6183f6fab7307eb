//! Writing a site as it is produced, published all at once.
//!
//! A large course's pages do not fit comfortably in memory at once, so the build hands each page
//! here as soon as it is rendered. Pages go into a fresh folder beside the output folder
//! (`public` → `.public.skillpress-new`), never into the published one: a page whose bytes did
//! not change is hard-linked from the old site (no copy, its modification time kept), any other is
//! written there. Only when the whole build succeeded does [`Staging::commit`] swap the new folder
//! in for the old one in a single step, then delete the old one; a failed build drops the staging,
//! which deletes the new folder, leaving the old site as it was.
//!
//! What a kill (`kill -9`, a power cut aside) at each moment leaves is documented in
//! docs/format.md ("What a build writes"); in short the published folder is always wholly the old
//! site or wholly the new one, and the next `build`, `check` or `serve` removes the leftovers
//! beside it ([`recover`]) before doing anything else.

use super::WriteReport;
use crate::error::Error;
use std::collections::BTreeSet;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The folders a build of `out` uses beside it, in its parent folder.
#[derive(Debug, Clone)]
pub struct Beside {
    /// The site being built.
    pub new: PathBuf,
    /// The old site between the two renames of a swap without `RENAME_EXCHANGE`.
    pub old: PathBuf,
    /// Temporary files of single-file updates (the dev server), renamed into the site.
    pub tmp: PathBuf,
    /// What the last build made, for the next (see `LastBuild`); it outlives every build.
    pub cache: PathBuf,
}

/// The published folder itself: a link to a folder is resolved, so the swap replaces the
/// folder it points to rather than the link.
pub fn resolve(out: &Path) -> PathBuf {
    if out.is_symlink() {
        out.canonicalize().unwrap_or_else(|_| out.to_path_buf())
    } else {
        out.to_path_buf()
    }
}

pub fn beside(out: &Path) -> Beside {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".to_string());
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let at = |what: &str| parent.join(format!(".{name}.skillpress-{what}"));
    Beside {
        new: at("new"),
        old: at("old"),
        tmp: at("tmp"),
        cache: at("cache"),
    }
}

/// Cleans up after a build or dev server that was killed: removes a half-built site and stray
/// temporary files beside `out`, and puts the old site back if a kill came between the two
/// renames of a swap. Run by `build`, `check` and `serve` before anything else.
pub fn recover(out: &Path) -> Result<(), Error> {
    let out = resolve(out);
    let b = beside(&out);
    for dir in [&b.new, &b.tmp] {
        remove_all(dir)?;
    }
    let unsaved = super::last_build::unsaved(&b.cache);
    match fs::remove_file(&unsaved) {
        Err(e) if e.kind() != ErrorKind::NotFound => return Err(Error::io(&unsaved, e)),
        _ => {}
    }
    if b.old.exists() {
        if out.exists() {
            remove_all(&b.old)?;
        } else {
            fs::rename(&b.old, &out).map_err(|e| Error::io(&out, e))?;
        }
    }
    Ok(())
}

fn remove_all(dir: &Path) -> Result<(), Error> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != ErrorKind::NotFound => Err(Error::io(dir, e)),
        _ => Ok(()),
    }
}

/// The temporary name of `path` for a file written in place (the SCORM zip): hidden, in the
/// same folder, so the rename cannot cross file systems.
pub fn temp_path(path: &Path) -> PathBuf {
    path.with_file_name(format!(
        ".{}.skillpress-tmp",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    ))
}

/// Files staged for one build of one output folder.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    beside: Beside,
    /// Whether there was a site to compare with when the build started: a cold build (no
    /// output folder) looks for no old file, which spares a failing `statx` per file.
    had_site: bool,
    /// Folders of the new site made so far, so each is made once and not once per file (a
    /// `create_dir_all` per file costs a failing `mkdir` and a `statx` each).
    made: Folders,
    state: Mutex<State>,
}

/// The folders made so far under one root.
#[derive(Debug, Default)]
pub(super) struct Folders {
    made: Mutex<std::collections::HashSet<PathBuf>>,
}

impl Folders {
    /// Folders to be made below `root`, which exists already.
    fn under(root: &Path) -> Folders {
        let made = Folders::default();
        made.made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(root.to_path_buf());
        made
    }

    /// Forgets every folder made: some were removed (a build no longer makes their files).
    pub(super) fn forget(&self) {
        self.made.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// Makes the folder that holds `file` (and the folders above it) unless made before.
    pub(super) fn make_parent(&self, file: &Path) -> Result<(), Error> {
        let Some(parent) = file.parent() else {
            return Ok(());
        };
        let made = |p: &Path| {
            self.made
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .contains(p)
        };
        if made(parent) {
            return Ok(());
        }
        // Two threads may make the same folder at once; `create_dir_all` accepts one that
        // exists.
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let mut set = self.made.lock().unwrap_or_else(|e| e.into_inner());
        let mut p = Some(parent);
        while let Some(d) = p.filter(|d| !d.as_os_str().is_empty()) {
            if !set.insert(d.to_path_buf()) {
                break;
            }
            p = d.parent();
        }
        Ok(())
    }
}

#[derive(Debug, Default)]
struct State {
    /// Every path put so far.
    claimed: BTreeSet<String>,
    written: usize,
    unchanged: usize,
    /// The first write that failed; reported by `commit`.
    failure: Option<Error>,
    committed: bool,
}

impl Staging {
    /// Starts a build of `out`: cleans up after an interrupted one, makes the new folder.
    /// A failure is kept and returned by `commit`.
    pub fn new(out: &Path) -> Staging {
        let out = resolve(out);
        let beside = beside(&out);
        let mut state = State::default();
        if let Err(e) = recover(&out)
            .and_then(|()| fs::create_dir_all(&beside.new).map_err(|e| Error::io(&beside.new, e)))
        {
            state.failure = Some(e);
        }
        let had_site = out.is_dir();
        let made = Folders::under(&beside.new);
        Staging {
            out,
            beside,
            had_site,
            made,
            state: Mutex::new(state),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic elsewhere cannot leave the state half-updated: every update is one step.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Claims `rel` for one file before it is written or kept: the build gives every file its own
    /// path, and a second file on the same one must not replace the first unnoticed. False when
    /// the build has already failed or the path was taken (the failure is kept for `commit`).
    fn claim(&self, rel: &str) -> bool {
        let mut state = self.state();
        if state.failure.is_some() {
            return false;
        }
        if !state.claimed.insert(rel.to_string()) {
            state.failure.get_or_insert(Error::Other(format!(
                "two files of the build would be written to `{rel}`"
            )));
            return false;
        }
        true
    }

    /// Takes one produced file (`rel` is its path in the output folder). Safe to call from
    /// many threads; a write error is kept and returned by `commit`.
    pub fn put(&self, rel: &str, bytes: &[u8]) {
        if !self.claim(rel) {
            return;
        }
        let target = self.beside.new.join(rel);
        let result = self.made.make_parent(&target).and_then(|()| {
            if self.had_site
                && super::same_on_disk(&self.out, rel, bytes)
                && fs::hard_link(self.out.join(rel), &target).is_ok()
            {
                return Ok(false);
            }
            fs::write(&target, bytes)
                .map(|()| true)
                .map_err(|e| Error::io(&target, e))
        });
        let mut state = self.state();
        match result {
            Ok(true) => state.written += 1,
            Ok(false) => state.unchanged += 1,
            Err(e) => {
                state.failure.get_or_insert(e);
            }
        }
    }

    /// Takes the old site's file at `rel` unchanged: linked into the new site.
    pub fn keep(&self, rel: &str) {
        if !self.claim(rel) {
            return;
        }
        let target = self.beside.new.join(rel);
        let result = self
            .made
            .make_parent(&target)
            .and_then(|()| link_or_copy(&self.out.join(rel), &target));
        let mut state = self.state();
        match result {
            Ok(()) => state.unchanged += 1,
            Err(e) => {
                state.failure.get_or_insert(e);
            }
        }
    }

    /// Every path taken so far.
    pub fn paths(&self) -> BTreeSet<String> {
        self.state().claimed.clone()
    }

    /// Publishes the new site: files of the old one listed in `keep` (and not produced anew)
    /// are carried over, then the new folder replaces the old in one step.
    pub fn commit(&self, keep: &BTreeSet<String>) -> Result<WriteReport, Error> {
        let mut state = self.state();
        if let Some(e) = state.failure.take() {
            return Err(e);
        }
        let mut removed = 0;
        if self.out.is_dir() {
            for rel in old_files(&self.out)? {
                if state.claimed.contains(&rel) {
                    continue;
                }
                if keep.contains(&rel) {
                    carry_over(&self.out, &self.beside.new, &rel)?;
                } else {
                    removed += 1;
                }
            }
        } else if self.out.exists() {
            return Err(Error::Other(format!(
                "the output folder `{}` is a file; remove it or choose another --out",
                self.out.display()
            )));
        }
        swap(&self.beside, &self.out)?;
        state.committed = true;
        Ok(WriteReport {
            written: state.written,
            unchanged: state.unchanged,
            removed,
        })
    }
}

impl Drop for Staging {
    /// An uncommitted staging (the build failed) removes the site it was building.
    fn drop(&mut self) {
        let state = self.state.get_mut().unwrap_or_else(|e| e.into_inner());
        if !state.committed {
            let _ = fs::remove_dir_all(&self.beside.new);
        }
    }
}

/// Every file of the published site, relative.
fn old_files(out: &Path) -> Result<Vec<String>, Error> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(out).min_depth(1) {
        let entry = entry.map_err(|e| {
            Error::io(
                out,
                e.into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("walk failed")),
            )
        })?;
        if !entry.file_type().is_dir() {
            files.push(crate::discover::rel(out, entry.path()));
        }
    }
    Ok(files)
}

/// Links (or, where links are not possible, copies) `rel` from the old site into the new one.
fn carry_over(out: &Path, new: &Path, rel: &str) -> Result<(), Error> {
    let (from, to) = (out.join(rel), new.join(rel));
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    link_or_copy(&from, &to)
}

fn link_or_copy(from: &Path, to: &Path) -> Result<(), Error> {
    if fs::hard_link(from, to).is_err() {
        fs::copy(from, to).map_err(|e| Error::io(to, e))?;
    }
    Ok(())
}

/// Exchanges two paths atomically (`renameat2` with `RENAME_EXCHANGE`, Linux 3.15+ on most local
/// file systems). `false` when the system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let (Ok(a), Ok(b)) = (
        CString::new(a.as_os_str().as_bytes()),
        CString::new(b.as_os_str().as_bytes()),
    ) else {
        return false;
    };
    // SAFETY: two valid NUL-terminated paths; the call reads them and touches no memory of ours.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    rc == 0
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// Puts the new site (`b.new`) in place of `out` and removes the old one.
fn swap(b: &Beside, out: &Path) -> Result<(), Error> {
    if !out.exists() {
        return fs::rename(&b.new, out).map_err(|e| Error::io(out, e));
    }
    if exchange(&b.new, out) {
        // `b.new` now holds the old site.
        return remove_all(&b.new);
    }
    // Two renames: between them `out` is missing, and `recover` puts the old site back.
    match fs::rename(out, &b.old) {
        Ok(()) => {}
        // `out` cannot be moved (a mount point, another file system): copy in place.
        Err(e) if matches!(e.raw_os_error(), Some(libc::EBUSY) | Some(libc::EXDEV)) => {
            return copy_in_place(&b.new, out);
        }
        Err(e) => return Err(Error::io(out, e)),
    }
    if let Err(e) = fs::rename(&b.new, out) {
        let _ = fs::rename(&b.old, out);
        return Err(Error::io(out, e));
    }
    remove_all(&b.old)
}

/// The fallback for an output folder that cannot be renamed: each file is copied beside its
/// target and renamed over it (no reader sees half a file, but a kill leaves a mix of old and
/// new pages until the next build), then what the new site lacks is removed.
fn copy_in_place(new: &Path, out: &Path) -> Result<(), Error> {
    let produced: BTreeSet<String> = old_files(new)?.into_iter().collect();
    for rel in &produced {
        let (from, to) = (new.join(rel), out.join(rel));
        if super::same_on_disk(out, rel, &fs::read(&from).map_err(|e| Error::io(&from, e))?) {
            continue;
        }
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let tmp = temp_path(&to);
        fs::copy(&from, &tmp).map_err(|e| Error::io(&tmp, e))?;
        fs::rename(&tmp, &to).map_err(|e| Error::io(&to, e))?;
    }
    super::remove_stale(out, |rel| produced.contains(rel))?;
    remove_all(new)
}

#[cfg(test)]
#[path = "staging_tests.rs"]
mod tests;
