//! Linting a document version (on the blocking pool) and turning findings
//! into protocol diagnostics, pushed by the writer or pulled by the client.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

use ropey::Rope;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DocumentDiagnosticParams,
    DocumentDiagnosticReport, DocumentDiagnosticReportResult, FullDocumentDiagnosticReport, Location, NumberOrString,
    RelatedFullDocumentDiagnosticReport, RelatedUnchangedDocumentDiagnosticReport, UnchangedDocumentDiagnosticReport,
    Uri,
};
use tree_sitter::Tree;

use super::config::doc_path;
use super::convert::{self, Encoding};
use super::server::Shared;
use crate::findings::config::Config;
use crate::findings::{Finding, Severity};
use crate::formats::{self, Document, Format};

/// Larger documents are not linted (the command line's default limit).
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

pub const SOURCE: &str = "irislint";

/// One document version to lint.
pub struct Job {
    pub uri: Uri,
    pub version: i32,
    pub rope: Rope,
    /// The previous tree, edited to match the text (INI formats).
    pub tree: Option<Tree>,
    pub language_id: String,
    pub config: Config,
    pub config_error: Option<String>,
    pub encoding: Encoding,
}

pub struct Linted {
    pub uri: Uri,
    pub version: i32,
    pub tree: Option<Tree>,
    pub doc: Option<Document>,
    pub path: String,
    pub findings: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
    pub skipped: Option<String>,
    pub config: Config,
    pub config_error: Option<String>,
}

/// Parses (incrementally for INI formats), reads and lints; never panics.
pub fn lint(job: Job) -> Linted {
    let Job { uri, version, rope, tree, language_id, config, config_error, encoding } = job;
    let path = doc_path(&uri);
    let mut out = Linted {
        uri,
        version,
        tree: None,
        doc: None,
        path,
        findings: Vec::new(),
        diagnostics: Vec::new(),
        skipped: None,
        config: Config::default(),
        config_error,
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
        let tree = if format.is_cpf() || format == Format::CspIni {
            crate::syntax::cpf::parse_tree(&text, tree.as_ref())
        } else {
            None
        };
        let doc = formats::read_with_tree(&path, text, format, tree.as_ref());
        let findings = crate::lint::check_document_alone(&doc, &config);
        (tree, doc, findings)
    }));
    out.config = config;
    match result {
        Ok((tree, doc, findings)) => {
            out.diagnostics = findings.iter().map(|f| to_diagnostic(f, &out.uri, &doc, &rope, encoding)).collect();
            out.tree = tree;
            out.doc = Some(doc);
            out.findings = findings;
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

pub fn to_diagnostic(f: &Finding, uri: &Uri, doc: &Document, rope: &Rope, enc: Encoding) -> Diagnostic {
    let href = crate::rules::by_code(f.code).and_then(|r| r.meta().url().parse::<Uri>().ok());
    let related: Vec<DiagnosticRelatedInformation> = f
        .related
        .iter()
        .map(|r| {
            // Related places in this file have exact ranges; another file's are not open here.
            let (uri, range) = if r.path == doc.path {
                (uri.clone(), convert::range(rope, r.range, enc))
            } else {
                let other = Uri::from_file_path(&r.path).unwrap_or_else(|| uri.clone());
                (other, Default::default())
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
