//! `ArbWasm.programInitGas` of every protocol program equals Nitro's formula (nitro-metering.md
//! §5) on its module, counted here independently of activation: a plain walk over the
//! module's sections, as `shared/tools/nitro-entry-cost.py` does. The programs are the
//! contract build's `target/stylus/*.wasm` (scripts/test.sh builds them first).

mod common;

use alloy_primitives::Address;
use alloy_sol_types::{sol, SolCall, SolValue};
use common::*;
use std::path::Path;
use wasmparser::{Parser, Payload, TypeRef};

sol! {
    function programInitGas(address program) external view returns (uint64 gas, uint64 gasWhenCached);
}

/// (F, T, W, G, D, P) of a module: local functions, their params + results, bytes, globals
/// including the 4 that instrumentation adds, data and element section bytes without the
/// count prefix, initial pages.
fn counts(wasm: &[u8]) -> [u64; 6] {
    let mut types: Vec<u64> = Vec::new();
    let (mut f, mut t, mut g, mut d, mut p) = (0u64, 0u64, 4u64, 0u64, 0u64);
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.unwrap() {
            Payload::TypeSection(r) => {
                for ty in r.into_iter_err_on_gc_types() {
                    let ty = ty.unwrap();
                    types.push((ty.params().len() + ty.results().len()) as u64);
                }
            }
            Payload::ImportSection(r) => {
                for i in r {
                    assert!(matches!(i.unwrap().ty, TypeRef::Func(_)));
                }
            }
            Payload::FunctionSection(r) => {
                for ty in r {
                    f += 1;
                    t += types[ty.unwrap() as usize];
                }
            }
            Payload::GlobalSection(r) => g += r.count() as u64,
            Payload::MemorySection(r) => {
                for m in r {
                    p = m.unwrap().initial;
                }
            }
            Payload::DataSection(r) => d += (r.range().end - r.original_position()) as u64,
            Payload::ElementSection(r) => d += (r.range().end - r.original_position()) as u64,
            _ => {}
        }
    }
    [f, t, wasm.len() as u64, g, d, p]
}

/// 9,184 + initCost + cachedCost uncached, 352 + cachedCost cached.
fn entry_gas(wasm: &[u8]) -> (u64, u64) {
    let [f, t, w, g, d, p] = counts(wasm);
    let cached = 13_420 * f / 100_000
        + 89 * t / 100_000
        + 122 * w / 100_000
        + 1_628 * g / 1_000
        + 75_244 * d / 100_000
        + 5 * p;
    let init = 8_252 * f / 1_000 + 1_059 * t / 1_000 + 1_286 * w / 10_000;
    (9_184 + init + cached, 352 + cached)
}

#[test]
fn program_init_gas_of_every_protocol_program_follows_the_formula() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/stylus");
    let mut programs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e} (run scripts/build-contracts.sh)", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "wasm"))
        .collect();
    programs.sort();
    assert!(
        programs.len() >= 12,
        "protocol programs in {}",
        dir.display()
    );
    let n = start();
    for path in programs {
        let wasm = std::fs::read(&path).unwrap();
        let code = std::fs::read(path.with_extension("code")).unwrap();
        let program: Address = n.deploy_code(&code);
        let init_gas = || n.call(ARB_WASM, programInitGasCall { program }.abi_encode());
        // Programs built from the same code share one activation.
        if init_gas().is_err() {
            let r = n.activate(program);
            assert_eq!(r["status"], "0x1", "{}: {r}", path.display());
        }
        let out = init_gas().unwrap();
        let got = <(u64, u64)>::abi_decode_params(&out).unwrap();
        assert_eq!(got, entry_gas(&wasm), "{}", path.display());
    }
}
