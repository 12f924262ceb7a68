//! Signature recovery as OpenZeppelin's `ECDSA` and `MessageHashUtils` do it, through the
//! `ecrecover` precompile (the one copy the token's permit, the pool's invites and the node
//! keys' consent share).
//!
//! `#[inline]` so that only the programs that call them compile them: as plain functions of
//! this crate they measured 250 to 500 bytes more code in programs that never call them.

use alloy_primitives::{Address, B256};
use stylus_sdk::{call::RawCall, crypto::keccak};

/// The `ecrecover` precompile.
const ECRECOVER: Address = Address::with_last_byte(1);

/// secp256k1 n / 2, big-endian: OpenZeppelin's ECDSA rejects any larger `s` (malleable
/// signatures). Bytes, not a `U256`: comparing 32-byte big-endian slices is comparing the
/// numbers, and a `U256` here measured 250 bytes more code in programs that never call it.
const HALF_ORDER: [u8; 32] = [
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
];

/// Whether the 32-byte big-endian `s` is in the upper half of the curve order
/// (`ECDSAInvalidSignatureS`).
#[inline]
pub fn is_high_s(s: &[u8]) -> bool {
    s > &HALF_ORDER[..]
}

/// The address the precompile recovers from `(hash, v, r, s)`, `None` when it recovers none
/// (`v` not 27 or 28, a point off the curve) or the zero address. `s` is not range-checked
/// here: callers check [`is_high_s`] first, as `ECDSA.tryRecover` does.
#[inline]
pub fn ecrecover(hash: B256, v: u8, r: &[u8], s: &[u8]) -> Option<Address> {
    // The precompile recovers nothing for any other `v`; no need to call it.
    if v != 27 && v != 28 {
        return None;
    }
    let mut input = [0u8; 128];
    input[..32].copy_from_slice(hash.as_slice());
    input[63] = v;
    input[64..96].copy_from_slice(r);
    input[96..].copy_from_slice(s);
    // SAFETY: a static call to a precompile; no storage reference lives across it.
    let out = unsafe { RawCall::new_static().call(ECRECOVER, &input) }.ok()?;
    let recovered = Address::from_slice(out.get(12..32)?);
    (!recovered.is_zero()).then_some(recovered)
}

/// `ECDSA.tryRecover(hash, signature)` of a 65-byte `r ‖ s ‖ v` signature: `None` unless it
/// is 65 bytes, low-s, and recovers a non-zero address. Never reverts.
#[inline]
pub fn try_recover(hash: B256, signature: &[u8]) -> Option<Address> {
    if signature.len() != 65 || is_high_s(&signature[32..64]) {
        return None;
    }
    ecrecover(hash, signature[64], &signature[..32], &signature[32..64])
}

/// `MessageHashUtils.toEthSignedMessageHash(bytes32)`: the EIP-191 digest of a 32-byte hash.
#[inline]
pub fn eth_signed(inner: B256) -> B256 {
    let mut buf = [0u8; 60];
    buf[..28].copy_from_slice(b"\x19Ethereum Signed Message:\n32");
    buf[28..].copy_from_slice(inner.as_slice());
    keccak(buf)
}
