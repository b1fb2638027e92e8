//! The snapshots request handlers read, one per open document, and the
//! versions received so far: a request waits for the version the client
//! last sent, never for one it did not send. Only the [`HOT`] most recently
//! used snapshots keep their read document.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use dashmap::DashMap;
use ropey::Rope;
use tokio::sync::watch;
use tower_lsp_server::ls_types::{Diagnostic, Uri};

use super::instance::OpenText;
use crate::findings::config::Config;
use crate::findings::Finding;
use crate::formats::{Document, Format};

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
    pub(super) doc: Mutex<Option<Arc<Document>>>,
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
    /// Records a version as it arrives (before the writer applies it). A
    /// change to a document that is not open records nothing: the writer
    /// ignores it, so no request may wait for it.
    pub fn note_received(&self, uri: &Uri, version: Option<i32>) {
        match version {
            Some(v) => {
                if let Some(mut entry) = self.received.get_mut(uri) {
                    *entry = (*entry).max(v);
                }
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
        if snap.rope.len_bytes() > super::memory::LARGE {
            // Read for this request only (see `memory::LARGE`).
            let read = || crate::formats::read(&snap.path, snap.rope.to_string(), format);
            return std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).ok().map(Arc::new);
        }
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

    /// Takes the read document of a document's snapshot, for the next lint to
    /// read the new text from (a request on that snapshot reads it again).
    pub(super) fn take_document(&self, uri: &Uri) -> Option<Arc<Document>> {
        let snap = self.latest(uri)?;
        let doc = lock(&snap.doc).take();
        if doc.is_some() {
            lock(&self.hot).retain(|s| !Arc::ptr_eq(s, &snap));
        }
        doc
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

    pub(super) fn put(&self, snap: Snapshot) {
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

    pub(super) fn remove(&self, uri: &Uri) {
        if let Some((_, old)) = self.snapshots.remove(uri) {
            lock(&self.hot).retain(|s| !Arc::ptr_eq(s, &old));
        }
        self.updated.send_modify(|n| *n += 1);
    }
}
