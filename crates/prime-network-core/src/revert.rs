//! Revert data in the reference's encodings: `Error(string)` for `require(…, "msg")` and
//! `Panic(uint256)` for checked arithmetic (0x11) and array bounds (0x32).

use alloc::vec::Vec;

fn word(value: usize) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[24..].copy_from_slice(&(value as u64).to_be_bytes());
    w
}

/// `Error(string)` (selector `0x08c379a0`) with `message`, as Solidity's `require` encodes it.
pub fn error_string(message: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + 64 + message.len() + 32);
    out.extend_from_slice(&[0x08, 0xc3, 0x79, 0xa0]);
    out.extend_from_slice(&word(32));
    out.extend_from_slice(&word(message.len()));
    out.extend_from_slice(message.as_bytes());
    out.resize(out.len() + (32 - message.len() % 32) % 32, 0);
    out
}

/// `Panic(uint256)` (selector `0x4e487b71`) with `code`.
pub fn panic_code(code: u8) -> Vec<u8> {
    let mut out = Vec::with_capacity(36);
    out.extend_from_slice(&[0x4e, 0x48, 0x7b, 0x71]);
    out.extend_from_slice(&word(code as usize));
    out
}

/// Checked arithmetic failed: `Panic(0x11)`.
pub(crate) fn overflow() -> Vec<u8> {
    panic_code(0x11)
}
