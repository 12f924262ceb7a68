//! The front program's router: constructor, roles, views and work submission; everything
//! else is forwarded with `delegatecall` to the membership or the admin facet.

use alloc::{vec, vec::Vec};

use alloy_primitives::{aliases::B32, Address, B256, U256};
use alloy_sol_types::{sol_data, SolType};
use prime_common::roles::{DEFAULT_ADMIN_ROLE, FEDERATOR_ROLE, PRIME_ROLE};
#[cfg(not(test))]
#[allow(deprecated)]
use stylus_sdk::call::{delegate_call, Call};
use stylus_sdk::{abi::Bytes, prelude::*, stylus_core::storage::TopLevelStorage, ArbResult};

use crate::{PoolInfo, PoolStorage};

/// `pools(uint256)`: served by the fallback (the SDK would wrap a tuple return in an
/// offset); ABI-listed in compute-pool's `abi::DECLARATIONS`.
pub const POOLS: u32 = 0xac4afa38;
/// `getComputePool(uint256)`: served by the fallback (see [`POOLS`]).
pub const GET_COMPUTE_POOL: u32 = 0x2296ce37;

/// The selectors served by the membership facet (joins, leaves, pool changes); every other
/// unknown selector goes to the admin facet.
pub const MEMBERSHIP_SELECTORS: [u32; 5] = [
    0xca491172, // joinComputePool (single)
    0xc21e4ed6, // joinComputePool (batch)
    0x3ff98fb6, // leaveComputePool (single)
    0x294a5c81, // leaveComputePool (batch)
    0x40b8d24b, // changeComputePool
];

type PoolInfoSol = (
    sol_data::Uint<256>,
    sol_data::Uint<256>,
    sol_data::String,
    sol_data::Address,
    sol_data::Address,
    sol_data::Uint<256>,
    sol_data::Uint<256>,
    sol_data::Uint<256>,
    sol_data::String,
    sol_data::Address,
    sol_data::Uint<256>,
    sol_data::Uint<256>,
    sol_data::Uint<8>,
);

/// `pools(id)` output: the 13 fields as separate return values.
pub fn encode_pools(info: &PoolInfo) -> Vec<u8> {
    PoolInfoSol::abi_encode_params(info)
}

/// `getComputePool(id)` output: one `PoolInfo` struct.
pub fn encode_get_compute_pool(info: &PoolInfo) -> Vec<u8> {
    PoolInfoSol::abi_encode(info)
}

/// The ComputePool address's front program.
#[storage]
pub struct ComputePool {
    /// The whole state (shared layout with the admin facet).
    pub s: PoolStorage,
}

// SAFETY: the router type of a program whose only field is the whole state.
unsafe impl TopLevelStorage for ComputePool {}

impl ComputePool {
    #[cfg(not(test))]
    fn forward(&mut self, membership: bool, calldata: &[u8]) -> ArbResult {
        let facet = if membership {
            self.s.membership_facet.get()
        } else {
            self.s.admin_facet.get()
        };
        // SAFETY: the facets are this contract's own code, compiled from the same storage
        // definition; the storage cache is flushed and cleared around the call.
        #[allow(deprecated)]
        unsafe {
            delegate_call(Call::new_in(self), facet, calldata).map_err(Into::into)
        }
    }

    /// Under motsu a `delegatecall` runs the callee on the callee's own storage, so unit
    /// tests run the facet's router directly on the front's storage instead: the same code,
    /// storage, address and `msg.sender` as the on-chain delegatecall. The delegatecall
    /// itself is left to the end-to-end suite.
    #[cfg(test)]
    fn forward(&mut self, membership: bool, calldata: &[u8]) -> ArbResult {
        let host = self.__stylus_host.clone();
        if membership {
            stylus_sdk::abi::router_entrypoint::<
                crate::ComputePoolMembership,
                crate::ComputePoolMembership,
            >(calldata.to_vec(), host)
        } else {
            stylus_sdk::abi::router_entrypoint::<crate::ComputePoolAdmin, crate::ComputePoolAdmin>(
                calldata.to_vec(),
                host,
            )
        }
    }
}

#[public]
impl ComputePool {
    /// `constructor(_primeAdmin, _domainRegistry, _computeRegistry, _rewardsDistributorFactory,
    /// _AIToken)` plus the addresses of the two facets (activated `compute-pool-admin` and
    /// `compute-pool-membership` programs).
    #[constructor]
    #[allow(clippy::too_many_arguments)]
    pub fn constructor(
        &mut self,
        prime_admin: Address,
        domain_registry: Address,
        compute_registry: Address,
        rewards_distributor_factory: Address,
        ai_token: Address,
        admin_facet: Address,
        membership_facet: Address,
    ) -> Result<(), Vec<u8>> {
        let facets = (admin_facet, membership_facet);
        self.s.init(
            prime_admin,
            domain_registry,
            compute_registry,
            rewards_distributor_factory,
            ai_token,
            facets,
        )
    }

    /// Serves `pools` and `getComputePool`; forwards every other selector to the admin facet.
    #[fallback]
    pub fn fallback(&mut self, calldata: &[u8]) -> ArbResult {
        let selector = match calldata {
            [a, b, c, d, ..] => u32::from_be_bytes([*a, *b, *c, *d]),
            _ => 0,
        };
        if selector == POOLS || selector == GET_COMPUTE_POOL {
            let id = crate::abi::word(&calldata[4..], 0)?;
            let info = self.s.pool_info(id);
            return Ok(if selector == POOLS {
                encode_pools(&info)
            } else {
                encode_get_compute_pool(&info)
            });
        }
        self.forward(MEMBERSHIP_SELECTORS.contains(&selector), calldata)
    }

    // ----- role constants and getters -----

    /// `DEFAULT_ADMIN_ROLE()`.
    #[selector(name = "DEFAULT_ADMIN_ROLE")]
    pub fn default_admin_role(&self) -> B256 {
        DEFAULT_ADMIN_ROLE.into()
    }

    /// `PRIME_ROLE()`.
    #[selector(name = "PRIME_ROLE")]
    pub fn prime_role(&self) -> B256 {
        PRIME_ROLE.into()
    }

    /// `FEDERATOR_ROLE()`.
    #[selector(name = "FEDERATOR_ROLE")]
    pub fn federator_role(&self) -> B256 {
        FEDERATOR_ROLE.into()
    }

    /// `AIToken()`.
    #[selector(name = "AIToken")]
    pub fn ai_token(&self) -> Address {
        self.s.ai_token.get()
    }

    /// `getRewardToken()` (= `AIToken()`).
    pub fn get_reward_token(&self) -> Address {
        self.s.ai_token.get()
    }

    /// `computeRegistry()`.
    pub fn compute_registry(&self) -> Address {
        self.s.compute_registry.get()
    }

    /// `domainRegistry()`.
    pub fn domain_registry(&self) -> Address {
        self.s.domain_registry.get()
    }

    /// `rewardsDistributorFactory()`.
    pub fn rewards_distributor_factory(&self) -> Address {
        self.s.factory.get()
    }

    /// `poolIdCounter()`.
    pub fn pool_id_counter(&self) -> U256 {
        self.s.pool_id_counter.get()
    }

    // ----- AccessControlEnumerable -----

    /// `hasRole`.
    pub fn has_role(&self, role: B256, account: Address) -> bool {
        self.s.has_role(role, account)
    }

    /// `getRoleAdmin`.
    pub fn get_role_admin(&self, role: B256) -> B256 {
        self.s.get_role_admin(role)
    }

    /// `grantRole`.
    pub fn grant_role(&mut self, role: B256, account: Address) -> Result<(), Vec<u8>> {
        self.s.grant_role(role, account)
    }

    /// `revokeRole`.
    pub fn revoke_role(&mut self, role: B256, account: Address) -> Result<(), Vec<u8>> {
        self.s.revoke_role(role, account)
    }

    /// `renounceRole`.
    pub fn renounce_role(
        &mut self,
        role: B256,
        caller_confirmation: Address,
    ) -> Result<(), Vec<u8>> {
        self.s.renounce_role(role, caller_confirmation)
    }

    /// `getRoleMember`.
    pub fn get_role_member(&self, role: B256, index: U256) -> Result<Address, Vec<u8>> {
        self.s.get_role_member(role, index)
    }

    /// `getRoleMemberCount`.
    pub fn get_role_member_count(&self, role: B256) -> U256 {
        self.s.get_role_member_count(role)
    }

    /// `getRoleMembers`.
    pub fn get_role_members(&self, role: B256) -> Vec<Address> {
        self.s.get_role_members(role)
    }

    /// `supportsInterface`.
    pub fn supports_interface(&self, interface_id: B32) -> bool {
        self.s.supports_interface(interface_id)
    }

    // ----- pool views -----

    /// `getComputePoolNodes(poolId)`.
    pub fn get_compute_pool_nodes(&self, pool_id: U256) -> Vec<Address> {
        self.s.states.getter(pool_id).nodes.values()
    }

    /// `getComputePoolProviders(poolId)`.
    pub fn get_compute_pool_providers(&self, pool_id: U256) -> Vec<Address> {
        self.s.states.getter(pool_id).providers.values()
    }

    /// `getProviderActiveNodesInPool(poolId, provider)`.
    pub fn get_provider_active_nodes_in_pool(&self, pool_id: U256, provider: Address) -> U256 {
        self.s
            .states
            .getter(pool_id)
            .provider_active_nodes
            .get(provider)
    }

    /// `getRewardDistributorForPool(poolId)`.
    pub fn get_reward_distributor_for_pool(&self, pool_id: U256) -> Address {
        self.s.states.getter(pool_id).distributor.get()
    }

    /// `getComputePoolTotalCompute(poolId)`.
    pub fn get_compute_pool_total_compute(&self, pool_id: U256) -> U256 {
        self.s.pools.getter(pool_id).total_compute.get()
    }

    /// `isProviderBlacklistedFromPool(poolId, provider)`.
    pub fn is_provider_blacklisted_from_pool(&self, pool_id: U256, provider: Address) -> bool {
        self.s
            .states
            .getter(pool_id)
            .blacklisted_providers
            .get(provider)
    }

    /// `isNodeBlacklistedFromPool(poolId, nodekey)`.
    pub fn is_node_blacklisted_from_pool(&self, pool_id: U256, nodekey: Address) -> bool {
        self.s.states.getter(pool_id).blacklisted_nodes.get(nodekey)
    }

    /// `isNodeInPool(poolId, nodekey)`.
    pub fn is_node_in_pool(&self, pool_id: U256, nodekey: Address) -> bool {
        self.s.states.getter(pool_id).nodes.contains(nodekey)
    }

    /// `isProviderInPool(poolId, provider)`.
    pub fn is_provider_in_pool(&self, pool_id: U256, provider: Address) -> bool {
        self.s.states.getter(pool_id).providers.contains(provider)
    }

    // ----- hot path -----

    /// `submitWork(poolId, node, data)`.
    pub fn submit_work(
        &mut self,
        pool_id: U256,
        node: Address,
        data: Bytes,
    ) -> Result<(), Vec<u8>> {
        self.s.submit_work(pool_id, node, &data)
    }
}
