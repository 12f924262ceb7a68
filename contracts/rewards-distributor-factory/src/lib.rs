//! `RewardsDistributorFactory` (spec §3.7/§3.8): creates one `RewardsDistributor` per compute pool, as an EIP-1167 clone of
//! one activated implementation, initialised in the same transaction. The contract is
//! `rewards-distributor-work-submission-factory`'s `factory.rs`; see
//! docs/divergences/rewards-distributor-factory.md.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
extern crate alloc;

pub mod abi;
#[path = "../../rewards-distributor-work-submission-factory/src/factory.rs"]
mod factory;

/// Not deployed by the reference deploy script: the TRANSFER_ROLE grant is made only when
/// this factory holds TRANSFER_ROLE_ADMIN on the token, so it also works with a token
/// without a transfer gate (the reference's PrimeNetwork test uses the plain AIToken).
const GRANT_TRANSFER_ROLE_ALWAYS: bool = false;

pub use factory::Factory as RewardsDistributorFactory;

#[cfg(test)]
#[path = "../../rewards-distributor-work-submission-factory/src/factory_tests.rs"]
mod tests;
