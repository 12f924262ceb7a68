//! The `vm_hooks` import table: every host function Nitro exports, with its WASM signature (§6.2).

/// A WASM value type of a hostio parameter or result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    I32,
    I64,
}

use Ty::{I32, I64};

/// (name, params, results) of each `vm_hooks` function.
pub const HOSTIOS: &[(&str, &[Ty], &[Ty])] = &[
    ("read_args", &[I32], &[]),
    ("write_result", &[I32, I32], &[]),
    ("exit_early", &[I32], &[]),
    ("storage_load_bytes32", &[I32, I32], &[]),
    ("storage_cache_bytes32", &[I32, I32], &[]),
    ("storage_flush_cache", &[I32], &[]),
    ("transient_load_bytes32", &[I32, I32], &[]),
    ("transient_store_bytes32", &[I32, I32], &[]),
    ("call_contract", &[I32, I32, I32, I32, I64, I32], &[I32]),
    ("delegate_call_contract", &[I32, I32, I32, I64, I32], &[I32]),
    ("static_call_contract", &[I32, I32, I32, I64, I32], &[I32]),
    ("create1", &[I32, I32, I32, I32, I32], &[]),
    ("create2", &[I32, I32, I32, I32, I32, I32], &[]),
    ("read_return_data", &[I32, I32, I32], &[I32]),
    ("return_data_size", &[], &[I32]),
    ("emit_log", &[I32, I32, I32], &[]),
    ("account_balance", &[I32, I32], &[]),
    ("account_code", &[I32, I32, I32, I32], &[I32]),
    ("account_code_size", &[I32], &[I32]),
    ("account_codehash", &[I32, I32], &[]),
    ("evm_gas_left", &[], &[I64]),
    ("evm_ink_left", &[], &[I64]),
    ("block_basefee", &[I32], &[]),
    ("chainid", &[], &[I64]),
    ("block_coinbase", &[I32], &[]),
    ("block_gas_limit", &[], &[I64]),
    ("block_number", &[], &[I64]),
    ("block_timestamp", &[], &[I64]),
    ("contract_address", &[I32], &[]),
    ("math_div", &[I32, I32], &[]),
    ("math_mod", &[I32, I32], &[]),
    ("math_pow", &[I32, I32], &[]),
    ("math_add_mod", &[I32, I32, I32], &[]),
    ("math_mul_mod", &[I32, I32, I32], &[]),
    ("msg_reentrant", &[], &[I32]),
    ("msg_sender", &[I32], &[]),
    ("msg_value", &[I32], &[]),
    ("native_keccak256", &[I32, I32, I32], &[]),
    ("tx_gas_price", &[I32], &[]),
    ("tx_ink_price", &[], &[I32]),
    ("tx_origin", &[I32], &[]),
    ("pay_for_memory_grow", &[I32], &[]),
];

/// Signature of a `vm_hooks` function, if Nitro exports one with that name.
pub fn signature(name: &str) -> Option<(&'static [Ty], &'static [Ty])> {
    HOSTIOS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, p, r)| (*p, *r))
}

#[cfg(test)]
mod tests {
    #[test]
    fn nitro_exports_42_hostios() {
        assert_eq!(super::HOSTIOS.len(), 42);
    }
}
