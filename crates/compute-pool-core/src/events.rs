//! The events ComputePool emits (spec §4), declared exactly as the reference's
//! `IComputePool.sol` (same indexed flags, so the same topics and data).
#![allow(missing_docs)]

use alloy_sol_types::sol;

sol! {
    #[derive(Debug)]
    event ComputePoolCreated(uint256 indexed poolId, uint256 indexed domainId, address indexed creator, address manager, uint256 limit, string uri);
    #[derive(Debug)]
    event ComputePoolStarted(uint256 indexed poolId, uint256 timestamp);
    #[derive(Debug)]
    event ComputePoolEnded(uint256 indexed poolId);
    #[derive(Debug)]
    event ComputePoolURIUpdated(uint256 indexed poolId, string uri);
    #[derive(Debug)]
    event ComputePoolLimitUpdated(uint256 indexed poolId, uint256 limit);
    #[derive(Debug)]
    event ComputePoolJoined(uint256 indexed poolId, address indexed provider, address[] nodekeys);
    #[derive(Debug)]
    event ComputePoolLeft(uint256 indexed poolId, address indexed provider, address nodekey);
    #[derive(Debug)]
    event ComputePoolNodeEjected(uint256 indexed poolId, address indexed provider, address nodekey);
    #[derive(Debug)]
    event ComputePoolPurgedProvider(uint256 indexed poolId, address indexed provider);
    #[derive(Debug)]
    event ComputePoolProviderBlacklisted(uint256 indexed poolId, address indexed provider);
    #[derive(Debug)]
    event ComputePoolNodeBlacklisted(uint256 indexed poolId, address indexed provider, address nodekey);
}
