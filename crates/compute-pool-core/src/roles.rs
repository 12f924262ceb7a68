//! AccessControlEnumerable as the reference exposes it (spec §2.1), over OpenZeppelin's
//! components: both `_grant_role`s run together so the member sets follow the roles.

use alloc::vec::Vec;

use alloy_primitives::{aliases::B32, Address, B256, U256};
use openzeppelin_stylus::access::control::{
    self, extensions::enumerable::IAccessControlEnumerable, AccessControlBadConfirmation,
    IAccessControl,
};
use stylus_sdk::prelude::*;

use crate::{abi, PoolStorage};

const INTERFACE_ERC165: u32 = 0x01ffc9a7;
const INTERFACE_ACCESS_CONTROL: u32 = 0x7965db0b;
const INTERFACE_ACCESS_CONTROL_ENUMERABLE: u32 = 0x5a05180f;

impl PoolStorage {
    /// Grants without an admin check (constructor); emits RoleGranted if new.
    pub(crate) fn grant(&mut self, role: [u8; 32], account: Address) {
        self.enumerable
            ._grant_role(role.into(), account, &mut self.access);
    }

    /// `grantRole`: the caller needs the role's admin role.
    pub fn grant_role(&mut self, role: B256, account: Address) -> Result<(), Vec<u8>> {
        let admin = self.access.get_role_admin(role);
        self.access
            ._check_role(admin, self.vm().msg_sender())
            .map_err(Vec::<u8>::from)?;
        self.enumerable._grant_role(role, account, &mut self.access);
        Ok(())
    }

    /// `revokeRole`: the caller needs the role's admin role.
    pub fn revoke_role(&mut self, role: B256, account: Address) -> Result<(), Vec<u8>> {
        let admin = self.access.get_role_admin(role);
        self.access
            ._check_role(admin, self.vm().msg_sender())
            .map_err(Vec::<u8>::from)?;
        self.enumerable
            ._revoke_role(role, account, &mut self.access);
        Ok(())
    }

    /// `renounceRole`: `callerConfirmation` must be the caller.
    pub fn renounce_role(&mut self, role: B256, confirmation: Address) -> Result<(), Vec<u8>> {
        if confirmation != self.vm().msg_sender() {
            return Err(control::Error::BadConfirmation(AccessControlBadConfirmation {}).into());
        }
        self.enumerable
            ._revoke_role(role, confirmation, &mut self.access);
        Ok(())
    }

    /// `hasRole`.
    pub fn has_role(&self, role: B256, account: Address) -> bool {
        self.access.has_role(role, account)
    }

    /// `getRoleAdmin`.
    pub fn get_role_admin(&self, role: B256) -> B256 {
        self.access.get_role_admin(role)
    }

    /// `getRoleMember`: `Panic(0x32)` out of range, as the reference's EnumerableSet.
    pub fn get_role_member(&self, role: B256, index: U256) -> Result<Address, Vec<u8>> {
        self.enumerable
            .get_role_member(role, index)
            .map_err(|_| abi::panic(abi::PANIC_INDEX))
    }

    /// `getRoleMemberCount`.
    pub fn get_role_member_count(&self, role: B256) -> U256 {
        self.enumerable.get_role_member_count(role)
    }

    /// `getRoleMembers`.
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
}
