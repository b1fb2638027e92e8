//! What `irislint --version` and the language server's `serverInfo.version`
//! say: the program's version and the rule catalogue's, e.g.
//! `0.1.0 (rule catalogue 1a2b3c4d, 44 rules)`. Editors compare the leading
//! program version with their own.

/// The version text, without the program's name.
pub fn long() -> String {
    let (catalogue, rules) = crate::rules::catalogue_version();
    format!("{} (rule catalogue {catalogue}, {rules} rules)", env!("CARGO_PKG_VERSION"))
}

/// For clap, which keeps a `'static` version string; computed once per run.
pub(super) fn for_clap() -> &'static str {
    Box::leak(long().into_boxed_str())
}
