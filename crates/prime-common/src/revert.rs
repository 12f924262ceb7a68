//! How the protocol's contracts fail: one typed error, [`Revert`], encoded exactly as the
//! reference's Solidity contracts encode theirs (spec §2.2): `Error(string)` for
//! `require(cond, "msg")`, `Panic(uint256)` for checked arithmetic (0x11) and array bounds
//! (0x32), OpenZeppelin's custom errors, and a callee's revert data passed on unchanged.
//!
//! Not `#[derive(SolidityError)]`: a bubbled callee revert is raw bytes, not a Solidity
//! error type (the derive needs every variant to be one), and the hand encoders below are a
//! few hundred bytes where alloy's generic encoder of `Error(string)` is several KB per
//! program. The contracts whose errors are all custom errors use the derive (ai-token).

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{sol, SolError};

sol! {
    /// Solidity's `require(false, message)`.
    #[derive(Debug, PartialEq, Eq)]
    error Error(string message);
    /// Solidity's panics.
    #[derive(Debug, PartialEq, Eq)]
    error Panic(uint256 code);
    /// OpenZeppelin AccessControl: `account` lacks `neededRole`.
    #[derive(Debug, PartialEq, Eq)]
    error AccessControlUnauthorizedAccount(address account, bytes32 neededRole);
    /// OpenZeppelin AccessControl: `renounceRole` for another account.
    #[derive(Debug, PartialEq, Eq)]
    error AccessControlBadConfirmation();
    /// OpenZeppelin EnumerableMap: `get` of an absent key.
    #[derive(Debug, PartialEq, Eq)]
    error EnumerableMapNonexistentKey(bytes32 key);
}

/// `Panic(0x11)`: arithmetic overflow or underflow.
pub const PANIC_ARITHMETIC: u8 = 0x11;
/// `Panic(0x32)`: array index out of bounds.
pub const PANIC_INDEX: u8 = 0x32;

/// Why a call reverts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Revert {
    /// `Error(string)`: a failed `require(cond, message)`.
    Message(&'static str),
    /// `Panic(uint256)` with this code.
    Panic(u8),
    /// `AccessControlUnauthorizedAccount(account, neededRole)`.
    Unauthorized(Address, B256),
    /// `AccessControlBadConfirmation()`.
    BadConfirmation,
    /// `EnumerableMapNonexistentKey(key)`.
    NonexistentKey(B256),
    /// Revert data passed on unchanged: a callee's, or empty (a call to an account without
    /// code, return data too short to decode, as Solidity's high-level calls).
    Data(Vec<u8>),
}

/// The result of everything that can revert.
pub type Result<T, E = Revert> = core::result::Result<T, E>;

fn word(value: usize) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[24..].copy_from_slice(&(value as u64).to_be_bytes());
    w
}

fn selector_and(selector: [u8; 4], words: &[&[u8; 32]]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + 32 * words.len());
    out.extend_from_slice(&selector);
    for w in words {
        out.extend_from_slice(*w);
    }
    out
}

impl From<Revert> for Vec<u8> {
    fn from(r: Revert) -> Vec<u8> {
        match r {
            Revert::Message(message) => {
                let bytes = message.as_bytes();
                let mut out = selector_and(Error::SELECTOR, &[&word(32), &word(bytes.len())]);
                out.extend_from_slice(bytes);
                out.resize(4 + 64 + bytes.len().div_ceil(32) * 32, 0);
                out
            }
            Revert::Panic(code) => selector_and(Panic::SELECTOR, &[&word(code as usize)]),
            Revert::Unauthorized(account, role) => selector_and(
                AccessControlUnauthorizedAccount::SELECTOR,
                &[&account.into_word().0, &role.0],
            ),
            Revert::BadConfirmation => AccessControlBadConfirmation::SELECTOR.to_vec(),
            Revert::NonexistentKey(key) => {
                selector_and(EnumerableMapNonexistentKey::SELECTOR, &[&key.0])
            }
            Revert::Data(data) => data,
        }
    }
}

/// Compares with encoded revert data (what callers and tests see).
impl PartialEq<Vec<u8>> for Revert {
    fn eq(&self, data: &Vec<u8>) -> bool {
        let encoded: Vec<u8> = self.clone().into();
        encoded == *data
    }
}

impl From<Vec<u8>> for Revert {
    fn from(data: Vec<u8>) -> Self {
        Revert::Data(data)
    }
}

#[allow(deprecated)]
impl From<stylus_sdk::call::Error> for Revert {
    fn from(e: stylus_sdk::call::Error) -> Self {
        Revert::Data(e.into())
    }
}

/// `Error(string)` revert data for `message`.
pub fn error_string(message: &'static str) -> Vec<u8> {
    Revert::Message(message).into()
}

/// `Panic(uint256)` revert data with `code`.
pub fn panic_code(code: u8) -> Vec<u8> {
    Revert::Panic(code).into()
}

/// `require(condition, message)`.
pub fn require(condition: bool, message: &'static str) -> Result<()> {
    if condition {
        Ok(())
    } else {
        Err(Revert::Message(message))
    }
}

/// Checked `a + b` (Panic 0x11 on overflow).
pub fn add(a: U256, b: U256) -> Result<U256> {
    a.checked_add(b).ok_or(Revert::Panic(PANIC_ARITHMETIC))
}

/// Checked `a - b` (Panic 0x11 on underflow).
pub fn sub(a: U256, b: U256) -> Result<U256> {
    a.checked_sub(b).ok_or(Revert::Panic(PANIC_ARITHMETIC))
}

/// Checked `a * b` (Panic 0x11 on overflow).
pub fn mul(a: U256, b: U256) -> Result<U256> {
    a.checked_mul(b).ok_or(Revert::Panic(PANIC_ARITHMETIC))
}

/// `xs[i]` (Panic 0x32 out of range, as a Solidity array index).
pub fn at<T: Clone>(xs: &[T], i: usize) -> Result<T> {
    xs.get(i).cloned().ok_or(Revert::Panic(PANIC_INDEX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use alloy_primitives::{address, b256};

    #[test]
    fn encodings_are_solidity_s() {
        for msg in [
            "",
            "x",
            "StakeManager: no funds to withdraw",
            "a".repeat(64).leak(),
        ] {
            let want = Error {
                message: msg.into(),
            }
            .abi_encode();
            assert_eq!(error_string(msg), want, "{msg}");
        }
        for code in [PANIC_ARITHMETIC, PANIC_INDEX] {
            let want = Panic {
                code: U256::from(code),
            }
            .abi_encode();
            assert_eq!(panic_code(code), want);
        }
        let (account, role) = (
            address!("00000000000000000000000000000000000000a1"),
            b256!("8502233096d909befbda0999bb8ea2f3a6be3c138b9fbf003752a4c8bce86f6c"),
        );
        assert_eq!(
            Vec::from(Revert::Unauthorized(account, role)),
            AccessControlUnauthorizedAccount {
                account,
                neededRole: role
            }
            .abi_encode()
        );
        assert_eq!(
            Vec::from(Revert::BadConfirmation),
            AccessControlBadConfirmation {}.abi_encode()
        );
        assert_eq!(
            Vec::from(Revert::NonexistentKey(account.into_word())),
            EnumerableMapNonexistentKey {
                key: account.into_word()
            }
            .abi_encode()
        );
        assert_eq!(Vec::from(Revert::Data(vec![1, 2, 3])), vec![1, 2, 3]);
    }

    #[test]
    fn checked_arithmetic_panics_like_solc() {
        let one = U256::from(1);
        assert_eq!(add(U256::MAX, one), Err(Revert::Panic(0x11)));
        assert_eq!(sub(U256::ZERO, one), Err(Revert::Panic(0x11)));
        assert_eq!(mul(U256::MAX, U256::from(2)), Err(Revert::Panic(0x11)));
        assert_eq!(add(U256::from(2), U256::from(3)), Ok(U256::from(5)));
        assert_eq!(at(&[1, 2], 2), Err(Revert::Panic(0x32)));
        assert_eq!(require(false, "x"), Err(Revert::Message("x")));
        assert_eq!(require(true, "x"), Ok(()));
    }
}
