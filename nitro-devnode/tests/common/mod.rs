//! Test helpers: fixture build (cached), a raw JSON-RPC client, signing, deployment.
#![allow(dead_code)]

use alloy_consensus::{SignableTransaction, TxEip1559, TxEnvelope};
use alloy_eips::eip2718::Encodable2718;
use alloy_primitives::{Address, Bytes, TxKind, U256};
use k256::ecdsa::SigningKey;
use nitro_devnode::{Devnode, DevnodeHandle};
use serde_json::{json, Value};
use std::{
    io::{Read, Write},
    net::TcpStream,
    path::{Path, PathBuf},
    process::Command,
    sync::OnceLock,
    time::SystemTime,
};

pub const DEV_KEY: &str = "b6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659";
pub const ANVIL0_KEY: &str = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

fn newest_mtime(dir: &Path) -> SystemTime {
    let mut newest = SystemTime::UNIX_EPOCH;
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.file_name().is_some_and(|n| n == "target") {
                continue;
            }
            let t = if p.is_dir() {
                newest_mtime(&p)
            } else {
                e.metadata().and_then(|m| m.modified()).unwrap_or(newest)
            };
            newest = newest.max(t);
        }
    }
    newest
}

/// Builds the fixture contracts once (cached by mtime under target/fixtures) and
/// returns the output directory.
pub fn fixtures_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = root.join("target/fixtures");
        let stamp = out.join("probe.code");
        let src = newest_mtime(&root.join("fixtures"));
        let fresh = stamp
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t >= src);
        if !fresh {
            let status = Command::new(root.join("scripts/build-fixtures.sh"))
                .arg(&out)
                .status()
                .expect("run scripts/build-fixtures.sh");
            assert!(status.success(), "fixture build failed");
        }
        out
    })
}

/// Deployable code (EF F0 00 00 + brotli) of fixture `name`.
pub fn fixture_code(name: &str) -> Vec<u8> {
    std::fs::read(fixtures_dir().join(format!("{name}.code"))).expect("fixture code")
}

/// Compresses a raw wasm module into Stylus code with the `brotli` CLI.
pub fn stylus_code_from_wasm(wasm: &[u8]) -> Vec<u8> {
    // Through a pipe, not a file: tests running in parallel compress the same module, and a
    // shared file could be read while another test rewrites it (an empty program).
    let mut child = Command::new("brotli")
        .args(["-q", "11", "-w", "22", "-c"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("brotli CLI");
    let mut stdin = child.stdin.take().unwrap();
    let input = wasm.to_vec();
    let writer = std::thread::spawn(move || std::io::Write::write_all(&mut stdin, &input));
    let out = child.wait_with_output().expect("brotli CLI");
    writer.join().unwrap().expect("brotli's input");
    assert!(out.status.success());
    let mut code = vec![0xEF, 0xF0, 0x00, 0x00];
    code.extend_from_slice(&out.stdout);
    code
}

/// Init code deploying `code` verbatim (cargo-stylus prelude).
pub fn init_code(code: &[u8]) -> Vec<u8> {
    let mut v = vec![0x7f];
    v.extend_from_slice(&U256::from(code.len()).to_be_bytes::<32>());
    v.extend_from_slice(&[0x80, 0x60, 0x2b, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3, 0x00]);
    v.extend_from_slice(code);
    v
}

/// Init code for an EVM runtime.
pub fn evm_init(runtime: &[u8]) -> Vec<u8> {
    let mut v = vec![
        0x60,
        runtime.len() as u8,
        0x80,
        0x60,
        0x09,
        0x5f,
        0x39,
        0x5f,
        0xf3,
    ];
    v.extend_from_slice(runtime);
    v
}

/// EVM forwarder: CALLs `target` with the calldata, bubbles the result or revert.
pub fn evm_forwarder(target: Address) -> Vec<u8> {
    let mut v = vec![0x36, 0x5f, 0x5f, 0x37, 0x5f, 0x5f, 0x36, 0x5f, 0x5f, 0x73];
    v.extend_from_slice(target.as_slice());
    v.extend_from_slice(&[
        0x5a, 0xf1, 0x3d, 0x5f, 0x5f, 0x3e, 0x3d, 0x5f, 0x82, 0x60, 0x2b, 0x57, 0xfd, 0x5b, 0xf3,
    ]);
    v
}

pub struct Node {
    pub handle: DevnodeHandle,
    pub url: String,
    pub key: SigningKey,
    pub from: Address,
}

/// nitro-devnode's dev key (the first dev account).
pub fn start_key() -> SigningKey {
    SigningKey::from_slice(&alloy_primitives::hex::decode(DEV_KEY).unwrap()).unwrap()
}

pub fn start() -> Node {
    start_with(Devnode::builder())
}

/// A node following ArbOS `version`'s rules.
pub fn start_arbos(version: u64) -> Node {
    start_with(Devnode::builder().arbos_version(version))
}

pub fn start_with(builder: nitro_devnode::DevnodeBuilder) -> Node {
    let handle = builder.port(0).threads(2).spawn().expect("spawn devnode");
    let url = handle.url();
    let key = SigningKey::from_slice(&alloy_primitives::hex::decode(DEV_KEY).unwrap()).unwrap();
    let from = Address::from_private_key(&key);
    Node {
        handle,
        url,
        key,
        from,
    }
}

/// Minimal HTTP/1.1 POST.
pub fn post(url: &str, body: &[u8]) -> (u16, Vec<u8>) {
    let addr = url.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(s, "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len()).unwrap();
    let _ = s.write_all(body);
    let mut resp = Vec::new();
    let _ = s.read_to_end(&mut resp);
    let text = String::from_utf8_lossy(&resp);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body_start = resp
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4)
        .unwrap_or(resp.len());
    let mut body = resp[body_start..].to_vec();
    if text.to_lowercase().contains("transfer-encoding: chunked") {
        body = dechunk(&body);
    }
    (status, body)
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(i) = b.windows(2).position(|w| w == b"\r\n") {
        let n = usize::from_str_radix(std::str::from_utf8(&b[..i]).unwrap_or("0").trim(), 16)
            .unwrap_or(0);
        if n == 0 {
            break;
        }
        out.extend_from_slice(&b[i + 2..i + 2 + n]);
        b = &b[i + 2 + n + 2..];
    }
    out
}

impl Node {
    pub fn raw(&self, body: &str) -> Value {
        let (_, b) = post(&self.url, body.as_bytes());
        serde_json::from_slice(&b).unwrap_or(Value::Null)
    }

    /// Calls `method`; Ok(result) or Err(error object).
    pub fn rpc(&self, method: &str, params: Value) -> Result<Value, Value> {
        let req = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
        let v = self.raw(&req.to_string());
        match v.get("error") {
            Some(e) => Err(e.clone()),
            None => Ok(v["result"].clone()),
        }
    }

    pub fn ok(&self, method: &str, params: Value) -> Value {
        self.rpc(method, params)
            .unwrap_or_else(|e| panic!("{method} failed: {e}"))
    }

    pub fn nonce(&self, a: Address) -> u64 {
        u64::from_str_radix(
            self.ok("eth_getTransactionCount", json!([a, "latest"]))
                .as_str()
                .unwrap()
                .trim_start_matches("0x"),
            16,
        )
        .unwrap()
    }

    #[allow(clippy::too_many_arguments)]
    pub fn sign(
        &self,
        key: &SigningKey,
        to: Option<Address>,
        value: U256,
        input: Vec<u8>,
        gas: u64,
        nonce: u64,
        chain_id: u64,
    ) -> Bytes {
        let tx = TxEip1559 {
            chain_id,
            nonce,
            gas_limit: gas,
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
        TxEnvelope::from(tx.into_signed(sig)).encoded_2718().into()
    }

    /// Sends a tx from the dev key; returns the receipt.
    pub fn send(&self, to: Option<Address>, value: U256, input: Vec<u8>) -> Value {
        self.send_gas(to, value, input, 30_000_000)
    }

    pub fn send_gas(&self, to: Option<Address>, value: U256, input: Vec<u8>, gas: u64) -> Value {
        let raw = self.sign(
            &self.key,
            to,
            value,
            input,
            gas,
            self.nonce(self.from),
            412_346,
        );
        let hash = self.ok("eth_sendRawTransaction", json!([raw]));
        self.ok("eth_getTransactionReceipt", json!([hash]))
    }

    pub fn call(&self, to: Address, input: Vec<u8>) -> Result<Bytes, Value> {
        self.rpc(
            "eth_call",
            json!([{"from": self.from, "to": to, "data": Bytes::from(input)}, "latest"]),
        )
        .map(|v| v.as_str().unwrap().parse().unwrap())
    }

    /// Deploys raw code via CREATE (not activated).
    pub fn deploy_code(&self, code: &[u8]) -> Address {
        let r = self.send(None, U256::ZERO, init_code(code));
        assert_eq!(r["status"], "0x1", "deploy failed: {r}");
        r["contractAddress"].as_str().unwrap().parse().unwrap()
    }

    pub fn activate(&self, program: Address) -> Value {
        use alloy_sol_types::SolCall;
        let data = ArbWasm::activateProgramCall { program }.abi_encode();
        // Generous: the excess of the data fee comes back.
        self.send(Some(ARB_WASM), U256::from(10u64).pow(U256::from(18)), data)
    }

    /// Deploys and activates a fixture.
    pub fn deploy_fixture(&self, name: &str) -> Address {
        let a = self.deploy_code(&fixture_code(name));
        let r = self.activate(a);
        assert_eq!(r["status"], "0x1", "activation failed: {r}");
        a
    }
}

pub const ARB_WASM: Address =
    alloy_primitives::address!("0000000000000000000000000000000000000071");
pub const DEPLOYER: Address =
    alloy_primitives::address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990");

alloy_sol_types::sol! {
    interface ArbWasm {
        function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
        function stylusVersion() external view returns (uint16 version);
        function codehashVersion(bytes32 codehash) external view returns (uint16 version);
        function programVersion(address program) external view returns (uint16 version);
        function inkPrice() external view returns (uint32 price);
        error ProgramNotActivated();
        error ProgramNotWasm();
        error ProgramInsufficientValue(uint256 have, uint256 want);
        event ProgramActivated(bytes32 indexed codehash, bytes32 moduleHash, address program, uint256 dataFee, uint16 version);
    }
    interface IProbe {
        function set(uint256 key, uint256 value) external;
        function get(uint256 key) external view returns (uint256);
        function setAndRevert(uint256 key, uint256 value) external;
        function setAndTrap(uint256 key, uint256 value) external;
        function setAndExit(uint256 key, uint256 value, uint32 status) external;
        function tstoreThenLoad(uint256 key, uint256 value) external returns (uint256);
        function tload(uint256 key) external view returns (uint256);
        function emit(uint32 topics, bytes32[] words, bytes data) external;
        function keccak(bytes data) external view returns (bytes32);
        function context() external payable returns (address, uint256, address, address, uint64, uint64, uint64, uint64);
        function context2() external view returns (uint256, address, uint256, uint32, uint64, uint64, bool);
        function account(address who, uint32 offset, uint32 size) external view returns (uint256, uint32, bytes32, bytes);
        function callRaw(address to, bytes data, uint256 value) external payable returns (bool, bytes);
        function staticCallRaw(address to, bytes data) external view returns (bool, bytes);
        function delegateCallRaw(address to, bytes data) external returns (bool, bytes);
        function reenter() external returns (bool);
        function callWithGas(address to, bytes data, uint64 gas) external returns (bool, uint32);
        function create1(bytes code, uint256 endowment) external payable returns (address, bytes);
        function create2(bytes code, uint256 endowment, bytes32 salt) external payable returns (address, bytes);
        function cloneOf(address target) external returns (address);
        function math(uint256 a, uint256 b, uint256 m) external view returns (uint256, uint256, uint256, uint256, uint256);
        function burn(uint64 iterations) external view returns (bytes32);
        function grow(uint32 kib) external view returns (uint32);
        function receiveValue() external payable returns (uint256);
    }
    interface ICounter {
        event Incremented(address indexed by, uint256 value);
        error NotOwner();
        function number() external view returns (uint256);
        function owner() external view returns (address);
        function increment() external returns (uint256);
        function setNumber(uint256 value) external;
        function timestamp() external view returns (uint64);
        function deposit() external payable returns (uint256);
    }
    interface IDeployer {
        event ContractDeployed(address deployedContract);
        function deploy(bytes bytecode, bytes initData, uint256 initValue, bytes32 salt) external payable returns (address);
    }
    function stylus_constructor(uint256 initial);
}

/// Sends `raw` on `s` and reads one final response: (status, every status and header line
/// read, interim `1xx` responses included, and the body by Content-Length).
pub fn exchange(s: &mut std::net::TcpStream, raw: &[u8]) -> (u16, String, Vec<u8>) {
    use std::io::{BufRead, Read, Write};
    s.write_all(raw).unwrap();
    // One reader for the whole exchange: an interim response and the final one can arrive
    // in one read.
    let mut r = std::io::BufReader::new(s.try_clone().unwrap());
    let mut head = String::new();
    loop {
        let mut status_line = String::new();
        assert!(
            r.read_line(&mut status_line).unwrap() > 0,
            "closed mid-response"
        );
        let status: u16 = status_line.split(' ').nth(1).unwrap().parse().unwrap();
        head += &status_line;
        let mut len = 0;
        loop {
            let mut line = String::new();
            assert!(r.read_line(&mut line).unwrap() > 0, "closed mid-response");
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                len = v.trim().parse().unwrap();
            }
            head += &line;
        }
        if status >= 200 {
            let mut body = vec![0; len];
            r.read_exact(&mut body).unwrap();
            assert!(r.buffer().is_empty(), "bytes after the response");
            return (status, head, body);
        }
    }
}

/// A TCP connection to the node at `addr` (`host:port`) whose reads give up after `secs`.
pub fn connect(addr: &str, secs: u64) -> std::net::TcpStream {
    let s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(secs)))
        .unwrap();
    s
}

pub fn chain_id_request(extra: &str) -> Vec<u8> {
    let body = r#"{"jsonrpc":"2.0","id":7,"method":"eth_chainId","params":[]}"#;
    format!(
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n{extra}Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// A minimal WebSocket client for the tests: handshake, masked frames out, frames in.
pub struct Ws {
    pub s: std::net::TcpStream,
    r: std::io::BufReader<std::net::TcpStream>,
    next_id: u64,
}

impl Ws {
    pub fn connect(addr: &str) -> Ws {
        use std::io::{BufRead, Write};
        let mut s = connect(addr, 30);
        s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").unwrap();
        let mut r = std::io::BufReader::new(s.try_clone().unwrap());
        let mut head = String::new();
        loop {
            let mut line = String::new();
            assert!(r.read_line(&mut line).unwrap() > 0);
            if line == "\r\n" {
                break;
            }
            head += &line;
        }
        assert!(head.starts_with("HTTP/1.1 101 "), "{head}");
        // RFC 6455's example key and its accept value (header names are case-insensitive).
        assert!(
            head.to_ascii_lowercase()
                .contains("sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo=\r\n"),
            "{head}"
        );
        Ws { s, r, next_id: 0 }
    }

    pub fn send(&mut self, opcode: u8, payload: &[u8]) {
        use std::io::Write;
        let mask = [0x12u8, 0x34, 0x56, 0x78];
        let mut f = vec![0x80 | opcode];
        match payload.len() {
            n if n < 126 => f.push(0x80 | n as u8),
            n => {
                f.push(0x80 | 126);
                f.extend_from_slice(&(n as u16).to_be_bytes());
            }
        }
        f.extend_from_slice(&mask);
        f.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        self.s.write_all(&f).unwrap();
    }

    pub fn recv(&mut self) -> (u8, Vec<u8>) {
        use std::io::Read;
        let mut h = [0u8; 2];
        self.r.read_exact(&mut h).unwrap();
        let len = match h[1] & 0x7F {
            126 => {
                let mut b = [0u8; 2];
                self.r.read_exact(&mut b).unwrap();
                u16::from_be_bytes(b) as usize
            }
            127 => {
                let mut b = [0u8; 8];
                self.r.read_exact(&mut b).unwrap();
                u64::from_be_bytes(b) as usize
            }
            n => n as usize,
        };
        assert_eq!(h[1] & 0x80, 0, "server frames are not masked");
        let mut p = vec![0u8; len];
        self.r.read_exact(&mut p).unwrap();
        (h[0] & 0x0F, p)
    }

    pub fn message(&mut self) -> Value {
        let (op, p) = self.recv();
        assert_eq!(op, 1, "text frame");
        serde_json::from_slice(&p).unwrap()
    }

    /// Sends a request and returns its response (notifications in between are dropped).
    pub fn rpc(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let req = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        self.send(1, req.to_string().as_bytes());
        loop {
            let m = self.message();
            if m["id"] == json!(id) {
                return m;
            }
        }
    }
}
