//! How a rule fixture's format is told: by its name as users name such
//! files, with suffixes for the names a fixture folder cannot use
//! (`fires-compose.yml`, `fires-module.xml`).

use irislint::formats::{detect, Format};
use std::path::Path;

pub fn format_for(path: &Path, text: &str) -> Format {
    let name = path.to_string_lossy();
    match path.extension().and_then(|e| e.to_str()) {
        Some("ini") => Format::CspIni,
        // Fixture classes are installer classes unless they hold no manifest.
        Some("cls") => detect(&name, text).unwrap_or(Format::InstallerCls),
        Some("yml") if name.ends_with("-compose.yml") => Format::Compose,
        Some("xml") if name.ends_with("-module.xml") => Format::ModuleXml,
        _ => detect(&name, text).unwrap_or_else(|| panic!("{}: format not detected", path.display())),
    }
}
