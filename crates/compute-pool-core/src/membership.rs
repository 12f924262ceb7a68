//! The membership facet's router: the join and leave overloads the front does not serve
//! (single invite, list of nodes), pool changes, node blacklisting (which ejects), and the
//! views (`pools` and `getComputePool` from its fallback). It runs only through the front's `delegatecall`, so
//! it has no constructor.

use alloc::{vec, vec::Vec};

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolCall;
use prime_common::{
    call::{encode_params, selector, Arg, Words},
    revert::Result,
    roles::{FEDERATOR_ROLE, PRIME_ROLE},
};
use stylus_sdk::{prelude::*, stylus_core::storage::TopLevelStorage, ArbResult};

use crate::{
    front::{
        blacklistNodeListCall, changeComputePoolCall, getComputePoolCall, joinComputePool_1Call,
        leaveComputePoolCall, poolsCall,
    },
    InviteLists, PoolInfo, PoolStorage,
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
    /// Serves `pools` and `getComputePool` (a tuple return the SDK would wrap in an offset)
    /// and the functions with dynamic arguments the front does not serve (decoded with
    /// `Words`): the single-invite `joinComputePool`, the list `leaveComputePool` (an empty
    /// list leaves with every node), `blacklistNodeList`, `changeComputePool`. Any other selector reverts without
    /// data, as Solidity.
    #[fallback]
    pub fn fallback(&mut self, calldata: &[u8]) -> ArbResult {
        let (args, s) = (Words::args(calldata), &mut self.s);
        match selector(calldata) {
            poolsCall::SELECTOR => return Ok(encode_pools(&s.pool_info(args.word(0)?))),
            getComputePoolCall::SELECTOR => {
                return Ok(encode_get_compute_pool(&s.pool_info(args.word(0)?)));
            }
            joinComputePool_1Call::SELECTOR => {
                let (pool_id, provider, node) = (args.word(0)?, args.address(1)?, args.address(2)?);
                let (nonce, expiration) = (args.word(3)?, args.word(4)?);
                let signature = args.bytes(5)?;
                s.join_compute_pool_single(pool_id, provider, node, nonce, expiration, signature)?;
            }
            leaveComputePoolCall::SELECTOR => {
                let (pool_id, provider) = (args.word(0)?, args.address(1)?);
                s.leave_compute_pool(pool_id, provider, &args.addresses(2)?)?;
            }
            blacklistNodeListCall::SELECTOR => {
                s.blacklist_nodes(args.word(0)?, &args.addresses(1)?)?;
            }
            changeComputePoolCall::SELECTOR => {
                let lists = InviteLists::read(&args, 2)?;
                s.change_compute_pool(args.word(0)?, args.word(1)?, &lists.invites())?;
            }
            _ => return Err(Vec::new()),
        }
        Ok(Vec::new())
    }

    /// `blacklistNode` (the pool's creator or manager): ejects the node if it is in the pool.
    pub fn blacklist_node(&mut self, pool_id: U256, nodekey: Address) -> Result<()> {
        self.s.blacklist_nodes(pool_id, &[nodekey])
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
        U256::from(self.s.pool_id_counter.get())
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
