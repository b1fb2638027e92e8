//! The files that configure one instance, read together: grouped, layered in
//! the order IRIS applies them, with every effective value traced to the file
//! and range that set it and the ones it overrode.

mod effective;
mod explain;
pub mod wiring;

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
    /// What is known about how its files apply together.
    pub layers: Layers,
}

/// What makes the layering of an instance's files certain. By default
/// nothing does: merge files side by side are alternatives (IRIS applies one
/// merge file per start: `ISC_CPF_MERGE_FILE`, `iris merge`), each its own
/// layer over the instance's `iris.cpf`, and no per-file finding is dropped
/// because another file sets the same value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layers {
    /// The configuration names these files as one instance (`[instances]`):
    /// they are layers of it, applied in order.
    pub named: bool,
    /// Merge files known to be applied to one instance, each set in the
    /// order they apply, with what says so (another source of certainty: the
    /// wiring of setup code, such as compose's `ISC_CPF_MERGE_FILE`).
    pub known: Vec<KnownLayers>,
}

/// Merge files known to be applied to one instance, one after the other.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownLayers {
    /// The files' paths, as the documents name them, in the order they apply.
    pub files: Vec<String>,
    /// What says so, shown by `--explain-effective` (`docker-compose.yml: ISC_CPF_MERGE_FILE`).
    pub by: String,
}

/// One way an instance's files apply together: its `iris.cpf`, one merge
/// file (or one known set of them), then its manifests, modules and CSP.ini.
pub struct Stack<'a> {
    pub name: String,
    pub docs: Vec<&'a Document>,
    /// What makes it certain that these files are layers of one instance, if
    /// anything: only then does a later file's value override an earlier
    /// file's finding.
    pub certain: Option<String>,
}

impl<'a> Instance<'a> {
    /// The ways the instance's files apply together. Merge files are
    /// alternatives unless the configuration or known layers say otherwise;
    /// the other files belong to every stack.
    pub fn stacks(&self) -> Vec<Stack<'a>> {
        if self.layers.named {
            let certain = Some(format!("the [instances] table names them as instance {}", self.name));
            return vec![Stack { name: self.name.clone(), docs: self.docs.clone(), certain }];
        }
        let is_merge = |d: &Document| d.format == Format::CpfMerge;
        let merges: Vec<&'a Document> = self.docs.iter().copied().filter(|d| is_merge(d)).collect();
        let mut sets: Vec<(Vec<&'a Document>, Option<String>)> = Vec::new();
        let mut placed: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for known in &self.layers.known {
            let files: Vec<&'a Document> = known
                .files
                .iter()
                .filter_map(|f| merges.iter().copied().find(|d| d.path == *f && !placed.contains(d.path.as_str())))
                .collect();
            if files.is_empty() {
                continue;
            }
            placed.extend(files.iter().map(|d| d.path.as_str()));
            sets.push((files, Some(known.by.clone())));
        }
        for m in &merges {
            if !placed.contains(m.path.as_str()) {
                sets.push((vec![*m], None));
            }
        }
        if sets.len() <= 1 && sets.first().is_none_or(|(_, by)| by.is_none()) {
            return vec![Stack { name: self.name.clone(), docs: self.docs.clone(), certain: None }];
        }
        let alone = sets.len() == 1;
        sets.into_iter()
            .map(|(files, certain)| {
                let mut docs: Vec<&'a Document> = self
                    .docs
                    .iter()
                    .copied()
                    .filter(|d| !is_merge(d) || files.iter().any(|f| std::ptr::eq(*f, *d)))
                    .collect();
                // Known layers apply in the order given; the rest in the instance's order.
                docs.sort_by_key(|d| (layer(d.format), files.iter().position(|f| std::ptr::eq(*f, *d))));
                let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
                let name =
                    if alone { self.name.clone() } else { format!("{} with {}", self.name, names.join(" then ")) };
                Stack { name, docs, certain }
            })
            .collect()
    }
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
        // Setup code runs once the instance is up, after everything above.
        Format::Script | Format::Class | Format::Shell => 3,
        Format::Dockerfile | Format::Compose | Format::EnvFile => 3,
        Format::CspIni => 4,
    }
}

/// Groups documents into instances. Files the `[instances]` table of the
/// configuration names (name → globs) form those instances. The others are
/// grouped under each folder given on the command line, split by where the
/// CPF files are: a folder holding `.cpf` files anchors an instance, and a file
/// belongs to the nearest anchor above it (or to the only anchor, when there is
/// one). So `deploy/dev/merge.cpf` and `deploy/prod/merge.cpf` are two
/// instances, while `merge.cpf`, `webgateway/CSP.ini` and `src/Installer.cls`
/// of one repository are one.
/// Merge files the setup code's wiring names (see [`wiring`]) are known
/// layers of their instance.
pub fn group<'a>(docs: &[&'a Document], roots: &[String], named: &BTreeMap<String, Vec<String>>) -> Vec<Instance<'a>> {
    group_with(docs, roots, named, &wiring::known_layers(docs))
}

/// [`group`], with merge files known to be layers of one instance (see
/// [`KnownLayers`]); each instance gets the sets among its files.
pub fn group_with<'a>(
    docs: &[&'a Document],
    roots: &[String],
    named: &BTreeMap<String, Vec<String>>,
    known: &[KnownLayers],
) -> Vec<Instance<'a>> {
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
    // First by name or command-line root.
    let roots = Roots::new(roots);
    let mut by_root: BTreeMap<(bool, String), Vec<&'a Document>> = BTreeMap::new();
    for doc in docs {
        let path = normalize(&doc.path);
        let key = match matchers.iter().find(|(_, set)| set.is_match(Path::new(&path))) {
            Some((name, _)) => (true, name.clone()),
            None => (false, roots.longest_holding(&path).unwrap_or(".").to_string()),
        };
        by_root.entry(key).or_default().push(doc);
    }
    // Then, for unnamed groups, by CPF anchor folders.
    let mut groups: BTreeMap<String, Vec<&'a Document>> = BTreeMap::new();
    let mut named_groups: std::collections::HashSet<String> = std::collections::HashSet::new();
    for ((is_named, name), members) in by_root {
        if is_named {
            named_groups.insert(name.clone());
            groups.entry(name).or_default().extend(members);
            continue;
        }
        let anchors: Vec<String> = {
            let mut a: Vec<String> =
                members.iter().filter(|d| d.format.is_cpf()).map(|d| parent(&normalize(&d.path))).collect();
            a.sort();
            a.dedup();
            a
        };
        // An instance has one iris.cpf: where a folder holds several, each is its own instance.
        let mut cpfs_in: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for d in members.iter().filter(|d| d.format == Format::Cpf) {
            *cpfs_in.entry(parent(&normalize(&d.path))).or_default() += 1;
        }
        let instance_cpfs = |dir: &str| cpfs_in.get(dir).copied().unwrap_or(0);
        // The longest anchor `dir` is within: its nearest ancestor that is an
        // anchor (looked up, not compared with every anchor: a tree of many
        // instances was quadratic).
        let anchor_set: std::collections::HashSet<&str> = anchors.iter().map(String::as_str).collect();
        let nearest_anchor = |dir: &str| -> Option<String> {
            let mut d = dir;
            loop {
                if anchor_set.contains(d) {
                    return Some(d.to_string());
                }
                match d.rsplit_once('/') {
                    Some((up, _)) => d = up,
                    None => break,
                }
            }
            [".", ""].into_iter().find(|a| anchor_set.contains(a)).map(str::to_string)
        };
        for doc in members.iter().copied() {
            let dir = parent(&normalize(&doc.path));
            if doc.format == Format::Cpf && instance_cpfs(&dir) > 1 {
                groups.entry(doc.path.clone()).or_default().push(doc);
                continue;
            }
            let anchor = nearest_anchor(&dir);
            let anchor = anchor.as_ref();
            let anchor = match (anchor, anchors.len()) {
                (Some(a), _) => a.clone(),
                (None, 1) => anchors[0].clone(),
                // Files under no anchor, beside several: together, apart from the anchors.
                (None, _) => String::new(),
            };
            // Each command-line path stays apart from the others: two files
            // named explicitly are two instances unless `[instances]` joins them.
            let key = match (anchor.is_empty(), is_within(&anchor, &normalize(&name))) {
                (true, _) => name.clone(),
                (false, true) => anchor,
                (false, false) => format!("{name} ({anchor})"),
            };
            groups.entry(key).or_default().push(doc);
        }
    }
    groups
        .into_iter()
        .map(|(name, mut docs)| {
            docs.sort_by(|a, b| (layer(a.format), &a.path).cmp(&(layer(b.format), &b.path)));
            let known =
                known.iter().filter(|k| k.files.iter().any(|f| docs.iter().any(|d| d.path == *f))).cloned().collect();
            let layers = Layers { named: named_groups.contains(&name), known };
            Instance { name, docs, layers }
        })
        .collect()
}

fn normalize(path: &str) -> String {
    crate::findings::baseline::normalize(path).trim_end_matches('/').to_string()
}

/// The folder part of a normalized path (`""` for a file at the top).
fn parent(path: &str) -> String {
    path.rsplit_once('/').map(|(d, _)| d.to_string()).unwrap_or_default()
}

/// The command-line roots, looked up by the folders of a path: pre-commit
/// names every file, and comparing each with every other was quadratic
/// (3,200 named files took 0.95 s against 0.17 s for their folder).
struct Roots<'r> {
    /// Per normalized root, the root as given that wins there: the longest,
    /// the later on the command line among equals.
    by_normalized: std::collections::HashMap<String, (usize, usize, &'r str)>,
}

impl<'r> Roots<'r> {
    fn new(roots: &'r [String]) -> Roots<'r> {
        let mut by_normalized: std::collections::HashMap<String, (usize, usize, &'r str)> = Default::default();
        for (index, root) in roots.iter().enumerate() {
            let mut key = normalize(root);
            if key == "." {
                key.clear();
            }
            let candidate = (root.len(), index, root.as_str());
            let best = by_normalized.entry(key).or_insert(candidate);
            *best = (*best).max(candidate);
        }
        Roots { by_normalized }
    }

    /// Of the roots that `path` is or is below (whole components; `.` and
    /// the empty root hold everything), the longest as given.
    fn longest_holding(&self, path: &str) -> Option<&'r str> {
        let folders = path.match_indices('/').map(|(i, _)| &path[..i]);
        std::iter::once("")
            .chain(folders)
            .chain(std::iter::once(path))
            .filter_map(|dir| self.by_normalized.get(dir))
            .max()
            .map(|(_, _, root)| *root)
    }
}

/// Whether `path` is `dir` or below it, comparing whole components.
fn is_within(path: &str, dir: &str) -> bool {
    dir.is_empty() || dir == "." || path == dir || path.starts_with(&format!("{dir}/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The roots looked up by folder pick what comparing every root did.
    #[test]
    fn the_longest_root_holding_a_path_as_a_scan_finds_it() {
        let roots: Vec<String> = [".", "a", "./a", "a/b", "a/b/", "ab", "a\\b\\c", "x/y", "./x/y", "a/b/c.cpf", "./"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let scan = |path: &str, roots: &[String]| {
            roots.iter().filter(|r| is_within(path, &normalize(r))).max_by_key(|r| r.len()).cloned()
        };
        let paths = ["a/b/c.cpf", "a/bc/d.cpf", "ab/c.cpf", "a/b/c/d.cpf", "x/y/z.ini", "x/yz.ini", "q.cpf", "a"];
        for n in 0..=roots.len() {
            for window in [&roots[..n], &roots[n..]] {
                let fast = Roots::new(window);
                for path in paths {
                    let path = normalize(path);
                    assert_eq!(
                        fast.longest_holding(&path).map(str::to_string),
                        scan(&path, window),
                        "{path} in {window:?}"
                    );
                }
            }
        }
    }

    fn doc(path: &str) -> Document {
        let format = crate::formats::detect(path, "<Manifest/>").unwrap_or(Format::CpfMerge);
        let format = if path.ends_with(".ini") { Format::CspIni } else { format };
        Document::new(path, String::new(), format)
    }

    fn names(docs: &[Document], roots: &[&str]) -> Vec<(String, Vec<String>)> {
        let refs: Vec<&Document> = docs.iter().collect();
        let roots: Vec<String> = roots.iter().map(|r| r.to_string()).collect();
        group(&refs, &roots, &BTreeMap::new())
            .into_iter()
            .map(|i| (i.name, i.docs.iter().map(|d| d.path.clone()).collect()))
            .collect()
    }

    #[test]
    fn files_named_on_the_command_line_stay_apart() {
        let docs = [doc("merge.cpf"), doc("safe.cpf")];
        let got = names(&docs, &["merge.cpf", "safe.cpf"]);
        assert_eq!(
            got,
            vec![("merge.cpf".into(), vec!["merge.cpf".into()]), ("safe.cpf".into(), vec!["safe.cpf".into()])]
        );
    }

    #[test]
    fn several_instance_cpfs_in_one_folder_are_several_instances() {
        let mut a = doc("cpf/a.cpf");
        a.format = Format::Cpf;
        let mut b = doc("cpf/b.cpf");
        b.format = Format::Cpf;
        let got = names(&[a, b], &["."]);
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn one_repository_is_one_instance() {
        let docs = [doc("./merge.cpf"), doc("./webgateway/CSP.ini"), doc("./src/App/Installer.xml")];
        let got = names(&docs, &["."]);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1[0], "./merge.cpf");
    }

    fn stacks_of(docs: &[Document], known: &[KnownLayers]) -> Vec<(Vec<String>, bool)> {
        let refs: Vec<&Document> = docs.iter().collect();
        let groups = group_with(&refs, &[".".into()], &BTreeMap::new(), known);
        assert_eq!(groups.len(), 1);
        groups[0]
            .stacks()
            .into_iter()
            .map(|s| (s.docs.iter().map(|d| d.path.clone()).collect(), s.certain.is_some()))
            .collect()
    }

    #[test]
    fn merge_files_side_by_side_are_alternatives_over_the_iris_cpf() {
        let mut cpf = doc("iris/iris.cpf");
        cpf.format = Format::Cpf;
        let docs = [cpf, doc("iris/dev.cpf"), doc("iris/prod.cpf"), doc("iris/gw/CSP.ini")];
        let s = |p: &[&str]| p.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            stacks_of(&docs, &[]),
            vec![
                (s(&["iris/iris.cpf", "iris/dev.cpf", "iris/gw/CSP.ini"]), false),
                (s(&["iris/iris.cpf", "iris/prod.cpf", "iris/gw/CSP.ini"]), false),
            ]
        );
        // What the wiring of setup code says: prod.cpf then dev.cpf are applied to one instance.
        let known = [KnownLayers { files: s(&["iris/prod.cpf", "iris/dev.cpf"]), by: "compose".into() }];
        assert_eq!(
            stacks_of(&docs, &known),
            vec![(s(&["iris/iris.cpf", "iris/prod.cpf", "iris/dev.cpf", "iris/gw/CSP.ini"]), true)]
        );
    }

    #[test]
    fn environments_side_by_side_are_separate() {
        let docs = [
            doc("deploy/dev/merge.cpf"),
            doc("deploy/prod/merge.cpf"),
            doc("deploy/prod/gw/CSP.ini"),
            doc("module.xml"),
        ];
        let got = names(&docs, &["."]);
        assert_eq!(
            got,
            vec![
                (".".into(), vec!["module.xml".into()]),
                ("deploy/dev".into(), vec!["deploy/dev/merge.cpf".into()]),
                ("deploy/prod".into(), vec!["deploy/prod/merge.cpf".into(), "deploy/prod/gw/CSP.ini".into()]),
            ]
        );
    }
}
