//! The functions PrimeNetwork calls on the other contracts, written from their reference
//! ABIs (spec §3.2-§3.5, §3.10) so the calldata is the reference's.
#![allow(missing_docs, clippy::too_many_arguments)]

use alloy_sol_types::sol;

sol! {
    // StakeManager (§3.2)
    function getStake(address staker) external view returns (uint256);
    function getStakeMinimum() external view returns (uint256);
    function getPendingUnbondTotal(address staker) external view returns (uint256);
    function stake(address staker, uint256 amount) external;
    function unstake(address staker, uint256 amount) external;
    function rebond(address staker, uint256 amount) external;
    function slash(address staker, uint256 amount, bytes reason) external returns (uint256);
    function setStakeMinimum(uint256 minimum) external;

    // ComputeRegistry (§3.3)
    function register(address provider) external returns (bool);
    function deregister(address provider) external returns (bool);
    function checkProviderExists(address provider) external view returns (bool);
    function getWhitelistStatus(address provider) external view returns (bool);
    function setWhitelistStatus(address provider, bool status) external;
    function setNodeValidationStatus(address provider, address subkey, bool status) external;
    function getProviderActiveNodes(address provider) external view returns (uint32);
    function getProviderTotalCompute(address provider) external view returns (uint256);
    function addComputeNode(address provider, address subkey, uint256 computeUnits, string specsURI) external returns (uint256);
    function removeComputeNode(address provider, address subkey) external returns (bool);
    function setComputePool(address computePool) external;

    // DomainRegistry (§3.4)
    function create(string name, address computePool, address validationContract, string domainParametersURI) external returns (uint256);
    function updateValidationLogic(uint256 domainId, address validationContract) external;
    function updateParameters(uint256 domainId, string domainParametersURI) external;

    // ComputePool (§3.5)
    function invalidateWork(uint256 poolId, bytes data) external returns (address, address);
    function softInvalidateWork(uint256 poolId, bytes data) external returns (address, address, uint256);

    // AI token (§3.10)
    function transfer(address to, uint256 value) external returns (bool);
    function transferFrom(address from, address to, uint256 value) external returns (bool);
    function approve(address spender, uint256 value) external returns (bool);
    function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;

    // ERC-1271 node keys (§2.5)
    function isValidSignature(bytes32 hash, bytes signature) external view returns (bytes4);
}
