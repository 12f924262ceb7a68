//! `RewardsDistributorWorkSubmissionFactory` (spec §3.6): creates one
//! `RewardsDistributorWorkSubmission` per compute pool, as an EIP-1167 clone of one activated
//! implementation, initialised in the same transaction and granted the token's
//! TRANSFER_ROLE (see `factory.rs` and docs/divergences/rewards-distributor-work-submission-factory.md).
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
extern crate alloc;

pub mod abi;
mod factory;

/// Production: creating a distributor requires granting it TRANSFER_ROLE (the deploy script
/// gives this factory TRANSFER_ROLE_ADMIN on the token); a misconfigured deployment fails
/// loudly at pool creation instead of producing distributors that cannot pay.
const GRANT_TRANSFER_ROLE_ALWAYS: bool = true;

pub use factory::Factory as RewardsDistributorWorkSubmissionFactory;

#[cfg(test)]
#[path = "factory_tests.rs"]
mod tests;
