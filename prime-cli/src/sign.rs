//! The flow's two off-chain signatures (spec §7): EIP-191 `personal_sign` over the keccak of
//! a packed message, 65 bytes `r ‖ s ‖ v` with v = 27/28, as the reference client signs.

use alloy::{
    primitives::{keccak256, Address, B256, U256},
    signers::{local::PrivateKeySigner, SignerSync},
};

/// §7.1: `keccak256(abi.encodePacked(provider, node))`, what the node key signs.
pub fn node_message(provider: Address, node: Address) -> B256 {
    keccak256([provider.as_slice(), node.as_slice()].concat())
}

/// §7.1: the node key's consent to `provider` (the `signature` of `addComputeNode`).
pub fn sign_node(node_key: &PrivateKeySigner, provider: Address) -> [u8; 65] {
    personal_sign(node_key, node_message(provider, node_key.address()))
}

/// §7.2: `keccak256(abi.encodePacked(domainId, poolId, node, nonce, expiration))`, what the
/// pool's compute manager signs.
pub fn invite_message(
    domain: U256,
    pool: U256,
    node: Address,
    nonce: U256,
    expiration: U256,
) -> B256 {
    keccak256(
        [
            &domain.to_be_bytes::<32>()[..],
            &pool.to_be_bytes::<32>(),
            node.as_slice(),
            &nonce.to_be_bytes::<32>(),
            &expiration.to_be_bytes::<32>(),
        ]
        .concat(),
    )
}

/// §7.2: an invite of `node` to `pool` (in `domain`), signed by the pool's compute manager.
pub fn sign_invite(
    manager: &PrivateKeySigner,
    domain: U256,
    pool: U256,
    node: Address,
    nonce: U256,
    expiration: U256,
) -> [u8; 65] {
    personal_sign(
        manager,
        invite_message(domain, pool, node, nonce, expiration),
    )
}

fn personal_sign(key: &PrivateKeySigner, message: B256) -> [u8; 65] {
    // Signing a 32-byte hash with a local key cannot fail (k256 signs any digest).
    key.sign_message_sync(message.as_slice())
        .expect("local ECDSA signing")
        .as_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::primitives::{address, b256, eip191_hash_message, hex};

    // Spec §7.4: anvil keys #2 (provider), #3 (node), #0 (manager).
    const PROVIDER: Address = address!("3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
    const NODE_KEY: B256 =
        b256!("7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6");
    const MANAGER_KEY: B256 =
        b256!("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

    #[test]
    fn node_signature_vector() {
        let node = PrivateKeySigner::from_bytes(&NODE_KEY).unwrap();
        assert_eq!(
            node.address(),
            address!("90F79bf6EB2c4f870365E785982E1f101E93b906")
        );
        let inner = node_message(PROVIDER, node.address());
        assert_eq!(
            inner,
            b256!("f9ab525510581103f8ef57c3f6878f19ccc54c0b670dc5849da11342d16cf988")
        );
        assert_eq!(
            eip191_hash_message(inner),
            b256!("5aae882062f2e8c8ec24e1c4c8033aa0a55a03799e5b86363db9bf848370095d")
        );
        assert_eq!(
            hex::encode_prefixed(sign_node(&node, PROVIDER)),
            "0x4ee7a9c8225a8ea292621f26739b5cce406ea866b1aba1cf181ae2449441f9d534cae504b361d519def0cf129086de55ec8c67e3ac702ad68d3d8697cb645f391c"
        );
    }

    #[test]
    fn invite_signature_vector() {
        let manager = PrivateKeySigner::from_bytes(&MANAGER_KEY).unwrap();
        assert_eq!(
            manager.address(),
            address!("f39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
        );
        let node = address!("90F79bf6EB2c4f870365E785982E1f101E93b906");
        let (domain, pool, nonce, exp) = (
            U256::ZERO,
            U256::ZERO,
            U256::from(1),
            U256::from(2_000_000_000u64),
        );
        let inner = invite_message(domain, pool, node, nonce, exp);
        assert_eq!(
            inner,
            b256!("82816e929e3cc6729e29df71e3877bf2744abb5ac39ef4ce1ff9103e5c096119")
        );
        assert_eq!(
            eip191_hash_message(inner),
            b256!("73e25c009ab906bda315ee312a4a17e5872ed7f9a15e64e04bba1f7471d75e12")
        );
        assert_eq!(
            hex::encode_prefixed(sign_invite(&manager, domain, pool, node, nonce, exp)),
            "0xf22d29799354a7dc47f27f91404afa2fdb76c68b978358e97b5eb719dd407a6f18308d401adc3ccf81cca604573b676419b267581aab853f1c3792b878f0ce961c"
        );
    }
}
