//! A small HTTP/1.1 server for JSON-RPC over POST (and WebSocket, `ws.rs`, after an
//! `Upgrade: websocket` GET).
//!
//! Each connection gets a light I/O thread (keep-alive, `Expect: 100-continue`, chunked
//! bodies); the bodies are executed by a fixed pool of worker threads with big stacks
//! (Stylus frames nest native calls), so a slow call never blocks reading or accepting.
//!
//! It replaces tiny_http 0.12, whose connection task pool can lose a wake-up when new
//! connections arrive beside idle keep-alive ones: the new connection then waits until a pool
//! thread times out or another connection closes (5-18 s measured with pooling clients, up
//! to the clients' idle timeout: 90 s with reqwest's defaults).

use std::{
    collections::HashMap,
    io::{self, BufRead, BufReader, Read, Write},
    net::{Shutdown, SocketAddr, TcpListener, TcpStream},
    sync::{
        atomic::{AtomicBool, AtomicU64, Ordering},
        mpsc, Arc, Mutex,
    },
    thread::JoinHandle,
    time::Duration,
};

/// Runs one POST body and returns the response body (JSON; empty for notifications).
pub type Handler = Arc<dyn Fn(&[u8]) -> Vec<u8> + Send + Sync>;

/// Limits of the HTTP layer.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Largest request body (larger: 413).
    pub max_body: usize,
    /// Largest request line + headers (larger: 431).
    pub max_head: usize,
    /// Connections served at once (more: 503).
    pub max_connections: usize,
    /// A connection idle this long between requests is closed.
    pub idle_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body: 16 * 1024 * 1024,
            max_head: 64 * 1024,
            max_connections: 1024,
            idle_timeout: Duration::from_secs(300),
        }
    }
}

/// Stack of a connection's I/O thread (it only parses HTTP).
const IO_STACK: usize = 256 * 1024;

/// Why a request could not be read.
#[derive(Debug)]
enum ReadError {
    /// Malformed request: 400, then close.
    Bad(&'static str),
    /// Body over the limit: 413, then close.
    TooLarge,
    /// Head over the limit: 431, then close.
    HeadTooLarge,
    /// Not HTTP/1.0 or 1.1: 505, then close.
    Version,
    /// The connection failed or timed out mid-request: close.
    Io,
}

impl ReadError {
    fn status(&self) -> Option<u16> {
        match self {
            ReadError::Bad(_) => Some(400),
            ReadError::TooLarge => Some(413),
            ReadError::HeadTooLarge => Some(431),
            ReadError::Version => Some(505),
            ReadError::Io => None,
        }
    }

    fn message(&self) -> &'static str {
        match self {
            ReadError::Bad(m) => m,
            ReadError::TooLarge => "request body too large",
            ReadError::HeadTooLarge => "request head too large",
            ReadError::Version => "only HTTP/1.0 and HTTP/1.1 are supported",
            ReadError::Io => "",
        }
    }
}

/// A request as far as JSON-RPC cares.
#[derive(Debug, Default, PartialEq)]
struct Request {
    method: String,
    body: Vec<u8>,
    keep_alive: bool,
    /// `Sec-WebSocket-Key` of a GET asking to switch to WebSocket.
    websocket_key: Option<String>,
}

/// One job for the workers: a body and where to send its response.
enum Work {
    Job(Vec<u8>, mpsc::Sender<Vec<u8>>),
    Stop,
}

struct Shared {
    stop: AtomicBool,
    next_id: AtomicU64,
    /// Open connections: counted against `max_connections`, closed at shutdown.
    open: Mutex<HashMap<u64, TcpStream>>,
    jobs: Mutex<mpsc::Sender<Work>>,
    limits: Limits,
}

/// A running server.
pub struct HttpServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
    workers: Vec<JoinHandle<()>>,
}

impl HttpServer {
    /// Binds `addr` and serves POST bodies with `handler` on `workers` threads of
    /// `worker_stack` bytes each.
    pub fn start(
        addr: &str,
        workers: usize,
        worker_stack: usize,
        limits: Limits,
        handler: Handler,
    ) -> io::Result<Self> {
        let listener = TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        let (tx, rx) = mpsc::channel::<Work>();
        let rx = Arc::new(Mutex::new(rx));
        let workers = (0..workers.max(1))
            .map(|_| {
                let (rx, handler) = (rx.clone(), handler.clone());
                std::thread::Builder::new()
                    .name("nitro-devnode-rpc".into())
                    .stack_size(worker_stack)
                    .spawn(move || loop {
                        let work = rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                        match work {
                            Ok(Work::Job(body, reply)) => {
                                let _ = reply.send(handler(&body));
                            }
                            Ok(Work::Stop) | Err(_) => break,
                        }
                    })
            })
            .collect::<io::Result<Vec<_>>>()?;
        let shared = Arc::new(Shared {
            stop: AtomicBool::new(false),
            next_id: AtomicU64::new(0),
            open: Mutex::new(HashMap::new()),
            jobs: Mutex::new(tx),
            limits,
        });
        let acceptor = {
            let shared = shared.clone();
            std::thread::Builder::new()
                .name("nitro-devnode-accept".into())
                .spawn(move || accept_loop(listener, shared))?
        };
        Ok(Self {
            addr,
            shared,
            acceptor: Some(acceptor),
            workers,
        })
    }

    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, closes the open connections and joins the workers (requests already
    /// queued are answered first).
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        let Some(acceptor) = self.acceptor.take() else {
            return;
        };
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept.
        let mut wake = self.addr;
        if wake.ip().is_unspecified() {
            wake.set_ip(if wake.is_ipv4() {
                [127, 0, 0, 1].into()
            } else {
                std::net::Ipv6Addr::LOCALHOST.into()
            });
        }
        let _ = TcpStream::connect_timeout(&wake, Duration::from_secs(1));
        let _ = acceptor.join();
        for s in lock(&self.shared.open).values() {
            let _ = s.shutdown(Shutdown::Both);
        }
        {
            let jobs = lock(&self.shared.jobs);
            for _ in 0..self.workers.len() {
                let _ = jobs.send(Work::Stop);
            }
        }
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(mut stream) = stream else { continue };
        if lock(&shared.open).len() >= shared.limits.max_connections {
            let _ = write_response(
                &mut stream,
                503,
                b"too many connections\n",
                "text/plain",
                false,
            );
            continue;
        }
        let Ok(registered) = stream.try_clone() else {
            continue;
        };
        let id = shared.next_id.fetch_add(1, Ordering::SeqCst);
        lock(&shared.open).insert(id, registered);
        let conn_shared = shared.clone();
        let spawned = std::thread::Builder::new()
            .name("nitro-devnode-http".into())
            .stack_size(IO_STACK)
            .spawn(move || {
                serve_connection(stream, &conn_shared);
                lock(&conn_shared.open).remove(&id);
            });
        if spawned.is_err() {
            if let Some(s) = lock(&shared.open).remove(&id) {
                let _ = s.shutdown(Shutdown::Both);
            }
        }
    }
}

fn serve_connection(stream: TcpStream, shared: &Shared) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(shared.limits.idle_timeout));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut writer = stream;
    loop {
        let req = match read_request(&mut reader, &mut writer, &shared.limits) {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(e) => {
                if let Some(status) = e.status() {
                    let msg = format!("nitro-devnode: {}\n", e.message());
                    let _ =
                        write_response(&mut writer, status, msg.as_bytes(), "text/plain", false);
                    linger(&mut reader, &writer);
                }
                break;
            }
        };
        if let Some(key) = &req.websocket_key {
            let switch = format!(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
                 Sec-WebSocket-Accept: {}\r\n\r\n",
                super::ws::accept_key(key)
            );
            if writer.write_all(switch.as_bytes()).is_ok() {
                // Subscribers may stay silent for long: no idle timeout.
                let _ = writer.set_read_timeout(None);
                let run = |body: Vec<u8>| run_job(shared, body);
                let stopped = || shared.stop.load(Ordering::SeqCst);
                super::ws::serve(reader, &mut writer, shared.limits.max_body, &run, &stopped);
            }
            break;
        }
        let written = match req.method.as_str() {
            "POST" => match run_job(shared, req.body) {
                Some(out) => {
                    write_response(&mut writer, 200, &out, "application/json", req.keep_alive)
                }
                None => write_response(&mut writer, 503, b"shutting down\n", "text/plain", false),
            },
            "OPTIONS" => write_response(&mut writer, 204, b"", "text/plain", req.keep_alive),
            _ => write_response(
                &mut writer,
                405,
                b"nitro-devnode: send JSON-RPC over POST\n",
                "text/plain",
                req.keep_alive,
            ),
        };
        if written.is_err() || !req.keep_alive || shared.stop.load(Ordering::SeqCst) {
            break;
        }
    }
    let _ = writer.shutdown(Shutdown::Both);
}

/// Runs a JSON-RPC body on the worker pool and waits for its response; `None` once the
/// workers are stopping.
fn run_job(shared: &Shared, body: Vec<u8>) -> Option<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    lock(&shared.jobs).send(Work::Job(body, tx)).ok()?;
    rx.recv().ok()
}

/// After an error response, reads and drops what the client is still sending (e.g. the body
/// of a refused request) for a moment, so that closing does not reset the connection before
/// the client has read the response.
fn linger(reader: &mut impl Read, stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let _ = io::copy(&mut reader.take(64 * 1024 * 1024), &mut io::sink());
}

/// Reads one request. `Ok(None)`: the client closed (or stayed idle past the timeout)
/// between requests.
fn read_request(
    r: &mut impl BufRead,
    w: &mut impl Write,
    limits: &Limits,
) -> Result<Option<Request>, ReadError> {
    // Head: request line and headers, up to the empty line (CRLF or bare LF).
    let mut head = Vec::new();
    loop {
        let room = (limits.max_head + 1).saturating_sub(head.len()) as u64;
        let n = match Read::take(&mut *r, room).read_until(b'\n', &mut head) {
            Ok(n) => n,
            Err(_) if head.is_empty() => return Ok(None),
            Err(_) => return Err(ReadError::Io),
        };
        if n == 0 {
            return if head.is_empty() {
                Ok(None)
            } else {
                Err(ReadError::Io)
            };
        }
        if head.len() > limits.max_head {
            return Err(ReadError::HeadTooLarge);
        }
        // Empty lines before a request line are ignored (RFC 9112 §2.2).
        if head == b"\r\n" || head == b"\n" {
            head.clear();
            continue;
        }
        if head.ends_with(b"\n\r\n") || head.ends_with(b"\n\n") {
            break;
        }
    }
    let head = std::str::from_utf8(&head).map_err(|_| ReadError::Bad("head is not UTF-8"))?;
    let mut lines = head.lines();
    let mut parts = lines.next().unwrap_or_default().split(' ');
    let (method, _target, version) = match (parts.next(), parts.next(), parts.next(), parts.next())
    {
        (Some(m), Some(t), Some(v), None) if !m.is_empty() && !t.is_empty() => (m, t, v),
        _ => return Err(ReadError::Bad("bad request line")),
    };
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        v if v.starts_with("HTTP/") => return Err(ReadError::Version),
        _ => return Err(ReadError::Bad("bad request line")),
    };
    let (mut length, mut chunked, mut expect_continue) = (None, false, false);
    let mut connection = String::new();
    let (mut upgrade, mut websocket_key) = (false, None);
    for line in lines.filter(|l| !l.is_empty()) {
        let (name, value) = line
            .split_once(':')
            .ok_or(ReadError::Bad("bad header line"))?;
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-length" => {
                let n: usize = value
                    .parse()
                    .map_err(|_| ReadError::Bad("bad content-length"))?;
                if length.is_some_and(|m| m != n) {
                    return Err(ReadError::Bad("conflicting content-length"));
                }
                length = Some(n);
            }
            "transfer-encoding" => {
                chunked = value
                    .to_ascii_lowercase()
                    .split(',')
                    .any(|t| t.trim() == "chunked")
            }
            "expect" => expect_continue = value.eq_ignore_ascii_case("100-continue"),
            "connection" => connection = value.to_ascii_lowercase(),
            "upgrade" => upgrade = value.to_ascii_lowercase().contains("websocket"),
            "sec-websocket-key" => websocket_key = Some(value.to_string()),
            _ => {}
        }
    }
    let keep_alive = if http10 {
        connection.contains("keep-alive")
    } else {
        !connection.contains("close")
    };
    if length.is_some_and(|n| n > limits.max_body) {
        return Err(ReadError::TooLarge);
    }
    if expect_continue && (chunked || length.is_some_and(|n| n > 0)) {
        w.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
            .and_then(|_| w.flush())
            .map_err(|_| ReadError::Io)?;
    }
    let body = if chunked {
        read_chunked(r, limits.max_body)?
    } else {
        let mut body = vec![0; length.unwrap_or(0)];
        r.read_exact(&mut body).map_err(|_| ReadError::Io)?;
        body
    };
    let websocket_key = websocket_key.filter(|_| upgrade && method == "GET");
    Ok(Some(Request {
        method: method.to_string(),
        body,
        keep_alive,
        websocket_key,
    }))
}

fn read_chunked(r: &mut impl BufRead, max_body: usize) -> Result<Vec<u8>, ReadError> {
    let mut body = Vec::new();
    loop {
        let mut line = Vec::new();
        Read::take(&mut *r, 1024)
            .read_until(b'\n', &mut line)
            .map_err(|_| ReadError::Io)?;
        let line = std::str::from_utf8(&line).map_err(|_| ReadError::Bad("bad chunk size"))?;
        let size = line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size, 16).map_err(|_| ReadError::Bad("bad chunk size"))?;
        if size == 0 {
            // Trailers, up to the empty line.
            loop {
                let mut t = Vec::new();
                let n = Read::take(&mut *r, 8192)
                    .read_until(b'\n', &mut t)
                    .map_err(|_| ReadError::Io)?;
                if n == 0 || t == b"\r\n" || t == b"\n" {
                    return Ok(body);
                }
            }
        }
        if body.len().saturating_add(size) > max_body {
            return Err(ReadError::TooLarge);
        }
        let start = body.len();
        body.resize(start + size, 0);
        r.read_exact(&mut body[start..])
            .map_err(|_| ReadError::Io)?;
        let mut crlf = Vec::new();
        Read::take(&mut *r, 2)
            .read_until(b'\n', &mut crlf)
            .map_err(|_| ReadError::Io)?;
        if crlf != b"\r\n" && crlf != b"\n" {
            return Err(ReadError::Bad("bad chunk end"));
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        405 => "Method Not Allowed",
        413 => "Payload Too Large",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}

fn write_response(
    w: &mut impl Write,
    status: u16,
    body: &[u8],
    content_type: &str,
    keep_alive: bool,
) -> io::Result<()> {
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    out += "Access-Control-Allow-Origin: *\r\n";
    if status == 204 {
        out += "Access-Control-Allow-Headers: content-type\r\n";
        out += "Access-Control-Allow-Methods: POST, GET, OPTIONS\r\n";
    } else {
        out += &format!(
            "Content-Type: {content_type}\r\nContent-Length: {}\r\n",
            body.len()
        );
    }
    out += if keep_alive {
        "Connection: keep-alive\r\n\r\n"
    } else {
        "Connection: close\r\n\r\n"
    };
    let mut bytes = out.into_bytes();
    if status != 204 {
        bytes.extend_from_slice(body);
    }
    w.write_all(&bytes)?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &[u8]) -> (Result<Option<Request>, ReadError>, Vec<u8>) {
        let limits = Limits {
            max_body: 64,
            max_head: 256,
            ..Limits::default()
        };
        let mut out = Vec::new();
        let r = read_request(&mut &raw[..], &mut out, &limits);
        (r, out)
    }

    fn req(method: &str, body: &[u8], keep_alive: bool) -> Request {
        Request {
            method: method.into(),
            body: body.to_vec(),
            keep_alive,
            websocket_key: None,
        }
    }

    #[test]
    fn content_length_and_keep_alive() {
        let (r, _) = parse(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nabcdNEXT");
        assert_eq!(r.unwrap(), Some(req("POST", b"abcd", true)));
        let (r, _) = parse(b"POST / HTTP/1.1\r\nconnection: Close\r\ncontent-length: 0\r\n\r\n");
        assert_eq!(r.unwrap(), Some(req("POST", b"", false)));
        let (r, _) = parse(b"POST / HTTP/1.0\r\nContent-Length: 1\r\n\r\nx");
        assert_eq!(r.unwrap(), Some(req("POST", b"x", false)));
        let (r, _) = parse(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assert_eq!(r.unwrap(), Some(req("GET", b"", true)));
        // Bare LF line ends and leading empty lines.
        let (r, _) = parse(b"\r\nPOST / HTTP/1.1\nContent-Length: 2\n\nhi");
        assert_eq!(r.unwrap(), Some(req("POST", b"hi", true)));
    }

    #[test]
    fn chunked_and_expect_continue() {
        let (r, out) = parse(
            b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n\
              3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: 1\r\n\r\n",
        );
        assert_eq!(r.unwrap(), Some(req("POST", b"abcde", true)));
        assert_eq!(out, b"HTTP/1.1 100 Continue\r\n\r\n");
    }

    #[test]
    fn closed_or_idle_connections_end_quietly() {
        assert!(parse(b"").0.unwrap().is_none());
        assert!(parse(b"\r\n").0.unwrap().is_none());
        assert!(matches!(
            parse(b"POST / HTTP/1.1\r\n").0,
            Err(ReadError::Io)
        ));
        assert!(matches!(
            parse(b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab").0,
            Err(ReadError::Io)
        ));
    }

    #[test]
    fn bad_input_gets_a_status() {
        let status = |raw: &[u8]| parse(raw).0.unwrap_err().status();
        assert_eq!(status(b"POST /\r\n\r\n"), Some(400));
        assert_eq!(status(b"POST / HTTP/2.0\r\n\r\n"), Some(505));
        assert_eq!(status(b"POST / HTTP/1.1\r\nno colon\r\n\r\n"), Some(400));
        assert_eq!(
            status(b"POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n"),
            Some(400)
        );
        assert_eq!(
            status(b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"),
            Some(400)
        );
        assert_eq!(
            status(b"POST / HTTP/1.1\r\nContent-Length: 65\r\n\r\n"),
            Some(413)
        );
        assert_eq!(
            status(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n41\r\n"),
            Some(413)
        );
        assert_eq!(
            status(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
            Some(400)
        );
        let mut long = b"POST / HTTP/1.1\r\nX: ".to_vec();
        long.extend(std::iter::repeat_n(b'a', 300));
        long.extend(b"\r\n\r\n");
        assert_eq!(status(&long), Some(431));
    }

    #[test]
    fn responses_are_framed() {
        let mut out = Vec::new();
        write_response(&mut out, 200, b"{}", "application/json", true).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nContent-Type: application/json\r\n\
             Content-Length: 2\r\nConnection: keep-alive\r\n\r\n{}"
        );
        let mut out = Vec::new();
        write_response(&mut out, 204, b"ignored", "text/plain", false).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("HTTP/1.1 204 No Content\r\n"));
        assert!(!text.contains("Content-Length") && text.ends_with("Connection: close\r\n\r\n"));
    }
}
