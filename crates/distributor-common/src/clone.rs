//! One distributor per pool on Stylus: the factories deploy EIP-1167 minimal proxies of one
//! activated distributor implementation (a Stylus contract cannot carry another program's
//! code) and initialise each clone in the same transaction by calling its Stylus constructor
//! (`stylus_constructor()` selector). The constructor guard lives in the clone's storage, so
//! each clone is initialised exactly once.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use alloy_sol_types::{sol_data, SolType};
use stylus_sdk::abi::CONSTRUCTOR_SELECTOR;

/// Length of the EIP-1167 init code.
pub const CLONE_INIT_CODE_LEN: usize = 55;

/// EIP-1167 init code of a minimal proxy delegating every call to `implementation`:
/// `3d602d80600a3d3981f3` (returns the 45-byte runtime) ++ `363d3d373d3d3d363d73` ++
/// implementation ++ `5af43d82803e903d91602b57fd5bf3`.
pub fn clone_init_code(implementation: Address) -> [u8; CLONE_INIT_CODE_LEN] {
    const HEAD: [u8; 20] = [
        0x3d, 0x60, 0x2d, 0x80, 0x60, 0x0a, 0x3d, 0x39, 0x81,
        0xf3, // creation: copy + return runtime
        0x36, 0x3d, 0x3d, 0x37, 0x3d, 0x3d, 0x3d, 0x36, 0x3d,
        0x73, // runtime: calldatacopy, push20
    ];
    const TAIL: [u8; 15] = [
        0x5a, 0xf4, 0x3d, 0x82, 0x80, 0x3e, 0x90, 0x3d, 0x91, 0x60, 0x2b, 0x57, 0xfd, 0x5b, 0xf3,
    ];
    let mut code = [0u8; CLONE_INIT_CODE_LEN];
    code[..20].copy_from_slice(&HEAD);
    code[20..40].copy_from_slice(implementation.as_slice());
    code[40..].copy_from_slice(&TAIL);
    code
}

/// What a distributor clone is initialised with (the distributors' constructor arguments).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DistributorInit {
    /// The pool contract (gets COMPUTE_POOL_ROLE).
    pub compute_pool: Address,
    /// The registry the distributor reads providers and compute units from.
    pub compute_registry: Address,
    /// The pool's id.
    pub pool_id: U256,
    /// The token rewards are paid in (the reference asks the pool for it).
    pub reward_token: Address,
    /// Gets REWARDS_MANAGER_ROLE (the reference asks PrimeNetwork for its federator).
    pub rewards_manager: Address,
    /// Gets DEFAULT_ADMIN_ROLE (the reference: msg.sender, i.e. the factory).
    pub admin: Address,
}

type InitArgs = (
    sol_data::Address,
    sol_data::Address,
    sol_data::Uint<256>,
    sol_data::Address,
    sol_data::Address,
    sol_data::Address,
);

impl DistributorInit {
    /// Calldata of the clone's constructor call: the `stylus_constructor()` selector followed
    /// by the ABI-encoded constructor arguments (what the SDK's router decodes).
    pub fn constructor_calldata(&self) -> Vec<u8> {
        prime_common::interfaces::constructor_calldata(&[
            self.compute_pool.into(),
            self.compute_registry.into(),
            self.pool_id.into(),
            self.reward_token.into(),
            self.rewards_manager.into(),
            self.admin.into(),
        ])
    }

    /// Decodes [`Self::constructor_calldata`] (tests and tooling).
    pub fn decode(calldata: &[u8]) -> Option<Self> {
        let args = calldata.strip_prefix(&CONSTRUCTOR_SELECTOR.to_be_bytes())?;
        let (compute_pool, compute_registry, pool_id, reward_token, rewards_manager, admin) =
            InitArgs::abi_decode_params(args, true).ok()?;
        Some(Self {
            compute_pool,
            compute_registry,
            pool_id,
            reward_token,
            rewards_manager,
            admin,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{address, hex, keccak256};

    #[test]
    fn init_code_is_the_eip1167_minimal_proxy() {
        let implementation = address!("bebebebebebebebebebebebebebebebebebebebe");
        let code = clone_init_code(implementation);
        // The canonical EIP-1167 init code (as in OpenZeppelin's Clones.sol).
        let want = hex!(
            "3d602d80600a3d3981f3363d3d373d3d3d363d73"
            "bebebebebebebebebebebebebebebebebebebebe"
            "5af43d82803e903d91602b57fd5bf3"
        );
        assert_eq!(code, want);
        // The creation part returns the 45-byte runtime that starts at offset 10.
        assert_eq!(code[1..3], [0x60, 0x2d]);
        assert_eq!(code.len() - 10, 45);
    }

    #[test]
    fn constructor_calldata_round_trips() {
        let init = DistributorInit {
            compute_pool: address!("00000000000000000000000000000000000000a1"),
            compute_registry: address!("00000000000000000000000000000000000000a2"),
            pool_id: U256::from(7),
            reward_token: address!("00000000000000000000000000000000000000a3"),
            rewards_manager: address!("00000000000000000000000000000000000000a4"),
            admin: address!("00000000000000000000000000000000000000a5"),
        };
        let data = init.constructor_calldata();
        assert_eq!(data.len(), 4 + 6 * 32);
        // The SDK routes `stylus_constructor()` (no argument types in the selector).
        assert_eq!(data[..4], keccak256(b"stylus_constructor()")[..4]);
        assert_eq!(U256::from_be_slice(&data[4 + 64..4 + 96]), U256::from(7));
        assert_eq!(DistributorInit::decode(&data), Some(init));
        // The same bytes as alloy's encoding of the arguments.
        assert_eq!(
            data[4..],
            InitArgs::abi_encode_params(&(
                init.compute_pool,
                init.compute_registry,
                init.pool_id,
                init.reward_token,
                init.rewards_manager,
                init.admin,
            ))[..]
        );
        assert_eq!(DistributorInit::decode(&data[1..]), None);
    }
}
