//! Heavy Stylus computation and deep call trees end in a result or out of gas, never in a
//! crashed node: wasmi runs with loop dispatch (no native stack per instruction), the ink
//! meter and the stack budget end runaway programs, and nested program frames are bounded by
//! the memory model (at most 128 pages open in a transaction) and by the native stack left.

mod common;

use alloy_primitives::{Address, Bytes, U256};
use common::*;
use serde_json::json;

/// Counts down from the u32 in its calldata.
const LOOP: &str = r#"(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "pay_for_memory_grow" (func (param i32)))
  (memory (export "memory") 1 1)
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (local $n i32)
    (call $read_args (i32.const 0))
    (local.set $n (i32.load (i32.const 0)))
    (block $out (loop $again
      (br_if $out (i32.eqz (local.get $n)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $again)))
    (i32.const 0)))"#;

/// Calls itself with its calldata's u32 minus one until it reaches zero; `PAGES` pages.
fn recursion(pages: u32) -> Vec<u8> {
    wat::parse_str(format!(
        r#"(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "contract_address" (func $address (param i32)))
  (import "vm_hooks" "call_contract" (func $call (param i32 i32 i32 i32 i64 i32) (result i32)))
  (import "vm_hooks" "pay_for_memory_grow" (func (param i32)))
  (memory (export "memory") {pages} {pages})
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (local $n i32)
    (call $read_args (i32.const 0))
    (local.set $n (i32.load (i32.const 0)))
    (if (i32.eqz (local.get $n)) (then (return (i32.const 0))))
    (i32.store (i32.const 0) (i32.sub (local.get $n) (i32.const 1)))
    (call $address (i32.const 64))
    (drop (call $call (i32.const 64) (i32.const 0) (i32.const 4) (i32.const 128)
      (i64.const -1) (i32.const 200)))
    (i32.const 0)))"#
    ))
    .unwrap()
}

fn deploy(n: &Node, wasm: &[u8]) -> Address {
    let a = n.deploy_code(&stylus_code_from_wasm(wasm));
    assert_eq!(n.activate(a)["status"], "0x1");
    a
}

fn call(n: &Node, to: Address, arg: u32, gas: u64) -> Result<serde_json::Value, serde_json::Value> {
    n.rpc(
        "eth_call",
        json!([{"from": n.from, "to": to, "gas": format!("{gas:#x}"),
                "data": Bytes::from(arg.to_le_bytes().to_vec())}, "latest"]),
    )
}

#[test]
fn heavy_computation_ends_in_a_result_or_out_of_gas() {
    let n = start();
    let program = deploy(&n, &wat::parse_str(LOOP).unwrap());
    // Ten million iterations (tens of millions of instructions) return.
    assert_eq!(call(&n, program, 10_000_000, 1_000_000_000).unwrap(), "0x");
    // With too little gas the program runs out of ink: an out-of-gas failure.
    let e = call(&n, program, 10_000_000, 1_000_000).unwrap_err();
    assert!(e["message"].as_str().unwrap().contains("halt"), "{e}");
    // The node still answers.
    assert!(n.rpc("eth_blockNumber", json!([])).is_ok());
}

/// How deep the stylusTracer's records nest (frames inside frames).
fn nesting(records: &serde_json::Value) -> usize {
    records
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r.get("steps"))
        .map(|steps| 1 + nesting(steps))
        .max()
        .unwrap_or(0)
}

fn recursion_request(
    from: Address,
    program: Address,
    depth: u32,
) -> nitro_devnode::chain::CallRequest {
    nitro_devnode::chain::CallRequest {
        from: Some(from),
        to: Some(program),
        gas: Some(1_000_000_000_000),
        input: Some(Bytes::from(depth.to_le_bytes().to_vec())),
        ..Default::default()
    }
}

#[test]
fn deep_program_call_trees_end() {
    let n = start();
    let program = deploy(&n, &recursion(1));
    // Every frame holds a page: the memory model (at most 128 pages open in a transaction)
    // ends the nesting; the innermost call fails out of gas and the others carry on.
    // (In process, on a thread with the executor's stack: the records nest deeper than
    // serde_json's parser allows by default.)
    let req = recursion_request(n.from, program, 1_000);
    let chain = n.handle.chain();
    let depth = std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(move || {
            nesting(
                &chain
                    .lock()
                    .unwrap()
                    .trace_call(&req, None, u64::MAX)
                    .unwrap(),
            )
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(depth, 128);
    assert_eq!(call(&n, program, 1_000, 1_000_000_000_000).unwrap(), "0x");
    let r = n.send_gas(
        Some(program),
        U256::ZERO,
        1_000u32.to_le_bytes().to_vec(),
        30_000_000,
    );
    assert_eq!(r["status"], "0x1", "{r}");
    assert!(n.rpc("eth_blockNumber", json!([])).is_ok());
}

#[test]
fn nesting_stops_before_the_native_stack_runs_out() {
    // On a thread with a small stack, a nested call fails like a call too deep once less
    // than the guard is left, instead of overflowing the stack.
    let n = start();
    let program = deploy(&n, &recursion(1));
    let chain = n.handle.chain();
    let from = n.from;
    let depth = std::thread::Builder::new()
        .stack_size(4 << 20)
        .spawn(move || {
            let req = recursion_request(from, program, 1_000);
            let mut chain = chain.lock().unwrap();
            assert!(chain.call(&req, None).unwrap().success);
            nesting(&chain.trace_call(&req, None, u64::MAX).unwrap())
        })
        .unwrap()
        .join()
        .expect("no stack overflow");
    assert!((1..128).contains(&depth), "{depth}");
}
