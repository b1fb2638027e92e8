//! Lossless syntax trees: our own tree-sitter grammar for the INI family
//! (`iris.cpf`, merge files, `CSP.ini`) and a hand-written XML reader for
//! manifests, with `tree-sitter-xml` reading the malformed ones.

pub mod cls;
pub mod cpf;
pub mod dockerfile;
pub mod embedded;
pub mod objectscript;
pub mod shell;
pub mod text;
pub mod xml;
pub mod yaml;
