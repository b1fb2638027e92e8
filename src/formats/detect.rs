//! Telling a file's format from its name and, where that is not enough, its content.

use crate::syntax::cls::{is_class_export, manifest_blocks, root_element};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// An instance's own `iris.cpf`.
    Cpf,
    /// A CPF merge file: a partial CPF, usually with `[Actions]`.
    CpfMerge,
    /// The Web Gateway's `CSP.ini`.
    CspIni,
    /// A standalone `%Installer` manifest.
    Installer,
    /// A class file with an installer manifest in an `XData` block.
    InstallerCls,
    /// A package-manager `module.xml`.
    ModuleXml,
}

impl Format {
    pub fn label(self) -> &'static str {
        match self {
            Format::Cpf => "iris.cpf",
            Format::CpfMerge => "CPF merge file",
            Format::CspIni => "CSP.ini",
            Format::Installer => "installer manifest",
            Format::InstallerCls => "installer class",
            Format::ModuleXml => "module.xml",
        }
    }

    pub fn is_cpf(self) -> bool {
        matches!(self, Format::Cpf | Format::CpfMerge)
    }

    pub fn is_xml(self) -> bool {
        matches!(self, Format::Installer | Format::InstallerCls | Format::ModuleXml)
    }
}

/// The format of a file named `name` (any path; only the file name counts)
/// holding `text`; `None` when it is none of ours.
pub fn detect(name: &str, text: &str) -> Option<Format> {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name).to_ascii_lowercase();
    let ext = file.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "cpf" => Some(cpf_kind(text)),
        "ini" if file == "csp.ini" || looks_like_gateway(text) => Some(Format::CspIni),
        "xml" => xml_kind(&file, text),
        "cls" => (!manifest_blocks(text).is_empty()).then_some(Format::InstallerCls),
        _ => None,
    }
}

/// An instance's own CPF is written by IRIS and always names its product and
/// version in `[ConfigFile]`; anything else is a merge file.
fn cpf_kind(text: &str) -> Format {
    let mut in_config_file = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_config_file = line.to_ascii_lowercase().starts_with("[configfile]");
            if line.eq_ignore_ascii_case("[actions]") {
                return Format::CpfMerge;
            }
        } else if in_config_file && line.to_ascii_lowercase().starts_with("version=") {
            return Format::Cpf;
        }
    }
    Format::CpfMerge
}

fn looks_like_gateway(text: &str) -> bool {
    text.lines().take(2000).any(|l| {
        let l = l.trim().to_ascii_uppercase();
        l == "[SYSTEM_INDEX]" || l == "[APP_PATH_INDEX]"
    })
}

fn xml_kind(file: &str, text: &str) -> Option<Format> {
    let head = &text[..crate::syntax::text::floor_char_boundary(text, text.len().min(64 * 1024))];
    let root = root_element(head)?;
    if root.eq_ignore_ascii_case("Manifest") {
        return Some(Format::Installer);
    }
    // A class exported as XML, holding a manifest in an XData block.
    if is_class_export(text) && !manifest_blocks(text).is_empty() {
        return Some(Format::InstallerCls);
    }
    let module =
        root.eq_ignore_ascii_case("Module") || (root.eq_ignore_ascii_case("Export") && head.contains("<Module"));
    (module && (file == "module.xml" || head.contains(".ZPM"))).then_some(Format::ModuleXml)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_name_and_content() {
        assert_eq!(detect("a/iris.cpf", "[ConfigFile]\nProduct=IRIS\nVersion=2024.1\n"), Some(Format::Cpf));
        assert_eq!(detect("merge.cpf", "[Actions]\nCreateUser:Name=a\n"), Some(Format::CpfMerge));
        assert_eq!(detect("iris.cpf", "[ConfigFile]\nVersion=1\n[Actions]\n"), Some(Format::Cpf));
        assert_eq!(detect("x/CSP.INI", ""), Some(Format::CspIni));
        assert_eq!(detect("gw.ini", "[SYSTEM_INDEX]\nLOCAL=Enabled\n"), Some(Format::CspIni));
        assert_eq!(detect("other.ini", "[x]\n"), None);
        assert_eq!(detect("Installer.xml", "<?xml version=\"1.0\"?>\n<Manifest/>"), Some(Format::Installer));
        assert_eq!(
            detect("module.xml", "<Export><Document name=\"a.ZPM\"><Module/></Document></Export>"),
            Some(Format::ModuleXml)
        );
        assert_eq!(detect("pom.xml", "<project/>"), None);
        assert_eq!(detect("A.cls", "Class A {\nXData x\n{\n<Manifest/>\n}\n}"), Some(Format::InstallerCls));
        assert_eq!(detect("B.cls", "Class B {\n}"), None);
        let export =
            "<Export><Class name=\"A\"><XData name=\"x\"><Data><![CDATA[<Manifest/>]]></Data></XData></Class></Export>";
        assert_eq!(detect("Installer.xml", export), Some(Format::InstallerCls));
        assert_eq!(detect("Other.xml", "<Export><Class name=\"A\"></Class></Export>"), None);
    }
}
