//! The XML readers (installer manifests, in a class's XData too, and
//! module.xml): never a panic, every range inside the text.
#![no_main]

use irislint::formats::{read, Format};
use irislint::syntax::{cls, xml};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let tree = xml::parse(&text, None);
    assert!(tree.elements.iter().all(|e| e.range.end <= text.len()));
    let ranges: Vec<_> = cls::xdata_blocks(&text).into_iter().map(|b| b.body).collect();
    let _ = xml::parse(&text, Some(&ranges));
    for format in [Format::Installer, Format::InstallerCls, Format::ModuleXml] {
        let doc = read("fuzz.xml", text.clone(), format);
        assert!(doc.entries.iter().all(|e| e.range.end <= text.len()));
    }
    let _ = irislint::formats::detect("Installer.xml", &text);
    let _ = irislint::formats::detect("A.cls", &text);
});
