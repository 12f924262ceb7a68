//! ABI items the SDK's `export-abi` cannot see (events, and errors raised inside OpenZeppelin
//! components or by the registry's EnumerableMap semantics), exactly as the reference
//! declares them. The registry emits only the role events.

/// Events and errors of `ComputeRegistry`.
pub const DECLARATIONS: &[&str] = &[
    "event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)",
    "event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)",
    "event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole)",
    "error AccessControlBadConfirmation()",
    "error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)",
    "error EnumerableMapNonexistentKey(bytes32 key)",
];
