//! Minimal mocks of the contracts PrimeNetwork calls, written from the reference ABIs and
//! semantics (spec §3.2-§3.5): only the selectors PrimeNetwork uses, plus test setters.
//! Each mock only accepts calls from PrimeNetwork (its PRIME_ROLE holder), which also checks
//! that the facet's calls leave with the front's address as `msg.sender`.
#![allow(missing_docs, clippy::too_many_arguments)]

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{Address, FixedBytes, B256, U256};
use stylus_sdk::{
    abi::Bytes,
    call::RawCall,
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageBytes, StorageMap, StorageString, StorageU256},
};

use alloy_sol_types::SolCall;
use prime_common::{
    call::encode,
    interfaces::IToken::{transferCall, transferFromCall},
    revert::error_string,
};

fn only(prime: Address, sender: Address) -> Result<(), Vec<u8>> {
    if prime == sender {
        Ok(())
    } else {
        Err(error_string("mock: caller is not PrimeNetwork"))
    }
}

fn token_call(token: Address, data: &[u8]) -> Result<(), Vec<u8>> {
    // SAFETY: test mock; no storage reference lives across the call.
    unsafe { RawCall::new().clear_storage_cache().call(token, data) }.map(|_| ())
}

/// StakeManager (§3.2) without the unbonding queue: stake, total unbonding per staker,
/// rebond, and the slash order (stake first if it covers the amount, else locked unbonds
/// first, then stake, capped).
#[storage]
pub struct MockStakeManager {
    prime: StorageAddress,
    token: StorageAddress,
    minimum: StorageU256,
    stakes: StorageMap<Address, StorageU256>,
    unbonding: StorageMap<Address, StorageU256>,
    last_unstake: StorageMap<Address, StorageU256>,
    unstake_calls: StorageU256,
    rebond_calls: StorageU256,
    revert_slash: StorageBool,
}

unsafe impl TopLevelStorage for MockStakeManager {}

#[public]
impl MockStakeManager {
    pub fn init(&mut self, prime: Address, token: Address) {
        self.prime.set(prime);
        self.token.set(token);
    }

    pub fn set_revert_slash(&mut self, revert: bool) {
        self.revert_slash.set(revert);
    }

    pub fn get_stake(&self, staker: Address) -> U256 {
        self.stakes.get(staker)
    }

    pub fn get_stake_minimum(&self) -> U256 {
        self.minimum.get()
    }

    pub fn get_pending_unbond_total(&self, staker: Address) -> U256 {
        self.unbonding.get(staker)
    }

    pub fn last_unstake(&self, staker: Address) -> U256 {
        self.last_unstake.get(staker)
    }

    pub fn unstake_calls(&self) -> U256 {
        self.unstake_calls.get()
    }

    pub fn rebond_calls(&self) -> U256 {
        self.rebond_calls.get()
    }

    pub fn set_stake_minimum(&mut self, minimum: U256) -> Result<(), Vec<u8>> {
        only(self.prime.get(), self.vm().msg_sender())?;
        self.minimum.set(minimum);
        Ok(())
    }

    pub fn stake(&mut self, staker: Address, amount: U256) -> Result<(), Vec<u8>> {
        let sender = self.vm().msg_sender();
        only(self.prime.get(), sender)?;
        let s = self.stakes.get(staker);
        self.stakes.insert(staker, s + amount);
        let this = self.vm().contract_address();
        let pull = encode(
            transferFromCall::SELECTOR,
            &[sender.into(), this.into(), amount.into()],
        );
        token_call(self.token.get(), &pull)
    }

    /// Books `amount` the caller already moved here (StakeManager's `creditStake`).
    pub fn credit_stake(&mut self, staker: Address, amount: U256) -> Result<(), Vec<u8>> {
        only(self.prime.get(), self.vm().msg_sender())?;
        let s = self.stakes.get(staker);
        self.stakes.insert(staker, s + amount);
        Ok(())
    }

    pub fn unstake(&mut self, staker: Address, amount: U256) -> Result<(), Vec<u8>> {
        only(self.prime.get(), self.vm().msg_sender())?;
        let s = self.stakes.get(staker);
        if s < amount {
            return Err(error_string("StakeManager: insufficient balance"));
        }
        self.stakes.insert(staker, s - amount);
        let u = self.unbonding.get(staker);
        self.unbonding.insert(staker, u + amount);
        self.last_unstake.insert(staker, amount);
        let calls = self.unstake_calls.get();
        self.unstake_calls.set(calls + U256::from(1));
        Ok(())
    }

    /// StakeManager's `unstakeAll`: `unstake(staker, getStake(staker))`, returning the amount.
    pub fn unstake_all(&mut self, staker: Address) -> Result<U256, Vec<u8>> {
        let stake = self.stakes.get(staker);
        self.unstake(staker, stake)?;
        Ok(stake)
    }

    pub fn rebond(&mut self, staker: Address, amount: U256) -> Result<(), Vec<u8>> {
        only(self.prime.get(), self.vm().msg_sender())?;
        let u = self.unbonding.get(staker);
        if u < amount {
            return Err(error_string("StakeManager: insufficient unbonding balance"));
        }
        self.unbonding.insert(staker, u - amount);
        let s = self.stakes.get(staker);
        self.stakes.insert(staker, s + amount);
        let calls = self.rebond_calls.get();
        self.rebond_calls.set(calls + U256::from(1));
        Ok(())
    }

    pub fn slash(
        &mut self,
        staker: Address,
        amount: U256,
        _reason: Bytes,
    ) -> Result<U256, Vec<u8>> {
        let sender = self.vm().msg_sender();
        only(self.prime.get(), sender)?;
        if self.revert_slash.get() {
            return Err(error_string("mock: slash reverts"));
        }
        let (s, u) = (self.stakes.get(staker), self.unbonding.get(staker));
        let slashed = if s >= amount {
            self.stakes.insert(staker, s - amount);
            amount
        } else {
            let from_unbonds = u.min(amount);
            let from_stake = (amount - from_unbonds).min(s);
            self.unbonding.insert(staker, u - from_unbonds);
            self.stakes.insert(staker, s - from_stake);
            from_unbonds + from_stake
        };
        token_call(
            self.token.get(),
            &encode(transferCall::SELECTOR, &[sender.into(), slashed.into()]),
        )?;
        Ok(slashed)
    }
}

/// ComputeRegistry (§3.3), flattened: one record per provider and per node.
#[storage]
pub struct MockComputeRegistry {
    prime: StorageAddress,
    pool: StorageAddress,
    exists: StorageMap<Address, StorageBool>,
    whitelisted: StorageMap<Address, StorageBool>,
    active_nodes: StorageMap<Address, StorageU256>,
    total_compute: StorageMap<Address, StorageU256>,
    node_provider: StorageMap<Address, StorageAddress>,
    node_present: StorageMap<Address, StorageBool>,
    node_units: StorageMap<Address, StorageU256>,
    node_active: StorageMap<Address, StorageBool>,
    node_validated: StorageMap<Address, StorageBool>,
}

unsafe impl TopLevelStorage for MockComputeRegistry {}

impl MockComputeRegistry {
    fn node_of(&self, provider: Address, subkey: Address) -> Result<(), Vec<u8>> {
        if self.node_present.get(subkey) && self.node_provider.get(subkey) == provider {
            Ok(())
        } else {
            Err(error_string("ComputeRegistry: node not found"))
        }
    }
}

#[public]
impl MockComputeRegistry {
    pub fn init(&mut self, prime: Address) {
        self.prime.set(prime);
    }

    /// Test hook standing in for ComputePool's `updateNodeStatus`.
    pub fn set_node_active(&mut self, provider: Address, subkey: Address, active: bool) {
        self.node_active.insert(subkey, active);
        let n = self.active_nodes.get(provider);
        self.active_nodes.insert(
            provider,
            if active {
                n + U256::from(1)
            } else {
                n - U256::from(1)
            },
        );
    }

    pub fn compute_pool(&self) -> Address {
        self.pool.get()
    }

    /// `providers(address)`: (providerAddress, isWhitelisted, activeNodes).
    pub fn providers(&self, provider: Address) -> (Address, bool, u32) {
        let address = if self.exists.get(provider) {
            provider
        } else {
            Address::ZERO
        };
        (
            address,
            self.whitelisted.get(provider),
            self.active_nodes.get(provider).to::<u32>(),
        )
    }

    pub fn get_node_validation_status(
        &self,
        provider: Address,
        subkey: Address,
    ) -> Result<bool, Vec<u8>> {
        self.node_of(provider, subkey)?;
        Ok(self.node_validated.get(subkey))
    }

    pub fn get_node_provider(&self, subkey: Address) -> Address {
        self.node_provider.get(subkey)
    }

    pub fn node_present(&self, subkey: Address) -> bool {
        self.node_present.get(subkey)
    }

    pub fn set_compute_pool(&mut self, compute_pool: Address) -> Result<(), Vec<u8>> {
        only(self.prime.get(), self.vm().msg_sender())?;
        self.pool.set(compute_pool);
        Ok(())
    }

    pub fn register(&mut self, provider: Address) -> Result<bool, Vec<u8>> {
        only(self.prime.get(), self.vm().msg_sender())?;
        if self.exists.get(provider) {
            return Ok(false);
        }
        self.exists.insert(provider, true);
        self.whitelisted.insert(provider, false);
        Ok(true)
    }

    /// Deregistration clears the provider's compute too (the registry's §13 item 5 fix).
    pub fn deregister(&mut self, provider: Address) -> Result<bool, Vec<u8>> {
        only(self.prime.get(), self.vm().msg_sender())?;
        if !self.active_nodes.get(provider).is_zero() {
            return Err(error_string("Provider has active nodes"));
        }
        if !self.exists.get(provider) {
            return Ok(false);
        }
        self.exists.insert(provider, false);
        self.whitelisted.insert(provider, false);
        self.total_compute.insert(provider, U256::ZERO);
        Ok(true)
    }

    pub fn check_provider_exists(&self, provider: Address) -> bool {
        self.exists.get(provider)
    }

    pub fn get_whitelist_status(&self, provider: Address) -> bool {
        self.whitelisted.get(provider)
    }

    pub fn set_whitelist_status(&mut self, provider: Address, status: bool) -> Result<(), Vec<u8>> {
        only(self.prime.get(), self.vm().msg_sender())?;
        self.whitelisted.insert(provider, status);
        Ok(())
    }

    pub fn set_node_validation_status(
        &mut self,
        provider: Address,
        subkey: Address,
        status: bool,
    ) -> Result<(), Vec<u8>> {
        only(self.prime.get(), self.vm().msg_sender())?;
        self.node_of(provider, subkey)?;
        self.node_validated.insert(subkey, status);
        Ok(())
    }

    pub fn get_provider_active_nodes(&self, provider: Address) -> u32 {
        self.active_nodes.get(provider).to::<u32>()
    }

    pub fn get_provider_total_compute(&self, provider: Address) -> U256 {
        self.total_compute.get(provider)
    }

    pub fn get_provider_status(&self, provider: Address) -> (bool, bool, u32, U256) {
        (
            self.check_provider_exists(provider),
            self.get_whitelist_status(provider),
            self.get_provider_active_nodes(provider),
            self.get_provider_total_compute(provider),
        )
    }

    pub fn add_compute_node(
        &mut self,
        provider: Address,
        subkey: Address,
        compute_units: U256,
        _specs_uri: String,
    ) -> Result<U256, Vec<u8>> {
        only(self.prime.get(), self.vm().msg_sender())?;
        let existing = self.node_provider.get(subkey);
        if existing != Address::ZERO && existing != provider {
            return Err(error_string(
                "ComputeRegistry: node has already registered with another provider",
            ));
        }
        if existing == provider && self.node_present.get(subkey) {
            return Err(error_string(
                "ComputeRegistry: node already exists with this provider",
            ));
        }
        self.node_provider.insert(subkey, provider);
        self.node_present.insert(subkey, true);
        self.node_units.insert(subkey, compute_units);
        self.node_validated.insert(subkey, false);
        let total = self.total_compute.get(provider);
        self.total_compute.insert(provider, total + compute_units);
        Ok(U256::ZERO)
    }

    pub fn remove_compute_node(
        &mut self,
        provider: Address,
        subkey: Address,
    ) -> Result<bool, Vec<u8>> {
        only(self.prime.get(), self.vm().msg_sender())?;
        self.node_of(provider, subkey)?;
        if self.node_active.get(subkey) {
            return Err(error_string(
                "ComputeRegistry: node must be inactive to remove",
            ));
        }
        self.node_present.insert(subkey, false);
        self.node_validated.insert(subkey, false);
        let total = self.total_compute.get(provider);
        self.total_compute
            .insert(provider, total - self.node_units.get(subkey));
        Ok(true)
    }
}

/// DomainRegistry (§3.4): the last values written, per id.
#[storage]
pub struct MockDomainRegistry {
    prime: StorageAddress,
    count: StorageU256,
    names: StorageMap<U256, StorageString>,
    uris: StorageMap<U256, StorageString>,
    logic: StorageMap<U256, StorageAddress>,
    pools: StorageMap<U256, StorageAddress>,
}

unsafe impl TopLevelStorage for MockDomainRegistry {}

#[public]
impl MockDomainRegistry {
    pub fn init(&mut self, prime: Address) {
        self.prime.set(prime);
    }

    /// (name, validationLogic, parametersURI, computePool) of `domain_id`.
    pub fn domain(&self, domain_id: U256) -> (String, Address, String, Address) {
        (
            self.names.getter(domain_id).get_string(),
            self.logic.get(domain_id),
            self.uris.getter(domain_id).get_string(),
            self.pools.get(domain_id),
        )
    }

    pub fn create(
        &mut self,
        name: String,
        compute_pool: Address,
        validation_contract: Address,
        domain_parameters_uri: String,
    ) -> Result<U256, Vec<u8>> {
        only(self.prime.get(), self.vm().msg_sender())?;
        let id = self.count.get();
        self.names.setter(id).set_str(name);
        self.uris.setter(id).set_str(domain_parameters_uri);
        self.logic.insert(id, validation_contract);
        self.pools.insert(id, compute_pool);
        self.count.set(id + U256::from(1));
        Ok(id)
    }

    pub fn update_validation_logic(
        &mut self,
        domain_id: U256,
        validation_contract: Address,
    ) -> Result<(), Vec<u8>> {
        only(self.prime.get(), self.vm().msg_sender())?;
        if domain_id >= self.count.get() {
            return Err(prime_common::revert::panic_code(0x32));
        }
        self.logic.insert(domain_id, validation_contract);
        Ok(())
    }

    pub fn update_parameters(
        &mut self,
        domain_id: U256,
        domain_parameters_uri: String,
    ) -> Result<(), Vec<u8>> {
        only(self.prime.get(), self.vm().msg_sender())?;
        if domain_id >= self.count.get() {
            return Err(prime_common::revert::panic_code(0x32));
        }
        self.uris.setter(domain_id).set_str(domain_parameters_uri);
        Ok(())
    }
}

/// ComputePool (§3.5): `invalidateWork` / `softInvalidateWork` return the configured work
/// owner; the pool's own ejection is out of PrimeNetwork's scope.
#[storage]
pub struct MockComputePool {
    prime: StorageAddress,
    provider: StorageAddress,
    node: StorageAddress,
    units: StorageU256,
    last_data: StorageMap<U256, StorageBytes>,
}

unsafe impl TopLevelStorage for MockComputePool {}

#[public]
impl MockComputePool {
    pub fn init(&mut self, prime: Address) {
        self.prime.set(prime);
    }

    pub fn set_work(&mut self, provider: Address, node: Address, units: U256) {
        self.provider.set(provider);
        self.node.set(node);
        self.units.set(units);
    }

    pub fn last_data(&self, pool_id: U256) -> Bytes {
        self.last_data.getter(pool_id).get_bytes().into()
    }

    pub fn invalidate_work(
        &mut self,
        pool_id: U256,
        data: Bytes,
    ) -> Result<(Address, Address), Vec<u8>> {
        only(self.prime.get(), self.vm().msg_sender())?;
        self.last_data.setter(pool_id).set_bytes(data.0);
        Ok((self.provider.get(), self.node.get()))
    }

    pub fn soft_invalidate_work(
        &mut self,
        pool_id: U256,
        data: Bytes,
    ) -> Result<(Address, Address, U256), Vec<u8>> {
        only(self.prime.get(), self.vm().msg_sender())?;
        self.last_data.setter(pool_id).set_bytes(data.0);
        Ok((self.provider.get(), self.node.get(), self.units.get()))
    }
}

/// An ERC-1271 signer (a smart-contract node key) that accepts exactly one hash.
#[storage]
pub struct MockErc1271 {
    accepted: StorageU256,
}

unsafe impl TopLevelStorage for MockErc1271 {}

#[public]
impl MockErc1271 {
    pub fn accept(&mut self, hash: B256) {
        self.accepted.set(hash.into());
    }

    pub fn is_valid_signature(&self, hash: B256, _signature: Bytes) -> FixedBytes<4> {
        if U256::from_be_bytes(hash.0) == self.accepted.get() {
            FixedBytes([0x16, 0x26, 0xba, 0x7e])
        } else {
            FixedBytes([0xff, 0xff, 0xff, 0xff])
        }
    }
}

/// A contract account calling PrimeNetwork with raw calldata, to exercise the front's
/// router and fallback forwarding (`msg.sender` is this contract).
#[storage]
pub struct RawCaller {}

unsafe impl TopLevelStorage for RawCaller {}

#[public]
impl RawCaller {
    pub fn raw(&mut self, to: Address, data: Bytes) -> Result<Bytes, Vec<u8>> {
        // SAFETY: test helper; no storage reference lives across the call.
        unsafe { RawCall::new().clear_storage_cache().call(to, &data) }.map(Bytes::from)
    }
}
