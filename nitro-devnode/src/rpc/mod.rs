//! JSON-RPC 2.0 over HTTP (tiny_http; a few worker threads; chain behind a mutex).

pub mod json;
mod methods;

use crate::chain::Chain;
use serde_json::{json, Value};
use std::{
    io::Read,
    net::SocketAddr,
    sync::{Arc, Mutex},
    thread::JoinHandle,
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

/// A running HTTP server.
pub struct Server {
    http: Arc<tiny_http::Server>,
    workers: Vec<JoinHandle<()>>,
    addr: SocketAddr,
}

impl Server {
    /// Binds `addr` and serves `chain` with `threads` workers.
    pub fn start(addr: &str, chain: Arc<Mutex<Chain>>, threads: usize) -> std::io::Result<Self> {
        let http = Arc::new(
            tiny_http::Server::http(addr).map_err(|e| std::io::Error::other(e.to_string()))?,
        );
        let addr = http
            .server_addr()
            .to_ip()
            .ok_or_else(|| std::io::Error::other("not an IP listener"))?;
        let workers = (0..threads.max(1))
            .map(|_| {
                let http = http.clone();
                let chain = chain.clone();
                // Each Stylus frame nests a native call (wasmi + a revm loop), so deep
                // call trees need a big stack; pages are only committed when touched.
                std::thread::Builder::new()
                    .name("nitro-devnode-rpc".into())
                    .stack_size(WORKER_STACK)
                    .spawn(move || {
                        while let Ok(req) = http.recv() {
                            serve(&chain, req);
                        }
                    })
            })
            .collect::<std::io::Result<_>>()?;
        Ok(Self {
            http,
            workers,
            addr,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting requests and joins the workers.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        for _ in 0..self.workers.len() {
            self.http.unblock();
        }
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header")
}

fn serve(chain: &Mutex<Chain>, mut req: tiny_http::Request) {
    let cors = header("Access-Control-Allow-Origin", "*");
    if *req.method() == tiny_http::Method::Options {
        let resp = tiny_http::Response::empty(204)
            .with_header(cors)
            .with_header(header("Access-Control-Allow-Headers", "content-type"))
            .with_header(header("Access-Control-Allow-Methods", "POST, GET, OPTIONS"));
        let _ = req.respond(resp);
        return;
    }
    if *req.method() != tiny_http::Method::Post {
        let _ = req.respond(
            tiny_http::Response::from_string("nitro-devnode: send JSON-RPC over POST\n")
                .with_status_code(405),
        );
        return;
    }
    if req.body_length().is_some_and(|l| l > MAX_BODY) {
        let body =
            error_response(Value::Null, RpcError::new(-32600, "request too large")).to_string();
        let _ = req.respond(
            tiny_http::Response::from_string(body)
                .with_status_code(413)
                .with_header(header("Content-Type", "application/json")),
        );
        return;
    }
    let mut body = Vec::new();
    let read = req
        .as_reader()
        .take(MAX_BODY as u64 + 1)
        .read_to_end(&mut body);
    let out = match read {
        Err(_) => Some(error_response(
            Value::Null,
            RpcError::new(-32700, "could not read body"),
        )),
        Ok(_) if body.len() > MAX_BODY => Some(error_response(
            Value::Null,
            RpcError::new(-32600, "request too large"),
        )),
        Ok(_) => handle_body(chain, &body),
    };
    let text = out.map(|v| v.to_string()).unwrap_or_default();
    let resp = tiny_http::Response::from_string(text)
        .with_header(header("Content-Type", "application/json"))
        .with_header(cors);
    let _ = req.respond(resp);
}
