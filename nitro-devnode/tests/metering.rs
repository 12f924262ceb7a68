//! Nitro's metering, checked against the test vectors of nitro-metering.md §8 and §9: the ink
//! of every hostio as the stylusTracer reports it, storage, logs, keccak, pow, calls, return
//! data and creates, program entry (ArbWasm.programInitGas and ArbWasmCache), memory and
//! the worked example. The fixtures are our own WAT programs.

mod common;

use alloy_primitives::{Address, Bytes, U256};
use alloy_sol_types::{sol, SolCall, SolValue};
use common::*;
use serde_json::{json, Value};

sol! {
    interface ArbWasmGas {
        function programInitGas(address program) external view returns (uint64 gas, uint64 gasWhenCached);
    }
    interface ArbWasmCache {
        function cacheProgram(address addr) external;
        function evictCodehash(bytes32 codehash) external;
        function codehashIsCached(bytes32 codehash) external view returns (bool);
    }
    interface ArbosTest {
        function burnArbGas(uint256 gasAmount) external pure;
    }
}

const ARB_WASM_CACHE: Address =
    alloy_primitives::address!("0000000000000000000000000000000000000072");
const ARBOS_TEST: Address = alloy_primitives::address!("0000000000000000000000000000000000000069");

/// Every `vm_hooks` import of the test programs.
const IMPORTS: &str = r#"
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
  (import "vm_hooks" "exit_early" (func $exit_early (param i32)))
  (import "vm_hooks" "storage_load_bytes32" (func $sload (param i32 i32)))
  (import "vm_hooks" "storage_cache_bytes32" (func $scache (param i32 i32)))
  (import "vm_hooks" "storage_flush_cache" (func $flush (param i32)))
  (import "vm_hooks" "transient_load_bytes32" (func $tload (param i32 i32)))
  (import "vm_hooks" "transient_store_bytes32" (func $tstore (param i32 i32)))
  (import "vm_hooks" "call_contract" (func $call (param i32 i32 i32 i32 i64 i32) (result i32)))
  (import "vm_hooks" "delegate_call_contract" (func $dcall (param i32 i32 i32 i64 i32) (result i32)))
  (import "vm_hooks" "static_call_contract" (func $scall (param i32 i32 i32 i64 i32) (result i32)))
  (import "vm_hooks" "create1" (func $create1 (param i32 i32 i32 i32 i32)))
  (import "vm_hooks" "create2" (func $create2 (param i32 i32 i32 i32 i32 i32)))
  (import "vm_hooks" "read_return_data" (func $rrd (param i32 i32 i32) (result i32)))
  (import "vm_hooks" "return_data_size" (func $rds (result i32)))
  (import "vm_hooks" "emit_log" (func $log (param i32 i32 i32)))
  (import "vm_hooks" "account_balance" (func $balance (param i32 i32)))
  (import "vm_hooks" "account_code" (func $code (param i32 i32 i32 i32) (result i32)))
  (import "vm_hooks" "account_code_size" (func $codesize (param i32) (result i32)))
  (import "vm_hooks" "account_codehash" (func $codehash (param i32 i32)))
  (import "vm_hooks" "evm_gas_left" (func $gasleft (result i64)))
  (import "vm_hooks" "evm_ink_left" (func $inkleft (result i64)))
  (import "vm_hooks" "block_basefee" (func $basefee (param i32)))
  (import "vm_hooks" "chainid" (func $chainid (result i64)))
  (import "vm_hooks" "block_coinbase" (func $coinbase (param i32)))
  (import "vm_hooks" "block_gas_limit" (func $gaslimit (result i64)))
  (import "vm_hooks" "block_number" (func $number (result i64)))
  (import "vm_hooks" "block_timestamp" (func $timestamp (result i64)))
  (import "vm_hooks" "contract_address" (func $address (param i32)))
  (import "vm_hooks" "math_div" (func $div (param i32 i32)))
  (import "vm_hooks" "math_mod" (func $mod (param i32 i32)))
  (import "vm_hooks" "math_pow" (func $pow (param i32 i32)))
  (import "vm_hooks" "math_add_mod" (func $addmod (param i32 i32 i32)))
  (import "vm_hooks" "math_mul_mod" (func $mulmod (param i32 i32 i32)))
  (import "vm_hooks" "msg_reentrant" (func $reentrant (result i32)))
  (import "vm_hooks" "msg_sender" (func $sender (param i32)))
  (import "vm_hooks" "msg_value" (func $value (param i32)))
  (import "vm_hooks" "native_keccak256" (func $keccak (param i32 i32 i32)))
  (import "vm_hooks" "tx_gas_price" (func $gasprice (param i32)))
  (import "vm_hooks" "tx_ink_price" (func $inkprice (result i32)))
  (import "vm_hooks" "tx_origin" (func $origin (param i32)))
  (import "vm_hooks" "pay_for_memory_grow" (func $grow (param i32)))
"#;

/// The cases of the hostio program, selected by the first calldata byte; the arguments
/// follow it. Memory: calldata at 0, scratch words at 4096.., bulk data at 8192.., a zero
/// word (no value, no salt) at 500000.
#[derive(Clone, Copy)]
#[repr(u8)]
enum Case {
    ExitEarly,
    Transient,
    BalanceOfOrigin,
    CodeSizeOfArg,
    CodehashOfArg,
    Numbers,
    Values,
    Math,
    CodeOfArg,
    PowOfArg,
    KeccakOfLen,
    WriteResultOfLen,
    ReentrantAndCache,
    Grow,
    Log,
    StoreFlush,
    Load,
    LoadTwice,
    LoadFlushLoad,
    LoadClearLoad,
    StoreFlushStoreFlush,
    StoreStoreFlush,
    Call,
    DelegateCall,
    StaticCall,
    CallWithValue,
    CallThenReadReturnData,
    Create1,
    Create2,
    Echo,
}

const CASES: [&str; 30] = [
    "(call $exit_early (i32.const 0))",
    "(call $tload (i32.const 4096) (i32.const 4160)) (call $tstore (i32.const 4096) (i32.const 4160))",
    "(call $origin (i32.const 4096)) (call $balance (i32.const 4096) (i32.const 4160))",
    "(drop (call $codesize (i32.const 1)))",
    "(call $codehash (i32.const 1) (i32.const 4160))",
    "(drop (call $rds)) (drop (call $gasleft)) (drop (call $inkleft)) (drop (call $chainid))
     (drop (call $gaslimit)) (drop (call $number)) (drop (call $timestamp))",
    "(call $basefee (i32.const 4096)) (call $coinbase (i32.const 4096))
     (call $address (i32.const 4096)) (call $sender (i32.const 4096))
     (call $gasprice (i32.const 4096)) (call $origin (i32.const 4096))
     (call $value (i32.const 4096)) (call $value (i32.const 4096))
     (drop (call $inkprice)) (drop (call $inkprice))",
    "(call $div (i32.const 4096) (i32.const 4128)) (call $mod (i32.const 4096) (i32.const 4128))
     (call $addmod (i32.const 4096) (i32.const 4128) (i32.const 4160))
     (call $mulmod (i32.const 4096) (i32.const 4128) (i32.const 4160))",
    "(drop (call $code (i32.const 1) (i32.const 0) (i32.const 65536) (i32.const 8192)))",
    "(call $pow (i32.const 4096) (i32.const 1))",
    "(call $keccak (i32.const 8192) (i32.load16_u (i32.const 1)) (i32.const 4096))",
    "(call $write_result (i32.const 8192) (i32.load (i32.const 1)))",
    "(drop (call $reentrant)) (call $scache (i32.const 4096) (i32.const 4128))",
    "(call $grow (i32.const 0)) (drop (memory.grow (i32.load16_u (i32.const 1))))",
    "(call $log (i32.const 8192) (i32.load16_u (i32.const 2)) (i32.load8_u (i32.const 1)))",
    "(call $scache (i32.const 4096) (i32.const 1)) (call $flush (i32.const 0))",
    "(call $sload (i32.const 4096) (i32.const 4160))",
    "(call $sload (i32.const 4096) (i32.const 4160)) (call $sload (i32.const 4096) (i32.const 4160))",
    "(call $sload (i32.const 4096) (i32.const 4160)) (call $flush (i32.const 0))
     (call $sload (i32.const 4096) (i32.const 4160))",
    "(call $sload (i32.const 4096) (i32.const 4160)) (call $flush (i32.const 1))
     (call $sload (i32.const 4096) (i32.const 4160))",
    "(call $scache (i32.const 4096) (i32.const 1)) (call $flush (i32.const 0))
     (call $scache (i32.const 4096) (i32.const 33)) (call $flush (i32.const 0))",
    "(call $scache (i32.const 4096) (i32.const 1)) (call $scache (i32.const 4096) (i32.const 33))
     (call $flush (i32.const 0))",
    "(drop (call $call (i32.const 1) (i32.const 21) (i32.sub (local.get $len) (i32.const 21))
       (i32.const 500000) (i64.const -1) (i32.const 4096)))",
    "(drop (call $dcall (i32.const 1) (i32.const 21) (i32.sub (local.get $len) (i32.const 21))
       (i64.const -1) (i32.const 4096)))",
    "(drop (call $scall (i32.const 1) (i32.const 21) (i32.sub (local.get $len) (i32.const 21))
       (i64.const -1) (i32.const 4096)))",
    "(i32.store16 (i32.const 4222) (i32.const 0xe803))
     (drop (call $call (i32.const 1) (i32.const 21) (i32.sub (local.get $len) (i32.const 21))
       (i32.const 4192) (i64.const -1) (i32.const 4096)))",
    "(drop (call $call (i32.const 1) (i32.const 21) (i32.sub (local.get $len) (i32.const 21))
       (i32.const 500000) (i64.const -1) (i32.const 4096)))
     (drop (call $rrd (i32.const 8192) (i32.const 0) (i32.load (i32.const 4096))))",
    "(call $create1 (i32.const 1) (i32.sub (local.get $len) (i32.const 1)) (i32.const 500000)
       (i32.const 4096) (i32.const 4128))",
    "(call $create2 (i32.const 1) (i32.sub (local.get $len) (i32.const 1)) (i32.const 500000)
       (i32.const 4160) (i32.const 4096) (i32.const 4128))",
    "(call $write_result (i32.const 1) (i32.sub (local.get $len) (i32.const 1)))",
];

/// The hostio test program: `user_entrypoint` reads its calldata and runs one case.
fn hostio_program() -> Vec<u8> {
    // br_table over nested blocks: case i's code follows the end of block $ci.
    let mut body = String::from("(block $done\n");
    for i in (0..CASES.len()).rev() {
        body.push_str(&format!("(block $c{i}\n"));
    }
    let targets: Vec<String> = (0..CASES.len()).map(|i| format!("$c{i}")).collect();
    body.push_str(&format!(
        "(br_table {} $done (i32.load8_u (i32.const 0))))\n",
        targets.join(" ")
    ));
    for (i, case) in CASES.iter().enumerate() {
        body.push_str(case);
        body.push_str(&format!(" (br $done)) ;; end of case {i}\n"));
    }
    let text = format!(
        "(module {IMPORTS}
  (memory (export \"memory\") 8)
  (func (export \"user_entrypoint\") (param $len i32) (result i32)
    (call $read_args (i32.const 0))
    {body}
    (i32.const 0)))"
    );
    wat::parse_str(text).expect("hostio program")
}

/// Nitro's write-args worked example (§8): read the arguments, return them.
const WRITE_ARGS: &str = include_str!("../fixtures/wat/write-args.wat");

/// Deploys and activates a raw module.
fn deploy_wasm(n: &Node, wasm: &[u8]) -> Address {
    let a = n.deploy_code(&stylus_code_from_wasm(wasm));
    let r = n.activate(a);
    assert_eq!(r["status"], "0x1", "activation failed: {r}");
    a
}

fn case(c: Case, args: &[u8]) -> Vec<u8> {
    let mut v = vec![c as u8];
    v.extend_from_slice(args);
    v
}

/// The stylusTracer's records of a call.
fn trace(n: &Node, to: Address, data: Vec<u8>, value: U256) -> Vec<Value> {
    let t = n.ok(
        "debug_traceCall",
        json!([
            {"from": n.from, "to": to, "data": Bytes::from(data), "value": value, "gas": "0x3b9aca00"},
            "latest",
            {"tracer": "stylusTracer"}
        ]),
    );
    t.as_array().expect("trace array").clone()
}

/// Ink of each record named `name` (start − end), in order.
fn ink(records: &[Value], name: &str) -> Vec<u64> {
    records
        .iter()
        .filter(|r| r["name"] == name)
        .map(|r| r["startInk"].as_u64().unwrap() - r["endInk"].as_u64().unwrap())
        .collect()
}

fn word(v: u64) -> [u8; 32] {
    U256::from(v).to_be_bytes()
}

struct Setup {
    n: Node,
    hostio: Address,
    echo: Address,
}

fn setup() -> Setup {
    let n = start();
    let program = hostio_program();
    let hostio = deploy_wasm(&n, &program);
    // A second instance of the same (activated) code: a call target that is not the caller.
    let echo = n.deploy_code(&stylus_code_from_wasm(&program));
    Setup { n, hostio, echo }
}

#[test]
fn hostio_ink_matches_nitros_vectors() {
    let Setup { n, hostio, echo } = setup();
    let t = |c: Case, args: &[u8]| trace(&n, hostio, case(c, args), U256::ZERO);

    // TestReadArgsInkUsage: 4 / 36 / 100 bytes of calldata.
    for (len, want) in [(4, 13_440), (36, 13_560), (100, 15_480)] {
        let mut args = vec![0u8; len - 1];
        args[0] = 0;
        assert_eq!(
            ink(&t(Case::Numbers, &args), "read_args"),
            [want],
            "{len} bytes"
        );
    }
    // TestSimpleInkUsage.
    assert_eq!(ink(&t(Case::ExitEarly, &[]), "exit_early"), [0]);
    let tr = t(Case::Transient, &[]);
    assert_eq!(ink(&tr, "transient_load_bytes32"), [1_078_153]);
    assert_eq!(ink(&tr, "transient_store_bytes32"), [1_078_153]);
    assert_eq!(
        ink(&t(Case::BalanceOfOrigin, &[]), "account_balance"),
        [1_078_153]
    );
    let cold = Address::repeat_byte(0x77);
    assert_eq!(
        ink(
            &t(Case::CodeSizeOfArg, cold.as_slice()),
            "account_code_size"
        ),
        [33_068_073]
    );
    assert_eq!(
        ink(&t(Case::CodehashOfArg, cold.as_slice()), "account_codehash"),
        [26_078_153]
    );
    let tr = t(Case::Numbers, &[]);
    for name in [
        "return_data_size",
        "evm_gas_left",
        "evm_ink_left",
        "chainid",
        "block_gas_limit",
        "block_number",
        "block_timestamp",
    ] {
        assert_eq!(ink(&tr, name), [8_400], "{name}");
    }
    let tr = t(Case::Values, &[]);
    for name in [
        "block_basefee",
        "block_coinbase",
        "contract_address",
        "msg_sender",
        "tx_gas_price",
        "tx_origin",
    ] {
        assert_eq!(ink(&tr, name), [13_440], "{name}");
    }
    assert_eq!(ink(&tr, "msg_value"), [13_440, 13_440]);
    assert_eq!(ink(&tr, "tx_ink_price"), [8_400, 8_400]);
    let tr = t(Case::Math, &[]);
    assert_eq!(ink(&tr, "math_div"), [43_520]);
    assert_eq!(ink(&tr, "math_mod"), [43_520]);
    assert_eq!(ink(&tr, "math_add_mod"), [49_560]);
    assert_eq!(ink(&tr, "math_mul_mod"), [52_660]);
    // TestMsgReentrantInkUsage, TestStorageCacheBytes32InkUsage.
    let tr = t(Case::ReentrantAndCache, &[]);
    assert_eq!(ink(&tr, "msg_reentrant"), [8_400]);
    assert_eq!(ink(&tr, "storage_cache_bytes32"), [18_480]);
    // TestAccountCodeInkUsage: 33 068 073 + write(full code length), of a program's code.
    let code = n.ok("eth_getCode", json!([echo, "latest"]));
    let code_len = code.as_str().unwrap().len() as u64 / 2 - 1;
    assert_eq!(
        ink(&t(Case::CodeOfArg, echo.as_slice()), "account_code"),
        [33_068_073 + 5_040 + 30 * (code_len - 32)]
    );
    // TestPowInkUsage: exponent 2^(8n−1).
    for (bytes, want) in [(1, 61_520), (2, 79_020), (10, 219_020), (32, 604_020)] {
        let mut e = [0u8; 32];
        e[32 - bytes] = 0x80;
        assert_eq!(
            ink(&t(Case::PowOfArg, &e), "math_pow"),
            [want],
            "{bytes} bytes"
        );
    }
    // TestKeccakInkUsage.
    for (len, want) in [(10u16, 121_800), (100, 163_800), (1_000, 751_800)] {
        assert_eq!(
            ink(
                &t(Case::KeccakOfLen, &len.to_le_bytes()),
                "native_keccak256"
            ),
            [want]
        );
    }
    // TestWriteResultInkUsage: empty, uint256[0], uint256[10000].
    for (len, want) in [(0u32, 41_162), (64, 44_682), (64 + 32 * 10_000, 35_244_682)] {
        assert_eq!(
            ink(
                &t(Case::WriteResultOfLen, &len.to_le_bytes()),
                "write_result"
            ),
            [want],
            "{len} bytes"
        );
    }
    // TestPayForMemoryGrowInkUsage: grow 100 pages with open = ever = 1, and grow 0. Our
    // program's footprint is 8 pages, so the memory-model gas of its 100 pages is computed
    // from open = ever = 8.
    let grow100 = ink(&t(Case::Grow, &100u16.to_le_bytes()), "pay_for_memory_grow");
    let model = nitro_devnode::stylus::pricing::MemoryModel::default();
    assert_eq!(grow100, [8_400, model.gas_cost(100, 8, 8) * 10_000]);
    assert_eq!(model.gas_cost(100, 1, 1) * 10_000, 9_320_660_000);
    assert_eq!(
        ink(&t(Case::Grow, &0u16.to_le_bytes()), "pay_for_memory_grow"),
        [8_400, 8_400]
    );
}

#[test]
fn storage_log_and_return_data_ink_match_nitros_vectors() {
    let Setup { n, hostio, echo } = setup();
    let t = |c: Case, args: &[u8]| trace(&n, hostio, case(c, args), U256::ZERO);
    let v1 = word(1);
    let v2 = word(2);
    let two = [v1, v2].concat();

    // TestStorageInkCost.
    assert_eq!(
        ink(&t(Case::StoreFlush, &v1), "storage_flush_cache"),
        [221_068_073]
    );
    assert_eq!(
        ink(&t(Case::Load, &[]), "storage_load_bytes32"),
        [21_068_480]
    );
    assert_eq!(
        ink(&t(Case::LoadTwice, &[]), "storage_load_bytes32"),
        [21_068_480, 18_480]
    );
    assert_eq!(
        ink(&t(Case::LoadFlushLoad, &[]), "storage_load_bytes32"),
        [21_068_480, 18_480]
    );
    assert_eq!(
        ink(&t(Case::LoadClearLoad, &[]), "storage_load_bytes32"),
        [21_068_480, 1_068_480]
    );
    // readZero: the slot was never written.
    assert_eq!(
        ink(&t(Case::Load, &[]), "storage_load_bytes32"),
        [21_068_480]
    );
    // Make slot 0 non-zero, then: write a non-zeroed slot; write, flush, write; two writes.
    let r = n.send(Some(hostio), U256::ZERO, case(Case::StoreFlush, &v1));
    assert_eq!(r["status"], "0x1");
    assert_eq!(
        ink(&t(Case::StoreFlush, &v2), "storage_flush_cache"),
        [50_068_073]
    );
    assert_eq!(
        ink(
            &t(Case::StoreFlushStoreFlush, &[v2, v1].concat()),
            "storage_flush_cache"
        ),
        [50_068_073, 1_068_073]
    );
    assert_eq!(
        ink(&t(Case::StoreStoreFlush, &two), "storage_flush_cache"),
        [50_068_073]
    );
    // Write 0 to a non-zero slot.
    assert_eq!(
        ink(&t(Case::StoreFlush, &word(0)), "storage_flush_cache"),
        [50_068_073]
    );
    // Rewriting the value it holds: a slot never read counts as dirty, and the flush pays
    // the cold access and a no-op SSTORE.
    assert_eq!(
        ink(&t(Case::StoreFlush, &v1), "storage_flush_cache"),
        [68_073 + (2_100 + 100) * 10_000]
    );

    // TestLogInkUsage: (topics, bytes).
    for ((topics, bytes), want) in [
        ((0u8, 0u16), 3_834_454),
        ((0, 10), 4_634_454),
        ((0, 100), 11_838_194),
        ((1, 100), 15_589_954),
        ((2, 100), 19_341_714),
        ((3, 100), 23_093_474),
        ((4, 100), 26_845_234),
    ] {
        let len = bytes + 32 * topics as u16;
        let mut args = vec![topics];
        args.extend_from_slice(&len.to_le_bytes());
        let tr = trace(&n, hostio, case(Case::Log, &args), U256::ZERO);
        // eth_call is not static: the log is emitted.
        assert_eq!(
            ink(&tr, "emit_log"),
            [want],
            "{topics} topics, {bytes} bytes"
        );
    }

    // TestReturnDataInkUsage: read_return_data after echoing 10 / 100 / 1 000 / 10 000 bytes.
    for (len, want) in [
        (10usize, 73_113),
        (100, 75_153),
        (1_000, 102_153),
        (10_000, 372_153),
    ] {
        let mut args = echo.to_vec();
        args.push(Case::Echo as u8);
        args.extend(std::iter::repeat_n(0xab, len));
        let tr = t(Case::CallThenReadReturnData, &args);
        assert_eq!(ink(&tr, "read_return_data"), [want], "{len} bytes");
    }
}

#[test]
fn call_and_create_ink_match_nitros_rules() {
    let Setup { n, hostio, echo } = setup();
    let t = |c: Case, args: &[u8]| trace(&n, hostio, case(c, args), U256::ZERO);
    // TestCallInkUsage: call, delegate and static call to ArbosTest.burnArbGas(0).
    let mut args = ARBOS_TEST.to_vec();
    args.extend(
        ArbosTest::burnArbGasCall {
            gasAmount: U256::ZERO,
        }
        .abi_encode(),
    );
    for (c, name) in [
        (Case::Call, "call_contract"),
        (Case::DelegateCall, "delegate_call_contract"),
        (Case::StaticCall, "static_call_contract"),
    ] {
        assert_eq!(ink(&t(c, &args), name), [1_146_395], "{name}");
    }

    // A call to an EVM contract: 83 193 + 2·read(4) ink, then 2 600 (cold) + the gas the
    // callee used. msgValue(): CALLVALUE PUSH0 MSTORE PUSH1 32 PUSH0 RETURN.
    let evm = n.send(
        None,
        U256::ZERO,
        evm_init(&[0x34, 0x5f, 0x52, 0x60, 0x20, 0x5f, 0xf3]),
    );
    let evm: Address = evm["contractAddress"].as_str().unwrap().parse().unwrap();
    let used = 2 + 2 + 3 + 3 + 3 + 2; // CALLVALUE PUSH0 MSTORE(+1 word) PUSH1 PUSH0 RETURN
    let mut args = evm.to_vec();
    args.extend_from_slice(&[0xaa, 0xbb, 0xcc, 0xdd]);
    let base = 83_193 + 2 * 16_381;
    assert_eq!(
        ink(&t(Case::Call, &args), "call_contract"),
        [base + (2_600 + used) * 10_000]
    );
    // With value: 9 000 more, and the 2 300 stipend is not credited back.
    let tr = trace(
        &n,
        hostio,
        case(Case::CallWithValue, &args),
        U256::from(1_000),
    );
    assert_eq!(
        ink(&tr, "call_contract"),
        [base + (2_600 + 9_000 + used) * 10_000]
    );

    // A call to a program: its entry (programInitGas) plus what it runs.
    let (init_gas, _) = program_init_gas(&n, echo);
    let mut args = echo.to_vec();
    args.push(Case::Echo as u8);
    let tr = t(Case::Call, &args);
    let call_ink = ink(&tr, "call_contract")[0];
    let inner = tr.iter().find(|r| r["name"] == "call_contract").unwrap();
    let steps = inner["steps"].as_array().unwrap();
    let entry = steps.first().unwrap()["startInk"].as_u64().unwrap();
    let exit = steps.last().unwrap()["endInk"].as_u64().unwrap();
    // The callee's ink becomes gas with the floor per frame; its 8 pages open beside the
    // caller's 8.
    let callee_gas = entry / 10_000 - exit / 10_000;
    let memory = nitro_devnode::stylus::pricing::MemoryModel::default().gas_cost(8, 8, 8);
    assert_eq!(
        call_ink,
        83_193 + 2 * 16_381 + (2_600 + memory + init_gas + callee_gas) * 10_000
    );

    // Creates: 32 000 (+6/word for CREATE2) + the child's gas, no initcode word gas.
    let child = evm_init(&[0x00]);
    let tr = t(Case::Create1, &child);
    let create1 = ink(&tr, "create1")[0];
    let words = (child.len() as u64).div_ceil(32);
    let read = 16_381;
    // The child's gas: init code 3+3+2+3+2+2+3 (no memory beyond a word) + 200·1 deposit.
    let child_gas = evm_init_gas(&child) + 200;
    assert_eq!(create1, 83_193 + 2 * read + (32_000 + child_gas) * 10_000);
    let tr = t(Case::Create2, &child);
    assert_eq!(
        ink(&tr, "create2")[0],
        88_233 + 2 * read + (32_000 + 6 * words + child_gas) * 10_000
    );
}

/// Gas of running `evm_init`'s init code (PUSH1 len DUP1 PUSH1 9 PUSH0 CODECOPY PUSH0
/// RETURN), memory expansion included.
fn evm_init_gas(init: &[u8]) -> u64 {
    let len = init.len() as u64 - 9;
    let words = len.div_ceil(32);
    let memory = 3 * words + words * words / 512;
    3 + 3 + 3 + 2 + (3 + 3 * words) + 2 + memory
}

fn program_init_gas(n: &Node, program: Address) -> (u64, u64) {
    let out = n
        .call(
            ARB_WASM,
            ArbWasmGas::programInitGasCall { program }.abi_encode(),
        )
        .unwrap();
    <(u64, u64)>::abi_decode_params(&out).unwrap()
}

#[test]
fn worked_example_and_cached_programs() {
    let n = start();
    let wasm = wat::parse_str(WRITE_ARGS).unwrap();
    let program = deploy_wasm(&n, &wasm);
    let (gas, when_cached) = program_init_gas(&n, program);
    // 9 184 + initCost + cachedCost uncached, 352 + cachedCost cached.
    assert!(
        gas - when_cached >= 8_832 && when_cached >= 352,
        "{gas} {when_cached}"
    );

    // §8: the program's own ink is 69 631 (7 gas); the transaction pays intrinsic gas,
    // 4 non-zero calldata bytes, the entry and those 7 gas.
    let args = vec![1u8, 2, 3, 4];
    let tr = trace(&n, program, args.clone(), U256::ZERO);
    let first = tr.first().unwrap()["startInk"].as_u64().unwrap();
    let last = tr.last().unwrap()["endInk"].as_u64().unwrap();
    assert_eq!(first - last, 69_631);
    assert_eq!(ink(&tr, "read_args"), [13_440]);
    assert_eq!(ink(&tr, "write_result"), [41_162]);
    let r = n.send(Some(program), U256::ZERO, args.clone());
    assert_eq!(r["status"], "0x1");
    let used =
        u64::from_str_radix(r["gasUsed"].as_str().unwrap().trim_start_matches("0x"), 16).unwrap();
    assert_eq!(used, 21_000 + 4 * 16 + gas + 7);

    // Cached through ArbWasmCache (the dev key owns the chain): exactly initGas less.
    let codehash = alloy_primitives::keccak256(
        alloy_primitives::hex::decode(
            n.ok("eth_getCode", json!([program, "latest"]))
                .as_str()
                .unwrap(),
        )
        .unwrap(),
    );
    let r = n.send(
        Some(ARB_WASM_CACHE),
        U256::ZERO,
        ArbWasmCache::cacheProgramCall { addr: program }.abi_encode(),
    );
    assert_eq!(r["status"], "0x1", "cacheProgram: {r}");
    let r = n.send(Some(program), U256::ZERO, args.clone());
    let cached =
        u64::from_str_radix(r["gasUsed"].as_str().unwrap().trim_start_matches("0x"), 16).unwrap();
    assert_eq!(cached, 21_000 + 4 * 16 + when_cached + 7);
    assert_eq!(used - cached, gas - when_cached);
    // Evicting restores the uncached price.
    let r = n.send(
        Some(ARB_WASM_CACHE),
        U256::ZERO,
        ArbWasmCache::evictCodehashCall { codehash }.abi_encode(),
    );
    assert_eq!(r["status"], "0x1");
    let r = n.send(Some(program), U256::ZERO, args);
    assert_eq!(
        u64::from_str_radix(r["gasUsed"].as_str().unwrap().trim_start_matches("0x"), 16).unwrap(),
        used
    );
}

#[test]
fn cache_managers_only() {
    let n = start();
    let program = deploy_wasm(&n, &wat::parse_str(WRITE_ARGS).unwrap());
    // A key that is not a dev account.
    let stranger = k256::ecdsa::SigningKey::from_slice(&[7u8; 32]).unwrap();
    let who = Address::from_private_key(&stranger);
    let fund = n.send(Some(who), U256::from(10u64).pow(U256::from(18)), vec![]);
    assert_eq!(fund["status"], "0x1");
    let raw = n.sign(
        &stranger,
        Some(ARB_WASM_CACHE),
        U256::ZERO,
        ArbWasmCache::cacheProgramCall { addr: program }.abi_encode(),
        200_000,
        0,
        412_346,
    );
    let hash = n.ok("eth_sendRawTransaction", json!([raw]));
    let r = n.ok("eth_getTransactionReceipt", json!([hash]));
    assert_eq!(r["status"], "0x0", "a stranger cannot cache programs");
}

#[test]
fn arbos_60_caches_recently_called_programs() {
    // The hostio program calls another instance of its own code: at ArbOS 60 the callee's
    // code hash is in the per-block cache (its caller just ran), so it pays no initGas; at
    // ArbOS 51 that cache never hits.
    let ink_of_call = |version: u64| {
        let n = start_arbos(version);
        let program = hostio_program();
        let hostio = deploy_wasm(&n, &program);
        let echo = n.deploy_code(&stylus_code_from_wasm(&program));
        let (gas, when_cached) = program_init_gas(&n, echo);
        let mut args = echo.to_vec();
        args.push(Case::Echo as u8);
        let tr = trace(&n, hostio, case(Case::Call, &args), U256::ZERO);
        let call = tr.iter().find(|r| r["name"] == "call_contract").unwrap();
        let steps = call["steps"].as_array().unwrap().clone();
        let callee_gas = steps.first().unwrap()["startInk"].as_u64().unwrap() / 10_000
            - steps.last().unwrap()["endInk"].as_u64().unwrap() / 10_000;
        (ink(&tr, "call_contract")[0], callee_gas, gas - when_cached)
    };
    let (at_51, callee_51, init_gas) = ink_of_call(51);
    let (at_60, callee_60, _) = ink_of_call(60);
    assert_eq!(callee_51, callee_60);
    assert_eq!(at_51 - at_60, init_gas * 10_000);
}

/// Storage refunds of a program called by a program count for the transaction (EIP-3529's
/// 4,800 for clearing a slot), as geth's refund counter counts them.
#[test]
fn a_called_programs_storage_refunds_count() {
    let Setup { n, hostio, echo } = setup();
    let store = |v: u64| case(Case::StoreFlush, &word(v));
    let nested = |v: u64| {
        let mut args = echo.to_vec();
        args.extend(store(v));
        case(Case::Call, &args)
    };
    let calldata_gas = |d: &[u8]| d.iter().map(|&b| if b == 0 { 4 } else { 16 }).sum::<u64>();
    // Slot 0 of `echo` holds 5; through `hostio`, `echo` sets it to 7 (2,900, no refund),
    // then, from 5 again, to 0 (2,900 and a refund of 4,800). Everything else is the same
    // but a calldata byte.
    let mut net = Vec::new();
    for v in [7, 0] {
        assert_eq!(n.send(Some(echo), U256::ZERO, store(5))["status"], "0x1");
        let r = n.send(Some(hostio), U256::ZERO, nested(v));
        assert_eq!(r["status"], "0x1");
        net.push(gas_used(&r) - calldata_gas(&nested(v)));
    }
    assert_eq!(net[0] - net[1], 4_800);
}

fn gas_used(r: &Value) -> u64 {
    u64::from_str_radix(r["gasUsed"].as_str().unwrap().trim_start_matches("0x"), 16).unwrap()
}

#[test]
fn memory_up_to_128_pages_and_activation_gas() {
    // TestProgramMemory's shape: a one-page program grows to 128 pages. The memory model
    // charges GasCost(1, 0, 0) = 0 at entry and GasCost(127, 1, 1) at the grow: 31 999 998
    // gas in all, GasCost(128, 0, 0); the transaction lands within Nitro's bound.
    let n = start();
    let wasm = wat::parse_str(
        r#"(module
  (import "vm_hooks" "pay_for_memory_grow" (func (param i32)))
  (memory (export "memory") 1)
  (func (export "user_entrypoint") (param i32) (result i32)
    (drop (memory.grow (i32.const 127)))
    (i32.const 0)))"#,
    )
    .unwrap();
    let program = n.deploy_code(&stylus_code_from_wasm(&wasm));
    let activation = n.activate(program);
    assert_eq!(activation["status"], "0x1");
    // Activation: intrinsic gas, the fixed 1 659 168 and the storage-and-event overhead.
    assert!(gas_used(&activation) > 21_000 + 1_659_168 + 88_658);
    let tr = trace(&n, program, vec![], U256::ZERO);
    assert_eq!(ink(&tr, "pay_for_memory_grow"), [31_999_998 * 10_000]);
    let r = n.send_gas(Some(program), U256::ZERO, vec![], 100_000_000);
    assert_eq!(r["status"], "0x1");
    let (entry, _) = program_init_gas(&n, program);
    let used = gas_used(&r) - 21_000 - entry;
    assert!((31_999_998..31_999_998 + 200_000).contains(&used), "{used}");
}

#[test]
fn returning_a_mebibyte_costs_what_the_evm_charges() {
    // TestReturnDataCost's shape: the return-data floor (3w + ⌊w²/512⌋ for w words) caps
    // the gas a frame returning n bytes keeps, so returning 1 MiB costs what EVM memory
    // expansion would, within 100 gas of an EVM contract's PUSH3/PUSH0/RETURN.
    let n = start();
    let size = 1 << 20;
    let wasm = wat::parse_str(format!(
        r#"(module
  (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
  (import "vm_hooks" "pay_for_memory_grow" (func (param i32)))
  (memory (export "memory") 17 17)
  (func (export "user_entrypoint") (param i32) (result i32)
    (call $write_result (i32.const 0) (i32.const {size}))
    (i32.const 0)))"#
    ))
    .unwrap();
    let program = deploy_wasm(&n, &wasm);
    let stylus = n.send(Some(program), U256::ZERO, vec![]);
    assert_eq!(stylus["status"], "0x1");
    let words = size / 32;
    let floor = 3 * words + words * words / 512;
    assert_eq!(gas_used(&stylus), 21_000 + floor);
    // PUSH3 0x100000 PUSH0 RETURN
    let evm = n.send(
        None,
        U256::ZERO,
        evm_init(&[0x62, 0x10, 0x00, 0x00, 0x5f, 0xf3]),
    );
    let evm: Address = evm["contractAddress"].as_str().unwrap().parse().unwrap();
    let r = n.send(Some(evm), U256::ZERO, vec![]);
    assert!(gas_used(&stylus).abs_diff(gas_used(&r)) <= 100);
}
