//! One module per file format; each reads its syntax tree and emits facts.

mod actions;
mod cpf;
mod cspini;
pub mod detect;
mod document;
mod installer;
mod module_xml;
pub mod values;
mod xml_common;

pub use detect::{detect, Format};
pub use document::{Comment, Document, Entry, EntryKind, Scope};

/// Reads `text` as `format`.
pub fn read(path: &str, text: String, format: Format) -> Document {
    let mut doc = Document::new(path, text, format);
    match format {
        Format::Cpf | Format::CpfMerge => cpf::read(&mut doc),
        Format::CspIni => cspini::read(&mut doc),
        Format::Installer | Format::InstallerCls => installer::read(&mut doc),
        Format::ModuleXml => module_xml::read(&mut doc),
    }
    doc
}
