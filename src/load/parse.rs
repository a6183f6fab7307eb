//! Parsing one file: ids from file names, YAML into model structs with spans, Markdown into
//! front matter and an outlined body.

use super::{cache::cached, Doc, LoadOptions, Yaml};
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::markdown::{self, Trust};
use crate::slug::{is_valid_id, split_order_prefix};
use crate::source::{split_front_matter, LineIndex, SourceFile};
use crate::yaml::{self, Spans};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
pub(super) fn id_from_name(
    file: &str,
    name: &str,
    what: &str,
    diags: &mut Diagnostics,
) -> (Option<i64>, String) {
    let (order, id) = split_order_prefix(name);
    if !is_valid_id(id) {
        diags.push(
            Diagnostic::error(file, None, format!("`{id}` is not a valid {what} id"))
                .with_help(format!(
                    "ids come from file and folder names and use lower-case letters, digits and `-`: rename it to `{}`",
                    crate::slug::slugify(id)
                )),
        );
    }
    (order, id.to_string())
}

/// The file name without its extension, and without a language suffix: a translation has its
/// source's id.
pub(super) fn stem(path: &str) -> String {
    let source = crate::editions::source_path(path);
    let name = source.rsplit('/').next().unwrap_or(&source);
    name.rsplit_once('.')
        .map(|(s, _)| s)
        .unwrap_or(name)
        .to_string()
}

pub(super) fn parse_yaml<T: DeserializeOwned + Clone + Send + Sync + 'static>(
    f: &SourceFile,
    opts: &LoadOptions,
    diags: &mut Diagnostics,
) -> Option<(T, Spans)> {
    cached(opts, f, diags, |diags| {
        match yaml::parse::<T>(&f.path, &f.text, 0) {
            Ok(v) => Some(v),
            Err(d) => {
                diags.push(d);
                None
            }
        }
    })
}

/// Parses a Markdown file: front matter (required when `T` has required keys) and body.
pub(super) fn parse_markdown<T: DeserializeOwned + Default>(
    f: &SourceFile,
    require_front: bool,
    opts: &LoadOptions,
    diags: &mut Diagnostics,
) -> Option<(T, Doc)> {
    let split = split_front_matter(&f.text);
    let lines = LineIndex::new(&f.text);
    if split.unterminated {
        diags.push(
            Diagnostic::error(&f.path, Some(Pos::new(1, 1)), "front matter is not closed")
                .with_help("end the front matter with a line containing only `---`"),
        );
        return None;
    }
    let (front, spans) = match split.yaml {
        Some(y) if !y.trim().is_empty() => {
            match yaml::parse::<T>(&f.path, y, split.yaml_line_offset) {
                Ok(v) => v,
                Err(d) => {
                    diags.push(d);
                    return None;
                }
            }
        }
        _ if require_front => {
            diags.push(
                Diagnostic::error(
                    &f.path,
                    Some(Pos::new(1, 1)),
                    "missing front matter with a `title`",
                )
                .with_help("start the file with:\n      ---\n      title: …\n      ---"),
            );
            return None;
        }
        _ => (T::default(), Spans::default()),
    };
    let rendered = markdown::outline(split.body, Trust::Author, &opts.labels);
    Some((
        front,
        Doc::new(
            f.path.clone(),
            f.text.clone(),
            lines,
            split.body_offset,
            std::sync::Arc::new(rendered),
            spans,
        ),
    ))
}

/// Front matter types with a required title cannot be `Default`; wrap them so the one parse
/// function serves all Markdown files.
#[derive(Debug)]
struct Required<T>(Option<T>);

impl<T> Default for Required<T> {
    fn default() -> Self {
        Required(None)
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Required<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(d).map(|v| Required(Some(v)))
    }
}

pub(super) fn parse_required<T: DeserializeOwned + Clone + Send + Sync + 'static>(
    f: &SourceFile,
    opts: &LoadOptions,
    diags: &mut Diagnostics,
) -> Option<(T, Doc)> {
    cached(opts, f, diags, |diags| {
        let (front, doc) = parse_markdown::<Required<T>>(f, true, opts, diags)?;
        front.0.map(|v| (v, doc))
    })
}

/// Parses YAML files named by their id (cases, quiz banks) on every core; returns those that
/// parsed, in input order, and the ids of those that did not.
pub(super) fn parse_yaml_files<T: DeserializeOwned + Clone + Send + Sync + 'static>(
    files: &[SourceFile],
    what: &str,
    opts: &LoadOptions,
    diags: &mut Diagnostics,
) -> (Vec<Yaml<T>>, Vec<String>) {
    let results: Vec<(Diagnostics, Result<Yaml<T>, String>)> = files
        .par_iter()
        .map(|f| {
            let mut d = Diagnostics::new();
            let (_, id) = id_from_name(&f.path, &stem(&f.path), what, &mut d);
            let parsed = match parse_yaml::<T>(f, opts, &mut d) {
                Some((data, spans)) => Ok(Yaml {
                    id,
                    file: f.path.clone(),
                    spans,
                    data,
                    text: f.text.clone(),
                }),
                None => Err(id),
            };
            (d, parsed)
        })
        .collect();
    let (mut parsed, mut broken) = (Vec::new(), Vec::new());
    for (d, r) in results {
        diags.extend(d);
        match r {
            Ok(y) => parsed.push(y),
            Err(id) => broken.push(id),
        }
    }
    (parsed, broken)
}
