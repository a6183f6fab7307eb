//! The search index, built from the validated course: every lesson, module overview, case (title,
//! summary, situation and task, debrief), quiz title and free page, one *section* per heading so a
//! hit can open the page at that heading.
//!
//! Files (all classic scripts, so they load from `file://` and inside an LMS package):
//!
//! - `assets/search-index.js` sets `window.skillpressSearchIndex` (format in docs/learner.md):
//!   the number of sections, the first token of every token shard, the first section of every
//!   document shard and, for a course whose whole index is small, every shard inline.
//! - For larger courses, `assets/search/t<N>.js` (token → postings) and `assets/search/d<N>.js`
//!   (pages with their sections' text, for snippets) each call `skillpressSearchShard(name, data)`;
//!   the browser loads only the shards a query needs.
//!
//! A posting is a section id gap and three bits: the token is in the page title (first section
//! only), in the section's heading, or twice or more in its text. Numbers are written as base-32
//! digits in the alphabet [`DIGITS`]: the first 32 characters continue a number, the last 32 end it.

use super::key::{Key, KeyMap};
use super::tokenize::for_each_token;
use crate::discover::BinaryFile;
use rayon::prelude::*;
pub const ENTRY: &str = "assets/search-index.js";
pub const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Posting bits.
pub const IN_TITLE: u8 = 4;
pub const IN_HEADING: u8 = 2;
pub const REPEATED: u8 = 1;

/// Only this much of a section's text is kept for snippets (all of it is indexed).
const SNIPPET_CHARS: usize = 3000;

/// Size limits that decide the layout.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Everything in `search-index.js` when the shards together are at most this many bytes.
    pub inline: usize,
    /// Target size of one token shard.
    pub token_shard: usize,
    /// Target size of one document shard.
    pub doc_shard: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            inline: 512 * 1024,
            token_shard: 64 * 1024,
            doc_shard: 32 * 1024,
        }
    }
}

/// One heading's part of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading's anchor; empty for the top of the page.
    pub anchor: String,
    pub heading: String,
    pub text: String,
}

/// A page of the site, as search sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchPage {
    /// Output path, relative to the site root.
    pub url: String,
    pub title: String,
    /// What it is and where it sits ("Module 2 title", "Case study"), shown under a hit.
    pub context: String,
    pub sections: Vec<Section>,
}

/// The index files and their sizes.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    /// The files the build's `emit` did not take (all of them without one).
    pub files: Vec<BinaryFile>,
    /// All files' bytes and number, taken or kept.
    pub bytes: usize,
    pub file_count: usize,
    pub sections: usize,
    pub tokens: usize,
}

impl SearchIndex {
    pub fn total_bytes(&self) -> usize {
        self.bytes
    }
}

/// Appends `v` as base-32 digits, the last one marked.
pub fn push_number(out: &mut String, mut v: u64) {
    let mut digits = [0u8; 13];
    let mut n = 0;
    loop {
        digits[n] = (v & 31) as u8;
        n += 1;
        v >>= 5;
        if v == 0 {
            break;
        }
    }
    for i in (0..n).rev() {
        let d = digits[i] + if i == 0 { 32 } else { 0 };
        out.push(DIGITS[d as usize] as char);
    }
}

/// The tokens of one section with their posting bits. `buf` and `map` are scratch space.
fn section_tokens(
    title: Option<&str>,
    s: &Section,
    buf: &mut Vec<char>,
    map: &mut KeyMap<(u8, u32)>,
) -> Vec<(Key, u8)> {
    map.clear();
    let mut add = |text: &str, bit: u8, count: u32| {
        let e = map.entry(Key::new(text)).or_default();
        e.0 |= bit;
        e.1 += count;
    };
    if let Some(t) = title {
        for_each_token(t, buf, |text, _, _| add(text, IN_TITLE, 0));
    }
    for_each_token(&s.heading, buf, |text, _, _| add(text, IN_HEADING, 0));
    for_each_token(&s.text, buf, |text, _, _| add(text, 0, 1));
    map.drain()
        .map(|(t, (b, n))| (t, b | if n >= 2 { REPEATED } else { 0 }))
        .collect()
}

/// UTF-16 order, as JavaScript compares strings.
fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

fn shard_js(name: &str, data: &str) -> Vec<u8> {
    format!("skillpressSearchShard(\"{name}\",{data});\n").into_bytes()
}

/// Takes a finished index file; gives it back when the caller is to keep it (see
/// [`SearchIndex::files`]).
pub type Emit<'a> = &'a mut dyn FnMut(BinaryFile) -> Option<BinaryFile>;

/// Builds the index files for `pages`, all kept in the result.
pub fn build(pages: &[SearchPage], limits: Limits) -> SearchIndex {
    build_from(pages.len(), |i| pages[i].clone(), limits, &mut Some)
}

/// The document record of a page: `[url, title, context, [[anchor, heading, text], …]]`.
/// Serialised from borrowed tuples (JSON arrays, as `json!` would write them) rather than through
/// a `Value`, which copied every section's text once more.
fn record(p: &SearchPage) -> String {
    let secs: Vec<(&str, &str, &str)> = p
        .sections
        .iter()
        .map(|s| (s.anchor.as_str(), s.heading.as_str(), snippet(&s.text)))
        .collect();
    crate::html::script_json(&(&p.url, &p.title, &p.context, secs))
}

/// The first [`SNIPPET_CHARS`] characters of `text`.
fn snippet(text: &str) -> &str {
    match text.char_indices().nth(SNIPPET_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// `{"token":"postings",…}`.
fn token_json(items: &[(String, String)]) -> String {
    let mut s = String::from("{");
    for (i, (k, v)) in items.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&crate::html::script_json(k));
        s.push(':');
        s.push('"');
        s.push_str(v);
        s.push('"');
    }
    s.push('}');
    s
}

/// `[record,…]`.
fn doc_json(items: &[(usize, String)]) -> String {
    let mut s = String::from("[");
    for (i, (_, r)) in items.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(r);
    }
    s.push(']');
    s
}

/// The tokens of each section of a page, with their posting bits.
type PageTokens = Vec<Vec<(Key, u8)>>;

/// The files of an index as they are finished, counted, handed to `emit`.
struct Files<'a> {
    emit: Emit<'a>,
    kept: Vec<BinaryFile>,
    bytes: usize,
    count: usize,
}

impl Files<'_> {
    fn push(&mut self, path: String, bytes: Vec<u8>) {
        self.bytes += bytes.len();
        self.count += 1;
        if let Some(f) = (self.emit)(BinaryFile { path, bytes }) {
            self.kept.push(f);
        }
    }
}

/// Document records not yet written, and the shards written so far.
#[derive(Default)]
struct DocShards {
    /// (sections, record) of pages not yet in a shard.
    held: Vec<(usize, String)>,
    /// All records' bytes so far (decides inline or sharded).
    total: usize,
    /// The first section of every shard written.
    starts: Vec<usize>,
    /// The first section of the held records.
    next_section: usize,
}

impl DocShards {
    /// Writes every full shard at the front of the held records (the last, partly filled one
    /// too when `all`).
    fn flush(&mut self, limits: Limits, files: &mut Files, all: bool) {
        let mut from = 0;
        loop {
            let (mut size, mut count, mut to) = (0, 0, from);
            while to < self.held.len() && (to == from || size < limits.doc_shard) {
                size += self.held[to].1.len();
                count += self.held[to].0;
                to += 1;
            }
            let full = size >= limits.doc_shard;
            if to == from || !(full || all) {
                break;
            }
            let name = format!("d{}", self.starts.len());
            self.starts.push(self.next_section);
            files.push(
                format!("assets/search/{name}.js"),
                shard_js(&name, &doc_json(&self.held[from..to])),
            );
            self.next_section += count;
            from = to;
        }
        self.held.drain(..from);
    }
}

/// Builds the index of `count` pages, made by `page` a batch at a time: the tokens of every
/// section on every core, section ids assigned in page order. Document shards are handed to
/// `emit` as soon as they fill, token shards at the end; memory holds the postings and one batch.
pub fn build_from(
    count: usize,
    page: impl Fn(usize) -> SearchPage + Sync,
    limits: Limits,
    emit: Emit,
) -> SearchIndex {
    let mut files = Files {
        emit,
        kept: Vec::new(),
        bytes: 0,
        count: 0,
    };
    let mut postings: KeyMap<(u32, String)> = KeyMap::default();
    let mut docs = DocShards::default();
    let mut sid: u32 = 0;
    let mut first = 0;
    while first < count {
        let last = (first + 256).min(count);
        let batch: Vec<(PageTokens, (usize, String))> = (first..last)
            .into_par_iter()
            .map_init(
                || (Vec::new(), KeyMap::default()),
                |(buf, map), i| {
                    let p = page(i);
                    let tokens = p
                        .sections
                        .iter()
                        .enumerate()
                        .map(|(i, s)| {
                            section_tokens((i == 0).then_some(p.title.as_str()), s, buf, map)
                        })
                        .collect();
                    (tokens, (p.sections.len(), record(&p)))
                },
            )
            .collect();
        first = last;
        for (page_tokens, rec) in batch {
            for tokens in page_tokens {
                for (tok, bits) in tokens {
                    let entry = postings.entry(tok).or_insert_with(|| (0, String::new()));
                    let gap = if entry.1.is_empty() {
                        sid as u64 + 1
                    } else {
                        (sid - entry.0) as u64
                    };
                    push_number(&mut entry.1, gap * 8 + bits as u64);
                    entry.0 = sid;
                }
                sid += 1;
            }
            docs.total += rec.1.len() + 1;
            docs.held.push(rec);
        }
        // Past the inline limit the index is sharded whatever the tokens add.
        if docs.total > limits.inline {
            docs.flush(limits, &mut files, false);
        }
    }
    let sections = sid as usize;
    let mut tokens: Vec<(String, String)> = postings
        .into_iter()
        .map(|(k, v)| (k.as_str().to_string(), v.1))
        .collect();
    tokens.sort_by(|a, b| utf16_cmp(&a.0, &b.0));
    let token_bytes: usize = tokens.iter().map(|(k, v)| k.len() + v.len() + 6).sum();

    let mut inline: Vec<(String, String)> = Vec::new();
    let (bounds, starts): (Vec<String>, Vec<usize>);
    if docs.starts.is_empty() && token_bytes + docs.total <= limits.inline {
        bounds = vec![String::new()];
        starts = vec![0];
        inline.push(("t0".into(), token_json(&tokens)));
        inline.push(("d0".into(), doc_json(&docs.held)));
    } else {
        docs.flush(limits, &mut files, true);
        // Token shards: consecutive tokens up to the target size; a shard is named by its number
        // and found by its first token.
        let mut b = Vec::new();
        let mut from = 0;
        while from < tokens.len() {
            let mut size = 0;
            let mut to = from;
            while to < tokens.len() && (to == from || size < limits.token_shard) {
                size += tokens[to].0.len() + tokens[to].1.len() + 6;
                to += 1;
            }
            let name = format!("t{}", b.len());
            b.push(if b.is_empty() {
                String::new()
            } else {
                tokens[from].0.clone()
            });
            files.push(
                format!("assets/search/{name}.js"),
                shard_js(&name, &token_json(&tokens[from..to])),
            );
            from = to;
        }
        if b.is_empty() {
            b.push(String::new());
        }
        let mut s = std::mem::take(&mut docs.starts);
        if s.is_empty() {
            s.push(0);
        }
        bounds = b;
        starts = s;
    }
    let mut entry = format!(
        "/* Generated by skillpress: the search index (docs/learner.md, \"Search\"). */\nwindow.skillpressSearchIndex = {{\"v\":1,\"sections\":{sections},\"tokens\":{},\"docs\":{},\"shards\":{{",
        crate::html::script_json(&bounds),
        crate::html::script_json(&starts),
    );
    for (i, (name, data)) in inline.iter().enumerate() {
        if i > 0 {
            entry.push(',');
        }
        entry.push_str(&format!("\"{name}\":{data}"));
    }
    entry.push_str("}};\n");
    files.push(ENTRY.into(), entry.into_bytes());
    // The entry first, then token shards, then document shards (as before streaming).
    let mut kept = files.kept;
    kept.sort_by_key(|f| {
        let rank = if f.path == ENTRY {
            0
        } else if f.path.starts_with("assets/search/t") {
            1
        } else {
            2
        };
        let number: usize = f
            .path
            .trim_start_matches("assets/search/")
            .get(1..)
            .and_then(|n| n.strip_suffix(".js"))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        (rank, number)
    });
    SearchIndex {
        files: kept,
        bytes: files.bytes,
        file_count: files.count,
        sections,
        tokens: tokens.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn decode(s: &str) -> Vec<u64> {
        let mut out = Vec::new();
        let mut acc = 0u64;
        for c in s.bytes() {
            let d = DIGITS.iter().position(|x| *x == c).unwrap() as u64;
            acc = acc * 32 + (d & 31);
            if d >= 32 {
                out.push(acc);
                acc = 0;
            }
        }
        out
    }

    #[test]
    fn numbers_round_trip() {
        let mut s = String::new();
        for v in [0u64, 1, 31, 32, 1000, 123_456_789] {
            push_number(&mut s, v);
        }
        assert_eq!(decode(&s), [0, 1, 31, 32, 1000, 123_456_789]);
        let mut one = String::new();
        push_number(&mut one, 9);
        assert_eq!(one.len(), 1, "a small number is one character");
    }

    #[test]
    fn record_is_the_json_array_of_the_page() {
        let long = "é".repeat(SNIPPET_CHARS + 5);
        let p = page(
            "a/b.html",
            "Tom & \"Jerry\" </script>",
            &[("", "", "plain"), ("x", "H\u{2028}", &long)],
        );
        let cut: String = long.chars().take(SNIPPET_CHARS).collect();
        let expected = crate::html::script_json(&json!([
            p.url,
            p.title,
            p.context,
            [["", "", "plain"], ["x", "H\u{2028}", cut]]
        ]));
        assert_eq!(record(&p), expected);
    }

    fn page(url: &str, title: &str, sections: &[(&str, &str, &str)]) -> SearchPage {
        SearchPage {
            url: url.into(),
            title: title.into(),
            context: String::new(),
            sections: sections
                .iter()
                .map(|(a, h, t)| Section {
                    anchor: a.to_string(),
                    heading: h.to_string(),
                    text: t.to_string(),
                })
                .collect(),
        }
    }

    fn entry(index: &SearchIndex) -> String {
        String::from_utf8(index.files[0].bytes.clone()).unwrap()
    }

    #[test]
    fn small_index_is_one_file_with_title_and_heading_bits() {
        let pages = [
            page(
                "a.html",
                "转人工",
                &[("", "", "何时转人工"), ("fcr", "首次解决率", "FCR FCR")],
            ),
            page("b.html", "Other", &[("", "", "csat")]),
        ];
        let index = build(&pages, Limits::default());
        assert_eq!(index.files.len(), 1);
        assert_eq!(index.sections, 3);
        let text = entry(&index);
        let v = script_value(&text);
        let t0 = &v["shards"]["t0"];
        // 人工: title and text of section 0 → gap 1, bits IN_TITLE.
        assert_eq!(decode(t0["人工"].as_str().unwrap()), [8 + IN_TITLE as u64]);
        // fcr: section 1, twice in the text.
        assert_eq!(decode(t0["fcr"].as_str().unwrap()), [16 + REPEATED as u64]);
        // 解决: in the heading of section 1.
        assert_eq!(
            decode(t0["解决"].as_str().unwrap()),
            [16 + IN_HEADING as u64]
        );
        // csat: section 2.
        assert_eq!(decode(t0["csat"].as_str().unwrap()), [24]);
        assert_eq!(v["shards"]["d0"][0][3][1][0], "fcr");
    }

    /// The JSON a `window.x = {...};` script assigns.
    fn script_value(text: &str) -> Value {
        let json = text
            .split_once("= ")
            .unwrap()
            .1
            .trim_end()
            .trim_end_matches(';');
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn large_index_is_split_into_shards_found_by_first_token_and_section() {
        let pages: Vec<SearchPage> = (0..40)
            .map(|i| {
                page(
                    &format!("p{i}.html"),
                    &format!("Page {i}"),
                    &[(
                        "",
                        "",
                        &format!("word{i} common text 客户满意度 {}", "filler ".repeat(50)),
                    )],
                )
            })
            .collect();
        let limits = Limits {
            inline: 100,
            token_shard: 200,
            doc_shard: 1000,
        };
        let index = build(&pages, limits);
        assert!(index.files.len() > 3);
        let text = entry(&index);
        assert!(text.contains("\"shards\":{}"), "{text}");
        let v = script_value(&text);
        let bounds: Vec<&str> = v["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_str().unwrap())
            .collect();
        assert_eq!(bounds[0], "");
        assert!(bounds.windows(2).all(|w| utf16_cmp(w[0], w[1]).is_lt()));
        let t_files = index
            .files
            .iter()
            .filter(|f| f.path.starts_with("assets/search/t"))
            .count();
        assert_eq!(t_files, bounds.len());
        let docs = v["docs"].as_array().unwrap();
        let d_files = index
            .files
            .iter()
            .filter(|f| f.path.starts_with("assets/search/d"))
            .count();
        assert_eq!(d_files, docs.len());
        assert_eq!(docs[0], 0);
        let shard = String::from_utf8(index.files[1].bytes.clone()).unwrap();
        assert!(
            shard.starts_with("skillpressSearchShard(\"t0\",{"),
            "{shard}"
        );
    }
}
