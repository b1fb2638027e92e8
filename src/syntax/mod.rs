//! Lossless readers: a hand-written one for the INI family (`iris.cpf`, merge
//! files, `CSP.ini`; `ini`), with our own tree-sitter grammar for editors and
//! as its reference (`cpf`), and `tree-sitter-xml` for manifests.

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
