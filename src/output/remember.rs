//! The dev server's sink: each file that changed is written into the published site as soon as
//! it is made, and only a digest of it is remembered (not its bytes), so the server does not
//! hold a copy of the site. A complete build then removes what it no longer makes.
//!
//! Until a first build has completed, the folder's files are not known (an earlier run left
//! them): that build goes through a [`Staging`] like `build`, all or nothing (docs/format.md,
//! "What a build writes"), and its digests are remembered on the way.

use super::staging::{beside, resolve, Folders};
use super::{Sink, Staging, WriteReport};
use crate::error::Error;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};

/// Writes changed files in place and remembers a digest per file (see the module doc).
pub struct Remember {
    out: PathBuf,
    /// Where files are written before they are renamed into the site (beside it, so a kill
    /// leaves nothing half-written inside it; the next start removes the folder).
    tmp: PathBuf,
    made: Folders,
    next_tmp: AtomicU64,
    /// The first build's staging, until a build completes.
    staging: RwLock<Option<Staging>>,
    state: Mutex<State>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    digest: u64,
    build: u64,
}

#[derive(Default)]
struct State {
    /// Path → digest of the bytes last written there (or found there), and the last build
    /// that put or kept it.
    files: HashMap<String, Entry>,
    /// The build under way (counted by `begin`): a file whose entry has another number was
    /// not put or kept by it. A number, not a set of the paths seen: a rebuild keeps nearly
    /// every file, and copying 12,000 paths into a set on each one was a measurable part of it.
    build: u64,
    /// Paths kept by this build that no entry knows (none are expected: a page is kept only
    /// if it was made before); they count as seen.
    kept_unknown: HashSet<String>,
    /// Whether `files` is all the site holds: false until a complete build has replaced what
    /// an earlier run left in the folder.
    known: bool,
    written: usize,
    unchanged: usize,
    /// The first write that failed since `begin`; reported by `finish`.
    failure: Option<Error>,
}

impl State {
    /// Notes that this build put or kept `rel`, with the digest of its bytes when they are
    /// known.
    fn mark(&mut self, rel: &str, digest: Option<u64>) {
        let build = self.build;
        match (self.files.get_mut(rel), digest) {
            (Some(e), Some(digest)) => *e = Entry { digest, build },
            (Some(e), None) => e.build = build,
            (None, Some(digest)) => {
                self.files.insert(rel.to_string(), Entry { digest, build });
            }
            (None, None) => {
                self.kept_unknown.insert(rel.to_string());
            }
        }
    }

    /// Whether this build put or kept `rel`.
    fn seen(&self, rel: &str) -> bool {
        self.files.get(rel).is_some_and(|e| e.build == self.build)
            || self.kept_unknown.contains(rel)
    }
}

impl Remember {
    pub fn new(out: &Path) -> Remember {
        Remember {
            out: out.to_path_buf(),
            tmp: beside(&resolve(out)).tmp,
            made: Folders::default(),
            next_tmp: AtomicU64::new(0),
            staging: RwLock::new(None),
            state: Mutex::new(State::default()),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // Every update of the state is one step: a panic elsewhere cannot leave it half-done.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn staging(&self) -> std::sync::RwLockReadGuard<'_, Option<Staging>> {
        self.staging.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts a build: nothing is seen yet. Until one has completed, the build is staged.
    pub fn begin(&self) {
        let mut s = self.state();
        s.build += 1;
        s.kept_unknown.clear();
        s.written = 0;
        s.unchanged = 0;
        s.failure = None;
        if !s.known {
            let mut staging = self.staging.write().unwrap_or_else(|e| e.into_inner());
            // The failed build's staging goes first: dropping it removes its folder, which is
            // the one the new staging makes.
            *staging = None;
            *staging = Some(Staging::new(&self.out));
        }
    }

    /// Ends a complete build: removes every file it neither made nor kept (and the folders
    /// that leaves empty). Returns what the build did, or its first failed write.
    pub fn finish(&self) -> Result<WriteReport, Error> {
        let mut s = self.state();
        if let Some(e) = s.failure.take() {
            return Err(e);
        }
        let mut removed = 0;
        if s.known {
            let stale: Vec<String> = s.files.keys().filter(|p| !s.seen(p)).cloned().collect();
            for rel in stale {
                s.files.remove(&rel);
                let path = self.out.join(&rel);
                match fs::remove_file(&path) {
                    Ok(()) => removed += 1,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(Error::io(&path, e)),
                }
                // Remove folders the deletion emptied (remove_dir fails on a non-empty one).
                let mut dir = path.parent();
                while let Some(d) = dir.filter(|d| *d != self.out) {
                    if fs::remove_dir(d).is_err() {
                        break;
                    }
                    self.made.forget();
                    dir = d.parent();
                }
            }
        } else {
            let staging = self
                .staging
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .take();
            if let Some(staging) = staging {
                let report = staging.commit(&Default::default())?;
                let state = &mut *s;
                let build = state.build;
                let unknown = &state.kept_unknown;
                state
                    .files
                    .retain(|rel, e| e.build == build || unknown.contains(rel));
                state.known = true;
                return Ok(report);
            }
        }
        Ok(WriteReport {
            written: s.written,
            unchanged: s.unchanged,
            removed,
        })
    }

    /// Writes `bytes` to `rel` unless the site holds them there already; whether it wrote.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<bool, Error> {
        let digest = super::digest(bytes);
        let same = self.state().files.get(rel).map(|e| e.digest) == Some(digest);
        let unchanged = same && self.out.join(rel).is_file();
        if !unchanged {
            self.replace(rel, bytes)?;
        }
        self.state().mark(rel, Some(digest));
        Ok(!unchanged)
    }

    /// Replaces one file of the site: written beside it, then renamed over the target, so a
    /// reader never sees half a file.
    fn replace(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        let path = self.out.join(rel);
        self.made.make_parent(&path)?;
        fs::create_dir_all(&self.tmp).map_err(|e| Error::io(&self.tmp, e))?;
        let n = self.next_tmp.fetch_add(1, Ordering::Relaxed);
        let tmp = self.tmp.join(format!("{}-{n}", std::process::id()));
        fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
        match fs::rename(&tmp, &path) {
            Ok(()) => Ok(()),
            // The site is on another file system than its parent (a mount point).
            Err(_) => {
                let _ = fs::remove_file(&tmp);
                super::write_file(&self.out, rel, bytes)
            }
        }
    }
}

impl Sink for Remember {
    fn put(&self, path: &str, bytes: Vec<u8>) {
        let result = match &*self.staging() {
            Some(staging) => {
                staging.put(path, &bytes);
                self.state().mark(path, Some(super::digest(&bytes)));
                // The staging counts its own writes and keeps its failures for `commit`.
                Ok(None)
            }
            None => self.write(path, &bytes).map(Some),
        };
        let mut s = self.state();
        s.mark(path, None);
        match result {
            Ok(Some(true)) => s.written += 1,
            Ok(Some(false)) => s.unchanged += 1,
            Ok(None) => {}
            Err(e) => {
                s.failure.get_or_insert(e);
            }
        }
    }

    fn keep(&self, path: &str) {
        if let Some(staging) = &*self.staging() {
            staging.keep(path);
        }
        let mut s = self.state();
        s.mark(path, None);
        s.unchanged += 1;
    }

    fn known(&self, path: &str, digest: u64) {
        self.state().mark(path, Some(digest));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_changes_keeps_kept_files_and_removes_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(out.join("old")).unwrap();
        fs::write(out.join("old/left.html"), "from an earlier run").unwrap();
        let r = Remember::new(&out);
        r.begin();
        r.put("index.html", b"a".to_vec());
        r.put("m/x.html", b"x".to_vec());
        r.put("m/y.html", b"y".to_vec());
        assert!(
            !out.join("index.html").exists(),
            "the first build is staged until it completes"
        );
        let report = r.finish().unwrap();
        assert_eq!((report.written, report.removed), (3, 1));
        assert!(!out.join("old").exists(), "what no build made is removed");

        r.begin();
        r.put("index.html", b"b".to_vec());
        r.keep("m/x.html");
        let report = r.finish().unwrap();
        assert_eq!(
            (report.written, report.unchanged, report.removed),
            (1, 1, 1)
        );
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"b");
        assert_eq!(fs::read(out.join("m/x.html")).unwrap(), b"x");
        assert!(!out.join("m/y.html").exists());
    }

    /// A sink over a new folder after a first build of `files` (path, text); the folder lives
    /// as long as the first value.
    fn first_build(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf, Remember) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let r = Remember::new(&out);
        r.begin();
        for (path, text) in files {
            r.put(path, text.as_bytes().to_vec());
        }
        assert_eq!(r.finish().unwrap().written, files.len());
        (dir, out, r)
    }

    #[test]
    fn each_build_removes_what_it_neither_put_nor_kept() {
        let (_dir, out, r) = first_build(&[("a.html", "a"), ("b.html", "b")]);
        // Written between builds, as the dev server's search index is.
        r.write("search/1.json", b"[]").unwrap();
        for build in 0..2 {
            r.begin();
            r.keep("a.html");
            r.keep("b.html");
            r.keep("search/1.json");
            let report = r.finish().unwrap();
            assert_eq!((report.unchanged, report.removed), (3, 0), "build {build}");
        }
        r.begin();
        r.keep("a.html");
        let report = r.finish().unwrap();
        assert_eq!(
            report.removed, 2,
            "kept by the builds before, not by this one"
        );
        assert!(out.join("a.html").exists());
        assert!(!out.join("b.html").exists() && !out.join("search").exists());
    }

    #[test]
    fn unchanged_bytes_are_not_written_again() {
        let (_dir, _, r) = first_build(&[("a/b.html", "same")]);
        assert!(!r.write("a/b.html", b"same").unwrap());
        assert!(r.write("a/b.html", b"other").unwrap());
    }
}
