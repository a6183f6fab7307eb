//! Where the files a build makes go, each as soon as it is made. The build is the same for every
//! command; only the sink differs: `build` writes through a [`Staging`] (all or nothing),
//! `check` discards, `export scorm` keeps the site in [`Memory`] (to pack it), the dev server
//! writes each file that changed as it is made ([`super::Remember`]).

use super::Staging;
use std::collections::BTreeMap;
use std::sync::Mutex;

pub trait Sink: Sync {
    /// Takes one file (`path` relative to the output folder). Called from the rendering
    /// threads; the build gives every file its own path.
    fn put(&self, path: &str, bytes: Vec<u8>);
    /// Takes a file without its bytes: the one at `path` is the same as the last build made
    /// (a page whose key or fingerprint did not change, see `build::PageMemory`), so the sink
    /// leaves it as it stands. Only a build with a session that remembers pages calls it.
    fn keep(&self, path: &str);
    /// Tells the sink the digest of the bytes of a file it kept (`output::digest`), where it
    /// could not know them: the dev server's sink, on its first build, for the pages the record
    /// of the last `build` let it keep. Other sinks need not know.
    fn known(&self, _path: &str, _digest: u64) {}
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: Vec<u8>) {
        Staging::put(self, path, &bytes);
    }

    fn keep(&self, path: &str) {
        Staging::keep(self, path);
    }
}

/// Keeps nothing: `check` makes every file, so it finds what a build would, and writes none.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _path: &str, _bytes: Vec<u8>) {}

    fn keep(&self, _path: &str) {}
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

    /// A memory holds one build only: there is no earlier file to keep. `export scorm`, its one
    /// user, builds without a page memory, so nothing is ever kept.
    fn keep(&self, path: &str) {
        debug_assert!(false, "nothing to keep at `{path}` in a one-build memory");
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

    /// `path` under the prefix (the default edition's paths are not copied).
    fn at<'p>(&self, path: &'p str) -> std::borrow::Cow<'p, str> {
        if self.prefix.is_empty() {
            path.into()
        } else {
            format!("{}{path}", self.prefix).into()
        }
    }
}

impl Sink for Prefixed<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) {
        self.sink.put(&self.at(path), bytes);
    }

    fn keep(&self, path: &str) {
        self.sink.keep(&self.at(path));
    }

    fn known(&self, path: &str, digest: u64) {
        self.sink.known(&self.at(path), digest);
    }
}
