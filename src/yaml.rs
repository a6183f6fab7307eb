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
    match serde_yaml::from_str::<T>(text) {
        Ok(value) => Ok((value, spans(text, line_offset))),
        Err(err) => {
            let pos = err
                .location()
                .map(|l| Pos::new(l.line() as u32 + line_offset, l.column() as u32));
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

fn spans(text: &str, line_offset: u32) -> Spans {
    let mut rec = SpanRecorder {
        spans: SpanMaps::default(),
        stack: Vec::new(),
        line_offset,
    };
    let mut parser = Parser::new_from_str(text);
    // serde_yaml already accepted the text, so the event parser will too; if it does not, spans
    // are simply missing and diagnostics fall back to the file.
    let _ = parser.load(&mut rec, false);
    Spans {
        inner: std::sync::Arc::new(rec.spans),
    }
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
    fn wrong_top_level_shape_is_said_once() {
        let err = parse::<Doc>("x.yaml", "- a\n- b\n", 0).unwrap_err();
        assert_eq!(
            err.message,
            "found a list, expected a mapping of `key: value` lines"
        );
    }
}
