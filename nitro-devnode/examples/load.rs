//! Load run over JSON-RPC: concurrent clients on keep-alive HTTP connections against an
//! in-process node (loopback only).
//!
//! 1. reads: each client sends `eth_blockNumber`, `eth_getBalance` and `eth_call` in turn
//!    for a fixed time;
//! 2. transactions: each client sends signed transfers from its own dev account with
//!    `eth_sendRawTransaction`; then every accepted transaction must have a successful
//!    receipt, every sender's nonce must match and the value received must equal the value
//!    sent.
//!
//! `cargo run --release --example load -- [clients] [txs per client] [read seconds]`
//! (defaults 16, 200, 5).

use alloy_consensus::{SignableTransaction, TxEip1559, TxEnvelope};
use alloy_eips::eip2718::Encodable2718;
use alloy_primitives::{Address, Bytes, TxKind, U256};
use k256::ecdsa::SigningKey;
use nitro_devnode::Devnode;
use serde_json::{json, Value};
use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
    time::{Duration, Instant},
};

/// A keep-alive JSON-RPC client on one connection.
struct Client {
    w: TcpStream,
    r: BufReader<TcpStream>,
}

impl Client {
    fn new(addr: &str) -> Self {
        let w = TcpStream::connect(addr).expect("connect");
        w.set_nodelay(true).ok();
        let r = BufReader::new(w.try_clone().expect("clone"));
        Self { w, r }
    }

    fn call(&mut self, method: &str, params: Value) -> Value {
        let body =
            json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).to_string();
        write!(
            self.w,
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .expect("send");
        let mut len = 0;
        loop {
            let mut line = String::new();
            assert!(self.r.read_line(&mut line).expect("read") > 0, "closed");
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                len = v.trim().parse().expect("length");
            }
        }
        let mut buf = vec![0; len];
        self.r.read_exact(&mut buf).expect("body");
        serde_json::from_slice(&buf).expect("json")
    }
}

fn sign(key: &SigningKey, to: Address, nonce: u64, value: u64) -> Bytes {
    let tx = TxEip1559 {
        chain_id: 412_346,
        nonce,
        gas_limit: 21_000,
        max_fee_per_gas: 1_000_000_000,
        max_priority_fee_per_gas: 0,
        to: TxKind::Call(to),
        value: U256::from(value),
        access_list: Default::default(),
        input: Bytes::new(),
    };
    let (sig, recid) = key
        .sign_prehash_recoverable(tx.signature_hash().as_slice())
        .expect("sign");
    let sig = alloy_primitives::Signature::from_signature_and_parity(sig, recid.is_y_odd());
    TxEnvelope::from(tx.into_signed(sig)).encoded_2718().into()
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

fn main() {
    let arg = |i: usize, d: u64| {
        std::env::args()
            .nth(i)
            .and_then(|a| a.parse().ok())
            .unwrap_or(d)
    };
    let (clients, txs, read_secs) = (arg(1, 16) as usize, arg(2, 200), arg(3, 5));
    let node = Devnode::builder()
        .port(0)
        .accounts(clients + 1)
        .spawn()
        .expect("start");
    let addr = node.url().trim_start_matches("http://").to_string();
    let keys = node.dev_keys();
    let sink = Address::repeat_byte(0x5e);
    println!(
        "{} cores, load average before: {}",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(0),
        loadavg()
    );

    // 1. Reads.
    let t = Instant::now();
    let deadline = t + Duration::from_secs(read_secs);
    let handles: Vec<_> = (0..clients)
        .map(|i| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let mut c = Client::new(&addr);
                let who = Address::repeat_byte(i as u8);
                let mut n = 0u64;
                while Instant::now() < deadline {
                    let r = match n % 3 {
                        0 => c.call("eth_blockNumber", json!([])),
                        1 => c.call("eth_getBalance", json!([who, "latest"])),
                        _ => c.call("eth_call", json!([{"to": who, "data": "0x"}, "latest"])),
                    };
                    assert!(r.get("result").is_some(), "{r}");
                    n += 1;
                }
                n
            })
        })
        .collect();
    let reads: u64 = handles.into_iter().map(|h| h.join().expect("reader")).sum();
    let read_time = t.elapsed().as_secs_f64();
    println!(
        "reads: {clients} clients, {reads} requests in {read_time:.1} s = {:.0} requests/s (load average: {})",
        reads as f64 / read_time,
        loadavg()
    );

    // 2. Transactions (signed before the clock starts).
    let signed: Vec<Vec<Bytes>> = (0..clients)
        .map(|i| {
            let key = SigningKey::from_slice(keys[i + 1].as_slice()).expect("key");
            (0..txs).map(|n| sign(&key, sink, n, 1 + n % 7)).collect()
        })
        .collect();
    let sent_value: u64 = (0..txs).map(|n| 1 + n % 7).sum::<u64>() * clients as u64;
    let t = Instant::now();
    let handles: Vec<_> = signed
        .into_iter()
        .map(|raws| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let mut c = Client::new(&addr);
                raws.iter()
                    .map(|raw| c.call("eth_sendRawTransaction", json!([raw])))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let answers: Vec<Value> = handles
        .into_iter()
        .flat_map(|h| h.join().expect("sender"))
        .collect();
    let tx_time = t.elapsed().as_secs_f64();
    let accepted: Vec<&Value> = answers.iter().filter_map(|a| a.get("result")).collect();
    println!(
        "transactions: {clients} clients, {} sent, {} accepted in {tx_time:.1} s = {:.0} tx/s (load average: {})",
        answers.len(),
        accepted.len(),
        accepted.len() as f64 / tx_time,
        loadavg()
    );

    // Every accepted transaction is receipted; nonces and value add up.
    let mut c = Client::new(&addr);
    let receipted = accepted
        .iter()
        .filter(|h| c.call("eth_getTransactionReceipt", json!([h]))["result"]["status"] == "0x1")
        .count();
    let nonces_ok = (0..clients).all(|i| {
        let a = node.accounts()[i + 1];
        c.call("eth_getTransactionCount", json!([a, "latest"]))["result"]
            == json!(format!("{txs:#x}"))
    });
    let received = c.call("eth_getBalance", json!([sink, "latest"]))["result"].clone();
    let value_ok = received == json!(format!("{sent_value:#x}"));
    println!(
        "receipted: {receipted} of {} accepted; nonces {}; value received {} (sent {sent_value:#x})",
        accepted.len(),
        if nonces_ok { "match" } else { "DO NOT MATCH" },
        received
    );
    assert_eq!(
        receipted,
        accepted.len(),
        "every accepted transaction is receipted"
    );
    assert!(nonces_ok && value_ok, "balances and nonces add up");
}
