//! `skillpress export scorm`: the built site as a SCORM 1.2 package, one zip with one SCO.
//!
//! The package is exactly `build`'s output plus the adapter: `imsmanifest.xml` and the four
//! SCORM 1.2 schema files at the root of the zip, `assets/scorm.js` (a generated table of the
//! course followed by `adapter.js`), and a `<script>` for it in every HTML page, right after
//! store.js's (else before `</body>`). The table and the manifest's metadata come from the
//! resolved course model (`table::course_table`), never from the rendered pages.
//!
//! The zip is deterministic: entries in path order, every timestamp 1980-01-01 00:00, the same
//! permissions, the same compression.

mod manifest;
mod table;
mod zip;

use crate::build::{self, BuildOptions};
use crate::diagnostics::Diagnostic;
use crate::discover;
use crate::error::Error;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use manifest::{href, manifest};
pub use table::{course_table, Table};
pub use zip::zip;

/// The browser side; see the comment at its top.
pub const ADAPTER: &str = include_str!("adapter.js");

/// Where the adapter goes in the package.
pub const SCRIPT: &str = "assets/scorm.js";

pub const MANIFEST: &str = "imsmanifest.xml";

/// The SCORM 1.2 schema files shipped next to the manifest (see `schemas/README.md`).
pub const SCHEMAS: [(&str, &[u8]); 4] = [
    (
        "adlcp_rootv1p2.xsd",
        include_bytes!("schemas/adlcp_rootv1p2.xsd"),
    ),
    ("ims_xml.xsd", include_bytes!("schemas/ims_xml.xsd")),
    (
        "imscp_rootv1p1p2.xsd",
        include_bytes!("schemas/imscp_rootv1p1p2.xsd"),
    ),
    (
        "imsmd_rootv1p2p1.xsd",
        include_bytes!("schemas/imsmd_rootv1p2p1.xsd"),
    ),
];

/// The mastery score when neither `--mastery` nor a final assessment says one.
pub const DEFAULT_MASTERY: f64 = 80.0;

#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    pub build: BuildOptions,
    /// The zip to write; default `<course id>-scorm12.zip` in the course folder.
    pub out: Option<PathBuf>,
    /// 0–100; default the final assessment's pass mark × 100, else 80.
    pub mastery: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct ExportReport {
    pub zip: PathBuf,
    pub page_count: usize,
    pub file_count: usize,
    pub bytes: usize,
    pub mastery: f64,
    pub warnings: Vec<Diagnostic>,
}

/// The package in memory: path in the zip → bytes.
#[derive(Debug, Clone)]
pub struct Package {
    pub files: BTreeMap<String, Vec<u8>>,
    pub mastery: f64,
    /// What the adapter gets as `window.skillpressScorm`.
    pub table: Value,
    /// The course's id.
    pub id: String,
}

/// `skillpress export scorm`.
pub fn export(opts: &ExportOptions) -> Result<ExportReport, Error> {
    let inputs = discover::discover(&opts.build.root)?;
    // Content errors come out exactly as `build` reports them.
    let site = crate::output::Memory::default();
    let (compiled, table) = build::compile_for_export(inputs, &opts.build, &site, course_table)?;
    let package = package(&site.into_files(), table, opts.mastery)?;
    let bytes = zip(&package.files)?;
    let out = match &opts.out {
        Some(o) => o.clone(),
        None => opts
            .build
            .root
            .join(format!("{}-scorm12.zip", manifest::safe_id(&package.id))),
    };
    check_out_file(&opts.build.root, &out)?;
    let (dir, name) = match (out.parent(), out.file_name()) {
        (Some(d), Some(n)) => (
            if d.as_os_str().is_empty() {
                Path::new(".")
            } else {
                d
            },
            n.to_string_lossy().into_owned(),
        ),
        _ => {
            return Err(Error::Other(format!(
                "--out must name a file such as course.zip, not `{}`",
                out.display()
            )))
        }
    };
    crate::output::write_file(dir, &name, &bytes)?;
    Ok(ExportReport {
        zip: out,
        page_count: compiled.page_count,
        file_count: package.files.len(),
        bytes: bytes.len(),
        mastery: package.mastery,
        warnings: compiled.warnings,
    })
}

/// Refuses a zip inside the course's sources (the next build would ship it) or over a folder.
fn check_out_file(root: &Path, out: &Path) -> Result<(), Error> {
    if out.is_dir() {
        return Err(Error::Other(format!(
            "--out must name a file such as course.zip; `{}` is a folder",
            out.display()
        )));
    }
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        p.canonicalize().unwrap_or(p)
    };
    let root = abs(root);
    let dir = abs(out.parent().unwrap_or(Path::new(".")));
    for source in ["content", "quizzes", "templates", "static"] {
        if dir.starts_with(root.join(source)) {
            return Err(Error::Other(format!(
                "`{}` is inside the course's `{source}/` folder, so the next build would publish it; write the package elsewhere",
                out.display()
            )));
        }
    }
    Ok(())
}

/// The package from a built site (`Compiled::files`) and the model's course table.
pub fn package(
    site: &BTreeMap<String, Vec<u8>>,
    table: Table,
    mastery: Option<f64>,
) -> Result<Package, Error> {
    let reserved: Vec<&str> = [MANIFEST, SCRIPT]
        .into_iter()
        .chain(SCHEMAS.iter().map(|(n, _)| *n))
        .filter(|p| site.contains_key(*p))
        .collect();
    if !reserved.is_empty() {
        return Err(Error::Content(
            reserved
                .into_iter()
                .map(|p| {
                    Diagnostic::error(
                        format!("static/{p}"),
                        None,
                        format!(
                            "`{p}` is written by `skillpress export scorm` into the SCORM package"
                        ),
                    )
                    .with_help("rename or remove the static file")
                })
                .collect(),
        ));
    }
    let mastery = match mastery {
        Some(m) => m,
        None => table.pass.map(|p| p * 100.0).unwrap_or(DEFAULT_MASTERY),
    };
    let mastery = (mastery.clamp(0.0, 100.0) * 100.0).round() / 100.0;
    let mut value = table.value.clone();
    value["mastery"] = json!(mastery);

    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (path, bytes) in site {
        let bytes = if path.ends_with(".html") {
            match std::str::from_utf8(bytes) {
                Ok(text) => inject(text, path).into_bytes(),
                Err(_) => bytes.clone(),
            }
        } else {
            bytes.clone()
        };
        files.insert(path.clone(), bytes);
    }
    let script = format!(
        "/* Generated by `skillpress export scorm`: the course for the SCORM adapter below. Suspend data\n * refers to these lessons, questions, quizzes and cases by position. */\nwindow.skillpressScorm = {};\n{ADAPTER}",
        crate::html::script_json(&value)
    );
    // Beside every store.js: each language edition (`zh-CN/assets/`) loads its own copy.
    let folders: Vec<String> = site
        .keys()
        .filter_map(|p| p.strip_suffix("assets/store.js"))
        .filter(|prefix| prefix.is_empty() || prefix.ends_with('/'))
        .map(str::to_string)
        .collect();
    for folder in folders {
        files.insert(format!("{folder}{SCRIPT}"), script.clone().into_bytes());
    }
    files.insert(SCRIPT.to_string(), script.into_bytes());
    let manifest = manifest(&table, mastery, files.keys());
    files.insert(MANIFEST.to_string(), manifest.into_bytes());
    for (name, bytes) in SCHEMAS {
        files.insert(name.to_string(), bytes.to_vec());
    }
    Ok(Package {
        files,
        mastery,
        table: value,
        id: table.id,
    })
}

/// Adds the adapter's `<script>` right after store.js's; a page without one gets it before
/// `</body>` (or at its end), with the path to the site root from `data-root` or its depth.
pub fn inject(html: &str, path: &str) -> String {
    const STORE: &str = "assets/store.js\"";
    if let Some(at) = html.find(STORE) {
        let open = html[..at].rfind("<script");
        let close = html[at..].find("</script>").map(|i| at + i + 9);
        if let (Some(open), Some(close)) = (open, close) {
            if let Some(src) = html[open..at].find("src=\"") {
                let prefix = &html[open + src + 5..at];
                if !prefix.contains(['"', '<', '>']) {
                    return format!(
                        "{}\n<script src=\"{prefix}assets/scorm.js\"></script>{}",
                        &html[..close],
                        &html[close..]
                    );
                }
            }
        }
    }
    let prefix = data_root(html).unwrap_or_else(|| "../".repeat(path.matches('/').count()));
    let tag = format!("<script src=\"{prefix}assets/scorm.js\"></script>\n");
    match html.to_ascii_lowercase().rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &html[..i], &html[i..]),
        None => format!("{html}\n{tag}"),
    }
}

fn data_root(html: &str) -> Option<String> {
    let start = html.find("<html")?;
    let end = start + html[start..].find('>')?;
    let tag = &html[start..end];
    let i = tag.find("data-root=\"")? + 11;
    let value = &tag[i..i + tag[i..].find('"')?];
    (!value.contains(['<', '>'])).then(|| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_after_store_js_or_before_body() {
        let page = "<html data-root=\"../\"><body>\n<script src=\"../assets/store.js\"></script>\n<script src=\"../assets/grading.js\"></script>\n</body></html>";
        let out = inject(page, "modules/x.html");
        assert!(out.contains("<script src=\"../assets/store.js\"></script>\n<script src=\"../assets/scorm.js\"></script>\n<script src=\"../assets/grading.js\">"), "{out}");
        let bare = "<html data-root=\"../../\"><body><p>x</p></BODY></html>";
        assert_eq!(
            inject(bare, "a/b/c.html"),
            "<html data-root=\"../../\"><body><p>x</p><script src=\"../../assets/scorm.js\"></script>\n</BODY></html>"
        );
        assert!(inject("<p>no body</p>", "a/b.html")
            .ends_with("<script src=\"../assets/scorm.js\"></script>\n"));
    }
}
