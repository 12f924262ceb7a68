//! ABI items the SDK's `export-abi` cannot see (events, and errors raised inside OpenZeppelin
//! components), in human-readable form. `abi_export` merges them with the functions the front
//! and the facet routers really expose to write `release/abi/prime_network.json`.

/// Events and errors of `PrimeNetwork`, exactly as the reference declares them.
pub const DECLARATIONS: &[&str] = &[
    "event ComputeNodeAdded(address provider, address nodekey, string specsURI)",
    "event ComputeNodeInvalidated(address provider, address nodekey)",
    "event ComputeNodeRemoved(address provider, address nodekey)",
    "event ComputeNodeValidated(address provider, address nodekey)",
    "event ProviderBlacklisted(address provider)",
    "event ProviderDeregistered(address provider)",
    "event ProviderRegistered(address provider, uint256 stake)",
    "event ProviderWhitelisted(address provider)",
    "event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole)",
    "event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)",
    "event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)",
    "error AccessControlBadConfirmation()",
    "error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)",
];
