//! The pool invite (spec §7.2): EIP-191 over `keccak256(domainId ‖ poolId ‖ nodekey ‖ nonce
//! ‖ expiration)`, checked like OpenZeppelin's `SignatureChecker.isValidSignatureNow`.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use prime_common::{call::has_code, interfaces::Erc1271};
use stylus_sdk::{call::RawCall, crypto::keccak, prelude::*};

/// secp256k1n / 2: larger `s` values are malleable and rejected.
const HALF_ORDER: U256 = alloy_primitives::uint!(
    0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0_U256
);

/// `keccak256(abi.encodePacked(domainId, poolId, nodekey, nonce, expiration))`.
pub fn invite_inner(
    domain_id: U256,
    pool_id: U256,
    node: Address,
    nonce: U256,
    expiration: U256,
) -> B256 {
    let mut packed = Vec::with_capacity(148);
    packed.extend_from_slice(&domain_id.to_be_bytes::<32>());
    packed.extend_from_slice(&pool_id.to_be_bytes::<32>());
    packed.extend_from_slice(node.as_slice());
    packed.extend_from_slice(&nonce.to_be_bytes::<32>());
    packed.extend_from_slice(&expiration.to_be_bytes::<32>());
    keccak(packed)
}

/// `MessageHashUtils.toEthSignedMessageHash(bytes32)`.
pub fn eth_signed(inner: B256) -> B256 {
    let mut buf = [0u8; 60];
    buf[..28].copy_from_slice(b"\x19Ethereum Signed Message:\n32");
    buf[28..].copy_from_slice(inner.as_slice());
    keccak(buf)
}

/// The digest the compute manager signs and that is marked used.
pub fn invite_digest(
    domain_id: U256,
    pool_id: U256,
    node: Address,
    nonce: U256,
    expiration: U256,
) -> B256 {
    eth_signed(invite_inner(domain_id, pool_id, node, nonce, expiration))
}

/// `ECDSA.tryRecover(hash, signature)`: `None` unless the signature is 65 bytes, low-s,
/// `v ∈ {27, 28}` and recovers a non-zero address. Never reverts.
pub fn try_recover(hash: B256, signature: &[u8]) -> Option<Address> {
    if signature.len() != 65 {
        return None;
    }
    let (r, s, v) = (&signature[..32], &signature[32..64], signature[64]);
    if U256::from_be_slice(s) > HALF_ORDER || (v != 27 && v != 28) {
        return None;
    }
    let mut input = [0u8; 128];
    input[..32].copy_from_slice(hash.as_slice());
    input[63] = v;
    input[64..96].copy_from_slice(r);
    input[96..].copy_from_slice(s);
    // SAFETY: a static call to the ecrecover precompile; no storage reference lives across it.
    let out = unsafe { RawCall::new_static().call(Address::with_last_byte(1), &input) }.ok()?;
    let recovered = Address::from_slice(out.get(12..32)?);
    (!recovered.is_zero()).then_some(recovered)
}

/// `SignatureChecker.isValidSignatureNow(signer, hash, signature)`: ERC-1271 when the
/// signer has code, ECDSA otherwise.
pub fn is_valid_signature_now(
    host: &dyn Host,
    signer: Address,
    hash: B256,
    signature: &[u8],
) -> bool {
    if has_code(host, signer) {
        Erc1271(signer).is_valid_signature(hash, signature)
    } else {
        try_recover(hash, signature) == Some(signer)
    }
}
