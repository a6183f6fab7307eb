//! The package as one deterministic zip.

use crate::error::Error;
use std::collections::BTreeMap;
use std::io::Write;

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
