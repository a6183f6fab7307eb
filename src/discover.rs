//! The only stage that reads the disk: finds the course's files and reads them into memory.

use crate::diagnostics::{Diagnostic, Pos, Severity};
use crate::editions::{split_suffix, Translation};
use crate::error::Error;
use crate::source::{LineIndex, SourceFile};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// A file copied as it is (images next to lessons, static files).
#[derive(Debug, Clone)]
pub struct BinaryFile {
    /// Path relative to the course root, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, Default)]
pub struct ModuleDir {
    /// Folder name, e.g. `02-working-with-the-bot`.
    pub folder: String,
    pub index: Option<SourceFile>,
    pub lessons: Vec<SourceFile>,
    pub assets: Vec<BinaryFile>,
}

/// Everything a build reads, as data.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub course_yaml: Option<SourceFile>,
    pub competencies: Option<SourceFile>,
    pub home: Option<SourceFile>,
    pub modules: Vec<ModuleDir>,
    pub cases: Vec<SourceFile>,
    pub pages: Vec<SourceFile>,
    pub quizzes: Vec<SourceFile>,
    pub templates: Vec<SourceFile>,
    pub static_files: Vec<BinaryFile>,
    /// Text files named as translations (`01-lesson.zh-CN.md`), set aside for
    /// `editions::split`.
    pub translations: Vec<Translation>,
    /// `content/replies/_library.yaml`, the reply library's scenarios.
    pub reply_library: Option<SourceFile>,
    /// The reply templates, `content/replies/<id>.yaml`.
    pub replies: Vec<SourceFile>,
    /// The build's date, for the replies' review interval: `SOURCE_DATE_EPOCH` when set, else
    /// the clock (read here, with the files, so validation stays a function of its inputs).
    pub today: Option<crate::replies::Day>,
    /// Problems found while reading (a file that is not UTF-8, a file in the wrong place).
    pub problems: Vec<Diagnostic>,
    /// Files with an error in `problems`: their text is empty or repaired, and no other
    /// problem is reported in them (it would follow from the damage, not from the author).
    pub unreadable: std::collections::BTreeSet<String>,
}

/// Editor swap, backup and temporary files, and dotfiles: never course content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with('#')
        || name.starts_with(".#")
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.ends_with(".crdownload")
        || name == "4913"
}

/// `path` relative to `root`, with `/` between parts on every system.
pub(crate) fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The largest text file (Markdown, YAML, template) a course may hold (docs/format.md,
/// "Limits"): 4 MiB is some two thousand printed pages; a bigger file is a mistake (a pasted log,
/// a binary with the wrong name), and reading it would cost seconds and gigabytes.
pub const MAX_TEXT_BYTES: u64 = 4 * 1024 * 1024;

/// What discovery knows of the course root, for the symbolic-link rule: a link is followed when
/// it resolves inside the course, and refused otherwise (a link to `/etc/passwd` must not end up
/// in a published site, a SCORM package or the dev server's answers).
struct Root {
    dir: PathBuf,
    /// The root with every link resolved.
    real: PathBuf,
}

impl Root {
    fn new(dir: &Path) -> Root {
        Root {
            dir: dir.to_path_buf(),
            real: dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()),
        }
    }

    /// `None` when `path` may be read: it resolves inside the course. Otherwise the problem.
    fn outside(&self, path: &Path) -> Option<Diagnostic> {
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
    fn allows(&self, path: &Path, problems: &mut Vec<Diagnostic>) -> bool {
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
fn walk(root: &Root, dir: &Path, problems: &mut Vec<Diagnostic>) -> Result<Vec<PathBuf>, Error> {
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

fn read_bytes(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

/// Reads a text file. A file that is too large or not UTF-8 is reported in `problems` and still
/// returned, with empty or repaired text: the course keeps its shape (no "no `course.yaml`", no
/// broken links to it), and `load` drops what else the damaged text would cause (see
/// `Inputs::unreadable`).
fn read_text(
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

fn ext(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Whether `path` is a text file of one of these extensions named as a translation.
fn is_translation(root: &Path, path: &Path, exts: &[&str]) -> bool {
    exts.contains(&ext(path).as_str()) && split_suffix(&rel(root, path)).is_some()
}

/// Reads a translation and sets it aside (see `editions`).
fn set_aside(
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

/// Reads the course at `root`. Missing optional folders are fine; a missing `course.yaml` is
/// reported by the parse stage.
pub fn discover(root: &Path) -> Result<Inputs, Error> {
    if !root.is_dir() {
        return Err(Error::Other(format!(
            "`{}` is not a folder; pass the course folder (the one with course.yaml) with --root",
            root.display()
        )));
    }
    let mut inputs = Inputs::default();
    let mut problems = Vec::new();
    let checked = Root::new(root);
    let course_yaml = root.join("course.yaml");
    if course_yaml.is_file() && checked.allows(&course_yaml, &mut problems) {
        inputs.course_yaml = read_text(root, &course_yaml, &mut problems)?;
    }
    let content = root.join("content");
    let competencies = content.join("competencies.yaml");
    if competencies.is_file() && checked.allows(&competencies, &mut problems) {
        inputs.competencies = read_text(root, &competencies, &mut problems)?;
    }
    let home = content.join("index.md");
    if home.is_file() && checked.allows(&home, &mut problems) {
        inputs.home = read_text(root, &home, &mut problems)?;
    }

    // Translations of the home page and the framework sit beside them in `content/`.
    if content.is_dir() {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&content)
            .map_err(|e| Error::io(&content, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        names.sort();
        for path in names {
            let rel_path = rel(root, &path);
            if matches!(
                split_suffix(&rel_path),
                Some((s, _)) if s == "content/index.md" || s == "content/competencies.yaml"
            ) && checked.allows(&path, &mut problems)
            {
                set_aside(root, &path, &mut inputs.translations, &mut problems)?;
            }
        }
    }

    let modules_dir = content.join("modules");
    for path in walk(&checked, &modules_dir, &mut problems)? {
        let rel_to_modules = rel(&modules_dir, &path);
        let mut parts = rel_to_modules.splitn(2, '/');
        let (Some(folder), Some(inner)) = (parts.next(), parts.next()) else {
            problems.push(
                Diagnostic::error(
                    rel(root, &path),
                    None,
                    "a file directly in `content/modules/` belongs to no module",
                )
                .with_help("put lessons in a module folder such as `content/modules/01-welcome/`"),
            );
            continue;
        };
        if inputs.modules.last().map(|m| m.folder.as_str()) != Some(folder) {
            inputs.modules.push(ModuleDir {
                folder: folder.to_string(),
                ..ModuleDir::default()
            });
        }
        let is_md = ext(&path) == "md";
        let nested = inner.contains('/');
        let module = inputs.modules.last_mut().expect("module pushed above");
        if is_md && !nested && split_suffix(inner).is_some() {
            set_aside(root, &path, &mut inputs.translations, &mut problems)?;
        } else if is_md && inner == "index.md" {
            module.index = read_text(root, &path, &mut problems)?;
        } else if is_md && !nested {
            if let Some(f) = read_text(root, &path, &mut problems)? {
                module.lessons.push(f);
            }
        } else {
            module.assets.push(BinaryFile {
                path: rel(root, &path),
                bytes: read_bytes(&path)?,
            });
        }
    }

    for path in walk(&checked, &content.join("cases"), &mut problems)? {
        if is_translation(root, &path, &["yaml", "yml"]) {
            set_aside(root, &path, &mut inputs.translations, &mut problems)?;
        } else if matches!(ext(&path).as_str(), "yaml" | "yml") {
            if let Some(f) = read_text(root, &path, &mut problems)? {
                inputs.cases.push(f);
            }
        } else {
            problems.push(
                Diagnostic::warning(
                    rel(root, &path),
                    None,
                    "this file in `content/cases/` is not a case study and is ignored",
                )
                .with_help("case studies are `.yaml` files"),
            );
        }
    }
    for path in walk(&checked, &content.join("pages"), &mut problems)? {
        if is_translation(root, &path, &["md"]) {
            set_aside(root, &path, &mut inputs.translations, &mut problems)?;
        } else if ext(&path) == "md" {
            if let Some(f) = read_text(root, &path, &mut problems)? {
                inputs.pages.push(f);
            }
        } else {
            problems.push(
                Diagnostic::warning(
                    rel(root, &path),
                    None,
                    "this file in `content/pages/` is not a Markdown page and is ignored",
                )
                .with_help("free pages are `.md` files; images belong in `static/`"),
            );
        }
    }
    for path in walk(&checked, &root.join("quizzes"), &mut problems)? {
        if is_translation(root, &path, &["yaml", "yml"]) {
            set_aside(root, &path, &mut inputs.translations, &mut problems)?;
        } else if matches!(ext(&path).as_str(), "yaml" | "yml") {
            if let Some(f) = read_text(root, &path, &mut problems)? {
                inputs.quizzes.push(f);
            }
        } else if ext(&path) == "gift" {
            problems.push(
                Diagnostic::warning(rel(root, &path), None, "GIFT files are not read by `build`")
                    .with_help("write the questions as a YAML quiz bank (see docs/format.md)"),
            );
        }
    }
    discover_replies(
        &checked,
        root,
        &content.join("replies"),
        &mut inputs,
        &mut problems,
    )?;
    let templates = root.join("templates");
    for path in walk(&checked, &templates, &mut problems)? {
        if ext(&path) == "html" {
            if let Some(mut f) = read_text(root, &path, &mut problems)? {
                f.path = rel(&templates, &path);
                inputs.templates.push(f);
            }
        }
    }
    let static_dir = root.join("static");
    for path in walk(&checked, &static_dir, &mut problems)? {
        inputs.static_files.push(BinaryFile {
            path: rel(&static_dir, &path),
            bytes: read_bytes(&path)?,
        });
    }
    inputs.unreadable = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| p.file.clone())
        .collect();
    inputs.problems = problems;
    inputs.today = Some(crate::replies::Day::today());
    Ok(inputs)
}

/// `content/replies/`: `_library.yaml` and one `<id>.yaml` per reply template.
fn discover_replies(
    checked: &Root,
    root: &Path,
    dir: &Path,
    inputs: &mut Inputs,
    problems: &mut Vec<Diagnostic>,
) -> Result<(), Error> {
    for path in walk(checked, dir, problems)? {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let is_yaml = matches!(ext(&path).as_str(), "yaml" | "yml");
        if is_yaml && is_translation(root, &path, &["yaml", "yml"]) {
            // A translation (`<id>.zh-CN.yaml`, `_library.zh-CN.yaml`), set aside for its
            // language edition (see `editions`).
            set_aside(root, &path, &mut inputs.translations, problems)?;
            continue;
        }
        if is_yaml && name.starts_with("_library.") && path.parent() == Some(dir) {
            inputs.reply_library = read_text(root, &path, problems)?;
        } else if is_yaml {
            if let Some(f) = read_text(root, &path, problems)? {
                inputs.replies.push(f);
            }
        } else {
            problems.push(
                Diagnostic::warning(
                    rel(root, &path),
                    None,
                    "this file in `content/replies/` is not a reply template and is ignored",
                )
                .with_help("reply templates are `.yaml` files (see docs/format.md)"),
            );
        }
    }
    Ok(())
}

/// Reads one file of the course's `static/` folder (the dev server copies a changed asset
/// without a rebuild).
pub fn read_static(root: &Path, rel: &str) -> Result<BinaryFile, Error> {
    let path = root.join("static").join(rel);
    let mut refused = Vec::new();
    if !Root::new(root).allows(&path, &mut refused) {
        return Err(Error::Content(refused));
    }
    Ok(BinaryFile {
        path: rel.to_string(),
        bytes: read_bytes(&path)?,
    })
}

/// Re-reads the files named in `changed` (paths relative to the root) into `inputs`, for the dev
/// server: a save touches one file, and walking and reading the whole course again costs more
/// than the rebuild itself. Returns `false` when the change is not a plain edit of a file
/// `inputs` already holds (a new, deleted or renamed file): then discover the course anew.
pub fn refresh(root: &Path, inputs: &mut Inputs, changed: &[String]) -> Result<bool, Error> {
    let checked = Root::new(root);
    for rel in changed {
        let path = root.join(rel);
        // A link is judged (and reported) by a full discovery.
        if !path.is_file() || !checked.allows(&path, &mut Vec::new()) {
            return Ok(false);
        }
        let mut texts: Vec<&mut SourceFile> = inputs
            .course_yaml
            .iter_mut()
            .chain(inputs.competencies.iter_mut())
            .chain(inputs.home.iter_mut())
            .chain(
                inputs
                    .modules
                    .iter_mut()
                    .flat_map(|m| m.index.iter_mut().chain(m.lessons.iter_mut())),
            )
            .chain(inputs.cases.iter_mut())
            .chain(inputs.pages.iter_mut())
            .chain(inputs.quizzes.iter_mut())
            .chain(inputs.translations.iter_mut().map(|t| &mut t.file))
            .chain(inputs.reply_library.iter_mut())
            .chain(inputs.replies.iter_mut())
            .collect();
        if let Some(f) = texts.iter_mut().find(|f| f.path == *rel) {
            let mut problems = Vec::new();
            match read_text(root, &path, &mut problems)? {
                // A damaged file is reported by a full discovery.
                Some(fresh) if problems.is_empty() => f.text = fresh.text,
                _ => return Ok(false),
            }
            continue;
        }
        if let Some(name) = rel.strip_prefix("templates/") {
            if let Some(t) = inputs.templates.iter_mut().find(|t| t.path == name) {
                let mut problems = Vec::new();
                match read_text(root, &path, &mut problems)? {
                    Some(fresh) if problems.is_empty() => t.text = fresh.text,
                    _ => return Ok(false),
                }
                continue;
            }
        }
        let binaries = inputs
            .modules
            .iter_mut()
            .flat_map(|m| m.assets.iter_mut())
            .map(|b| (b.path.clone(), b))
            .chain(
                inputs
                    .static_files
                    .iter_mut()
                    .map(|b| (format!("static/{}", b.path), b)),
            );
        let mut found = false;
        for (full, b) in binaries {
            if full == *rel {
                b.bytes = read_bytes(&path)?;
                found = true;
                break;
            }
        }
        if !found {
            return Ok(false);
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_are_ignored() {
        for name in [
            ".lesson.md.swp",
            "lesson.md~",
            "#lesson.md#",
            ".DS_Store",
            "4913",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("01-lesson.md"));
    }

    #[test]
    fn reply_translations_are_set_aside_for_their_edition() {
        let dir = tempfile::tempdir().unwrap();
        let replies = dir.path().join("content/replies");
        std::fs::create_dir_all(&replies).unwrap();
        for name in [
            "_library.yaml",
            "_library.zh-CN.yaml",
            "a.yaml",
            "a.zh-CN.yaml",
            "v1.2.yaml",
        ] {
            std::fs::write(replies.join(name), "x: 1\n").unwrap();
        }
        let inputs = discover(dir.path()).unwrap();
        let replies: Vec<&str> = inputs.replies.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            replies,
            ["content/replies/a.yaml", "content/replies/v1.2.yaml"]
        );
        assert!(inputs.reply_library.is_some());
        let set_aside: Vec<(&str, &str)> = inputs
            .translations
            .iter()
            .map(|t| (t.source.as_str(), t.lang.as_str()))
            .collect();
        assert_eq!(
            set_aside,
            [
                ("content/replies/_library.yaml", "zh-CN"),
                ("content/replies/a.yaml", "zh-CN")
            ]
        );
    }
}
