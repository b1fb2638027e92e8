//! The protocol front: capabilities, and one short handler per request that
//! reads the current snapshot and calls the feature's module.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::config::{self, file_path};
use super::convert::Encoding;
use super::documents::{log, Msg, Snapshot, Store};
use super::instance::Instances;
use super::stash::Stash;
use super::{code_actions, completion, definition, diagnostics, hover, symbols};
use crate::findings::config::Profile;

/// What the client can do, read once at `initialize`.
#[derive(Clone, Debug, Default)]
pub struct Caps {
    pub encoding: Encoding,
    /// The client pulls diagnostics (`textDocument/diagnostic`), so none are pushed.
    pub pull: bool,
    pub refresh: bool,
    pub document_changes: bool,
    pub watch_dynamic: bool,
    pub configuration: bool,
    pub root: Option<PathBuf>,
    /// How long one document's lint may take (`lintTimeout` in the
    /// initialization options, in seconds).
    pub lint_timeout: Option<Duration>,
}

const UNINITIALIZED: u8 = 0;
const READY: u8 = 1;
const SHUT_DOWN: u8 = 2;

/// State every handler and the writer share.
pub struct Shared {
    pub store: Store,
    caps: OnceLock<Caps>,
    state: AtomicU8,
    tx: mpsc::UnboundedSender<Msg>,
    /// The `irislint.profile` setting, for `workspace/diagnostic`.
    pub profile: Mutex<Option<Profile>>,
    /// Counts `irislint.toml` changes, for `workspace/diagnostic`.
    pub generation: AtomicU64,
    /// The files `workspace/diagnostic` read (its own cache, apart from the writer's).
    pub workspace: Mutex<Option<Instances>>,
    /// Parameters of large text-sync messages, kept out of the framework.
    pub stash: Arc<Stash>,
}

impl Shared {
    pub fn new(tx: mpsc::UnboundedSender<Msg>) -> Self {
        Self {
            store: Store::default(),
            caps: OnceLock::new(),
            state: AtomicU8::new(UNINITIALIZED),
            tx,
            profile: Mutex::new(None),
            generation: AtomicU64::new(0),
            workspace: Mutex::new(None),
            stash: Arc::default(),
        }
    }

    pub fn caps(&self) -> Caps {
        self.caps.get().cloned().unwrap_or_default()
    }

    pub fn is_ready(&self) -> bool {
        self.state.load(Ordering::SeqCst) == READY
    }

    pub fn was_shut_down(&self) -> bool {
        self.state.load(Ordering::SeqCst) == SHUT_DOWN
    }

    /// A sender to the writer's queue, for the linting thread.
    pub fn sender(&self) -> mpsc::UnboundedSender<Msg> {
        self.tx.clone()
    }

    pub fn send(&self, msg: Msg) {
        // Fails only once the writer has stopped, after shutdown.
        let _ = self.tx.send(msg);
    }
}

pub struct Backend {
    pub client: Client,
    pub shared: Arc<Shared>,
}

/// How long a request waits for the writer to reach the newest version.
const WAIT: Duration = Duration::from_secs(2);

impl Backend {
    async fn snapshot(&self, uri: &Uri) -> Result<Arc<Snapshot>> {
        self.shared
            .store
            .current(uri, WAIT)
            .await
            .ok_or_else(|| Error::invalid_params(format!("{} is not open", uri.as_str())))
    }

    /// The byte offset of a position in the snapshot; a position outside the
    /// text is refused (and logged).
    async fn offset(&self, snap: &Snapshot, pos: Position) -> Result<usize> {
        match super::convert::offset(&snap.rope, pos, self.shared.caps().encoding) {
            Some(o) => Ok(o),
            None => {
                let message = format!("position {}:{} is outside {}", pos.line, pos.character, snap.uri.as_str());
                log(&self.client, MessageType::WARNING, &message).await;
                Err(Error::invalid_params(message))
            }
        }
    }

    /// Runs a feature; a panic becomes an error answer, never a dead server.
    async fn guarded<T>(&self, what: &str, f: impl FnOnce(Encoding) -> T) -> Result<T> {
        let enc = self.shared.caps().encoding;
        match catch_unwind(AssertUnwindSafe(|| f(enc))) {
            Ok(v) => Ok(v),
            Err(_) => {
                log(&self.client, MessageType::ERROR, format!("{what} failed (see standard error)")).await;
                Err(Error::internal_error())
            }
        }
    }

    /// Asks the client for the `irislint` settings, in a task of its own: a
    /// handler must not wait on the client (it may answer late, or never).
    fn fetch_profile(&self) {
        if !self.shared.caps().configuration {
            return;
        }
        let (client, shared) = (self.client.clone(), self.shared.clone());
        tokio::spawn(async move {
            let item = ConfigurationItem { scope_uri: None, section: Some("irislint".into()) };
            let answer = tokio::time::timeout(Duration::from_secs(10), client.configuration(vec![item])).await;
            if let Ok(Ok(values)) = answer {
                let settings = values.into_iter().next().unwrap_or(Value::Null);
                // The section's own object holds `profile`.
                apply_settings(&client, &shared, &serde_json::json!({ "irislint": settings })).await;
            }
        });
    }

    async fn apply_settings(&self, settings: &Value) {
        apply_settings(&self.client, &self.shared, settings).await;
    }
}

async fn apply_settings(client: &Client, shared: &Shared, settings: &Value) {
    match config::profile_setting(settings) {
        Ok(profile) => {
            *shared.profile.lock().unwrap_or_else(|e| e.into_inner()) = profile;
            shared.send(Msg::Profile(profile))
        }
        Err(e) => log(client, MessageType::WARNING, format!("setting ignored: {e}")).await,
    }
}

fn read_caps(params: &InitializeParams) -> Caps {
    let c = &params.capabilities;
    let ws = c.workspace.as_ref();
    let root =
        params.workspace_folders.as_ref().and_then(|f| f.first()).and_then(|f| file_path(&f.uri)).or_else(|| {
            #[allow(deprecated)]
            params.root_uri.as_ref().and_then(file_path)
        });
    Caps {
        encoding: Encoding::negotiate(c.general.as_ref().and_then(|g| g.position_encodings.as_deref())),
        pull: c.text_document.as_ref().is_some_and(|t| t.diagnostic.is_some()),
        refresh: ws.and_then(|w| w.diagnostics.as_ref()).and_then(|d| d.refresh_support).unwrap_or(false),
        document_changes: ws.and_then(|w| w.workspace_edit.as_ref()).and_then(|e| e.document_changes).unwrap_or(false),
        watch_dynamic: ws
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
        configuration: ws.and_then(|w| w.configuration).unwrap_or(false),
        root,
        lint_timeout: params
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("lintTimeout"))
            .and_then(Value::as_f64)
            .filter(|s| s.is_finite() && *s > 0.0)
            .map(|s| Duration::from_secs_f64(s.min(3600.0))),
    }
}

fn capabilities(caps: &Caps) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(caps.encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            ..Default::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(["[", ":", ",", "=", "<", " ", "\""].map(String::from).to_vec()),
            ..Default::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, code_actions::fix_all_kind()]),
            ..Default::default()
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        definition_provider: Some(OneOf::Left(true)),
        diagnostic_provider: caps.pull.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some(diagnostics::SOURCE.into()),
                inter_file_dependencies: true,
                workspace_diagnostics: true,
                work_done_progress_options: Default::default(),
            })
        }),
        ..Default::default()
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = read_caps(&params);
        let capabilities = capabilities(&caps);
        let _ = self.shared.caps.set(caps);
        if let Some(options) = &params.initialization_options {
            self.apply_settings(options).await;
        }
        self.shared.state.store(READY, Ordering::SeqCst);
        Ok(InitializeResult {
            capabilities,
            server_info: Some(ServerInfo { name: "irislint".into(), version: Some(crate::cli::version::long()) }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let caps = self.shared.caps();
        if caps.watch_dynamic {
            let client = self.client.clone();
            // Answered by the client whenever it likes: not awaited here.
            tokio::spawn(async move {
                let watchers = crate::findings::config::CONFIG_NAMES
                    .iter()
                    .map(|n| FileSystemWatcher { glob_pattern: GlobPattern::String(format!("**/{n}")), kind: None })
                    .collect();
                let options = DidChangeWatchedFilesRegistrationOptions { watchers };
                let registration = Registration {
                    id: "irislint-config".into(),
                    method: "workspace/didChangeWatchedFiles".into(),
                    register_options: serde_json::to_value(options).ok(),
                };
                let _ =
                    tokio::time::timeout(Duration::from_secs(30), client.register_capability(vec![registration])).await;
            });
        }
        self.fetch_profile();
    }

    async fn shutdown(&self) -> Result<()> {
        self.shared.state.store(SHUT_DOWN, Ordering::SeqCst);
        self.shared.send(Msg::Stop);
        Ok(())
    }

    // Text sync arrives through `ordered`, in order; these run only if it
    // let a notification through (before `initialize`), and then do nothing.
    async fn did_open(&self, _: DidOpenTextDocumentParams) {}
    async fn did_change(&self, _: DidChangeTextDocumentParams) {}
    async fn did_close(&self, _: DidCloseTextDocumentParams) {}

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let has_ours = config::profile_setting(&params.settings).ok().flatten().is_some()
            || params.settings.get("irislint").is_some();
        if !has_ours && self.shared.caps().configuration {
            // Clients that send no settings expect the server to ask.
            self.fetch_profile();
        } else {
            self.apply_settings(&params.settings).await;
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let ours = params.changes.iter().any(|c| file_path(&c.uri).is_some_and(|p| config::is_config_file(&p)));
        if ours {
            log(&self.client, MessageType::INFO, "irislint.toml changed: reloading").await;
            self.shared.generation.fetch_add(1, Ordering::SeqCst);
            self.shared.send(Msg::ReloadConfig);
        }
    }

    async fn diagnostic(&self, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
        diagnostics::pull(&self.shared, params).await
    }

    async fn workspace_diagnostic(&self, _: WorkspaceDiagnosticParams) -> Result<WorkspaceDiagnosticReportResult> {
        let (report, notes) = diagnostics::workspace_pull(self.shared.clone()).await?;
        for note in notes {
            log(&self.client, MessageType::WARNING, note).await;
        }
        Ok(report)
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        let snap = self.snapshot(&p.text_document.uri).await?;
        let at = self.offset(&snap, p.position).await?;
        let doc = self.shared.store.document(&snap);
        self.guarded("hover", |enc| hover::hover(&snap, doc.as_deref()?, at, enc)).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        let snap = self.snapshot(&p.text_document.uri).await?;
        let at = self.offset(&snap, p.position).await?;
        let doc = self.shared.store.document(&snap);
        self.guarded("completion", |_| completion::complete(&snap, doc.as_deref()?, at)).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let snap = self.snapshot(&params.text_document.uri).await?;
        let document_changes = self.shared.caps().document_changes;
        let doc = self.shared.store.document(&snap);
        self.guarded("code actions", |enc| {
            code_actions::actions(&snap, doc.as_deref()?, &params, enc, document_changes)
        })
        .await
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        let snap = self.snapshot(&params.text_document.uri).await?;
        let doc = self.shared.store.document(&snap);
        self.guarded("document symbols", |enc| symbols::symbols(&snap, doc.as_deref()?, enc)).await
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        let snap = self.snapshot(&p.text_document.uri).await?;
        let at = self.offset(&snap, p.position).await?;
        let doc = self.shared.store.document(&snap);
        self.guarded("definition", |enc| definition::definition(&snap, doc.as_deref()?, at, enc)).await
    }
}
