//! JSON-RPC 2.0 over HTTP (our own small HTTP/1.1 server, `http`; a few worker threads;
//! the chain behind a mutex).

mod http;
pub mod json;
mod methods;
mod ws;

use crate::chain::Chain;
use serde_json::{json, Value};
use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
};

/// Largest accepted request body.
pub const MAX_BODY: usize = 16 * 1024 * 1024;
/// Stack size of the HTTP worker threads.
pub const WORKER_STACK: usize = 512 * 1024 * 1024;
/// Largest accepted batch.
pub const MAX_BATCH: usize = 1000;

/// A JSON-RPC error object.
#[derive(Debug, Clone, PartialEq)]
pub struct RpcError {
    pub code: i64,
    pub message: String,
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
    fn to_json(&self) -> Value {
        let mut v = json!({"code": self.code, "message": self.message});
        if let Some(d) = &self.data {
            v["data"] = d.clone();
        }
        v
    }
}

/// Handles one HTTP body (single request or batch); returns the response body, if any.
pub fn handle_body(chain: &Mutex<Chain>, body: &[u8]) -> Option<Value> {
    let parsed: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            return Some(error_response(
                Value::Null,
                RpcError::new(-32700, format!("parse error: {e}")),
            ))
        }
    };
    match parsed {
        Value::Array(reqs) => {
            if reqs.is_empty() {
                return Some(error_response(
                    Value::Null,
                    RpcError::new(-32600, "empty batch"),
                ));
            }
            if reqs.len() > MAX_BATCH {
                return Some(error_response(
                    Value::Null,
                    RpcError::new(-32600, "batch too large"),
                ));
            }
            let out: Vec<Value> = reqs
                .into_iter()
                .filter_map(|r| handle_one(chain, r))
                .collect();
            if out.is_empty() {
                None
            } else {
                Some(Value::Array(out))
            }
        }
        other => handle_one(chain, other),
    }
}

fn error_response(id: Value, e: RpcError) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": e.to_json()})
}

fn handle_one(chain: &Mutex<Chain>, req: Value) -> Option<Value> {
    let Value::Object(obj) = req else {
        return Some(error_response(
            Value::Null,
            RpcError::new(-32600, "invalid request"),
        ));
    };
    let id = obj.get("id").cloned();
    let Some(method) = obj.get("method").and_then(|m| m.as_str()) else {
        return Some(error_response(
            id.unwrap_or(Value::Null),
            RpcError::new(-32600, "invalid request: missing method"),
        ));
    };
    let params = match obj.get("params") {
        None | Some(Value::Null) => vec![],
        Some(Value::Array(a)) => a.clone(),
        Some(_) => {
            return Some(error_response(
                id.unwrap_or(Value::Null),
                RpcError::invalid_params("params must be an array"),
            ))
        }
    };
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut guard = chain.lock().unwrap_or_else(|e| e.into_inner());
        methods::dispatch(&mut guard, method, &params)
    }))
    .unwrap_or_else(|_| Err(RpcError::new(-32603, "internal error")));
    let id = id?; // notifications get no response
    Some(match result {
        Ok(v) => json!({"jsonrpc": "2.0", "id": id, "result": v}),
        Err(e) => error_response(id, e),
    })
}

/// A running JSON-RPC server.
pub struct Server {
    http: http::HttpServer,
}

impl Server {
    /// Binds `addr` and serves `chain` with `threads` workers.
    pub fn start(addr: &str, chain: Arc<Mutex<Chain>>, threads: usize) -> std::io::Result<Self> {
        let limits = http::Limits {
            max_body: MAX_BODY,
            ..http::Limits::default()
        };
        // Each Stylus frame nests a native call (wasmi + a revm loop), so deep call trees
        // need a big stack; pages are only committed when touched.
        let handler: http::Handler = Arc::new(move |body: &[u8]| {
            handle_body(&chain, body)
                .map(|v| v.to_string().into_bytes())
                .unwrap_or_default()
        });
        Ok(Self {
            http: http::HttpServer::start(addr, threads, WORKER_STACK, limits, handler)?,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.http.local_addr()
    }

    /// Stops accepting requests, closes the connections and joins the workers.
    pub fn shutdown(self) {
        self.http.shutdown();
    }
}
