//! Writing a site as it is produced, still all or nothing.
//!
//! A large course's pages do not fit comfortably in memory at once, so the build hands each page
//! here as soon as it is rendered. A page already on disk with the same bytes is left alone; any
//! other is written to a temporary file beside its target. Only when the whole build succeeded
//! does [`Staging::commit`] rename the temporary files over their targets (and remove what the
//! build no longer produces); a failed build drops the staging, which deletes its temporary
//! files and any folder it created, leaving the old site as it was.

use super::{remove_stale, WriteReport};
use crate::error::Error;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Files staged for one build of one output folder.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Output path → temporary file holding its new bytes.
    staged: BTreeMap<String, PathBuf>,
    /// Output paths already on disk with the right bytes.
    unchanged: BTreeSet<String>,
    /// Every path put so far.
    claimed: BTreeSet<String>,
    /// Folders this staging created, so a failed build can remove them.
    created: Vec<PathBuf>,
    /// The first write that failed; reported by `commit`.
    failure: Option<Error>,
    committed: bool,
}

/// The temporary name of `path`: hidden, in the same folder (so the rename cannot cross file
/// systems) and removed as stale by the next build if a crash left it behind.
pub fn temp_path(path: &Path) -> PathBuf {
    path.with_file_name(format!(
        ".{}.skillpress-tmp",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    ))
}

impl Staging {
    pub fn new(out: &Path) -> Staging {
        Staging {
            out: out.to_path_buf(),
            state: Mutex::new(State::default()),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic elsewhere cannot leave the lists half-updated: every update is one push.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes one produced file (`rel` is its path in the output folder). Safe to call from
    /// many threads; a write error is kept and returned by `commit`.
    pub fn put(&self, rel: &str, bytes: &[u8]) {
        // Claim the path first: the build gives every file its own path, and a second file on
        // the same one must neither share the temporary file nor replace the first unnoticed.
        {
            let mut state = self.state();
            if !state.claimed.insert(rel.to_string()) {
                state.failure.get_or_insert(Error::Other(format!(
                    "two files of the build would be written to `{rel}`"
                )));
                return;
            }
        }
        if super::same_on_disk(&self.out, rel, bytes) {
            self.state().unchanged.insert(rel.to_string());
            return;
        }
        let path = self.out.join(rel);
        let tmp = temp_path(&path);
        let result = self.make_parent(&path).and_then(|()| {
            fs::write(&tmp, bytes).map_err(|e| {
                // A partly written file (a full disk) must not outlive the failed build.
                let _ = fs::remove_file(&tmp);
                Error::io(&tmp, e)
            })
        });
        let mut state = self.state();
        match result {
            Ok(()) => {
                state.staged.insert(rel.to_string(), tmp);
            }
            Err(e) => {
                state.failure.get_or_insert(e);
            }
        }
    }

    /// Creates the folders above `path` that do not exist yet, remembering them.
    fn make_parent(&self, path: &Path) -> Result<(), Error> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        if parent.is_dir() {
            return Ok(());
        }
        let mut missing = Vec::new();
        let mut dir = Some(parent);
        while let Some(d) = dir.filter(|d| !d.is_dir()) {
            missing.push(d.to_path_buf());
            dir = d.parent();
        }
        // Remembered before creating, so folders made before a failure are removed too.
        self.state().created.extend(missing);
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))
    }

    /// Every path taken so far.
    pub fn paths(&self) -> BTreeSet<String> {
        let state = self.state();
        state
            .staged
            .keys()
            .chain(state.unchanged.iter())
            .cloned()
            .collect()
    }

    /// Puts the staged files in place and removes every file of the output folder that is
    /// neither staged, unchanged nor listed in `keep`.
    pub fn commit(&self, keep: &BTreeSet<String>) -> Result<WriteReport, Error> {
        let mut state = self.state();
        if let Some(e) = state.failure.take() {
            return Err(e);
        }
        fs::create_dir_all(&self.out).map_err(|e| Error::io(&self.out, e))?;
        let mut report = WriteReport {
            unchanged: state.unchanged.len(),
            ..WriteReport::default()
        };
        for (rel, tmp) in &state.staged {
            let path = self.out.join(rel);
            fs::rename(tmp, &path).map_err(|e| Error::io(&path, e))?;
            report.written += 1;
        }
        let (staged, unchanged) = (&state.staged, &state.unchanged);
        report.removed = remove_stale(&self.out, |rel| {
            staged.contains_key(rel) || unchanged.contains(rel) || keep.contains(rel)
        })?;
        state.staged.clear();
        state.committed = true;
        Ok(report)
    }
}

impl Drop for Staging {
    /// An uncommitted staging (the build failed) removes what it wrote.
    fn drop(&mut self) {
        let state = self.state.get_mut().unwrap_or_else(|e| e.into_inner());
        if state.committed {
            return;
        }
        for tmp in state.staged.values() {
            let _ = fs::remove_file(tmp);
        }
        // Deepest first; a folder that is not empty (someone else's file) stays.
        state
            .created
            .sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for d in &state.created {
            let _ = fs::remove_dir(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(p: &Path) -> String {
        fs::read_to_string(p).unwrap()
    }

    #[test]
    fn nothing_changes_on_disk_until_commit() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("index.html"), "old").unwrap();
        fs::write(out.join("same.html"), "same").unwrap();
        fs::write(out.join("gone.html"), "x").unwrap();
        let staging = Staging::new(&out);
        staging.put("index.html", b"new");
        staging.put("same.html", b"same");
        staging.put("deep/er/page.html", b"p");
        assert_eq!(read(&out.join("index.html")), "old");
        assert!(!out.join("deep/er/page.html").exists());
        let taken: Vec<String> = staging.paths().into_iter().collect();
        assert_eq!(taken, ["deep/er/page.html", "index.html", "same.html"]);
        let keep: BTreeSet<String> = ["kept.css".to_string()].into();
        fs::write(out.join("kept.css"), "k").unwrap();
        let report = staging.commit(&keep).unwrap();
        assert_eq!(
            (report.written, report.unchanged, report.removed),
            (2, 1, 1)
        );
        assert_eq!(read(&out.join("index.html")), "new");
        assert_eq!(read(&out.join("deep/er/page.html")), "p");
        assert!(out.join("kept.css").exists() && !out.join("gone.html").exists());
        let names: Vec<_> = walkdir::WalkDir::new(&out)
            .into_iter()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        assert!(
            !names.iter().any(|n| n.ends_with(".skillpress-tmp")),
            "{names:?}"
        );
    }

    #[test]
    fn a_dropped_staging_leaves_the_old_site_exactly_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(out.join("modules")).unwrap();
        fs::write(out.join("index.html"), "old").unwrap();
        let staging = Staging::new(&out);
        staging.put("index.html", b"new");
        staging.put("modules/a/b/lesson.html", b"l");
        drop(staging);
        let mut left: Vec<_> = walkdir::WalkDir::new(&out)
            .min_depth(1)
            .into_iter()
            .map(|e| {
                e.unwrap()
                    .path()
                    .strip_prefix(&out)
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        left.sort();
        assert_eq!(left, ["index.html", "modules"]);
        assert_eq!(read(&out.join("index.html")), "old");
    }

    #[test]
    fn a_path_put_twice_fails_the_commit_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::new(&out);
        staging.put("modules/a/check.html", b"page");
        staging.put("modules/a/check.html", b"asset");
        let err = staging.commit(&BTreeSet::new()).unwrap_err();
        assert!(err.to_string().contains("modules/a/check.html"), "{err}");
        drop(staging);
        assert!(!out.exists());
    }

    #[test]
    fn a_write_error_is_reported_by_commit() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(&out).unwrap();
        // A file where a folder is needed.
        fs::write(out.join("modules"), "not a folder").unwrap();
        let staging = Staging::new(&out);
        staging.put("modules/a.html", b"x");
        let err = staging.commit(&BTreeSet::new()).unwrap_err();
        assert!(err.to_string().contains("modules"), "{err}");
    }
}
