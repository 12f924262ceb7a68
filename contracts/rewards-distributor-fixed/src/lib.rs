//! `RewardsDistributorFixed` (spec §3.8, math §8.3): time-based rewards,
//! `rewardRatePerSecond` per compute unit (the index grows by `dt * rate`, not divided by
//! the pool's total compute). The contract is `rewards-distributor`'s `distributor.rs`,
//! compiled here with `FIXED = true`; see docs/divergences/rewards-distributor-fixed.md.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
extern crate alloc;

pub mod abi;
#[path = "../../rewards-distributor/src/distributor.rs"]
mod distributor;

/// Fixed rate per compute unit: the index grows by `dt * rate`.
const FIXED: bool = true;

pub use distributor::Distributor as RewardsDistributorFixed;

#[cfg(test)]
mod tests;
