//! `DomainRegistry` of the reference (spec §3.4): an append-only array of domains (name,
//! validation-logic contract, parameters URI, compute pool). PrimeNetwork (PRIME_ROLE)
//! creates and updates them; ComputePool and the validator read them.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
extern crate alloc;

pub mod abi;

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{sol, SolCall, SolValue};
use prime_common::{
    access::AccessControlEnumerable,
    log::emit,
    packed_string::PackedString,
    revert::{Result, Revert, PANIC_INDEX},
    roles::{DEFAULT_ADMIN_ROLE, PRIME_ROLE},
};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageU256, StorageVec},
    ArbResult,
};

sol! {
    /// The public getter of the reference's `domains` array, served by the fallback.
    function domains(uint256) external view returns (uint256 domainId, string name, address validationLogic, string domainParametersURI, address computePool);

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

/// One stored domain. The two strings come first: stylus-sdk 0.9's `#[storage]` slot count
/// forgets a partly used slot before a multi-slot field, and the elements of a `StorageVec`
/// are laid out by that count (`storage_slots_match_the_sdk_count` checks it).
#[storage]
pub struct StoredDomain {
    name: PackedString,
    domain_parameters_uri: PackedString,
    domain_id: StorageU256,
    validation_logic: StorageAddress,
    compute_pool: StorageAddress,
}

/// DomainRegistry storage.
#[entrypoint]
#[storage]
pub struct DomainRegistry {
    #[borrow]
    access: AccessControlEnumerable,
    domains: StorageVec<StoredDomain>,
}

impl DomainRegistry {
    fn only_role(&self, role: B256) -> Result<()> {
        self.access.only_role(role)
    }

    /// Index of domain `domain_id`, or `Panic(0x32)` as the reference's array access.
    fn index(&self, domain_id: U256) -> Result<usize> {
        usize::try_from(domain_id)
            .ok()
            .filter(|i| *i < self.domains.len())
            .ok_or(Revert::Panic(PANIC_INDEX))
    }

    fn load(&self, domain_id: U256) -> Result<Domain> {
        let d = self
            .domains
            .getter(self.index(domain_id)?)
            .ok_or(Revert::Panic(PANIC_INDEX))?;
        Ok(Domain {
            domainId: d.domain_id.get(),
            name: d.name.get_string(),
            validationLogic: d.validation_logic.get(),
            domainParametersURI: d.domain_parameters_uri.get_string(),
            computePool: d.compute_pool.get(),
        })
    }

    /// `domains(uint256)`: the public array getter, five outputs (not one struct).
    pub fn domains_getter(&self, domain_id: U256) -> Result<Vec<u8>> {
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
#[inherit(AccessControlEnumerable)]
impl DomainRegistry {
    /// Grants DEFAULT_ADMIN_ROLE then PRIME_ROLE to `prime_admin` (as the reference).
    #[constructor]
    pub fn constructor(&mut self, prime_admin: Address) {
        self.access.grant(DEFAULT_ADMIN_ROLE, prime_admin);
        self.access.grant(PRIME_ROLE, prime_admin);
    }

    /// Serves `domains(uint256)`. stylus-sdk 0.9 encodes a function's multiple return values
    /// as one tuple (an extra offset word when one of them is a string), so this getter is
    /// encoded by hand here; every other unknown selector reverts without data, as Solidity.
    #[fallback]
    pub fn fallback(&mut self, calldata: &[u8]) -> ArbResult {
        match calldata {
            [s0, s1, s2, s3, arg @ ..]
                if [*s0, *s1, *s2, *s3] == domainsCall::SELECTOR && arg.len() >= 32 =>
            {
                Ok(self.domains_getter(U256::from_be_slice(&arg[..32]))?)
            }
            _ => Err(Vec::new()),
        }
    }

    // --- constants ---

    /// `PRIME_ROLE()`.
    #[selector(name = "PRIME_ROLE")]
    pub fn prime_role(&self) -> B256 {
        PRIME_ROLE
    }

    // --- domains ---

    /// Appends a domain (ids are 0-based and sequential; names may repeat) and returns its id.
    pub fn create(
        &mut self,
        name: String,
        compute_pool: Address,
        validation_contract: Address,
        domain_parameters_uri: String,
    ) -> Result<U256> {
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
    ) -> Result<()> {
        self.only_role(PRIME_ROLE)?;
        let i = self.index(domain_id)?;
        let mut d = self.domains.setter(i).ok_or(Revert::Panic(PANIC_INDEX))?;
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
    ) -> Result<()> {
        self.only_role(PRIME_ROLE)?;
        let i = self.index(domain_id)?;
        let mut d = self.domains.setter(i).ok_or(Revert::Panic(PANIC_INDEX))?;
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
    pub fn get(&self, domain_id: U256) -> Result<Domain> {
        self.load(domain_id)
    }

    /// The validation logic of `domain_id` (`Panic(0x32)` if it does not exist, as `get`):
    /// what ComputePool reads on every `submitWork` and `createComputePool`, without copying
    /// the domain's two strings out of storage and into the return data as `get` does (not
    /// in the reference ABI, docs/divergences/domain-registry.md).
    pub fn get_validation_logic(&self, domain_id: U256) -> Result<Address> {
        let i = self.index(domain_id)?;
        Ok(self
            .domains
            .getter(i)
            .map(|d| d.validation_logic.get())
            .unwrap_or_default())
    }
}

#[cfg(test)]
mod tests;

// no_std on chain: a panic is a trap, which Stylus turns into a revert without data.
#[cfg(all(target_arch = "wasm32", not(any(test, feature = "export-abi"))))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
