//! Compiles the committed tree-sitter parser for the IRIS INI family; no
//! tree-sitter CLI is needed to build.

fn main() {
    let dir = std::path::Path::new("grammars/tree-sitter-cpf/src");
    let mut build = cc::Build::new();
    build.include(dir).file(dir.join("parser.c")).warnings(false);
    if dir.join("scanner.c").exists() {
        build.file(dir.join("scanner.c"));
    }
    build.compile("tree-sitter-cpf");
    println!("cargo:rerun-if-changed=grammars/tree-sitter-cpf/src");
}
