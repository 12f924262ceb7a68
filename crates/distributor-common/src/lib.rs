//! The rewards distributors (§3.6-§3.8) and their factories, as components the contract
//! crates instantiate (`no_std`):
//! * [`time_based`]: `TimeBasedDistributor<M: RateMode>`, the RewardsDistributor
//!   (`SharedRate`) and RewardsDistributorFixed (`FixedRate`) programs;
//! * [`factory`]: `Factory<M: FactoryMode>`, the three factory programs;
//! * [`ring`]: the 24 x 1 h ring buffer of the work-submission distributor (§8.1);
//! * [`index`]: the reward index of the time-based distributors (§8.2, §8.3);
//! * [`clone`]: EIP-1167 minimal-proxy init code and the clone initialiser's calldata;
//! * [`events`]: their events.
//!
//! Roles, reverts and calls are `prime-common`'s. All time-dependent logic takes `now` as an
//! argument so it can be tested with real times.
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
extern crate alloc;

pub mod clone;
pub mod events;
pub mod factory;
pub mod index;
#[cfg(any(test, feature = "mocks"))]
pub mod mocks;
pub mod ring;
pub mod time_based;

#[cfg(test)]
mod factory_tests;
#[cfg(test)]
mod time_based_tests;
