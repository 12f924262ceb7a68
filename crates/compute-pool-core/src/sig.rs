//! The pool invite (spec §7.2): EIP-191 over `keccak256(domainId ‖ poolId ‖ nodekey ‖ nonce
//! ‖ expiration)`, checked like OpenZeppelin's `SignatureChecker.isValidSignatureNow`.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
pub use prime_common::ecdsa::{eth_signed, try_recover};
use prime_common::{call::has_code, interfaces::Erc1271};
use stylus_sdk::{crypto::keccak, prelude::*};

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
