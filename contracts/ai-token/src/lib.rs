//! The protocol's token, `AITokenTransferRole` of the reference (spec §3.10): ERC-20 with
//! EIP-2612 permit and AccessControl. Minting and burning are role-gated, and `transfer`,
//! `transferFrom` and `permit` are only open to holders of `TRANSFER_ROLE`.
//!
//! Built from openzeppelin-stylus components; the public surface is written out here (not
//! through `#[implements]`) so the ABI is exactly the reference's, without OZ's extra
//! `onlyRole` entry point.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
extern crate alloc;

pub mod abi;
mod domain;

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{Address, FixedBytes, B256, U256};
use openzeppelin_stylus::{
    token::erc20::{
        self,
        extensions::permit::{self, Erc20Permit},
        Erc20, IErc20,
    },
    utils::{
        nonces::{INonces, Nonces},
        precompiles::primitives::ecrecover::{ECDSAInvalidSignature, ECDSAInvalidSignatureS},
    },
};
use prime_common::{
    access::AccessControl,
    roles::{BURNER_ROLE, DEFAULT_ADMIN_ROLE, MINTER_ROLE, TRANSFER_ROLE, TRANSFER_ROLE_ADMIN},
};
use stylus_sdk::prelude::*;

pub use domain::TokenDomain;
pub use erc20::{
    ERC20InsufficientAllowance, ERC20InsufficientBalance, ERC20InvalidApprover,
    ERC20InvalidReceiver, ERC20InvalidSender, ERC20InvalidSpender,
};
pub use permit::{ERC2612ExpiredSignature, ERC2612InvalidSigner};
pub use prime_common::revert::{AccessControlBadConfirmation, AccessControlUnauthorizedAccount};

/// Every error the token reverts with, encoded as the reference's custom errors.
#[derive(SolidityError, Debug)]
pub enum Error {
    /// `AccessControlUnauthorizedAccount(address,bytes32)`.
    UnauthorizedAccount(AccessControlUnauthorizedAccount),
    /// `AccessControlBadConfirmation()`.
    BadConfirmation(AccessControlBadConfirmation),
    /// `ERC20InsufficientBalance(address,uint256,uint256)`.
    InsufficientBalance(ERC20InsufficientBalance),
    /// `ERC20InvalidSender(address)`.
    InvalidSender(ERC20InvalidSender),
    /// `ERC20InvalidReceiver(address)`.
    InvalidReceiver(ERC20InvalidReceiver),
    /// `ERC20InsufficientAllowance(address,uint256,uint256)`.
    InsufficientAllowance(ERC20InsufficientAllowance),
    /// `ERC20InvalidSpender(address)`.
    InvalidSpender(ERC20InvalidSpender),
    /// `ERC20InvalidApprover(address)`.
    InvalidApprover(ERC20InvalidApprover),
    /// `ERC2612ExpiredSignature(uint256)`.
    ExpiredSignature(ERC2612ExpiredSignature),
    /// `ERC2612InvalidSigner(address,address)`.
    InvalidSigner(ERC2612InvalidSigner),
    /// `ECDSAInvalidSignature()`.
    InvalidSignature(ECDSAInvalidSignature),
    /// `ECDSAInvalidSignatureS(bytes32)`.
    InvalidSignatureS(ECDSAInvalidSignatureS),
}

impl From<erc20::Error> for Error {
    fn from(e: erc20::Error) -> Self {
        match e {
            erc20::Error::InsufficientBalance(e) => Error::InsufficientBalance(e),
            erc20::Error::InvalidSender(e) => Error::InvalidSender(e),
            erc20::Error::InvalidReceiver(e) => Error::InvalidReceiver(e),
            erc20::Error::InsufficientAllowance(e) => Error::InsufficientAllowance(e),
            erc20::Error::InvalidSpender(e) => Error::InvalidSpender(e),
            erc20::Error::InvalidApprover(e) => Error::InvalidApprover(e),
        }
    }
}

impl From<permit::Error> for Error {
    fn from(e: permit::Error) -> Self {
        match e {
            permit::Error::ExpiredSignature(e) => Error::ExpiredSignature(e),
            permit::Error::InvalidSigner(e) => Error::InvalidSigner(e),
            permit::Error::InsufficientBalance(e) => Error::InsufficientBalance(e),
            permit::Error::InvalidSender(e) => Error::InvalidSender(e),
            permit::Error::InvalidReceiver(e) => Error::InvalidReceiver(e),
            permit::Error::InsufficientAllowance(e) => Error::InsufficientAllowance(e),
            permit::Error::InvalidSpender(e) => Error::InvalidSpender(e),
            permit::Error::InvalidApprover(e) => Error::InvalidApprover(e),
            permit::Error::InvalidSignature(e) => Error::InvalidSignature(e),
            permit::Error::InvalidSignatureS(e) => Error::InvalidSignatureS(e),
        }
    }
}

/// `AITokenTransferRole` storage. The EIP-712 domain owns name and symbol, so the permit
/// domain always signs over the token's own name.
#[entrypoint]
#[storage]
pub struct AiToken {
    #[borrow]
    access: AccessControl,
    erc20: Erc20,
    permit: Erc20Permit<TokenDomain>,
    nonces: Nonces,
}

impl AiToken {
    fn domain(&self) -> TokenDomain {
        TokenDomain::at(self.__stylus_host.clone())
    }

    fn only_role(&self, role: B256) -> Result<(), Error> {
        let account = self.vm().msg_sender();
        if self.access.has_role(role, account) {
            return Ok(());
        }
        Err(Error::UnauthorizedAccount(
            AccessControlUnauthorizedAccount {
                account,
                neededRole: role,
            },
        ))
    }
}

#[public]
#[inherit(AccessControl)]
impl AiToken {
    /// Sets name and symbol and gives `admin` DEFAULT_ADMIN_ROLE, MINTER_ROLE and
    /// BURNER_ROLE (not TRANSFER_ROLE), and TRANSFER_ROLE_ADMIN, the admin role of
    /// TRANSFER_ROLE.
    ///
    /// Two divergences (docs/divergences.md): the reference grants the roles to
    /// `msg.sender`, but Stylus constructors run through StylusDeployer, so the admin is an
    /// explicit argument; and TRANSFER_ROLE gets its own admin role so the distributor
    /// factory can let the distributors it creates pay out, without being token admin.
    #[constructor]
    pub fn constructor(&mut self, name: String, symbol: String, admin: Address) {
        self.domain().init(name, symbol);
        for role in [
            DEFAULT_ADMIN_ROLE,
            MINTER_ROLE,
            BURNER_ROLE,
            TRANSFER_ROLE_ADMIN,
        ] {
            self.access.grant(role, admin);
        }
        self.access
            .set_role_admin(TRANSFER_ROLE, TRANSFER_ROLE_ADMIN);
    }

    // --- role constants (AccessControl is inherited) ---

    /// `MINTER_ROLE()`.
    #[selector(name = "MINTER_ROLE")]
    pub fn minter_role(&self) -> B256 {
        MINTER_ROLE
    }

    /// `BURNER_ROLE()`.
    #[selector(name = "BURNER_ROLE")]
    pub fn burner_role(&self) -> B256 {
        BURNER_ROLE
    }

    /// `TRANSFER_ROLE()`.
    #[selector(name = "TRANSFER_ROLE")]
    pub fn transfer_role(&self) -> B256 {
        TRANSFER_ROLE
    }

    /// Grants TRANSFER_ROLE to `account` (DEFAULT_ADMIN_ROLE only).
    pub fn approve_transfer_address(&mut self, account: Address) -> Result<(), Error> {
        self.only_role(DEFAULT_ADMIN_ROLE)?;
        self.access.grant(TRANSFER_ROLE, account);
        Ok(())
    }

    /// Revokes TRANSFER_ROLE from `account` (DEFAULT_ADMIN_ROLE only).
    pub fn revoke_transfer_address(&mut self, account: Address) -> Result<(), Error> {
        self.only_role(DEFAULT_ADMIN_ROLE)?;
        self.access.revoke(TRANSFER_ROLE, account);
        Ok(())
    }

    // --- supply ---

    /// Mints `amount` to `to` (MINTER_ROLE only).
    pub fn mint(&mut self, to: Address, amount: U256) -> Result<(), Error> {
        self.only_role(MINTER_ROLE)?;
        Ok(self.erc20._mint(to, amount)?)
    }

    /// Burns `amount` from `from` without any allowance (BURNER_ROLE only).
    pub fn burn(&mut self, from: Address, amount: U256) -> Result<(), Error> {
        self.only_role(BURNER_ROLE)?;
        Ok(self.erc20._burn(from, amount)?)
    }

    // --- ERC-20 ---

    /// The token's name.
    pub fn name(&self) -> String {
        self.domain().name()
    }

    /// The token's symbol.
    pub fn symbol(&self) -> String {
        self.domain().symbol()
    }

    /// Always 18.
    pub fn decimals(&self) -> u8 {
        18
    }

    /// Tokens in existence.
    pub fn total_supply(&self) -> U256 {
        self.erc20.total_supply()
    }

    /// Balance of `account`.
    pub fn balance_of(&self, account: Address) -> U256 {
        self.erc20.balance_of(account)
    }

    /// Remaining allowance of `spender` over `owner`'s tokens.
    pub fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.erc20.allowance(owner, spender)
    }

    /// Sets the caller's allowance for `spender`; open to everyone.
    pub fn approve(&mut self, spender: Address, value: U256) -> Result<bool, Error> {
        Ok(self.erc20.approve(spender, value)?)
    }

    /// Standard transfer, gated by TRANSFER_ROLE on the caller.
    pub fn transfer(&mut self, to: Address, value: U256) -> Result<bool, Error> {
        self.only_role(TRANSFER_ROLE)?;
        Ok(self.erc20.transfer(to, value)?)
    }

    /// Standard transferFrom, gated by TRANSFER_ROLE on the caller (the spender).
    pub fn transfer_from(
        &mut self,
        from: Address,
        to: Address,
        value: U256,
    ) -> Result<bool, Error> {
        self.only_role(TRANSFER_ROLE)?;
        Ok(self.erc20.transfer_from(from, to, value)?)
    }

    // --- EIP-2612 / EIP-712 ---

    /// Current permit nonce of `owner`.
    pub fn nonces(&self, owner: Address) -> U256 {
        self.nonces.nonces(owner)
    }

    /// The EIP-712 domain separator (name = token name, version "1").
    #[selector(name = "DOMAIN_SEPARATOR")]
    pub fn domain_separator(&self) -> B256 {
        self.permit.domain_separator()
    }

    /// EIP-5267 domain description.
    #[allow(clippy::type_complexity)]
    pub fn eip712_domain(
        &self,
    ) -> (
        FixedBytes<1>,
        String,
        String,
        U256,
        Address,
        B256,
        Vec<U256>,
    ) {
        self.domain().domain()
    }

    /// EIP-2612 permit, gated by TRANSFER_ROLE on the caller (as the reference).
    #[allow(clippy::too_many_arguments)]
    pub fn permit(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
        deadline: U256,
        v: u8,
        r: B256,
        s: B256,
    ) -> Result<(), Error> {
        self.only_role(TRANSFER_ROLE)?;
        Ok(self.permit.permit(
            owner,
            spender,
            value,
            deadline,
            v,
            r,
            s,
            &mut self.erc20,
            &mut self.nonces,
        )?)
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
