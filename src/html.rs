//! Small HTML helpers shared by the Markdown renderer and the page builders.

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes a URL for an `href`/`src` attribute: HTML-escapes it and percent-encodes spaces and
/// control characters, leaving the URL's own `%` escapes alone.
pub fn escape_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            c if c.is_control() => out.push_str(&format!("%{:02X}", c as u32)),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("%22"),
            '\'' => out.push_str("%27"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            _ => out.push(c),
        }
    }
    out
}

/// JSON for a `<script type="application/json">` element: `<`, `>` and `&` become `\u003c`,
/// `\u003e`, `\u0026`, so no author text can close the element or open a comment.
pub fn script_json<T: serde::Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// Strips tags from an HTML fragment (for titles and search text).
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    // `&amp;` last: `&amp;lt;` is the text "&lt;", not "<".
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_tags_decodes_each_entity_once() {
        assert_eq!(
            strip_tags("<em>a &lt;b&gt;</em> &amp;lt; &amp; c"),
            "a <b> &lt; & c"
        );
    }

    #[test]
    fn script_json_cannot_close_the_script_element() {
        let s = script_json(&"</script><!--");
        assert!(!s.contains("</"));
        assert!(!s.contains("<!--"));
        let back: String = serde_json::from_str(&s).unwrap();
        assert_eq!(back, "</script><!--");
    }

    #[test]
    fn escapes_attribute_text() {
        assert_eq!(escape("a\"<b>&'"), "a&quot;&lt;b&gt;&amp;&#39;");
    }

    #[test]
    fn strips_tags() {
        assert_eq!(strip_tags("<p>A &amp; <em>b</em></p>"), "A & b");
    }
}
