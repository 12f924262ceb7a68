//! JSON-RPC over WebSocket (RFC 6455), on the HTTP port: a GET with `Upgrade: websocket`
//! switches the connection. Requests run like HTTP ones; `eth_subscribe` (`newHeads`, `logs`,
//! `newPendingTransactions`) and `eth_unsubscribe` are served on top of the node's polling
//! filters: each subscription is a filter that this connection polls and pushes as
//! `eth_subscription` notifications.

use serde_json::{json, Value};
use std::{
    collections::BTreeMap,
    io::{self, BufRead, Read, Write},
    sync::mpsc,
    time::Duration,
};

/// Runs one JSON-RPC body on the node (queued to the workers); `None` when the node stops.
pub type Run<'a> = &'a dyn Fn(Vec<u8>) -> Option<Vec<u8>>;

/// How often subscriptions are polled.
const POLL: Duration = Duration::from_millis(50);

const GUID: &str = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/// The `Sec-WebSocket-Accept` value for a client's `Sec-WebSocket-Key`.
pub fn accept_key(key: &str) -> String {
    base64(&sha1(format!("{}{GUID}", key.trim()).as_bytes()))
}

/// What the reader thread hands over.
enum Incoming {
    Text(Vec<u8>),
    Ping(Vec<u8>),
    Close,
}

/// Serves a switched connection until the client closes it or `stopped()` says so.
pub fn serve(
    reader: impl BufRead + Send + 'static,
    writer: &mut impl Write,
    max_message: usize,
    run: Run,
    stopped: &dyn Fn() -> bool,
) {
    let (tx, rx) = mpsc::channel();
    // Frames are read on their own thread so that subscriptions are pushed while the client
    // is silent.
    let spawned = std::thread::Builder::new()
        .name("nitro-devnode-ws".into())
        .stack_size(256 * 1024)
        .spawn(move || read_frames(reader, max_message, tx));
    if spawned.is_err() {
        return;
    }
    let mut subs: BTreeMap<String, Kind> = BTreeMap::new();
    loop {
        if stopped() {
            let _ = write_frame(writer, 0x8, &[]);
            break;
        }
        match rx.recv_timeout(POLL) {
            Ok(Incoming::Text(msg)) => {
                let out = handle(&msg, &mut subs, run);
                if !out.is_empty() && write_frame(writer, 0x1, &out).is_err() {
                    break;
                }
            }
            Ok(Incoming::Ping(p)) => {
                if write_frame(writer, 0xA, &p).is_err() {
                    break;
                }
            }
            Ok(Incoming::Close) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                let _ = write_frame(writer, 0x8, &[]);
                break;
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        if push(writer, &subs, run).is_err() {
            break;
        }
    }
    for id in subs.keys() {
        let _ = call(run, "eth_uninstallFilter", json!([id]));
    }
}

/// What a subscription reports.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    NewHeads,
    Logs,
    Pending,
}

/// Runs `method` on the node; the result, or the error object.
fn call(run: Run, method: &str, params: Value) -> Result<Value, Value> {
    let req = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
    let out = run(req.to_string().into_bytes())
        .ok_or_else(|| json!({"code": -32603, "message": "node stopped"}))?;
    let v: Value = serde_json::from_slice(&out)
        .map_err(|_| json!({"code": -32603, "message": "internal error"}))?;
    match v.get("error") {
        Some(e) => Err(e.clone()),
        None => Ok(v["result"].clone()),
    }
}

/// Answers one message: subscriptions here, everything else by the node.
fn handle(msg: &[u8], subs: &mut BTreeMap<String, Kind>, run: Run) -> Vec<u8> {
    let Ok(Value::Object(req)) = serde_json::from_slice::<Value>(msg) else {
        return run(msg.to_vec()).unwrap_or_default();
    };
    let method = req
        .get("method")
        .and_then(|m| m.as_str())
        .unwrap_or_default();
    if method != "eth_subscribe" && method != "eth_unsubscribe" {
        return run(msg.to_vec()).unwrap_or_default();
    }
    let id = req.get("id").cloned().unwrap_or(Value::Null);
    let params = req
        .get("params")
        .and_then(|p| p.as_array())
        .cloned()
        .unwrap_or_default();
    let result = if method == "eth_subscribe" {
        let (kind, filter) = match params.first().and_then(|k| k.as_str()) {
            Some("newHeads") => (Kind::NewHeads, call(run, "eth_newBlockFilter", json!([]))),
            Some("newPendingTransactions") => (
                Kind::Pending,
                call(run, "eth_newPendingTransactionFilter", json!([])),
            ),
            Some("logs") => {
                let criteria = params.get(1).cloned().unwrap_or_else(|| json!({}));
                (Kind::Logs, call(run, "eth_newFilter", json!([criteria])))
            }
            other => (
                Kind::Pending,
                Err(
                    json!({"code": -32602, "message": format!("invalid params: unsupported subscription {other:?}")}),
                ),
            ),
        };
        filter.map(|f| {
            let sub = f.as_str().unwrap_or_default().to_string();
            subs.insert(sub.clone(), kind);
            json!(sub)
        })
    } else {
        let sub = params
            .first()
            .and_then(|s| s.as_str())
            .unwrap_or_default()
            .to_string();
        Ok(json!(
            subs.remove(&sub).is_some() && call(run, "eth_uninstallFilter", json!([sub])).is_ok()
        ))
    };
    match result {
        Ok(r) => json!({"jsonrpc": "2.0", "id": id, "result": r}),
        Err(e) => json!({"jsonrpc": "2.0", "id": id, "error": e}),
    }
    .to_string()
    .into_bytes()
}

/// Pushes what each subscription's filter gathered since the last poll.
fn push(writer: &mut impl Write, subs: &BTreeMap<String, Kind>, run: Run) -> io::Result<()> {
    for (id, kind) in subs {
        if *kind == Kind::Pending {
            continue;
        }
        let Ok(Value::Array(items)) = call(run, "eth_getFilterChanges", json!([id])) else {
            continue;
        };
        for item in items {
            let result = match kind {
                Kind::NewHeads => match call(run, "eth_getBlockByHash", json!([item, false])) {
                    Ok(block) => block,
                    Err(_) => continue,
                },
                _ => item,
            };
            let note = json!({"jsonrpc": "2.0", "method": "eth_subscription",
                "params": {"subscription": id, "result": result}});
            write_frame(writer, 0x1, note.to_string().as_bytes())?;
        }
    }
    Ok(())
}

/// Reads client frames (masked, possibly fragmented) and hands over whole messages.
fn read_frames(mut r: impl BufRead, max_message: usize, tx: mpsc::Sender<Incoming>) {
    let mut message: Vec<u8> = Vec::new();
    loop {
        let Ok((fin, opcode, payload)) = read_frame(&mut r, max_message) else {
            let _ = tx.send(Incoming::Close);
            return;
        };
        let sent = match opcode {
            0x0..=0x2 => {
                if message.len() + payload.len() > max_message {
                    let _ = tx.send(Incoming::Close);
                    return;
                }
                message.extend_from_slice(&payload);
                if !fin {
                    continue;
                }
                tx.send(Incoming::Text(std::mem::take(&mut message)))
            }
            0x9 => tx.send(Incoming::Ping(payload)),
            0xA => Ok(()),
            _ => {
                let _ = tx.send(Incoming::Close);
                return;
            }
        };
        if sent.is_err() {
            return;
        }
    }
}

fn read_frame(r: &mut impl Read, max: usize) -> io::Result<(bool, u8, Vec<u8>)> {
    let mut h = [0u8; 2];
    r.read_exact(&mut h)?;
    let fin = h[0] & 0x80 != 0;
    let opcode = h[0] & 0x0F;
    let masked = h[1] & 0x80 != 0;
    let len = match h[1] & 0x7F {
        126 => {
            let mut b = [0u8; 2];
            r.read_exact(&mut b)?;
            u16::from_be_bytes(b) as u64
        }
        127 => {
            let mut b = [0u8; 8];
            r.read_exact(&mut b)?;
            u64::from_be_bytes(b)
        }
        n => n as u64,
    };
    if len > max as u64 {
        return Err(io::Error::other("frame too large"));
    }
    let mut mask = [0u8; 4];
    if masked {
        r.read_exact(&mut mask)?;
    }
    let mut payload = vec![0u8; len as usize];
    r.read_exact(&mut payload)?;
    if masked {
        for (i, b) in payload.iter_mut().enumerate() {
            *b ^= mask[i % 4];
        }
    }
    Ok((fin, opcode, payload))
}

/// Writes one unmasked, final frame (servers do not mask).
pub fn write_frame(w: &mut impl Write, opcode: u8, payload: &[u8]) -> io::Result<()> {
    let mut out = vec![0x80 | opcode];
    match payload.len() {
        n if n < 126 => out.push(n as u8),
        n if n <= u16::MAX as usize => {
            out.push(126);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        }
        n => {
            out.push(127);
            out.extend_from_slice(&(n as u64).to_be_bytes());
        }
    }
    out.extend_from_slice(payload);
    w.write_all(&out)?;
    w.flush()
}

/// SHA-1 (FIPS 180-4), only for the handshake.
fn sha1(data: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for chunk in msg.chunks(64) {
        let mut w = [0u32; 80];
        for (i, word) in chunk.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A827999),
                20..=39 => (b ^ c ^ d, 0x6ED9EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDC),
                _ => (b ^ c ^ d, 0xCA62C1D6),
            };
            let t = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 20];
    for (i, x) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&x.to_be_bytes());
    }
    out
}

/// Standard base64 with padding.
fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for c in data.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= c.len() {
                s.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handshake_key_of_rfc_6455() {
        assert_eq!(
            accept_key("dGhlIHNhbXBsZSBub25jZQ=="),
            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        );
    }

    #[test]
    fn sha1_and_base64_vectors() {
        let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        assert_eq!(
            hex(&sha1(b"abc")),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(hex(&sha1(b"")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(
            hex(&sha1(&[b'a'; 1000])),
            "291e9a6c66994949b57ba5e650361e98fc36b1ba"
        );
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn frames_round_trip_masked_and_long() {
        for len in [0usize, 5, 125, 126, 65_535, 65_536] {
            let payload: Vec<u8> = (0..len).map(|i| i as u8).collect();
            // A client frame: masked.
            let mask = [1u8, 2, 3, 4];
            let mut f = vec![0x81];
            match len {
                n if n < 126 => f.push(0x80 | n as u8),
                n if n <= 65_535 => {
                    f.push(0x80 | 126);
                    f.extend_from_slice(&(n as u16).to_be_bytes());
                }
                n => {
                    f.push(0x80 | 127);
                    f.extend_from_slice(&(n as u64).to_be_bytes());
                }
            }
            f.extend_from_slice(&mask);
            f.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
            let (fin, op, got) = read_frame(&mut &f[..], 1 << 20).unwrap();
            assert!(fin);
            assert_eq!((op, got), (1, payload.clone()));
            // A server frame reads back unmasked.
            let mut out = Vec::new();
            write_frame(&mut out, 0x1, &payload).unwrap();
            let (_, op, got) = read_frame(&mut &out[..], 1 << 20).unwrap();
            assert_eq!((op, got), (1, payload));
        }
        assert!(read_frame(&mut &[0x81, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0][..], 100).is_err());
    }
}
