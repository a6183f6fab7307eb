//! Serving the output folder: safe URL → file mapping, content types, `index.html` for folders,
//! the site's `404.html`, GET and HEAD only, and the reload script and error overlay added to
//! HTML responses (never to the files on disk).

use super::reload;
use super::ServeState;
use std::path::{Path, PathBuf};
use tiny_http::{Header, Method, Request, Response};

/// The content type for a file name.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        "wav" => "audio/wav",
        "vtt" => "text/vtt",
        "zip" => "application/zip",
        "csv" => "text/csv; charset=utf-8",
        "yaml" | "yml" => "text/yaml; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Maps a request target to a file inside `root` (canonical), or `None` when it names nothing
/// there or tries to leave it. Decoding happens before the checks, so `%2e%2e`, `%2f` and
/// backslashes are refused like `..`; symbolic links that lead out are refused by the final
/// canonical-prefix check.
pub fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let decoded = String::from_utf8(percent_decode(path)?).ok()?;
    let mut file = root.to_path_buf();
    for seg in decoded.split('/') {
        if seg.is_empty() {
            continue;
        }
        if seg == ".."
            || seg == "."
            || seg.contains('\\')
            || seg.contains(':')
            || seg.contains('\0')
        {
            return None;
        }
        file.push(seg);
    }
    let mut canonical = file.canonicalize().ok()?;
    if !canonical.starts_with(root) {
        return None;
    }
    if canonical.is_dir() {
        canonical = canonical.join("index.html").canonicalize().ok()?;
        if !canonical.starts_with(root) {
            return None;
        }
    }
    canonical.is_file().then_some(canonical)
}

/// Adds `extra` before the last `</body>` (any case), or at the end.
pub fn inject(html: &str, extra: &str) -> String {
    let lower = html.to_ascii_lowercase();
    match lower.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &html[..i], &html[i..]),
        None => format!("{html}{extra}"),
    }
}

/// The box shown over every page while the last rebuild failed.
pub fn overlay(errors: &str) -> String {
    format!(
        "<div id=\"skillpress-error-overlay\" role=\"alert\" style=\"position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;overflow:auto;z-index:2147483647;background:#1f1f1f;color:#fff;border:3px solid #e5484d;border-radius:8px;padding:1rem 1.25rem;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;box-shadow:0 8px 32px rgba(0,0,0,.4)\">\
<strong style=\"display:block;color:#ff9592;font-size:15px;margin-bottom:.5rem\">skillpress: the last change did not build. This page shows the last good build.</strong>\
<pre style=\"margin:0;white-space:pre-wrap\">{}</pre></div>",
        crate::html::escape(errors)
    )
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("static header names and values are valid")
}

/// Answers one request. Errors writing to a client that went away are ignored.
pub fn handle(request: Request, state: &ServeState) {
    let method = request.method().clone();
    if method != Method::Get && method != Method::Head {
        let r = Response::from_string("405 method not allowed\n")
            .with_status_code(405)
            .with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(r);
        return;
    }
    let url = request.url().to_string();
    if url.split('?').next() == Some("/__skillpress/events") {
        state.clients.add(request.into_writer(), state.build_id());
        return;
    }
    let (file, status) = match resolve(&state.out_root, &url) {
        Some(f) => (Some(f), 200),
        None => (resolve(&state.out_root, "/404.html"), 404),
    };
    let Some(file) = file else {
        let _ = request.respond(Response::from_string("404 not found\n").with_status_code(404));
        return;
    };
    let Ok(bytes) = std::fs::read(&file) else {
        let _ = request.respond(Response::from_string("404 not found\n").with_status_code(404));
        return;
    };
    let ctype = content_type(&file);
    let body = if ctype.starts_with("text/html") {
        let mut extra = reload::script_tag(state.build_id());
        if let Some(err) = state.last_error() {
            extra.push_str(&overlay(&err));
        }
        inject(&String::from_utf8_lossy(&bytes), &extra).into_bytes()
    } else {
        bytes
    };
    let response = Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", ctype))
        .with_header(header("Cache-Control", "no-cache"));
    let _ = request.respond(response);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_every_way_out_of_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("public");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("index.html"), "home").unwrap();
        std::fs::write(root.join("a/index.html"), "a").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let root = root.canonicalize().unwrap();
        assert_eq!(resolve(&root, "/"), Some(root.join("index.html")));
        assert_eq!(resolve(&root, "/a/?x=1"), Some(root.join("a/index.html")));
        assert_eq!(resolve(&root, "/a"), Some(root.join("a/index.html")));
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/a/..%2f..%2fsecret.txt",
            "/a\\..\\..\\secret.txt",
            "/%00",
            "/a/%2e%2e/%2e%2e/secret.txt",
            "/C:/x",
            "/%ff",
        ] {
            assert_eq!(resolve(&root, bad), None, "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link.txt"))
                .unwrap();
            assert_eq!(resolve(&root, "/link.txt"), None);
        }
    }

    #[test]
    fn injects_before_the_last_body_tag() {
        assert_eq!(
            inject("<p></p></BODY></html>", "X"),
            "<p></p>X</BODY></html>"
        );
        assert_eq!(inject("<p>", "X"), "<p>X");
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type(Path::new("a.css")), "text/css; charset=utf-8");
        assert_eq!(content_type(Path::new("a.SVG")), "image/svg+xml");
        assert_eq!(
            content_type(Path::new("a.unknown")),
            "application/octet-stream"
        );
    }
}
