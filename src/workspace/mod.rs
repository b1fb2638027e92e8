//! The files that configure one instance, read together: grouped, layered in
//! the order IRIS applies them, with every effective value traced to the file
//! and range that set it and the ones it overrode.

mod effective;
mod explain;

pub use effective::{Effective, Slot, Source};
pub use explain::{explain_json, explain_text};

use crate::formats::{Document, Format};
use globset::{Glob, GlobSetBuilder};
use std::collections::BTreeMap;
use std::path::Path;

/// One instance's files, in the order they apply.
pub struct Instance<'a> {
    pub name: String,
    pub docs: Vec<&'a Document>,
}

/// Where a format stands in the order IRIS applies configuration: the CPF,
/// then merge files, then installer manifests, then package-manager modules;
/// the Web Gateway's CSP.ini sits in front of the instance.
pub fn layer(format: Format) -> u8 {
    match format {
        Format::Cpf => 0,
        Format::CpfMerge => 1,
        Format::Installer | Format::InstallerCls => 2,
        Format::ModuleXml => 3,
        Format::CspIni => 4,
    }
}

/// Groups documents into instances: by the `[instances]` table of the
/// configuration (name → globs) where it names them, else one instance per
/// `root` folder given on the command line.
pub fn group<'a>(docs: &[&'a Document], roots: &[String], named: &BTreeMap<String, Vec<String>>) -> Vec<Instance<'a>> {
    let mut matchers = Vec::new();
    for (name, globs) in named {
        let mut b = GlobSetBuilder::new();
        for g in globs {
            if let Ok(glob) = Glob::new(g) {
                b.add(glob);
            }
            if let Ok(glob) = Glob::new(&format!("**/{g}")) {
                b.add(glob);
            }
        }
        if let Ok(set) = b.build() {
            matchers.push((name.clone(), set));
        }
    }
    let mut groups: BTreeMap<String, Vec<&'a Document>> = BTreeMap::new();
    for doc in docs {
        let path = crate::findings::baseline::normalize(&doc.path);
        let name = matchers
            .iter()
            .find(|(_, set)| set.is_match(Path::new(&path)))
            .map(|(n, _)| n.clone())
            .or_else(|| {
                roots
                    .iter()
                    .filter(|r| path.starts_with(&crate::findings::baseline::normalize(r)))
                    .max_by_key(|r| r.len())
                    .cloned()
            })
            .unwrap_or_else(|| ".".into());
        groups.entry(name).or_default().push(doc);
    }
    groups
        .into_iter()
        .map(|(name, mut docs)| {
            docs.sort_by(|a, b| (layer(a.format), &a.path).cmp(&(layer(b.format), &b.path)));
            Instance { name, docs }
        })
        .collect()
}
