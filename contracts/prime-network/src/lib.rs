//! PrimeNetwork's front program (spec §3.1): the address clients use. It owns the storage
//! layout, the roles, the role setters, the module getters and the constructor, and forwards
//! every other selector to the facet program (`contracts/prime-network-facet`) by
//! `delegatecall`. The code lives in `prime-network-core`, shared with the facet so the
//! storage layouts cannot diverge.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
extern crate alloc;

use alloc::vec::Vec;

pub use prime_network_core::{abi, PrimeNetwork, PrimeNetworkFacet};
use stylus_sdk::{abi::router_entrypoint, host::VM, prelude::*, ArbResult};

/// The program's entrypoint: PrimeNetwork's router (front functions, fallback to the facet).
#[entrypoint]
#[allow(dead_code)]
fn prime_network_entrypoint(input: Vec<u8>, host: VM) -> ArbResult {
    router_entrypoint::<PrimeNetwork, PrimeNetwork>(input, host)
}

// no_std on chain: a panic is a trap, which Stylus turns into a revert without data.
#[cfg(all(target_arch = "wasm32", not(any(test, feature = "export-abi"))))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
