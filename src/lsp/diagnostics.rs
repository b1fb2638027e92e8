//! Linting a document version (on the blocking pool) and turning findings
//! into protocol diagnostics, pushed by the writer or pulled by the client.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use std::time::Duration;

use ropey::Rope;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DocumentDiagnosticParams,
    DocumentDiagnosticReport, DocumentDiagnosticReportResult, FullDocumentDiagnosticReport, Location, NumberOrString,
    RelatedFullDocumentDiagnosticReport, RelatedUnchangedDocumentDiagnosticReport, UnchangedDocumentDiagnosticReport,
    Uri, WorkspaceDiagnosticReport, WorkspaceDiagnosticReportResult, WorkspaceDocumentDiagnosticReport,
    WorkspaceFullDocumentDiagnosticReport,
};

use super::config::doc_path;
use super::convert::{self, Encoding};
use super::instance::{self, Context, Instances};
use super::server::Shared;
use crate::findings::config::Config;
use crate::findings::{Finding, Severity};
use crate::formats::{self, Document};

/// Larger documents are not linted (the command line's default limit).
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

pub const SOURCE: &str = "irislint";

/// One document version to lint.
pub struct Job {
    pub uri: Uri,
    pub version: i32,
    pub rope: Rope,
    pub language_id: String,
    pub config: Config,
    pub config_error: Option<String>,
    pub encoding: Encoding,
    /// The editor's state, to find and read the document's instance.
    pub context: Context,
    /// The read of an earlier version, if no one else holds it: the new text
    /// is read from it, only the changed lines again (`formats::read_again`).
    pub previous: Option<Arc<Document>>,
}

pub struct Linted {
    pub uri: Uri,
    pub version: i32,
    pub doc: Option<Document>,
    pub path: String,
    pub findings: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
    pub skipped: Option<String>,
    pub config: Config,
    pub config_error: Option<String>,
    /// The other files of its instance, when it has any.
    pub peers: Vec<String>,
    /// Not linted: it ran over its budget (see `linter`).
    pub over_budget: bool,
}

/// Reads (from the previous read where it can) and lints with the other
/// files of its instance; never panics.
pub fn lint(job: Job, instances: &mut Instances) -> Linted {
    let Job { uri, version, rope, language_id, config, config_error, encoding, context, previous } = job;
    let path = doc_path(&uri);
    let mut out = Linted {
        uri,
        version,
        doc: None,
        path,
        findings: Vec::new(),
        diagnostics: Vec::new(),
        skipped: None,
        config: Config::default(),
        config_error,
        peers: Vec::new(),
        over_budget: false,
    };
    if rope.len_bytes() > MAX_BYTES {
        out.skipped = Some(format!("{} bytes, over the limit of {MAX_BYTES}", rope.len_bytes()));
        return out;
    }
    let text = rope.to_string();
    if text.contains('\0') {
        out.skipped = Some("binary content (NUL bytes)".into());
        return out;
    }
    let Some(format) = super::documents::format_of(&out.uri, &text, &language_id) else {
        out.skipped = Some("not a file irislint reads".into());
        return out;
    };
    let path = out.path.clone();
    let result = catch_unwind(AssertUnwindSafe(|| {
        let previous = previous.and_then(|p| Arc::try_unwrap(p).ok()).filter(|p| p.format == format && p.path == path);
        let doc = match previous {
            Some(previous) => formats::read_again(previous, text),
            None => formats::read(&path, text, format),
        };
        let checked = instances.check(&doc, &config, &context);
        let related = |p: &str| instance::related_text(p, &checked.others, &context);
        let diagnostics: Vec<Diagnostic> =
            checked.findings.iter().map(|f| to_diagnostic(f, &out.uri, &doc, &rope, encoding, &related)).collect();
        (doc, checked.findings, diagnostics, checked.peers)
    }));
    out.config = config;
    match result {
        Ok((doc, findings, diagnostics, peers)) => {
            out.diagnostics = diagnostics;
            out.doc = Some(doc);
            out.findings = findings;
            out.peers = peers;
        }
        Err(_) => out.skipped = Some("the engine failed on this text (see the server's standard error)".into()),
    }
    out
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The URI and text of another file, for related places in it.
pub type Related<'a> = dyn Fn(&str) -> Option<(Uri, Rope)> + 'a;

pub fn to_diagnostic(
    f: &Finding,
    uri: &Uri,
    doc: &Document,
    rope: &Rope,
    enc: Encoding,
    other: &Related,
) -> Diagnostic {
    // The rule's page bundled beside the binary; without it, no link (hover on
    // the diagnostic shows the documentation).
    let href = crate::rules::bundled_page_uri(f.code).and_then(|u| u.parse::<Uri>().ok());
    let mut texts: Vec<(String, Option<(Uri, Rope)>)> = Vec::new();
    let related: Vec<DiagnosticRelatedInformation> = f
        .related
        .iter()
        .map(|r| {
            // Places in another file are converted with that file's text.
            let (uri, range) = if r.path == doc.path {
                (uri.clone(), convert::range(rope, r.range, enc))
            } else {
                if !texts.iter().any(|(p, _)| *p == r.path) {
                    texts.push((r.path.clone(), other(&r.path)));
                }
                match texts.iter().find(|(p, _)| *p == r.path).and_then(|(_, t)| t.as_ref()) {
                    Some((other_uri, other_rope)) => (other_uri.clone(), convert::range(other_rope, r.range, enc)),
                    None => (Uri::from_file_path(&r.path).unwrap_or_else(|| uri.clone()), Default::default()),
                }
            };
            DiagnosticRelatedInformation { location: Location { uri, range }, message: r.message.clone() }
        })
        .collect();
    Diagnostic {
        range: convert::range(rope, f.range, enc),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.code.to_string())),
        code_description: href.map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message: f.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(serde_json::json!({ "name": f.name, "fixable": f.fix.is_some() })),
    }
}

/// `workspace/diagnostic`: full reports (version `null`) for the files of the
/// workspace folder that are not open, found, read and checked as
/// `irislint check <folder>` does; open documents are pulled one by one.
/// Also returns what to log.
pub async fn workspace_pull(shared: Arc<Shared>) -> Result<(WorkspaceDiagnosticReportResult, Vec<String>)> {
    let empty = WorkspaceDiagnosticReportResult::Report(WorkspaceDiagnosticReport { items: Vec::new() });
    let caps = shared.caps();
    let Some(root) = caps.root.clone() else { return Ok((empty, Vec::new())) };
    let context = Context {
        root: Some(root.clone()),
        open: Arc::new(shared.store.open_texts()),
        profile: *shared.profile.lock().unwrap_or_else(|e| e.into_inner()),
        generation: shared.generation.load(std::sync::atomic::Ordering::SeqCst),
    };
    let enc = caps.encoding;
    let held = shared.clone();
    let work = tokio::task::spawn_blocking(move || {
        catch_unwind(AssertUnwindSafe(|| {
            let mut guard = held.workspace.lock().unwrap_or_else(|e| e.into_inner());
            let instances = guard.get_or_insert_with(|| Instances::new(Some(root.clone())));
            let checked = instances.workspace(&root, &context);
            let notes = std::mem::take(&mut instances.notes);
            let others: HashMap<String, Arc<Document>> =
                checked.iter().map(|(d, _)| (d.path.clone(), d.clone())).collect();
            let related = |p: &str| instance::related_text(p, &others, &context);
            let items = checked
                .iter()
                .filter_map(|(doc, findings)| {
                    let uri = Uri::from_file_path(&doc.path)?;
                    let rope = Rope::from_str(&doc.text);
                    let items = findings.iter().map(|f| to_diagnostic(f, &uri, doc, &rope, enc, &related)).collect();
                    Some((uri, items))
                })
                .collect::<Vec<(Uri, Vec<Diagnostic>)>>();
            (items, notes)
        }))
    });
    let (items, notes) = match work.await {
        Ok(Ok(r)) => r,
        _ => return Err(Error::internal_error()),
    };
    let items = items
        .into_iter()
        .filter(|(uri, _)| !shared.store.is_open(uri))
        .map(|(uri, items)| {
            WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
                uri,
                version: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id: None, items },
            })
        })
        .collect();
    Ok((WorkspaceDiagnosticReportResult::Report(WorkspaceDiagnosticReport { items }), notes))
}

/// `textDocument/diagnostic`: the diagnostics of the newest version received.
pub async fn pull(shared: &Shared, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
    let uri = params.text_document.uri;
    let Some(snap) = shared.store.current(&uri, Duration::from_secs(10)).await else {
        return Err(Error::invalid_params(format!("{} is not open", uri.as_str())));
    };
    let report = if params.previous_result_id.as_deref() == Some(snap.result_id.as_str()) {
        DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
            related_documents: None,
            unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                result_id: snap.result_id.clone(),
            },
        })
    } else {
        DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: Some(snap.result_id.clone()),
                items: snap.diagnostics.clone(),
            },
        })
    };
    Ok(DocumentDiagnosticReportResult::Report(report))
}
