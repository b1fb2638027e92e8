//! Text sync in arrival order. The framework runs handlers concurrently, so
//! two `didChange` handlers can interleave (tower-lsp issue 284). This layer
//! sits in front of the service, where messages are still handled one by one
//! in the order they were read, and hands open/change/close straight to the
//! writer's queue. Every other message goes to the service; errors it answers
//! with (unknown methods, bad parameters) are logged, messages `framing`
//! could not read are answered with a parse or invalid-request error, and
//! what it skipped is logged.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use serde::de::DeserializeOwned;
use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Id, Request, Response};
use tower_lsp_server::ls_types::{DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams};
use tower_service::Service;

use super::documents::Msg;
use super::framing::{MALFORMED, SKIPPED};
use super::server::Shared;

pub struct Ordered<S> {
    inner: S,
    shared: Arc<Shared>,
}

impl<S> Ordered<S> {
    pub fn new(inner: S, shared: Arc<Shared>) -> Self {
        Self { inner, shared }
    }

    /// The error answer to a message `framing` could not pass on; logged.
    fn malformed(&self, params: Value) -> Response {
        let code = params["code"].as_i64().unwrap_or(-32700);
        let reason = params["reason"].as_str().unwrap_or("an unreadable message").to_string();
        let id = match &params["id"] {
            Value::Number(n) => n.as_i64().map_or(Id::Null, Id::Number),
            Value::String(s) => Id::String(s.clone()),
            _ => Id::Null,
        };
        let mut error = if code == -32700 { Error::parse_error() } else { Error::invalid_request() };
        error.data = Some(Value::String(reason.clone()));
        self.shared.send(Msg::Invalid(format!("the client sent {reason}; answered with error {code}")));
        Response::from_error(id, error)
    }
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S> Service<Request> for Ordered<S>
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Option<Response>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        if req.method() == MALFORMED {
            let response = self.malformed(req.params().cloned().unwrap_or_default());
            return Box::pin(std::future::ready(Ok(Some(response))));
        }
        if req.method() == SKIPPED {
            let reason = req.params().and_then(|p| p["reason"].as_str()).unwrap_or("unreadable input").to_string();
            self.shared.send(Msg::Invalid(reason));
            return Box::pin(std::future::ready(Ok(None)));
        }
        // A large didOpen/didChange comes as a stub; its parameters are taken either way.
        let stashed = self.shared.stash.take(req.params());
        let sync = matches!(req.method(), "textDocument/didOpen" | "textDocument/didChange" | "textDocument/didClose");
        if sync && req.id().is_none() && self.shared.is_ready() {
            let msg = to_msg(req.method(), stashed.or_else(|| req.params().cloned()));
            match &msg {
                Msg::Open { uri, version, .. } => self.shared.store.note_opened(uri, *version),
                Msg::Change { uri, version, .. } => self.shared.store.note_received(uri, Some(*version)),
                Msg::Close { uri } => self.shared.store.note_received(uri, None),
                _ => {}
            }
            self.shared.send(msg);
            return Box::pin(std::future::ready(Ok(None)));
        }
        let method = req.method().to_string();
        let fut = self.inner.call(req);
        Box::pin(async move {
            let result = fut.await;
            if let Ok(Some(response)) = &result {
                if let Some(e) = response.error() {
                    eprintln!("irislint server: {method}: answered with error {}: {}", e.code.code(), e.message);
                }
            }
            result
        })
    }
}

fn parse<T: DeserializeOwned>(method: &str, params: Option<Value>) -> Result<T, String> {
    serde_json::from_value(params.unwrap_or(Value::Null))
        .map_err(|e| format!("{method} with invalid parameters ignored: {e}"))
}

fn to_msg(method: &str, params: Option<Value>) -> Msg {
    let msg = match method {
        "textDocument/didOpen" => parse::<DidOpenTextDocumentParams>(method, params).map(|p| Msg::Open {
            uri: p.text_document.uri,
            version: p.text_document.version,
            text: p.text_document.text,
            language_id: p.text_document.language_id,
        }),
        "textDocument/didChange" => parse::<DidChangeTextDocumentParams>(method, params).map(|p| Msg::Change {
            uri: p.text_document.uri,
            version: p.text_document.version,
            changes: p.content_changes,
        }),
        _ => parse::<DidCloseTextDocumentParams>(method, params).map(|p| Msg::Close { uri: p.text_document.uri }),
    };
    msg.unwrap_or_else(Msg::Invalid)
}
