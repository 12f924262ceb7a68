//! ABI items the SDK's `export-abi` cannot see, in human-readable form, exactly as the
//! reference declares them: events, errors raised inside OpenZeppelin components, and the
//! `domains(uint256)` getter, which the fallback serves (see `DomainRegistry::fallback`).

/// Events, errors and the hand-encoded getter of `DomainRegistry`.
pub const DECLARATIONS: &[&str] = &[
    "function domains(uint256) view returns (uint256 domainId, string name, address validationLogic, string domainParametersURI, address computePool)",
    "event DomainCreated(string domainName, uint256 domainId, address validationLogic, string domainParametersURI)",
    "event DomainUpdated(uint256 domainId, address validationLogic, string domainParametersURI)",
    "event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)",
    "event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)",
    "event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole)",
    "error AccessControlBadConfirmation()",
    "error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)",
];
