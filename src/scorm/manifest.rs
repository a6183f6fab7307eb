//! imsmanifest.xml: SCORM 1.2 metadata, one organisation with one item, one SCO.

use super::Table;

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
pub(super) fn safe_id(id: &str) -> String {
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
    meta: &Table,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_lists_files_with_encoded_hrefs() {
        let meta = Table {
            value: serde_json::Value::Null,
            pass: None,
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
        let a = super::super::table::fingerprint(&["a/b".into(), "c/d".into()]);
        assert!(a < 262_144);
        assert_ne!(
            a,
            super::super::table::fingerprint(&["c/d".into(), "a/b".into()])
        );
    }
}
