//! `RewardsDistributor` (spec §3.7, math §8.2): time-based rewards, `rewardRatePerSecond`
//! shared pro rata by the compute units of the nodes in the pool. The contract is
//! `distributor.rs`, shared with `rewards-distributor-fixed`; see there for the one-way
//! (no call back into ComputePool) design, and docs/divergences/rewards-distributor.md.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
extern crate alloc;

pub mod abi;
mod distributor;

/// Shared rate: the index grows by `dt * rate / totalCompute`.
const FIXED: bool = false;

pub use distributor::Distributor as RewardsDistributor;

#[cfg(test)]
mod tests;
