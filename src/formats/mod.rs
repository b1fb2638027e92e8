//! One module per file format; each reads its syntax tree and emits facts.

mod actions;
mod cpf;
mod cspini;
pub mod detect;
mod document;
mod installer;
mod module_xml;
mod reread;
mod setup;
mod setup_hosts;
pub mod values;
mod xml_common;

pub use detect::{detect, Format};
pub use document::{Comment, Document, Entry, EntryKind, Scope};
pub use module_xml::CSP_APPLICATION_FLAGS;
pub use reread::{read_again, reads_only_changed_lines};
pub use xml_common::xml_tree;

/// Reads `text` as `format`.
pub fn read(path: &str, text: String, format: Format) -> Document {
    let mut doc = Document::new(path, text, format);
    match format {
        Format::Cpf | Format::CpfMerge => {
            let ini = crate::syntax::cpf::parse(&doc.text);
            cpf::read(&mut doc, ini)
        }
        Format::CspIni => {
            let ini = crate::syntax::cpf::parse(&doc.text);
            cspini::read(&mut doc, ini)
        }
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
