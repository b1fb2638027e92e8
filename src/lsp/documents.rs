//! Open documents. One task — the writer — owns every document's rope and
//! syntax tree and applies all mutations in the order the client sent them;
//! handlers only read the [`Snapshot`]s it publishes. Queued changes are
//! applied together and linted once, and a lint result is stored and
//! published only if no newer change for its document is waiting.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use dashmap::DashMap;
use ropey::Rope;
use tokio::sync::{mpsc, oneshot, watch};
use tower_lsp_server::ls_types::{Diagnostic, MessageType, TextDocumentContentChangeEvent, Uri};
use tower_lsp_server::Client;
use tree_sitter::{InputEdit, Point, Tree};

use super::config::Configs;
use super::convert::{self, Encoding};
use super::diagnostics::{self, Job, Linted};
use super::instance::{Context, Instances, OpenText};
use super::server::Shared;
use crate::findings::config::{Config, Profile};
use crate::findings::Finding;
use crate::formats::{Document, Format};

/// What the writer is asked to do, in arrival order.
#[derive(Debug)]
pub enum Msg {
    Open {
        uri: Uri,
        version: i32,
        text: String,
        language_id: String,
    },
    Change {
        uri: Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    },
    Close {
        uri: Uri,
    },
    /// The `irislint.profile` setting (`None`: the configuration file decides).
    Profile(Option<Profile>),
    /// An `irislint.toml` changed: read configurations again.
    ReloadConfig,
    /// Something the client sent that could not be used.
    Invalid(String),
    Stop,
}

impl Msg {
    fn touches(&self, uri: &Uri) -> bool {
        match self {
            Msg::Open { uri: u, .. } | Msg::Change { uri: u, .. } | Msg::Close { uri: u } => u == uri,
            Msg::Profile(_) | Msg::ReloadConfig => true,
            Msg::Invalid(_) | Msg::Stop => false,
        }
    }
}

/// How many documents keep their read form and syntax tree in memory: the
/// ones used last. Others are read again from their text when needed, so that
/// hundreds of open documents stay small.
pub const HOT: usize = 16;

/// A document as of one version, with what linting found.
#[derive(Debug)]
pub struct Snapshot {
    pub uri: Uri,
    pub version: i32,
    pub rope: Rope,
    /// `None` when the document is not linted (not a format irislint reads, too large, binary).
    pub format: Option<Format>,
    /// The path the engine reports it under.
    pub path: String,
    /// The read document, while it is among the [`HOT`] ones (see [`Store::document`]).
    doc: Mutex<Option<Arc<Document>>>,
    pub findings: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
    /// The configuration it was linted with (fix-all lints again with it).
    pub config: Config,
    /// Names this lint result for pulled diagnostics (a new one each lint).
    pub result_id: String,
}

/// The snapshots handlers read, and the versions received so far.
pub struct Store {
    snapshots: DashMap<Uri, Arc<Snapshot>>,
    /// The newest version the client sent of each document, recorded as it arrives.
    received: DashMap<Uri, i32>,
    updated: watch::Sender<u64>,
    /// Snapshots holding their read document, most recently used first.
    hot: Mutex<VecDeque<Arc<Snapshot>>>,
}

impl Default for Store {
    fn default() -> Self {
        Self {
            snapshots: DashMap::new(),
            received: DashMap::new(),
            updated: watch::channel(0).0,
            hot: Mutex::new(VecDeque::new()),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Store {
    /// Records a version as it arrives (before the writer applies it).
    pub fn note_received(&self, uri: &Uri, version: Option<i32>) {
        match version {
            Some(v) => {
                let mut entry = self.received.entry(uri.clone()).or_insert(v);
                *entry = (*entry).max(v);
            }
            None => {
                self.received.remove(uri);
            }
        }
    }

    /// Whether a document is open (or being opened).
    pub fn is_open(&self, uri: &Uri) -> bool {
        self.received.contains_key(uri) || self.snapshots.contains_key(uri)
    }

    /// The texts of open documents that are files, by the path the engine
    /// reports them under.
    pub fn open_texts(&self) -> HashMap<String, OpenText> {
        self.snapshots
            .iter()
            .filter(|s| super::config::file_path(&s.uri).is_some())
            .map(|s| (s.path.clone(), OpenText { uri: s.uri.clone(), version: s.version, rope: s.rope.clone() }))
            .collect()
    }

    pub fn note_opened(&self, uri: &Uri, version: i32) {
        self.received.insert(uri.clone(), version);
    }

    /// The snapshot as it is now, current or not.
    pub fn latest(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        self.snapshots.get(uri).map(|s| s.clone())
    }

    /// The snapshot of the newest version received, waiting (up to `limit`)
    /// for the writer to get there; else the newest there is.
    pub async fn current(&self, uri: &Uri, limit: Duration) -> Option<Arc<Snapshot>> {
        let mut rx = self.updated.subscribe();
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let wanted = self.received.get(uri).map(|v| *v);
            let snap = self.latest(uri);
            match (&snap, wanted) {
                (Some(s), Some(w)) if s.version >= w => return snap,
                (_, None) => return snap,
                _ => {}
            }
            if tokio::time::timeout_at(deadline, rx.changed()).await.is_err() {
                return snap;
            }
        }
    }

    /// The snapshot's read document: kept for the [`HOT`] most recently used
    /// snapshots, read again from the text otherwise. `None` for documents
    /// that are not linted, or that the engine cannot read.
    pub fn document(&self, snap: &Arc<Snapshot>) -> Option<Arc<Document>> {
        let format = snap.format?;
        let held = lock(&snap.doc).clone();
        let doc = match held {
            Some(d) => d,
            None => {
                let read = || crate::formats::read(&snap.path, snap.rope.to_string(), format);
                let doc = Arc::new(std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).ok()?);
                *lock(&snap.doc) = Some(doc.clone());
                doc
            }
        };
        self.touch(snap);
        Some(doc)
    }

    /// Puts a snapshot first among the hot ones; the coldest lose their document.
    fn touch(&self, snap: &Arc<Snapshot>) {
        let mut hot = lock(&self.hot);
        hot.retain(|s| !Arc::ptr_eq(s, snap));
        hot.push_front(snap.clone());
        while hot.len() > HOT {
            if let Some(cold) = hot.pop_back() {
                *lock(&cold.doc) = None;
            }
        }
    }

    fn put(&self, snap: Snapshot) {
        let uri = snap.uri.clone();
        let snap = Arc::new(snap);
        let replaced = self.snapshots.insert(uri, snap.clone());
        {
            // The replaced version's document is of no more use.
            let mut hot = lock(&self.hot);
            if let Some(old) = &replaced {
                hot.retain(|s| !Arc::ptr_eq(s, old));
            }
        }
        if lock(&snap.doc).is_some() {
            self.touch(&snap);
        }
        self.updated.send_modify(|n| *n += 1);
    }

    fn remove(&self, uri: &Uri) {
        if let Some((_, old)) = self.snapshots.remove(uri) {
            lock(&self.hot).retain(|s| !Arc::ptr_eq(s, &old));
        }
        self.updated.send_modify(|n| *n += 1);
    }
}

/// The writer's own state of one open document.
struct Open {
    version: i32,
    rope: Rope,
    tree: Option<Tree>,
    language_id: String,
    /// Why it was not linted last time, to log a reason once.
    skipped: Option<String>,
    /// When it last changed (a counter), to keep trees of the [`HOT`] latest only.
    changed: u64,
    /// The other files of its instance when it was last linted: a change to
    /// one of them lints it again.
    peers: Vec<String>,
}

/// Logs to standard error and to the client's log.
pub async fn log(client: &Client, typ: MessageType, message: impl Into<String>) {
    let message = message.into();
    eprintln!("irislint server: {message}");
    client.log_message(typ, message).await;
}

/// The writer task: runs until `Stop` or until every sender is gone.
pub async fn run(mut rx: mpsc::UnboundedReceiver<Msg>, shared: Arc<Shared>, client: Client) {
    let mut docs: HashMap<Uri, Open> = HashMap::new();
    let mut configs = Configs::new(shared.caps().root.clone());
    let linter = Linter::start(shared.caps().root.clone());
    let mut queue: VecDeque<Msg> = VecDeque::new();
    let mut lints: u64 = 0;
    let mut ticks: u64 = 0;
    loop {
        if queue.is_empty() {
            match rx.recv().await {
                Some(m) => queue.push_back(m),
                None => return,
            }
        }
        while let Ok(m) = rx.try_recv() {
            queue.push_back(m);
        }
        let mut dirty: Vec<Uri> = Vec::new();
        // Paths of documents opened, changed or closed: their peers are linted again.
        let mut touched: Vec<String> = Vec::new();
        let enc = shared.caps().encoding;
        // `Stop` (at shutdown) ends the writer once what came before it is answered.
        let mut stop = false;
        while let Some(msg) = queue.pop_front() {
            if matches!(msg, Msg::Stop) {
                stop = true;
                break;
            }
            if let Msg::Open { uri, .. } | Msg::Change { uri, .. } | Msg::Close { uri } = &msg {
                touched.push(super::config::doc_path(uri));
            }
            apply(msg, &mut docs, &mut dirty, &mut configs, &shared, &client, enc).await;
        }
        let mut peers_changed = false;
        for (uri, d) in &docs {
            if d.peers.iter().any(|p| touched.contains(p)) && !dirty.contains(uri) {
                dirty.push(uri.clone());
                peers_changed = true;
            }
        }

        if dirty.is_empty() {
            if stop {
                return;
            }
            continue;
        }
        let context = Context {
            root: shared.caps().root.clone(),
            open: Arc::new(
                docs.iter()
                    .filter(|(uri, _)| super::config::file_path(uri).is_some())
                    .map(|(uri, d)| {
                        let text = OpenText { uri: uri.clone(), version: d.version, rope: d.rope.clone() };
                        (super::config::doc_path(uri), text)
                    })
                    .collect(),
            ),
            profile: configs.profile(),
            generation: configs.generation(),
        };
        // A few documents at a time: what one batch reads stays in memory
        // until it is done, and many documents open at once.
        for chunk in dirty.chunks(HOT) {
            let jobs: Vec<Job> = chunk
                .iter()
                .filter_map(|uri| {
                    let d = docs.get(uri)?;
                    let (config, error) = configs.for_uri(uri);
                    Some(Job {
                        uri: uri.clone(),
                        version: d.version,
                        rope: d.rope.clone(),
                        tree: d.tree.clone(),
                        language_id: d.language_id.clone(),
                        config,
                        config_error: error,
                        encoding: enc,
                        context: context.clone(),
                    })
                })
                .collect();
            let results = match linter.lint(jobs).await {
                Some((r, notes)) => {
                    for note in notes {
                        log(&client, MessageType::WARNING, note).await;
                    }
                    r
                }
                None => {
                    log(&client, MessageType::ERROR, "the linting thread has stopped").await;
                    Vec::<Linted>::new()
                }
            };
            // Whatever arrived meanwhile decides which results are already stale.
            while let Ok(m) = rx.try_recv() {
                if !stop {
                    queue.push_back(m);
                }
            }
            for linted in results {
                let Some(d) = docs.get_mut(&linted.uri) else { continue };
                if d.version != linted.version {
                    continue;
                }
                d.tree = linted.tree;
                d.peers = linted.peers;
                ticks += 1;
                d.changed = ticks;
                if let Some(e) = &linted.config_error {
                    configs.report_once(&client, e).await;
                }
                if d.skipped != linted.skipped {
                    if let Some(why) = &linted.skipped {
                        log(&client, MessageType::WARNING, format!("{}: not linted: {why}", linted.uri.as_str())).await;
                    }
                    d.skipped = linted.skipped.clone();
                }
                if queue.iter().any(|m| m.touches(&linted.uri)) {
                    continue;
                }
                lints += 1;
                let snap = Snapshot {
                    result_id: format!("{}-{lints}", linted.version),
                    uri: linted.uri,
                    version: linted.version,
                    rope: d.rope.clone(),
                    format: linted.doc.as_ref().map(|doc| doc.format),
                    path: linted.path,
                    doc: Mutex::new(linted.doc.map(Arc::new)),
                    findings: linted.findings,
                    diagnostics: linted.diagnostics,
                    config: linted.config,
                };
                if !shared.caps().pull {
                    client.publish_diagnostics(snap.uri.clone(), snap.diagnostics.clone(), Some(snap.version)).await;
                }
                shared.store.put(snap);
            }
            drop_cold_trees(&mut docs);
        }
        if peers_changed && shared.caps().pull && shared.caps().refresh {
            // Documents the client did not change have new diagnostics: it should pull again.
            let client = client.clone();
            tokio::spawn(async move {
                let _ = client.workspace_diagnostic_refresh().await;
            });
        }
        if stop {
            return;
        }
    }
}

/// One thread of its own lints, off the runtime. A single long-lived thread
/// (rather than a pool whose threads come and go) keeps the allocator to few
/// arenas, so memory freed after linting is reused instead of piling up.
/// The thread also keeps the files of instances read from disk.
struct Linter {
    jobs: std::sync::mpsc::Sender<(Vec<Job>, Reply)>,
}

/// Lint results, and what to log.
type Reply = oneshot::Sender<(Vec<Linted>, Vec<String>)>;

impl Linter {
    fn start(root: Option<std::path::PathBuf>) -> Linter {
        let (tx, rx) = std::sync::mpsc::channel::<(Vec<Job>, Reply)>();
        let spawned = std::thread::Builder::new().name("irislint-lint".into()).spawn(move || {
            let mut instances = Instances::new(root);
            while let Ok((jobs, reply)) = rx.recv() {
                let results = jobs.into_iter().map(|job| diagnostics::lint(job, &mut instances)).collect();
                let _ = reply.send((results, std::mem::take(&mut instances.notes)));
            }
        });
        if let Err(e) = spawned {
            eprintln!("irislint server: cannot start the linting thread: {e}");
        }
        Linter { jobs: tx }
    }

    /// The results, or `None` if the thread is gone.
    async fn lint(&self, jobs: Vec<Job>) -> Option<(Vec<Linted>, Vec<String>)> {
        let (reply, answer) = oneshot::channel();
        self.jobs.send((jobs, reply)).ok()?;
        answer.await.ok()
    }
}

/// Keeps the syntax trees of the [`HOT`] most recently changed documents; the
/// others are parsed in full on their next change.
fn drop_cold_trees(docs: &mut HashMap<Uri, Open>) {
    let mut with_tree: Vec<u64> = docs.values().filter(|d| d.tree.is_some()).map(|d| d.changed).collect();
    if with_tree.len() <= HOT {
        return;
    }
    with_tree.sort_unstable_by(|a, b| b.cmp(a));
    let keep_from = with_tree[HOT - 1];
    for d in docs.values_mut() {
        if d.changed < keep_from {
            d.tree = None;
        }
    }
}

async fn apply(
    msg: Msg,
    docs: &mut HashMap<Uri, Open>,
    dirty: &mut Vec<Uri>,
    configs: &mut Configs,
    shared: &Shared,
    client: &Client,
    enc: Encoding,
) {
    let mut mark = |uri: &Uri| {
        if !dirty.contains(uri) {
            dirty.push(uri.clone());
        }
    };
    match msg {
        Msg::Open { uri, version, text, language_id } => {
            if docs.contains_key(&uri) {
                log(client, MessageType::WARNING, format!("{} opened twice; using the new text", uri.as_str())).await;
            }
            docs.insert(
                uri.clone(),
                Open {
                    version,
                    rope: Rope::from_str(&text),
                    tree: None,
                    language_id,
                    skipped: None,
                    changed: 0,
                    peers: Vec::new(),
                },
            );
            mark(&uri);
        }
        Msg::Change { uri, version, changes } => {
            let Some(d) = docs.get_mut(&uri) else {
                log(client, MessageType::WARNING, format!("change for {} which is not open: ignored", uri.as_str()))
                    .await;
                return;
            };
            if version <= d.version {
                log(client, MessageType::LOG, format!("stale change to {} (version {version}) dropped", uri.as_str()))
                    .await;
                return;
            }
            for change in changes {
                if let Err(problem) = edit(d, change, enc) {
                    log(client, MessageType::WARNING, format!("{}: {problem}", uri.as_str())).await;
                }
            }
            d.version = version;
            mark(&uri);
        }
        Msg::Close { uri } => {
            dirty.retain(|u| *u != uri);
            if docs.remove(&uri).is_none() {
                log(client, MessageType::LOG, format!("close of {} which is not open: ignored", uri.as_str())).await;
            }
            shared.store.remove(&uri);
            client.publish_diagnostics(uri, Vec::new(), None).await;
        }
        Msg::Profile(profile) => {
            configs.set_profile(profile);
            docs.keys().for_each(&mut mark);
        }
        Msg::ReloadConfig => {
            configs.reload();
            docs.keys().for_each(&mut mark);
            if shared.caps().pull && shared.caps().refresh {
                let client = client.clone();
                // The client answers this request later; the writer does not wait for it.
                tokio::spawn(async move {
                    let _ = client.workspace_diagnostic_refresh().await;
                });
            }
        }
        Msg::Invalid(problem) => log(client, MessageType::WARNING, problem).await,
        Msg::Stop => {}
    }
}

/// Applies one content change to the rope and the syntax tree.
fn edit(d: &mut Open, change: TextDocumentContentChangeEvent, enc: Encoding) -> Result<(), String> {
    let Some(range) = change.range else {
        d.rope = Rope::from_str(&change.text);
        d.tree = None;
        return Ok(());
    };
    let len = d.rope.len_bytes();
    let (start, end, problem) = match convert::text_range(&d.rope, range, enc) {
        Some(r) => (r.start, r.end, None),
        None => {
            let start = convert::offset(&d.rope, range.start, enc).unwrap_or(len);
            (start, len, Some(format!("change range {range:?} is past the end of the text; applied at the end")))
        }
    };
    let start_position = point(&d.rope, start);
    let old_end_position = point(&d.rope, end);
    let start_char = d.rope.byte_to_char(start);
    let end_char = d.rope.byte_to_char(end);
    d.rope.remove(start_char..end_char);
    d.rope.insert(start_char, &change.text);
    let new_end = start + change.text.len();
    if let Some(tree) = &mut d.tree {
        tree.edit(&InputEdit {
            start_byte: start,
            old_end_byte: end,
            new_end_byte: new_end,
            start_position,
            old_end_position,
            new_end_position: point(&d.rope, new_end),
        });
    }
    problem.map_or(Ok(()), Err)
}

/// tree-sitter's point of a byte offset: the row and the byte column.
fn point(rope: &Rope, offset: usize) -> Point {
    let row = rope.byte_to_line(offset);
    Point { row, column: offset - rope.line_to_byte(row) }
}

/// The format of a document from its name (as the command line tells it);
/// a document that is no file yet (`untitled:`) may name it by language id.
pub fn format_of(uri: &Uri, text: &str, language_id: &str) -> Option<Format> {
    let unsaved = !uri.scheme().as_str().eq_ignore_ascii_case("file");
    crate::formats::detect(uri.path().as_str(), text)
        .or_else(|| (unsaved && matches!(language_id, "cpf" | "iris-cpf")).then_some(Format::CpfMerge))
}
