//! AccessControl and AccessControlEnumerable with the reference's ABI and behaviour
//! (OpenZeppelin v5, spec §2.1), as one storage component, [`Roles`], and two routers that
//! contracts inherit (`#[inherit(AccessControlEnumerable)]` + `#[borrow]`):
//! [`AccessControl`] (the factories, the token) and [`AccessControlEnumerable`] (everything
//! else). Both hold only a [`Roles`], so their storage is the same.
//!
//! Storage: an enumerable role's members are an [`AddressSet`], whose first member shares one
//! slot with the member count, so granting a role to its first holder (every constructor
//! grant in the protocol, three per rewards distributor created) writes one slot, where
//! OpenZeppelin's AccessControl + EnumerableSet write four. The order is EnumerableSet's, so
//! `getRoleMember` answers as the reference. A plain role's members are one flag each
//! ([`Flags`]), as OpenZeppelin's AccessControl.

use alloc::{vec, vec::Vec};

use alloy_primitives::{aliases::B32, Address, B256, U256};
use alloy_sol_types::{sol, SolEvent};
use stylus_sdk::{
    prelude::*,
    storage::{StorageB256, StorageBool, StorageType},
};

use crate::{
    map::Map,
    revert::{Result, Revert, PANIC_INDEX},
    roles::DEFAULT_ADMIN_ROLE,
    set::AddressSet,
};

sol! {
    /// `account` was granted `role` by `sender`.
    #[derive(Debug, PartialEq, Eq)]
    event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender);
    /// `account` lost `role` (revoked by `sender`, or renounced).
    #[derive(Debug, PartialEq, Eq)]
    event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender);
    /// The admin role of `role` changed.
    #[derive(Debug, PartialEq, Eq)]
    event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole);
}

/// ERC-165 ids (Solidity's `type(I).interfaceId`).
pub const INTERFACE_ERC165: u32 = 0x01ffc9a7;
/// `type(IAccessControl).interfaceId`.
pub const INTERFACE_ACCESS_CONTROL: u32 = 0x7965db0b;
/// `type(IAccessControlEnumerable).interfaceId` (getRoleMember ^ getRoleMemberCount).
pub const INTERFACE_ACCESS_CONTROL_ENUMERABLE: u32 = 0x5a05180f;

/// How a role's members are stored.
pub trait Members: StorageType {
    /// Whether `account` is a member.
    fn contains(&self, account: Address) -> bool;
    /// Adds `account`; false if it already was a member.
    fn add(&mut self, account: Address) -> bool;
    /// Removes `account`; false if it was not a member.
    fn remove(&mut self, account: Address) -> bool;
}

/// Enumerable members (AccessControlEnumerable).
impl Members for AddressSet {
    fn contains(&self, account: Address) -> bool {
        AddressSet::contains(self, account)
    }
    fn add(&mut self, account: Address) -> bool {
        AddressSet::add(self, account)
    }
    fn remove(&mut self, account: Address) -> bool {
        AddressSet::remove(self, account)
    }
}

/// Plain members (AccessControl): one flag per account, as OpenZeppelin's `hasRole` map.
#[storage]
pub struct Flags {
    flags: Map<Address, StorageBool>,
}

impl Members for Flags {
    fn contains(&self, account: Address) -> bool {
        self.flags.get(account)
    }
    fn add(&mut self, account: Address) -> bool {
        let new = !self.flags.get(account);
        if new {
            self.flags.setter(account).set(true);
        }
        new
    }
    fn remove(&mut self, account: Address) -> bool {
        let held = self.flags.get(account);
        if held {
            self.flags.delete(account);
        }
        held
    }
}

/// One role: its members and its admin role.
#[storage]
pub struct RoleData<M: Members> {
    members: M,
    /// The role's admin role (DEFAULT_ADMIN_ROLE unless set).
    admin: StorageB256,
}

/// The roles of a contract: membership, admin roles, events; enumeration when the members
/// are an [`AddressSet`].
#[storage]
pub struct Roles<M: Members> {
    roles: Map<B256, RoleData<M>>,
}

impl<M: Members> Roles<M> {
    /// `hasRole(role, account)`.
    pub fn has_role(&self, role: B256, account: Address) -> bool {
        self.roles.getter(role).members.contains(account)
    }

    /// `getRoleAdmin(role)`.
    pub fn get_role_admin(&self, role: B256) -> B256 {
        self.roles.getter(role).admin.get()
    }

    /// `_checkRole(role, account)`: `AccessControlUnauthorizedAccount(account, role)` unless
    /// `account` holds `role`.
    pub fn check(&self, role: B256, account: Address) -> Result<()> {
        if self.has_role(role, account) {
            Ok(())
        } else {
            Err(Revert::Unauthorized(account, role))
        }
    }

    /// `onlyRole(role)`: [`Roles::check`] of `msg.sender`.
    pub fn only_role(&self, role: impl Into<B256>) -> Result<()> {
        self.check(role.into(), self.vm().msg_sender())
    }

    fn log(&self, topic0: B256, role: B256, account: B256, sender: Address) {
        crate::log::raw_log(self.vm(), &[topic0, role, account, sender.into_word()], &[]);
    }

    /// `_grantRole`: no authorisation check; emits `RoleGranted(role, account, msg.sender)`
    /// and returns true only if `account` did not hold the role.
    pub fn grant(&mut self, role: impl Into<B256>, account: Address) -> bool {
        let role = role.into();
        let added = self.roles.setter(role).members.add(account);
        if added {
            let sender = self.vm().msg_sender();
            self.log(
                RoleGranted::SIGNATURE_HASH,
                role,
                account.into_word(),
                sender,
            );
        }
        added
    }

    /// `_revokeRole`: no authorisation check; emits `RoleRevoked(role, account, msg.sender)`
    /// and returns true only if `account` held the role.
    pub fn revoke(&mut self, role: impl Into<B256>, account: Address) -> bool {
        let role = role.into();
        let removed = self.roles.setter(role).members.remove(account);
        if removed {
            let sender = self.vm().msg_sender();
            self.log(
                RoleRevoked::SIGNATURE_HASH,
                role,
                account.into_word(),
                sender,
            );
        }
        removed
    }

    /// `_setRoleAdmin`: emits `RoleAdminChanged(role, previous, admin)`.
    pub fn set_role_admin(&mut self, role: impl Into<B256>, admin: impl Into<B256>) {
        let (role, admin) = (role.into(), admin.into());
        let mut data = self.roles.setter(role);
        let previous = data.admin.get();
        data.admin.set(admin);
        crate::log::raw_log(
            self.vm(),
            &[RoleAdminChanged::SIGNATURE_HASH, role, previous, admin],
            &[],
        );
    }

    /// Public `grantRole`: the caller needs the role's admin role.
    pub fn grant_role(&mut self, role: B256, account: Address) -> Result<()> {
        self.only_role(self.get_role_admin(role))?;
        self.grant(role, account);
        Ok(())
    }

    /// Public `revokeRole`: the caller needs the role's admin role.
    pub fn revoke_role(&mut self, role: B256, account: Address) -> Result<()> {
        self.only_role(self.get_role_admin(role))?;
        self.revoke(role, account);
        Ok(())
    }

    /// Public `renounceRole`: `confirmation` must be the caller.
    pub fn renounce_role(&mut self, role: B256, confirmation: Address) -> Result<()> {
        if confirmation != self.vm().msg_sender() {
            return Err(Revert::BadConfirmation);
        }
        self.revoke(role, confirmation);
        Ok(())
    }
}

impl Roles<AddressSet> {
    /// `getRoleMember(role, index)`: `Panic(0x32)` out of range, as EnumerableSet `at`.
    pub fn get_role_member(&self, role: B256, index: U256) -> Result<Address> {
        u64::try_from(index)
            .ok()
            .and_then(|i| self.roles.getter(role).members.at(i))
            .ok_or(Revert::Panic(PANIC_INDEX))
    }

    /// `getRoleMemberCount(role)`.
    pub fn get_role_member_count(&self, role: B256) -> U256 {
        U256::from(self.roles.getter(role).members.len())
    }

    /// `getRoleMembers(role)`, in set order.
    pub fn get_role_members(&self, role: B256) -> Vec<Address> {
        self.roles.getter(role).members.values()
    }
}

/// The AccessControl router: `DEFAULT_ADMIN_ROLE`, `hasRole`, `getRoleAdmin`, `grantRole`,
/// `revokeRole`, `renounceRole`, `supportsInterface` (ERC-165, IAccessControl).
#[storage]
pub struct AccessControl {
    /// The roles.
    pub roles: Roles<Flags>,
}

/// The AccessControlEnumerable router: [`AccessControl`]'s functions plus `getRoleMember`,
/// `getRoleMemberCount`, `getRoleMembers`; `supportsInterface` adds
/// IAccessControlEnumerable.
#[storage]
pub struct AccessControlEnumerable {
    /// The roles.
    pub roles: Roles<AddressSet>,
}

impl core::ops::Deref for AccessControl {
    type Target = Roles<Flags>;
    fn deref(&self) -> &Roles<Flags> {
        &self.roles
    }
}

impl core::ops::DerefMut for AccessControl {
    fn deref_mut(&mut self) -> &mut Roles<Flags> {
        &mut self.roles
    }
}

impl core::ops::Deref for AccessControlEnumerable {
    type Target = Roles<AddressSet>;
    fn deref(&self) -> &Roles<AddressSet> {
        &self.roles
    }
}

impl core::ops::DerefMut for AccessControlEnumerable {
    fn deref_mut(&mut self) -> &mut Roles<AddressSet> {
        &mut self.roles
    }
}

fn supports(interface_id: B32, enumerable: bool) -> bool {
    let id = u32::from_be_bytes(interface_id.0);
    id == INTERFACE_ERC165
        || id == INTERFACE_ACCESS_CONTROL
        || (enumerable && id == INTERFACE_ACCESS_CONTROL_ENUMERABLE)
}

#[public]
impl AccessControl {
    /// `DEFAULT_ADMIN_ROLE()`.
    #[selector(name = "DEFAULT_ADMIN_ROLE")]
    pub fn default_admin_role(&self) -> B256 {
        DEFAULT_ADMIN_ROLE
    }

    /// Whether `account` holds `role`.
    pub fn has_role(&self, role: B256, account: Address) -> bool {
        self.roles.has_role(role, account)
    }

    /// The admin role of `role`.
    pub fn get_role_admin(&self, role: B256) -> B256 {
        self.roles.get_role_admin(role)
    }

    /// Grants `role` (the caller needs its admin role).
    pub fn grant_role(&mut self, role: B256, account: Address) -> Result<()> {
        self.roles.grant_role(role, account)
    }

    /// Revokes `role` (the caller needs its admin role).
    pub fn revoke_role(&mut self, role: B256, account: Address) -> Result<()> {
        self.roles.revoke_role(role, account)
    }

    /// Gives up `role`; `caller_confirmation` must be the caller.
    pub fn renounce_role(&mut self, role: B256, caller_confirmation: Address) -> Result<()> {
        self.roles.renounce_role(role, caller_confirmation)
    }

    /// ERC-165: ERC-165 and IAccessControl.
    pub fn supports_interface(&self, interface_id: B32) -> bool {
        supports(interface_id, false)
    }
}

#[public]
impl AccessControlEnumerable {
    /// `DEFAULT_ADMIN_ROLE()`.
    #[selector(name = "DEFAULT_ADMIN_ROLE")]
    pub fn default_admin_role(&self) -> B256 {
        DEFAULT_ADMIN_ROLE
    }

    /// Whether `account` holds `role`.
    pub fn has_role(&self, role: B256, account: Address) -> bool {
        self.roles.has_role(role, account)
    }

    /// The admin role of `role`.
    pub fn get_role_admin(&self, role: B256) -> B256 {
        self.roles.get_role_admin(role)
    }

    /// Grants `role` (the caller needs its admin role).
    pub fn grant_role(&mut self, role: B256, account: Address) -> Result<()> {
        self.roles.grant_role(role, account)
    }

    /// Revokes `role` (the caller needs its admin role).
    pub fn revoke_role(&mut self, role: B256, account: Address) -> Result<()> {
        self.roles.revoke_role(role, account)
    }

    /// Gives up `role`; `caller_confirmation` must be the caller.
    pub fn renounce_role(&mut self, role: B256, caller_confirmation: Address) -> Result<()> {
        self.roles.renounce_role(role, caller_confirmation)
    }

    /// The `index`-th holder of `role` (Panic 0x32 out of range).
    pub fn get_role_member(&self, role: B256, index: U256) -> Result<Address> {
        self.roles.get_role_member(role, index)
    }

    /// How many accounts hold `role`.
    pub fn get_role_member_count(&self, role: B256) -> U256 {
        self.roles.get_role_member_count(role)
    }

    /// All holders of `role`, in set order.
    pub fn get_role_members(&self, role: B256) -> Vec<Address> {
        self.roles.get_role_members(role)
    }

    /// ERC-165: ERC-165, IAccessControl and IAccessControlEnumerable.
    pub fn supports_interface(&self, interface_id: B32) -> bool {
        supports(interface_id, true)
    }
}

#[cfg(test)]
mod tests {
    use alloy_primitives::{address, B256};
    use motsu::prelude::*;

    use super::*;
    use crate::revert::{AccessControlBadConfirmation, AccessControlUnauthorizedAccount};

    /// A contract with only the roles, plus the internal grant/revoke for the test.
    #[storage]
    struct Tester {
        #[borrow]
        access: AccessControlEnumerable,
    }

    unsafe impl TopLevelStorage for Tester {}

    #[public]
    #[inherit(AccessControlEnumerable)]
    impl Tester {
        fn grant_internal(&mut self, role: B256, account: Address) -> bool {
            self.access.grant(role, account)
        }
        fn revoke_internal(&mut self, role: B256, account: Address) -> bool {
            self.access.revoke(role, account)
        }
        fn set_admin_internal(&mut self, role: B256, admin: B256) {
            self.access.set_role_admin(role, admin);
        }
    }

    const ROLE: B256 = B256::repeat_byte(7);

    fn accounts() -> Vec<Address> {
        (1..=6u8).map(Address::with_last_byte).collect()
    }

    /// OpenZeppelin's EnumerableSet, as a model.
    fn model_remove(set: &mut Vec<Address>, a: Address) -> bool {
        match set.iter().position(|x| *x == a) {
            Some(i) => {
                set.swap_remove(i);
                true
            }
            None => false,
        }
    }

    #[motsu::test]
    fn membership_and_order_follow_enumerable_set(c: Contract<Tester>, admin: Address) {
        // A fixed pseudo-random walk of grants and revokes (also of the zero address).
        let mut pool = accounts();
        pool.push(Address::ZERO);
        let mut model: Vec<Address> = Vec::new();
        let mut x = 12345u64;
        for _ in 0..400 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let a = pool[(x >> 33) as usize % pool.len()];
            if (x >> 20).is_multiple_of(3) {
                let want = model_remove(&mut model, a);
                assert_eq!(c.sender(admin).revoke_internal(ROLE, a), want);
            } else {
                let want = !model.contains(&a);
                if want {
                    model.push(a);
                }
                assert_eq!(c.sender(admin).grant_internal(ROLE, a), want);
            }
            assert_eq!(c.sender(admin).access.get_role_members(ROLE), model);
            assert_eq!(
                c.sender(admin).access.get_role_member_count(ROLE),
                U256::from(model.len())
            );
            for p in &pool {
                assert_eq!(c.sender(admin).access.has_role(ROLE, *p), model.contains(p));
            }
        }
        for (i, m) in model.iter().enumerate() {
            assert_eq!(
                c.sender(admin).access.get_role_member(ROLE, U256::from(i)),
                Ok(*m)
            );
        }
        assert_eq!(
            c.sender(admin)
                .access
                .get_role_member(ROLE, U256::from(model.len())),
            Err(Revert::Panic(PANIC_INDEX))
        );
        assert_eq!(
            c.sender(admin).access.get_role_member(ROLE, U256::MAX),
            Err(Revert::Panic(PANIC_INDEX))
        );
        // Another role is untouched.
        assert!(c
            .sender(admin)
            .access
            .get_role_members(B256::ZERO)
            .is_empty());
    }

    #[motsu::test]
    fn public_functions_check_the_admin_role_and_emit(
        c: Contract<Tester>,
        admin: Address,
        alice: Address,
        bob: Address,
    ) {
        c.sender(admin).grant_internal(DEFAULT_ADMIN_ROLE, admin);
        c.assert_emitted(&RoleGranted {
            role: DEFAULT_ADMIN_ROLE,
            account: admin,
            sender: admin,
        });
        // Not an admin.
        let err = c.sender(alice).access.grant_role(ROLE, bob).unwrap_err();
        assert_eq!(
            Vec::from(err),
            alloy_sol_types::SolError::abi_encode(&AccessControlUnauthorizedAccount {
                account: alice,
                neededRole: DEFAULT_ADMIN_ROLE
            })
        );
        c.sender(admin).access.grant_role(ROLE, bob).unwrap();
        c.assert_emitted(&RoleGranted {
            role: ROLE,
            account: bob,
            sender: admin,
        });
        assert!(c.sender(admin).access.has_role(ROLE, bob));
        // Renounce needs the caller's own address.
        assert_eq!(
            Vec::from(c.sender(alice).access.renounce_role(ROLE, bob).unwrap_err()),
            alloy_sol_types::SolError::abi_encode(&AccessControlBadConfirmation {})
        );
        c.sender(bob).access.renounce_role(ROLE, bob).unwrap();
        c.assert_emitted(&RoleRevoked {
            role: ROLE,
            account: bob,
            sender: bob,
        });
        assert!(!c.sender(admin).access.has_role(ROLE, bob));
        // A role with its own admin role: DEFAULT_ADMIN_ROLE no longer suffices.
        let role_admin = B256::repeat_byte(9);
        c.sender(admin).set_admin_internal(ROLE, role_admin);
        c.assert_emitted(&RoleAdminChanged {
            role: ROLE,
            previousAdminRole: DEFAULT_ADMIN_ROLE,
            newAdminRole: role_admin,
        });
        assert_eq!(c.sender(admin).access.get_role_admin(ROLE), role_admin);
        assert!(c.sender(admin).access.grant_role(ROLE, bob).is_err());
        c.sender(admin).grant_internal(role_admin, alice);
        c.sender(alice).access.grant_role(ROLE, bob).unwrap();
        c.sender(alice).access.revoke_role(ROLE, bob).unwrap();
        assert!(!c.sender(admin).access.has_role(ROLE, bob));
    }

    #[motsu::test]
    fn interface_ids(c: Contract<Tester>, alice: Address) {
        let id = |x: u32| B32::new(x.to_be_bytes());
        for (x, want) in [
            (INTERFACE_ERC165, true),
            (INTERFACE_ACCESS_CONTROL, true),
            (INTERFACE_ACCESS_CONTROL_ENUMERABLE, true),
            (0xffffffff, false),
        ] {
            assert_eq!(c.sender(alice).access.supports_interface(id(x)), want);
        }
        let _ = address!("0000000000000000000000000000000000000001");
    }
}
