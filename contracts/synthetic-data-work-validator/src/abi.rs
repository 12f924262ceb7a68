//! ABI items the SDK's `export-abi` cannot see (events), in human-readable form, exactly as
//! the reference declares them (no indexed parameters).

/// Events of `SyntheticDataWorkValidator`.
pub const DECLARATIONS: &[&str] = &[
    "event WorkSubmitted(uint256 poolId, address provider, address nodeId, bytes32 workKey, uint256 workUnits)",
    "event WorkInvalidated(uint256 poolId, address provider, address nodeId, bytes32 workKey, uint256 workUnits)",
    "event WorkRemoved(uint256 poolId, address provider, address nodeId, bytes32 workKey, uint256 workUnits)",
];
