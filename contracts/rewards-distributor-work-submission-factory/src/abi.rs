//! ABI items the SDK's `export-abi` cannot see (events, and errors returned as raw revert
//! data), in human-readable form, exactly as the reference declares them.

/// Events and errors of the distributor factories.
pub const DECLARATIONS: &[&str] = &[
    "event NewRewardsDistributor(address indexed rewardsDistributor, address indexed computePool, uint256 indexed poolId)",
    "event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole)",
    "event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)",
    "event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)",
    "error AccessControlBadConfirmation()",
    "error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)",
];
