//! Fix application: the first byte picks a format, the rest is the file.
//! Checking never panics, and each offered fix applied alone gives a text
//! that checks again without a panic and no longer has that finding; no fix,
//! applied alone or all together, adds a finding (the same criteria as
//! `tests/prop_engine.rs`, whose check of the latter this shares).
#![no_main]

#[path = "../../tests/fix_support/mod.rs"]
mod fix_support;

use irislint::findings::config::Config;
use irislint::findings::fix::{apply_pass, Allowed};
use irislint::formats::Format;
use irislint::lint::check_text;
use libfuzzer_sys::fuzz_target;

const FORMATS: [(Format, &str); 6] = [
    (Format::Cpf, "iris.cpf"),
    (Format::CpfMerge, "merge.cpf"),
    (Format::CspIni, "CSP.ini"),
    (Format::Installer, "Installer.xml"),
    (Format::InstallerCls, "Installer.cls"),
    (Format::ModuleXml, "module.xml"),
];

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else { return };
    let (format, path) = FORMATS[*first as usize % FORMATS.len()];
    let text = String::from_utf8_lossy(rest).into_owned();
    let config = Config::default();
    let (_, findings) = check_text(path, text.clone(), format, &config);
    for f in findings.iter().filter(|f| f.fix.is_some()) {
        let pass = apply_pass(&text, std::slice::from_ref(f), Allowed::SafeAndUnsafe);
        let (_, again) = check_text(path, pass.text, format, &config);
        // The fixed finding is gone: deleted with its text, or no alike finding
        // where the edits moved it, or fewer alike findings than before (three
        // definitions of one key stay a duplicate after one is removed).
        let edits = &f.fix.as_ref().unwrap().edits;
        let start = f.range.start;
        let deleted = edits.iter().any(|e| e.new_text.is_empty() && e.range.start <= start && start < e.range.end);
        let shift: isize = edits
            .iter()
            .filter(|e| e.range.end <= start)
            .map(|e| e.new_text.len() as isize - e.range.len() as isize)
            .sum();
        let moved = (start as isize + shift) as usize;
        let alike = |g: &&irislint::Finding| {
            // Case aside: `Name` and `NAme` are one key, defined twice.
            g.code == f.code
                && g.object.eq_ignore_ascii_case(&f.object)
                && without_lines(&g.message).eq_ignore_ascii_case(&without_lines(&f.message))
        };
        let still_there = !deleted
            && again.iter().filter(alike).any(|g| g.range.start == moved)
            && again.iter().filter(alike).count() >= findings.iter().filter(alike).count();
        assert!(!still_there, "{} `{}` not fixed", f.code, f.message);
    }
    if let Err(e) = fix_support::fixes_add_no_finding(path, &text, format) {
        panic!("{e}");
    }
});

/// `line 12` → `line #`: fixes that remove lines shift the numbers of others.
fn without_lines(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(i) = rest.find("line ") {
        out.push_str(&rest[..i + 5]);
        rest = rest[i + 5..].trim_start_matches(|c: char| c.is_ascii_digit());
        out.push('#');
    }
    out.push_str(rest);
    out
}
