//! The front program's public surface: constructor, roles (AccessControl + Enumerable),
//! `setFederator` / `setValidator`, the federator and validator administration, the module
//! getters, and the fallback that forwards every other selector to the facet.

use alloc::{string::String, vec::Vec};

use alloy_primitives::{aliases::B32, Address, B256, U256};
use alloy_sol_types::SolCall;
use openzeppelin_stylus::access::control::{
    extensions::enumerable::IAccessControlEnumerable, AccessControlBadConfirmation,
    Error as AcError, IAccessControl,
};
use prime_common::roles::{DEFAULT_ADMIN_ROLE, FEDERATOR_ROLE, VALIDATOR_ROLE};
use stylus_sdk::{prelude::*, stylus_core::log, ArbResult};

use crate::{calls::*, panic_code, Arg, PrimeNetwork, ProviderBlacklisted, ProviderWhitelisted};

const INTERFACE_ERC165: u32 = 0x01ffc9a7;
const INTERFACE_ACCESS_CONTROL: u32 = 0x7965db0b;
const INTERFACE_ACCESS_CONTROL_ENUMERABLE: u32 = 0x5a05180f;

impl PrimeNetwork {
    /// AccessControlEnumerable's `_grantRole`: both the role flag and the member set.
    fn grant(&mut self, role: B256, account: Address) -> bool {
        self.enumerable._grant_role(role, account, &mut self.access)
    }

    /// AccessControlEnumerable's `_revokeRole`.
    fn revoke(&mut self, role: B256, account: Address) -> bool {
        self.enumerable
            ._revoke_role(role, account, &mut self.access)
    }

    /// `onlyRole(getRoleAdmin(role))` of the public grant/revoke.
    fn only_admin_of(&self, role: B256) -> Result<(), Vec<u8>> {
        Ok(self
            .access
            ._check_role(self.access.get_role_admin(role), self.sender())?)
    }

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
}

#[public]
impl PrimeNetwork {
    /// Grants DEFAULT_ADMIN_ROLE to `admin`, FEDERATOR_ROLE to `federator` and
    /// VALIDATOR_ROLE to `validator` (three `RoleGranted`, in this order), and records the
    /// token and the facet program. Module addresses start at zero.
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
    ) {
        self.grant(DEFAULT_ADMIN_ROLE.into(), admin);
        self.grant(FEDERATOR_ROLE.into(), federator);
        self.grant(VALIDATOR_ROLE.into(), validator);
        self.ai_token.set(ai_token);
        self.facet.set(facet);
    }

    /// Every selector the front does not implement runs in the facet (delegatecall).
    #[fallback]
    pub fn fallback(&mut self, input: &[u8]) -> ArbResult {
        self.forward(input)
    }

    // --- role constants ---

    /// `DEFAULT_ADMIN_ROLE()`.
    #[selector(name = "DEFAULT_ADMIN_ROLE")]
    pub fn default_admin_role(&self) -> B256 {
        DEFAULT_ADMIN_ROLE.into()
    }

    /// `FEDERATOR_ROLE()`.
    #[selector(name = "FEDERATOR_ROLE")]
    pub fn federator_role(&self) -> B256 {
        FEDERATOR_ROLE.into()
    }

    /// `VALIDATOR_ROLE()`.
    #[selector(name = "VALIDATOR_ROLE")]
    pub fn validator_role(&self) -> B256 {
        VALIDATOR_ROLE.into()
    }

    // --- AccessControl + Enumerable ---

    /// Whether `account` holds `role`.
    #[selector(name = "hasRole")]
    pub fn has_role_of(&self, role: B256, account: Address) -> bool {
        self.access.has_role(role, account)
    }

    /// The admin role of `role` (always DEFAULT_ADMIN_ROLE here).
    pub fn get_role_admin(&self, role: B256) -> B256 {
        self.access.get_role_admin(role)
    }

    /// Grants `role` (caller needs its admin role); emits `RoleGranted` if new.
    pub fn grant_role(&mut self, role: B256, account: Address) -> Result<(), Vec<u8>> {
        self.only_admin_of(role)?;
        self.grant(role, account);
        Ok(())
    }

    /// Revokes `role` (caller needs its admin role); emits `RoleRevoked` if held.
    pub fn revoke_role(&mut self, role: B256, account: Address) -> Result<(), Vec<u8>> {
        self.only_admin_of(role)?;
        self.revoke(role, account);
        Ok(())
    }

    /// Gives up `role`; `caller_confirmation` must be the caller.
    pub fn renounce_role(
        &mut self,
        role: B256,
        caller_confirmation: Address,
    ) -> Result<(), Vec<u8>> {
        let sender = self.sender();
        if caller_confirmation != sender {
            return Err(AcError::BadConfirmation(AccessControlBadConfirmation {}).into());
        }
        self.revoke(role, sender);
        Ok(())
    }

    /// The member of `role` at `index` (set order); out of range is `Panic(0x32)` as in the
    /// reference's EnumerableSet.
    pub fn get_role_member(&self, role: B256, index: U256) -> Result<Address, Vec<u8>> {
        self.enumerable
            .get_role_member(role, index)
            .map_err(|_| panic_code(0x32))
    }

    /// How many accounts hold `role`.
    pub fn get_role_member_count(&self, role: B256) -> U256 {
        self.enumerable.get_role_member_count(role)
    }

    /// All accounts holding `role`, in set order.
    pub fn get_role_members(&self, role: B256) -> Vec<Address> {
        self.enumerable.get_role_members(role)
    }

    /// ERC-165: ERC-165, IAccessControl and IAccessControlEnumerable, as the reference.
    pub fn supports_interface(&self, interface_id: B32) -> bool {
        let id = u32::from_be_bytes(interface_id.0);
        id == INTERFACE_ERC165
            || id == INTERFACE_ACCESS_CONTROL
            || id == INTERFACE_ACCESS_CONTROL_ENUMERABLE
    }

    /// Hands FEDERATOR_ROLE from the caller to `federator` (FEDERATOR_ROLE only; like the
    /// reference's public grant/revoke it also needs DEFAULT_ADMIN_ROLE).
    pub fn set_federator(&mut self, federator: Address) -> Result<(), Vec<u8>> {
        self.only_role(FEDERATOR_ROLE)?;
        let role: B256 = FEDERATOR_ROLE.into();
        self.only_admin_of(role)?;
        self.grant(role, federator);
        self.revoke(role, self.sender());
        Ok(())
    }

    /// Makes `validator` the validator: grants it VALIDATOR_ROLE and revokes the role from
    /// every other holder (FEDERATOR_ROLE only, plus DEFAULT_ADMIN_ROLE as the reference's
    /// public grant/revoke). The reference revokes the role from the *caller* instead, so
    /// the old validator kept it (§13 item 1); fixed, see docs/divergences/prime-network.md.
    pub fn set_validator(&mut self, validator: Address) -> Result<(), Vec<u8>> {
        self.only_role(FEDERATOR_ROLE)?;
        let role: B256 = VALIDATOR_ROLE.into();
        self.only_admin_of(role)?;
        self.grant(role, validator);
        for old in self.enumerable.get_role_members(role) {
            if old != validator {
                self.revoke(role, old);
            }
        }
        Ok(())
    }

    // --- federator and validator administration ---

    /// Wires the modules (DEFAULT_ADMIN_ROLE only) and gives the pool COMPUTE_POOL_ROLE on
    /// the registry (`computeRegistry.setComputePool`).
    pub fn set_module_addresses(
        &mut self,
        compute_registry: Address,
        domain_registry: Address,
        stake_manager: Address,
        compute_pool: Address,
    ) -> Result<(), Vec<u8>> {
        self.only_role(DEFAULT_ADMIN_ROLE)?;
        self.compute_registry.set(compute_registry);
        self.domain_registry.set(domain_registry);
        self.stake_manager.set(stake_manager);
        self.compute_pool.set(compute_pool);
        self.call(
            compute_registry,
            setComputePoolCall::SELECTOR,
            &[Arg::addr(compute_pool)],
            false,
        )?;
        Ok(())
    }

    /// `stakeManager.setStakeMinimum(amount)` (FEDERATOR_ROLE only).
    pub fn set_stake_minimum(&mut self, amount: U256) -> Result<(), Vec<u8>> {
        self.only_role(FEDERATOR_ROLE)?;
        self.call(
            self.stakes(),
            setStakeMinimumCall::SELECTOR,
            &[Arg::Word(amount)],
            false,
        )?;
        Ok(())
    }

    /// Lets `provider` join pools (VALIDATOR_ROLE or FEDERATOR_ROLE).
    pub fn whitelist_provider(&mut self, provider: Address) -> Result<(), Vec<u8>> {
        let sender = self.sender();
        PrimeNetwork::require(
            self.has_role(VALIDATOR_ROLE, sender) || self.has_role(FEDERATOR_ROLE, sender),
            "Must have VALIDATOR_ROLE or FEDERATOR_ROLE",
        )?;
        self.set_whitelist(provider, true)?;
        log(self.vm(), ProviderWhitelisted { provider });
        Ok(())
    }

    /// Stops `provider` from joining pools (VALIDATOR_ROLE only).
    pub fn blacklist_provider(&mut self, provider: Address) -> Result<(), Vec<u8>> {
        self.only_role(VALIDATOR_ROLE)?;
        self.set_whitelist(provider, false)?;
        log(self.vm(), ProviderBlacklisted { provider });
        Ok(())
    }

    /// `domainRegistry.create(name, computePool, validationLogic, uri)` (FEDERATOR_ROLE only).
    pub fn create_domain(
        &mut self,
        domain_name: String,
        validation_logic: Address,
        domain_uri: String,
    ) -> Result<U256, Vec<u8>> {
        self.only_role(FEDERATOR_ROLE)?;
        let args = [
            Arg::Dynamic(domain_name.as_bytes()),
            Arg::addr(self.compute_pool.get()),
            Arg::addr(validation_logic),
            Arg::Dynamic(domain_uri.as_bytes()),
        ];
        self.call_word(
            self.domain_registry.get(),
            createCall::SELECTOR,
            &args,
            false,
        )
    }

    /// `domainRegistry.updateValidationLogic` (FEDERATOR_ROLE only).
    pub fn update_domain_validation_logic(
        &mut self,
        domain_id: U256,
        validation_logic: Address,
    ) -> Result<(), Vec<u8>> {
        self.only_role(FEDERATOR_ROLE)?;
        let args = [Arg::Word(domain_id), Arg::addr(validation_logic)];
        self.call(
            self.domain_registry.get(),
            updateValidationLogicCall::SELECTOR,
            &args,
            false,
        )?;
        Ok(())
    }

    /// `domainRegistry.updateParameters` (FEDERATOR_ROLE only).
    pub fn update_domain_parameters(
        &mut self,
        domain_id: U256,
        domain_parameters_uri: String,
    ) -> Result<(), Vec<u8>> {
        self.only_role(FEDERATOR_ROLE)?;
        let args = [
            Arg::Word(domain_id),
            Arg::Dynamic(domain_parameters_uri.as_bytes()),
        ];
        self.call(
            self.domain_registry.get(),
            updateParametersCall::SELECTOR,
            &args,
            false,
        )?;
        Ok(())
    }

    // --- module getters ---

    /// The AI token.
    #[selector(name = "AIToken")]
    pub fn ai_token(&self) -> Address {
        self.ai_token.get()
    }

    /// The ComputeRegistry (zero until `setModuleAddresses`).
    pub fn compute_registry(&self) -> Address {
        self.compute_registry.get()
    }

    /// The DomainRegistry.
    pub fn domain_registry(&self) -> Address {
        self.domain_registry.get()
    }

    /// The StakeManager.
    pub fn stake_manager(&self) -> Address {
        self.stake_manager.get()
    }

    /// The ComputePool.
    pub fn compute_pool(&self) -> Address {
        self.compute_pool.get()
    }
}
