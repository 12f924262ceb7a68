//! Issue 10: bad input gets a clear answer, and nothing a client sends can wedge the chain,
//! kill the node or lock other clients out.

mod common;

use alloy_primitives::{Address, U256};
use common::*;
use serde_json::{json, Value};
use std::{
    io::{Read, Write},
    time::{Duration, Instant},
};

fn u(v: &Value) -> u64 {
    u64::from_str_radix(v.as_str().unwrap().trim_start_matches("0x"), 16).unwrap()
}

fn message(e: &Value) -> &str {
    e["message"].as_str().unwrap_or_default()
}

fn head(n: &Node) -> Value {
    n.ok("eth_getBlockByNumber", json!(["latest", false]))
}

#[test]
fn errors_name_the_bad_parameter() {
    let n = start();
    let e = n.rpc("eth_getBalance", json!(["0x12"])).unwrap_err();
    assert_eq!(e["code"], -32602);
    assert!(
        message(&e).starts_with("invalid params: eth_getBalance: param 0 (address): "),
        "{e}"
    );
    let e = n
        .rpc("eth_getStorageAt", json!([Address::ZERO, "zz"]))
        .unwrap_err();
    assert!(message(&e).contains("param 1 (slot)"), "{e}");
    let e = n.rpc("eth_blockNumber", json!([1])).unwrap_err();
    assert!(message(&e).contains("too many arguments"), "{e}");
}

#[test]
fn block_tags_and_raw_transactions_follow_geths_hex_rules() {
    let n = start();
    for bad in ["0x", "0x001", "1", "0xg"] {
        let e = n
            .rpc("eth_getBalance", json!([Address::ZERO, bad]))
            .unwrap_err();
        assert_eq!(e["code"], -32602, "{bad}: {e}");
        assert!(message(&e).contains("param 1 (block)"), "{e}");
    }
    assert_eq!(n.ok("eth_getBalance", json!([Address::ZERO, "0x0"])), "0x0");
    // A raw transaction without 0x.
    let raw = n.sign(
        &n.key,
        Some(Address::ZERO),
        U256::from(1),
        vec![],
        21_000,
        0,
        412_346,
    );
    let hex = alloy_primitives::hex::encode(&raw);
    let e = n.rpc("eth_sendRawTransaction", json!([hex])).unwrap_err();
    assert!(message(&e).contains("without 0x prefix"), "{e}");
    assert_eq!(n.ok("eth_blockNumber", json!([])), "0x0");
}

#[test]
fn legacy_transaction_decode_errors_say_what_is_wrong() {
    let n = start();
    for raw in ["0xf86b01", "0xc180", "0xf8"] {
        let e = n.rpc("eth_sendRawTransaction", json!([raw])).unwrap_err();
        let m = message(&e);
        assert!(
            m.contains("legacy transaction") && !m.contains("type flag"),
            "{raw}: {m}"
        );
    }
    let e = n
        .rpc("eth_sendRawTransaction", json!(["0x02c0"]))
        .unwrap_err();
    assert!(message(&e).contains("type 2 transaction"), "{e}");
}

#[test]
fn the_clock_cannot_be_wedged() {
    let n = start();
    let e = n
        .rpc("evm_increaseTime", json!(["0xffffffffffffffff"]))
        .unwrap_err();
    assert_eq!(e["code"], -32602, "{e}");
    // A second try, a transaction, a mine and a call all still work.
    assert!(n
        .rpc("evm_increaseTime", json!(["0xffffffffffffffff"]))
        .is_err());
    assert_eq!(
        n.send(Some(Address::ZERO), U256::from(1), vec![])["status"],
        "0x1"
    );
    n.ok("evm_mine", json!([]));
    n.ok("eth_call", json!([{"to": Address::ZERO}, "latest"]));
    assert!(n
        .rpc("evm_setNextBlockTimestamp", json!(["0xffffffffffffffff"]))
        .is_err());
    assert_eq!(n.ok("eth_blockNumber", json!([])), "0x2");
}

#[test]
fn evm_mine_and_anvil_mine_give_the_blocks_asked_for() {
    let n = start();
    let parent = u(&head(&n)["timestamp"]);
    // Timestamps never go back.
    let e = n.rpc("evm_mine", json!([parent - 1])).unwrap_err();
    assert_eq!(e["code"], -32602, "{e}");
    assert_eq!(n.ok("eth_blockNumber", json!([])), "0x0");
    // {"blocks": 3} mines 3.
    n.ok("evm_mine", json!([{"blocks": 3}]));
    assert_eq!(n.ok("eth_blockNumber", json!([])), "0x3");
    n.ok(
        "evm_mine",
        json!([{"timestamp": parent + 100, "blocks": 2}]),
    );
    assert_eq!(
        u(&n.ok("eth_getBlockByNumber", json!(["0x4", false]))["timestamp"]),
        parent + 100
    );
    assert_eq!(n.ok("eth_blockNumber", json!([])), "0x5");
    // anvil_mine honours its interval.
    n.ok("anvil_mine", json!(["0x3", "0x3c"]));
    let ts: Vec<u64> = (6..=8)
        .map(|b| u(&n.ok("eth_getBlockByNumber", json!([format!("{b:#x}"), false]))["timestamp"]))
        .collect();
    assert_eq!((ts[1] - ts[0], ts[2] - ts[1]), (60, 60));
    // Counts over the limit are refused, not capped.
    let e = n.rpc("anvil_mine", json!([10_001])).unwrap_err();
    assert!(message(&e).contains("10000"), "{e}");
    let e = n.rpc("evm_mine", json!([{"blocks": 10_001}])).unwrap_err();
    assert_eq!(e["code"], -32602);
    assert_eq!(n.ok("eth_blockNumber", json!([])), "0x8");
}

#[test]
fn eth_call_checks_the_value_sent() {
    let n = start();
    let empty = Address::repeat_byte(0x77);
    let call = json!({"from": empty, "to": empty, "value": format!("{:#x}", U256::MAX)});
    let e = n.rpc("eth_call", json!([call, "latest"])).unwrap_err();
    assert_eq!(e["code"], -32000);
    assert!(message(&e).contains("insufficient funds"), "{e}");
    // A balance override lifts it.
    let over = json!({ empty.to_string(): {"balance": format!("{:#x}", U256::MAX)} });
    assert_eq!(n.ok("eth_call", json!([call, "latest", over])), "0x");
}

#[test]
fn ids_come_back_as_sent() {
    let n = start();
    for id in [
        "18446744073709551617",
        "340282366920938463463374607431768211456",
        "\"0x1\"",
        "-5",
        "null",
    ] {
        let (_, body) = post(
            &n.url,
            format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"eth_chainId"}}"#).as_bytes(),
        );
        let text = String::from_utf8(body).unwrap();
        assert_eq!(
            text,
            format!(r#"{{"jsonrpc":"2.0","id":{id},"result":"0x64aba"}}"#)
        );
    }
}

#[test]
fn fee_history_percentiles_and_log_filters_are_checked() {
    let n = start();
    for bad in [json!([101]), json!([-1]), json!([50, 10])] {
        let e = n
            .rpc("eth_feeHistory", json!(["0x1", "latest", bad]))
            .unwrap_err();
        assert_eq!(e["code"], -32602, "{e}");
        assert!(message(&e).contains("param 2 (reward_percentiles)"), "{e}");
    }
    let ok = n.ok("eth_feeHistory", json!(["0x1", "latest", [0, 50, 100]]));
    assert_eq!(ok["reward"][0].as_array().unwrap().len(), 3);
    let t = format!("0x{}", "00".repeat(32));
    let e = n
        .rpc("eth_getLogs", json!([{"topics": [t, t, t, t, t]}]))
        .unwrap_err();
    assert_eq!(e["code"], -32602, "{e}");
    assert!(n
        .rpc("eth_getLogs", json!([{"topics": [t, t, t, t]}]))
        .is_ok());
    let e = n
        .rpc(
            "eth_getLogs",
            json!([{"fromBlock": "0x2", "toBlock": "0x1"}]),
        )
        .unwrap_err();
    assert_eq!(e["code"], -32602, "{e}");
    n.ok("evm_mine", json!([{"blocks": 2}]));
    let e = n
        .rpc(
            "eth_getLogs",
            json!([{"fromBlock": "latest", "toBlock": "0x1"}]),
        )
        .unwrap_err();
    assert!(message(&e).contains("fromBlock"), "{e}");
}

#[test]
fn the_pending_pool_checks_nonce_and_funds_and_revert_clears_it() {
    let n = start();
    let to = Some(Address::repeat_byte(0x42));
    // EIP-2681.
    let raw = n.sign(&n.key, to, U256::from(1), vec![], 21_000, u64::MAX, 412_346);
    let e = n.rpc("eth_sendRawTransaction", json!([raw])).unwrap_err();
    assert!(message(&e).contains("EIP-2681"), "{e}");
    // Future nonces from a key without funds do not enter the pool.
    let poor = k256::ecdsa::SigningKey::from_slice(&[9u8; 32]).unwrap();
    let raw = n.sign(&poor, to, U256::ZERO, vec![], 21_000, 5, 412_346);
    let e = n.rpc("eth_sendRawTransaction", json!([raw])).unwrap_err();
    assert!(message(&e).contains("insufficient funds"), "{e}");
    // A waiting transaction is dropped by evm_revert.
    let snap = n.ok("evm_snapshot", json!([]));
    let raw = n.sign(&n.key, to, U256::from(1), vec![], 21_000, 1, 412_346);
    n.ok("eth_sendRawTransaction", json!([raw]));
    assert_eq!(n.ok("evm_revert", json!([snap])), true);
    n.send(to, U256::from(1), vec![]);
    assert_eq!(
        n.nonce(n.from),
        1,
        "the dropped transaction does not follow"
    );
    // The same transaction can be sent again.
    let h = n.ok("eth_sendRawTransaction", json!([raw]));
    assert_eq!(
        n.ok("eth_getTransactionReceipt", json!([h]))["status"],
        "0x1"
    );
}

#[test]
fn many_snapshots_and_reverts() {
    let n = start();
    let to = Address::repeat_byte(0x42);
    let first = n.ok("evm_snapshot", json!([]));
    for i in 0..300u64 {
        n.ok("evm_snapshot", json!([]));
        n.ok("anvil_setBalance", json!([to, format!("{:#x}", i + 1)]));
    }
    n.send(Some(to), U256::from(1), vec![]);
    assert_eq!(n.ok("eth_getBalance", json!([to, "latest"])), "0x12d");
    assert_eq!(n.ok("evm_revert", json!([first])), true);
    assert_eq!(n.ok("eth_getBalance", json!([to, "latest"])), "0x0");
    assert_eq!(n.ok("eth_blockNumber", json!([])), "0x0");
}

#[test]
fn state_dumps_that_would_wedge_the_chain_are_refused() {
    let n = start();
    let mut dump: nitro_devnode::chain::StateDump =
        serde_json::from_value(n.ok("nitrodevnode_dumpState", json!([]))).unwrap();
    dump.block_number = u64::MAX;
    let e = nitro_devnode::Devnode::builder()
        .port(0)
        .load_state(dump.clone())
        .spawn()
        .err()
        .expect("refused");
    assert!(e.to_string().contains("block_number"), "{e}");
    // From a file, too.
    let dir = std::env::temp_dir().join(format!("ndn-dump-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.json");
    std::fs::write(&file, serde_json::to_string(&dump).unwrap()).unwrap();
    let e = nitro_devnode::node::read_dump(&file).unwrap_err();
    assert!(e.contains("block_number"), "{e}");
    std::fs::write(&file, "{\"block_number\": 1").unwrap();
    assert!(nitro_devnode::node::read_dump(&file).is_err());
}

#[test]
fn dump_write_failures_are_retried_not_fatal() {
    let dir = std::env::temp_dir().join(format!("ndn-dumpw-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let path = dir.join("missing/state.json");
    let node = nitro_devnode::Devnode::builder()
        .port(0)
        .dump_state(&path)
        .spawn()
        .unwrap();
    let n = Node {
        url: node.url(),
        handle: node,
        key: start_key(),
        from: nitro_devnode::chain::genesis::DEV_ADDRESS,
    };
    n.send(Some(Address::ZERO), U256::from(1), vec![]);
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(n.ok("eth_blockNumber", json!([])), "0x1", "still serving");
    // Once the directory exists the dump appears.
    std::fs::create_dir_all(dir.join("missing")).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !path.exists() {
        assert!(Instant::now() < deadline, "no dump written");
        std::thread::sleep(Duration::from_millis(100));
    }
    let text = std::fs::read_to_string(&path).unwrap();
    let d = nitro_devnode::chain::StateDump::from_json(&text).unwrap();
    assert_eq!(d.block_number, 1);
    // A directory given as the file: refused at every try, the node serves on and leaves no
    // temporary file behind.
    let node = nitro_devnode::Devnode::builder()
        .port(0)
        .dump_state(&dir)
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let n2 = Node {
        url: node.url(),
        handle: node,
        key: start_key(),
        from: nitro_devnode::chain::genesis::DEV_ADDRESS,
    };
    assert_eq!(n2.ok("eth_blockNumber", json!([])), "0x0");
    let mut tmp = dir.as_os_str().to_owned();
    tmp.push(".tmp");
    assert!(!std::path::Path::new(&tmp).exists());
    drop(n2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unsupported_transfer_encoding_is_refused_and_closed() {
    let n = start();
    let addr = n.url.trim_start_matches("http://").to_string();
    let mut s = connect(&addr, 10);
    s.write_all(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nabc")
        .unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out)
        .expect("the connection is closed, not left hanging");
    let text = String::from_utf8_lossy(&out);
    assert!(
        text.starts_with("HTTP/1.1 400") || text.starts_with("HTTP/1.1 501"),
        "{text}"
    );
}

#[test]
fn unmasked_websocket_frames_are_refused() {
    let n = start();
    let addr = n.url.trim_start_matches("http://").to_string();
    let mut ws = Ws::connect(&addr);
    let body = br#"{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}"#;
    let mut frame = vec![0x81, body.len() as u8];
    frame.extend_from_slice(body);
    ws.s.write_all(&frame).unwrap();
    // No answer: a close frame (protocol error) or the connection closed.
    let mut rest = Vec::new();
    let _ = ws.s.read_to_end(&mut rest);
    assert!(
        rest.is_empty() || rest[0] == 0x88,
        "got {:?}",
        String::from_utf8_lossy(&rest)
    );
    assert_eq!(n.ok("eth_chainId", json!([])), "0x64aba");
}

/// 1,100 connections that never finish their headers: new clients are still served at once.
#[test]
fn connections_that_never_finish_their_headers_do_not_lock_clients_out() {
    let n = start();
    let addr = n.url.trim_start_matches("http://").to_string();
    let mut slow = Vec::new();
    for _ in 0..1100 {
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        s.write_all(b"POST / HTTP/1.1\r\nHost: x\r\n").unwrap();
        slow.push(s);
    }
    let t = Instant::now();
    for _ in 0..5 {
        let mut s = connect(&addr, 10);
        assert_eq!(exchange(&mut s, &chain_id_request("")).0, 200);
    }
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "served in {:?}",
        t.elapsed()
    );
    drop(slow);
}

#[test]
fn oversized_heads_and_bodies_get_their_status() {
    let n = start();
    let addr = n.url.trim_start_matches("http://").to_string();
    let head = format!(
        "POST / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\nContent-Length: 2\r\n\r\n{{}}",
        "a".repeat(70 * 1024)
    );
    let mut s = connect(&addr, 10);
    let _ = s.write_all(head.as_bytes());
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    assert!(
        out.starts_with(b"HTTP/1.1 431"),
        "{}",
        String::from_utf8_lossy(&out)
    );
    // A chunked body over 16 MiB.
    let mut s = connect(&addr, 30);
    s.write_all(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        .unwrap();
    let chunk = vec![b' '; 1024 * 1024];
    for _ in 0..17 {
        if write!(s, "{:x}\r\n", chunk.len())
            .and_then(|_| s.write_all(&chunk))
            .and_then(|_| s.write_all(b"\r\n"))
            .is_err()
        {
            break;
        }
    }
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    assert!(
        out.starts_with(b"HTTP/1.1 413"),
        "{}",
        String::from_utf8_lossy(&out)
    );
    assert_eq!(n.ok("eth_chainId", json!([])), "0x64aba");
}

#[test]
fn invalid_requests_are_answered_even_without_an_id() {
    let n = start();
    for body in ["{}", r#"{"jsonrpc":"2.0","method":5}"#, "[1]"] {
        let v = n.raw(body);
        let e = if v.is_array() { &v[0] } else { &v };
        assert_eq!(e["error"]["code"], -32600, "{body}: {v}");
        assert_eq!(e["id"], Value::Null);
    }
    // A valid notification gets nothing.
    let (status, body) = post(&n.url, br#"{"jsonrpc":"2.0","method":"eth_chainId"}"#);
    assert_eq!((status, body.len()), (200, 0));
}
