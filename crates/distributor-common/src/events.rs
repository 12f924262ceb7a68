//! Events of the distributors, their factories and the work validator (spec §4), with the
//! reference's parameter names and indexed flags.
#![allow(missing_docs)]

use alloy_sol_types::sol;
/// Emits a typed event (shared with every contract).
pub use prime_common::log::emit;

sol! {
    #[derive(Debug, PartialEq)]
    event RewardsClaimed(uint256 indexed poolId, address indexed provider, address indexed nodekey, uint256 reward);
    #[derive(Debug, PartialEq)]
    event PendingRewardsSlashed(uint256 indexed poolId, address indexed provider, address indexed node, uint256 slashedAmount);
    #[derive(Debug, PartialEq)]
    event NewRewardsDistributor(address indexed rewardsDistributor, address indexed computePool, uint256 indexed poolId);
    #[derive(Debug, PartialEq)]
    event WorkSubmitted(uint256 poolId, address provider, address nodeId, bytes32 workKey, uint256 workUnits);
    #[derive(Debug, PartialEq)]
    event WorkInvalidated(uint256 poolId, address provider, address nodeId, bytes32 workKey, uint256 workUnits);
    #[derive(Debug, PartialEq)]
    event WorkRemoved(uint256 poolId, address provider, address nodeId, bytes32 workKey, uint256 workUnits);
}
