//! ABI items the SDK's `export-abi` cannot see: the events and errors, and the functions
//! the programs serve from their fallbacks: the two views `pools` and `getComputePool` (the
//! SDK would encode a tuple return with an extra offset word), exactly as the reference
//! declares them, and the functions with dynamic arguments, decoded with
//! `prime_common::call::Words` (parameter names as the SDK would export them).

/// Events, errors and fallback-served functions of `ComputePool`.
pub const DECLARATIONS: &[&str] = &[
    "function joinComputePool(uint256 pool_id, address provider, address[] nodekey, uint256[] nonces, uint256[] expirations, bytes[] signatures) external",
    "function joinComputePool(uint256 pool_id, address provider, address nodekey, uint256 nonce, uint256 expiration, bytes signature) external",
    "function leaveComputePool(uint256 pool_id, address provider, address[] nodekeys) external",
    "function changeComputePool(uint256 from_pool_id, uint256 to_pool_id, address[] nodekeys, uint256[] nonces, uint256[] expirations, bytes[] signatures) external",
    "function submitWork(uint256 pool_id, address node, bytes data) external",
    "function blacklistNodeList(uint256 pool_id, address[] nodekeys) external",
    "function createComputePool(uint256 domain_id, address compute_manager_key, string pool_name, string pool_data_uri, uint256 compute_limit) external returns (uint256)",
    "function updateComputePoolURI(uint256 pool_id, string pool_data_uri) external",
    "function blacklistProviderList(uint256 pool_id, address[] providers) external",
    "function invalidateWork(uint256 pool_id, bytes data) external returns (address, address)",
    "function softInvalidateWork(uint256 pool_id, bytes data) external returns (address, address, uint256)",
    "function pools(uint256) external view returns (uint256 poolId, uint256 domainId, string poolName, address creator, address computeManagerKey, uint256 creationTime, uint256 startTime, uint256 endTime, string poolDataURI, address poolValidationLogic, uint256 totalCompute, uint256 computeLimit, uint8 status)",
    "function getComputePool(uint256 poolId) external view returns ((uint256, uint256, string, address, address, uint256, uint256, uint256, string, address, uint256, uint256, uint8))",
    "event ComputePoolCreated(uint256 indexed poolId, uint256 indexed domainId, address indexed creator, address manager, uint256 limit, string uri)",
    "event ComputePoolEnded(uint256 indexed poolId)",
    "event ComputePoolJoined(uint256 indexed poolId, address indexed provider, address[] nodekeys)",
    "event ComputePoolLeft(uint256 indexed poolId, address indexed provider, address nodekey)",
    "event ComputePoolLimitUpdated(uint256 indexed poolId, uint256 limit)",
    "event ComputePoolNodeBlacklisted(uint256 indexed poolId, address indexed provider, address nodekey)",
    "event ComputePoolNodeEjected(uint256 indexed poolId, address indexed provider, address nodekey)",
    "event ComputePoolProviderBlacklisted(uint256 indexed poolId, address indexed provider)",
    "event ComputePoolPurgedProvider(uint256 indexed poolId, address indexed provider)",
    "event ComputePoolStarted(uint256 indexed poolId, uint256 timestamp)",
    "event ComputePoolURIUpdated(uint256 indexed poolId, string uri)",
    "event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole)",
    "event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)",
    "event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)",
    "error AccessControlBadConfirmation()",
    "error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)",
];
