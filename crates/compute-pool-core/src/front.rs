//! The front program's router: the constructor, the protocol flow's pool transactions
//! (joining with the client's batch selector, leaving with its single selector, starting a
//! pool, submitting work: one program entry less than going through a facet), the views;
//! every other selector is forwarded with `delegatecall` to the membership or the admin
//! facet.

use alloc::{vec, vec::Vec};

use alloy_primitives::{Address, U256};
use alloy_sol_types::{sol, SolCall};
use prime_common::{
    call::{selector, Words},
    revert::Result,
};
use stylus_sdk::{prelude::*, stylus_core::storage::TopLevelStorage, ArbResult};

use crate::{InviteLists, PoolStorage};

sol! {
    /// Served by the membership facet's fallback (the SDK would wrap a tuple return in an
    /// offset); ABI-listed in compute-pool's `abi::DECLARATIONS`.
    function pools(uint256 poolId) external view;
    /// Served by the membership facet's fallback (see `pools`).
    function getComputePool(uint256 poolId) external view;

    // The admin facet's functions.
    function hasRole(bytes32 role, address account) external view returns (bool);
    function getRoleAdmin(bytes32 role) external view returns (bytes32);
    function grantRole(bytes32 role, address account) external;
    function revokeRole(bytes32 role, address account) external;
    function renounceRole(bytes32 role, address callerConfirmation) external;
    function getRoleMember(bytes32 role, uint256 index) external view returns (address);
    function getRoleMemberCount(bytes32 role) external view returns (uint256);
    function getRoleMembers(bytes32 role) external view returns (address[]);
    function supportsInterface(bytes4 interfaceId) external view returns (bool);
    function DEFAULT_ADMIN_ROLE() external view returns (bytes32);
    function createComputePool(uint256 domainId, address computeManagerKey, string poolName, string poolDataURI, uint256 computeLimit) external returns (uint256);
    function endComputePool(uint256 poolId) external;
    function updateComputePoolURI(uint256 poolId, string poolDataURI) external;
    function updateComputeLimit(uint256 poolId, uint256 computeLimit) external;
    function ejectNode(uint256 poolId, address nodekey) external;
    function blacklistProvider(uint256 poolId, address provider) external;
    function blacklistProviderList(uint256 poolId, address[] providers) external;
    function purgeProvider(uint256 poolId, address provider) external;
    function blacklistAndPurgeProvider(uint256 poolId, address provider) external;
    function blacklistNode(uint256 poolId, address nodekey) external;
    function blacklistNodeList(uint256 poolId, address[] nodekeys) external;
    function invalidateWork(uint256 poolId, bytes data) external returns (address, address);
    function softInvalidateWork(uint256 poolId, bytes data) external returns (address, address, uint256);

    // Functions with dynamic arguments, decoded with `Words` by the program that serves
    // them (front: the batch join and `submitWork`; membership: the other join and leave
    // overloads, `changeComputePool`); ABI-listed in compute-pool's `abi::DECLARATIONS`.
    // `joinComputePool_0Call` is the batch overload, `joinComputePool_1Call` the single one.
    function joinComputePool(uint256 poolId, address provider, address[] nodekey, uint256[] nonces, uint256[] expirations, bytes[] signatures) external;
    function joinComputePool(uint256 poolId, address provider, address nodekey, uint256 nonce, uint256 expiration, bytes signature) external;
    function leaveComputePool(uint256 poolId, address provider, address[] nodekeys) external;
    function changeComputePool(uint256 fromPoolId, uint256 toPoolId, address[] nodekeys, uint256[] nonces, uint256[] expirations, bytes[] signatures) external;
    function submitWork(uint256 poolId, address node, bytes data) external;
}

/// The selectors the admin facet serves; every other selector the front does not serve
/// goes to the membership facet (the other membership overloads, pool changes, the views).
pub const ADMIN_SELECTORS: [[u8; 4]; 21] = [
    hasRoleCall::SELECTOR,
    getRoleAdminCall::SELECTOR,
    grantRoleCall::SELECTOR,
    revokeRoleCall::SELECTOR,
    renounceRoleCall::SELECTOR,
    getRoleMemberCall::SELECTOR,
    getRoleMemberCountCall::SELECTOR,
    getRoleMembersCall::SELECTOR,
    supportsInterfaceCall::SELECTOR,
    DEFAULT_ADMIN_ROLECall::SELECTOR,
    createComputePoolCall::SELECTOR,
    endComputePoolCall::SELECTOR,
    updateComputePoolURICall::SELECTOR,
    updateComputeLimitCall::SELECTOR,
    ejectNodeCall::SELECTOR,
    blacklistProviderCall::SELECTOR,
    blacklistProviderListCall::SELECTOR,
    purgeProviderCall::SELECTOR,
    blacklistAndPurgeProviderCall::SELECTOR,
    invalidateWorkCall::SELECTOR,
    softInvalidateWorkCall::SELECTOR,
];

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
    fn forward(&mut self, admin: bool, calldata: &[u8]) -> ArbResult {
        let facet = if admin {
            self.s.admin_facet.get()
        } else {
            self.s.membership_facet.get()
        };
        // SAFETY: the facets are this contract's own code, compiled from the same storage
        // definition; the storage cache is cleared so neither side reads stale slots.
        unsafe {
            stylus_sdk::call::RawCall::new_delegate()
                .clear_storage_cache()
                .call(facet, calldata)
        }
    }

    /// Under motsu a `delegatecall` runs the callee on the callee's own storage, so unit
    /// tests run the facet's router directly on the front's storage instead: the same code,
    /// storage, address and `msg.sender` as the on-chain delegatecall. The delegatecall
    /// itself is left to the end-to-end suite.
    #[cfg(test)]
    fn forward(&mut self, admin: bool, calldata: &[u8]) -> ArbResult {
        let host = self.__stylus_host.clone();
        if !admin {
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
    ) -> Result<()> {
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

    /// Serves the batch `joinComputePool` (the reference client's) and `submitWork`, the
    /// flow's transactions with dynamic arguments (decoded with `Words`); forwards the admin
    /// facet's selectors to it and every other selector to the membership facet.
    #[fallback]
    pub fn fallback(&mut self, calldata: &[u8]) -> ArbResult {
        let args = Words::args(calldata);
        match selector(calldata) {
            joinComputePool_0Call::SELECTOR => {
                let lists = InviteLists::read(&args, 2)?;
                let (pool_id, provider) = (args.word(0)?, args.address(1)?);
                self.s
                    .join_compute_pool(pool_id, provider, &lists.invites())?;
            }
            submitWorkCall::SELECTOR => {
                let (pool_id, node) = (args.word(0)?, args.address(1)?);
                self.s.submit_work(pool_id, node, args.bytes(2)?)?;
            }
            other => return self.forward(ADMIN_SELECTORS.contains(&other), calldata),
        }
        Ok(Vec::new())
    }

    // ----- the flow's transactions with static arguments -----

    /// `startComputePool`.
    pub fn start_compute_pool(&mut self, pool_id: U256) -> Result<()> {
        self.s.start_compute_pool(pool_id)
    }

    /// `leaveComputePool(uint256,address,address)`: the single selector, which the reference
    /// client uses; `address(0)` leaves with every node.
    #[selector(name = "leaveComputePool")]
    pub fn leave_compute_pool_single(
        &mut self,
        pool_id: U256,
        provider: Address,
        nodekey: Address,
    ) -> Result<()> {
        self.s.leave_compute_pool_single(pool_id, provider, nodekey)
    }
}

/// The membership facet's view of this contract's storage (what the front's delegatecall
/// gives it): unit tests call the facet's views on the front's storage.
#[cfg(test)]
impl ComputePool {
    /// Calldata through the front's router (its own functions, then the fallback), as a
    /// transaction to the ComputePool address would go.
    pub(crate) fn route(&mut self, calldata: &[u8]) -> ArbResult {
        stylus_sdk::abi::router_entrypoint::<ComputePool, ComputePool>(
            calldata.to_vec(),
            self.__stylus_host.clone(),
        )
    }

    pub(crate) fn membership(&self) -> crate::ComputePoolMembership {
        // SAFETY: the root of storage, as the facet's router instantiates it.
        unsafe {
            <crate::ComputePoolMembership as stylus_sdk::storage::StorageType>::new(
                U256::ZERO,
                0,
                self.__stylus_host.clone(),
            )
        }
    }
}
