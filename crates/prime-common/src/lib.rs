//! The shared Stylus components of the Prime Network contracts (`no_std`):
//! * [`access`]: AccessControl / AccessControlEnumerable (storage, logic, events and the two
//!   routers contracts inherit);
//! * [`revert`]: the one typed error, [`revert::Revert`], with the reference's encodings,
//!   and checked arithmetic that fails as solc's does;
//! * [`call`] and [`interfaces`]: typed calls to the other protocol contracts;
//! * [`roles`]: the role identifiers;
//! * [`abi_struct`], [`packed_string`]: ABI return structs and compact storage strings.
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
extern crate alloc;

pub mod abi_struct;
pub mod access;
pub mod call;
pub mod interfaces;
pub mod packed_string;
pub mod revert;
pub mod roles;
pub mod set;

pub use revert::{Result, Revert};

#[cfg(feature = "export-abi")]
impl stylus_sdk::abi::export::internal::InnerTypes for Revert {}

// The SDK's hostio symbols (keccak, storage, calls) come from motsu's shims in host tests.
#[cfg(test)]
use motsu as _;
