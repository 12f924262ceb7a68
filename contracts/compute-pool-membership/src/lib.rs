//! ComputePool's **membership facet** (spec §3.5): joins with signed invites, leaves and
//! pool changes. Deployed and activated on its own, but only ever run
//! through the front program's `delegatecall`, in the ComputePool address's storage.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
extern crate alloc;

pub use compute_pool_core::ComputePoolMembership;
use stylus_sdk::prelude::*;

/// The program's entry point: the membership router over the shared storage.
#[entrypoint]
pub fn user_main(input: alloc::vec::Vec<u8>, host: stylus_sdk::host::VM) -> stylus_sdk::ArbResult {
    stylus_sdk::abi::router_entrypoint::<ComputePoolMembership, ComputePoolMembership>(input, host)
}

// no_std on chain: a panic is a trap, which Stylus turns into a revert without data.
#[cfg(all(target_arch = "wasm32", not(any(test, feature = "export-abi"))))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
