//! The external calls ComputePool makes (spec §3.3, §3.4, §3.6, §3.12), with hand-built
//! calldata: ComputeRegistry (with COMPUTE_POOL_ROLE), DomainRegistry (views), the
//! rewards-distributor factory, each pool's distributor and the domain's work validation.
//!
//! Call graph (no re-entry): ComputePool only calls *down*; none of these callees calls
//! ComputePool back, and ComputePool never calls PrimeNetwork except once, in its
//! constructor (docs/divergences/compute-pool.md).

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
#[allow(deprecated)]
use stylus_sdk::call::{call, static_call, Call};

use crate::{
    abi::{addr_array, addr_word, bool_word, word, Calldata},
    PoolStorage,
};

/// `getWhitelistStatus(address)`.
pub const GET_WHITELIST_STATUS: u32 = 0xd9ba32fc;
/// `getNodeContractData(address)`.
pub const GET_NODE_CONTRACT_DATA: u32 = 0xc993d243;
/// `updateNodeStatus(address,address,bool)`.
pub const UPDATE_NODE_STATUS: u32 = 0x092b4d0c;
/// `getNodeProvider(address)`.
pub const GET_NODE_PROVIDER: u32 = 0xba02f5c7;
/// `getProviderValidatedNodes(address,bool)`.
pub const GET_PROVIDER_VALIDATED_NODES: u32 = 0xb483ac5d;
/// DomainRegistry `get(uint256)`.
pub const DOMAIN_GET: u32 = 0x9507d39a;
/// Factory `createRewardsDistributor(address,uint256)`.
pub const CREATE_REWARDS_DISTRIBUTOR: u32 = 0x82be793c;
/// Distributor `joinPool(address)`.
pub const JOIN_POOL: u32 = 0x1ae0e73d;
/// Distributor `leavePool(address)`.
pub const LEAVE_POOL: u32 = 0xd0e23f84;
/// Distributor `endRewards()`.
pub const END_REWARDS: u32 = 0xd9cd1ca0;
/// Distributor `submitWork(address,uint256)`.
pub const DISTRIBUTOR_SUBMIT_WORK: u32 = 0x0fc99274;
/// Distributor `slashPendingRewards(address)`.
pub const SLASH_PENDING_REWARDS: u32 = 0x091f6a4a;
/// Distributor `removeWork(address,uint256)`.
pub const REMOVE_WORK: u32 = 0x2d2e2787;
/// IWorkValidation `submitWork(uint256,uint256,address,address,bytes)`.
pub const VALIDATION_SUBMIT_WORK: u32 = 0x27fc23a3;
/// IWorkValidation `invalidateWork(uint256,bytes)`.
pub const INVALIDATE_WORK: u32 = 0x55816070;
/// IWorkValidation `softInvalidateWork(uint256,bytes)`.
pub const SOFT_INVALIDATE_WORK: u32 = 0x91c404c6;
/// PrimeNetwork `getRoleMember(bytes32,uint256)`.
pub const GET_ROLE_MEMBER: u32 = 0x9010d07c;
/// ERC-1271 `isValidSignature(bytes32,bytes)`.
pub const IS_VALID_SIGNATURE: u32 = 0x1626ba7e;

/// What ComputePool uses of `getNodeContractData`.
pub struct NodeData {
    /// The node's provider (zero for a never-registered key).
    pub provider: Address,
    /// Its compute units (uint32 in the registry).
    pub compute_units: U256,
    /// Active in some pool.
    pub active: bool,
    /// Validated by the validator.
    pub validated: bool,
}

impl PoolStorage {
    /// A state-changing call; the callee's revert data bubbles up unchanged.
    pub(crate) fn call_mut(&mut self, to: Address, data: Calldata) -> Result<Vec<u8>, Vec<u8>> {
        #[allow(deprecated)]
        call(Call::new_in(self), to, &data.0).map_err(Into::into)
    }

    /// A view call; the callee's revert data bubbles up unchanged.
    pub(crate) fn call_view(&self, to: Address, data: Calldata) -> Result<Vec<u8>, Vec<u8>> {
        #[allow(deprecated)]
        static_call(Call::new(), to, &data.0).map_err(Into::into)
    }

    pub(crate) fn distributor_call(
        &mut self,
        distributor: Address,
        selector: u32,
        node: Address,
    ) -> Result<(), Vec<u8>> {
        self.call_mut(distributor, Calldata::new(selector).addr(node))
            .map(drop)
    }

    pub(crate) fn registry_whitelisted(&self, provider: Address) -> Result<bool, Vec<u8>> {
        let ret = self.call_view(
            self.compute_registry.get(),
            Calldata::new(GET_WHITELIST_STATUS).addr(provider),
        )?;
        bool_word(&ret, 0)
    }

    pub(crate) fn registry_node_data(&self, node: Address) -> Result<NodeData, Vec<u8>> {
        let ret = self.call_view(
            self.compute_registry.get(),
            Calldata::new(GET_NODE_CONTRACT_DATA).addr(node),
        )?;
        Ok(NodeData {
            provider: addr_word(&ret, 0)?,
            compute_units: word(&ret, 1)?,
            active: bool_word(&ret, 2)?,
            validated: bool_word(&ret, 3)?,
        })
    }

    pub(crate) fn registry_node_provider(&self, node: Address) -> Result<Address, Vec<u8>> {
        let ret = self.call_view(
            self.compute_registry.get(),
            Calldata::new(GET_NODE_PROVIDER).addr(node),
        )?;
        addr_word(&ret, 0)
    }

    pub(crate) fn registry_validated_nodes(
        &self,
        provider: Address,
    ) -> Result<Vec<Address>, Vec<u8>> {
        let call = Calldata::new(GET_PROVIDER_VALIDATED_NODES)
            .addr(provider)
            .boolean(true);
        let ret = self.call_view(self.compute_registry.get(), call)?;
        addr_array(&ret, 0)
    }

    pub(crate) fn registry_update_node_status(
        &mut self,
        provider: Address,
        node: Address,
        active: bool,
    ) -> Result<(), Vec<u8>> {
        let call = Calldata::new(UPDATE_NODE_STATUS)
            .addr(provider)
            .addr(node)
            .boolean(active);
        self.call_mut(self.compute_registry.get(), call).map(drop)
    }

    /// DomainRegistry `get(domainId)`: the stored `(domainId, validationLogic)`.
    pub(crate) fn domain_get(&self, domain_id: U256) -> Result<(U256, Address), Vec<u8>> {
        let ret = self.call_view(
            self.domain_registry.get(),
            Calldata::new(DOMAIN_GET).uint(domain_id),
        )?;
        let head = usize::try_from(word(&ret, 0)?).map_err(|_| Vec::new())? / 32;
        Ok((word(&ret, head)?, addr_word(&ret, head + 2)?))
    }

    pub(crate) fn factory_create(&mut self, pool_id: U256) -> Result<Address, Vec<u8>> {
        let call = Calldata::new(CREATE_REWARDS_DISTRIBUTOR)
            .addr(self.compute_registry.get())
            .uint(pool_id);
        let ret = self.call_mut(self.factory.get(), call)?;
        addr_word(&ret, 0)
    }

    /// PrimeNetwork's `getRoleMember(FEDERATOR_ROLE, 0)` (constructor only).
    pub(crate) fn federator_of(&self, prime: Address) -> Result<Address, Vec<u8>> {
        let call = Calldata::new(GET_ROLE_MEMBER)
            .word(&prime_common::roles::FEDERATOR_ROLE)
            .uint(U256::ZERO);
        let ret = self.call_view(prime, call)?;
        addr_word(&ret, 0)
    }
}
