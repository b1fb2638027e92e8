//! The linting thread, with a budget per document. A lint that runs past its
//! budget is left to finish on its own: the writer stops waiting, reports the
//! document as too complex to check and lints the others on a fresh thread.
//! When the abandoned lint ends, its thread exits and asks the writer to look
//! again at documents that changed meanwhile (`Msg::Recheck`).

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tower_lsp_server::ls_types::{Diagnostic, DiagnosticSeverity, Uri};

use super::config::doc_path;
use super::diagnostics::{self, Job, Linted, SOURCE};
use super::documents::Msg;
use super::instance::Instances;

/// How long one document's lint may take unless the client sets
/// `lintTimeout` (seconds) in its initialization options.
pub const DEFAULT_BUDGET: Duration = Duration::from_secs(20);

/// Lint results, and what to log.
type Reply = oneshot::Sender<(Linted, Vec<String>)>;

pub enum Outcome {
    Done(Linted, Vec<String>),
    /// Over budget: the result to publish in its place.
    OverBudget(Linted),
    /// The thread could not be started.
    Gone,
}

/// One long-lived thread lints, off the runtime: few threads keep the
/// allocator to few arenas, so memory freed after linting is reused instead
/// of piling up. The thread also keeps the files of instances read from disk.
pub struct Linter {
    root: Option<std::path::PathBuf>,
    jobs: Option<std::sync::mpsc::Sender<(Job, Reply)>>,
    /// Abandoned lints still running (briefly below zero while one ends as it is abandoned).
    runaways: Arc<AtomicI64>,
    /// Weak: the writer's queue still closes when the server goes.
    wake: mpsc::WeakUnboundedSender<Msg>,
}

impl Linter {
    pub fn start(root: Option<std::path::PathBuf>, wake: mpsc::WeakUnboundedSender<Msg>) -> Linter {
        let mut linter = Linter { root, jobs: None, runaways: Arc::new(AtomicI64::new(0)), wake };
        linter.jobs = linter.spawn();
        linter
    }

    fn spawn(&self) -> Option<std::sync::mpsc::Sender<(Job, Reply)>> {
        let (tx, rx) = std::sync::mpsc::channel::<(Job, Reply)>();
        let (root, runaways, wake) = (self.root.clone(), self.runaways.clone(), self.wake.clone());
        let spawned = std::thread::Builder::new().name("irislint-lint".into()).spawn(move || {
            let mut instances = Instances::new(root);
            while let Ok((job, reply)) = rx.recv() {
                let linted = diagnostics::lint(job, &mut instances);
                if reply.send((linted, std::mem::take(&mut instances.notes))).is_err() {
                    // Abandoned: a fresh thread has taken over, this one ends.
                    runaways.fetch_sub(1, Ordering::SeqCst);
                    if let Some(writer) = wake.upgrade() {
                        let _ = writer.send(Msg::Recheck);
                    }
                    return;
                }
            }
        });
        match spawned {
            Ok(_) => Some(tx),
            Err(e) => {
                eprintln!("irislint server: cannot start the linting thread: {e}");
                None
            }
        }
    }

    /// Whether a lint that ran over its budget is still running.
    pub fn busy_with_runaway(&self) -> bool {
        self.runaways.load(Ordering::SeqCst) > 0
    }

    /// Lints one document within `budget`.
    pub async fn lint(&mut self, job: Job, budget: Duration) -> Outcome {
        let (uri, version, config) = (job.uri.clone(), job.version, job.config.clone());
        let (reply, answer) = oneshot::channel();
        let Some(jobs) = &self.jobs else { return Outcome::Gone };
        if jobs.send((job, reply)).is_err() {
            self.jobs = self.spawn();
            return Outcome::Gone;
        }
        match tokio::time::timeout(budget, answer).await {
            Ok(Ok((linted, notes))) => Outcome::Done(linted, notes),
            Ok(Err(_)) => {
                // The thread died (it never panics: the engine runs under catch_unwind).
                self.jobs = self.spawn();
                Outcome::Gone
            }
            Err(_) => {
                self.runaways.fetch_add(1, Ordering::SeqCst);
                self.jobs = self.spawn();
                Outcome::OverBudget(over_budget(uri, version, config, budget))
            }
        }
    }
}

/// What a document too costly to lint publishes: one diagnostic that says so.
pub fn over_budget(uri: Uri, version: i32, config: crate::findings::config::Config, budget: Duration) -> Linted {
    let why = format!(
        "too complex to check: linting took longer than {} s, so this version was not checked (other documents are)",
        budget.as_secs_f64()
    );
    let diagnostic = Diagnostic {
        severity: Some(DiagnosticSeverity::WARNING),
        source: Some(SOURCE.to_string()),
        message: why.clone(),
        ..Default::default()
    };
    Linted {
        path: doc_path(&uri),
        uri,
        version,
        doc: None,
        findings: Vec::new(),
        diagnostics: vec![diagnostic],
        skipped: Some(why),
        config,
        config_error: None,
        peers: Vec::new(),
        over_budget: true,
    }
}
