//! The membership facet's router: the join and leave overloads the front does not serve
//! (single invite, list of nodes), pool changes, and the views (`pools` and
//! `getComputePool` from its fallback). It runs only through the front's `delegatecall`, so
//! it has no constructor.

use alloc::{vec, vec::Vec};

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolCall;
use prime_common::{
    call::{encode_params, Arg, Return},
    revert::Result,
    roles::{FEDERATOR_ROLE, PRIME_ROLE},
};
use stylus_sdk::{abi::Bytes, prelude::*, stylus_core::storage::TopLevelStorage, ArbResult};

use crate::{
    front::{getComputePoolCall, poolsCall},
    Invites, PoolInfo, PoolStorage,
};

fn pool_info_args(info: &PoolInfo) -> [Arg<'_>; 13] {
    [
        info.0.into(),
        info.1.into(),
        info.2.as_bytes().into(),
        info.3.into(),
        info.4.into(),
        info.5.into(),
        info.6.into(),
        info.7.into(),
        info.8.as_bytes().into(),
        info.9.into(),
        info.10.into(),
        info.11.into(),
        U256::from(info.12).into(),
    ]
}

/// `pools(id)` output: the 13 fields as separate return values.
pub fn encode_pools(info: &PoolInfo) -> Vec<u8> {
    encode_params(&pool_info_args(info))
}

/// `getComputePool(id)` output: one `PoolInfo` struct (its offset, then its fields).
pub fn encode_get_compute_pool(info: &PoolInfo) -> Vec<u8> {
    let mut out = U256::from(0x20).to_be_bytes::<32>().to_vec();
    out.extend_from_slice(&encode_pools(info));
    out
}

/// The ComputePool address's membership facet.
#[storage]
pub struct ComputePoolMembership {
    /// The whole state (shared layout with the front).
    pub s: PoolStorage,
}

// SAFETY: the router type of a program whose only field is the whole state.
unsafe impl TopLevelStorage for ComputePoolMembership {}

#[public]
impl ComputePoolMembership {
    /// Serves `pools` and `getComputePool`; any other unknown selector reverts without data,
    /// as Solidity.
    #[fallback]
    pub fn fallback(&mut self, calldata: &[u8]) -> ArbResult {
        let selector = match calldata {
            [a, b, c, d, ..] => [*a, *b, *c, *d],
            _ => [0; 4],
        };
        if selector != poolsCall::SELECTOR && selector != getComputePoolCall::SELECTOR {
            return Err(Vec::new());
        }
        let id = Return(calldata[4..].to_vec()).word(0)?;
        let info = self.s.pool_info(id);
        Ok(if selector == poolsCall::SELECTOR {
            encode_pools(&info)
        } else {
            encode_get_compute_pool(&info)
        })
    }

    /// `joinComputePool(uint256,address,address,uint256,uint256,bytes)` (single invite).
    #[selector(name = "joinComputePool")]
    pub fn join_compute_pool_single(
        &mut self,
        pool_id: U256,
        provider: Address,
        nodekey: Address,
        nonce: U256,
        expiration: U256,
        signature: Bytes,
    ) -> Result<()> {
        self.s
            .join_compute_pool_single(pool_id, provider, nodekey, nonce, expiration, signature.0)
    }

    /// `leaveComputePool(uint256,address,address[])`: an empty list leaves with every node.
    #[selector(name = "leaveComputePool")]
    pub fn leave_compute_pool_batch(
        &mut self,
        pool_id: U256,
        provider: Address,
        nodekeys: Vec<Address>,
    ) -> Result<()> {
        self.s.leave_compute_pool(pool_id, provider, &nodekeys)
    }

    /// `changeComputePool`.
    pub fn change_compute_pool(
        &mut self,
        from_pool_id: U256,
        to_pool_id: U256,
        nodekeys: Vec<Address>,
        nonces: Vec<U256>,
        expirations: Vec<U256>,
        signatures: Vec<Bytes>,
    ) -> Result<()> {
        let signatures: Vec<Vec<u8>> = signatures.into_iter().map(|s| s.0).collect();
        let invites = Invites {
            nodes: &nodekeys,
            nonces: &nonces,
            expirations: &expirations,
            signatures: &signatures,
        };
        self.s
            .change_compute_pool(from_pool_id, to_pool_id, &invites)
    }

    // ----- role constants and getters -----

    /// `PRIME_ROLE()`.
    #[selector(name = "PRIME_ROLE")]
    pub fn prime_role(&self) -> B256 {
        PRIME_ROLE
    }

    /// `FEDERATOR_ROLE()`.
    #[selector(name = "FEDERATOR_ROLE")]
    pub fn federator_role(&self) -> B256 {
        FEDERATOR_ROLE
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
        self.s.pools.getter(pool_id).distributor.get()
    }

    /// `getComputePoolTotalCompute(poolId)`.
    pub fn get_compute_pool_total_compute(&self, pool_id: U256) -> U256 {
        self.s.total_compute(pool_id)
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
}
