//! `skillpress new DIR`: a small course that builds and passes `check`, written without questions.

use crate::assets;
use crate::error::Error;
use std::fs;
use std::path::Path;

const STARTER: &[(&str, &str)] = &[
    ("course.yaml", include_str!("starter/course.yaml")),
    ("content/index.md", include_str!("starter/index.md")),
    (
        "content/competencies.yaml",
        include_str!("starter/competencies.yaml"),
    ),
    (
        "content/modules/01-getting-started/index.md",
        include_str!("starter/module-index.md"),
    ),
    (
        "content/modules/01-getting-started/01-listening-first.md",
        include_str!("starter/lesson.md"),
    ),
    (
        "content/cases/first-contact.yaml",
        include_str!("starter/case.yaml"),
    ),
    ("content/pages/about.md", include_str!("starter/about.md")),
    (
        "quizzes/welcome-check.yaml",
        include_str!("starter/quiz.yaml"),
    ),
    (".gitignore", "/public/\n/.public.skillpress-cache\n"),
];

fn write(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), Error> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    fs::write(&path, bytes).map_err(|e| Error::io(&path, e))
}

/// Writes the starter course (and the default theme with `eject_theme`); returns the file count.
pub fn create(dir: &Path, eject_theme: bool) -> Result<usize, Error> {
    if dir.exists() {
        let empty = dir
            .read_dir()
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(Error::Other(format!(
                "`{}` already exists and is not empty; choose a new folder name",
                dir.display()
            )));
        }
    }
    let mut count = 0;
    for (rel, text) in STARTER {
        write(dir, rel, text.as_bytes())?;
        count += 1;
    }
    if eject_theme {
        for (name, text) in assets::TEMPLATES {
            write(dir, &format!("templates/{name}"), text.as_bytes())?;
            count += 1;
        }
        for (path, bytes) in assets::STATIC {
            write(dir, &format!("static/{path}"), bytes)?;
            count += 1;
        }
    }
    Ok(count)
}
