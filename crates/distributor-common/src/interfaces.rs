//! The external calls the distributors and factories make. None of them goes to ComputePool
//! or PrimeNetwork while either can be on the call stack (Stylus reverts on re-entry): the
//! distributors call only the registry and the token, and the factories call ComputePool and
//! PrimeNetwork views only from `setComputePool`, which nobody reaches through them.

use alloc::vec;

use stylus_sdk::prelude::sol_interface;

sol_interface! {
    /// The ComputeRegistry views the distributors read.
    interface IRegistryView {
        function getNodeProvider(address node) external view returns (address);
        function getNodeComputeUnits(address node) external view returns (uint256);
    }

    /// The reward token (AITokenTransferRole): payouts, and the TRANSFER_ROLE grant the
    /// factories make to each distributor they create.
    interface IRewardToken {
        function balanceOf(address account) external view returns (uint256);
        function transfer(address to, uint256 amount) external returns (bool);
        function hasRole(bytes32 role, address account) external view returns (bool);
        function grantRole(bytes32 role, address account) external;
    }

    /// ComputePool's reward token (read by the factories in `setComputePool`).
    interface IPoolRewardToken {
        function getRewardToken() external view returns (address);
    }

    /// AccessControlEnumerable's `getRoleMember` (ComputePool's PRIME_ROLE holder,
    /// PrimeNetwork's federator), read by the factories in `setComputePool`.
    interface IRoleMembers {
        function getRoleMember(bytes32 role, uint256 index) external view returns (address);
    }
}
