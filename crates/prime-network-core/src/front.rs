//! The front program's public surface: the constructor, the protocol flow's transactions
//! (one program entry less than going through the facet), and the fallback that forwards
//! every other selector to the facet.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolEvent;
use prime_common::{
    abi_string::AbiString,
    call::{encode_params, has_code},
    interfaces::DomainRegistry,
    revert::{require, Result},
    roles::{DEFAULT_ADMIN_ROLE, FEDERATOR_ROLE, VALIDATOR_ROLE},
};
use stylus_sdk::{abi::Bytes, prelude::*, ArbResult};

use crate::{
    emit, node_key_digest, ComputeNodeAdded, ComputeNodeInvalidated, ComputeNodeRemoved,
    ComputeNodeValidated, PrimeNetwork, ProviderBlacklisted, ProviderDeregistered,
    ProviderRegistered, ProviderWhitelisted,
};

impl PrimeNetwork {
    #[cfg(not(test))]
    fn forward(&mut self, input: &[u8]) -> ArbResult {
        let facet = self.facet.get();
        // SAFETY: the facet is compiled from this crate's storage definition; the cache is
        // cleared so neither side reads stale slots.
        unsafe {
            stylus_sdk::call::RawCall::new_delegate()
                .clear_storage_cache()
                .call(facet, input)
        }
    }

    /// Under motsu a `delegatecall` would run the facet on the facet's own storage
    /// (execution.md §3.4), so unit tests run the facet's router directly on the front's
    /// storage instead: the same code, storage, address and `msg.sender` as the on-chain
    /// delegatecall. The delegatecall itself is covered by the end-to-end suite.
    #[cfg(test)]
    fn forward(&mut self, input: &[u8]) -> ArbResult {
        stylus_sdk::abi::router_entrypoint::<crate::PrimeNetworkFacet, crate::PrimeNetworkFacet>(
            input.to_vec(),
            self.__stylus_host.clone(),
        )
    }

    /// The reference's `setWhitelistStatus` call of `whitelistProvider`/`blacklistProvider`.
    pub(crate) fn set_whitelist(&mut self, provider: Address, status: bool) -> Result<()> {
        self.registry()
            .set_whitelist_status(self.vm(), provider, status)
    }
}

#[public]
impl PrimeNetwork {
    /// Grants DEFAULT_ADMIN_ROLE to `admin`, FEDERATOR_ROLE to `federator` and
    /// VALIDATOR_ROLE to `validator` (three `RoleGranted`, in this order), and records the
    /// token and the facet program, which must have code (an address without code would
    /// make every forwarded call "succeed" doing nothing). Module addresses start at zero.
    ///
    /// The reference makes `msg.sender` the admin; Stylus constructors run through
    /// StylusDeployer, so the admin is an explicit argument, as is the facet
    /// (docs/divergences/prime-network.md).
    #[constructor]
    pub fn constructor(
        &mut self,
        federator: Address,
        validator: Address,
        ai_token: Address,
        admin: Address,
        facet: Address,
    ) -> Result<()> {
        require(
            has_code(self.vm(), facet),
            "PrimeNetwork: facet has no code",
        )?;
        self.access.grant(DEFAULT_ADMIN_ROLE, admin);
        self.access.grant(FEDERATOR_ROLE, federator);
        self.access.grant(VALIDATOR_ROLE, validator);
        self.ai_token.set(ai_token);
        self.facet.set(facet);
        Ok(())
    }

    /// Every selector the front does not implement runs in the facet (delegatecall).
    #[fallback]
    pub fn fallback(&mut self, input: &[u8]) -> ArbResult {
        self.forward(input)
    }

    /// Registers the caller as a provider with `stake` (moved from the caller, who must have
    /// approved PrimeNetwork, to StakeManager).
    pub fn register_provider(&mut self, stake: U256) -> Result<()> {
        let provider = self.sender();
        self.check_and_register(provider, stake)?;
        self.stake_from(provider, stake)?;
        emit(ProviderRegistered { provider, stake });
        Ok(())
    }

    /// Lets `provider` join pools (VALIDATOR_ROLE or FEDERATOR_ROLE).
    pub fn whitelist_provider(&mut self, provider: Address) -> Result<()> {
        let sender = self.sender();
        require(
            self.access.has_role(VALIDATOR_ROLE, sender)
                || self.access.has_role(FEDERATOR_ROLE, sender),
            "Must have VALIDATOR_ROLE or FEDERATOR_ROLE",
        )?;
        self.set_whitelist(provider, true)?;
        emit(ProviderWhitelisted { provider });
        Ok(())
    }

    /// Adds a node under the caller, with the node key's consent (`signature`, §7.1).
    pub fn add_compute_node(
        &mut self,
        nodekey: Address,
        specs_uri: AbiString,
        compute_units: U256,
        signature: Bytes,
    ) -> Result<()> {
        let provider = self.sender();
        // One registry read for the registration, the whitelist and the total compute.
        let status = self.registry().get_provider_status(provider)?;
        require(status.registered, "Provider not registered")?;
        require(status.whitelisted, "Provider not whitelisted")?;
        let digest = node_key_digest(self.vm(), provider, nodekey);
        require(
            self.is_valid_signature_now(nodekey, digest, &signature),
            "Invalid signature",
        )?;
        let required = self.minimum_stake(status.total_compute, compute_units)?;
        require(
            self.stakes().get_stake(provider)? >= required,
            "Insufficient stake",
        )?;
        self.registry()
            .add_compute_node(provider, nodekey, compute_units, specs_uri.as_bytes())?;
        // `ComputeNodeAdded(provider, nodekey, specsURI)`, the string as the bytes it came as.
        let data = [provider.into(), nodekey.into(), specs_uri.as_bytes().into()];
        prime_common::log::raw_log(
            self.vm(),
            &[ComputeNodeAdded::SIGNATURE_HASH],
            &encode_params(&data),
        );
        Ok(())
    }

    /// Marks a node validated, if the provider's stake covers its current compute
    /// (VALIDATOR_ROLE only).
    pub fn validate_node(&mut self, provider: Address, nodekey: Address) -> Result<()> {
        self.access.only_role(VALIDATOR_ROLE)?;
        let total = self.registry().get_provider_total_compute(provider)?;
        let required = self.minimum_stake(total, U256::ZERO)?;
        require(
            self.stakes().get_stake(provider)? >= required,
            "Insufficient stake",
        )?;
        self.registry()
            .set_node_validation_status(self.vm(), provider, nodekey, true)?;
        emit(ComputeNodeValidated { provider, nodekey });
        Ok(())
    }

    /// Removes an inactive node (the provider itself or a validator).
    pub fn remove_compute_node(&mut self, provider: Address, nodekey: Address) -> Result<()> {
        self.only_validator_or(provider)?;
        self.registry().remove_compute_node(provider, nodekey)?;
        emit(ComputeNodeRemoved { provider, nodekey });
        Ok(())
    }

    /// Deregisters `provider` (itself or a validator) once it has no active node, and
    /// unstakes its whole stake. One call to each contract, where the reference makes two:
    /// ComputeRegistry's `deregister` itself refuses a provider with active nodes ("Provider
    /// has active nodes", the reference's check here), and StakeManager's `unstakeAll` is
    /// `unstake(provider, getStake(provider))` (docs/divergences/compute-registry.md,
    /// stake-manager.md).
    pub fn deregister_provider(&mut self, provider: Address) -> Result<()> {
        self.only_validator_or(provider)?;
        self.registry().deregister(provider)?;
        self.stakes().unstake_all(provider)?;
        emit(ProviderDeregistered { provider });
        Ok(())
    }

    /// Stops `provider` from joining pools (VALIDATOR_ROLE only).
    pub fn blacklist_provider(&mut self, provider: Address) -> Result<()> {
        self.access.only_role(VALIDATOR_ROLE)?;
        self.set_whitelist(provider, false)?;
        emit(ProviderBlacklisted { provider });
        Ok(())
    }

    /// Marks a node not validated (VALIDATOR_ROLE only); does not eject it from any pool.
    pub fn invalidate_node(&mut self, provider: Address, nodekey: Address) -> Result<()> {
        self.access.only_role(VALIDATOR_ROLE)?;
        self.registry()
            .set_node_validation_status(self.vm(), provider, nodekey, false)?;
        emit(ComputeNodeInvalidated { provider, nodekey });
        Ok(())
    }

    /// `(providerTotalCompute + computeUnits + 1) * stakeMinimum`.
    pub fn calculate_minimum_stake(&self, provider: Address, compute_units: U256) -> Result<U256> {
        let total = self.registry().get_provider_total_compute(provider)?;
        self.minimum_stake(total, compute_units)
    }

    /// `stakeManager.setStakeMinimum(amount)` (FEDERATOR_ROLE only).
    pub fn set_stake_minimum(&mut self, amount: U256) -> Result<()> {
        self.access.only_role(FEDERATOR_ROLE)?;
        self.stakes().set_stake_minimum(self.vm(), amount)?;
        self.stake_minimum.set(amount);
        Ok(())
    }

    /// `domainRegistry.updateValidationLogic` (FEDERATOR_ROLE only).
    pub fn update_domain_validation_logic(
        &mut self,
        domain_id: U256,
        validation_logic: Address,
    ) -> Result<()> {
        self.access.only_role(FEDERATOR_ROLE)?;
        DomainRegistry(self.domain_registry.get()).update_validation_logic(
            self.vm(),
            domain_id,
            validation_logic,
        )
    }

    /// `domainRegistry.updateParameters` (FEDERATOR_ROLE only).
    pub fn update_domain_parameters(
        &mut self,
        domain_id: U256,
        domain_parameters_uri: AbiString,
    ) -> Result<()> {
        self.access.only_role(FEDERATOR_ROLE)?;
        DomainRegistry(self.domain_registry.get()).update_parameters(
            self.vm(),
            domain_id,
            domain_parameters_uri.as_bytes(),
        )
    }

    /// `domainRegistry.create(name, computePool, validationLogic, uri)` (FEDERATOR_ROLE only).
    pub fn create_domain(
        &mut self,
        domain_name: AbiString,
        validation_logic: Address,
        domain_uri: AbiString,
    ) -> Result<U256> {
        self.access.only_role(FEDERATOR_ROLE)?;
        DomainRegistry(self.domain_registry.get()).create(
            domain_name.as_bytes(),
            self.compute_pool.get(),
            validation_logic,
            domain_uri.as_bytes(),
        )
    }
}

impl PrimeNetwork {
    /// Steps 1-2 of both registrations: the stake minimum, then the registry.
    pub(crate) fn check_and_register(&mut self, provider: Address, stake: U256) -> Result<()> {
        require(
            stake >= self.stake_minimum.get(),
            "Stake amount is below minimum",
        )?;
        require(
            self.registry().register(provider)?,
            "Provider registration failed",
        )
    }
}
