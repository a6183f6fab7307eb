//! The only module that touches YAML libraries.
//!
//! serde_yaml (archived upstream, still sound) turns text into typed structs and locates syntax and
//! type errors. It gives no positions for values that parse fine but are wrong (a duplicate id, an
//! unknown reference), so a second pass with yaml-rust2's event parser records where every node
//! starts, keyed by its path (`questions.3.options.0.correct`). Validation asks [`Spans`] for the
//! line to report.

use crate::diagnostics::{Diagnostic, Pos};
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// Where each node of a YAML document starts.
#[derive(Debug, Default, Clone)]
pub struct Spans {
    /// Shared, because parsed files are reused (cloned) from build to build in the dev server.
    inner: std::sync::Arc<SpanMaps>,
}

#[derive(Debug, Default, Clone)]
struct SpanMaps {
    /// For a mapping entry: the key's position; for a sequence item: the item's.
    keys: HashMap<String, Pos>,
    /// Where the node's value starts.
    values: HashMap<String, Pos>,
}

impl Spans {
    /// The position of `path`, or of its nearest ancestor that has one.
    pub fn locate(&self, path: &str) -> Option<Pos> {
        let mut p = path;
        loop {
            if let Some(pos) = self.inner.keys.get(p).or_else(|| self.inner.values.get(p)) {
                return Some(*pos);
            }
            match p.rfind('.') {
                Some(i) => p = &p[..i],
                None => return self.inner.values.get("").copied(),
            }
        }
    }

    /// The position of the value at `path` (after the key), or of the nearest ancestor.
    pub fn locate_value(&self, path: &str) -> Option<Pos> {
        self.inner
            .values
            .get(path)
            .copied()
            .or_else(|| self.locate(path))
    }
}

/// Parses `text` into `T`. `line_offset` is added to every reported line (front matter starts
/// after the opening `---`). On failure the diagnostic names the file, line and column.
pub fn parse<T: DeserializeOwned>(
    file: &str,
    text: &str,
    line_offset: u32,
) -> Result<(T, Spans), Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(
            file,
            Some(Pos::new(line_offset + 1, 1)),
            "the file is empty",
        )
        .with_help("see docs/format.md for what this file should contain"));
    }
    // The event pass runs first: it refuses what would make serde_yaml slow or explode before
    // serde_yaml sees it, and records the positions validation reports.
    let spans = scan(file, text, line_offset)?;
    match serde_yaml::from_str::<T>(text) {
        Ok(value) => Ok((value, spans)),
        Err(err) => {
            // serde_yaml locates most errors; the rest (a second document) get the line that
            // starts the next document, or the first line.
            let pos = err
                .location()
                .map(|l| Pos::new(l.line() as u32 + line_offset, l.column() as u32))
                .or_else(|| Some(second_document(text, line_offset)));
            let at = err.location().map(|l| (l.line(), l.column()));
            let (message, help) = humanize(&err.to_string(), at, line_offset);
            let mut d = Diagnostic::error(file, pos, message);
            if let Some(h) = help {
                d = d.with_help(h);
            }
            Err(d)
        }
    }
}

/// Serialises a value to YAML text (used by `import gift`).
pub fn to_string<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|e| e.to_string())
}

/// Where a second YAML document starts: the first `---`, `...` or `%` line after some content.
fn second_document(text: &str, line_offset: u32) -> Pos {
    let mut content = false;
    for (i, line) in text.lines().enumerate() {
        let starts_document = ["---", "...", "%"].iter().any(|m| line.starts_with(m));
        if content && starts_document {
            return Pos::new(i as u32 + 1 + line_offset, 1);
        }
        content |=
            !line.trim().is_empty() && !line.trim_start().starts_with('#') && !starts_document;
    }
    Pos::new(line_offset + 1, 1)
}

/// How deeply collections may nest (docs/format.md, "Limits"). Course files nest about six
/// levels; libyaml's scanner is quadratic in the depth of flow collections (`[[[[…`), so a
/// 50,000-deep one took seconds before it was refused.
pub const MAX_DEPTH: usize = 64;

/// How many values aliases (`*name`) may copy in one file, counting copies inside copies: a few
/// lines of nested aliases (a "billion laughs" file) would otherwise expand to billions.
pub const MAX_ALIAS_VALUES: u64 = 10_000;

/// One pass of yaml-rust2's event parser: checks the limits above (an error at the offending
/// line) and records where every node starts. A syntax error stops the pass quietly: serde_yaml
/// reports it, in its own words, right after.
fn scan(file: &str, text: &str, line_offset: u32) -> Result<Spans, Diagnostic> {
    if let Some((line, col)) = too_many_open_brackets(text) {
        return Err(Diagnostic::error(
            file,
            Some(Pos::new(line + line_offset, col)),
            format!("more than {MAX_DEPTH} `[` or `{{` are open here"),
        )
        .with_help(
            "lists and mappings nest a few levels in a course file; check for unclosed `[` or `{`",
        ));
    }
    let mut rec = SpanRecorder {
        spans: SpanMaps::default(),
        stack: Vec::new(),
        line_offset,
    };
    let mut parser = Parser::new_from_str(text);
    // Values so far, counting every alias as the values it copies; the size of each anchored
    // value; the open collections as (anchor, count when they started).
    let mut values: u64 = 0;
    let mut copied: u64 = 0;
    let mut anchored: HashMap<usize, u64> = HashMap::new();
    let mut open: Vec<(usize, u64)> = Vec::new();
    while let Ok((ev, mark)) = parser.next_token() {
        match &ev {
            Event::StreamEnd => break,
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                values += 1;
                open.push((*anchor, values));
                if open.len() > MAX_DEPTH {
                    return Err(Diagnostic::error(
                        file,
                        Some(rec.pos(mark)),
                        format!(
                            "lists and mappings are nested more than {MAX_DEPTH} levels deep here"
                        ),
                    )
                    .with_help("a course file needs a few levels; check for unclosed `[` or `{`"));
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some((anchor, start)) = open.pop() {
                    if anchor > 0 {
                        anchored.insert(anchor, values - start + 1);
                    }
                }
            }
            Event::Scalar(_, _, anchor, _) => {
                values += 1;
                if *anchor > 0 {
                    anchored.insert(*anchor, 1);
                }
            }
            Event::Alias(anchor) => {
                let size = anchored.get(anchor).copied().unwrap_or(1);
                values = values.saturating_add(size);
                copied = copied.saturating_add(size);
                if copied > MAX_ALIAS_VALUES {
                    return Err(Diagnostic::error(
                        file,
                        Some(rec.pos(mark)),
                        format!("aliases (`*name`) copy more than {MAX_ALIAS_VALUES} values by this point"),
                    )
                    .with_help("write the values out, or use fewer aliases of aliases"));
                }
            }
            _ => {}
        }
        rec.on_event(ev, mark);
    }
    Ok(Spans {
        inner: std::sync::Arc::new(rec.spans),
    })
}

/// Where more than [`MAX_DEPTH`] flow brackets are open, counted on the text alone: both YAML
/// scanners read every nested `[` before they report the first one, in time quadratic in the
/// depth, so deep flow nesting must be found before they run. Quoted text and comments are
/// skipped; a bracket inside plain or block text counts too, so the count is never below the
/// real nesting (it would take 65 unclosed brackets in plain text to be refused wrongly).
fn too_many_open_brackets(text: &str) -> Option<(u32, u32)> {
    #[derive(PartialEq)]
    enum In {
        Plain,
        Single,
        Double,
        Comment,
    }
    let (mut state, mut depth) = (In::Plain, 0usize);
    let (mut line, mut col) = (1u32, 0u32);
    let mut prev = '\n';
    let mut escaped = false;
    for c in text.chars() {
        col += 1;
        match state {
            In::Plain => match c {
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some((line, col));
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                '\'' if !prev.is_alphanumeric() => state = In::Single,
                '"' if !prev.is_alphanumeric() => state = In::Double,
                '#' if prev.is_whitespace() => state = In::Comment,
                _ => {}
            },
            In::Single if c == '\'' => state = In::Plain,
            In::Double if c == '"' && !escaped => state = In::Plain,
            In::Comment if c == '\n' => state = In::Plain,
            _ => {}
        }
        escaped = state == In::Double && c == '\\' && !escaped;
        if c == '\n' {
            line += 1;
            col = 0;
        }
        prev = c;
    }
    None
}

enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, index: usize },
}

struct SpanRecorder {
    spans: SpanMaps,
    stack: Vec<Frame>,
    line_offset: u32,
}

fn join(path: &str, seg: &str) -> String {
    if path.is_empty() {
        seg.to_string()
    } else {
        format!("{path}.{seg}")
    }
}

impl SpanRecorder {
    fn pos(&self, mark: Marker) -> Pos {
        Pos::new(mark.line() as u32 + self.line_offset, mark.col() as u32 + 1)
    }

    /// The path of the value that starts now, or `None` when a mapping key is expected.
    fn value_path(&mut self) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Map { path, key }) => key.as_ref().map(|k| join(path, k)),
            Some(Frame::Seq { path, index }) => Some(join(path, &index.to_string())),
        }
    }

    fn value_done(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Map { key, .. }) => *key = None,
            Some(Frame::Seq { index, .. }) => *index += 1,
            None => {}
        }
    }
}

impl MarkedEventReceiver for SpanRecorder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let pos = self.pos(mark);
        match ev {
            Event::Scalar(value, ..) => match self.value_path() {
                Some(path) => {
                    if let Some(Frame::Seq { .. }) = self.stack.last() {
                        self.spans.keys.entry(path.clone()).or_insert(pos);
                    }
                    self.spans.values.entry(path).or_insert(pos);
                    self.value_done();
                }
                None => {
                    if let Some(Frame::Map { path, key }) = self.stack.last_mut() {
                        let full = join(path, &value);
                        // A block mapping's start mark lies after its first key; the first key
                        // is where an author looks for the item.
                        for map in [&mut self.spans.keys, &mut self.spans.values] {
                            if let Some(p) = map.get_mut(path.as_str()) {
                                *p = (*p).min(pos);
                            }
                        }
                        *key = Some(value);
                        self.spans.keys.entry(full).or_insert(pos);
                    }
                }
            },
            Event::Alias(_) => {
                if let Some(path) = self.value_path() {
                    self.spans.values.entry(path).or_insert(pos);
                }
                self.value_done();
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                // A complex key (a mapping used as a key) gets a placeholder name.
                let path = self.value_path().unwrap_or_else(|| "?".to_string());
                if let Some(Frame::Seq { .. }) = self.stack.last() {
                    self.spans.keys.entry(path.clone()).or_insert(pos);
                }
                self.spans.values.entry(path.clone()).or_insert(pos);
                self.stack.push(if matches!(ev, Event::MappingStart(..)) {
                    Frame::Map { path, key: None }
                } else {
                    Frame::Seq { path, index: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.value_done();
            }
            _ => {}
        }
    }
}

/// serde_yaml and libyaml write positions into the message (` at line 4 column 1`). The one we
/// report in front is dropped; any other (where a quote was opened) is kept, in file lines.
fn positions_in_words(raw: &str, at: Option<(usize, usize)>, line_offset: u32) -> String {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 9..];
        let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let l_end = digits(tail);
        let parsed = tail[l_end..].strip_prefix(" column ").and_then(|after| {
            let c_end = digits(after);
            let line: usize = tail[..l_end].parse().ok()?;
            let col: usize = after[..c_end].parse().ok()?;
            Some((line, col, l_end + 8 + c_end))
        });
        match parsed {
            Some((line, col, len)) => {
                if Some((line, col)) != at {
                    out.push_str(&format!(
                        " (line {}, column {col})",
                        line as u32 + line_offset
                    ));
                }
                rest = &tail[len..];
            }
            None => {
                out.push_str(" at line ");
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Turns serde_yaml's wording into words an author understands: no Rust type names, no trailing
/// position (we print our own), and a hint where one helps.
fn humanize(raw: &str, at: Option<(usize, usize)>, line_offset: u32) -> (String, Option<String>) {
    let mut msg = positions_in_words(raw, at, line_offset);
    let replacements = [
        ("expected u8", "expected a whole number"),
        ("expected u16", "expected a whole number"),
        ("expected u32", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected usize", "expected a whole number"),
        ("expected i32", "expected a whole number"),
        ("expected i64", "expected a whole number"),
        ("expected f64", "expected a number"),
        ("expected f32", "expected a number"),
        ("expected a sequence", "expected a list"),
        ("invalid type: sequence", "found a list"),
        ("invalid type: map", "found a mapping"),
        ("invalid type: string", "found the text"),
        ("invalid type: integer", "found the number"),
        ("invalid type: floating point", "found the number"),
        ("invalid type: boolean", "found the boolean"),
        ("invalid type: unit value", "found an empty value"),
        ("invalid value: integer", "the number"),
        ("invalid value: string", "the text"),
    ];
    for (from, to) in replacements {
        msg = msg.replace(from, to);
    }
    // "expected struct Question" / "expected a map" → plain words
    if let Some(i) = msg.find("expected struct ") {
        let end = msg[i + 16..]
            .find(|c: char| !c.is_alphanumeric())
            .map(|e| i + 16 + e)
            .unwrap_or(msg.len());
        msg.replace_range(i..end, "expected a mapping of `key: value` lines");
    }
    if !msg.contains("expected a mapping of") {
        msg = msg.replace("expected a map", "expected a mapping of `key: value` lines");
    }
    msg = msg.replace("expected a string", "expected text");
    if msg.contains("untagged enum") || msg.contains("did not match any variant") {
        msg = "this value has the wrong form".to_string();
    }
    let help = if msg.contains("scanning a quoted scalar") {
        Some("a quotation mark opened at the position named above is never closed".to_string())
    } else if msg.contains("unknown field") {
        Some("check the spelling; the keys this place accepts are listed above".to_string())
    } else if msg.contains("missing field") {
        Some("add the key; see docs/format.md".to_string())
    } else if msg.contains("did not find expected")
        || msg.contains("mapping values are not allowed")
    {
        Some("check indentation, and quote text that contains `: ` or starts with a special character".to_string())
    } else {
        None
    };
    (msg, help)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        items: Vec<Item>,
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        id: String,
        count: Option<u32>,
    }

    #[test]
    fn records_key_positions_by_path() {
        let text = "title: T\nitems:\n  - id: a\n  - id: b\n    count: 2\n";
        let (_doc, spans) = parse::<Doc>("x.yaml", text, 0).unwrap();
        assert_eq!(spans.locate("items.1.id"), Some(Pos::new(4, 5)));
        assert_eq!(spans.locate("items.1.count"), Some(Pos::new(5, 5)));
        assert_eq!(spans.locate_value("items.1.count"), Some(Pos::new(5, 12)));
        // Unknown path falls back to the nearest ancestor.
        assert_eq!(spans.locate("items.1.nothing"), Some(Pos::new(4, 5)));
    }

    #[test]
    fn flow_style_is_located_too() {
        let text = "title: T\nitems: [{ id: a, count: 1 }]\n";
        let (_doc, spans) = parse::<Doc>("x.yaml", text, 0).unwrap();
        assert_eq!(spans.locate("items.0.count"), Some(Pos::new(2, 18)));
    }

    #[test]
    fn unknown_key_error_has_position_and_no_rust_names() {
        let text = "title: T\nitems:\n  - id: a\n    cuont: 2\n";
        let err = parse::<Doc>("x.yaml", text, 3).unwrap_err();
        assert_eq!(err.line, Some(7));
        assert!(
            err.message.contains("unknown field `cuont`"),
            "{}",
            err.message
        );
        assert!(!err.message.contains(" at line "));
    }

    #[test]
    fn type_errors_use_plain_words() {
        let text = "title: T\nitems:\n  - id: a\n    count: many\n";
        let err = parse::<Doc>("x.yaml", text, 0).unwrap_err();
        assert!(!err.message.contains("u32"), "{}", err.message);
        assert!(err.message.contains("whole number"), "{}", err.message);
    }

    #[test]
    fn deep_nesting_is_refused_at_once_with_its_line() {
        let n = 50_000;
        let text = format!("title: T\nitems: {}{}\n", "[".repeat(n), "]".repeat(n));
        let err = parse::<Doc>("x.yaml", &text, 2).unwrap_err();
        assert_eq!(
            (err.line, err.column),
            (Some(4), Some(8 + MAX_DEPTH as u32))
        );
        assert!(
            err.message.contains("more than 64 `[` or `{`"),
            "{}",
            err.message
        );
        // Brackets in quotes and comments are text, and closed ones do not add up.
        let quoted = format!("title: '{0}'\nitems: [] # {0}\n# {0}\n", "[".repeat(100));
        assert!(parse::<Doc>("x.yaml", &quoted, 0).is_ok());
        let many = "- [[1], {a: [2]}]\n".repeat(1_000);
        assert!(parse::<serde_yaml::Value>("x.yaml", &many, 0).is_ok());
        // Compact nested sequences (`- - - …`) count as nesting too.
        let compact = format!("title: T\nitems:\n  {}x\n", "- ".repeat(50_000));
        assert!(parse::<Doc>("x.yaml", &compact, 0)
            .unwrap_err()
            .message
            .contains("nested"));
        // Block style counts the same way.
        let mut block = String::from("title: T\nitems:\n");
        for depth in 0..100 {
            block.push_str(&format!("{}- \n", "  ".repeat(depth)));
        }
        assert!(parse::<Doc>("x.yaml", &block, 0)
            .unwrap_err()
            .message
            .contains("nested"));
    }

    #[test]
    fn an_alias_bomb_is_refused_with_its_line() {
        let mut text = String::from(
            "title: T\nitems: []\nx:\n  - &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
        );
        let mut prev = 'a';
        for name in "bcdefghi".chars() {
            let refs = vec![format!("*{prev}"); 9].join(", ");
            text.push_str(&format!("  - &{name} [{refs}]\n"));
            prev = name;
        }
        let err = parse::<serde_yaml::Value>("x.yaml", &text, 0).unwrap_err();
        assert!(err.message.contains("aliases"), "{}", err.message);
        assert_eq!(err.line, Some(8));
        // A few aliases are fine.
        let ok = "title: T\nitems: []\nx: [&a [1, 2], *a, *a]\n";
        assert!(parse::<serde_yaml::Value>("x.yaml", ok, 0).is_ok());
    }

    #[test]
    fn a_second_document_is_located() {
        let err = parse::<Doc>("x.yaml", "title: T\nitems: []\n---\ntitle: U\n", 0).unwrap_err();
        assert_eq!(
            (err.line, err.column),
            (Some(3), Some(1)),
            "{}",
            err.message
        );
        let err = parse::<Doc>(
            "x.yaml",
            "title: T\nitems: []\n...\n%YAML 1.2\n---\nx: 1\n",
            4,
        )
        .unwrap_err();
        assert_eq!(err.line, Some(7), "{}", err.message);
    }

    #[test]
    fn wrong_top_level_shape_is_said_once() {
        let err = parse::<Doc>("x.yaml", "- a\n- b\n", 0).unwrap_err();
        assert_eq!(
            err.message,
            "found a list, expected a mapping of `key: value` lines"
        );
    }
}
