//! PrimeNetwork, the protocol's coordinator (spec §3.1), as one address served by two
//! Stylus programs that share this crate's storage definition:
//!
//! * the **front** ([`PrimeNetwork`], deployed from `contracts/prime-network`) owns the
//!   storage layout and the constructor, and serves the transactions of the protocol's flow
//!   itself, so each costs one program entry less: `registerProvider`, `addComputeNode`,
//!   `removeComputeNode`, `deregisterProvider`, `whitelistProvider`, `validateNode`,
//!   `createDomain`; with them, the functions that share their code (`blacklistProvider`,
//!   `invalidateNode`, `calculateMinimumStake`, `setStakeMinimum`, `updateDomain*`). Every
//!   other selector goes through its `#[fallback]` to the facet by `delegatecall`;
//! * the **facet** ([`PrimeNetworkFacet`], deployed from `contracts/prime-network-facet`)
//!   serves everything else: the roles (AccessControlEnumerable), the role constants and
//!   module getters, `setFederator`/`setValidator`, `setModuleAddresses`, the permit
//!   registration, `increaseStake`, `reclaimStake`, slashing and work invalidation. It is
//!   only meaningful when delegate-called by the front: it then runs on the front's storage,
//!   with the front's address and the original `msg.sender`.
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
//! * StakeManager: `slash` pays PrimeNetwork (`token.transfer`); the token calls nobody.
//!   Stake reaches StakeManager straight from the provider (`token.transferFrom`, which
//!   PrimeNetwork calls as the provider's approved spender), then `creditStake` books it.
//! * ComputeRegistry and DomainRegistry call nobody.
//! * ComputePool `invalidateWork` / `softInvalidateWork` call the domain's work validator,
//!   the pool's rewards distributor and ComputeRegistry, none of which call PrimeNetwork.
//!   (The factory reads `PrimeNetwork.getRoleMember` only in `setComputePool`, which its
//!   admin calls directly.)
//! * An ERC-1271 node key that called back into PrimeNetwork would be rejected by Stylus
//!   (re-entry); its signature then counts as invalid, which only hurts that key.
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
extern crate alloc;

pub mod abi;
mod facet;
mod front;

use alloc::{vec, vec::Vec};

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::sol;
pub(crate) use prime_common::log::emit;
use prime_common::{
    access::AccessControlEnumerable,
    call::has_code,
    interfaces::{ComputeRegistry, Erc1271, StakeManager, Token},
    revert::{add, mul, require, Result},
    roles::VALIDATOR_ROLE,
};
use stylus_sdk::{prelude::*, storage::StorageAddress, storage::StorageU256};

pub use facet::PrimeNetworkFacet;

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

/// PrimeNetwork's storage, shared by the front and the facet (the facet wraps it as its only
/// field, so both programs see the same slots). Roles first, as the reference (§3.1).
#[storage]
pub struct PrimeNetwork {
    pub(crate) access: AccessControlEnumerable,
    pub(crate) compute_registry: StorageAddress,
    pub(crate) domain_registry: StorageAddress,
    pub(crate) stake_manager: StorageAddress,
    pub(crate) compute_pool: StorageAddress,
    pub(crate) ai_token: StorageAddress,
    /// The facet program the front delegate-calls for the selectors it does not implement.
    pub(crate) facet: StorageAddress,
    /// StakeManager's `getStakeMinimum()`, kept here so that registration, node addition
    /// and validation need no call to read it. PrimeNetwork is the only account that can
    /// change it (StakeManager's PRIME_ROLE and DEFAULT_ADMIN_ROLE are PrimeNetwork's, and
    /// PrimeNetwork grants no roles there): `setStakeMinimum` writes both, and
    /// `setModuleAddresses` reads the value of the StakeManager it is given.
    pub(crate) stake_minimum: StorageU256,
}

// SAFETY: the struct is only ever instantiated at the root of a program's storage (by the
// router of the front or of the facet), never nested inside another contract's storage.
unsafe impl TopLevelStorage for PrimeNetwork {}

impl PrimeNetwork {
    pub(crate) fn sender(&self) -> Address {
        self.vm().msg_sender()
    }

    pub(crate) fn registry(&self) -> ComputeRegistry {
        ComputeRegistry(self.compute_registry.get())
    }

    pub(crate) fn stakes(&self) -> StakeManager {
        StakeManager(self.stake_manager.get())
    }

    pub(crate) fn token(&self) -> Token {
        Token(self.ai_token.get())
    }

    /// `(providerTotalCompute + computeUnits) * stakeMinimum + stakeMinimum`, checked
    /// (overflow is `Panic(0x11)`, as in the reference).
    pub(crate) fn minimum_stake(&self, total_compute: U256, compute_units: U256) -> Result<U256> {
        let min = self.stake_minimum.get();
        add(mul(add(total_compute, compute_units)?, min)?, min)
    }

    /// `hasRole(VALIDATOR_ROLE, msg.sender) || msg.sender == provider`, else "Unauthorized".
    pub(crate) fn only_validator_or(&self, provider: Address) -> Result<()> {
        let sender = self.sender();
        require(
            self.access.has_role(VALIDATOR_ROLE, sender) || sender == provider,
            "Unauthorized",
        )
    }

    /// Moves `amount` from `provider` (who approved PrimeNetwork, or permitted it) straight
    /// to StakeManager and credits it to `provider`'s stake there. The reference pulls the
    /// tokens into PrimeNetwork, approves StakeManager and lets it pull them: three token
    /// calls instead of one (docs/divergences/prime-network.md).
    pub(crate) fn stake_from(&mut self, provider: Address, amount: U256) -> Result<()> {
        let stakes = self.stakes();
        self.token().transfer_from(provider, stakes.0, amount)?;
        stakes.credit_stake(self.vm(), provider, amount)
    }

    /// OpenZeppelin `SignatureChecker.isValidSignatureNow` (spec §2.5): ECDSA for accounts
    /// without code (exactly 65 bytes, low `s`, `v` 27/28, recovered == signer), ERC-1271
    /// for contracts. Never reverts.
    pub(crate) fn is_valid_signature_now(
        &self,
        signer: Address,
        digest: B256,
        signature: &[u8],
    ) -> bool {
        if has_code(self.vm(), signer) {
            return Erc1271(signer).is_valid_signature(digest, signature);
        }
        prime_common::ecdsa::try_recover(digest, signature) == Some(signer)
    }
}

/// The EIP-191 digest a node key signs to consent to `provider` (spec §7.1):
/// `keccak256("\x19Ethereum Signed Message:\n32" ‖ keccak256(provider ‖ nodekey))`.
pub fn node_key_digest(vm: &dyn Host, provider: Address, nodekey: Address) -> B256 {
    let mut packed = [0u8; 40];
    packed[..20].copy_from_slice(provider.as_slice());
    packed[20..].copy_from_slice(nodekey.as_slice());
    prime_common::ecdsa::eth_signed(vm.native_keccak256(&packed))
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
