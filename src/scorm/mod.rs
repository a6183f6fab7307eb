//! `skillpress export scorm`: the built site as a SCORM 1.2 package, one zip with one SCO.
//!
//! The package is exactly `build`'s output plus the adapter: `imsmanifest.xml` and the four
//! SCORM 1.2 schema files at the root of the zip, `assets/scorm.js` (a generated table of the
//! course followed by `adapter.js`), and a `<script>` for it in every HTML page, right after
//! store.js's (else before `</body>`). The table is read from the built site through its
//! documented contract (docs/learner.md): `assets/nav.js`, every quiz page's `#quiz-data-<id>`
//! and every case page's `#case-data-<id>`, so this stage depends on nothing but the output.
//!
//! The zip is deterministic: entries in path order, every timestamp 1980-01-01 00:00, the same
//! permissions, the same compression.

use crate::build::{self, BuildOptions};
use crate::diagnostics::Diagnostic;
use crate::discover;
use crate::error::Error;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

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
}

/// The course's id and title, for the manifest and the default file name.
#[derive(Debug, Clone, Deserialize)]
pub struct CourseMeta {
    pub id: String,
    pub title: String,
}

/// `skillpress export scorm`.
pub fn export(opts: &ExportOptions) -> Result<ExportReport, Error> {
    let inputs = discover::discover(&opts.build.root)?;
    let course_yaml = inputs.course_yaml.clone();
    // Content errors come out exactly as `build` reports them.
    let compiled = build::compile(inputs, &opts.build)?;
    let meta = course_yaml
        .and_then(|f| {
            crate::yaml::parse::<CourseMeta>(&f.path, &f.text, 0)
                .ok()
                .map(|(m, _)| m)
        })
        .ok_or_else(|| Error::Other("course.yaml has no id and title".to_string()))?;
    let package = package(&compiled.files, &meta, opts.mastery)?;
    let bytes = zip(&package.files)?;
    let out = match &opts.out {
        Some(o) => o.clone(),
        None => opts
            .build
            .root
            .join(format!("{}-scorm12.zip", safe_id(&meta.id))),
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

/// The package from a built site (`Compiled::files`).
pub fn package(
    site: &BTreeMap<String, Vec<u8>>,
    meta: &CourseMeta,
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
    let table = course_table(site)?;
    let mastery = match mastery {
        Some(m) => m,
        None => table.pass.map(|p| p * 100.0).unwrap_or(DEFAULT_MASTERY),
    };
    let mastery = (mastery.clamp(0.0, 100.0) * 100.0).round() / 100.0;
    let mut value = table.value;
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
    let manifest = manifest(meta, mastery, files.keys());
    files.insert(MANIFEST.to_string(), manifest.into_bytes());
    for (name, bytes) in SCHEMAS {
        files.insert(name.to_string(), bytes.to_vec());
    }
    Ok(Package {
        files,
        mastery,
        table: value,
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

/* ---- the course table -------------------------------------------------------------------- */

struct Table {
    value: Value,
    /// The final assessment's pass mark (0–1).
    pass: Option<f64>,
}

#[derive(Deserialize)]
struct Nav {
    #[serde(default)]
    modules: Vec<NavModule>,
    #[serde(default)]
    links: Vec<NavLink>,
}

#[derive(Deserialize)]
struct NavModule {
    id: String,
    #[serde(default)]
    lessons: Vec<NavLesson>,
    #[serde(default)]
    check: Option<NavCheck>,
}

#[derive(Deserialize)]
struct NavLesson {
    id: String,
}

#[derive(Deserialize)]
struct NavCheck {
    quiz: String,
}

#[derive(Deserialize)]
struct NavLink {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    url: String,
}

#[derive(Deserialize)]
struct QuizData {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    pass: Option<f64>,
    #[serde(default)]
    attempts: Option<u32>,
    #[serde(default)]
    questions: Vec<QuestionData>,
}

#[derive(Deserialize)]
struct QuestionData {
    id: String,
    #[serde(default)]
    points: Option<f64>,
    #[serde(default)]
    version: Value,
}

#[derive(Deserialize)]
struct CaseData {
    #[serde(default)]
    version: Value,
    #[serde(default)]
    best: Option<f64>,
    #[serde(default)]
    endings: Map<String, Value>,
}

fn internal(what: String) -> Error {
    Error::Other(format!(
        "cannot make the SCORM package: {what} (the built site is not what this version of skillpress writes)"
    ))
}

fn text_of<'a>(site: &'a BTreeMap<String, Vec<u8>>, path: &str) -> Option<&'a str> {
    site.get(path).and_then(|b| std::str::from_utf8(b).ok())
}

/// The JSON of `<script type="application/json" id="ID">…</script>` in a page.
fn embedded_json<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let marker = format!("id=\"{id}\">");
    let start = html.find(&marker)? + marker.len();
    let end = start + html[start..].find("</script>")?;
    Some(&html[start..end])
}

fn version_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// FNV-1a over the text, folded to the 18 bits that three base64 digits hold.
fn fingerprint(parts: &[String]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(b'\n')) {
            h ^= u32::from(b);
            h = h.wrapping_mul(0x0100_0193);
        }
    }
    (h ^ (h >> 18)) & 0x3_ffff
}

fn course_table(site: &BTreeMap<String, Vec<u8>>) -> Result<Table, Error> {
    let nav_js = text_of(site, "assets/nav.js")
        .ok_or_else(|| internal("assets/nav.js is missing".into()))?;
    let nav: Nav = match (nav_js.find('{'), nav_js.rfind('}')) {
        (Some(a), Some(b)) if a < b => serde_json::from_str(&nav_js[a..=b])
            .map_err(|e| internal(format!("assets/nav.js: {e}")))?,
        _ => return Err(internal("assets/nav.js has no navigation data".into())),
    };

    // Every quiz and case page of the site (spec §3: quizzes/<quiz>.html, cases/<case>.html).
    let mut quizzes: BTreeMap<String, QuizData> = BTreeMap::new();
    let mut cases: BTreeMap<String, CaseData> = BTreeMap::new();
    for path in site.keys() {
        let (folder, file) = match path.split_once('/') {
            Some(x) => x,
            None => continue,
        };
        let Some(id) = file.strip_suffix(".html") else {
            continue;
        };
        if id.contains('/') || (folder != "quizzes" && folder != "cases") {
            continue;
        }
        let Some(html) = text_of(site, path) else {
            continue;
        };
        let data = if folder == "quizzes" {
            format!("quiz-data-{id}")
        } else {
            format!("case-data-{id}")
        };
        let Some(json) = embedded_json(html, &data) else {
            continue;
        };
        if folder == "quizzes" {
            let q: QuizData =
                serde_json::from_str(json).map_err(|e| internal(format!("{path}: {e}")))?;
            quizzes.insert(id.to_string(), q);
        } else {
            let c: CaseData =
                serde_json::from_str(json).map_err(|e| internal(format!("{path}: {e}")))?;
            cases.insert(id.to_string(), c);
        }
    }

    let assessment = nav
        .links
        .iter()
        .filter(|l| l.kind == "assessment")
        .filter_map(|l| {
            l.url
                .strip_prefix("quizzes/")
                .and_then(|f| f.strip_suffix(".html"))
        })
        .find(|id| quizzes.contains_key(*id))
        .map(str::to_string);

    // Course order: module checks as the modules come, the final assessment, then the rest.
    let mut quiz_order: Vec<String> = Vec::new();
    let mut seen = BTreeSet::new();
    let checks = nav.modules.iter().filter_map(|m| m.check.as_ref());
    for id in checks
        .map(|c| c.quiz.clone())
        .chain(assessment.clone())
        .chain(quizzes.keys().cloned())
    {
        if quizzes.contains_key(&id) && seen.insert(id.clone()) {
            quiz_order.push(id);
        }
    }

    let mut lessons: Vec<String> = Vec::new();
    let mut modules: Vec<Value> = Vec::new();
    for m in &nav.modules {
        let mut indices = Vec::new();
        for l in &m.lessons {
            indices.push(lessons.len());
            lessons.push(format!("{}/{}", m.id, l.id));
        }
        let check = m
            .check
            .as_ref()
            .and_then(|c| quiz_order.iter().position(|q| *q == c.quiz))
            .map(|i| i as i64)
            .unwrap_or(-1);
        modules.push(json!([indices, check]));
    }

    // Questions: each bank's, in its order, banks in the order above.
    let mut questions: Vec<(String, f64, String)> = Vec::new();
    let mut seen_q = BTreeSet::new();
    let banks_first = quiz_order
        .iter()
        .filter(|id| quizzes[*id].kind != "assessment")
        .chain(
            quiz_order
                .iter()
                .filter(|id| quizzes[*id].kind == "assessment"),
        );
    for id in banks_first {
        for q in &quizzes[id].questions {
            if seen_q.insert(q.id.clone()) {
                questions.push((
                    q.id.clone(),
                    q.points.unwrap_or(1.0),
                    version_text(&q.version),
                ));
            }
        }
    }

    let case_rows: Vec<(String, String, f64, Vec<String>)> = cases
        .iter()
        .map(|(id, c)| {
            (
                id.clone(),
                version_text(&c.version),
                c.best.unwrap_or(0.0),
                c.endings.keys().cloned().collect(),
            )
        })
        .collect();

    let fp = json!({
        "lessons": fingerprint(&lessons),
        "questions": fingerprint(&questions.iter().map(|(id, p, v)| format!("{id}\t{p}\t{v}")).collect::<Vec<_>>()),
        "quizzes": fingerprint(&quiz_order),
        "cases": fingerprint(&case_rows.iter().map(|(id, v, b, e)| format!("{id}\t{v}\t{b}\t{}", e.join(" "))).collect::<Vec<_>>()),
    });
    let pass = assessment
        .as_ref()
        .and_then(|id| quizzes[id].pass)
        .or(assessment.as_ref().map(|_| 0.7));
    let value = json!({
        "format": 1,
        "mastery": DEFAULT_MASTERY,
        "assessment": assessment,
        "lessons": lessons,
        "modules": modules,
        "questions": questions.iter().map(|(id, p, v)| json!([id, p, v])).collect::<Vec<_>>(),
        "quizzes": quiz_order.iter().map(|id| json!([id, quizzes[id].attempts.unwrap_or(0)])).collect::<Vec<_>>(),
        "cases": case_rows.iter().map(|(id, v, b, e)| json!([id, v, b, e])).collect::<Vec<_>>(),
        "fp": fp,
    });
    Ok(Table { value, pass })
}

/* ---- the manifest ------------------------------------------------------------------------- */

fn xml_escape(s: &str) -> String {
    crate::html::escape(s).replace("&#39;", "&apos;")
}

/// A path as a URL: every byte outside the unreserved characters and `/` percent-encoded.
pub fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An XML `ID` (an NCName) from the course id.
fn safe_id(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() {
        "course".to_string()
    } else {
        s
    }
}

fn number(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// imsmanifest.xml: SCORM 1.2 metadata, one organisation with one item, one SCO launching
/// `index.html`, every file of the package listed.
pub fn manifest<'a>(
    meta: &CourseMeta,
    mastery: f64,
    files: impl IntoIterator<Item = &'a String>,
) -> String {
    let title = xml_escape(&meta.title);
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&format!(
        "<manifest identifier=\"skillpress-{}\" version=\"1\"\n",
        safe_id(&meta.id)
    ));
    xml.push_str(concat!(
        "    xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"\n",
        "    xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\"\n",
        "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n",
        "    xsi:schemaLocation=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd",
        " http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd",
        " http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd\">\n",
        "  <metadata>\n",
        "    <schema>ADL SCORM</schema>\n",
        "    <schemaversion>1.2</schemaversion>\n",
        "  </metadata>\n",
        "  <organizations default=\"org1\">\n",
        "    <organization identifier=\"org1\">\n",
    ));
    xml.push_str(&format!("      <title>{title}</title>\n"));
    xml.push_str("      <item identifier=\"item1\" identifierref=\"res1\" isvisible=\"true\">\n");
    xml.push_str(&format!("        <title>{title}</title>\n"));
    xml.push_str(&format!(
        "        <adlcp:masteryscore>{}</adlcp:masteryscore>\n",
        number(mastery)
    ));
    xml.push_str(concat!(
        "      </item>\n",
        "    </organization>\n",
        "  </organizations>\n",
        "  <resources>\n",
        "    <resource identifier=\"res1\" type=\"webcontent\" adlcp:scormtype=\"sco\" href=\"index.html\">\n",
    ));
    for path in files {
        xml.push_str(&format!(
            "      <file href=\"{}\"/>\n",
            xml_escape(&href(path))
        ));
    }
    xml.push_str("    </resource>\n  </resources>\n</manifest>\n");
    xml
}

/* ---- the zip ------------------------------------------------------------------------------ */

/// A deterministic zip: entries in path order, fixed timestamps and permissions.
pub fn zip(files: &BTreeMap<String, Vec<u8>>) -> Result<Vec<u8>, Error> {
    use zip::write::SimpleFileOptions;
    let fail = |e: zip::result::ZipError| Error::Other(format!("cannot write the zip: {e}"));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (path, bytes) in files {
        writer.start_file(path.as_str(), options).map_err(fail)?;
        writer
            .write_all(bytes)
            .map_err(|e| Error::Other(format!("cannot write the zip: {e}")))?;
    }
    Ok(writer.finish().map_err(fail)?.into_inner())
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

    #[test]
    fn manifest_lists_files_with_encoded_hrefs() {
        let meta = CourseMeta {
            id: "cs 1".into(),
            title: "A & B <C>".into(),
        };
        let files = [
            "index.html".to_string(),
            "modules/x/my file é.pdf".to_string(),
        ];
        let xml = manifest(&meta, 62.5, files.iter());
        assert!(xml.contains("identifier=\"skillpress-cs-1\""));
        assert!(xml.contains("<title>A &amp; B &lt;C&gt;</title>"));
        assert!(xml.contains("<adlcp:masteryscore>62.5</adlcp:masteryscore>"));
        assert!(xml.contains("<file href=\"modules/x/my%20file%20%C3%A9.pdf\"/>"));
        assert!(xml.contains("adlcp:scormtype=\"sco\" href=\"index.html\">"));
    }

    #[test]
    fn numbers_and_fingerprints() {
        assert_eq!(number(75.0), "75");
        assert_eq!(number(70.000_000_000_01), "70");
        assert_eq!(number(62.5), "62.5");
        let a = fingerprint(&["a/b".into(), "c/d".into()]);
        assert!(a < 262_144);
        assert_ne!(a, fingerprint(&["c/d".into(), "a/b".into()]));
    }
}
