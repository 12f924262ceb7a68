//! `DomainRegistry` of the reference (spec §3.4): an append-only array of domains (name,
//! validation-logic contract, parameters URI, compute pool). PrimeNetwork (PRIME_ROLE)
//! creates and updates them; ComputePool and the validator read them.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
extern crate alloc;

pub mod abi;

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{aliases::B32, Address, B256, U256};
use alloy_sol_types::{sol, SolError, SolValue};
use openzeppelin_stylus::access::control::{
    extensions::{AccessControlEnumerable, IAccessControlEnumerable},
    AccessControl, AccessControlBadConfirmation, IAccessControl,
};
use prime_common::{
    revert_data::{panic_code, PANIC_INDEX},
    roles::{DEFAULT_ADMIN_ROLE, PRIME_ROLE},
};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageString, StorageU256, StorageVec},
    ArbResult,
};

const INTERFACE_ERC165: u32 = 0x01ffc9a7;
const INTERFACE_ACCESS_CONTROL: u32 = 0x7965db0b;
const INTERFACE_ACCESS_CONTROL_ENUMERABLE: u32 = 0x5a05180f;

/// Selector of the public getter `domains(uint256)`, served by the fallback (see there).
pub const DOMAINS_SELECTOR: [u8; 4] = [0x66, 0xcf, 0x8f, 0xab];

sol! {
    /// `IDomainRegistry.Domain`.
    #[derive(Debug, PartialEq, Eq)]
    struct Domain {
        uint256 domainId;
        string name;
        address validationLogic;
        string domainParametersURI;
        address computePool;
    }

    /// `DomainCreated(string domainName, uint256 domainId, address validationLogic, string domainParametersURI)`.
    #[cfg_attr(test, derive(Debug))]
    event DomainCreated(string domainName, uint256 domainId, address validationLogic, string domainParametersURI);
    /// `DomainUpdated(uint256 domainId, address validationLogic, string domainParametersURI)`.
    #[cfg_attr(test, derive(Debug))]
    event DomainUpdated(uint256 domainId, address validationLogic, string domainParametersURI);
}

prime_common::abi_struct!(Domain, "(uint256,string,address,string,address)");

/// One stored domain.
#[storage]
pub struct StoredDomain {
    domain_id: StorageU256,
    name: StorageString,
    validation_logic: StorageAddress,
    domain_parameters_uri: StorageString,
    compute_pool: StorageAddress,
}

/// DomainRegistry storage.
#[entrypoint]
#[storage]
pub struct DomainRegistry {
    access: AccessControl,
    members: AccessControlEnumerable,
    domains: StorageVec<StoredDomain>,
}

impl DomainRegistry {
    fn only_role(&self, role: [u8; 32]) -> Result<(), Vec<u8>> {
        Ok(self
            .access
            ._check_role(role.into(), self.vm().msg_sender())?)
    }

    /// Index of domain `domain_id`, or `Panic(0x32)` as the reference's array access.
    fn index(&self, domain_id: U256) -> Result<usize, Vec<u8>> {
        usize::try_from(domain_id)
            .ok()
            .filter(|i| *i < self.domains.len())
            .ok_or_else(|| panic_code(PANIC_INDEX))
    }

    fn load(&self, domain_id: U256) -> Result<Domain, Vec<u8>> {
        let d = self
            .domains
            .getter(self.index(domain_id)?)
            .ok_or_else(|| panic_code(PANIC_INDEX))?;
        Ok(Domain {
            domainId: d.domain_id.get(),
            name: d.name.get_string(),
            validationLogic: d.validation_logic.get(),
            domainParametersURI: d.domain_parameters_uri.get_string(),
            computePool: d.compute_pool.get(),
        })
    }

    /// `domains(uint256)`: the public array getter, five outputs (not one struct).
    pub fn domains_getter(&self, domain_id: U256) -> Result<Vec<u8>, Vec<u8>> {
        let d = self.load(domain_id)?;
        Ok((
            d.domainId,
            d.name,
            d.validationLogic,
            d.domainParametersURI,
            d.computePool,
        )
            .abi_encode_params())
    }
}

#[public]
impl DomainRegistry {
    /// Grants DEFAULT_ADMIN_ROLE then PRIME_ROLE to `prime_admin` (as the reference).
    #[constructor]
    pub fn constructor(&mut self, prime_admin: Address) {
        for role in [DEFAULT_ADMIN_ROLE, PRIME_ROLE] {
            self.members
                ._grant_role(role.into(), prime_admin, &mut self.access);
        }
    }

    /// Serves `domains(uint256)`. stylus-sdk 0.9 encodes a function's multiple return values
    /// as one tuple (an extra offset word when one of them is a string), so this getter is
    /// encoded by hand here; every other unknown selector reverts without data, as Solidity.
    #[fallback]
    pub fn fallback(&mut self, calldata: &[u8]) -> ArbResult {
        match calldata {
            [s0, s1, s2, s3, arg @ ..]
                if [*s0, *s1, *s2, *s3] == DOMAINS_SELECTOR && arg.len() >= 32 =>
            {
                self.domains_getter(U256::from_be_slice(&arg[..32]))
            }
            _ => Err(Vec::new()),
        }
    }

    // --- constants ---

    /// `DEFAULT_ADMIN_ROLE()`.
    #[selector(name = "DEFAULT_ADMIN_ROLE")]
    pub fn default_admin_role(&self) -> B256 {
        DEFAULT_ADMIN_ROLE.into()
    }

    /// `PRIME_ROLE()`.
    #[selector(name = "PRIME_ROLE")]
    pub fn prime_role(&self) -> B256 {
        PRIME_ROLE.into()
    }

    // --- AccessControlEnumerable ---

    /// Whether `account` holds `role`.
    pub fn has_role(&self, role: B256, account: Address) -> bool {
        self.access.has_role(role, account)
    }

    /// The admin role of `role` (always DEFAULT_ADMIN_ROLE here).
    pub fn get_role_admin(&self, role: B256) -> B256 {
        self.access.get_role_admin(role)
    }

    /// Grants `role`; the caller needs the role's admin role.
    pub fn grant_role(&mut self, role: B256, account: Address) -> Result<(), Vec<u8>> {
        self.only_role(self.access.get_role_admin(role).0)?;
        self.members._grant_role(role, account, &mut self.access);
        Ok(())
    }

    /// Revokes `role`; the caller needs the role's admin role.
    pub fn revoke_role(&mut self, role: B256, account: Address) -> Result<(), Vec<u8>> {
        self.only_role(self.access.get_role_admin(role).0)?;
        self.members._revoke_role(role, account, &mut self.access);
        Ok(())
    }

    /// Gives up `role`; `caller_confirmation` must be the caller.
    pub fn renounce_role(
        &mut self,
        role: B256,
        caller_confirmation: Address,
    ) -> Result<(), Vec<u8>> {
        if caller_confirmation != self.vm().msg_sender() {
            return Err(AccessControlBadConfirmation {}.abi_encode());
        }
        self.members
            ._revoke_role(role, caller_confirmation, &mut self.access);
        Ok(())
    }

    /// Member `index` of `role`; `Panic(0x32)` out of range, as the reference.
    pub fn get_role_member(&self, role: B256, index: U256) -> Result<Address, Vec<u8>> {
        self.members
            .get_role_member(role, index)
            .map_err(|_| panic_code(PANIC_INDEX))
    }

    /// Number of members of `role`.
    pub fn get_role_member_count(&self, role: B256) -> U256 {
        self.members.get_role_member_count(role)
    }

    /// All members of `role`, in set order.
    pub fn get_role_members(&self, role: B256) -> Vec<Address> {
        self.members.get_role_members(role)
    }

    /// ERC-165: ERC165, IAccessControl and IAccessControlEnumerable.
    pub fn supports_interface(&self, interface_id: B32) -> bool {
        let id = u32::from_be_bytes(interface_id.0);
        id == INTERFACE_ERC165
            || id == INTERFACE_ACCESS_CONTROL
            || id == INTERFACE_ACCESS_CONTROL_ENUMERABLE
    }

    // --- domains ---

    /// Appends a domain (ids are 0-based and sequential; names may repeat) and returns its id.
    pub fn create(
        &mut self,
        name: String,
        compute_pool: Address,
        validation_contract: Address,
        domain_parameters_uri: String,
    ) -> Result<U256, Vec<u8>> {
        self.only_role(PRIME_ROLE)?;
        let domain_id = U256::from(self.domains.len());
        let mut d = self.domains.grow();
        d.domain_id.set(domain_id);
        d.name.set_str(&name);
        d.validation_logic.set(validation_contract);
        d.domain_parameters_uri.set_str(&domain_parameters_uri);
        d.compute_pool.set(compute_pool);
        emit(DomainCreated {
            domainName: name,
            domainId: domain_id,
            validationLogic: validation_contract,
            domainParametersURI: domain_parameters_uri,
        });
        Ok(domain_id)
    }

    /// Sets the validation-logic contract of `domain_id`.
    pub fn update_validation_logic(
        &mut self,
        domain_id: U256,
        validation_contract: Address,
    ) -> Result<(), Vec<u8>> {
        self.only_role(PRIME_ROLE)?;
        let i = self.index(domain_id)?;
        let mut d = self
            .domains
            .setter(i)
            .ok_or_else(|| panic_code(PANIC_INDEX))?;
        d.validation_logic.set(validation_contract);
        let uri = d.domain_parameters_uri.get_string();
        emit(DomainUpdated {
            domainId: domain_id,
            validationLogic: validation_contract,
            domainParametersURI: uri,
        });
        Ok(())
    }

    /// Sets the parameters URI of `domain_id`.
    pub fn update_parameters(
        &mut self,
        domain_id: U256,
        domain_parameters_uri: String,
    ) -> Result<(), Vec<u8>> {
        self.only_role(PRIME_ROLE)?;
        let i = self.index(domain_id)?;
        let mut d = self
            .domains
            .setter(i)
            .ok_or_else(|| panic_code(PANIC_INDEX))?;
        d.domain_parameters_uri.set_str(&domain_parameters_uri);
        let logic = d.validation_logic.get();
        emit(DomainUpdated {
            domainId: domain_id,
            validationLogic: logic,
            domainParametersURI: domain_parameters_uri,
        });
        Ok(())
    }

    /// Domain `domain_id` (`Panic(0x32)` if it does not exist).
    pub fn get(&self, domain_id: U256) -> Result<Domain, Vec<u8>> {
        self.load(domain_id)
    }
}

/// Emits `event` through the SDK's static host (stylus-core's `log` takes `&dyn Host`, whose
/// vtable drags every host function into the program).
#[allow(deprecated)]
fn emit<E: alloy_sol_types::SolEvent>(event: E) {
    stylus_sdk::evm::log(event)
}

#[cfg(test)]
mod tests;

// no_std on chain: a panic is a trap, which Stylus turns into a revert without data.
#[cfg(all(target_arch = "wasm32", not(any(test, feature = "export-abi"))))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
