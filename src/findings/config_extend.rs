//! `extend = "../irislint.toml"`: a configuration file inherits another, which
//! may inherit a third. The path is relative to the file that names it; a loop
//! or a missing file is an error naming the files involved.

use super::config::ConfigFile;
use std::path::{Path, PathBuf};

/// Files that extend one another beyond this depth are taken for a mistake.
const MAX_DEPTH: usize = 32;

/// The file at `path` and every file it extends, parent first, each with its folder.
pub fn chain(path: &Path) -> Result<Vec<(ConfigFile, Option<PathBuf>)>, String> {
    let mut layers = Vec::new();
    let mut seen: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut next = path.to_path_buf();
    let mut named_by: Option<PathBuf> = None;
    loop {
        let canonical = std::fs::canonicalize(&next).map_err(|e| match &named_by {
            Some(by) => format!("{}: extend = {:?}: {}", by.display(), next.display().to_string(), describe(&e)),
            None => format!("{}: {}", next.display(), describe(&e)),
        })?;
        if let Some(at) = seen.iter().position(|(c, _)| *c == canonical) {
            let mut cycle: Vec<String> = seen[at..].iter().map(|(_, shown)| shown.display().to_string()).collect();
            cycle.push(next.display().to_string());
            return Err(format!("configuration files extend each other in a loop: {}", cycle.join(" → ")));
        }
        if seen.len() >= MAX_DEPTH {
            return Err(format!("{}: more than {MAX_DEPTH} configuration files extend one another", path.display()));
        }
        let text = std::fs::read_to_string(&next).map_err(|e| format!("{}: {}", next.display(), describe(&e)))?;
        let file = ConfigFile::parse(&text)
            .and_then(|f| f.check_codes().map(|_| f))
            .map_err(|e| format!("{}: {e}", next.display()))?;
        let dir = next.parent().map(Path::to_path_buf);
        let parent = file.extend.clone();
        seen.push((canonical, next.clone()));
        layers.push((file, dir.clone()));
        match parent {
            Some(p) => {
                named_by = Some(next.clone());
                next = dir.unwrap_or_default().join(p);
            }
            None => break,
        }
    }
    layers.reverse();
    Ok(layers)
}

fn describe(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::config::Config;
    use std::path::Path;

    fn write(dir: &Path, name: &str, text: &str) {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    #[test]
    fn inherits_and_overrides_key_by_key() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "irislint.toml",
            "profile = \"development\"\nignore = [\"IRIS603\"]\nexclude = [\"vendor/**\"]\n[severity]\nIRIS301 = \"info\"\nIRIS501 = \"error\"\n[per-file-ignores]\n\"team/dev/*.cpf\" = [\"IRIS401\"]\n",
        );
        write(
            dir.path(),
            "team/irislint.toml",
            "extend = \"../irislint.toml\"\nignore = [\"IRIS604\"]\n[severity]\nIRIS501 = \"warning\"\n",
        );
        let c = Config::load(&dir.path().join("team/irislint.toml")).unwrap();
        assert_eq!(c.profile, super::super::config::Profile::Development, "inherited");
        assert_eq!(c.ignore, vec!["IRIS604"], "a list the file sets replaces the inherited one");
        assert_eq!(c.severity.get("IRIS301"), Some(&crate::findings::Severity::Info), "inherited entry");
        assert_eq!(c.severity.get("IRIS501"), Some(&crate::findings::Severity::Warning), "overridden entry");
        // The inherited per-file glob is relative to the file that names it.
        write(dir.path(), "team/dev/a.cpf", "");
        write(dir.path(), "team/prod/a.cpf", "");
        assert!(!c.enabled("IRIS401", &dir.path().join("team/dev/a.cpf")));
        assert!(c.enabled("IRIS401", &dir.path().join("team/prod/a.cpf")));
        write(dir.path(), "vendor/x.cpf", "");
        assert!(c.is_excluded(&dir.path().join("vendor/x.cpf")));
    }

    #[test]
    fn loops_and_missing_files_are_errors_naming_the_files() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.toml", "extend = \"b.toml\"\n");
        write(dir.path(), "b.toml", "extend = \"./a.toml\"\n");
        let err = Config::load(&dir.path().join("a.toml")).unwrap_err();
        assert!(err.contains("loop") && err.contains("a.toml → ") && err.contains("b.toml → "), "{err}");
        write(dir.path(), "c.toml", "extend = \"../nowhere/irislint.toml\"\n");
        let err = Config::load(&dir.path().join("c.toml")).unwrap_err();
        assert!(err.contains("c.toml: extend = \"") && err.contains("nowhere/irislint.toml\": no such file"), "{err}");
        write(dir.path(), "d.toml", "extend = \"e.toml\"\n");
        write(dir.path(), "e.toml", "selcet = []\n");
        let err = Config::load(&dir.path().join("d.toml")).unwrap_err();
        assert!(err.contains("e.toml") && err.contains("selcet"), "an error in the inherited file names it: {err}");
    }
}
