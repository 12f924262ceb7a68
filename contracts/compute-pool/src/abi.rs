//! ABI items the SDK's `export-abi` cannot see: the events and errors, and the two views
//! the front serves from its fallback (`pools`, `getComputePool`: the SDK would encode a
//! tuple return with an extra offset word), exactly as the reference declares them.

/// Events, errors and fallback-served functions of `ComputePool`.
pub const DECLARATIONS: &[&str] = &[
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
