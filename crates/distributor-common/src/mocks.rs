//! Mock collaborators for the motsu tests of the contract crates (feature `mocks`, dev only):
//! a registry with settable providers and compute units, a minimal ERC-20 with roles, and
//! role-member / reward-token views (ComputePool, PrimeNetwork stand-ins).
#![allow(missing_docs)]

use alloc::{vec, vec::Vec};

use alloy_primitives::{Address, B256, U256};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageMap, StorageU256},
};

use prime_common::revert::{error_string, panic_code, PANIC_INDEX};

/// ComputeRegistry stand-in (the reference tests' `MockComputeRegistry`).
#[storage]
pub struct MockRegistry {
    providers: StorageMap<Address, StorageAddress>,
    compute_units: StorageMap<Address, StorageU256>,
}

unsafe impl TopLevelStorage for MockRegistry {}

#[public]
impl MockRegistry {
    pub fn set_node(&mut self, node: Address, provider: Address, compute_units: U256) {
        self.providers.setter(node).set(provider);
        self.compute_units.setter(node).set(compute_units);
    }

    pub fn get_node_provider(&self, node: Address) -> Address {
        self.providers.get(node)
    }

    pub fn get_node_compute_units(&self, node: Address) -> U256 {
        self.compute_units.get(node)
    }
}

/// Minimal ERC-20 with a TRANSFER_ROLE-style gate switch and AccessControl-like
/// `grantRole`/`hasRole` (only `admin` may grant).
#[storage]
pub struct MockToken {
    balances: StorageMap<Address, StorageU256>,
    roles: StorageMap<B256, StorageMap<Address, StorageBool>>,
    admin: StorageAddress,
}

unsafe impl TopLevelStorage for MockToken {}

#[public]
impl MockToken {
    pub fn set_admin(&mut self, admin: Address) {
        self.admin.set(admin);
    }

    pub fn mint(&mut self, to: Address, amount: U256) {
        let balance = self.balances.get(to);
        self.balances.setter(to).set(balance + amount);
    }

    pub fn balance_of(&self, account: Address) -> U256 {
        self.balances.get(account)
    }

    pub fn transfer(&mut self, to: Address, amount: U256) -> Result<bool, Vec<u8>> {
        let from = self.vm().msg_sender();
        let balance = self.balances.get(from);
        if balance < amount {
            return Err(error_string("ERC20: insufficient balance"));
        }
        self.balances.setter(from).set(balance - amount);
        let to_balance = self.balances.get(to);
        self.balances.setter(to).set(to_balance + amount);
        Ok(true)
    }

    pub fn has_role(&self, role: B256, account: Address) -> bool {
        self.roles.getter(role).get(account)
    }

    pub fn grant_role(&mut self, role: B256, account: Address) -> Result<(), Vec<u8>> {
        if self.vm().msg_sender() != self.admin.get() {
            return Err(error_string("MockToken: not admin"));
        }
        self.roles.setter(role).setter(account).set(true);
        Ok(())
    }
}

/// ComputePool / PrimeNetwork stand-in: `getRoleMember(role, 0)` and `getRewardToken()`.
#[storage]
pub struct MockRoleHolder {
    members: StorageMap<B256, StorageAddress>,
    token: StorageAddress,
}

unsafe impl TopLevelStorage for MockRoleHolder {}

#[public]
impl MockRoleHolder {
    pub fn set_member(&mut self, role: B256, member: Address) {
        self.members.setter(role).set(member);
    }

    pub fn set_reward_token(&mut self, token: Address) {
        self.token.set(token);
    }

    pub fn get_role_member(&self, role: B256, index: U256) -> Result<Address, Vec<u8>> {
        let member = self.members.get(role);
        if !index.is_zero() || member.is_zero() {
            return Err(panic_code(PANIC_INDEX));
        }
        Ok(member)
    }

    pub fn get_reward_token(&self) -> Address {
        self.token.get()
    }
}
