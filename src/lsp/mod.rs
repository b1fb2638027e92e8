//! The language server (`irislint server`): the engine's findings, fixes and
//! settings catalogue for editors, over stdio. Every document goes through the
//! same reading and linting as the command line, with the other files of its
//! instance (`instance`; `lint::check_document_alone` when it has none).
//!
//! `ordered` puts text sync in order, `documents` owns the texts (the single
//! writer), the other modules each answer one kind of request from a snapshot.

mod code_actions;
mod completion;
mod config;
mod convert;
mod definition;
mod diagnostics;
mod documents;
mod framing;
mod hover;
mod instance;
mod linter;
mod memory;
mod ordered;
mod server;
mod stash;
mod store;
mod surrogates;
mod symbols;
mod vocab;

use std::sync::Arc;

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::mpsc;
use tower_lsp_server::{LspService, Server};

pub use convert::Encoding;
pub use diagnostics::MAX_BYTES;

/// Serves one client over a pair of streams until it exits or the input
/// ends; returns whether `shutdown` came first (the exit code is 0 then).
pub async fn serve<I, O>(input: I, output: O) -> bool
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin,
{
    let (tx, rx) = mpsc::unbounded_channel();
    let shared = Arc::new(server::Shared::new(tx));
    let writer_shared = shared.clone();
    let (service, socket) = LspService::new(move |client| {
        tokio::spawn(documents::run(rx, writer_shared.clone(), client.clone()));
        server::Backend { client, shared: writer_shared }
    });
    let service = ordered::Ordered::new(service, shared.clone());
    let (framed_out, framed_in) = tokio::io::duplex(1 << 16);
    let framing = tokio::spawn(framing::sanitize(input, framed_out, shared.stash.clone()));
    Server::new(framed_in, output, socket).serve(service).await;
    framing.abort();
    shared.was_shut_down()
}

/// `irislint server`: stdio, on a single-threaded runtime (linting runs on
/// the blocking pool). Returns the process exit code.
pub fn run_stdio() -> i32 {
    memory::start();
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("irislint server: cannot start: {e}");
            return 2;
        }
    };
    let clean = runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    // The writer may be mid-lint; the process ends here anyway.
    runtime.shutdown_background();
    if clean {
        0
    } else {
        1
    }
}
