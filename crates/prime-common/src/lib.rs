//! The shared Stylus components of the Prime Network contracts (`no_std`):
//! * [`access`]: AccessControl / AccessControlEnumerable (storage, logic, events and the two
//!   routers contracts inherit);
//! * [`revert`]: the one typed error, [`revert::Revert`], with the reference's encodings,
//!   and checked arithmetic that fails as solc's does;
//! * [`ecdsa`]: signature recovery through the `ecrecover` precompile;
//! * [`call`] and [`interfaces`]: typed calls to the other protocol contracts;
//! * [`log`]: emitting a log cheaply; [`map`]: a mapping with a cheap slot computation;
//! * [`roles`]: the role identifiers;
//! * [`abi_struct`], [`packed_string`]: ABI return structs and compact storage strings.
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
extern crate alloc;

pub mod abi_string;
pub mod abi_struct;
pub mod access;
pub mod call;
pub mod ecdsa;
pub mod interfaces;
pub mod log;
pub mod map;
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

/// How many consecutive slots from `base` hold data: the highest non-zero slot below
/// `base + limit`, plus one.
///
/// Test support for a stylus-sdk 0.9 defect: `#[storage]` computes a struct's slot count
/// (`StorageType::REQUIRED_SLOTS`, which places the next field or the next `StorageVec`
/// element) without the partly used slot that precedes a multi-slot field, while its layout
/// skips to a fresh slot there. A struct whose fields all hold data must span at most its
/// count: tests write every field of a struct instantiated at `base` and compare.
pub fn storage_span(
    host: &dyn stylus_sdk::prelude::Host,
    base: alloy_primitives::U256,
    limit: usize,
) -> usize {
    host.flush_cache(false);
    (0..limit)
        .rev()
        .find(|i| {
            host.storage_load_bytes32(base + alloy_primitives::U256::from(*i))
                != alloy_primitives::B256::ZERO
        })
        .map_or(0, |i| i + 1)
}
