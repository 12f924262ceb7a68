//! Contract bindings. The reference contracts' ABIs (`abi/*.json`, copied from the spec's
//! `reference-abi/`, i.e. `forge inspect … abi` of the Solidity reference) give typed calls,
//! the reference event signatures for log decoding and the reference custom errors for revert
//! decoding. The Stylus-only pieces (StylusDeployer, ArbWasm, the token's divergence) are
//! declared by hand.
#![allow(missing_docs, clippy::too_many_arguments)]

use alloy::sol;

sol!(
    #[sol(rpc)]
    #[derive(Debug)]
    AITokenTransferRole,
    "abi/AITokenTransferRole.json"
);
sol!(
    #[sol(rpc)]
    #[derive(Debug)]
    PrimeNetwork,
    "abi/PrimeNetwork.json"
);
sol!(
    #[sol(rpc)]
    #[derive(Debug)]
    ComputeRegistry,
    "abi/ComputeRegistry.json"
);
sol!(
    #[sol(rpc)]
    #[derive(Debug)]
    DomainRegistry,
    "abi/DomainRegistry.json"
);
sol!(
    #[sol(rpc)]
    #[derive(Debug)]
    StakeManager,
    "abi/StakeManager.json"
);
sol!(
    #[sol(rpc)]
    #[derive(Debug)]
    ComputePool,
    "abi/ComputePool.json"
);
sol!(
    #[sol(rpc)]
    #[derive(Debug)]
    RewardsDistributorWorkSubmission,
    "abi/RewardsDistributorWorkSubmission.json"
);
sol!(
    #[sol(rpc)]
    #[derive(Debug)]
    RewardsDistributor,
    "abi/RewardsDistributor.json"
);
sol!(
    #[sol(rpc)]
    #[derive(Debug)]
    RewardsDistributorWorkSubmissionFactory,
    "abi/RewardsDistributorWorkSubmissionFactory.json"
);
sol!(
    #[sol(rpc)]
    #[derive(Debug)]
    SyntheticDataWorkValidator,
    "abi/SyntheticDataWorkValidator.json"
);

sol! {
    /// nitro-contracts `StylusDeployer` (what `cargo stylus deploy` uses).
    #[sol(rpc)]
    #[derive(Debug)]
    interface IStylusDeployer {
        function deploy(bytes bytecode, bytes initData, uint256 initValue, bytes32 salt) external payable returns (address);
        function requiresActivation(address addr) external view returns (bool);
        event ContractDeployed(address deployedContract);
        error ContractDeploymentError(bytes bytecode);
        error ContractInitializationError(address newContract, bytes data);
        error RefundExcessValueError(uint256 excessValue);
        error EmptyBytecode();
        error InitValueButNotInitData();
    }

    /// The ArbWasm precompile (0x71).
    #[sol(rpc)]
    #[derive(Debug)]
    interface ArbWasm {
        function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
        function stylusVersion() external view returns (uint16 version);
        function codehashVersion(bytes32 codehash) external view returns (uint16 version);
        function programInitGas(address program) external view returns (uint64 gas, uint64 gasWhenCached);
        event ProgramActivated(bytes32 indexed codehash, bytes32 moduleHash, address program, uint256 dataFee, uint16 version);
        error ProgramNotWasm();
        error ProgramNotActivated();
        error ProgramNeedsUpgrade(uint16 version, uint16 stylusVersion);
        error ProgramExpired(uint64 ageInSeconds);
        error ProgramUpToDate();
        error ProgramKeepaliveTooSoon(uint64 ageInSeconds);
        error ProgramInsufficientValue(uint256 have, uint256 want);
    }

    /// The ArbWasmCache precompile (0x72): chain owners and cache managers cache programs,
    /// whose calls then pay the cached entry cost instead of the full one.
    #[sol(rpc)]
    #[derive(Debug)]
    interface ArbWasmCache {
        function cacheProgram(address addr) external;
        function codehashIsCached(bytes32 codehash) external view returns (bool);
        event UpdateProgramCache(address indexed manager, bytes32 indexed codehash, bool cached);
    }

    /// Role-admin event and getters of the AccessControl contracts (OZ v5).
    #[derive(Debug)]
    interface IAccessControlEvents {
        event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender);
        event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender);
        event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole);
    }
}

/// The reference ABI JSON files embedded in this crate, by contract name (for revert decoding).
pub const REFERENCE_ABIS: &[(&str, &str)] = &[
    ("AIToken", include_str!("../abi/AIToken.json")),
    (
        "AITokenTransferRole",
        include_str!("../abi/AITokenTransferRole.json"),
    ),
    ("ComputePool", include_str!("../abi/ComputePool.json")),
    (
        "ComputeRegistry",
        include_str!("../abi/ComputeRegistry.json"),
    ),
    ("DomainRegistry", include_str!("../abi/DomainRegistry.json")),
    ("PrimeNetwork", include_str!("../abi/PrimeNetwork.json")),
    (
        "RewardsDistributor",
        include_str!("../abi/RewardsDistributor.json"),
    ),
    (
        "RewardsDistributorFactory",
        include_str!("../abi/RewardsDistributorFactory.json"),
    ),
    (
        "RewardsDistributorFixed",
        include_str!("../abi/RewardsDistributorFixed.json"),
    ),
    (
        "RewardsDistributorFixedFactory",
        include_str!("../abi/RewardsDistributorFixedFactory.json"),
    ),
    (
        "RewardsDistributorWorkSubmission",
        include_str!("../abi/RewardsDistributorWorkSubmission.json"),
    ),
    (
        "RewardsDistributorWorkSubmissionFactory",
        include_str!("../abi/RewardsDistributorWorkSubmissionFactory.json"),
    ),
    ("StakeManager", include_str!("../abi/StakeManager.json")),
    (
        "SyntheticDataWorkValidator",
        include_str!("../abi/SyntheticDataWorkValidator.json"),
    ),
];

/// The release ABIs (`release/abi/`, generated from our contracts' code by
/// `scripts/export-abi.sh`): they carry our divergences' errors and events too.
pub const RELEASE_ABIS: &[(&str, &str)] = &[
    ("ai_token", include_str!("../../release/abi/ai_token.json")),
    (
        "compute_pool",
        include_str!("../../release/abi/compute_pool.json"),
    ),
    (
        "compute_registry",
        include_str!("../../release/abi/compute_registry.json"),
    ),
    (
        "domain_registry",
        include_str!("../../release/abi/domain_registry.json"),
    ),
    (
        "prime_network",
        include_str!("../../release/abi/prime_network.json"),
    ),
    (
        "rewards_distributor",
        include_str!("../../release/abi/rewards_distributor.json"),
    ),
    (
        "rewards_distributor_factory",
        include_str!("../../release/abi/rewards_distributor_factory.json"),
    ),
    (
        "rewards_distributor_fixed",
        include_str!("../../release/abi/rewards_distributor_fixed.json"),
    ),
    (
        "rewards_distributor_fixed_factory",
        include_str!("../../release/abi/rewards_distributor_fixed_factory.json"),
    ),
    (
        "rewards_distributor_time_based",
        include_str!("../../release/abi/rewards_distributor_time_based.json"),
    ),
    (
        "rewards_distributor_work_submission_factory",
        include_str!("../../release/abi/rewards_distributor_work_submission_factory.json"),
    ),
    (
        "stake_manager",
        include_str!("../../release/abi/stake_manager.json"),
    ),
    (
        "synthetic_data_work_validator",
        include_str!("../../release/abi/synthetic_data_work_validator.json"),
    ),
];
