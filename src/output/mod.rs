//! The only stage that writes: puts the rendered site on disk.
//!
//! Nothing changes in the output folder until every page has rendered (a failed build leaves the
//! old site as it was); then the new site replaces the old one in one step (see [`Staging`]).
//! The dev server's updates replace single files by renaming, so a reader never sees half a file
//! (see [`Remember`]).

mod last_build;
mod overlay;
mod remember;
mod sink;
mod staging;

pub use last_build::{IndexRecord, LastBuild, Records};
pub use overlay::Overlay;
pub use remember::Remember;
pub use sink::{Discard, Memory, Prefixed, Sink};
pub use staging::{recover, Staging};

use crate::error::Error;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Refuses output folders that would make stale-file removal delete the course itself.
pub fn check_out_dir(root: &Path, out: &Path) -> Result<(), Error> {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // Canonicalise what exists; the output folder may not exist yet.
        match p.canonicalize() {
            Ok(c) => c,
            Err(_) => match (p.parent(), p.file_name()) {
                (Some(parent), Some(name)) => parent
                    .canonicalize()
                    .unwrap_or(parent.to_path_buf())
                    .join(name),
                _ => p,
            },
        }
    };
    let (root, out) = (abs(root), abs(out));
    if root.starts_with(&out) {
        return Err(Error::Other(format!(
            "the output folder `{}` contains the course itself; choose a folder inside it such as `public`",
            out.display()
        )));
    }
    for source in ["content", "quizzes", "templates", "static"] {
        if out.starts_with(root.join(source)) {
            return Err(Error::Other(format!(
                "the output folder `{}` is inside the course's `{source}/` folder; choose another such as `public`",
                out.display()
            )));
        }
    }
    Ok(())
}

/// Whether `out/rel` already holds exactly `bytes` (sizes are compared before contents).
pub fn same_on_disk(out: &Path, rel: &str, bytes: &[u8]) -> bool {
    let path = out.join(rel);
    match fs::metadata(&path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            fs::read(&path).is_ok_and(|b| b == bytes)
        }
        _ => false,
    }
}

/// Writes `files` (output path → bytes) into `out` as one step (see [`Staging`]), leaving files
/// whose bytes did not change alone and removing what is neither in `files` nor in `keep`.
pub fn write_site(
    out: &Path,
    files: &BTreeMap<String, Vec<u8>>,
    keep: &std::collections::BTreeSet<String>,
) -> Result<WriteReport, Error> {
    let staging = Staging::new(out);
    for (rel, bytes) in files {
        staging.put(rel, bytes);
    }
    staging.commit(keep)
}

/// A digest of a file's bytes: what the dev server remembers of each file it wrote instead of
/// the bytes, so it does not hold a second copy of the site (a 64-bit xxh3 collision, which
/// would leave one changed file unwritten, is not a practical risk).
pub fn digest(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// Writes one file atomically: a temporary file in the same folder, renamed over the target.
pub fn write_file(out: &Path, rel: &str, bytes: &[u8]) -> Result<(), Error> {
    let path = out.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let tmp = staging::temp_path(&path);
    fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))
}

fn remove_stale(out: &Path, produced: impl Fn(&str) -> bool) -> Result<usize, Error> {
    let mut removed = 0;
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(out).min_depth(1) {
        let entry = entry.map_err(|e| {
            Error::io(
                out,
                e.into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("walk failed")),
            )
        })?;
        let rel = crate::discover::rel(out, entry.path());
        if entry.file_type().is_dir() {
            dirs.push(entry.into_path());
        } else if !produced(&rel) {
            fs::remove_file(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
            removed += 1;
        }
    }
    // Deepest first, so emptied parents go too; a folder that still has files stays.
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in dirs {
        let _ = fs::remove_dir(&d);
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_only_changes_and_removes_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut files = BTreeMap::new();
        files.insert("index.html".to_string(), b"a".to_vec());
        files.insert("old/x.html".to_string(), b"x".to_vec());
        let none = std::collections::BTreeSet::new();
        let r = write_site(&out, &files, &none).unwrap();
        assert_eq!(r.written, 2);
        files.remove("old/x.html");
        files.insert("index.html".to_string(), b"a".to_vec());
        let r = write_site(&out, &files, &none).unwrap();
        assert_eq!((r.written, r.unchanged, r.removed), (0, 1, 1));
        assert!(!out.join("old").exists());
    }

    #[test]
    fn refuses_output_that_contains_the_course() {
        let dir = tempfile::tempdir().unwrap();
        assert!(check_out_dir(dir.path(), dir.path()).is_err());
        std::fs::create_dir(dir.path().join("content")).unwrap();
        assert!(check_out_dir(dir.path(), &dir.path().join("content/out")).is_err());
        assert!(check_out_dir(dir.path(), &dir.path().join("public")).is_ok());
    }
}
