//! The instance an open document belongs to. The cross-file rules (IRIS7xx,
//! IRIS108) judge all the files of one instance together, so the server finds
//! a document's fellow files as `irislint check <folder>` does (the same walk,
//! the same grouping, `[instances]` included), reads them from disk — or, when
//! they are open, from the editor — and keeps for the document the findings
//! that land in it. Files read from disk are cached by path, modification time
//! and size, and a folder's listing is reused for a moment, so that typing
//! does not read the folder again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use ropey::Rope;
use tower_lsp_server::ls_types::Uri;

use super::config::Configs;
use super::diagnostics::MAX_BYTES;
use crate::findings::config::{Config, Profile};
use crate::findings::Finding;
use crate::formats::{Document, Format};
use crate::lint;

/// The most files a folder may hold for the server to read it as instances
/// (for a document's instance and for `workspace/diagnostic`).
pub const MAX_FILES: usize = 2_000;

/// How long a folder's listing is reused.
const LISTING_TTL: Duration = Duration::from_secs(2);

/// An open document's text as the writer has it.
#[derive(Clone, Debug)]
pub struct OpenText {
    pub uri: Uri,
    pub version: i32,
    pub rope: Rope,
}

/// What the linting side needs to know of the editor's state.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// The workspace folder.
    pub root: Option<PathBuf>,
    /// Open documents, by the path the engine reports them under.
    pub open: Arc<HashMap<String, OpenText>>,
    pub profile: Option<Profile>,
    /// Changes when `irislint.toml` files are to be read again.
    pub generation: u64,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Stamp {
    Disk(Option<SystemTime>, u64),
    Open(i32),
}

struct Cached {
    stamp: Stamp,
    /// `None` for a file the command line would skip.
    format: Option<Format>,
    /// Read when the file is in an instance that is checked.
    doc: Option<Arc<Document>>,
}

struct Listing {
    at: Instant,
    files: Vec<PathBuf>,
    capped: bool,
}

/// A document's findings within its instance.
pub struct InInstance {
    pub findings: Vec<Finding>,
    /// The other files of its instance (empty when it is alone).
    pub peers: Vec<String>,
    /// Those files as read, for related places in them.
    pub others: HashMap<String, Arc<Document>>,
}

/// Files and listings read so far, and the configurations for them.
pub struct Instances {
    files: HashMap<String, Cached>,
    listings: HashMap<PathBuf, Listing>,
    configs: Configs,
    generation: u64,
    /// What to tell the user (a folder over [`MAX_FILES`]), once each.
    pub notes: Vec<String>,
    noted: std::collections::HashSet<PathBuf>,
}

impl Instances {
    pub fn new(root: Option<PathBuf>) -> Self {
        Self {
            files: HashMap::new(),
            listings: HashMap::new(),
            configs: Configs::new(root),
            generation: 0,
            notes: Vec::new(),
            noted: Default::default(),
        }
    }

    fn sync(&mut self, ctx: &Context) {
        if self.generation != ctx.generation {
            // Exclusions may have changed with the configuration.
            self.configs.reload();
            self.files.clear();
            self.generation = ctx.generation;
        }
        self.configs.set_profile(ctx.profile);
    }

    /// Lints a read document with the other files of its instance; alone
    /// (exactly as `lint::check_document_alone`) when there are none.
    pub fn check(&mut self, doc: &Document, config: &Config, ctx: &Context) -> InInstance {
        self.sync(ctx);
        let alone = |doc: &Document| InInstance {
            findings: lint::check_document_alone(doc, config),
            peers: Vec::new(),
            others: HashMap::new(),
        };
        let path = PathBuf::from(&doc.path);
        if !path.is_absolute() {
            return alone(doc);
        }
        let Some((root, files)) = self.folder_of(&path, ctx) else { return alone(doc) };
        let mut light: Vec<Document> = Vec::new();
        for file in &files {
            let p = file.display().to_string();
            if p == doc.path {
                continue;
            }
            if let Some(format) = self.format(file, &p, ctx) {
                light.push(Document::new(&p, String::new(), format));
            }
        }
        let mut refs: Vec<&Document> = light.iter().collect();
        refs.push(doc);
        let named = self.configs.for_path(&root).map(|c| c.instances).unwrap_or_default();
        let roots = [root.display().to_string()];
        let Some(group) = crate::workspace::group(&refs, &roots, &named)
            .into_iter()
            .find(|i| i.docs.iter().any(|d| std::ptr::eq(*d, doc)))
        else {
            return alone(doc);
        };
        if group.docs.len() < 2 {
            return alone(doc);
        }
        let name = group.name.clone();
        let members: Vec<String> = group.docs.iter().map(|d| d.path.clone()).collect();
        let mut others: HashMap<String, Arc<Document>> = HashMap::new();
        for p in members.iter().filter(|p| **p != doc.path) {
            if let Some(d) = self.document(p, ctx) {
                others.insert(p.clone(), d);
            }
        }
        if others.is_empty() {
            return alone(doc);
        }
        let docs: Vec<&Document> = members
            .iter()
            .filter_map(|p| if *p == doc.path { Some(doc) } else { others.get(p).map(|d| &**d) })
            .collect();
        let instance = crate::workspace::Instance { name, docs, layers: group.layers.clone() };
        let mut configs: HashMap<String, Option<Config>> = HashMap::new();
        configs.insert(doc.path.clone(), Some(config.clone()));
        for p in others.keys() {
            configs.insert(p.clone(), self.configs.for_path(Path::new(p)).ok());
        }
        let (own, result) = lint::check_both(doc, config, &instance, &|p| configs.get(p).cloned().flatten());
        let findings = lint::join_instance(&doc.path, own, &result);
        let mut peers: Vec<String> = others.keys().cloned().collect();
        peers.sort();
        InInstance { findings, peers, others }
    }

    /// Every file of a folder that is not open, read and checked as
    /// `irislint check <folder>` does, with its findings.
    pub fn workspace(&mut self, root: &Path, ctx: &Context) -> Vec<(Arc<Document>, Vec<Finding>)> {
        self.sync(ctx);
        let files = self.listing(root).to_vec();
        let mut docs: Vec<Arc<Document>> = Vec::new();
        for file in &files {
            let p = file.display().to_string();
            if self.format(file, &p, ctx).is_some() {
                if let Some(d) = self.document(&p, ctx) {
                    docs.push(d);
                }
            }
        }
        let refs: Vec<&Document> = docs.iter().map(|d| &**d).collect();
        let named = self.configs.for_path(root).map(|c| c.instances).unwrap_or_default();
        let roots = [root.display().to_string()];
        let mut configs: HashMap<String, Option<Config>> = HashMap::new();
        for d in &refs {
            configs.insert(d.path.clone(), self.configs.for_path(Path::new(&d.path)).ok());
        }
        let mut out = Vec::new();
        for instance in crate::workspace::group(&refs, &roots, &named) {
            let result = lint::check_workspace(&instance, &|p| configs.get(p).cloned().flatten());
            for d in &instance.docs {
                if ctx.open.contains_key(&d.path) {
                    continue;
                }
                let Some(Some(config)) = configs.get(&d.path) else { continue };
                let findings = lint::join_instance(&d.path, lint::check_document(d, config), &result);
                if let Some(held) = docs.iter().find(|h| std::ptr::eq(Arc::as_ptr(h), *d)) {
                    out.push((held.clone(), findings));
                }
            }
        }
        // What is not open now need not stay in memory.
        for c in self.files.values_mut() {
            c.doc = None;
        }
        out.sort_by(|a, b| a.0.path.cmp(&b.0.path));
        out
    }

    /// The folder whose files make up the document's instances, and its files:
    /// the workspace folder, else the folder of the nearest `irislint.toml`;
    /// the first that is not over [`MAX_FILES`]. A document in neither (a
    /// file opened on its own) is linted alone: its folder may hold unrelated
    /// files.
    fn folder_of(&mut self, path: &Path, ctx: &Context) -> Option<(PathBuf, Vec<PathBuf>)> {
        let mut candidates: Vec<PathBuf> = Vec::new();
        if let Some(root) = ctx.root.as_ref().filter(|r| path.starts_with(r)) {
            candidates.push(root.clone());
        }
        if let Some(dir) = Config::discover(path).as_deref().and_then(Path::parent) {
            candidates.push(dir.to_path_buf());
        }
        for root in candidates {
            self.listing(&root);
            if let Some(l) = self.listings.get(&root).filter(|l| !l.capped) {
                let files = l.files.clone();
                return Some((root, files));
            }
        }
        None
    }

    /// The files a walk of `root` finds (reused for [`LISTING_TTL`]); the
    /// first [`MAX_FILES`] when there are more, which is noted once.
    fn listing(&mut self, root: &Path) -> &[PathBuf] {
        // A folder over the limit is walked again less often: it stays over it.
        let fresh =
            self.listings.get(root).is_some_and(|l| l.at.elapsed() < LISTING_TTL * if l.capped { 30 } else { 1 });
        if !fresh {
            let (found, capped) = crate::cli::discover::discover_at_most(root, &Config::default(), MAX_FILES);
            let files: Vec<PathBuf> = found.files.into_iter().map(|c| c.path).collect();
            if capped && self.noted.insert(root.to_path_buf()) {
                self.notes.push(format!(
                    "{} holds more than {MAX_FILES} files irislint may read: only the first {MAX_FILES} are read as instances",
                    root.display()
                ));
            }
            self.listings.retain(|_, l| l.at.elapsed() < LISTING_TTL * 31);
            self.listings.insert(root.to_path_buf(), Listing { at: Instant::now(), files, capped });
        }
        self.listings.get(root).map(|l| l.files.as_slice()).unwrap_or(&[])
    }

    /// The format of a listed file that the command line would check (open:
    /// its text in the editor), `None` for files it would skip.
    fn format(&mut self, file: &Path, p: &str, ctx: &Context) -> Option<Format> {
        let stamp = match ctx.open.get(p) {
            Some(open) => Stamp::Open(open.version),
            None => {
                let meta = std::fs::metadata(file).ok()?;
                if meta.len() > MAX_BYTES as u64 {
                    return None;
                }
                Stamp::Disk(meta.modified().ok(), meta.len())
            }
        };
        if let Some(c) = self.files.get(p).filter(|c| c.stamp == stamp) {
            return c.format;
        }
        let format = self.read(file, p, ctx).and_then(|(_, format)| format).filter(|_| {
            // Excluded by its configuration, or one that cannot be read: skipped, as the command line does.
            self.configs.for_path(file).is_ok_and(|c| !c.is_excluded(file))
        });
        // The document itself is read when its instance is checked.
        self.files.insert(p.to_string(), Cached { stamp, format, doc: None });
        format
    }

    /// A listed file's text (from the editor when open) and format.
    fn read(&self, file: &Path, p: &str, ctx: &Context) -> Option<(String, Option<Format>)> {
        let text = match ctx.open.get(p) {
            Some(open) if open.rope.len_bytes() <= MAX_BYTES => open.rope.to_string(),
            Some(_) => return None,
            None => crate::cli::input::read(file, MAX_BYTES as u64).ok()?.text,
        };
        if text.contains('\0') {
            return None;
        }
        let format = crate::formats::detect(p, &text);
        Some((text, format))
    }

    /// A file's read document (after [`Instances::format`] said it is one).
    fn document(&mut self, p: &str, ctx: &Context) -> Option<Arc<Document>> {
        let cached = self.files.get(p)?;
        if let Some(doc) = &cached.doc {
            return Some(doc.clone());
        }
        let format = cached.format?;
        let (text, _) = self.read(Path::new(p), p, ctx)?;
        let doc = Arc::new(crate::formats::read(p, text, format));
        if let Some(c) = self.files.get_mut(p) {
            c.doc = Some(doc.clone());
        }
        Some(doc)
    }
}

/// The URI and text of a file related places point into.
pub fn related_text(path: &str, others: &HashMap<String, Arc<Document>>, ctx: &Context) -> Option<(Uri, Rope)> {
    if let Some(open) = ctx.open.get(path) {
        return Some((open.uri.clone(), open.rope.clone()));
    }
    let doc = others.get(path)?;
    Some((Uri::from_file_path(path)?, Rope::from_str(&doc.text)))
}
