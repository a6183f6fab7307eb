//! The files of a site besides what the build makes: the theme's assets with the course's static
//! files over them. And the rule that no two files share a path: a static file on the path of a
//! page or generated file is an error, found before anything is put in place.

use super::Sink;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::discover::BinaryFile;
use std::collections::BTreeMap;

/// Every path of the site so far, with what put it there.
pub struct Overlay {
    origin: BTreeMap<String, String>,
    clashes: Diagnostics,
}

impl Overlay {
    /// Puts the theme's assets (those no static file replaces) and the course's static files
    /// into `sink`.
    pub fn new(static_files: &[BinaryFile], sink: &dyn Sink) -> Overlay {
        let mut origin: BTreeMap<String, String> = BTreeMap::new();
        for f in static_files {
            origin.insert(f.path.clone(), format!("static/{}", f.path));
        }
        for (path, bytes) in crate::assets::STATIC {
            if !origin.contains_key(*path) {
                sink.put(path, bytes.to_vec());
                origin.insert(path.to_string(), "theme".to_string());
            }
        }
        for f in static_files {
            sink.put(&f.path, f.bytes.clone());
        }
        Overlay {
            origin,
            clashes: Diagnostics::new(),
        }
    }

    /// Records that the build made `path` (`what`: "a page", "a generated file").
    pub fn claim(&mut self, path: &str, what: &str) {
        match self.origin.get(path) {
            Some(source) if source.starts_with("static/") => self.clashes.push(
                Diagnostic::error(
                    source.clone(),
                    None,
                    format!("`{path}` is also written by the build ({what})"),
                )
                .with_help("rename or move the static file"),
            ),
            // Validation gives every page a unique path; this guards the invariant.
            Some(_) => self.clashes.push(
                Diagnostic::error(
                    path.to_string(),
                    None,
                    "two parts of the course would be written to this path",
                )
                .with_help(
                    "a file in a module folder has the name of a page skillpress makes there; rename it",
                ),
            ),
            None => {}
        }
        self.origin.insert(path.to_string(), what.to_string());
    }

    /// The number of files in the site, or the clashes found.
    pub fn finish(self) -> Result<usize, Vec<Diagnostic>> {
        if self.clashes.has_errors() {
            Err(self.clashes.into_sorted())
        } else {
            Ok(self.origin.len())
        }
    }
}
