//! Lossless readers: hand-written ones for the INI family (`iris.cpf`, merge
//! files, `CSP.ini`; `ini`) and for XML (manifests; `xml`, with
//! `tree-sitter-xml` reading the malformed ones), our own tree-sitter grammar
//! for editors and as the INI reader's reference (`cpf`), and the setup-code
//! hosts' grammars.

pub mod cls;
pub mod cpf;
pub mod dockerfile;
pub mod embedded;
pub mod ini;
pub mod objectscript;
pub mod shell;
pub mod text;
pub mod xml;
pub mod yaml;
