//! Source files as read by discovery: text, byte offset → line/column, and front matter.

use crate::diagnostics::Pos;

/// A text file of the course, with its path relative to the course root (always `/`-separated).
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    /// Shared with the parsed documents, so a course's text is held once, not copied.
    pub text: std::sync::Arc<str>,
}

/// Maps byte offsets to 1-based line and column (columns in characters).
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Shared: the dev server's parse cache hands out a copy of each unchanged document on
    /// every rebuild.
    line_starts: std::sync::Arc<[usize]>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            line_starts: line_starts.into(),
        }
    }

    pub fn pos(&self, text: &str, offset: usize) -> Pos {
        let offset = offset.min(text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let col = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0);
        Pos::new(line as u32 + 1, col as u32 + 1)
    }
}

/// A Markdown file split into its YAML front matter and body.
#[derive(Debug, Clone)]
pub struct FrontMatterSplit<'a> {
    /// The YAML between the `---` lines, if any.
    pub yaml: Option<&'a str>,
    /// Lines before the YAML's first line (1 for the opening `---`), added to YAML error lines.
    pub yaml_line_offset: u32,
    pub body: &'a str,
    /// Byte offset of the body in the whole file, for Markdown positions.
    pub body_offset: usize,
    /// The front matter opened with `---` but never closed.
    pub unterminated: bool,
}

/// Splits `---\nyaml\n---\nbody`. A file without a leading `---` line is all body.
pub fn split_front_matter(text: &str) -> FrontMatterSplit<'_> {
    let (bom, rest) = match text.strip_prefix('\u{feff}') {
        Some(r) => ('\u{feff}'.len_utf8(), r),
        None => (0, text),
    };
    let first_line_end = rest.find('\n').map(|i| i + 1).unwrap_or(rest.len());
    if rest[..first_line_end].trim_end() != "---" {
        return FrontMatterSplit {
            yaml: None,
            yaml_line_offset: 0,
            body: text,
            body_offset: 0,
            unterminated: false,
        };
    }
    let yaml_start = bom + first_line_end;
    let mut pos = yaml_start;
    while pos < text.len() {
        let end = text[pos..]
            .find('\n')
            .map(|i| pos + i + 1)
            .unwrap_or(text.len());
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            return FrontMatterSplit {
                yaml: Some(&text[yaml_start..pos]),
                yaml_line_offset: 1,
                body: &text[end..],
                body_offset: end,
                unterminated: false,
            };
        }
        pos = end;
    }
    FrontMatterSplit {
        yaml: Some(&text[yaml_start..]),
        yaml_line_offset: 1,
        body: "",
        body_offset: text.len(),
        unterminated: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_lines_and_chars() {
        let text = "ab\n中文x\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.pos(text, 0), Pos::new(1, 1));
        assert_eq!(idx.pos(text, 3), Pos::new(2, 1));
        // "中文" is 6 bytes but 2 characters.
        assert_eq!(idx.pos(text, 9), Pos::new(2, 3));
    }

    #[test]
    fn splits_front_matter_and_reports_offsets() {
        let text = "---\ntitle: A\n---\n# Body\n";
        let s = split_front_matter(text);
        assert_eq!(s.yaml, Some("title: A\n"));
        assert_eq!(s.yaml_line_offset, 1);
        assert_eq!(s.body, "# Body\n");
        assert_eq!(&text[s.body_offset..], "# Body\n");
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let s = split_front_matter("# Title\n---\n");
        assert!(s.yaml.is_none());
        assert_eq!(s.body, "# Title\n---\n");
    }

    #[test]
    fn unterminated_front_matter_is_flagged() {
        let s = split_front_matter("---\ntitle: A\n");
        assert!(s.unterminated);
    }
}
