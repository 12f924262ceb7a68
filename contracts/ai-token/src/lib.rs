//! The protocol's token, `AITokenTransferRole` of the reference (spec §3.10): ERC-20 with
//! EIP-2612 permit and AccessControl. Minting and burning are role-gated, and `transfer`,
//! `transferFrom` and `permit` are only open to holders of `TRANSFER_ROLE`.
//!
//! Written on `prime-common` rather than openzeppelin-stylus: OpenZeppelin's crate enables
//! alloy-primitives' `tiny-keccak`, so every mapping slot of a program built with it is a
//! Keccak computed in WASM instead of the host's `native_keccak256`, and the program was
//! 18,326 bytes instead of 15,644 (docs/gas-architecture.md, change 13). The logic follows
//! OpenZeppelin's Solidity ERC20, ERC20Permit, EIP712 and Nonces (v5), whose errors and
//! events the reference emits.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
extern crate alloc;

pub mod abi;
mod errors;

use alloc::{vec, vec::Vec};
use alloy_primitives::{Address, FixedBytes, B256, U256};
use alloy_sol_types::SolEvent;
use prime_common::{
    abi_string::AbiString,
    access::AccessControl,
    ecdsa,
    map::Map,
    packed_string::PackedString,
    roles::{BURNER_ROLE, DEFAULT_ADMIN_ROLE, MINTER_ROLE, TRANSFER_ROLE, TRANSFER_ROLE_ADMIN},
};
use stylus_sdk::{keccak_const::Keccak256, prelude::*, storage::StorageU256};

pub use errors::*;
pub use prime_common::revert::{AccessControlBadConfirmation, AccessControlUnauthorizedAccount};

/// `keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")`.
const DOMAIN_TYPE_HASH: [u8; 32] = Keccak256::new()
    .update(b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
    .finalize();
/// `keccak256("1")`: the domain's version.
const VERSION_HASH: [u8; 32] = Keccak256::new().update(b"1").finalize();
/// ERC20Permit's `PERMIT_TYPEHASH`.
const PERMIT_TYPE_HASH: [u8; 32] = Keccak256::new()
    .update(b"Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)")
    .finalize();

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
    /// `Panic(0x11)`: the total supply would overflow (Solidity's checked `+=`).
    Overflow(prime_common::revert::Panic),
}

/// `AITokenTransferRole` storage.
#[entrypoint]
#[storage]
pub struct AiToken {
    #[borrow]
    access: AccessControl,
    balances: Map<Address, StorageU256>,
    allowances: Map<Address, Map<Address, StorageU256>>,
    total_supply: StorageU256,
    nonces: Map<Address, StorageU256>,
    /// Also the EIP-712 domain's name.
    name: PackedString,
    symbol: PackedString,
}

impl AiToken {
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

    /// Emits `Transfer` or `Approval`: two indexed addresses and an amount.
    fn log(&self, topic0: B256, a: Address, b: Address, value: U256) {
        prime_common::log::raw_log(
            self.vm(),
            &[topic0, a.into_word(), b.into_word()],
            &value.to_be_bytes::<32>(),
        );
    }

    /// `_update`: moves `value` from `from` to `to`; the zero address mints or burns.
    fn update(&mut self, from: Address, to: Address, value: U256) -> Result<(), Error> {
        if from.is_zero() {
            let supply = self
                .total_supply
                .get()
                .checked_add(value)
                .ok_or(Error::Overflow(prime_common::revert::Panic {
                    code: U256::from(prime_common::revert::PANIC_ARITHMETIC),
                }))?;
            self.total_supply.set(supply);
        } else {
            let mut balance = self.balances.setter(from);
            let held = balance.get();
            if held < value {
                return Err(Error::InsufficientBalance(ERC20InsufficientBalance {
                    sender: from,
                    balance: held,
                    needed: value,
                }));
            }
            balance.set(held - value);
        }
        if to.is_zero() {
            // value <= balance <= total supply: cannot underflow.
            let supply = self.total_supply.get();
            self.total_supply.set(supply - value);
        } else {
            // balance <= total supply, which was checked: cannot overflow.
            let mut balance = self.balances.setter(to);
            let held = balance.get();
            balance.set(held + value);
        }
        self.log(Transfer::SIGNATURE_HASH, from, to, value);
        Ok(())
    }

    /// `_transfer`: neither end may be the zero address.
    fn transfer_internal(&mut self, from: Address, to: Address, value: U256) -> Result<(), Error> {
        if from.is_zero() {
            return Err(Error::InvalidSender(ERC20InvalidSender { sender: from }));
        }
        if to.is_zero() {
            return Err(Error::InvalidReceiver(ERC20InvalidReceiver {
                receiver: to,
            }));
        }
        self.update(from, to, value)
    }

    /// `_approve(owner, spender, value, emitEvent)`.
    fn approve_internal(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
        emit: bool,
    ) -> Result<(), Error> {
        if owner.is_zero() {
            return Err(Error::InvalidApprover(ERC20InvalidApprover {
                approver: owner,
            }));
        }
        if spender.is_zero() {
            return Err(Error::InvalidSpender(ERC20InvalidSpender { spender }));
        }
        self.allowances.setter(owner).setter(spender).set(value);
        if emit {
            self.log(Approval::SIGNATURE_HASH, owner, spender, value);
        }
        Ok(())
    }

    /// `_spendAllowance`: an infinite allowance is never spent, and spending emits nothing.
    fn spend_allowance(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
    ) -> Result<(), Error> {
        let current = self.allowances.getter(owner).getter(spender).get();
        if current != U256::MAX {
            if current < value {
                return Err(Error::InsufficientAllowance(ERC20InsufficientAllowance {
                    spender,
                    allowance: current,
                    needed: value,
                }));
            }
            self.approve_internal(owner, spender, current - value, false)?;
        }
        Ok(())
    }

    /// EIP-712 `_domainSeparatorV4()`.
    fn domain_separator_v4(&self) -> B256 {
        let vm = self.vm();
        let mut encoded = [0u8; 160];
        encoded[..32].copy_from_slice(&DOMAIN_TYPE_HASH);
        encoded[32..64].copy_from_slice(vm.native_keccak256(&self.name.get_bytes()).as_slice());
        encoded[64..96].copy_from_slice(&VERSION_HASH);
        encoded[96..128].copy_from_slice(&U256::from(vm.chain_id()).to_be_bytes::<32>());
        encoded[140..].copy_from_slice(vm.contract_address().as_slice());
        vm.native_keccak256(&encoded)
    }
}

#[public]
#[inherit(AccessControl)]
impl AiToken {
    /// Sets name and symbol (their bytes, as Solidity keeps a `string`) and gives `admin`
    /// DEFAULT_ADMIN_ROLE, MINTER_ROLE and BURNER_ROLE (not TRANSFER_ROLE), and
    /// TRANSFER_ROLE_ADMIN, the admin role of TRANSFER_ROLE.
    ///
    /// Two divergences (docs/divergences.md): the reference grants the roles to
    /// `msg.sender`, but Stylus constructors run through StylusDeployer, so the admin is an
    /// explicit argument; and TRANSFER_ROLE gets its own admin role so the distributor
    /// factory can let the distributors it creates pay out, without being token admin.
    #[constructor]
    pub fn constructor(&mut self, name: AbiString, symbol: AbiString, admin: Address) {
        self.name.set_bytes(name.as_bytes());
        self.symbol.set_bytes(symbol.as_bytes());
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
        if to.is_zero() {
            return Err(Error::InvalidReceiver(ERC20InvalidReceiver {
                receiver: to,
            }));
        }
        self.update(Address::ZERO, to, amount)
    }

    /// Burns `amount` from `from` without any allowance (BURNER_ROLE only).
    pub fn burn(&mut self, from: Address, amount: U256) -> Result<(), Error> {
        self.only_role(BURNER_ROLE)?;
        if from.is_zero() {
            return Err(Error::InvalidSender(ERC20InvalidSender { sender: from }));
        }
        self.update(from, Address::ZERO, amount)
    }

    // --- ERC-20 ---

    /// The token's name.
    pub fn name(&self) -> AbiString {
        AbiString(self.name.get_bytes())
    }

    /// The token's symbol.
    pub fn symbol(&self) -> AbiString {
        AbiString(self.symbol.get_bytes())
    }

    /// Always 18.
    pub fn decimals(&self) -> u8 {
        18
    }

    /// Tokens in existence.
    pub fn total_supply(&self) -> U256 {
        self.total_supply.get()
    }

    /// Balance of `account`.
    pub fn balance_of(&self, account: Address) -> U256 {
        self.balances.get(account)
    }

    /// Remaining allowance of `spender` over `owner`'s tokens.
    pub fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.allowances.getter(owner).get(spender)
    }

    /// Sets the caller's allowance for `spender`; open to everyone.
    pub fn approve(&mut self, spender: Address, value: U256) -> Result<bool, Error> {
        let owner = self.vm().msg_sender();
        self.approve_internal(owner, spender, value, true)?;
        Ok(true)
    }

    /// Standard transfer, gated by TRANSFER_ROLE on the caller.
    pub fn transfer(&mut self, to: Address, value: U256) -> Result<bool, Error> {
        self.only_role(TRANSFER_ROLE)?;
        let from = self.vm().msg_sender();
        self.transfer_internal(from, to, value)?;
        Ok(true)
    }

    /// Standard transferFrom, gated by TRANSFER_ROLE on the caller (the spender).
    pub fn transfer_from(
        &mut self,
        from: Address,
        to: Address,
        value: U256,
    ) -> Result<bool, Error> {
        self.only_role(TRANSFER_ROLE)?;
        let spender = self.vm().msg_sender();
        self.spend_allowance(from, spender, value)?;
        self.transfer_internal(from, to, value)?;
        Ok(true)
    }

    // --- EIP-2612 / EIP-712 ---

    /// Current permit nonce of `owner`.
    pub fn nonces(&self, owner: Address) -> U256 {
        self.nonces.get(owner)
    }

    /// The EIP-712 domain separator (name = token name, version "1").
    #[selector(name = "DOMAIN_SEPARATOR")]
    pub fn domain_separator(&self) -> B256 {
        self.domain_separator_v4()
    }

    /// EIP-5267 domain description.
    #[allow(clippy::type_complexity)]
    pub fn eip712_domain(
        &self,
    ) -> (
        FixedBytes<1>,
        AbiString,
        AbiString,
        U256,
        Address,
        B256,
        Vec<U256>,
    ) {
        let vm = self.vm();
        (
            FixedBytes([0x0f]),
            AbiString(self.name.get_bytes()),
            "1".into(),
            U256::from(vm.chain_id()),
            vm.contract_address(),
            B256::ZERO,
            Vec::new(),
        )
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
        if U256::from(self.vm().block_timestamp()) > deadline {
            return Err(Error::ExpiredSignature(ERC2612ExpiredSignature {
                deadline,
            }));
        }
        // `_useNonce(owner)`: the nonce is consumed (a revert below restores it).
        let mut nonce_slot = self.nonces.setter(owner);
        let nonce = nonce_slot.get();
        nonce_slot.set(nonce + U256::from(1));
        let mut message = [0u8; 192];
        message[..32].copy_from_slice(&PERMIT_TYPE_HASH);
        message[44..64].copy_from_slice(owner.as_slice());
        message[76..96].copy_from_slice(spender.as_slice());
        message[96..128].copy_from_slice(&value.to_be_bytes::<32>());
        message[128..160].copy_from_slice(&nonce.to_be_bytes::<32>());
        message[160..].copy_from_slice(&deadline.to_be_bytes::<32>());
        // `_hashTypedDataV4`: keccak256("\x19\x01" ‖ domain separator ‖ struct hash).
        let vm = self.vm();
        let mut typed = [0u8; 66];
        typed[..2].copy_from_slice(b"\x19\x01");
        typed[2..34].copy_from_slice(self.domain_separator_v4().as_slice());
        typed[34..].copy_from_slice(vm.native_keccak256(&message).as_slice());
        let hash = vm.native_keccak256(&typed);
        // `ECDSA.recover(hash, v, r, s)`.
        if ecdsa::is_high_s(s.as_slice()) {
            return Err(Error::InvalidSignatureS(ECDSAInvalidSignatureS { s }));
        }
        let signer = ecdsa::ecrecover(hash, v, r.as_slice(), s.as_slice())
            .ok_or(Error::InvalidSignature(ECDSAInvalidSignature {}))?;
        if signer != owner {
            return Err(Error::InvalidSigner(ERC2612InvalidSigner { signer, owner }));
        }
        self.approve_internal(owner, spender, value, true)
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
