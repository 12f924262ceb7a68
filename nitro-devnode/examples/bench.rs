//! Benchmark (not a timed test): start-up time, latency of a simple Stylus call over
//! JSON-RPC and in-process, sustained Stylus tx/s in-process.
//!
//!     cargo run --release --example bench
//!
//! Needs the fixtures (scripts/build-fixtures.sh target/fixtures).

use alloy_consensus::{SignableTransaction, TxEip1559, TxEnvelope};
use alloy_eips::eip2718::Encodable2718;
use alloy_primitives::{keccak256, Address, Bytes, TxKind, U256};
use alloy_sol_types::{sol, SolCall};
use k256::ecdsa::SigningKey;
use nitro_devnode::{chain::CallRequest, Devnode};
use std::{
    io::{Read, Write},
    net::TcpStream,
    time::Instant,
};

sol! {
    function get(uint256 key) external view returns (uint256);
    function set(uint256 key, uint256 value) external;
    function activateProgram(address program) external payable returns (uint16, uint256);
}

fn sign(key: &SigningKey, to: Option<Address>, input: Vec<u8>, nonce: u64) -> Vec<u8> {
    sign_value(key, to, input, nonce, U256::ZERO)
}

fn sign_value(
    key: &SigningKey,
    to: Option<Address>,
    input: Vec<u8>,
    nonce: u64,
    value: U256,
) -> Vec<u8> {
    let tx = TxEip1559 {
        chain_id: 412_346,
        nonce,
        gas_limit: 10_000_000,
        max_fee_per_gas: 1_000_000_000,
        max_priority_fee_per_gas: 0,
        to: to.map(TxKind::Call).unwrap_or(TxKind::Create),
        value,
        access_list: Default::default(),
        input: input.into(),
    };
    let (sig, recid) = key
        .sign_prehash_recoverable(tx.signature_hash().as_slice())
        .unwrap();
    let sig = alloy_primitives::Signature::from_signature_and_parity(sig, recid.is_y_odd());
    TxEnvelope::from(tx.into_signed(sig)).encoded_2718()
}

fn post(addr: &str, body: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

fn main() {
    // Stylus frames nest native calls: run on a big stack, like the RPC workers.
    std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
}

fn run() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let code = std::fs::read(root.join("target/fixtures/probe.code"))
        .expect("run scripts/build-fixtures.sh first");
    let t = Instant::now();
    let node = Devnode::builder().port(0).spawn().unwrap();
    let startup = t.elapsed();

    let key = SigningKey::from_slice(
        &alloy_primitives::hex::decode(
            "b6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659",
        )
        .unwrap(),
    )
    .unwrap();
    let from = Address::from_private_key(&key);
    let chain = node.chain();
    let mut c = chain.lock().unwrap();
    let mut init = vec![0x7f];
    init.extend_from_slice(&U256::from(code.len()).to_be_bytes::<32>());
    init.extend_from_slice(&[0x80, 0x60, 0x2b, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3, 0x00]);
    init.extend_from_slice(&code);
    let mut nonce = 0;
    let h = c.send_raw(&sign(&key, None, init, nonce)).unwrap();
    nonce += 1;
    let probe = c.tx(h).unwrap().contract_address.unwrap();
    let arbwasm: Address = "0x0000000000000000000000000000000000000071"
        .parse()
        .unwrap();
    // Activation charges a data fee: send 1 ETH, the excess comes back.
    let h = c
        .send_raw(&sign_value(
            &key,
            Some(arbwasm),
            activateProgramCall { program: probe }.abi_encode(),
            nonce,
            U256::from(10u64).pow(U256::from(18)),
        ))
        .unwrap();
    assert!(c.tx(h).unwrap().status, "activation failed");
    nonce += 1;

    // In-process eth_call latency.
    let req = CallRequest {
        from: Some(from),
        to: Some(probe),
        input: Some(getCall { key: U256::from(1) }.abi_encode().into()),
        ..Default::default()
    };
    for _ in 0..100 {
        c.call(&req, None).unwrap();
    }
    let n = 2000;
    let t = Instant::now();
    for _ in 0..n {
        assert!(c.call(&req, None).unwrap().success);
    }
    let call_inproc = t.elapsed() / n;

    // Sustained Stylus txs in-process (signing excluded, signature recovery included).
    let m = 3000u64;
    let txs: Vec<Vec<u8>> = (0..m)
        .map(|i| {
            sign(
                &key,
                Some(probe),
                setCall {
                    key: U256::from(i % 16),
                    value: U256::from(i),
                }
                .abi_encode(),
                nonce + i,
            )
        })
        .collect();
    let t = Instant::now();
    for raw in &txs {
        let h = c.send_raw(raw).unwrap();
        debug_assert!(c.tx(h).unwrap().status);
    }
    let tps = m as f64 / t.elapsed().as_secs_f64();
    drop(c);

    // JSON-RPC latency (new TCP connection per request, like a simple client).
    let addr = node.addr().to_string();
    let body = format!(
        r#"{{"jsonrpc":"2.0","id":1,"method":"eth_call","params":[{{"to":"{probe}","data":"{}"}},"latest"]}}"#,
        Bytes::from(getCall { key: U256::from(1) }.abi_encode())
    );
    for _ in 0..50 {
        post(&addr, &body);
    }
    let k = 1000;
    let t = Instant::now();
    for _ in 0..k {
        assert!(post(&addr, &body).contains("result"));
    }
    let call_rpc = t.elapsed() / k;
    let _ = keccak256([]);
    println!("startup (chain + HTTP server): {startup:?}");
    println!("simple Stylus eth_call, in-process: {call_inproc:?}");
    println!("simple Stylus eth_call over JSON-RPC (HTTP, new connection each): {call_rpc:?}");
    println!("sustained Stylus txs in-process (storage write, 1 block each): {tps:.0} tx/s");
}
