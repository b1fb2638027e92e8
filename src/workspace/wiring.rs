//! The wiring of an instance: which merge file its containers apply, found
//! in the setup files that build them. Compose's `ISC_CPF_MERGE_FILE` and a
//! Dockerfile's `ENV ISC_CPF_MERGE_FILE` or `iris merge IRIS <file>` name a
//! path in the container; `volumes:`, `build:` and `COPY`/`ADD` say which
//! repository file is there. A merge file reached this way is a certain layer
//! of the instance (and is read whatever its name, `merge.conf` too).

use super::KnownLayers;
use crate::formats::{Document, Format};
use crate::model::{Wire, WireKind};
use std::path::{Component, Path, PathBuf};

/// A merge file the wiring names, resolved to the repository.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WiredMerge {
    /// The repository path, normalised (`deploy/merge.conf`).
    pub path: PathBuf,
    /// What names it: `docker-compose.yml:12: ISC_CPF_MERGE_FILE=/home/irisowner/dev/merge.cpf`.
    pub by: String,
}

/// Every merge file the documents' wiring names, resolved where the wiring
/// says which repository file is at the container path.
pub fn wired_merges(docs: &[&Document]) -> Vec<WiredMerge> {
    let mut out = Vec::new();
    for doc in docs {
        for wire in doc.facts.wiring.iter().filter(|w| w.kind == WireKind::MergeFile) {
            let Some(path) = resolve(doc, docs, &wire.target) else { continue };
            let line = doc.lines.line_of(wire.range.start) + 1;
            let by = format!("{}:{line}: merge file {}", doc.path, wire.target);
            if !out.iter().any(|w: &WiredMerge| w.path == path) {
                out.push(WiredMerge { path, by });
            }
        }
    }
    out
}

/// The known layers for grouping: each wired merge file read among `docs`.
pub fn known_layers(docs: &[&Document]) -> Vec<KnownLayers> {
    wired_merges(docs)
        .into_iter()
        .filter_map(|w| {
            let doc = docs.iter().find(|d| d.format == Format::CpfMerge && normalise(Path::new(&d.path)) == w.path)?;
            Some(KnownLayers { files: vec![doc.path.clone()], by: w.by })
        })
        .collect()
}

/// The repository file at a container path, as `doc` and the files it
/// builds from place them.
fn resolve(doc: &Document, docs: &[&Document], target: &str) -> Option<PathBuf> {
    let dir = parent(&doc.path);
    let mut mounts: Vec<(PathBuf, String)> = copies(doc, &dir);
    // A compose service's image: the copies of the Dockerfiles in its build context.
    for wire in doc.facts.wiring.iter().filter(|w| w.kind == WireKind::BuildContext) {
        let context = normalise(&dir.join(&wire.target));
        for d in docs.iter().filter(|d| d.format == Format::Dockerfile && parent(&d.path) == context) {
            mounts.extend(copies(d, &context));
        }
    }
    if !target.starts_with('/') {
        // `iris merge IRIS merge.cpf` after `COPY . .`: relative to the context.
        return Some(normalise(&dir.join(target))).filter(|p| exists_among(docs, p) || p.is_file());
    }
    // The most specific mount wins (`./cpf:/home/irisowner/cpf` over `./:/home/irisowner`).
    mounts.sort_by_key(|(_, c)| std::cmp::Reverse(c.len()));
    for (host, container) in &mounts {
        let container = container.trim_end_matches('/');
        if target == container {
            return Some(host.clone());
        }
        if let Some(rest) = target.strip_prefix(container).and_then(|r| r.strip_prefix('/')) {
            return Some(normalise(&host.join(rest)));
        }
    }
    None
}

/// A document's `COPY`/`ADD`/`volumes:` as (repository path, container path).
fn copies(doc: &Document, base: &Path) -> Vec<(PathBuf, String)> {
    doc.facts
        .wiring
        .iter()
        .filter_map(|w: &Wire| match &w.kind {
            WireKind::Copy { from } => Some((normalise(&base.join(from)), w.target.clone())),
            _ => None,
        })
        .collect()
}

fn exists_among(docs: &[&Document], p: &Path) -> bool {
    docs.iter().any(|d| normalise(Path::new(&d.path)) == p)
}

fn parent(path: &str) -> PathBuf {
    normalise(Path::new(path).parent().unwrap_or(Path::new("")))
}

/// `a/./b/../c` → `a/c`, without touching the disk.
pub fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::read;

    fn doc(path: &str, text: &str, format: Format) -> Document {
        read(path, text.to_string(), format)
    }

    #[test]
    fn compose_volume_and_dockerfile_copy_name_the_merge_file() {
        let compose = doc(
            "repo/docker-compose.yml",
            "services:\n  iris:\n    build: ./iris\n    environment:\n      - ISC_CPF_MERGE_FILE=/home/irisowner/dev/merge.conf\n    volumes:\n      - ./:/home/irisowner/dev\n  b:\n    build: ./iris\n    environment:\n      - ISC_CPF_MERGE_FILE=/opt/app/b.cpf\n",
            Format::Compose,
        );
        let dockerfile = doc("repo/iris/Dockerfile", "FROM x\nCOPY b.cpf /opt/app/\n", Format::Dockerfile);
        let merge = doc("repo/merge.conf", "[Startup]\nWebServer=1\n", Format::CpfMerge);
        let b = doc("repo/iris/b.cpf", "[Startup]\nWebServer=0\n", Format::CpfMerge);
        let docs = [&compose, &dockerfile, &merge, &b];
        let wired = wired_merges(&docs);
        let paths: Vec<_> = wired.iter().map(|w| w.path.display().to_string()).collect();
        assert_eq!(paths, ["repo/merge.conf", "repo/iris/b.cpf"]);
        assert!(wired[0].by.starts_with("repo/docker-compose.yml:5: merge file /home/irisowner/dev/merge.conf"));
        assert_eq!(known_layers(&docs).len(), 2);
    }

    #[test]
    fn iris_merge_in_a_dockerfile() {
        let dockerfile = doc(
            "r/Dockerfile",
            "FROM x\nCOPY cpf/merge.cpf /tmp/merge.cpf\nRUN iris start IRIS && iris merge IRIS /tmp/merge.cpf && iris stop IRIS quietly\n",
            Format::Dockerfile,
        );
        let merge = doc("r/cpf/merge.cpf", "[Actions]\n", Format::CpfMerge);
        let docs = [&dockerfile, &merge];
        assert_eq!(wired_merges(&docs)[0].path, PathBuf::from("r/cpf/merge.cpf"));
    }
}
