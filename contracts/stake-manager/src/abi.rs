//! ABI items the SDK's `export-abi` cannot see (events, and errors raised inside OpenZeppelin
//! components), in human-readable form, exactly as the reference declares them.

/// Events and errors of `StakeManager`.
pub const DECLARATIONS: &[&str] = &[
    "event PendingBondRemoved(address staker, uint256 amount, uint256 index)",
    "event PendingBondUpdated(address staker, uint256 amount, uint256 index, uint256 timestamp)",
    "event Rebond(address staker, uint256 amount)",
    "event Slashed(address staker, uint256 amount, bytes reason)",
    "event Stake(address staker, uint256 amount)",
    "event StakeMinimumUpdate(uint256 minimum)",
    "event Unstake(address staker, uint256 amount, uint256 index)",
    "event UpdateUnbondingPeriod(uint256 period)",
    "event Withdraw(address staker, uint256 amount)",
    "event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)",
    "event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)",
    "event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole)",
    "error AccessControlBadConfirmation()",
    "error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)",
];
