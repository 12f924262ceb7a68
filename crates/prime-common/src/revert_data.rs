//! Raw revert data in the encodings the reference contracts produce (spec §2.2): Solidity's
//! `Error(string)` for `require(cond, "msg")`, and `Panic(uint256)` for checked arithmetic
//! (0x11) and out-of-bounds array access (0x32).
//!
//! Written by hand instead of through `sol!` types: the encoders are tiny and each contract
//! that reverts with strings needs exactly this.

use alloc::vec::Vec;

/// `Panic(uint256)` code of Solidity's checked arithmetic (overflow, underflow).
pub const PANIC_ARITHMETIC: u8 = 0x11;
/// `Panic(uint256)` code of an out-of-bounds array index.
pub const PANIC_INDEX: u8 = 0x32;

/// Selector of `Error(string)`.
pub const ERROR_SELECTOR: [u8; 4] = [0x08, 0xc3, 0x79, 0xa0];
/// Selector of `Panic(uint256)`.
pub const PANIC_SELECTOR: [u8; 4] = [0x4e, 0x48, 0x7b, 0x71];

fn word(value: usize) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[24..].copy_from_slice(&(value as u64).to_be_bytes());
    w
}

/// `Error(string)` revert data for `message`, as `require(false, message)` produces.
pub fn error_string(message: &str) -> Vec<u8> {
    let bytes = message.as_bytes();
    let padded = bytes.len().div_ceil(32) * 32;
    let mut out = Vec::with_capacity(4 + 64 + padded);
    out.extend_from_slice(&ERROR_SELECTOR);
    out.extend_from_slice(&word(32));
    out.extend_from_slice(&word(bytes.len()));
    out.extend_from_slice(bytes);
    out.resize(4 + 64 + padded, 0);
    out
}

/// `Panic(uint256)` revert data with `code`.
pub fn panic_code(code: u8) -> Vec<u8> {
    let mut out = Vec::with_capacity(36);
    out.extend_from_slice(&PANIC_SELECTOR);
    out.extend_from_slice(&word(code as usize));
    out
}

#[cfg(test)]
mod tests {
    use alloy_sol_types::{sol, SolError};

    use super::*;

    sol! {
        error Error(string message);
        error Panic(uint256 code);
    }

    #[test]
    fn error_string_matches_solidity_encoding() {
        for msg in [
            "",
            "x",
            "StakeManager: no funds to withdraw",
            &"a".repeat(64),
        ] {
            let want = Error {
                message: msg.into(),
            }
            .abi_encode();
            assert_eq!(error_string(msg), want, "{msg}");
        }
    }

    #[test]
    fn panic_matches_solidity_encoding() {
        for code in [PANIC_ARITHMETIC, PANIC_INDEX] {
            let want = Panic {
                code: alloy_primitives::U256::from(code),
            }
            .abi_encode();
            assert_eq!(panic_code(code), want);
        }
    }
}
