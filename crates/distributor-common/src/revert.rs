//! Revert data as solc produces it: `require(cond, "msg")` gives `Error(string)`, checked
//! arithmetic and array indexing give `Panic(uint256)`.

use alloc::vec::Vec;

use alloy_primitives::U256;

/// `Panic(0x11)`: arithmetic overflow or underflow.
pub const PANIC_ARITHMETIC: u8 = 0x11;
/// `Panic(0x32)`: array index out of bounds.
pub const PANIC_INDEX: u8 = 0x32;

/// `Error(string)` revert data (selector `0x08c379a0` + ABI-encoded string).
pub fn error_string(message: &str) -> Vec<u8> {
    let bytes = message.as_bytes();
    let padded = bytes.len().div_ceil(32) * 32;
    let mut out = Vec::with_capacity(4 + 64 + padded);
    out.extend_from_slice(&[0x08, 0xc3, 0x79, 0xa0]);
    out.extend_from_slice(&U256::from(32u8).to_be_bytes::<32>());
    out.extend_from_slice(&U256::from(bytes.len()).to_be_bytes::<32>());
    out.extend_from_slice(bytes);
    out.resize(4 + 64 + padded, 0);
    out
}

/// `Panic(uint256 code)` revert data (selector `0x4e487b71`).
pub fn panic(code: u8) -> Vec<u8> {
    let mut out = Vec::with_capacity(36);
    out.extend_from_slice(&[0x4e, 0x48, 0x7b, 0x71]);
    out.resize(35, 0);
    out.push(code);
    out
}

/// `require(condition, message)`.
pub fn require(condition: bool, message: &str) -> Result<(), Vec<u8>> {
    if condition {
        Ok(())
    } else {
        Err(error_string(message))
    }
}

/// Checked `a + b` (Panic 0x11 on overflow).
pub fn add(a: U256, b: U256) -> Result<U256, Vec<u8>> {
    a.checked_add(b).ok_or_else(|| panic(PANIC_ARITHMETIC))
}

/// Checked `a - b` (Panic 0x11 on underflow).
pub fn sub(a: U256, b: U256) -> Result<U256, Vec<u8>> {
    a.checked_sub(b).ok_or_else(|| panic(PANIC_ARITHMETIC))
}

/// Checked `a * b` (Panic 0x11 on overflow).
pub fn mul(a: U256, b: U256) -> Result<U256, Vec<u8>> {
    a.checked_mul(b).ok_or_else(|| panic(PANIC_ARITHMETIC))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::hex;

    #[test]
    fn error_string_is_abi_encoded() {
        let got = error_string("Unauthorized");
        let want = hex!(
            "08c379a0"
            "0000000000000000000000000000000000000000000000000000000000000020"
            "000000000000000000000000000000000000000000000000000000000000000c"
            "556e617574686f72697a65640000000000000000000000000000000000000000"
        );
        assert_eq!(got, want.to_vec());
        // Exactly 32 bytes: no extra padding word.
        assert_eq!(error_string(&"a".repeat(32)).len(), 4 + 64 + 32);
        assert_eq!(error_string("").len(), 4 + 64);
    }

    #[test]
    fn panic_is_abi_encoded() {
        let got = panic(PANIC_ARITHMETIC);
        assert_eq!(got.len(), 36);
        assert_eq!(&got[..4], &hex!("4e487b71"));
        assert_eq!(U256::from_be_slice(&got[4..]), U256::from(0x11));
    }

    #[test]
    fn checked_arithmetic_panics_like_solc() {
        assert_eq!(add(U256::MAX, U256::from(1)), Err(panic(0x11)));
        assert_eq!(sub(U256::ZERO, U256::from(1)), Err(panic(0x11)));
        assert_eq!(mul(U256::MAX, U256::from(2)), Err(panic(0x11)));
        assert_eq!(add(U256::from(2), U256::from(3)), Ok(U256::from(5)));
        assert_eq!(require(false, "x"), Err(error_string("x")));
        assert_eq!(require(true, "x"), Ok(()));
    }
}
