//! A bounded property test of the request path: random bytes (as HTTP bodies and as raw TCP
//! input), random JSON-RPC requests (every method that does not exist to change state, with
//! random JSON parameters) and random raw transactions (random bytes, and signed
//! transactions with random mutations). After each case the node must still answer
//! `eth_blockNumber` and its state must be unchanged.

mod common;

use alloy_primitives::{Address, U256};
use common::*;
use nitro_devnode::chain::StateDump;
use proptest::{prelude::*, test_runner::Config};
use serde_json::{json, Value};
use std::{
    io::{Read, Write},
    sync::OnceLock,
    time::Duration,
};

/// Methods whose purpose is to change the chain (mining, the clock, balances, snapshots,
/// sending from dev accounts) are left out: the property is that nothing else can.
const METHODS: &[&str] = &[
    "web3_clientVersion",
    "web3_sha3",
    "net_version",
    "eth_chainId",
    "eth_accounts",
    "eth_blockNumber",
    "eth_gasPrice",
    "eth_feeHistory",
    "eth_getBalance",
    "eth_getTransactionCount",
    "eth_getCode",
    "eth_getStorageAt",
    "eth_call",
    "eth_estimateGas",
    "eth_sendRawTransaction",
    "eth_getTransactionByHash",
    "eth_getTransactionReceipt",
    "eth_getBlockByNumber",
    "eth_getBlockByHash",
    "eth_getBlockTransactionCountByNumber",
    "eth_getLogs",
    "eth_newFilter",
    "eth_getFilterChanges",
    "eth_getFilterLogs",
    "eth_uninstallFilter",
    "eth_subscribe",
    "nitrodevnode_dumpState",
    "no_such_method",
];

struct Fixture {
    node: Node,
    before: (StateDump, u64, usize),
}

fn state(n: &Node) -> (StateDump, u64, usize) {
    let chain = n.handle.chain();
    let c = chain.lock().unwrap();
    (c.dump(), c.head().number, c.pending_count())
}

/// One node for all cases, with a contract deployed so that calls run code.
fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let node = start();
        // An EVM contract that logs its calldata's first word.
        node.send(
            None,
            U256::ZERO,
            evm_init(&[0x60, 0x00, 0x35, 0x60, 0x00, 0x60, 0x00, 0xa1, 0x00]),
        );
        let before = state(&node);
        Fixture { node, before }
    })
}

fn check_unchanged(f: &Fixture) -> Result<(), TestCaseError> {
    let n = &f.node;
    prop_assert_eq!(
        n.rpc("eth_blockNumber", json!([])),
        Ok(json!(format!("{:#x}", f.before.1)))
    );
    prop_assert!(state(n) == f.before, "the state changed");
    Ok(())
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        "[a-z0-9]{0,12}".prop_map(Value::String),
        prop::collection::vec(any::<u8>(), 0..40)
            .prop_map(|b| Value::String(format!("0x{}", alloy_primitives::hex::encode(b)))),
        Just(json!("latest")),
        Just(json!(Address::repeat_byte(0x3f))),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    "[a-zA-Z]{1,10}".boxed(),
                    Just("to".to_string()).boxed(),
                    Just("data".to_string()).boxed(),
                    Just("topics".to_string()).boxed(),
                    Just("fromBlock".to_string()).boxed(),
                ],
                inner,
                0..5
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn request() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(METHODS),
        prop::collection::vec(json_value(), 0..4),
        prop_oneof![Just(json!(1)), json_value()],
    )
        .prop_map(|(m, p, id)| json!({"jsonrpc": "2.0", "id": id, "method": m, "params": p}))
}

/// A signed transaction from an unfunded key, with random byte edits.
fn raw_transaction() -> impl Strategy<Value = Vec<u8>> {
    (
        any::<[u8; 32]>(),
        any::<u64>(),
        prop::collection::vec((any::<usize>(), any::<u8>(), 0u8..3), 0..4),
        prop::collection::vec(any::<u8>(), 0..64),
    )
        .prop_map(|(seed, nonce, edits, input)| {
            let n = &fixture().node;
            // A random key: funded with probability ~0.
            let key = k256::ecdsa::SigningKey::from_slice(&alloy_primitives::keccak256(seed).0)
                .unwrap_or_else(|_| k256::ecdsa::SigningKey::from_slice(&[5; 32]).unwrap());
            let mut raw = n
                .sign(
                    &key,
                    Some(Address::repeat_byte(1)),
                    U256::from(1),
                    input,
                    50_000,
                    nonce % 4,
                    412_346,
                )
                .to_vec();
            for (at, byte, how) in edits {
                let i = at % (raw.len() + 1);
                match how {
                    0 if i < raw.len() => raw[i] ^= byte | 1,
                    1 => raw.insert(i, byte),
                    _ => raw.truncate(i),
                }
            }
            raw
        })
}

fn post_raw(n: &Node, body: &[u8]) {
    let (status, _) = post(&n.url, body);
    assert!(status != 0, "no answer");
}

proptest! {
    #![proptest_config(Config { cases: 200, failure_persistence: None, ..Config::default() })]

    #[test]
    fn random_bytes_as_bodies(body in prop::collection::vec(any::<u8>(), 0..512)) {
        let f = fixture();
        post_raw(&f.node, &body);
        check_unchanged(f)?;
    }

    #[test]
    fn random_bytes_on_the_socket(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let f = fixture();
        let addr = f.node.url.trim_start_matches("http://");
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let _ = s.write_all(&bytes);
        let _ = s.shutdown(std::net::Shutdown::Write);
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        check_unchanged(f)?;
    }

    #[test]
    fn random_requests(reqs in prop::collection::vec(request(), 1..4), batch in any::<bool>()) {
        let f = fixture();
        let body = if batch { json!(reqs) } else { reqs[0].clone() };
        post_raw(&f.node, body.to_string().as_bytes());
        check_unchanged(f)?;
    }

    #[test]
    fn random_raw_transactions(
        raw in prop_oneof![raw_transaction(), prop::collection::vec(any::<u8>(), 0..200)]
    ) {
        let f = fixture();
        let r = f.node.rpc("eth_sendRawTransaction", json!([alloy_primitives::Bytes::from(raw)]));
        prop_assert!(r.is_err(), "accepted: {:?}", r);
        check_unchanged(f)?;
    }
}
