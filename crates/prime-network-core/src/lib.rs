//! PrimeNetwork, the protocol's coordinator (spec §3.1), as one address served by two
//! Stylus programs that share this crate's storage definition:
//!
//! * the **front** ([`PrimeNetwork`], deployed from `contracts/prime-network`) owns the
//!   storage layout, the roles (AccessControl + the Enumerable extension), the role setters,
//!   the module getters, the constructor and the federator/validator administration
//!   (`setModuleAddresses`, `setStakeMinimum`, `whitelistProvider`, `blacklistProvider`,
//!   `createDomain`, `updateDomain*`); every selector it does not implement goes through its
//!   `#[fallback]` to the facet by `delegatecall`;
//! * the **facet** ([`PrimeNetworkFacet`], deployed from `contracts/prime-network-facet`)
//!   implements the provider, node, staking, slashing and work-invalidation flows and
//!   `calculateMinimumStake`. It is only meaningful when delegate-called by the front: it
//!   then runs on the front's storage, with the front's address and the original
//!   `msg.sender`.
//!
//! A PrimeNetwork in one program measured 29,104 bytes compressed (engineering.md §9); the
//! split keeps each program under the 24,576-byte code limit while clients still see one
//! address and one ABI (`release/abi/prime_network.json` is the union of both surfaces).
//!
//! # Call graph (no re-entry)
//!
//! Calls go one way only: PrimeNetwork (front → facet by delegatecall, same frame for
//! Stylus' re-entrancy check) calls StakeManager, ComputeRegistry, DomainRegistry,
//! ComputePool, the AI token, the `ecrecover` precompile and, for ERC-1271 node keys, the
//! node-key contract (a static call). None of them calls back into PrimeNetwork:
//!
//! * StakeManager: `stake` pulls tokens from PrimeNetwork (`token.transferFrom`), `slash`
//!   pays PrimeNetwork (`token.transfer`); the token calls nobody.
//! * ComputeRegistry and DomainRegistry call nobody.
//! * ComputePool `invalidateWork` / `softInvalidateWork` call the domain's work validator,
//!   the pool's rewards distributor and ComputeRegistry, none of which call PrimeNetwork.
//!   (The distributors read `PrimeNetwork.getRoleMember` only in their constructors, during
//!   `ComputePool.createComputePool`, which the federator calls directly, not through
//!   PrimeNetwork.)
//! * An ERC-1271 node key that called back into PrimeNetwork would be rejected by Stylus
//!   (re-entry); its signature then counts as invalid, which only hurts that key.
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
extern crate alloc;

pub mod abi;
mod calls;
mod facet;
mod front;
mod revert;

use alloc::{vec, vec::Vec};

use alloy_primitives::{b256, Address, B256, U256};
use alloy_sol_types::sol;
use openzeppelin_stylus::access::control::{
    extensions::enumerable::AccessControlEnumerable, AccessControl, IAccessControl,
};
use stylus_sdk::{call::RawCall, prelude::*, storage::StorageAddress};

pub use facet::PrimeNetworkFacet;
pub use revert::{error_string, panic_code};

sol! {
    /// A provider registered with its initial stake.
    #[cfg_attr(test, derive(Debug))]
    event ProviderRegistered(address provider, uint256 stake);
    /// A provider deregistered (its whole stake is unbonding).
    #[cfg_attr(test, derive(Debug))]
    event ProviderDeregistered(address provider);
    /// A provider may join compute pools.
    #[cfg_attr(test, derive(Debug))]
    event ProviderWhitelisted(address provider);
    /// A provider may no longer join compute pools.
    #[cfg_attr(test, derive(Debug))]
    event ProviderBlacklisted(address provider);
    /// A node was added under its provider.
    #[cfg_attr(test, derive(Debug))]
    event ComputeNodeAdded(address provider, address nodekey, string specsURI);
    /// A node was removed from its provider.
    #[cfg_attr(test, derive(Debug))]
    event ComputeNodeRemoved(address provider, address nodekey);
    /// A validator validated a node.
    #[cfg_attr(test, derive(Debug))]
    event ComputeNodeValidated(address provider, address nodekey);
    /// A validator invalidated a node.
    #[cfg_attr(test, derive(Debug))]
    event ComputeNodeInvalidated(address provider, address nodekey);
}

/// `keccak256("")`: the code hash of an account that exists but has no code.
const EMPTY_CODE_HASH: B256 =
    b256!("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");

/// PrimeNetwork's storage, shared by the front and the facet (the facet wraps it as its only
/// field, so both programs see the same slots). Roles first, as the reference (§3.1).
#[storage]
pub struct PrimeNetwork {
    pub(crate) access: AccessControl,
    pub(crate) enumerable: AccessControlEnumerable,
    pub(crate) compute_registry: StorageAddress,
    pub(crate) domain_registry: StorageAddress,
    pub(crate) stake_manager: StorageAddress,
    pub(crate) compute_pool: StorageAddress,
    pub(crate) ai_token: StorageAddress,
    /// The facet program the front delegate-calls for the selectors it does not implement.
    pub(crate) facet: StorageAddress,
}

// SAFETY: the struct is only ever instantiated at the root of a program's storage (by the
// router of the front or of the facet), never nested inside another contract's storage.
unsafe impl TopLevelStorage for PrimeNetwork {}

impl PrimeNetwork {
    pub(crate) fn sender(&self) -> Address {
        self.vm().msg_sender()
    }

    pub(crate) fn has_role(&self, role: [u8; 32], account: Address) -> bool {
        self.access.has_role(role.into(), account)
    }

    /// `onlyRole(role)`: reverts `AccessControlUnauthorizedAccount(msg.sender, role)`.
    pub(crate) fn only_role(&self, role: [u8; 32]) -> Result<(), Vec<u8>> {
        Ok(self.access._check_role(role.into(), self.sender())?)
    }

    /// Whether `account` has code (ERC-1271 signer, or a callable module).
    pub(crate) fn has_code(&self, account: Address) -> bool {
        let hash = self.vm().code_hash(account);
        hash != B256::ZERO && hash != EMPTY_CODE_HASH
    }

    /// A call to `to` with calldata `data`; `Err` carries the callee's revert data. Like a
    /// Solidity high-level call, a target without code reverts (with empty data) instead
    /// of "succeeding" with no return data.
    pub(crate) fn raw_call(
        &self,
        to: Address,
        data: &[u8],
        view: bool,
    ) -> Result<Vec<u8>, Vec<u8>> {
        if !self.has_code(to) {
            return Err(Vec::new());
        }
        // SAFETY: no storage reference lives across the call; the cache is flushed (and
        // cleared for state-changing calls) first, as the SDK's typed calls do.
        unsafe {
            if view {
                RawCall::new_static().flush_storage_cache().call(to, data)
            } else {
                RawCall::new().clear_storage_cache().call(to, data)
            }
        }
    }

    /// Calls `to.selector(args…)`; bubbles the callee's revert data.
    pub(crate) fn call(
        &self,
        to: Address,
        selector: [u8; 4],
        args: &[Arg],
        view: bool,
    ) -> Result<Vec<u8>, Vec<u8>> {
        self.raw_call(to, &encode(selector, args), view)
    }

    /// [`Self::call`] returning the first word of the return data (too short return data
    /// reverts with empty data, as Solidity's decoder).
    pub(crate) fn call_word(
        &self,
        to: Address,
        selector: [u8; 4],
        args: &[Arg],
        view: bool,
    ) -> Result<U256, Vec<u8>> {
        let out = self.call(to, selector, args, view)?;
        word(&out, 0)
    }
}

/// One argument of an ABI-encoded call: a static 32-byte word or dynamic `bytes`/`string`.
pub(crate) enum Arg<'a> {
    Word(U256),
    Dynamic(&'a [u8]),
}

impl Arg<'_> {
    pub(crate) fn addr(a: Address) -> Self {
        Arg::Word(U256::from_be_slice(a.as_slice()))
    }

    pub(crate) fn flag(b: bool) -> Self {
        Arg::Word(U256::from(b as u8))
    }
}

/// `abi.encodeWithSelector(selector, args…)`: heads (words, or offsets of dynamic
/// arguments), then each dynamic argument as length ‖ data padded to 32 bytes.
pub(crate) fn encode(selector: [u8; 4], args: &[Arg]) -> Vec<u8> {
    let mut head = Vec::with_capacity(4 + 32 * args.len());
    head.extend_from_slice(&selector);
    let mut tail = Vec::new();
    for arg in args {
        let w = match arg {
            Arg::Word(w) => *w,
            Arg::Dynamic(data) => {
                let offset = U256::from(32 * args.len() + tail.len());
                tail.extend_from_slice(&U256::from(data.len()).to_be_bytes::<32>());
                tail.extend_from_slice(data);
                tail.resize(tail.len() + (32 - data.len() % 32) % 32, 0);
                offset
            }
        };
        head.extend_from_slice(&w.to_be_bytes::<32>());
    }
    head.extend_from_slice(&tail);
    head
}

/// Word `index` of ABI-encoded return data (empty revert if the data is too short).
pub(crate) fn word(out: &[u8], index: usize) -> Result<U256, Vec<u8>> {
    out.get(32 * index..32 * index + 32)
        .map(U256::from_be_slice)
        .ok_or_else(Vec::new)
}

/// Word `index` of return data as an address (its low 20 bytes).
pub(crate) fn word_addr(out: &[u8], index: usize) -> Result<Address, Vec<u8>> {
    Ok(Address::from_word(word(out, index)?.into()))
}

/// The facet's view of this contract's storage (what the front's delegatecall gives it):
/// lets unit tests call the facet's functions on the front's storage with the front's
/// `msg.sender` (motsu cannot delegate-call faithfully, see `front::forward`).
#[cfg(test)]
impl PrimeNetwork {
    pub(crate) fn facet(&self) -> PrimeNetworkFacet {
        // SAFETY: the root of storage, as the facet's router instantiates it.
        unsafe {
            <PrimeNetworkFacet as stylus_sdk::storage::StorageType>::new(
                U256::ZERO,
                0,
                self.__stylus_host.clone(),
            )
        }
    }
}

#[cfg(test)]
mod mocks;
#[cfg(test)]
mod tests;
