//! Open documents. One task — the writer — owns every document's rope and
//! applies all mutations in the order the client sent them;
//! handlers only read the [`Snapshot`]s it publishes. Queued changes are
//! applied together and linted once, and a lint result is stored and
//! published only if no newer change for its document is waiting.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use ropey::Rope;
use tokio::sync::mpsc;
use tower_lsp_server::ls_types::{MessageType, TextDocumentContentChangeEvent, Uri};
use tower_lsp_server::Client;

use super::config::Configs;
use super::convert::{self, Encoding};
use super::diagnostics::Job;
use super::instance::{Context, OpenText};
use super::linter::{self, Linter, Outcome, DEFAULT_BUDGET};
use super::memory;
use super::server::Shared;
pub use super::store::{Snapshot, Store};
use crate::findings::config::Profile;
use crate::formats::Format;

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
    /// A lint that ran over its budget has ended: documents that changed
    /// meanwhile can be linted again.
    Recheck,
    Stop,
}

impl Msg {
    /// Whether this queued message will change what a lint of `uri` at
    /// `version` found (a stale change will not: it is dropped).
    fn supersedes(&self, uri: &Uri, version: i32) -> bool {
        match self {
            Msg::Change { uri: u, version: v, .. } => u == uri && *v > version,
            Msg::Open { uri: u, .. } | Msg::Close { uri: u } => u == uri,
            Msg::Profile(_) | Msg::ReloadConfig => true,
            Msg::Invalid(_) | Msg::Recheck | Msg::Stop => false,
        }
    }
}

/// The writer's own state of one open document.
struct Open {
    version: i32,
    rope: Rope,
    language_id: String,
    /// Why it was not linted last time, to log a reason once.
    skipped: Option<String>,
    /// The other files of its instance when it was last linted: a change to
    /// one of them lints it again.
    peers: Vec<String>,
    /// The version whose lint result was last published.
    published: Option<i32>,
    /// The version that ran over its lint budget, if the last one did.
    over_budget: Option<i32>,
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
    let mut linter = Linter::start(shared.caps().root.clone(), shared.sender().downgrade());
    let mut queue: VecDeque<Msg> = VecDeque::new();
    let mut lints: u64 = 0;
    // Lints since memory was last given back (see `memory::IDLE`).
    let mut unreleased = false;
    loop {
        if queue.is_empty() {
            let next = if unreleased {
                match tokio::time::timeout(memory::IDLE, rx.recv()).await {
                    Ok(next) => next,
                    Err(_) => {
                        memory::release_freed();
                        unreleased = false;
                        continue;
                    }
                }
            } else {
                rx.recv().await
            };
            match next {
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
        let mut closed_large = false;
        while let Some(msg) = queue.pop_front() {
            if matches!(msg, Msg::Stop) {
                stop = true;
                break;
            }
            if let Msg::Open { uri, .. } | Msg::Change { uri, .. } | Msg::Close { uri } = &msg {
                touched.push(super::config::doc_path(uri));
            }
            if let Msg::Close { uri } = &msg {
                closed_large |= docs.get(uri).is_some_and(|d| d.rope.len_bytes() > memory::LARGE);
            }
            apply(msg, &mut docs, &mut dirty, &mut configs, &shared, &client, enc).await;
        }
        let mut peers_changed = false;
        for (uri, d) in &docs {
            if dirty.contains(uri) {
                continue;
            }
            if d.peers.iter().any(|p| touched.contains(p)) {
                dirty.push(uri.clone());
                peers_changed = true;
            } else if d.published != Some(d.version) {
                // Every accepted change ends in a published lint of the newest version.
                dirty.push(uri.clone());
            }
        }

        if dirty.is_empty() {
            if closed_large {
                memory::release_freed();
                unreleased = false;
            }
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
        let budget = shared.caps().lint_timeout.unwrap_or(DEFAULT_BUDGET);
        // A large document was linted or closed: its memory can go back.
        let mut freed = closed_large;
        // One document at a time: what a lint reads stays in memory until it
        // is done, and a document over its budget holds up no other.
        for uri in &dirty {
            let Some(d) = docs.get(uri) else { continue };
            let (config, error) = configs.for_uri(uri);
            let tried = !(d.over_budget.is_some() && linter.busy_with_runaway());
            let linted = if !tried {
                // Its last lint is still running: not another one beside it.
                linter::over_budget(uri.clone(), d.version, config, budget)
            } else {
                let job = Job {
                    uri: uri.clone(),
                    version: d.version,
                    rope: d.rope.clone(),
                    language_id: d.language_id.clone(),
                    config,
                    config_error: error,
                    encoding: enc,
                    context: context.clone(),
                    previous: shared.store.take_document(uri),
                };
                match linter.lint(job, budget).await {
                    Outcome::Done(linted, notes) => {
                        for note in notes {
                            log(&client, MessageType::WARNING, note).await;
                        }
                        linted
                    }
                    Outcome::OverBudget(linted) => linted,
                    Outcome::Gone => {
                        log(&client, MessageType::ERROR, "the linting thread has stopped").await;
                        continue;
                    }
                }
            };
            // Whatever arrived meanwhile decides whether the result is already stale.
            while let Ok(m) = rx.try_recv() {
                if !stop {
                    queue.push_back(m);
                }
            }
            let Some(d) = docs.get_mut(&linted.uri) else { continue };
            if d.version != linted.version {
                continue;
            }
            let format = linted.doc.as_ref().map(|doc| doc.format);
            let large = d.rope.len_bytes() > memory::LARGE;
            freed |= large;
            // A large document keeps its text and diagnostics only (see `memory::LARGE`).
            let doc = if large { None } else { linted.doc.map(Arc::new) };
            d.peers = linted.peers;
            if tried {
                d.over_budget = linted.over_budget.then_some(linted.version);
            }
            if let Some(e) = &linted.config_error {
                configs.report_once(&client, e).await;
            }
            if d.skipped != linted.skipped {
                if let Some(why) = &linted.skipped {
                    log(&client, MessageType::WARNING, format!("{}: not linted: {why}", linted.uri.as_str())).await;
                }
                d.skipped = linted.skipped.clone();
            }
            if queue.iter().any(|m| m.supersedes(&linted.uri, linted.version)) {
                continue;
            }
            d.published = Some(linted.version);
            lints += 1;
            let snap = Snapshot {
                result_id: format!("{}-{lints}", linted.version),
                uri: linted.uri,
                version: linted.version,
                rope: d.rope.clone(),
                format,
                path: linted.path,
                doc: Mutex::new(doc),
                findings: linted.findings,
                diagnostics: linted.diagnostics,
                config: linted.config,
            };
            if !shared.caps().pull {
                client.publish_diagnostics(snap.uri.clone(), snap.diagnostics.clone(), Some(snap.version)).await;
            }
            shared.store.put(snap);
        }
        if freed {
            memory::release_freed();
        }
        unreleased = !freed;
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
                    language_id,
                    skipped: None,
                    peers: Vec::new(),
                    published: None,
                    over_budget: None,
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
        Msg::Recheck => {
            for (uri, d) in docs.iter() {
                if d.over_budget.is_some_and(|v| v != d.version) {
                    mark(uri);
                }
            }
        }
        Msg::Stop => {}
    }
}

/// Applies one content change to the rope.
fn edit(d: &mut Open, change: TextDocumentContentChangeEvent, enc: Encoding) -> Result<(), String> {
    let Some(range) = change.range else {
        d.rope = Rope::from_str(&change.text);
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
    let start_char = d.rope.byte_to_char(start);
    let end_char = d.rope.byte_to_char(end);
    d.rope.remove(start_char..end_char);
    d.rope.insert(start_char, &change.text);
    problem.map_or(Ok(()), Err)
}

/// The format of a document from its name (as the command line tells it);
/// a document that is no file yet (`untitled:`) may name it by language id.
pub fn format_of(uri: &Uri, text: &str, language_id: &str) -> Option<Format> {
    let unsaved = !uri.scheme().as_str().eq_ignore_ascii_case("file");
    crate::formats::detect(uri.path().as_str(), text)
        .or_else(|| (unsaved && matches!(language_id, "cpf" | "iris-cpf")).then_some(Format::CpfMerge))
}
