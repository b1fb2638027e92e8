//! One module per file format; each reads its syntax tree and emits facts.

mod actions;
mod cpf;
mod cspini;
pub mod detect;
mod document;
mod installer;
mod module_xml;
mod setup;
mod setup_hosts;
pub mod values;
mod xml_common;

pub use detect::{detect, Format};
pub use document::{Comment, Document, Entry, EntryKind, Scope};
pub use module_xml::CSP_APPLICATION_FLAGS;
pub use xml_common::xml_tree;

/// Reads `text` as `format`.
pub fn read(path: &str, text: String, format: Format) -> Document {
    read_with_tree(path, text, format, None)
}

/// Reads `text` as `format`, reusing a `cpf` syntax tree already parsed (or
/// incrementally re-parsed) for exactly this text; XML formats parse afresh.
pub fn read_with_tree(path: &str, text: String, format: Format, tree: Option<&tree_sitter::Tree>) -> Document {
    let mut doc = Document::new(path, text, format);
    let ini = || match tree {
        Some(t) => crate::syntax::cpf::flatten(t, &doc.text),
        None => crate::syntax::cpf::parse(&doc.text),
    };
    let ini = if format.is_cpf() || format == Format::CspIni { Some(ini()) } else { None };
    match format {
        Format::Cpf | Format::CpfMerge => cpf::read(&mut doc, &ini.expect("ini formats are parsed")),
        Format::CspIni => cspini::read(&mut doc, &ini.expect("ini formats are parsed")),
        Format::Installer => installer::read(&mut doc),
        Format::InstallerCls => {
            installer::read(&mut doc);
            // The class's methods are setup code too.
            setup_hosts::class::read_methods(&mut doc);
        }
        Format::ModuleXml => module_xml::read(&mut doc),
        Format::Script => setup_hosts::script::read(&mut doc),
        Format::Class => setup_hosts::class::read(&mut doc),
        Format::Dockerfile => setup_hosts::dockerfile::read(&mut doc),
        Format::Compose => setup_hosts::compose::read(&mut doc),
        Format::Shell => setup_hosts::shell::read(&mut doc),
        Format::EnvFile => setup_hosts::env_file::read(&mut doc),
    }
    doc
}
