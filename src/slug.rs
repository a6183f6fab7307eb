//! Slugs for ids and heading anchors, made by one function each so they never disagree.

/// Strips a leading `NN-` ordering prefix: `03-working-with-the-bot` → (`Some(3)`, `working-with-the-bot`).
pub fn split_order_prefix(name: &str) -> (Option<i64>, &str) {
    let digits = name.bytes().take_while(|b| b.is_ascii_digit()).count();
    if digits > 0 && name.as_bytes().get(digits) == Some(&b'-') && name.len() > digits + 1 {
        let n = name[..digits].parse().ok();
        (n, &name[digits + 1..])
    } else {
        (None, name)
    }
}

/// Whether `s` is a valid id: `[a-z0-9][a-z0-9-]*`.
pub fn is_valid_id(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Turns any text into a valid id (`Hand-off Triggers!` → `hand-off-triggers`), for suggestions
/// and for imported question titles.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// GitHub-style heading anchor: lower-case, spaces to `-`, punctuation dropped, letters of any
/// script kept (so Chinese headings get readable anchors).
pub fn heading_slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            out.push('-');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_prefix() {
        assert_eq!(split_order_prefix("03-bot"), (Some(3), "bot"));
        assert_eq!(split_order_prefix("bot"), (None, "bot"));
        assert_eq!(split_order_prefix("2024"), (None, "2024"));
        assert_eq!(split_order_prefix("10-"), (None, "10-"));
    }

    #[test]
    fn ids() {
        assert!(is_valid_id("handoff-check"));
        assert!(is_valid_id("4-steps"));
        assert!(!is_valid_id("Handoff"));
        assert!(!is_valid_id("-a"));
        assert!(!is_valid_id("a_b"));
        assert!(!is_valid_id(""));
    }

    #[test]
    fn slugify_makes_valid_ids() {
        assert_eq!(slugify("Hand-off Triggers!"), "hand-off-triggers");
        assert_eq!(slugify("  What is FCR?  "), "what-is-fcr");
    }

    #[test]
    fn heading_slugs_like_github() {
        assert_eq!(heading_slug("What is FCR?"), "what-is-fcr");
        assert_eq!(heading_slug("Step 1: listen"), "step-1-listen");
    }
}
