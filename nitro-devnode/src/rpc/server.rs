//! The HTTP server: hyper 1 (HTTP/1.1 with keep-alive, chunked bodies, `Expect:
//! 100-continue`, upgrades) on a tokio runtime of its own, on its own thread, so the node can
//! be started and dropped from sync and async code alike.
//!
//! Limits a slow or hostile client cannot exhaust:
//! - hyper's header read timeout closes a connection that has not sent a whole request head
//!   in time (this also ends idle keep-alive connections);
//! - at most `max_connections` connections; when full, a new one evicts the oldest
//!   connection that is not executing a request (waiting for or reading a request head or
//!   body), so connections that never finish their headers cannot lock new clients out;
//! - WebSocket sessions are not evicted but have their own, lower cap;
//! - bodies are limited in size and time (413 / 408).
//!
//! Chain work runs on tokio's blocking pool (`--threads` threads with
//! [`WORKER_STACK`](super::WORKER_STACK) stacks).

use super::{
    handle_body,
    ws::{self, Connections},
    MAX_BODY, WORKER_STACK,
};
use crate::chain::Chain;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{
    body::Incoming,
    header::{self, HeaderValue},
    server::conn::http1,
    service::service_fn,
    Method, Request, Response, StatusCode, Version,
};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::{
    collections::BTreeMap,
    convert::Infallible,
    net::SocketAddr,
    sync::{
        atomic::{AtomicU8, Ordering},
        Arc, Mutex,
    },
    thread::JoinHandle,
    time::Duration,
};
use tokio::{
    net::{TcpListener, TcpStream},
    sync::{watch, Notify},
};

/// Limits of the HTTP layer.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Largest request body (larger: 413).
    pub max_body: usize,
    /// Largest request head (larger: 431).
    pub max_head: usize,
    /// Connections at once (HTTP and WebSocket).
    pub max_connections: usize,
    /// WebSocket sessions at once (more: 503).
    pub max_websockets: usize,
    /// Time to receive a whole request head (and the longest idle keep-alive).
    pub header_timeout: Duration,
    /// Time to receive a whole request body (longer: 408).
    pub body_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body: MAX_BODY,
            max_head: 64 * 1024,
            max_connections: 1024,
            max_websockets: 256,
            header_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(30),
        }
    }
}

/// What a connection is doing: only connections that execute a request are safe from
/// eviction.
const IDLE: u8 = 0;
const EXECUTING: u8 = 1;

struct Conn {
    phase: Arc<AtomicU8>,
    websocket: bool,
    close: Arc<Notify>,
}

/// A registered connection.
struct Admitted {
    id: u64,
    phase: Arc<AtomicU8>,
    close: Arc<Notify>,
}

struct Shared {
    chain: Arc<Mutex<Chain>>,
    limits: Limits,
    /// Open connections by id (ids grow: the first is the oldest).
    conns: Mutex<(u64, BTreeMap<u64, Conn>)>,
}

impl Shared {
    fn conns(&self) -> std::sync::MutexGuard<'_, (u64, BTreeMap<u64, Conn>)> {
        self.conns.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Registers a connection; when full, evicts the oldest HTTP connection that is not
    /// executing a request. `None`: no room.
    fn admit(&self, websocket: bool) -> Option<Admitted> {
        let mut guard = self.conns();
        let (next, map) = &mut *guard;
        if websocket && map.values().filter(|c| c.websocket).count() >= self.limits.max_websockets {
            return None;
        }
        if map.len() >= self.limits.max_connections {
            let victim = map
                .iter()
                .find(|(_, c)| !c.websocket && c.phase.load(Ordering::Relaxed) == IDLE)
                .map(|(id, _)| *id)?;
            if let Some(c) = map.remove(&victim) {
                c.close.notify_one();
            }
        }
        *next += 1;
        let conn = Conn {
            phase: Arc::new(AtomicU8::new(IDLE)),
            websocket,
            close: Arc::new(Notify::new()),
        };
        let admitted = Admitted {
            id: *next,
            phase: conn.phase.clone(),
            close: conn.close.clone(),
        };
        map.insert(*next, conn);
        Some(admitted)
    }

    fn release(&self, id: u64) {
        self.conns().1.remove(&id);
    }

    fn close_all(&self) {
        for (_, c) in std::mem::take(&mut self.conns().1) {
            c.close.notify_one();
        }
    }
}

/// A running JSON-RPC server.
pub struct Server {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Binds `addr` and serves `chain`, executing requests on `threads` threads.
    pub fn start(addr: &str, chain: Arc<Mutex<Chain>>, threads: usize) -> std::io::Result<Self> {
        Self::start_with(addr, chain, threads, Limits::default())
    }

    /// [`Server::start`] with explicit limits.
    pub fn start_with(
        addr: &str,
        chain: Arc<Mutex<Chain>>,
        threads: usize,
        limits: Limits,
    ) -> std::io::Result<Self> {
        let listener = std::net::TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .max_blocking_threads(threads.max(1))
            .thread_stack_size(WORKER_STACK)
            .thread_name("nitro-devnode-rpc")
            .enable_all()
            .build()?;
        let (stop, stopped) = watch::channel(false);
        let shared = Arc::new(Shared {
            chain,
            limits,
            conns: Mutex::new((0, BTreeMap::new())),
        });
        // Bound to the runtime here so that a failure is reported by `start`.
        let listener = {
            let _guard = runtime.enter();
            TcpListener::from_std(listener)?
        };
        let thread = std::thread::Builder::new()
            .name("nitro-devnode-server".into())
            .spawn(move || {
                runtime.block_on(accept_loop(listener, shared, stopped));
                runtime.shutdown_timeout(Duration::from_secs(5));
            })?;
        Ok(Self {
            addr,
            stop,
            thread: Some(thread),
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, closes the open connections and waits for the server thread
    /// (requests being executed finish first, for up to 5 s).
    pub fn shutdown(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        let _ = self.stop.send(true);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop_now();
    }
}

async fn accept_loop(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut stopped: watch::Receiver<bool>,
) {
    loop {
        let stream = tokio::select! {
            _ = stopped.changed() => break,
            accepted = listener.accept() => match accepted {
                Ok((s, _)) => s,
                // Out of file descriptors and the like: wait for connections to close.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        match shared.admit(false) {
            Some(conn) => {
                tokio::spawn(serve_connection(stream, shared.clone(), conn));
            }
            None => {
                tokio::spawn(refuse(stream, shared.limits.header_timeout));
            }
        }
    }
    shared.close_all();
}

fn http1_builder(header_timeout: Duration, max_head: usize) -> http1::Builder {
    let mut b = http1::Builder::new();
    b.timer(TokioTimer::new())
        .header_read_timeout(header_timeout)
        .title_case_headers(true)
        .max_header_size(max_head);
    b
}

async fn serve_connection(stream: TcpStream, shared: Arc<Shared>, conn: Admitted) {
    let svc = {
        let (shared, phase) = (shared.clone(), conn.phase.clone());
        service_fn(move |req| handle(req, shared.clone(), phase.clone()))
    };
    let http = http1_builder(shared.limits.header_timeout, shared.limits.max_head)
        .serve_connection(TokioIo::new(stream), svc)
        .with_upgrades();
    tokio::select! {
        _ = http => {}
        // Evicted or shutting down: drop the connection.
        _ = conn.close.notified() => {}
    }
    shared.release(conn.id);
}

/// Answers 503 to a connection there is no room for (giving it at most 5 s to send its
/// request head).
async fn refuse(stream: TcpStream, header_timeout: Duration) {
    let header_timeout = header_timeout.min(Duration::from_secs(5));
    let svc = service_fn(|_req: Request<Incoming>| async {
        Ok::<_, Infallible>(text(
            StatusCode::SERVICE_UNAVAILABLE,
            "nitro-devnode: too many connections\n",
            false,
        ))
    });
    let _ = tokio::time::timeout(
        header_timeout,
        http1_builder(header_timeout, 8192).serve_connection(TokioIo::new(stream), svc),
    )
    .await;
}

type Resp = Response<Full<Bytes>>;

fn respond(status: StatusCode, content_type: &'static str, body: Bytes, keep_alive: bool) -> Resp {
    let mut r = Response::new(Full::new(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CONNECTION,
        HeaderValue::from_static(if keep_alive { "keep-alive" } else { "close" }),
    );
    r
}

fn text(status: StatusCode, body: &'static str, keep_alive: bool) -> Resp {
    respond(
        status,
        "text/plain",
        Bytes::from_static(body.as_bytes()),
        keep_alive,
    )
}

/// Whether the client keeps the connection open after this request.
fn keep_alive(req: &Request<Incoming>) -> bool {
    let connection = req
        .headers()
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(",")
        .to_ascii_lowercase();
    let has = |token: &str| connection.split(',').any(|t| t.trim() == token);
    match req.version() {
        Version::HTTP_10 => has("keep-alive"),
        _ => !has("close"),
    }
}

/// Sets the connection's phase back to idle when a request is done.
struct Idle(Arc<AtomicU8>);

impl Drop for Idle {
    fn drop(&mut self) {
        self.0.store(IDLE, Ordering::Relaxed);
    }
}

async fn handle(
    req: Request<Incoming>,
    shared: Arc<Shared>,
    phase: Arc<AtomicU8>,
) -> Result<Resp, Infallible> {
    let keep = keep_alive(&req);
    Ok(match *req.method() {
        Method::POST => post(req, &shared, phase, keep).await,
        Method::OPTIONS => {
            let mut r = respond(StatusCode::NO_CONTENT, "text/plain", Bytes::new(), keep);
            let h = r.headers_mut();
            h.insert(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static("content-type"),
            );
            h.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("POST, GET, OPTIONS"),
            );
            r
        }
        Method::GET if ws::is_upgrade(&req) => ws::upgrade(req, shared.clone()),
        _ => text(
            StatusCode::METHOD_NOT_ALLOWED,
            "nitro-devnode: send JSON-RPC over POST\n",
            keep,
        ),
    })
}

/// Why a body was not read.
enum BodyError {
    TooLarge,
    Slow,
    Broken,
}

/// Reads a body of at most `max` bytes within `deadline`. A body over the limit is read on
/// (and dropped) for a moment, so that the client, still sending, reads the 413 instead of
/// a reset connection.
async fn read_body(mut body: Incoming, max: usize, deadline: Duration) -> Result<Bytes, BodyError> {
    let read = async {
        let mut buf = Vec::new();
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|_| BodyError::Broken)?;
            if let Some(data) = frame.data_ref() {
                if buf.len() + data.len() > max {
                    return Err(BodyError::TooLarge);
                }
                buf.extend_from_slice(data);
            }
        }
        Ok(Bytes::from(buf))
    };
    let out = tokio::time::timeout(deadline, read)
        .await
        .unwrap_or(Err(BodyError::Slow));
    if matches!(out, Err(BodyError::TooLarge)) {
        drain(body, 4 * max, Duration::from_secs(2)).await;
    }
    out
}

async fn drain(mut body: Incoming, cap: usize, deadline: Duration) {
    let _ = tokio::time::timeout(deadline, async {
        let mut seen = 0usize;
        while let Some(Ok(frame)) = body.frame().await {
            seen += frame.data_ref().map(|d| d.len()).unwrap_or(0);
            if seen > cap {
                break;
            }
        }
    })
    .await;
}

async fn post(req: Request<Incoming>, shared: &Shared, phase: Arc<AtomicU8>, keep: bool) -> Resp {
    let max = shared.limits.max_body;
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let too_large = || {
        text(
            StatusCode::PAYLOAD_TOO_LARGE,
            "nitro-devnode: request body too large\n",
            false,
        )
    };
    if declared.is_some_and(|n| n > max as u64) {
        drain(req.into_body(), 4 * max, Duration::from_secs(2)).await;
        return too_large();
    }
    let body = match read_body(req.into_body(), max, shared.limits.body_timeout).await {
        Ok(b) => b,
        Err(BodyError::TooLarge) => return too_large(),
        Err(BodyError::Slow) => {
            return text(
                StatusCode::REQUEST_TIMEOUT,
                "nitro-devnode: request body not received in time\n",
                false,
            )
        }
        Err(BodyError::Broken) => {
            return text(
                StatusCode::BAD_REQUEST,
                "nitro-devnode: malformed request body\n",
                false,
            )
        }
    };
    phase.store(EXECUTING, Ordering::Relaxed);
    let _idle = Idle(phase);
    let chain = shared.chain.clone();
    match tokio::task::spawn_blocking(move || handle_body(&chain, &body)).await {
        Ok(out) => respond(
            StatusCode::OK,
            "application/json",
            Bytes::from(out.unwrap_or_default()),
            keep,
        ),
        Err(_) => text(
            StatusCode::SERVICE_UNAVAILABLE,
            "nitro-devnode: shutting down\n",
            false,
        ),
    }
}

impl Connections for Shared {
    fn chain(&self) -> &Arc<Mutex<Chain>> {
        &self.chain
    }

    fn admit_websocket(&self) -> Option<(u64, Arc<Notify>)> {
        self.admit(true).map(|a| (a.id, a.close))
    }

    fn release(&self, id: u64) {
        Shared::release(self, id)
    }
}
