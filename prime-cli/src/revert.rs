//! Revert decoding: `Error(string)`, `Panic(uint256)`, the StylusDeployer and ArbWasm errors
//! (with the init error's inner data decoded recursively) and every custom error of the
//! release ABIs (`release/abi/`, embedded) and of the reference ABIs (plus those of another
//! ABI directory, when given).

use std::{collections::HashMap, path::Path};

use alloy::{
    dyn_abi::{DynSolValue, JsonAbiExt},
    json_abi::{Error as AbiError, JsonAbi},
    primitives::{hex, Bytes, U256},
    sol_types::{SolError, SolInterface},
};

use crate::abi::{ArbWasm::ArbWasmErrors, IStylusDeployer, REFERENCE_ABIS, RELEASE_ABIS};

/// Decodes revert data into a readable reason.
#[derive(Clone, Debug, Default)]
pub struct RevertDecoder {
    errors: HashMap<[u8; 4], AbiError>,
}

impl RevertDecoder {
    /// A decoder that knows the errors of the release and reference ABIs.
    pub fn new() -> Self {
        let mut d = Self::default();
        for (_, json) in RELEASE_ABIS.iter().chain(REFERENCE_ABIS) {
            if let Ok(abi) = serde_json::from_str::<JsonAbi>(json) {
                d.add_abi(&abi);
            }
        }
        d
    }

    /// Also learns the errors of every `*.json` ABI array in `dir` (e.g. `release/abi`);
    /// unreadable files are ignored.
    pub fn with_abi_dir(mut self, dir: &Path) -> Self {
        if let Ok(rd) = std::fs::read_dir(dir) {
            for e in rd.flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "json") {
                    if let Ok(abi) = std::fs::read_to_string(&p)
                        .map_err(|e| e.to_string())
                        .and_then(|s| {
                            serde_json::from_str::<JsonAbi>(&s).map_err(|e| e.to_string())
                        })
                    {
                        self.add_abi(&abi);
                    }
                }
            }
        }
        self
    }

    fn add_abi(&mut self, abi: &JsonAbi) {
        for e in abi.errors() {
            self.errors
                .entry(e.selector().0)
                .or_insert_with(|| e.clone());
        }
    }

    /// A readable reason, e.g. `Error("Insufficient stake")`,
    /// `AccessControlUnauthorizedAccount(0x…, 0x…)`, `Panic(0x11: arithmetic overflow)`.
    pub fn decode(&self, data: &[u8]) -> String {
        if data.is_empty() {
            return "reverted without data".into();
        }
        if let Some(s) = revert_string(data) {
            return format!("Error({s:?})");
        }
        if data.len() >= 4 && data[..4] == [0x4e, 0x48, 0x7b, 0x71] && data.len() == 36 {
            let code = U256::from_be_slice(&data[4..36]);
            return format!("Panic({:#x}: {})", code, panic_reason(code));
        }
        if let Ok(e) = IStylusDeployer::ContractInitializationError::abi_decode(data) {
            return format!(
                "StylusDeployer: constructor of {} reverted: {}",
                e.newContract,
                self.decode(&e.data)
            );
        }
        if IStylusDeployer::ContractDeploymentError::abi_decode(data).is_ok() {
            return "StylusDeployer: ContractDeploymentError (CREATE of the init code failed)"
                .into();
        }
        if let Ok(e) = IStylusDeployer::IStylusDeployerErrors::abi_decode(data) {
            return format!("StylusDeployer: {e:?}");
        }
        if let Ok(e) = ArbWasmErrors::abi_decode(data) {
            return format!("ArbWasm: {e:?}");
        }
        if data.len() >= 4 {
            let sel: [u8; 4] = data[..4].try_into().unwrap();
            if let Some(err) = self.errors.get(&sel) {
                if let Ok(vals) = err.abi_decode_input(&data[4..]) {
                    let args: Vec<String> = vals.iter().map(fmt_value).collect();
                    return format!("{}({})", err.name, args.join(", "));
                }
                return format!(
                    "{}(<undecodable args 0x{}>)",
                    err.name,
                    hex::encode(&data[4..])
                );
            }
        }
        format!("unknown revert data 0x{}", hex::encode(data))
    }
}

/// The string of an `Error(string)` revert.
pub fn revert_string(data: &[u8]) -> Option<String> {
    alloy::sol_types::Revert::abi_decode(data)
        .ok()
        .map(|r| r.reason)
}

fn panic_reason(code: U256) -> &'static str {
    match code.to::<u64>() {
        0x01 => "assertion failed",
        0x11 => "arithmetic overflow or underflow",
        0x12 => "division by zero",
        0x21 => "invalid enum value",
        0x31 => "pop on empty array",
        0x32 => "array index out of bounds",
        0x41 => "out of memory",
        0x51 => "uninitialized function",
        _ => "panic",
    }
}

/// Formats a decoded ABI value compactly.
pub fn fmt_value(v: &DynSolValue) -> String {
    match v {
        DynSolValue::Address(a) => a.to_string(),
        DynSolValue::Bool(b) => b.to_string(),
        DynSolValue::Uint(u, _) => u.to_string(),
        DynSolValue::Int(i, _) => i.to_string(),
        DynSolValue::FixedBytes(w, n) => format!("0x{}", hex::encode(&w[..*n])),
        DynSolValue::Bytes(b) => format!("0x{}", hex::encode(b)),
        DynSolValue::String(s) => format!("{s:?}"),
        DynSolValue::Array(xs) | DynSolValue::FixedArray(xs) => {
            format!(
                "[{}]",
                xs.iter().map(fmt_value).collect::<Vec<_>>().join(", ")
            )
        }
        DynSolValue::Tuple(xs) => {
            format!(
                "({})",
                xs.iter().map(fmt_value).collect::<Vec<_>>().join(", ")
            )
        }
        other => format!("{other:?}"),
    }
}

/// Revert data carried by an RPC error (`eth_call`/`eth_estimateGas` code 3 with `data`).
pub fn revert_data_of_transport(err: &alloy::transports::TransportError) -> Option<Bytes> {
    err.as_error_resp().and_then(|p| p.as_revert_data())
}

/// Revert data carried by a contract-call error.
pub fn revert_data_of(err: &alloy::contract::Error) -> Option<Bytes> {
    err.as_revert_data()
}
