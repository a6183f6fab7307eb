//! What `skillpress build` remembers of the site it wrote, so the next build of the same output
//! folder renders only the pages whose inputs changed (docs/format.md, "What a build writes").
//!
//! It is one file beside the output folder, never inside the published site (`public` →
//! `.public.skillpress-cache`). Per language edition it holds each page's key
//! (`site::PageMaker::key`) and fingerprint (`render::fingerprint`), the search index's key
//! (`search::course_key`), and a digest of the bytes of every such file as the build wrote it.
//!
//! A page is kept only when its key or fingerprint is unchanged *and* the old site's file still
//! has the recorded bytes (it is read and hashed): a page edited by hand, a folder restored from
//! elsewhere, or a record left by a build whose cache could not be saved costs a render, never a
//! stale page. The records hold only for the same program (a digest of the executable's bytes),
//! template overrides and `--drafts` (the stamp); anything else starts afresh, as does a build
//! into a missing folder.

use crate::build::PageMemory;
use crate::error::Error;
use crate::search::WrittenFile;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// The first line; a file written by another format version is not read.
const HEADER: &str = "skillpress build cache 2";

/// The records of the last build of one output folder, and this build's.
#[derive(Debug)]
pub struct LastBuild {
    /// The cache file.
    file: PathBuf,
    /// The published folder.
    site: PathBuf,
    program: Program,
    stamp: u64,
    /// By edition prefix (`""`, `zh-CN/`).
    editions: BTreeMap<String, Records>,
}

/// One edition's records: what the last build made, and what this one made or kept.
#[derive(Debug, Default)]
pub struct Records {
    /// The edition's folder in the published site.
    folder: PathBuf,
    old_pages: HashMap<String, Page>,
    old_search: Option<IndexRecord>,
    pages: BTreeMap<String, Page>,
    search: Option<IndexRecord>,
}

/// What a build made a page from, and the digest of its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub key: Option<u64>,
    pub print: u64,
    pub digest: u64,
}

/// The search index files of a build and the key they were made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexRecord {
    pub key: u64,
    pub files: Vec<WrittenFile>,
}

impl LastBuild {
    /// The record of the last build of `out` (the published folder), for a build with these
    /// template overrides and `--drafts` setting. Its pages are left out (nothing will be kept)
    /// when `fresh`, when `out` has no site, when the file is missing or unreadable, and when
    /// it was written by another program or for other templates or settings.
    pub fn load(
        out: &Path,
        templates: &[crate::source::SourceFile],
        drafts: bool,
        fresh: bool,
    ) -> LastBuild {
        let site = super::staging::resolve(out);
        let file = super::staging::beside(&site).cache;
        let text = fs::read_to_string(&file).unwrap_or_default();
        let program = Program::current(read_program(&text));
        let stamp = stamp(program.digest, templates, drafts);
        let mut last = LastBuild {
            file,
            site,
            program,
            stamp,
            editions: BTreeMap::new(),
        };
        if !fresh && last.site.is_dir() {
            last.editions = parse(&text, stamp).unwrap_or_default();
        }
        last
    }

    /// The records of the edition written under `prefix` (its folder in the site set here,
    /// whether the last build recorded the edition or not).
    pub fn edition(&mut self, prefix: &str) -> &mut Records {
        let records = self.editions.entry(prefix.to_string()).or_default();
        records.folder = self.site.join(prefix);
        records
    }

    /// Writes what this build made, for the next build (after the site was published). Editions
    /// this build did not make are left out.
    pub fn save(&self) -> Result<(), Error> {
        let p = &self.program;
        let mut text = format!(
            "{HEADER}\nprogram {} {} {:016x} {}\nstamp {:016x}\n",
            p.len, p.modified, p.digest, p.path, self.stamp
        );
        for (prefix, r) in &self.editions {
            if r.pages.is_empty() && r.search.is_none() {
                continue;
            }
            let _ = writeln!(text, "edition {prefix}");
            if let Some(s) = &r.search {
                let _ = writeln!(text, "search {:016x}", s.key);
                for f in &s.files {
                    let _ = writeln!(text, "s {:016x} {} {}", f.digest, f.bytes, f.path);
                }
            }
            for (path, p) in &r.pages {
                let key = p.key.map_or("-".to_string(), |k| format!("{k:016x}"));
                let _ = writeln!(text, "p {key} {:016x} {:016x} {path}", p.print, p.digest);
            }
        }
        let tmp = unsaved(&self.file);
        fs::write(&tmp, text).map_err(|e| Error::io(&tmp, e))?;
        fs::rename(&tmp, &self.file).map_err(|e| Error::io(&self.file, e))
    }
}

/// Where the cache `file` is written before it is renamed into place (a kill leaves the old
/// one whole; `staging::recover` removes this).
pub(super) fn unsaved(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_os_string();
    name.push("-new");
    PathBuf::from(name)
}

/// The program that makes the pages, by a digest of its executable's bytes: code, theme,
/// dependencies and compiler all change them. The file's path, size and modification time are
/// kept with the digest, so a build by the file the last record names does not read it again;
/// the same program installed anew (a CI run) is read once and matches.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Program {
    len: u64,
    modified: u128,
    digest: u64,
    path: String,
}

impl Program {
    /// This process's program; `known` is what the last record said of one.
    fn current(known: Option<Program>) -> Program {
        let exe = std::env::current_exe().ok();
        let path = exe
            .as_ref()
            .map(|p| p.to_string_lossy().replace('\n', " "))
            .unwrap_or_default();
        let meta = exe.as_ref().and_then(|p| fs::metadata(p).ok());
        let len = meta.as_ref().map_or(0, |m| m.len());
        let modified = meta
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let same_file =
            |k: &Program| len > 0 && (k.len, k.modified, &k.path) == (len, modified, &path);
        if let Some(k) = known.filter(same_file) {
            return k;
        }
        let digest = exe.and_then(|p| digest_file(&p));
        // A program that cannot read itself never reuses a page: its digest is new every time.
        let digest = digest.unwrap_or_else(|| {
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
            super::digest(&now.map_or(0, |d| d.as_nanos()).to_le_bytes())
        });
        Program {
            len,
            modified,
            digest,
            path,
        }
    }
}

/// A digest of a file's bytes, read a part at a time (the executable is tens of megabytes, and
/// the dev server should not keep the memory it took).
fn digest_file(path: &Path) -> Option<u64> {
    use std::io::Read;
    let mut file = fs::File::open(path).ok()?;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut part = vec![0; 1 << 20];
    loop {
        match file.read(&mut part) {
            Ok(0) => return Some(h.digest()),
            Ok(n) => h.update(&part[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
}

/// A stamp of what decides a page's bytes besides its key: the program (`Program`), the
/// course's template overrides and `--drafts`.
fn stamp(program: u64, templates: &[crate::source::SourceFile], drafts: bool) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&program.to_le_bytes());
    for t in templates {
        crate::hashing::str(&mut h, &t.path);
        crate::hashing::str(&mut h, &t.text);
    }
    h.update(&[u8::from(drafts)]);
    h.digest()
}

/// What a cache file says of the program that wrote it (its second line).
fn read_program(text: &str) -> Option<Program> {
    let mut lines = text.lines();
    if lines.next()? != HEADER {
        return None;
    }
    let mut parts = lines.next()?.strip_prefix("program ")?.splitn(4, ' ');
    Some(Program {
        len: parts.next()?.parse().ok()?,
        modified: parts.next()?.parse().ok()?,
        digest: u64::from_str_radix(parts.next()?, 16).ok()?,
        path: parts.next()?.to_string(),
    })
}

/// Whether `path` is a relative path inside a site: no empty, `.` or `..` part, no leading
/// `/`, no `\`. A record's paths are read from a file anyone could have written; only such paths
/// are looked up or linked.
fn inside_site(path: &str) -> bool {
    !path.contains('\\')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// The editions of a cache file written with `stamp`; `None` for any other file.
fn parse(text: &str, stamp: u64) -> Option<BTreeMap<String, Records>> {
    let hex = |s: &str| u64::from_str_radix(s, 16).ok();
    read_program(text)?;
    let mut lines = text.lines().skip(2);
    if hex(lines.next()?.strip_prefix("stamp ")?)? != stamp {
        return None;
    }
    let mut editions = BTreeMap::new();
    let mut current: Option<&mut Records> = None;
    for line in lines {
        if let Some(prefix) = line.strip_prefix("edition ") {
            if !prefix.is_empty() && !prefix.strip_suffix('/').is_some_and(inside_site) {
                return None;
            }
            current = Some(editions.entry(prefix.to_string()).or_default());
            continue;
        }
        let r = current.as_deref_mut()?;
        if let Some(key) = line.strip_prefix("search ") {
            r.old_search = Some(IndexRecord {
                key: hex(key)?,
                files: Vec::new(),
            });
        } else if let Some(rest) = line.strip_prefix("s ") {
            let mut parts = rest.splitn(3, ' ');
            let (digest, bytes, path) = (parts.next()?, parts.next()?, parts.next()?);
            if !inside_site(path) {
                return None;
            }
            r.old_search.as_mut()?.files.push(WrittenFile {
                path: path.to_string(),
                bytes: bytes.parse().ok()?,
                digest: hex(digest)?,
            });
        } else if let Some(rest) = line.strip_prefix("p ") {
            let mut parts = rest.splitn(4, ' ');
            let (key, print, digest, path) =
                (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
            if !inside_site(path) {
                return None;
            }
            let key = if key == "-" { None } else { Some(hex(key)?) };
            let page = Page {
                key,
                print: hex(print)?,
                digest: hex(digest)?,
            };
            r.old_pages.insert(path.to_string(), page);
        } else {
            return None;
        }
    }
    Some(editions)
}

impl Records {
    /// Whether the old site's file at `path` (in this edition) still has the bytes recorded.
    fn intact(&self, path: &str, digest: u64) -> bool {
        fs::read(self.folder.join(path)).is_ok_and(|bytes| super::digest(&bytes) == digest)
    }

    /// Whether the last build recorded a search index of this edition.
    pub fn has_index(&self) -> bool {
        self.old_search.is_some()
    }

    /// The last build's search index when it was made from `key` and every file of it is still
    /// as written; `None` means the index must be made again.
    pub fn search_if(&self, key: u64) -> Option<Vec<WrittenFile>> {
        use rayon::prelude::*;
        let old = self.old_search.as_ref().filter(|s| s.key == key)?;
        let all_intact = old.files.par_iter().all(|f| self.intact(&f.path, f.digest));
        all_intact.then(|| old.files.clone())
    }

    /// The pages this build made or kept, by path.
    pub fn made(&self) -> impl Iterator<Item = (&str, &Page)> {
        self.pages.iter().map(|(path, page)| (path.as_str(), page))
    }

    /// Notes the search index this build made or kept.
    pub fn remember_search(&mut self, index: IndexRecord) {
        self.search = Some(index);
    }
}

/// A page is kept only while the old site's file still has the bytes recorded.
impl PageMemory for Records {
    fn by_key(&self, path: &str, key: u64) -> Option<u64> {
        let old = self.old_pages.get(path)?;
        (old.key == Some(key) && self.intact(path, old.digest)).then_some(old.print)
    }

    fn same_print(&self, path: &str, print: u64) -> bool {
        self.old_pages
            .get(path)
            .is_some_and(|old| old.print == print && self.intact(path, old.digest))
    }

    fn remember(&mut self, path: &str, print: u64, key: Option<u64>, digest: Option<u64>) {
        // A kept page has the bytes the last build recorded.
        let digest = digest.or_else(|| self.old_pages.get(path).map(|p| p.digest));
        if let Some(digest) = digest {
            self.pages
                .insert(path.to_string(), Page { key, print, digest });
        }
    }
}

#[cfg(test)]
#[path = "last_build_tests.rs"]
mod tests;
