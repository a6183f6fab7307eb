//! The only stage that reads the disk: finds the course's files and reads them into memory.

mod read;
#[cfg(test)]
mod tests;

use crate::diagnostics::{Diagnostic, Severity};
use crate::editions::{split_suffix, Translation};
use crate::error::Error;
use crate::source::SourceFile;
use read::{ext, is_translation, read_bytes, read_text, set_aside, walk, Root};
use std::path::{Path, PathBuf};

pub(crate) use read::not_utf8;

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

/// The course's translatable text files — the content and the quiz banks: everything but
/// `course.yaml`, the templates and the translations — through `iter` or `iter_mut`, so the
/// shared and the mutable walks are one list.
macro_rules! content_files {
    ($inputs:expr, $iter:ident) => {
        $inputs
            .competencies
            .$iter()
            .chain($inputs.home.$iter())
            .chain(
                $inputs
                    .modules
                    .$iter()
                    .flat_map(|m| m.index.$iter().chain(m.lessons.$iter())),
            )
            .chain($inputs.cases.$iter())
            .chain($inputs.pages.$iter())
            .chain($inputs.quizzes.$iter())
            .chain($inputs.reply_library.$iter())
            .chain($inputs.replies.$iter())
    };
}

impl Inputs {
    /// The translatable text files (see `content_files!`).
    pub fn content_files(&self) -> impl Iterator<Item = &SourceFile> {
        content_files!(self, iter)
    }

    /// `content_files`, to change.
    pub fn content_files_mut(&mut self) -> impl Iterator<Item = &mut SourceFile> {
        content_files!(self, iter_mut)
    }

    /// Every text file of the course but the templates: `course.yaml`, the content, the quiz
    /// banks and the translations.
    pub fn text_files(&self) -> impl Iterator<Item = &SourceFile> {
        self.course_yaml
            .iter()
            .chain(content_files!(self, iter))
            .chain(self.translations.iter().map(|t| &t.file))
    }

    /// `text_files`, to change.
    pub fn text_files_mut(&mut self) -> impl Iterator<Item = &mut SourceFile> {
        self.course_yaml
            .iter_mut()
            .chain(content_files!(self, iter_mut))
            .chain(self.translations.iter_mut().map(|t| &mut t.file))
    }
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

/// Whether `rel` (relative to the root) is a file of `inputs` or a folder that holds one.
fn holds_input(inputs: &Inputs, rel: &str) -> bool {
    let texts = inputs
        .text_files()
        .map(|f| std::borrow::Cow::from(f.path.as_str()));
    let others = inputs
        .templates
        .iter()
        .map(|t| format!("templates/{}", t.path).into())
        .chain(
            inputs
                .static_files
                .iter()
                .map(|b| format!("static/{}", b.path).into()),
        )
        .chain(
            inputs
                .modules
                .iter()
                .flat_map(|m| &m.assets)
                .map(|b| b.path.as_str().into()),
        )
        .chain(
            inputs
                .modules
                .iter()
                .map(|m| format!("content/modules/{}", m.folder).into()),
        );
    let within =
        |p: &str| p == rel || (p.starts_with(rel) && p.as_bytes().get(rel.len()) == Some(&b'/'));
    texts
        .chain(others)
        .any(|p: std::borrow::Cow<str>| within(&p))
}

/// Re-reads the files named in `changed` (paths relative to the root) into `inputs`, for the dev
/// server: a save touches one file, and walking and reading the whole course again costs more
/// than the rebuild itself. Returns `false` when the change is not a plain edit of a file
/// `inputs` already holds (a new, deleted or renamed file): then discover the course anew.
pub fn refresh(root: &Path, inputs: &mut Inputs, changed: &[String]) -> Result<bool, Error> {
    let checked = Root::new(root);
    for rel in changed {
        let path = root.join(rel);
        // Nothing there now, and nothing of the course was: a file an editor wrote and renamed
        // over a lesson (`sed -i`, "safe write"), or created and removed. The course is as it
        // was, and discovering it again would cost more than the rebuild.
        if path.symlink_metadata().is_err() && !holds_input(inputs, rel) {
            continue;
        }
        // A link is judged (and reported) by a full discovery.
        if !path.is_file() || !checked.allows(&path, &mut Vec::new()) {
            return Ok(false);
        }
        if let Some(f) = inputs.text_files_mut().find(|f| f.path == *rel) {
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
