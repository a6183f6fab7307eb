//! Where the files a build makes go, each as soon as it is made. The build is the same for every
//! command; only the sink differs: `build` writes through a [`Staging`] (all or nothing),
//! `check` discards, the dev server and `export scorm` keep the site in [`Memory`] (to write
//! what changed, or to pack it).

use super::Staging;
use std::collections::BTreeMap;
use std::sync::Mutex;

pub trait Sink: Sync {
    /// Takes one file (`path` relative to the output folder). Called from the rendering
    /// threads; the build gives every file its own path.
    fn put(&self, path: &str, bytes: Vec<u8>);
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: Vec<u8>) {
        Staging::put(self, path, &bytes);
    }
}

/// Keeps nothing: `check` makes every file, so it finds what a build would, and writes none.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _path: &str, _bytes: Vec<u8>) {}
}

/// Keeps the whole site in memory, path → bytes.
#[derive(Default)]
pub struct Memory {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Memory {
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Memory {
    fn put(&self, path: &str, bytes: Vec<u8>) {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(path.to_string(), bytes);
    }
}

/// Puts every file under a folder of another sink: a language edition (`zh-CN/`) is built as a
/// site of its own and written beside the default one.
pub struct Prefixed<'a> {
    sink: &'a dyn Sink,
    prefix: String,
}

impl<'a> Prefixed<'a> {
    pub fn new(sink: &'a dyn Sink, prefix: String) -> Self {
        Prefixed { sink, prefix }
    }
}

impl Sink for Prefixed<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) {
        if self.prefix.is_empty() {
            self.sink.put(path, bytes);
        } else {
            self.sink.put(&format!("{}{path}", self.prefix), bytes);
        }
    }
}
