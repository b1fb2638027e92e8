//! Compiles the committed tree-sitter parser for the IRIS INI family (no
//! tree-sitter CLI is needed to build), and encodes the settings catalogue:
//! its TOML files are read here, once, into the program's own types and
//! embedded in postcard form, so a run decodes them instead of parsing TOML
//! (a TOML or shape error fails the build, not a run).

use std::path::Path;

/// The catalogue's types, as `src/catalog/types.rs` defines them for the program.
mod catalog {
    /// The program's suggestion index, built at run time: never encoded.
    #[derive(Clone, Debug, Default)]
    pub struct Vocabulary;

    #[allow(dead_code)]
    pub mod types {
        include!("src/catalog/types.rs");
    }
}

use catalog::types::{ActionCatalog, IniCatalog, XmlCatalog};

fn main() {
    compile_grammar();
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalog");
    std::fs::create_dir_all(&out).expect("the build directory is writable");
    encode::<IniCatalog>("cpf.toml", &out);
    encode::<IniCatalog>("cspini.toml", &out);
    encode::<ActionCatalog>("actions.toml", &out);
    encode::<XmlCatalog>("installer.toml", &out);
    encode::<XmlCatalog>("module.toml", &out);
    encode::<XmlCatalog>("module-ipm.toml", &out);
    println!("cargo:rerun-if-changed=src/catalog/types.rs");
}

fn compile_grammar() {
    let dir = Path::new("grammars/tree-sitter-cpf/src");
    let mut build = cc::Build::new();
    build.include(dir).file(dir.join("parser.c")).warnings(false);
    if dir.join("scanner.c").exists() {
        build.file(dir.join("scanner.c"));
    }
    build.compile("tree-sitter-cpf");
    println!("cargo:rerun-if-changed=grammars/tree-sitter-cpf/src");
}

/// Reads `src/catalog/FILE` as a `T` and writes it to `OUT/FILE.bin`.
fn encode<T: serde::de::DeserializeOwned + serde::Serialize>(file: &str, out: &Path) {
    let path = Path::new("src/catalog").join(file);
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let value: T = toml::from_str(&text).unwrap_or_else(|e| panic!("catalog {file} is invalid: {e}"));
    let bytes = postcard::to_allocvec(&value).unwrap_or_else(|e| panic!("catalog {file} cannot be encoded: {e}"));
    std::fs::write(out.join(format!("{file}.bin")), bytes).expect("the build directory is writable");
}
