//! `--fix` and `--diff`: apply fixes pass by pass, then write atomically —
//! only the bytes of the edits change, and nothing is written over a file
//! that changed on disk since it was read.

use crate::findings::config::Config;
use crate::findings::fix::{apply_pass, Allowed};
use crate::findings::Finding;
use crate::formats::{Document, Format};
use crate::lint;
use std::io::Write;
use std::path::Path;

/// Passes before giving up on fixes that keep clashing.
const MAX_PASSES: usize = 10;

pub struct Fixed {
    pub doc: Document,
    pub findings: Vec<Finding>,
    /// Findings fixed over all passes.
    pub applied: usize,
    /// Fixes left out because they overlapped, after the last pass.
    pub deferred: usize,
    pub original: String,
}

impl Fixed {
    pub fn changed(&self) -> bool {
        self.doc.text != self.original
    }
}

/// Lints and fixes `text` in memory until nothing more applies.
pub fn fix_text(path: &str, text: String, format: Format, config: &Config, allowed: Allowed) -> Fixed {
    let original = text.clone();
    let (mut doc, mut findings) = lint::check_text(path, text, format, config);
    let mut applied = 0;
    let mut deferred = 0;
    for _ in 0..MAX_PASSES {
        let pass = apply_pass(&doc.text, &findings, allowed);
        deferred = pass.deferred;
        if pass.text == doc.text {
            break;
        }
        applied += pass.applied;
        let (d, f) = lint::check_text(path, pass.text, format, config);
        doc = d;
        findings = f;
    }
    Fixed { doc, findings, applied, deferred, original }
}

/// The unified diff `--diff` prints: secrets masked on every line, removed,
/// added and context alike (`-Password=****`), so that diffs in CI logs tell
/// no secret; a value that only names where the secret comes from
/// (`+Password=${SUPERUSER_PASSWORD}`) is shown.
pub fn masked_diff(path: &str, format: Format, original: &str, fixed: &Document) -> String {
    let before = crate::formats::read(path, original.to_string(), format);
    diff(path, &crate::report::masked_text(&before), &crate::report::masked_text(fixed))
}

/// A unified diff of the change, as `git diff` shows it.
pub fn diff(path: &str, old: &str, new: &str) -> String {
    let display = crate::findings::baseline::normalize(path);
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{}", display.trim_start_matches('/')), &format!("b/{}", display.trim_start_matches('/')))
        .to_string()
}

/// Writes `new` over `path` if the file still holds `expected` bytes: a
/// temporary file in the same folder, with the original's permissions, then
/// a rename.
pub fn write_atomically(path: &Path, expected: &[u8], new: &str) -> Result<(), String> {
    let meta = std::fs::metadata(path).map_err(|e| super::input::describe_io(&e))?;
    if is_read_only(&meta) {
        return Err("file is read-only; not fixed".into());
    }
    let current = std::fs::read(path).map_err(|e| super::input::describe_io(&e))?;
    if current != expected {
        return Err("file changed on disk since it was read; not overwritten".into());
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.irislint-{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        file.write_all(new.as_bytes())?;
        file.sync_all()?;
        std::fs::set_permissions(&tmp, meta.permissions())?;
        keep_owner(&tmp, &meta);
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("could not write the fixed file: {e}"));
    }
    Ok(())
}

#[cfg(unix)]
fn is_read_only(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    // Root may write anything; the mode still says what the owner wants.
    meta.permissions().mode() & 0o222 == 0
}

#[cfg(not(unix))]
fn is_read_only(meta: &std::fs::Metadata) -> bool {
    meta.permissions().readonly()
}

#[cfg(unix)]
fn keep_owner(path: &Path, meta: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    // Only possible (and only needed) when running as another user, e.g. root.
    let _ = std::os::unix::fs::chown(path, Some(meta.uid()), Some(meta.gid()));
}

#[cfg(not(unix))]
fn keep_owner(_: &Path, _: &std::fs::Metadata) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("merge.cpf");
        std::fs::write(&path, "[Startup]\nWebServer=1\n").unwrap();
        // Someone saved the file after irislint read it.
        let read_earlier = b"[Startup]\nWebServer=1\r\n";
        let err = write_atomically(&path, read_earlier, "[Startup]\nWebServer=0\n").unwrap_err();
        assert_eq!(err, "file changed on disk since it was read; not overwritten");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "[Startup]\nWebServer=1\n");
        // Unchanged: written, and nothing else is left in the folder.
        write_atomically(&path, b"[Startup]\nWebServer=1\n", "[Startup]\nWebServer=0\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "[Startup]\nWebServer=0\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
