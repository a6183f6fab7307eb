//! Reading the course folder: the symbolic-link rule, the walk, and text and binary files.

use super::{is_ignored_name, rel, MAX_TEXT_BYTES};
use crate::diagnostics::{Diagnostic, Pos};
use crate::editions::{split_suffix, Translation};
use crate::error::Error;
use crate::source::{LineIndex, SourceFile};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// What discovery knows of the course root, for the symbolic-link rule: a link is followed when
/// it resolves inside the course, and refused otherwise (a link to `/etc/passwd` must not end up
/// in a published site, a SCORM package or the dev server's answers).
pub(super) struct Root {
    dir: PathBuf,
    /// The root with every link resolved.
    real: PathBuf,
}

impl Root {
    pub(super) fn new(dir: &Path) -> Root {
        Root {
            dir: dir.to_path_buf(),
            real: dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()),
        }
    }

    /// `None` when `path` may be read: it resolves inside the course. Otherwise the problem.
    pub(super) fn outside(&self, path: &Path) -> Option<Diagnostic> {
        let (target, inside) = match path.canonicalize() {
            Ok(real) => {
                let inside = real.starts_with(&self.real);
                (real.display().to_string(), inside)
            }
            // A dangling link: nothing to leak, but nothing to read either.
            Err(_) => match std::fs::read_link(path) {
                Ok(t) => (t.display().to_string(), false),
                Err(_) => return None,
            },
        };
        (!inside).then(|| {
            Diagnostic::error(
                rel(&self.dir, path),
                None,
                format!("this symbolic link points outside the course (to `{target}`)"),
            )
            .with_help("copy the file into the course folder instead of linking to it")
        })
    }

    /// Whether `path` (a fixed file such as `course.yaml`, or a folder to walk) can be read
    /// under the rule; a refused one is reported.
    pub(super) fn allows(&self, path: &Path, problems: &mut Vec<Diagnostic>) -> bool {
        // Only a path with a link in it can resolve elsewhere; most have none, and then the
        // lexical check is enough.
        let linked = path
            .strip_prefix(&self.dir)
            .map(|rest| {
                let mut p = self.dir.clone();
                rest.components().any(|c| {
                    p.push(c);
                    p.is_symlink()
                })
            })
            .unwrap_or(true);
        if !linked {
            return true;
        }
        match self.outside(path) {
            Some(d) => {
                problems.push(d);
                false
            }
            None => true,
        }
    }
}

/// Files under `dir` (recursively, sorted by name), skipping ignored names and refusing links
/// that lead outside the course (reported in `problems`).
pub(super) fn walk(
    root: &Root,
    dir: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Result<Vec<PathBuf>, Error> {
    if !dir.is_dir() || !root.allows(dir, problems) {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    let mut refused = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() > 0 && is_ignored_name(&e.file_name().to_string_lossy()) {
                return false;
            }
            // Checked before the walk goes into a linked folder, so `/etc` is never read.
            if e.path_is_symlink() {
                if let Some(d) = root.outside(e.path()) {
                    refused.push(d);
                    return false;
                }
            }
            true
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) if e.loop_ancestor().is_some() => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                problems.push(
                    Diagnostic::error(
                        rel(&root.dir, &path),
                        None,
                        "this symbolic link points to a folder that contains it, so the folder would never end",
                    )
                    .with_help("remove the link"),
                );
                continue;
            }
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| dir.to_path_buf());
                let source = e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("the folder cannot be read"));
                return Err(Error::io(&path, source));
            }
        };
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    problems.append(&mut refused);
    Ok(files)
}

pub(super) fn read_bytes(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

/// Reads a text file. A file that is too large or not UTF-8 is reported in `problems` and still
/// returned, with empty or repaired text: the course keeps its shape (no "no `course.yaml`", no
/// broken links to it), and `load` drops what else the damaged text would cause (see
/// `Inputs::unreadable`).
pub(super) fn read_text(
    root: &Path,
    path: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Result<Option<SourceFile>, Error> {
    let rel_path = rel(root, path);
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .len();
    if size > MAX_TEXT_BYTES {
        problems.push(
            Diagnostic::error(
                &rel_path,
                Some(Pos::new(1, 1)),
                format!(
                    "the file is {:.1} MB; a text file of a course may be at most {} MB",
                    size as f64 / (1024.0 * 1024.0),
                    MAX_TEXT_BYTES / (1024 * 1024)
                ),
            )
            .with_help("split it into several files; large media belong in `static/`"),
        );
        return Ok(Some(SourceFile {
            path: rel_path,
            text: "".into(),
        }));
    }
    let bytes = read_bytes(path)?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            problems.push(not_utf8(&rel_path, bytes, at));
            String::from_utf8_lossy(bytes).into_owned()
        }
    };
    Ok(Some(SourceFile {
        path: rel_path,
        // Windows line endings would shift byte offsets; positions are counted on `\n`.
        text: if text.contains("\r\n") {
            text.replace("\r\n", "\n").into()
        } else {
            text.into()
        },
    }))
}

/// The error for a file whose bytes stop being UTF-8 at `at`, placed on that byte.
pub(crate) fn not_utf8(file: &str, bytes: &[u8], at: usize) -> Diagnostic {
    // The prefix is valid UTF-8 by definition.
    let before = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
    let pos = LineIndex::new(before).pos(before, at);
    Diagnostic::error(
        file,
        Some(pos),
        format!(
            "the file is not valid UTF-8 text (byte 0x{:02X} here)",
            bytes[at]
        ),
    )
    .with_help("save it as UTF-8 in your editor (a legacy encoding such as GBK or Latin-1 was probably used)")
}

pub(super) fn ext(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Whether `path` is a text file of one of these extensions named as a translation.
pub(super) fn is_translation(root: &Path, path: &Path, exts: &[&str]) -> bool {
    exts.contains(&ext(path).as_str()) && split_suffix(&rel(root, path)).is_some()
}

/// Reads a translation and sets it aside (see `editions`).
pub(super) fn set_aside(
    root: &Path,
    path: &Path,
    translations: &mut Vec<Translation>,
    problems: &mut Vec<Diagnostic>,
) -> Result<(), Error> {
    if let Some(file) = read_text(root, path, problems)? {
        if let Some((source, lang)) = split_suffix(&file.path) {
            translations.push(Translation {
                lang: lang.to_string(),
                source,
                file,
            });
        }
    }
    Ok(())
}
