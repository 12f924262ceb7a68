//! Shared, `no_std` code of the rewards distributors (§3.6-§3.8), their factories and the
//! work validator (§3.9):
//! * [`revert`]: `Error(string)` and `Panic(uint256)` revert data and checked U256 arithmetic
//!   that fails the way solc 0.8 does;
//! * [`roles`]: AccessControl + AccessControlEnumerable, written out the way the reference
//!   behaves (out-of-range `getRoleMember` panics with 0x32);
//! * [`ring`]: the 24 x 1 h ring buffer of the work-submission distributor (§8.1);
//! * [`index`]: the reward index of the time-based distributors (§8.2, §8.3);
//! * [`clone`]: EIP-1167 minimal-proxy init code and the clone initialiser's calldata;
//! * [`interfaces`]: the calls the distributors and factories make;
//! * [`events`]: their events.
//!
//! All time-dependent logic takes `now` as an argument so it can be tested with real times.
#![no_std]
extern crate alloc;

pub mod clone;
pub mod events;
pub mod index;
pub mod interfaces;
#[cfg(feature = "mocks")]
pub mod mocks;
pub mod revert;
pub mod ring;
pub mod roles;
