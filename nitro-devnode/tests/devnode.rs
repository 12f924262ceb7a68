//! End-to-end tests: an in-process node over HTTP, real Stylus fixtures built from source.

mod common;

use alloy_primitives::{keccak256, Address, Bytes, B256, U256};
use alloy_sol_types::{SolCall, SolError, SolEvent, SolValue};
use common::*;
use serde_json::{json, Value};

fn u(v: &Value) -> u64 {
    u64::from_str_radix(v.as_str().unwrap().trim_start_matches("0x"), 16).unwrap()
}

/// stylus-sdk 0.9 encodes a dynamic tuple return as one value (leading offset word).
fn dynret(out: &[u8]) -> &[u8] {
    &out[32.min(out.len())..]
}

fn addr(v: &Value) -> Address {
    v.as_str().unwrap().parse().unwrap()
}

#[test]
fn rpc_basics_and_bad_input() {
    let n = start();
    assert_eq!(n.ok("eth_chainId", json!([])), "0x64aba");
    assert_eq!(n.ok("net_version", json!([])), "412346");
    let accounts = n.ok("eth_accounts", json!([]));
    assert_eq!(accounts[0], "0x3f1eae7d46d88f08fc2f8ed27fcb2ab183eb2d0e");
    assert_eq!(accounts[1], "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    assert_eq!(accounts.as_array().unwrap().len(), 11);
    assert_ne!(n.ok("eth_getBalance", json!([n.from, "latest"])), "0x0");
    assert_eq!(n.ok("eth_blockNumber", json!([])), "0x0");
    assert!(n.ok("eth_getBlockByNumber", json!(["latest", true]))["hash"].is_string());
    assert!(n
        .ok("web3_clientVersion", json!([]))
        .as_str()
        .unwrap()
        .starts_with("nitro-devnode"));
    assert_eq!(n.ok("eth_syncing", json!([])), false);
    assert!(n.ok("eth_feeHistory", json!(["0x4", "latest", [50]]))["baseFeePerGas"].is_array());
    // StylusDeployer, CREATE2 factory and precompiles exist.
    assert_ne!(n.ok("eth_getCode", json!([DEPLOYER, "latest"])), "0x");
    assert_ne!(
        n.ok(
            "eth_getCode",
            json!(["0x4e59b44847b379578588920ca78fbf26c0b4956c", "latest"])
        ),
        "0x"
    );
    // Errors.
    assert_eq!(n.rpc("eth_nope", json!([])).unwrap_err()["code"], -32601);
    assert_eq!(n.raw("{not json")["error"]["code"], -32700);
    assert_eq!(n.raw("[]")["error"]["code"], -32600);
    assert_eq!(
        n.raw(r#"{"jsonrpc":"2.0","id":1}"#)["error"]["code"],
        -32600
    );
    assert_eq!(
        n.rpc("eth_getBalance", json!(["0x12"])).unwrap_err()["code"],
        -32602
    );
    assert_eq!(
        n.rpc("eth_getBalance", json!([])).unwrap_err()["code"],
        -32602
    );
    let batch = n.raw(r#"[{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},{"jsonrpc":"2.0","id":2,"method":"eth_blockNumber"},{"jsonrpc":"2.0","id":3,"method":"x"}]"#);
    assert_eq!(batch.as_array().unwrap().len(), 3);
    assert_eq!(batch[2]["error"]["code"], -32601);
    let big = vec![b' '; 17 * 1024 * 1024];
    let (status, body) = post(&n.url, &big);
    assert!(
        status == 413 || String::from_utf8_lossy(&body).contains("too large"),
        "status {status}"
    );
    // Still alive.
    assert_eq!(n.ok("eth_chainId", json!([])), "0x64aba");
}

#[test]
fn raw_transaction_validation() {
    let n = start();
    let to = Some(Address::repeat_byte(0x42));
    // Wrong chain id.
    let raw = n.sign(&n.key, to, U256::from(1), vec![], 21_000, 0, 1);
    let e = n.rpc("eth_sendRawTransaction", json!([raw])).unwrap_err();
    assert!(e["message"].as_str().unwrap().contains("chain id"), "{e}");
    // Bad signature / garbage.
    let mut bad = n
        .sign(&n.key, to, U256::from(1), vec![], 21_000, 0, 412_346)
        .to_vec();
    let l = bad.len();
    bad[l - 5] ^= 0xff;
    bad[l - 40] ^= 0xff;
    assert!(n
        .rpc("eth_sendRawTransaction", json!([Bytes::from(bad)]))
        .is_err());
    assert!(n
        .rpc("eth_sendRawTransaction", json!(["0xdeadbeef"]))
        .is_err());
    // Insufficient funds (fresh key).
    let poor = k256::ecdsa::SigningKey::from_slice(&[7u8; 32]).unwrap();
    let raw = n.sign(&poor, to, U256::from(1), vec![], 21_000, 0, 412_346);
    let e = n.rpc("eth_sendRawTransaction", json!([raw])).unwrap_err();
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("insufficient funds"),
        "{e}"
    );
    // Good tx, then nonce too low.
    let r = n.send(to, U256::from(5), vec![]);
    assert_eq!(r["status"], "0x1");
    assert_eq!(n.ok("eth_getBalance", json!([to, "latest"])), "0x5");
    let raw = n.sign(&n.key, to, U256::from(1), vec![], 21_000, 0, 412_346);
    let e = n.rpc("eth_sendRawTransaction", json!([raw])).unwrap_err();
    assert!(
        e["message"].as_str().unwrap().contains("nonce too low"),
        "{e}"
    );
    assert_eq!(n.ok("eth_blockNumber", json!([])), "0x1");
    // A nonce gap: the later transaction waits (no receipt, no block) until the gap closes,
    // then both are mined in nonce order.
    let later = n.sign(&n.key, to, U256::from(2), vec![], 21_000, 2, 412_346);
    let later_hash = n.ok("eth_sendRawTransaction", json!([later]));
    assert_eq!(
        n.ok("eth_getTransactionReceipt", json!([later_hash])),
        Value::Null
    );
    assert_eq!(n.ok("eth_blockNumber", json!([])), "0x1");
    let other = n.sign(&n.key, to, U256::from(3), vec![], 21_000, 2, 412_346);
    let e = n.rpc("eth_sendRawTransaction", json!([other])).unwrap_err();
    assert!(
        e["message"].as_str().unwrap().contains("replacement"),
        "{e}"
    );
    let next = n.sign(&n.key, to, U256::from(1), vec![], 21_000, 1, 412_346);
    let next_hash = n.ok("eth_sendRawTransaction", json!([next]));
    let r1 = n.ok("eth_getTransactionReceipt", json!([next_hash]));
    let r2 = n.ok("eth_getTransactionReceipt", json!([later_hash]));
    assert_eq!(
        (r1["blockNumber"].clone(), r2["blockNumber"].clone()),
        (json!("0x2"), json!("0x3"))
    );
    assert_eq!(n.ok("eth_getBalance", json!([to, "latest"])), "0x8");
    // eth_sendTransaction for a dev account.
    let h = n.ok(
        "eth_sendTransaction",
        json!([{"from": n.from, "to": to, "value": "0x7"}]),
    );
    let tx = n.ok("eth_getTransactionByHash", json!([h]));
    assert_eq!(tx["from"], "0x3f1eae7d46d88f08fc2f8ed27fcb2ab183eb2d0e");
    assert_eq!(n.ok("eth_getBalance", json!([to, "latest"])), "0xf");
}

#[test]
fn stylus_activation_and_host_functions() {
    let n = start();
    let probe = n.deploy_code(&fixture_code("probe"));
    // Not activated: calls fail like Nitro (ProgramNotActivated).
    let e = n
        .call(probe, IProbe::getCall { key: U256::ZERO }.abi_encode())
        .unwrap_err();
    assert_eq!(e["code"], 3);
    assert_eq!(
        e["data"].as_str().unwrap(),
        Bytes::from(ArbWasm::ProgramNotActivated {}.abi_encode()).to_string()
    );
    let r = n.activate(probe);
    assert_eq!(r["status"], "0x1");
    let ev = &r["logs"][0];
    assert_eq!(
        ev["topics"][0],
        json!(ArbWasm::ProgramActivated::SIGNATURE_HASH)
    );
    let codehash = keccak256(fixture_code("probe"));
    let v = n
        .call(
            ARB_WASM,
            ArbWasm::codehashVersionCall { codehash }.abi_encode(),
        )
        .unwrap();
    assert_eq!(u16::abi_decode(&v).unwrap(), 2);
    let e = n
        .call(
            ARB_WASM,
            ArbWasm::codehashVersionCall {
                codehash: B256::ZERO,
            }
            .abi_encode(),
        )
        .unwrap_err();
    assert_eq!(
        e["data"].as_str().unwrap(),
        Bytes::from(ArbWasm::ProgramNotActivated {}.abi_encode()).to_string()
    );
    // Activating again: ProgramUpToDate.
    assert_eq!(n.activate(probe)["status"], "0x0");

    // Storage.
    let r = n.send(
        Some(probe),
        U256::ZERO,
        IProbe::setCall {
            key: U256::from(1),
            value: U256::from(77),
        }
        .abi_encode(),
    );
    assert_eq!(r["status"], "0x1");
    assert!(u(&r["gasUsed"]) > 21_000);
    assert_eq!(
        n.ok("eth_getStorageAt", json!([probe, "0x1", "latest"])),
        format!("0x{:064x}", 77)
    );
    let get = |k: u64| {
        U256::abi_decode(
            &n.call(probe, IProbe::getCall { key: U256::from(k) }.abi_encode())
                .unwrap(),
        )
        .unwrap()
    };
    assert_eq!(get(1), U256::from(77));
    // Revert, trap and exit_early(1) roll back; exit_early(0) commits.
    let r = n.send_gas(
        Some(probe),
        U256::ZERO,
        IProbe::setAndRevertCall {
            key: U256::from(1),
            value: U256::from(5),
        }
        .abi_encode(),
        5_000_000,
    );
    assert_eq!(r["status"], "0x0");
    assert_eq!(get(1), U256::from(77));
    let e = n
        .call(
            probe,
            IProbe::setAndRevertCall {
                key: U256::from(1),
                value: U256::from(5),
            }
            .abi_encode(),
        )
        .unwrap_err();
    assert_eq!(e["data"], json!(Bytes::from_static(b"rollback")));
    let r = n.send_gas(
        Some(probe),
        U256::ZERO,
        IProbe::setAndTrapCall {
            key: U256::from(1),
            value: U256::from(6),
        }
        .abi_encode(),
        5_000_000,
    );
    assert_eq!(r["status"], "0x0");
    assert_eq!(get(1), U256::from(77));
    let r = n.send_gas(
        Some(probe),
        U256::ZERO,
        IProbe::setAndExitCall {
            key: U256::from(1),
            value: U256::from(8),
            status: 1,
        }
        .abi_encode(),
        5_000_000,
    );
    assert_eq!(r["status"], "0x0");
    assert_eq!(get(1), U256::from(77));
    let r = n.send(
        Some(probe),
        U256::ZERO,
        IProbe::setAndExitCall {
            key: U256::from(1),
            value: U256::from(9),
            status: 0,
        }
        .abi_encode(),
    );
    assert_eq!(r["status"], "0x1");
    assert_eq!(get(1), U256::from(9));

    // Transient storage (per tx).
    let out = n
        .call(
            probe,
            IProbe::tstoreThenLoadCall {
                key: U256::from(3),
                value: U256::from(4),
            }
            .abi_encode(),
        )
        .unwrap();
    assert_eq!(U256::abi_decode(&out).unwrap(), U256::from(4));
    let out = n
        .call(probe, IProbe::tloadCall { key: U256::from(3) }.abi_encode())
        .unwrap();
    assert_eq!(U256::abi_decode(&out).unwrap(), U256::ZERO);

    // Logs with 0..=4 topics, and eth_getLogs filters.
    let words: Vec<B256> = (1..=4u8).map(B256::repeat_byte).collect();
    for t in 0..=4u32 {
        let r = n.send(
            Some(probe),
            U256::ZERO,
            IProbe::emitCall {
                topics: t,
                words: words.clone(),
                data: Bytes::from_static(b"hi"),
            }
            .abi_encode(),
        );
        assert_eq!(r["status"], "0x1");
        assert_eq!(r["logs"][0]["topics"].as_array().unwrap().len(), t as usize);
        assert_eq!(r["logs"][0]["data"], "0x6869");
    }
    let logs = n.ok("eth_getLogs", json!([{"fromBlock": "0x0", "toBlock": "latest", "address": probe, "topics": [B256::repeat_byte(1), null, B256::repeat_byte(3)]}]));
    assert_eq!(logs.as_array().unwrap().len(), 2);
    let logs = n.ok(
        "eth_getLogs",
        json!([{"fromBlock": "0x0", "address": [probe]}]),
    );
    assert_eq!(logs.as_array().unwrap().len(), 5);

    // Hashing, context, accounts, math.
    let out = n
        .call(
            probe,
            IProbe::keccakCall {
                data: Bytes::from_static(b"abc"),
            }
            .abi_encode(),
        )
        .unwrap();
    assert_eq!(B256::abi_decode(&out).unwrap(), keccak256(b"abc"));
    let out = n.rpc("eth_call", json!([{"from": n.from, "to": probe, "value": "0x3", "data": Bytes::from(IProbe::contextCall {}.abi_encode())}])).unwrap();
    let out: Bytes = out.as_str().unwrap().parse().unwrap();
    let c = IProbe::contextCall::abi_decode_returns(&out).unwrap();
    assert_eq!(
        (c._0, c._1, c._2, c._3, c._4),
        (n.from, U256::from(3), n.from, probe, 412_346)
    );
    let head = n.ok("eth_getBlockByNumber", json!(["latest", false]));
    assert!(c._6 >= u(&head["timestamp"]));
    // block_number is the L1 block number (12-second L1 blocks); ArbSys gives the L2 one.
    assert_eq!(c._5, c._6 / 12);
    assert!(c._7 > 30_000_000);
    let out = n.call(probe, IProbe::context2Call {}.abi_encode()).unwrap();
    let c2 = IProbe::context2Call::abi_decode_returns(&out).unwrap();
    assert_eq!(c2._0, U256::from(100_000_000u64));
    assert_eq!(c2._3, 10_000);
    assert!(c2._4 > 0 && c2._5 > c2._4);
    assert!(!c2._6);
    let out = n
        .call(
            probe,
            IProbe::accountCall {
                who: probe,
                offset: 0,
                size: 4,
            }
            .abi_encode(),
        )
        .unwrap();
    let a = IProbe::accountCall::abi_decode_returns(dynret(&out)).unwrap();
    assert_eq!(a._1 as usize, fixture_code("probe").len());
    assert_eq!(a._2, codehash);
    assert_eq!(a._3.to_vec(), vec![0xEF, 0xF0, 0, 0]);
    let out = n
        .call(
            probe,
            IProbe::accountCall {
                who: n.from,
                offset: 0,
                size: 4,
            }
            .abi_encode(),
        )
        .unwrap();
    let a = IProbe::accountCall::abi_decode_returns(dynret(&out)).unwrap();
    assert!(a._0 > U256::ZERO);
    assert_eq!(a._2, keccak256([]));
    let out = n
        .call(
            probe,
            IProbe::mathCall {
                a: U256::from(17),
                b: U256::from(5),
                m: U256::from(7),
            }
            .abi_encode(),
        )
        .unwrap();
    let m = IProbe::mathCall::abi_decode_returns(&out).unwrap();
    assert_eq!(
        (m._0, m._1, m._2, m._3, m._4),
        (
            U256::from(3),
            U256::from(2),
            U256::from(1_419_857),
            U256::from(1),
            U256::from(1)
        )
    );
    // Memory growth and payable value.
    let out = n
        .call(probe, IProbe::growCall { kib: 1024 }.abi_encode())
        .unwrap();
    assert_eq!(u32::abi_decode(&out).unwrap(), 1024 * 1024);
    let r = n.send(
        Some(probe),
        U256::from(1000),
        IProbe::receiveValueCall {}.abi_encode(),
    );
    assert_eq!(r["status"], "0x1");
    assert_eq!(n.ok("eth_getBalance", json!([probe, "latest"])), "0x3e8");
    // Non-payable method with value reverts (SDK check).
    let r = n.send_gas(
        Some(probe),
        U256::from(1),
        IProbe::setCall {
            key: U256::ZERO,
            value: U256::ZERO,
        }
        .abi_encode(),
        5_000_000,
    );
    assert_eq!(r["status"], "0x0");

    // Ink: a long loop costs more gas; too little gas is an out-of-ink failure.
    let g1 = u(&n.ok("eth_estimateGas", json!([{"from": n.from, "to": probe, "data": Bytes::from(IProbe::burnCall { iterations: 10 }.abi_encode())}])));
    let g2 = u(&n.ok("eth_estimateGas", json!([{"from": n.from, "to": probe, "data": Bytes::from(IProbe::burnCall { iterations: 2000 }.abi_encode())}])));
    // Each iteration hashes 32 bytes (121,800 ink) besides its loop ops.
    assert!(g2 > g1 + 1_990 * 121_800 / 10_000, "{g1} {g2}");
    let e = n.rpc("eth_call", json!([{"from": n.from, "to": probe, "gas": "0x7a120", "data": Bytes::from(IProbe::burnCall { iterations: 1_000_000 }.abi_encode())}])).unwrap_err();
    assert!(e["message"].as_str().unwrap().contains("halt"), "{e}");
}

#[test]
fn stylus_calls_static_delegate_reentrancy_and_creation() {
    let n = start();
    let a = n.deploy_fixture("probe");
    let b = n.deploy_code(&fixture_code("probe")); // same codehash: already activated
    let get = |at: Address, k: u64| {
        U256::abi_decode(
            &n.call(at, IProbe::getCall { key: U256::from(k) }.abi_encode())
                .unwrap(),
        )
        .unwrap()
    };
    let set_b = IProbe::setCall {
        key: U256::from(2),
        value: U256::from(22),
    }
    .abi_encode();

    // call: A -> B writes B's storage; value is transferred.
    let r = n.send(
        Some(a),
        U256::ZERO,
        IProbe::callRawCall {
            to: b,
            data: set_b.clone().into(),
            value: U256::ZERO,
        }
        .abi_encode(),
    );
    assert_eq!(r["status"], "0x1");
    assert_eq!(get(b, 2), U256::from(22));
    assert_eq!(get(a, 2), U256::ZERO);
    let pay = IProbe::receiveValueCall {}.abi_encode();
    let r = n.send(
        Some(a),
        U256::from(50),
        IProbe::callRawCall {
            to: b,
            data: pay.clone().into(),
            value: U256::from(50),
        }
        .abi_encode(),
    );
    assert_eq!(r["status"], "0x1");
    assert_eq!(n.ok("eth_getBalance", json!([b, "latest"])), "0x32");
    // Sending value into a non-payable method fails (and the value stays with A).
    let out = n
        .call(
            a,
            IProbe::callRawCall {
                to: b,
                data: set_b.clone().into(),
                value: U256::from(1),
            }
            .abi_encode(),
        )
        .unwrap();
    assert!(
        !IProbe::callRawCall::abi_decode_returns(dynret(&out))
            .unwrap()
            ._0
    );
    // A failing callee is rolled back while the caller continues.
    let revert_b = IProbe::setAndRevertCall {
        key: U256::from(2),
        value: U256::from(99),
    }
    .abi_encode();
    let out = n
        .call(
            a,
            IProbe::callRawCall {
                to: b,
                data: revert_b.into(),
                value: U256::ZERO,
            }
            .abi_encode(),
        )
        .unwrap();
    let res = IProbe::callRawCall::abi_decode_returns(dynret(&out)).unwrap();
    assert!(!res._0);
    assert_eq!(res._1, Bytes::from_static(b"rollback"));
    // static call: reads work, writes are refused.
    let out = n
        .call(
            a,
            IProbe::staticCallRawCall {
                to: b,
                data: IProbe::getCall { key: U256::from(2) }.abi_encode().into(),
            }
            .abi_encode(),
        )
        .unwrap();
    let res = IProbe::staticCallRawCall::abi_decode_returns(dynret(&out)).unwrap();
    assert!(res._0);
    assert_eq!(U256::abi_decode(&res._1).unwrap(), U256::from(22));
    let set_b2 = IProbe::setCall {
        key: U256::from(2),
        value: U256::from(23),
    }
    .abi_encode();
    let r = n.send(
        Some(a),
        U256::ZERO,
        IProbe::staticCallRawCall {
            to: b,
            data: set_b2.clone().into(),
        }
        .abi_encode(),
    );
    assert_eq!(r["status"], "0x1");
    assert_eq!(get(b, 2), U256::from(22));
    let out = n
        .call(
            a,
            IProbe::staticCallRawCall {
                to: b,
                data: set_b2.into(),
            }
            .abi_encode(),
        )
        .unwrap();
    assert!(
        !IProbe::staticCallRawCall::abi_decode_returns(dynret(&out))
            .unwrap()
            ._0
    );
    // delegatecall: B's code on A's storage, A's context.
    let set4 = IProbe::setCall {
        key: U256::from(4),
        value: U256::from(44),
    }
    .abi_encode();
    let r = n.send(
        Some(a),
        U256::ZERO,
        IProbe::delegateCallRawCall {
            to: b,
            data: set4.into(),
        }
        .abi_encode(),
    );
    assert_eq!(r["status"], "0x1");
    assert_eq!(get(a, 4), U256::from(44));
    assert_eq!(get(b, 4), U256::ZERO);
    let out = n
        .call(
            a,
            IProbe::delegateCallRawCall {
                to: b,
                data: IProbe::contextCall {}.abi_encode().into(),
            }
            .abi_encode(),
        )
        .unwrap();
    let res = IProbe::delegateCallRawCall::abi_decode_returns(dynret(&out)).unwrap();
    let ctx = IProbe::contextCall::abi_decode_returns(&res._1).unwrap();
    assert_eq!((ctx._0, ctx._3), (n.from, a));
    // Re-entry is denied (msg_reentrant) and reported as a failed call.
    let out = n.call(a, IProbe::reenterCall {}.abi_encode()).unwrap();
    assert!(!bool::abi_decode(&out).unwrap());
    // A -> B -> A is re-entry too.
    let reenter_via_b = IProbe::callRawCall {
        to: a,
        data: IProbe::getCall { key: U256::ZERO }.abi_encode().into(),
        value: U256::ZERO,
    }
    .abi_encode();
    let out = n
        .call(
            a,
            IProbe::callRawCall {
                to: b,
                data: reenter_via_b.into(),
                value: U256::ZERO,
            }
            .abi_encode(),
        )
        .unwrap();
    let res = IProbe::callRawCall::abi_decode_returns(dynret(&out)).unwrap();
    assert!(res._0);
    assert!(
        !IProbe::callRawCall::abi_decode_returns(dynret(&res._1))
            .unwrap()
            ._0
    );
    // Gas-limited call runs out of ink.
    let burn = IProbe::burnCall {
        iterations: 100_000,
    }
    .abi_encode();
    let out = n
        .call(
            a,
            IProbe::callWithGasCall {
                to: b,
                data: burn.into(),
                gas: 50_000,
            }
            .abi_encode(),
        )
        .unwrap();
    assert!(
        !IProbe::callWithGasCall::abi_decode_returns(&out)
            .unwrap()
            ._0
    );

    // Stylus <-> EVM: an EVM forwarder in front of B.
    let fwd_runtime = evm_forwarder(b);
    let r = n.send(None, U256::ZERO, evm_init(&fwd_runtime));
    let fwd = addr(&r["contractAddress"]);
    assert_eq!(
        n.ok("eth_getCode", json!([fwd, "latest"])),
        json!(Bytes::from(fwd_runtime))
    );
    // EVM -> Stylus (tx into EVM, which calls B).
    let set5 = IProbe::setCall {
        key: U256::from(5),
        value: U256::from(55),
    }
    .abi_encode();
    assert_eq!(n.send(Some(fwd), U256::ZERO, set5)["status"], "0x1");
    assert_eq!(get(b, 5), U256::from(55));
    // Stylus -> EVM -> Stylus, with revert data bubbling through EVM.
    let out = n
        .call(
            a,
            IProbe::callRawCall {
                to: fwd,
                data: IProbe::getCall { key: U256::from(5) }.abi_encode().into(),
                value: U256::ZERO,
            }
            .abi_encode(),
        )
        .unwrap();
    let res = IProbe::callRawCall::abi_decode_returns(dynret(&out)).unwrap();
    assert!(res._0);
    assert_eq!(U256::abi_decode(&res._1).unwrap(), U256::from(55));
    let bad = IProbe::setAndRevertCall {
        key: U256::ZERO,
        value: U256::ZERO,
    }
    .abi_encode();
    let out = n
        .call(
            a,
            IProbe::callRawCall {
                to: fwd,
                data: bad.into(),
                value: U256::ZERO,
            }
            .abi_encode(),
        )
        .unwrap();
    let res = IProbe::callRawCall::abi_decode_returns(dynret(&out)).unwrap();
    assert_eq!((res._0, res._1), (false, Bytes::from_static(b"rollback")));

    // create1 / create2 from WASM with EVM init code.
    let tiny = evm_init(&[0x60, 0x2a, 0x5f, 0x52, 0x60, 0x20, 0x5f, 0xf3]); // returns 42
    let r = n.send(
        Some(a),
        U256::ZERO,
        IProbe::create1Call {
            code: tiny.clone().into(),
            endowment: U256::ZERO,
        }
        .abi_encode(),
    );
    assert_eq!(r["status"], "0x1");
    let created = a.create(1);
    assert_eq!(
        U256::abi_decode(&n.call(created, vec![]).unwrap()).unwrap(),
        U256::from(42)
    );
    let salt = B256::repeat_byte(9);
    let out = n
        .call(
            a,
            IProbe::create2Call {
                code: tiny.clone().into(),
                endowment: U256::ZERO,
                salt,
            }
            .abi_encode(),
        )
        .unwrap();
    let res = IProbe::create2Call::abi_decode_returns(dynret(&out)).unwrap();
    assert_eq!(res._0, a.create2(salt, keccak256(&tiny)));
    // Failing init code: address 0 and the revert data.
    let failing = vec![0x60, 0x01, 0x5f, 0x52, 0x60, 0x20, 0x5f, 0xfd];
    let out = n
        .call(
            a,
            IProbe::create1Call {
                code: failing.into(),
                endowment: U256::ZERO,
            }
            .abi_encode(),
        )
        .unwrap();
    let res = IProbe::create1Call::abi_decode_returns(dynret(&out)).unwrap();
    assert_eq!(res._0, Address::ZERO);
    assert_eq!(U256::abi_decode(&res._1).unwrap(), U256::from(1));
    // A Stylus program created from WASM (EF-prefixed code is allowed; same codehash is active).
    let r = n.send(
        Some(a),
        U256::ZERO,
        IProbe::create1Call {
            code: init_code(&fixture_code("probe")).into(),
            endowment: U256::ZERO,
        }
        .abi_encode(),
    );
    assert_eq!(r["status"], "0x1");
    let child = a.create(2);
    assert_eq!(
        n.ok("eth_getCode", json!([child, "latest"])),
        json!(Bytes::from(fixture_code("probe")))
    );
    assert_eq!(
        n.send(
            Some(child),
            U256::ZERO,
            IProbe::setCall {
                key: U256::from(1),
                value: U256::from(1)
            }
            .abi_encode()
        )["status"],
        "0x1"
    );
    // EIP-1167 clone of a Stylus program: EVM proxy delegatecalls B's WASM on the clone's storage.
    let r = n.send(
        Some(a),
        U256::ZERO,
        IProbe::cloneOfCall { target: b }.abi_encode(),
    );
    assert_eq!(r["status"], "0x1");
    let clone = a.create(3);
    assert_eq!(
        n.send(
            Some(clone),
            U256::ZERO,
            IProbe::setCall {
                key: U256::from(6),
                value: U256::from(66)
            }
            .abi_encode()
        )["status"],
        "0x1"
    );
    assert_eq!(get(clone, 6), U256::from(66));
    assert_eq!(get(b, 6), U256::ZERO);
    // Static call from WASM cannot create.
    let out = n
        .call(
            b,
            IProbe::staticCallRawCall {
                to: a,
                data: IProbe::create1Call {
                    code: tiny.into(),
                    endowment: U256::ZERO,
                }
                .abi_encode()
                .into(),
            }
            .abi_encode(),
        )
        .unwrap();
    assert!(
        !IProbe::staticCallRawCall::abi_decode_returns(dynret(&out))
            .unwrap()
            ._0
    );
}

#[test]
fn activation_rules() {
    let n = start();
    let reject = |wat_src: &str, expect: &str| {
        let wasm = wat::parse_str(wat_src).unwrap();
        let a = n.deploy_code(&stylus_code_from_wasm(&wasm));
        let data = ArbWasm::activateProgramCall { program: a }.abi_encode();
        let e = n
            .rpc(
                "eth_call",
                json!([{"from": n.from, "to": ARB_WASM, "data": Bytes::from(data)}]),
            )
            .unwrap_err();
        assert_eq!(e["code"], 3);
        assert!(e["message"].as_str().unwrap().contains(expect), "{e}");
        assert_eq!(n.activate(a)["status"], "0x0");
    };
    reject(
        r#"(module (import "env" "foo" (func)) (memory (export "memory") 1)
        (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#,
        "not allowed",
    );
    reject(
        r#"(module (table 1 externref) (memory (export "memory") 1)
        (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#,
        "reference",
    );
    reject(
        r#"(module (memory (export "memory") 1)
        (func (export "main") (param i32) (result i32) i32.const 0))"#,
        "user_entrypoint",
    );
    reject(
        r#"(module (memory (export "memory") 1) (memory 1)
        (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#,
        "invalid wasm",
    );
    // EVM code is not a program.
    let r = n.send(None, U256::ZERO, evm_init(&[0x00]));
    let evm = addr(&r["contractAddress"]);
    let e = n
        .call(
            ARB_WASM,
            ArbWasm::activateProgramCall { program: evm }.abi_encode(),
        )
        .unwrap_err();
    assert_eq!(
        e["data"].as_str().unwrap(),
        Bytes::from(ArbWasm::ProgramNotWasm {}.abi_encode()).to_string()
    );
    // A growable memory needs the pay_for_memory_grow import (Nitro inserts calls to it).
    let growable = wat::parse_str(
        r#"(module
        (import "vm_hooks" "write_result" (func $w (param i32 i32)))
        (memory (export "memory") 1)
        (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#,
    )
    .unwrap();
    let a = n.deploy_code(&stylus_code_from_wasm(&growable));
    assert_eq!(n.activate(a)["status"], "0x0");
    // A valid hand-written module (fixed-size memory) activates and runs.
    let ok = wat::parse_str(r#"(module
        (import "vm_hooks" "write_result" (func $w (param i32 i32)))
        (memory (export "memory") 1 1) (data (i32.const 0) "ok")
        (func (export "user_entrypoint") (param i32) (result i32) i32.const 0 i32.const 2 call $w i32.const 0))"#).unwrap();
    let a = n.deploy_code(&stylus_code_from_wasm(&ok));
    assert_eq!(n.activate(a)["status"], "0x1");
    assert_eq!(n.call(a, vec![]).unwrap(), Bytes::from_static(b"ok"));
    // Parameters cargo-stylus reads.
    assert_eq!(
        u32::abi_decode(
            &n.call(ARB_WASM, ArbWasm::inkPriceCall {}.abi_encode())
                .unwrap()
        )
        .unwrap(),
        10_000
    );
    assert_eq!(
        u16::abi_decode(
            &n.call(
                ARB_WASM,
                ArbWasm::programVersionCall { program: a }.abi_encode()
            )
            .unwrap()
        )
        .unwrap(),
        2
    );
    // eth_call with a state override (cargo stylus check's data-fee probe).
    let spoof = Address::repeat_byte(0x55);
    let data = ArbWasm::activateProgramCall { program: spoof }.abi_encode();
    let out = n.ok("eth_call", json!([{"from": Address::repeat_byte(0x66), "to": ARB_WASM, "value": "0xde0b6b3a7640000", "data": Bytes::from(data)}, "latest",
        {spoof.to_string(): {"code": Bytes::from(fixture_code("counter"))}, Address::repeat_byte(0x66).to_string(): {"balance": "0xffffffffffffffffffffffff"}}]));
    let out: Bytes = out.as_str().unwrap().parse().unwrap();
    assert_eq!(
        ArbWasm::activateProgramCall::abi_decode_returns(&out)
            .unwrap()
            .version,
        2
    );
    assert_eq!(n.ok("eth_getCode", json!([spoof, "latest"])), "0x");
}

fn constructor_data(initial: u64) -> Vec<u8> {
    let mut d = keccak256("stylus_constructor()")[..4].to_vec();
    d.extend_from_slice(&U256::from(initial).abi_encode());
    d
}

#[test]
fn stylus_deployer_constructor_events_time_and_snapshots() {
    let n = start();
    let code = fixture_code("counter");
    let call = IDeployer::deployCall {
        bytecode: init_code(&code).into(),
        initData: constructor_data(7).into(),
        initValue: U256::from(3),
        salt: B256::ZERO,
    };
    // The activation data fee must be paid: initValue alone is not enough.
    let e = n
        .rpc(
            "eth_call",
            json!([{"from": n.from, "to": DEPLOYER, "value": "0x3", "data": Bytes::from(call.abi_encode())}, "latest"]),
        )
        .unwrap_err();
    let data: Bytes = e["data"].as_str().unwrap().parse().unwrap();
    let short = ArbWasm::ProgramInsufficientValue::abi_decode(&data).unwrap();
    assert_eq!(short.have, U256::ZERO);
    assert!(short.want > U256::ZERO);
    let one_eth = U256::from(10u64).pow(U256::from(18));
    let balance = |a: Address| {
        n.ok("eth_getBalance", json!([a, "latest"]))
            .as_str()
            .unwrap()
            .parse::<U256>()
            .unwrap()
    };
    let before = balance(n.from);
    let r = n.send(Some(DEPLOYER), U256::from(3) + one_eth, call.abi_encode());
    assert_eq!(r["status"], "0x1", "{r}");
    let logs = r["logs"].as_array().unwrap();
    let activated = logs
        .iter()
        .find(|l| l["address"] == json!(ARB_WASM))
        .expect("activation event");
    let ev = ArbWasm::ProgramActivated::abi_decode_data(
        &activated["data"]
            .as_str()
            .unwrap()
            .parse::<Bytes>()
            .unwrap(),
    )
    .unwrap();
    let fee = ev.2;
    assert_eq!(fee, short.want);
    // Paid: gas, the data fee and initValue; the rest of the value came back.
    let gas = U256::from(u(&r["gasUsed"])) * U256::from(u(&r["effectiveGasPrice"]));
    assert_eq!(before - balance(n.from), gas + fee + U256::from(3));
    let deployed = logs
        .iter()
        .find(|l| l["address"] == json!(DEPLOYER))
        .expect("ContractDeployed");
    assert_eq!(
        deployed["topics"][0],
        json!(IDeployer::ContractDeployed::SIGNATURE_HASH)
    );
    let counter =
        Address::abi_decode(&deployed["data"].as_str().unwrap().parse::<Bytes>().unwrap()).unwrap();
    assert_eq!(counter, DEPLOYER.create(1));
    assert!(
        logs.iter().any(|l| l["address"] == json!(ARB_WASM)),
        "activation event"
    );
    let num = || {
        U256::abi_decode(
            &n.call(counter, ICounter::numberCall {}.abi_encode())
                .unwrap(),
        )
        .unwrap()
    };
    assert_eq!(num(), U256::from(7));
    assert_eq!(
        Address::abi_decode(
            &n.call(counter, ICounter::ownerCall {}.abi_encode())
                .unwrap()
        )
        .unwrap(),
        DEPLOYER
    );
    assert_eq!(n.ok("eth_getBalance", json!([counter, "latest"])), "0x3"); // initValue
    assert_eq!(n.ok("eth_getBalance", json!([DEPLOYER, "latest"])), "0x0");
    // The constructor cannot run twice.
    let r = n.send_gas(Some(counter), U256::ZERO, constructor_data(8), 5_000_000);
    assert_eq!(r["status"], "0x0");
    // Custom errors surface as revert data.
    let e = n
        .call(
            counter,
            ICounter::setNumberCall {
                value: U256::from(1),
            }
            .abi_encode(),
        )
        .unwrap_err();
    assert_eq!(
        e["data"].as_str().unwrap(),
        Bytes::from(ICounter::NotOwner {}.abi_encode()).to_string()
    );
    // CREATE2 path with the salted init data; already activated code skips activation.
    let salt = B256::repeat_byte(1);
    let call = IDeployer::deployCall {
        bytecode: init_code(&code).into(),
        initData: constructor_data(9).into(),
        initValue: U256::ZERO,
        salt,
    };
    let r = n.send(Some(DEPLOYER), U256::ZERO, call.abi_encode());
    assert_eq!(r["status"], "0x1");
    let mut s = salt.to_vec();
    s.extend_from_slice(&constructor_data(9));
    let expected = DEPLOYER.create2(keccak256(&s), keccak256(init_code(&code)));
    assert!(r["logs"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["address"] != json!(ARB_WASM)));
    assert_eq!(
        U256::abi_decode(
            &n.call(expected, ICounter::numberCall {}.abi_encode())
                .unwrap()
        )
        .unwrap(),
        U256::from(9)
    );

    // Events.
    let r = n.send(
        Some(counter),
        U256::ZERO,
        ICounter::incrementCall {}.abi_encode(),
    );
    assert_eq!(
        r["logs"][0]["topics"][0],
        json!(ICounter::Incremented::SIGNATURE_HASH)
    );
    let logs = n.ok("eth_getLogs", json!([{"fromBlock": r["blockNumber"], "toBlock": r["blockNumber"], "topics": [ICounter::Incremented::SIGNATURE_HASH]}]));
    assert_eq!(logs.as_array().unwrap().len(), 1);
    assert_eq!(num(), U256::from(8));

    // Time control.
    let ts = || {
        u64::abi_decode(
            &n.call(counter, ICounter::timestampCall {}.abi_encode())
                .unwrap(),
        )
        .unwrap()
    };
    let t0 = ts();
    n.ok("evm_increaseTime", json!([3600]));
    n.ok("evm_mine", json!([]));
    let head = n.ok("eth_getBlockByNumber", json!(["latest", false]));
    assert!(u(&head["timestamp"]) >= t0 + 3600);
    assert!(ts() >= t0 + 3600);
    let target = u(&head["timestamp"]) + 86_400;
    n.ok("evm_setNextBlockTimestamp", json!([target]));
    let r = n.send(
        Some(counter),
        U256::ZERO,
        ICounter::incrementCall {}.abi_encode(),
    );
    let b = n.ok("eth_getBlockByNumber", json!([r["blockNumber"], false]));
    assert_eq!(u(&b["timestamp"]), target);
    assert!(n.rpc("evm_setNextBlockTimestamp", json!([1])).is_err());

    // Snapshots.
    let id = n.ok("evm_snapshot", json!([]));
    let block = n.ok("eth_blockNumber", json!([]));
    n.send(
        Some(counter),
        U256::ZERO,
        ICounter::incrementCall {}.abi_encode(),
    );
    assert_eq!(num(), U256::from(10));
    assert_eq!(n.ok("evm_revert", json!([id])), true);
    assert_eq!(num(), U256::from(9));
    assert_eq!(n.ok("eth_blockNumber", json!([])), block);
    assert_eq!(n.ok("evm_revert", json!([id])), false);
}

#[test]
fn state_dump_round_trip() {
    let n = start();
    let probe = n.deploy_fixture("probe");
    n.send(
        Some(probe),
        U256::ZERO,
        IProbe::setCall {
            key: U256::from(1),
            value: U256::from(5),
        }
        .abi_encode(),
    );
    let dump: nitro_devnode::chain::StateDump =
        serde_json::from_value(n.ok("nitrodevnode_dumpState", json!([]))).unwrap();
    let text = serde_json::to_string(&dump).unwrap();
    let back: nitro_devnode::chain::StateDump = serde_json::from_str(&text).unwrap();
    let node2 = nitro_devnode::Devnode::builder()
        .port(0)
        .load_state(back)
        .spawn()
        .unwrap();
    let n2 = Node {
        url: node2.url(),
        handle: node2,
        key: n.key.clone(),
        from: n.from,
    };
    // Activation records live in state, so the program runs right away.
    let out = n2
        .call(probe, IProbe::getCall { key: U256::from(1) }.abi_encode())
        .unwrap();
    assert_eq!(U256::abi_decode(&out).unwrap(), U256::from(5));
    assert_eq!(n2.nonce(n.from), n.nonce(n.from));
}

#[test]
fn fragmented_programs_need_arbos_60() {
    // ArbOS 51 has no root programs: an EF F0 02 root is not a Stylus program.
    let n = start();
    let code = fixture_code("probe");
    let mut f = vec![0xEF, 0xF0, 0x01];
    f.extend_from_slice(&code[4..]);
    let frag = n.deploy_code(&f);
    let mut root = vec![0xEF, 0xF0, 0x02, 0x00];
    root.extend_from_slice(&(code.len() as u32).to_be_bytes());
    root.extend_from_slice(frag.as_slice());
    let root = n.deploy_code(&root);
    let e = n
        .call(
            ARB_WASM,
            ArbWasm::activateProgramCall { program: root }.abi_encode(),
        )
        .unwrap_err();
    assert_eq!(
        e["data"].as_str().unwrap(),
        Bytes::from(ArbWasm::ProgramNotWasm {}.abi_encode()).to_string()
    );
}

#[test]
fn fragmented_program_runs_like_arbos_60() {
    let n = start_arbos(60);
    let code = fixture_code("probe");
    let wasm_len = std::fs::metadata(fixtures_dir().join("probe.wasm"))
        .unwrap()
        .len() as u32;
    let stream = &code[4..];
    let (c1, c2) = stream.split_at(stream.len() / 2);
    let frag = |chunk: &[u8]| {
        let mut f = vec![0xEF, 0xF0, 0x01];
        f.extend_from_slice(chunk);
        n.deploy_code(&f)
    };
    let (f1, f2) = (frag(c1), frag(c2));
    let mut root = vec![0xEF, 0xF0, 0x02, 0x00];
    root.extend_from_slice(&wasm_len.to_be_bytes());
    root.extend_from_slice(f1.as_slice());
    root.extend_from_slice(f2.as_slice());
    let program = n.deploy_code(&root);
    assert_eq!(n.activate(program)["status"], "0x1");
    let r = n.send(
        Some(program),
        U256::ZERO,
        IProbe::setCall {
            key: U256::from(1),
            value: U256::from(3),
        }
        .abi_encode(),
    );
    assert_eq!(r["status"], "0x1");
    let out = n
        .call(program, IProbe::getCall { key: U256::from(1) }.abi_encode())
        .unwrap();
    assert_eq!(U256::abi_decode(&out).unwrap(), U256::from(3));
    // A root naming a non-fragment is refused at activation.
    let mut bad = root.clone();
    bad[8..28].copy_from_slice(program.as_slice());
    let bad = n.deploy_code(&bad);
    assert_eq!(n.activate(bad)["status"], "0x0");
}

#[test]
fn http_keep_alive_chunked_expect_and_errors() {
    let n = start();
    let addr = n.url.trim_start_matches("http://").to_string();
    let connect = || connect(&addr, 30);
    // Two requests on one keep-alive connection.
    let mut s = connect();
    for _ in 0..2 {
        let (status, head, body) = exchange(&mut s, &chain_id_request(""));
        assert_eq!(status, 200);
        assert!(head.contains("Connection: keep-alive"), "{head}");
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            (v["id"].clone(), v["result"].clone()),
            (json!(7), json!("0x64aba"))
        );
    }
    // Chunked body announced with Expect: 100-continue (curl does this for large bodies).
    let body = r#"{"jsonrpc":"2.0","id":1,"method":"net_version"}"#;
    let (a, b) = body.split_at(10);
    let raw = format!(
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n{:x}\r\n{a}\r\n{:x}\r\n{b}\r\n0\r\n\r\n",
        a.len(),
        b.len()
    );
    let (status, head, body) = exchange(&mut s, raw.as_bytes());
    assert!(head.starts_with("HTTP/1.1 100 Continue\r\n"), "{head}");
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap()["result"],
        "412346"
    );
    // CORS preflight, then a GET on the same connection; Connection: close is honoured.
    let (status, head, _) = exchange(&mut s, b"OPTIONS / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(status, 204);
    assert!(head.contains("Access-Control-Allow-Origin: *"), "{head}");
    let (status, _, body) = exchange(
        &mut s,
        b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 405);
    assert!(String::from_utf8_lossy(&body).contains("POST"));
    let mut rest = Vec::new();
    use std::io::Read;
    assert_eq!(
        s.read_to_end(&mut rest).unwrap(),
        0,
        "closed after Connection: close"
    );
    // Malformed requests get a status and a closed connection.
    let (status, _, _) = exchange(
        &mut connect(),
        b"POST / HTTP/1.1\r\nContent-Length: nope\r\n\r\n",
    );
    assert_eq!(status, 400);
    // hyper answers an unsupported version with 400.
    let (status, _, _) = exchange(&mut connect(), b"POST / HTTP/3.0\r\n\r\n");
    assert_eq!(status, 400);
}

/// Idle keep-alive connections stay usable and never hold up bursts of new ones.
#[test]
fn http_idle_connections_do_not_block_new_ones() {
    let n = start();
    let addr = n.url.trim_start_matches("http://").to_string();
    let connect = |addr: &str| connect(addr, 30);
    let mut idle: Vec<_> = (0..24).map(|_| connect(&addr)).collect();
    for s in &mut idle {
        assert_eq!(exchange(s, &chain_id_request("")).0, 200);
    }
    for _round in 0..3 {
        let handles: Vec<_> = (0..32)
            .map(|_| {
                let addr = addr.clone();
                std::thread::spawn(move || {
                    let mut s = connect(&addr);
                    (0..3)
                        .map(|_| exchange(&mut s, &chain_id_request("")).0)
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), vec![200, 200, 200]);
        }
    }
    // The idle ones still work.
    for s in &mut idle {
        assert_eq!(exchange(s, &chain_id_request("")).0, 200);
    }
}

/// Clients that open a new connection now and then while keeping the old ones (what pooling
/// HTTP clients do) are served at once. tiny_http, used before, lost a wake-up in this
/// pattern and left the new connection waiting for a pool thread to time out (5-18 s
/// measured). The 4-second client timeout is a liveness bound, three orders of magnitude
/// above the normal latency (milliseconds), not a speed target.
#[test]
fn http_new_connections_beside_idle_ones_are_served() {
    let n = start();
    let addr = n.url.trim_start_matches("http://").to_string();
    let connect = |addr: &str| connect(addr, 4);
    let handles: Vec<_> = (0..12u64)
        .map(|t| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let mut kept = vec![];
                let mut s = connect(&addr);
                for i in 0..40u64 {
                    assert_eq!(exchange(&mut s, &chain_id_request("")).0, 200);
                    if i % 10 == t % 10 {
                        std::thread::sleep(std::time::Duration::from_millis(1500));
                        kept.push(std::mem::replace(&mut s, connect(&addr)));
                    }
                }
                kept.len()
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().expect("a request was not answered"), 4);
    }
}

/// Deploys an EVM contract that logs its first calldata word as the only topic (LOG1).
fn deploy_logger(n: &Node) -> Address {
    let r = n.send(
        None,
        U256::ZERO,
        evm_init(&[0x60, 0x00, 0x35, 0x60, 0x00, 0x60, 0x00, 0xa1, 0x00]),
    );
    addr(&r["contractAddress"])
}

#[test]
fn polling_filters_report_new_blocks_and_logs() {
    let n = start();
    let logger = deploy_logger(&n);
    let (t1, t2) = (B256::repeat_byte(1), B256::repeat_byte(2));
    let log_tx = |topic: B256| n.send(Some(logger), U256::ZERO, topic.to_vec());

    let blocks = n.ok("eth_newBlockFilter", json!([]));
    let pending = n.ok("eth_newPendingTransactionFilter", json!([]));
    let only_t1 = n.ok(
        "eth_newFilter",
        json!([{"address": logger, "topics": [t1]}]),
    );
    let from_start = n.ok(
        "eth_newFilter",
        json!([{"fromBlock": "0x0", "address": logger}]),
    );
    assert_ne!(blocks, pending);
    assert_eq!(n.ok("eth_getFilterChanges", json!([blocks])), json!([]));

    let r1 = log_tx(t1);
    let r2 = log_tx(t2);
    let changes = n.ok("eth_getFilterChanges", json!([blocks]));
    assert_eq!(changes, json!([r1["blockHash"], r2["blockHash"]]));
    assert_eq!(
        n.ok("eth_getFilterChanges", json!([blocks])),
        json!([]),
        "reported once"
    );
    assert_eq!(n.ok("eth_getFilterChanges", json!([pending])), json!([]));
    let logs = n.ok("eth_getFilterChanges", json!([only_t1]));
    assert_eq!(logs.as_array().unwrap().len(), 1);
    assert_eq!(logs[0]["topics"], json!([t1]));
    assert_eq!(logs[0]["transactionHash"], r1["transactionHash"]);
    assert_eq!(n.ok("eth_getFilterChanges", json!([only_t1])), json!([]));
    // eth_getFilterLogs: everything in the filter's range, polled or not.
    let all = n.ok("eth_getFilterLogs", json!([from_start]));
    assert_eq!(all.as_array().unwrap().len(), 2);
    // As geth, a filter without fromBlock ranges over the latest block only (the t2 log).
    assert_eq!(n.ok("eth_getFilterLogs", json!([only_t1])), json!([]));
    let e = n.rpc("eth_getFilterLogs", json!([blocks])).unwrap_err();
    assert_eq!(
        e["message"], "filter not found",
        "block filters have no logs"
    );

    // A revert below the filter's position: the next poll starts at the new head.
    let snap = n.ok("evm_snapshot", json!([]));
    log_tx(t1);
    assert_eq!(n.ok("evm_revert", json!([snap])), true);
    let r3 = log_tx(t1);
    let logs = n.ok("eth_getFilterChanges", json!([only_t1]));
    assert_eq!(logs.as_array().unwrap().len(), 1);
    assert_eq!(logs[0]["transactionHash"], r3["transactionHash"]);

    assert_eq!(n.ok("eth_uninstallFilter", json!([only_t1])), true);
    assert_eq!(n.ok("eth_uninstallFilter", json!([only_t1])), false);
    let e = n.rpc("eth_getFilterChanges", json!([only_t1])).unwrap_err();
    assert_eq!(
        (e["code"].clone(), e["message"].clone()),
        (json!(-32000), json!("filter not found"))
    );
    assert_eq!(
        n.rpc("eth_getFilterChanges", json!(["zz"])).unwrap_err()["code"],
        -32602
    );
}

#[test]
fn state_queries_at_an_older_block_read_that_blocks_state() {
    let n = start();
    let before_deploy = n.ok("eth_blockNumber", json!([]));
    let probe = n.deploy_fixture("probe");
    let set = |v: u64| {
        let r = n.send(
            Some(probe),
            U256::ZERO,
            IProbe::setCall {
                key: U256::from(1),
                value: U256::from(v),
            }
            .abi_encode(),
        );
        assert_eq!(r["status"], "0x1");
        r["blockNumber"].clone()
    };
    let get_at = |block: &Value| {
        let out = n.ok(
            "eth_call",
            json!([{"to": probe, "data": Bytes::from(IProbe::getCall { key: U256::from(1) }.abi_encode())}, block]),
        );
        U256::abi_decode(&out.as_str().unwrap().parse::<Bytes>().unwrap()).unwrap()
    };
    let a = set(5);
    let b = set(7);
    assert_eq!(get_at(&a), U256::from(5));
    assert_eq!(get_at(&b), U256::from(7));
    assert_eq!(get_at(&json!("latest")), U256::from(7));
    // Code, nonce and balance at older blocks.
    assert_eq!(n.ok("eth_getCode", json!([probe, before_deploy])), "0x");
    assert_ne!(n.ok("eth_getCode", json!([probe, a])), "0x");
    assert_eq!(
        u(&n.ok("eth_getTransactionCount", json!([n.from, b])))
            - u(&n.ok("eth_getTransactionCount", json!([n.from, a]))),
        1
    );
    let to = Address::repeat_byte(0x42);
    let r = n.send(Some(to), U256::from(9), vec![]);
    let paid = r["blockNumber"].clone();
    assert_eq!(n.ok("eth_getBalance", json!([to, b])), "0x0");
    assert_eq!(n.ok("eth_getBalance", json!([to, paid])), "0x9");
    // A balance set between blocks shows at the head only.
    n.ok("anvil_setBalance", json!([to, "0x64"]));
    assert_eq!(n.ok("eth_getBalance", json!([to, "latest"])), "0x64");
    assert_eq!(n.ok("eth_getBalance", json!([to, b])), "0x0");
    // Storage: an EVM contract that stores its first calldata word in slot 0.
    let r = n.send(
        None,
        U256::ZERO,
        evm_init(&[0x60, 0x00, 0x35, 0x60, 0x00, 0x55, 0x00]),
    );
    let store = addr(&r["contractAddress"]);
    let word = |v: u64| B256::from(U256::from(v)).to_vec();
    let s1 = n.send(Some(store), U256::ZERO, word(1))["blockNumber"].clone();
    let s2 = n.send(Some(store), U256::ZERO, word(2))["blockNumber"].clone();
    let slot0 = |block: &Value| n.ok("eth_getStorageAt", json!([store, "0x0", block]));
    assert_eq!(slot0(&s1), json!(B256::from(U256::from(1))));
    assert_eq!(slot0(&s2), json!(B256::from(U256::from(2))));
    assert_eq!(slot0(&r["blockNumber"]), json!(B256::ZERO));
    // After a revert the history is the reverted chain's.
    let snap = n.ok("evm_snapshot", json!([]));
    let c = set(11);
    assert_eq!(get_at(&c), U256::from(11));
    assert_eq!(n.ok("evm_revert", json!([snap])), true);
    assert_eq!(get_at(&json!("latest")), U256::from(7));
    assert_eq!(get_at(&a), U256::from(5));
    // Beyond the head: unknown block.
    assert_eq!(
        n.rpc("eth_getBalance", json!([to, "0xffff"])).unwrap_err()["message"],
        "header not found"
    );
}

#[test]
fn websocket_requests_and_subscriptions() {
    let n = start();
    let host = n.url.trim_start_matches("http://").to_string();
    let mut ws = Ws::connect(&host);
    assert_eq!(ws.rpc("eth_chainId", json!([]))["result"], "0x64aba");
    // Batches work as over HTTP.
    ws.send(1, br#"[{"jsonrpc":"2.0","id":"a","method":"net_version"},{"jsonrpc":"2.0","id":"b","method":"eth_blockNumber"}]"#);
    let batch = ws.message();
    assert_eq!(batch.as_array().unwrap().len(), 2);

    // newHeads: one notification per new block, with the block.
    let heads = ws.rpc("eth_subscribe", json!(["newHeads"]))["result"].clone();
    let r = n.send(Some(Address::repeat_byte(0x42)), U256::from(1), vec![]);
    let note = ws.message();
    assert_eq!(note["method"], "eth_subscription");
    assert_eq!(note["params"]["subscription"], heads);
    assert_eq!(note["params"]["result"]["hash"], r["blockHash"]);
    assert_eq!(note["params"]["result"]["number"], r["blockNumber"]);
    assert_eq!(ws.rpc("eth_unsubscribe", json!([heads]))["result"], true);
    assert_eq!(ws.rpc("eth_unsubscribe", json!([heads]))["result"], false);

    // logs: only the matching ones.
    let logger = deploy_logger(&n);
    let (t1, t2) = (B256::repeat_byte(1), B256::repeat_byte(2));
    let logs = ws.rpc(
        "eth_subscribe",
        json!(["logs", {"address": logger, "topics": [t1]}]),
    )["result"]
        .clone();
    n.send(Some(logger), U256::ZERO, t2.to_vec());
    let r1 = n.send(Some(logger), U256::ZERO, t1.to_vec());
    let note = ws.message();
    assert_eq!(note["params"]["subscription"], logs);
    assert_eq!(note["params"]["result"]["topics"], json!([t1]));
    assert_eq!(
        note["params"]["result"]["transactionHash"],
        r1["transactionHash"]
    );

    // Bad input and control frames.
    let e = ws.rpc("eth_subscribe", json!(["syncing"]));
    assert_eq!(e["error"]["code"], -32602);
    ws.send(0x9, b"hi");
    assert_eq!(ws.recv(), (0xA, b"hi".to_vec()));
    ws.send(0x8, &[]);
    assert_eq!(ws.recv().0, 0x8);
    // The node still serves HTTP.
    assert_eq!(n.ok("eth_chainId", json!([])), "0x64aba");
}
