//! AccessControl + AccessControlEnumerable with the reference's (OZ v5 Solidity) behaviour,
//! built on openzeppelin-stylus' storage and events. Every grant and revoke goes through
//! both components so the member sets follow the roles.

use alloc::{vec, vec::Vec};

use alloy_primitives::{aliases::B32, Address, B256, U256};
use openzeppelin_stylus::access::control::{
    extensions::AccessControlEnumerable, AccessControl, AccessControlBadConfirmation,
    AccessControlUnauthorizedAccount, Error as ControlError, IAccessControl,
};
use stylus_sdk::prelude::*;

use crate::revert::{panic, PANIC_INDEX};

/// ERC-165 id of ERC-165 itself.
pub const INTERFACE_ERC165: u32 = 0x01ffc9a7;
/// ERC-165 id of Solidity's IAccessControl.
pub const INTERFACE_ACCESS_CONTROL: u32 = 0x7965db0b;
/// ERC-165 id of Solidity's IAccessControlEnumerable (getRoleMember ^ getRoleMemberCount).
pub const INTERFACE_ACCESS_CONTROL_ENUMERABLE: u32 = 0x5a05180f;

/// `AccessControlUnauthorizedAccount(account, role)` revert data.
pub fn unauthorized(account: Address, role: B256) -> Vec<u8> {
    ControlError::UnauthorizedAccount(AccessControlUnauthorizedAccount {
        account,
        needed_role: role,
    })
    .into()
}

/// Role storage of an AccessControlEnumerable contract.
#[storage]
pub struct EnumerableRoles {
    access: AccessControl,
    enumerable: AccessControlEnumerable,
}

impl EnumerableRoles {
    /// Whether `account` holds `role`.
    pub fn has_role(&self, role: B256, account: Address) -> bool {
        self.access.has_role(role, account)
    }

    /// The admin role of `role` (DEFAULT_ADMIN_ROLE: nothing here changes it).
    pub fn get_role_admin(&self, role: B256) -> B256 {
        self.access.get_role_admin(role)
    }

    /// `onlyRole(role)` for `account`: `AccessControlUnauthorizedAccount` otherwise.
    pub fn check(&self, role: B256, account: Address) -> Result<(), Vec<u8>> {
        if self.has_role(role, account) {
            Ok(())
        } else {
            Err(unauthorized(account, role))
        }
    }

    /// `_grantRole`: no authorisation check; emits `RoleGranted` only if newly granted.
    pub fn grant(&mut self, role: B256, account: Address) -> bool {
        self.enumerable._grant_role(role, account, &mut self.access)
    }

    /// `_revokeRole`: no authorisation check; emits `RoleRevoked` only if it was held.
    pub fn revoke(&mut self, role: B256, account: Address) -> bool {
        self.enumerable
            ._revoke_role(role, account, &mut self.access)
    }

    /// Public `grantRole`: `sender` needs the admin role of `role`.
    pub fn grant_role(
        &mut self,
        role: B256,
        account: Address,
        sender: Address,
    ) -> Result<(), Vec<u8>> {
        self.check(self.get_role_admin(role), sender)?;
        self.grant(role, account);
        Ok(())
    }

    /// Public `revokeRole`: `sender` needs the admin role of `role`.
    pub fn revoke_role(
        &mut self,
        role: B256,
        account: Address,
        sender: Address,
    ) -> Result<(), Vec<u8>> {
        self.check(self.get_role_admin(role), sender)?;
        self.revoke(role, account);
        Ok(())
    }

    /// Public `renounceRole`: `confirmation` must be `sender`.
    pub fn renounce_role(
        &mut self,
        role: B256,
        confirmation: Address,
        sender: Address,
    ) -> Result<(), Vec<u8>> {
        if confirmation != sender {
            return Err(ControlError::BadConfirmation(AccessControlBadConfirmation {}).into());
        }
        self.revoke(role, confirmation);
        Ok(())
    }

    /// `getRoleMember`: out of range panics with 0x32 like Solidity's `EnumerableSet.at`.
    pub fn get_role_member(&self, role: B256, index: U256) -> Result<Address, Vec<u8>> {
        use openzeppelin_stylus::access::control::extensions::IAccessControlEnumerable;
        self.enumerable
            .get_role_member(role, index)
            .map_err(|_| panic(PANIC_INDEX))
    }

    /// `getRoleMemberCount`.
    pub fn get_role_member_count(&self, role: B256) -> U256 {
        use openzeppelin_stylus::access::control::extensions::IAccessControlEnumerable;
        self.enumerable.get_role_member_count(role)
    }

    /// `getRoleMembers`.
    pub fn get_role_members(&self, role: B256) -> Vec<Address> {
        self.enumerable.get_role_members(role)
    }

    /// ERC-165 of an AccessControlEnumerable contract: ERC-165, IAccessControl and
    /// IAccessControlEnumerable (the Solidity ids).
    pub fn supports_interface(interface_id: B32) -> bool {
        let id = u32::from_be_bytes(interface_id.0);
        id == INTERFACE_ERC165
            || id == INTERFACE_ACCESS_CONTROL
            || id == INTERFACE_ACCESS_CONTROL_ENUMERABLE
    }
}
