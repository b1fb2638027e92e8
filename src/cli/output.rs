//! Where a report goes: standard output, or `--output-file`, written
//! atomically (a temporary file in the same folder, then a rename) so a CI
//! step never reads half a report, and an existing file keeps its permissions.

use std::io::Write;
use std::path::Path;

/// The report is written by `write` as it is produced.
pub fn write_report(path: &Path, write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>) -> Result<(), String> {
    let shown = path.display();
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(format!("cannot write the report to {shown}: folder {} does not exist", dir.display()));
    }
    if path.is_dir() {
        return Err(format!("cannot write the report to {shown}: it is a folder"));
    }
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.irislint-{}.tmp", std::process::id()));
    let existing = std::fs::metadata(path).ok();
    let result = (|| -> std::io::Result<()> {
        let file = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, file);
        write(&mut buffered)?;
        let file = buffered.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        if let Some(meta) = &existing {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot write the report to {shown}: {}", super::input::describe_io(&e))
    })
}
