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
    /// ObjectScript fed to `iris session`: `iris.script`, `*.script`, routines.
    Script,
    /// A class whose methods configure security (no installer manifest).
    Class,
    /// A Dockerfile: password variables, and the setup code its `RUN`s feed to IRIS.
    Dockerfile,
    /// A docker-compose file: password variables, published ports, `iris session` commands.
    Compose,
    /// A shell script that drives `iris session`.
    Shell,
    /// An `.env` file of variables for containers.
    EnvFile,
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
            Format::Script => "ObjectScript script",
            Format::Class => "class",
            Format::Dockerfile => "Dockerfile",
            Format::Compose => "compose file",
            Format::Shell => "shell script",
            Format::EnvFile => "env file",
        }
    }

    /// The comment a suppression is written in, as the text before and after
    /// its marker; `None` where the product rewrites the file (an instance's
    /// own iris.cpf, CSP.ini) and no comment is honoured.
    pub fn suppression_comment(self) -> Option<(&'static str, &'static str)> {
        match self {
            Format::Cpf | Format::CspIni => None,
            Format::CpfMerge | Format::Dockerfile | Format::Compose | Format::Shell | Format::EnvFile => {
                Some(("# ", ""))
            }
            Format::Installer | Format::ModuleXml => Some(("<!-- ", " -->")),
            Format::InstallerCls | Format::Script | Format::Class => Some(("// ", "")),
        }
    }

    /// Setup code and container files: read for their IRIS parts only.
    pub fn is_setup(self) -> bool {
        matches!(
            self,
            Format::Script | Format::Class | Format::Dockerfile | Format::Compose | Format::Shell | Format::EnvFile
        )
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
    if let Some(format) = setup_kind(&file, ext, text) {
        return Some(format);
    }
    match ext {
        "cpf" => Some(cpf_kind(text)),
        "ini" if file == "csp.ini" || looks_like_gateway(text) => Some(Format::CspIni),
        "xml" => xml_kind(&file, text),
        "cls" => {
            if !manifest_blocks(text).is_empty() {
                Some(Format::InstallerCls)
            } else {
                may_configure_security(text).then_some(Format::Class)
            }
        }
        _ => None,
    }
}

/// Setup code and container files, by name (and a shell's shebang).
fn setup_kind(file: &str, ext: &str, text: &str) -> Option<Format> {
    match ext {
        "script" | "mac" | "int" | "os" => return Some(Format::Script),
        "sh" | "bash" => return Some(Format::Shell),
        "env" => return Some(Format::EnvFile),
        _ => {}
    }
    if file == ".env" {
        return Some(Format::EnvFile);
    }
    // `Dockerfile`, `Dockerfile.prod`, `Dockerfile-dev`, `Dockerfile_mini`, `build.Dockerfile`.
    let dockerfile_variant =
        file.strip_prefix("dockerfile").is_some_and(|r| r.is_empty() || r.starts_with(['.', '-', '_']));
    if dockerfile_variant || file.ends_with(".dockerfile") {
        return Some(Format::Dockerfile);
    }
    let yaml = matches!(ext, "yml" | "yaml");
    if yaml && (file.starts_with("docker-compose") || file.starts_with("compose")) {
        return Some(Format::Compose);
    }
    if !file.contains('.') && is_shell_shebang(text) {
        return Some(Format::Shell);
    }
    None
}

fn is_shell_shebang(text: &str) -> bool {
    let first = text.lines().next().unwrap_or("");
    first.starts_with("#!") && ["/sh", "/bash", "env sh", "env bash", "/dash", "/zsh"].iter().any(|s| first.contains(s))
}

/// The literal prefilter for classes: only a class that names one of the
/// APIs the rules read is parsed (the grammar is slow, and an application
/// has thousands of classes).
pub fn may_configure_security(text: &str) -> bool {
    const NEEDLES: [&str; 5] = ["Security.", "Config.", "zpm", "%ZPM.", "%IPM."];
    NEEDLES.iter().any(|n| memchr_contains(text, n))
}

fn memchr_contains(text: &str, needle: &str) -> bool {
    text.contains(needle) || (needle == "zpm" && text.contains("ZPM"))
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
        assert_eq!(
            detect(
                "S.cls",
                "Class S {\nClassMethod a() { do ##class(Security.Users).UnExpireUserPasswords(\"*\") }\n}"
            ),
            Some(Format::Class)
        );
        assert_eq!(detect("iris.script", ""), Some(Format::Script));
        assert_eq!(detect("x/Dockerfile", ""), Some(Format::Dockerfile));
        assert_eq!(detect("build.Dockerfile", ""), Some(Format::Dockerfile));
        assert_eq!(detect("Dockerfile_mini", ""), Some(Format::Dockerfile));
        assert_eq!(detect("Dockerfile-dev", ""), Some(Format::Dockerfile));
        assert_eq!(detect("dockerfiles.txt", ""), None);
        assert_eq!(detect("docker-compose.prod.yml", ""), Some(Format::Compose));
        assert_eq!(detect("compose.yaml", ""), Some(Format::Compose));
        assert_eq!(detect("ci.yml", ""), None);
        assert_eq!(detect("init.sh", ""), Some(Format::Shell));
        assert_eq!(detect("post_start_hook", "#!/bin/bash\n"), Some(Format::Shell));
        assert_eq!(detect("README", "hello"), None);
        assert_eq!(detect(".env", "A=1"), Some(Format::EnvFile));
        let export =
            "<Export><Class name=\"A\"><XData name=\"x\"><Data><![CDATA[<Manifest/>]]></Data></XData></Class></Export>";
        assert_eq!(detect("Installer.xml", export), Some(Format::InstallerCls));
        assert_eq!(detect("Other.xml", "<Export><Class name=\"A\"></Class></Export>"), None);
    }
}
