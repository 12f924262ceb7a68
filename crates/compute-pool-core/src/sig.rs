//! The pool invite (spec §7.2): EIP-191 over `keccak256(domainId ‖ poolId ‖ nodekey ‖ nonce
//! ‖ expiration)`, checked like OpenZeppelin's `SignatureChecker.isValidSignatureNow`.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
#[allow(deprecated)]
use stylus_sdk::call::{static_call, Call};
use stylus_sdk::{crypto::keccak, prelude::*};

use crate::{abi::Calldata, ext::IS_VALID_SIGNATURE};

/// secp256k1n / 2: larger `s` values are malleable and rejected.
const HALF_ORDER: U256 = alloy_primitives::uint!(
    0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0_U256
);

/// `keccak256("")`: the code hash of an account without code.
const EMPTY_CODE_HASH: B256 =
    alloy_primitives::b256!("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");

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
    #[allow(deprecated)]
    let out = static_call(Call::new(), Address::with_last_byte(1), &input).ok()?;
    let recovered = Address::from_slice(out.get(12..32)?);
    (!recovered.is_zero()).then_some(recovered)
}

/// ERC-1271: `signer.isValidSignature(hash, signature)` returns the magic value. A revert
/// or short return data is `false`.
pub fn erc1271_valid(signer: Address, hash: B256, signature: &[u8]) -> bool {
    let call = Calldata::new(IS_VALID_SIGNATURE)
        .word(&hash.0)
        .uint(U256::from(0x40))
        .bytes_tail(signature);
    #[allow(deprecated)]
    let Ok(ret) = static_call(Call::new(), signer, &call.0) else {
        return false;
    };
    let mut magic = [0u8; 32];
    magic[..4].copy_from_slice(&IS_VALID_SIGNATURE.to_be_bytes());
    ret.len() >= 32 && ret[..32] == magic
}

/// `SignatureChecker.isValidSignatureNow(signer, hash, signature)`: ERC-1271 when the
/// signer has code, ECDSA otherwise.
pub fn is_valid_signature_now(
    host: &dyn Host,
    signer: Address,
    hash: B256,
    signature: &[u8],
) -> bool {
    let code_hash = host.code_hash(signer);
    if !code_hash.is_zero() && code_hash != EMPTY_CODE_HASH {
        erc1271_valid(signer, hash, signature)
    } else {
        try_recover(hash, signature) == Some(signer)
    }
}
