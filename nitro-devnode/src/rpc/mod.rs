//! JSON-RPC 2.0 over HTTP and WebSocket on one port.
//!
//! - [`server`]: hyper 1 (HTTP/1.1, upgrades) on tokio, with connection limits and header
//!   deadlines; chain work runs on tokio's blocking pool, whose threads have big stacks.
//! - [`ws`]: WebSocket sessions (tokio-tungstenite) with `eth_subscribe`.
//! - [`envelope`]: JSON-RPC framing; [`request`] + [`params`]: the typed request enum;
//!   [`api`]: answering it from the chain; [`json`]: encoding chain objects.

pub mod api;
pub mod envelope;
pub mod json;
pub mod params;
pub mod request;
mod server;
mod ws;

use crate::chain::{executor::panic_message, Chain};
use envelope::{Body, Call};
use serde::Serialize;
use serde_json::Value;
use std::{
    panic::{catch_unwind, AssertUnwindSafe},
    sync::Mutex,
};

pub use request::EthRequest;
pub use server::{Limits, Server};

/// Largest accepted request body (and WebSocket message).
pub const MAX_BODY: usize = 16 * 1024 * 1024;
/// Stack size of the threads that run chain work: each Stylus frame nests a native call
/// (wasmi + a revm loop), so deep call trees need a big stack; pages are only committed
/// when touched.
pub const WORKER_STACK: usize = 512 * 1024 * 1024;
/// Largest accepted batch.
pub const MAX_BATCH: usize = 1000;

/// A JSON-RPC error object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RpcError {
    pub code: i64,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
}

impl RpcError {
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            data: None,
        }
    }

    pub fn invalid_params(m: impl std::fmt::Display) -> Self {
        Self::new(-32602, format!("invalid params: {m}"))
    }
}

/// Handles one body (single request or batch) on the calling thread, which must have a big
/// stack; returns the response text, or `None` when there is nothing to answer
/// (notifications only).
pub fn handle_body(chain: &Mutex<Chain>, body: &[u8]) -> Option<String> {
    let body = match envelope::parse_body(body) {
        Ok(b) => b,
        Err(e) => return Some(envelope::response(None, &Err(e))),
    };
    match body {
        Body::Single(raw) => handle_call(chain, envelope::parse_request(raw)),
        Body::Batch(reqs) if reqs.is_empty() => Some(envelope::response(
            None,
            &Err(RpcError::new(-32600, "invalid request: empty batch")),
        )),
        Body::Batch(reqs) if reqs.len() > MAX_BATCH => Some(envelope::response(
            None,
            &Err(RpcError::new(
                -32600,
                format!("invalid request: batch of {} above {MAX_BATCH}", reqs.len()),
            )),
        )),
        Body::Batch(reqs) => {
            let out: Vec<String> = reqs
                .into_iter()
                .filter_map(|r| handle_call(chain, envelope::parse_request(r)))
                .collect();
            (!out.is_empty()).then(|| format!("[{}]", out.join(",")))
        }
    }
}

fn handle_call(chain: &Mutex<Chain>, call: Call) -> Option<String> {
    let outcome = match call.method {
        // An invalid request is answered even without an id (with `"id": null`).
        Err(e) => return Some(envelope::response(call.id, &Err(e))),
        Ok((method, params)) => guarded(&method, || {
            let req = EthRequest::parse(&method, params)?;
            let mut guard = chain.lock().unwrap_or_else(|e| e.into_inner());
            api::execute(&mut guard, req)
        }),
    };
    // Notifications get no response.
    let id = call.id?;
    Some(envelope::response(Some(id), &outcome))
}

/// Runs `f` for `method`; a panic becomes -32603 naming the method, and internal errors name
/// it too. (The chain takes its state back when execution panics, `chain::executor`.)
pub fn guarded(
    method: &str,
    f: impl FnOnce() -> Result<Value, RpcError>,
) -> Result<Value, RpcError> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Err(e)) if e.code == -32603 => Err(RpcError {
            message: format!("{method}: {}", e.message),
            ..e
        }),
        Ok(r) => r,
        Err(payload) => Err(RpcError::new(
            -32603,
            format!(
                "{method}: internal error: panicked: {}",
                panic_message(payload.as_ref())
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chain::{executor::TEST_PANIC_INPUT, ChainConfig};
    use serde_json::json;

    fn on_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        std::thread::Builder::new()
            .stack_size(256 * 1024 * 1024)
            .spawn(f)
            .unwrap()
            .join()
            .unwrap()
    }

    #[test]
    fn panics_name_the_method_and_leave_the_chain_unchanged() {
        on_big_stack(|| {
            let chain = Mutex::new(Chain::new(ChainConfig::default()));
            let from = chain.lock().unwrap().accounts()[0];
            let before = chain.lock().unwrap().dump();
            let data = alloy_primitives::Bytes::from_static(TEST_PANIC_INPUT);
            for (method, params) in [
                (
                    "eth_call",
                    json!([{"from": from, "to": from, "data": data}]),
                ),
                (
                    "eth_estimateGas",
                    json!([{"from": from, "to": from, "data": data}]),
                ),
                (
                    "eth_sendTransaction",
                    json!([{"from": from, "to": from, "data": data, "gas": "0x186a0"}]),
                ),
            ] {
                let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
                let out = handle_body(&chain, body.to_string().as_bytes()).unwrap();
                let v: Value = serde_json::from_str(&out).unwrap();
                assert_eq!(v["error"]["code"], -32603, "{out}");
                let m = v["error"]["message"].as_str().unwrap();
                assert!(
                    m.starts_with(&format!("{method}: ")) && m.contains("panic"),
                    "{m}"
                );
            }
            let c = chain.lock().unwrap();
            assert_eq!(c.dump(), before);
            assert_eq!(c.head().number, 0);
        });
        // A panic outside execution is caught the same way.
        let e = guarded("eth_x", || panic!("boom")).unwrap_err();
        assert_eq!(
            (e.code, e.message.as_str()),
            (-32603, "eth_x: internal error: panicked: boom")
        );
    }
}
