//! The dev server's parse cache: a file whose text (and the interface labels) did not change
//! since the last build is not parsed again.

use super::LoadOptions;
use crate::diagnostics::Diagnostics;
use crate::markdown::Labels;
use crate::source::SourceFile;

/// Parsed files from the previous build, reused while a file's text (and the interface labels)
/// are unchanged: parsing and highlighting are the costliest part of a rebuild, and a save
/// touches one file. Only files that parsed without problems are kept.
#[derive(Default)]
pub struct ParseCache {
    /// Read by every core at once while a rebuild parses (a mutex here made them queue: a
    /// twentieth of a one-lesson rebuild at 10,000 lessons); written only for changed files.
    entries: std::sync::RwLock<std::collections::HashMap<String, CacheEntry>>,
}

type CacheEntry = (
    std::sync::Arc<str>,
    Labels,
    std::sync::Arc<dyn std::any::Any + Send + Sync>,
);

impl std::fmt::Debug for ParseCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ParseCache")
    }
}

impl ParseCache {
    fn get<T: Clone + 'static>(&self, file: &SourceFile, labels: &Labels) -> Option<T> {
        let map = self.entries.read().ok()?;
        let (text, l, value) = map.get(&file.path)?;
        // An unchanged file is the same shared text (discovery re-reads only changed files):
        // the pointer settles it without comparing the bytes.
        let same_text = std::sync::Arc::ptr_eq(text, &file.text) || *text == file.text;
        if same_text && l == labels {
            value.downcast_ref::<T>().cloned()
        } else {
            None
        }
    }

    fn put<T: Send + Sync + 'static>(&self, file: &SourceFile, labels: &Labels, value: T) {
        if let Ok(mut map) = self.entries.write() {
            map.insert(
                file.path.clone(),
                (
                    file.text.clone(),
                    labels.clone(),
                    std::sync::Arc::new(value),
                ),
            );
        }
    }
}

/// Runs `parse` on `file`, or returns what it gave last time for the same text.
pub(super) fn cached<T: Clone + Send + Sync + 'static>(
    opts: &LoadOptions,
    file: &SourceFile,
    diags: &mut Diagnostics,
    parse: impl FnOnce(&mut Diagnostics) -> Option<T>,
) -> Option<T> {
    let Some(cache) = &opts.cache else {
        return parse(diags);
    };
    if let Some(v) = cache.get::<T>(file, &opts.labels) {
        return Some(v);
    }
    let mut local = Diagnostics::new();
    let result = parse(&mut local);
    if let Some(v) = &result {
        if local.is_empty() {
            cache.put(file, &opts.labels, v.clone());
        }
    }
    diags.extend(local);
    result
}
