//! Large text-sync messages skip the framework's buffers. The framework
//! reads every message into one buffer that keeps its size, so a 20 MB
//! `didOpen` would leave 20 MB or more behind for good. `framing` keeps the
//! parameters of a large `didOpen`/`didChange` here and passes the framework
//! a stub naming them; `ordered` takes them back, in the stub's place in the
//! order of messages.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use serde_json::{json, Value};

/// The key of a stub's parameters.
const KEY: &str = "$irislint/stashed";
/// Smaller messages go through the framework whole.
const ABOVE: usize = 1 << 20;

#[derive(Default)]
pub struct Stash {
    next: AtomicU64,
    held: Mutex<HashMap<u64, Value>>,
}

impl Stash {
    /// A stub for a large text-sync notification, its parameters kept here;
    /// `None` for any other message.
    pub fn stub(&self, body_len: usize, message: &mut Value) -> Option<Value> {
        let method = message.get("method")?.as_str()?;
        let sync = matches!(method, "textDocument/didOpen" | "textDocument/didChange");
        if body_len <= ABOVE || !sync || message.get("id").is_some() {
            return None;
        }
        let method = method.to_string();
        let params = message.get_mut("params").map(Value::take).unwrap_or(Value::Null);
        let token = self.next.fetch_add(1, Ordering::SeqCst);
        self.held.lock().unwrap_or_else(|e| e.into_inner()).insert(token, params);
        Some(json!({"jsonrpc": "2.0", "method": method, "params": {KEY: token}}))
    }

    /// The parameters a stub stands for (taken: each is used once).
    pub fn take(&self, params: Option<&Value>) -> Option<Value> {
        let token = params?.get(KEY)?.as_u64()?;
        self.held.lock().unwrap_or_else(|e| e.into_inner()).remove(&token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_large_text_sync_notifications_are_stashed() {
        let stash = Stash::default();
        let mut open = json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"x": 1}});
        assert!(stash.stub(100, &mut open.clone()).is_none(), "small");
        let mut request = json!({"jsonrpc": "2.0", "id": 1, "method": "textDocument/didOpen", "params": {}});
        assert!(stash.stub(ABOVE + 1, &mut request).is_none(), "a request");
        let stub = stash.stub(ABOVE + 1, &mut open).expect("stashed");
        assert_eq!(stub["method"], "textDocument/didOpen");
        assert_eq!(stash.take(stub.get("params")), Some(json!({"x": 1})));
        assert_eq!(stash.take(stub.get("params")), None, "taken once");
    }
}
