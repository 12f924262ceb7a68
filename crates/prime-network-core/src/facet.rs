//! The facet program's public surface: everything the front does not serve itself. It runs
//! delegate-called by the front, on the front's storage.

use alloc::{vec, vec::Vec};

use alloy_primitives::{Address, B256, U256};
use prime_common::{
    access::AccessControlEnumerable,
    call::Return,
    interfaces::{ComputePool, ComputeRegistry, StakeManager},
    revert::{require, sub, Result, Revert},
    roles::{DEFAULT_ADMIN_ROLE, FEDERATOR_ROLE, VALIDATOR_ROLE},
};
use stylus_sdk::{abi::Bytes, call::RawCall, prelude::*};

use crate::{
    emit, ComputeNodeInvalidated, ComputeNodeRemoved, PrimeNetwork, ProviderBlacklisted,
    ProviderRegistered,
};

/// The facet: PrimeNetwork's storage as its only field, so its slots are the front's.
#[storage]
pub struct PrimeNetworkFacet {
    pn: PrimeNetwork,
}

// SAFETY: only instantiated at the root of storage, by the facet's router.
unsafe impl TopLevelStorage for PrimeNetworkFacet {}

// What `#[borrow]` on a field of the field would give: the roles are served here.
impl core::borrow::Borrow<AccessControlEnumerable> for PrimeNetworkFacet {
    fn borrow(&self) -> &AccessControlEnumerable {
        &self.pn.access
    }
}

impl core::borrow::BorrowMut<AccessControlEnumerable> for PrimeNetworkFacet {
    fn borrow_mut(&mut self) -> &mut AccessControlEnumerable {
        &mut self.pn.access
    }
}

/// Whether a call that failed after being given (63/64 of) `before` gas, leaving `after`,
/// ran out of gas rather than reverting: it then left at most 1/64 of the gas it was
/// given (plus the call's own costs). A call that reverts on purpose returns nearly all.
pub fn starved(before: u64, after: u64) -> bool {
    after <= before / 63
}

impl PrimeNetwork {
    /// A try-call of the reference's `try … catch {}`: `Ok(Some(data))` when the call
    /// succeeded, `Ok(None)` when it reverted. A call that failed for lack of gas is not
    /// swallowed: the whole transaction reverts, so that a gas limit from `eth_estimateGas`
    /// (the lowest that does not revert) always covers the work the reference would skip
    /// silently (docs/divergences/prime-network.md).
    fn try_call(&mut self, to: Address, data: &[u8]) -> Result<Option<Return>> {
        // Like Solidity's try, a target without code is not a caught failure.
        if !prime_common::call::has_code(self.vm(), to) {
            return Err(Revert::Data(Vec::new()));
        }
        let before = self.vm().evm_gas_left();
        // SAFETY: no storage reference lives across the call; the cache is cleared first.
        match unsafe { RawCall::new().clear_storage_cache().call(to, data) } {
            Ok(out) => Ok(Some(Return(out))),
            Err(data) if starved(before, self.vm().evm_gas_left()) => Err(Revert::Data(data)),
            Err(_) => Ok(None),
        }
    }

    /// Pays `amount` of the token to the calling validator.
    fn pay_sender(&mut self, amount: U256) -> Result<()> {
        self.token().transfer(self.sender(), amount)
    }
}

#[public]
#[inherit(AccessControlEnumerable)]
impl PrimeNetworkFacet {
    // --- role constants and module getters ---

    /// `FEDERATOR_ROLE()`.
    #[selector(name = "FEDERATOR_ROLE")]
    pub fn federator_role(&self) -> B256 {
        FEDERATOR_ROLE
    }

    /// `VALIDATOR_ROLE()`.
    #[selector(name = "VALIDATOR_ROLE")]
    pub fn validator_role(&self) -> B256 {
        VALIDATOR_ROLE
    }

    /// The AI token.
    #[selector(name = "AIToken")]
    pub fn ai_token(&self) -> Address {
        self.pn.ai_token.get()
    }

    /// The ComputeRegistry (zero until `setModuleAddresses`).
    pub fn compute_registry(&self) -> Address {
        self.pn.compute_registry.get()
    }

    /// The DomainRegistry.
    pub fn domain_registry(&self) -> Address {
        self.pn.domain_registry.get()
    }

    /// The StakeManager.
    pub fn stake_manager(&self) -> Address {
        self.pn.stake_manager.get()
    }

    /// The ComputePool.
    pub fn compute_pool(&self) -> Address {
        self.pn.compute_pool.get()
    }

    // --- role setters ---

    /// Hands FEDERATOR_ROLE from the caller to `federator` (FEDERATOR_ROLE only; like the
    /// reference's public grant/revoke it also needs DEFAULT_ADMIN_ROLE).
    pub fn set_federator(&mut self, federator: Address) -> Result<()> {
        let roles = &mut self.pn.access;
        roles.only_role(FEDERATOR_ROLE)?;
        roles.only_role(roles.get_role_admin(FEDERATOR_ROLE))?;
        roles.grant(FEDERATOR_ROLE, federator);
        let sender = roles.vm().msg_sender();
        roles.revoke(FEDERATOR_ROLE, sender);
        Ok(())
    }

    /// Makes `validator` the validator: grants it VALIDATOR_ROLE and revokes the role from
    /// every other holder (FEDERATOR_ROLE only, plus DEFAULT_ADMIN_ROLE as the reference's
    /// public grant/revoke). The reference revokes the role from the *caller* instead, so
    /// the old validator kept it (§13 item 1); fixed, see docs/divergences/prime-network.md.
    pub fn set_validator(&mut self, validator: Address) -> Result<()> {
        let roles = &mut self.pn.access;
        roles.only_role(FEDERATOR_ROLE)?;
        roles.only_role(roles.get_role_admin(VALIDATOR_ROLE))?;
        roles.grant(VALIDATOR_ROLE, validator);
        for old in roles.get_role_members(VALIDATOR_ROLE) {
            if old != validator {
                roles.revoke(VALIDATOR_ROLE, old);
            }
        }
        Ok(())
    }

    // --- federator and validator administration ---

    /// Wires the modules (DEFAULT_ADMIN_ROLE only), gives the pool COMPUTE_POOL_ROLE on the
    /// registry (`computeRegistry.setComputePool`) and reads the StakeManager's minimum.
    pub fn set_module_addresses(
        &mut self,
        compute_registry: Address,
        domain_registry: Address,
        stake_manager: Address,
        compute_pool: Address,
    ) -> Result<()> {
        let pn = &mut self.pn;
        pn.access.only_role(DEFAULT_ADMIN_ROLE)?;
        pn.compute_registry.set(compute_registry);
        pn.domain_registry.set(domain_registry);
        pn.stake_manager.set(stake_manager);
        pn.compute_pool.set(compute_pool);
        ComputeRegistry(compute_registry).set_compute_pool(pn.vm(), compute_pool)?;
        let minimum = StakeManager(stake_manager).get_stake_minimum()?;
        pn.stake_minimum.set(minimum);
        Ok(())
    }

    // --- stake ---

    /// `registerProvider` with an EIP-2612 permit for PrimeNetwork; `signature` is
    /// `abi.encode(r, s, v)` (96 bytes; shorter data or a `v` word above 255 reverts with
    /// empty data, as the reference's `abi.decode`).
    pub fn register_provider_with_permit(
        &mut self,
        stake: U256,
        deadline: U256,
        signature: Bytes,
    ) -> Result<()> {
        let pn = &mut self.pn;
        let provider = pn.sender();
        pn.check_and_register(provider, stake)?;
        let words = Return(signature.0);
        let (r, s, v) = (words.word(0)?, words.word(1)?, words.word(2)?);
        if v > U256::from(u8::MAX) {
            return Err(Revert::Data(Vec::new()));
        }
        let this = pn.vm().contract_address();
        pn.token()
            .permit(pn.vm(), provider, this, stake, deadline, v, r, s)?;
        pn.stake_from(provider, stake)?;
        emit(ProviderRegistered { provider, stake });
        Ok(())
    }

    /// Adds `amount` to the caller's stake: pending unbonds are rebonded first (no tokens
    /// move), only the rest moves from the caller.
    pub fn increase_stake(&mut self, amount: U256) -> Result<()> {
        let pn = &mut self.pn;
        let provider = pn.sender();
        require(
            pn.registry().check_provider_exists(provider)?,
            "Provider not registered",
        )?;
        let pending = pn.stakes().get_pending_unbond_total(provider)?;
        let mut amount = amount;
        if !pending.is_zero() {
            let rebonded = pending.min(amount);
            amount -= rebonded;
            pn.stakes().rebond(pn.vm(), provider, rebonded)?;
        }
        if !amount.is_zero() {
            pn.stake_from(provider, amount)?;
        }
        Ok(())
    }

    /// Unstakes `amount` of the caller's stake (0 = everything above what its nodes lock).
    /// `amount` above the stake is `Panic(0x11)`, as in the reference.
    pub fn reclaim_stake(&mut self, amount: U256) -> Result<()> {
        let pn = &mut self.pn;
        let provider = pn.sender();
        let stake = pn.stakes().get_stake(provider)?;
        let total = pn.registry().get_provider_total_compute(provider)?;
        let locked = pn.minimum_stake(total, U256::ZERO)?;
        let left = sub(stake, amount)?;
        require(left >= locked, "Cannot unstake more than unallocated stake")?;
        // `left >= locked` with `left <= stake`, so `stake - locked` cannot underflow.
        let amount = if amount.is_zero() {
            stake - locked
        } else {
            amount
        };
        pn.stakes().unstake(pn.vm(), provider, amount)
    }

    // --- slashing and work invalidation ---

    /// Slashes `provider` by up to `amount` (VALIDATOR_ROLE only); the slashed tokens go to
    /// the calling validator.
    pub fn slash(&mut self, provider: Address, amount: U256, reason: Bytes) -> Result<()> {
        let pn = &mut self.pn;
        pn.access.only_role(VALIDATOR_ROLE)?;
        let slashed = pn.stakes().slash(provider, amount, &reason)?;
        pn.pay_sender(slashed)
    }

    /// Invalidates work in a pool (VALIDATOR_ROLE only): the pool slashes the node's pending
    /// rewards and ejects it; the provider's stake is slashed by `penalty` (paid to the
    /// validator) or, if that slash reverts, the provider is blacklisted; then the node is
    /// invalidated and removed, each step ignoring a revert of the registry (try/catch) but
    /// not a failure for lack of gas (`try_call`).
    pub fn invalidate_work(&mut self, pool_id: U256, penalty: U256, data: Bytes) -> Result<()> {
        let pn = &mut self.pn;
        pn.access.only_role(VALIDATOR_ROLE)?;
        let (provider, node) =
            ComputePool(pn.compute_pool.get()).invalidate_work(pool_id, &data)?;
        let slash = StakeManager::slash_calldata(provider, penalty, &data);
        match pn.try_call(pn.stake_manager.get(), &slash)? {
            // A revert after the try (undecodable result, failed transfer) is not caught.
            Some(out) => pn.pay_sender(out.word(0)?)?,
            None => {
                pn.set_whitelist(provider, false)?;
                emit(ProviderBlacklisted { provider });
            }
        }
        let registry = pn.compute_registry.get();
        let invalidate =
            ComputeRegistry::set_node_validation_status_calldata(provider, node, false);
        if pn.try_call(registry, &invalidate)?.is_some() {
            emit(ComputeNodeInvalidated {
                provider,
                nodekey: node,
            });
        }
        let remove = ComputeRegistry::remove_compute_node_calldata(provider, node);
        if pn.try_call(registry, &remove)?.is_some() {
            emit(ComputeNodeRemoved {
                provider,
                nodekey: node,
            });
        }
        Ok(())
    }

    /// `computePool.softInvalidateWork` (VALIDATOR_ROLE only): returns its
    /// `(provider, node, workUnits)`; no slashing, blacklisting or ejection.
    pub fn soft_invalidate_work(
        &mut self,
        pool_id: U256,
        data: Bytes,
    ) -> Result<(Address, Address, U256)> {
        let pn = &mut self.pn;
        pn.access.only_role(VALIDATOR_ROLE)?;
        ComputePool(pn.compute_pool.get()).soft_invalidate_work(pool_id, &data)
    }
}

#[cfg(test)]
mod tests {
    use super::starved;

    #[test]
    fn starvation_is_a_call_that_left_at_most_a_64th() {
        // Given 63/64 of 1,000,000 and running out: about 15,600 left.
        assert!(starved(1_000_000, 15_600));
        assert!(starved(1_000_000, 15_873));
        // A revert that returned most of its gas.
        assert!(!starved(1_000_000, 990_000));
        assert!(!starved(1_000_000, 16_000));
        assert!(starved(0, 0));
    }
}
