//! Role identifiers, `keccak256("<NAME>")`, exactly as the reference contracts define them (spec §1.4).

use alloy_primitives::B256;

/// OpenZeppelin's `DEFAULT_ADMIN_ROLE`: the admin of every role in the protocol.
pub const DEFAULT_ADMIN_ROLE: B256 = B256::ZERO;

const fn role(name: &[u8]) -> B256 {
    B256::new(
        stylus_sdk::keccak_const::Keccak256::new()
            .update(name)
            .finalize(),
    )
}

/// Held by the protocol's federator on PrimeNetwork and ComputePool.
pub const FEDERATOR_ROLE: B256 = role(b"FEDERATOR_ROLE");
/// Held by the validator on PrimeNetwork.
pub const VALIDATOR_ROLE: B256 = role(b"VALIDATOR_ROLE");
/// Held by PrimeNetwork on the modules it coordinates.
pub const PRIME_ROLE: B256 = role(b"PRIME_ROLE");
/// Held by ComputePool on the registry and on each rewards distributor.
pub const COMPUTE_POOL_ROLE: B256 = role(b"COMPUTE_POOL_ROLE");
/// Held by the federator on each rewards distributor (sets the reward rate).
pub const REWARDS_MANAGER_ROLE: B256 = role(b"REWARDS_MANAGER_ROLE");
/// Allowed to create distributors through a distributor factory.
pub const REWARD_CREATOR: B256 = role(b"REWARD_CREATOR");
/// AI token: may mint.
pub const MINTER_ROLE: B256 = role(b"MINTER_ROLE");
/// AI token: may burn from any account.
pub const BURNER_ROLE: B256 = role(b"BURNER_ROLE");
/// AI token: may call `transfer`, `transferFrom` and `permit`.
pub const TRANSFER_ROLE: B256 = role(b"TRANSFER_ROLE");
/// AI token: admin role of TRANSFER_ROLE (not in the reference, where it is DEFAULT_ADMIN_ROLE).
/// Held by the token admin and by the distributor factory, which grants TRANSFER_ROLE to
/// each distributor it creates so that rewards can be claimed (docs/divergences.md).
pub const TRANSFER_ROLE_ADMIN: B256 = role(b"TRANSFER_ROLE_ADMIN");

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::b256;

    /// The values of spec §1.4, computed by solc.
    #[test]
    fn roles_match_the_reference() {
        let expected = [
            (
                FEDERATOR_ROLE,
                b256!("257a11202a56a7d32cd465cc8894ee9eaa6cc12d9b7c22f7f4125f08d6ae3920"),
            ),
            (
                VALIDATOR_ROLE,
                b256!("21702c8af46127c7fa207f89d0b0a8441bb32959a0ac7df790e9ab1a25c98926"),
            ),
            (
                PRIME_ROLE,
                b256!("4224ac760a19a0bd83d3469bb1eb2770cf93bce486d0c94483102de5a5ae0df0"),
            ),
            (
                COMPUTE_POOL_ROLE,
                b256!("342e4f2b2e9bb4c366ea2ef31c54acb10912b2d2d00818affca3c0fbc851fa77"),
            ),
            (
                REWARDS_MANAGER_ROLE,
                b256!("51785d261c3b3e8c2cfe2d0e108b9ab2b1fb703ff9e9e49aba4ebdc85c36152b"),
            ),
            (
                REWARD_CREATOR,
                b256!("71fd680d803207322327d3a0f53829c6c5777179fdb9adcf46e74a3290d6d468"),
            ),
            (
                MINTER_ROLE,
                b256!("9f2df0fed2c77648de5860a4cc508cd0818c85b8b8a1ab4ceeef8d981c8956a6"),
            ),
            (
                BURNER_ROLE,
                b256!("3c11d16cbaffd01df69ce1c404f6340ee057498f5f00246190ea54220576a848"),
            ),
            (
                TRANSFER_ROLE,
                b256!("8502233096d909befbda0999bb8ea2f3a6be3c138b9fbf003752a4c8bce86f6c"),
            ),
        ];
        assert_eq!(
            TRANSFER_ROLE_ADMIN,
            alloy_primitives::keccak256("TRANSFER_ROLE_ADMIN")
        );
        for (got, want) in expected {
            assert_eq!(got, want);
        }
        assert_eq!(DEFAULT_ADMIN_ROLE, B256::ZERO);
    }
}
