//! PrimeNetwork's facet program (spec §3.1): every flow that is not a role function or a
//! getter. It is deployed on its own but only meaningful when the PrimeNetwork front
//! (`contracts/prime-network`) delegate-calls it: it then runs on the front's storage (same
//! definition, from `prime-network-core`), with the front's address and `msg.sender`.
//! Called directly it only sees its own, empty storage (no roles, no modules).
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
extern crate alloc;

use alloc::vec::Vec;

pub use prime_network_core::PrimeNetworkFacet;
use stylus_sdk::{abi::router_entrypoint, host::VM, prelude::*, ArbResult};

/// The program's entrypoint: the facet's router.
#[entrypoint]
#[allow(dead_code)]
fn prime_network_facet_entrypoint(input: Vec<u8>, host: VM) -> ArbResult {
    router_entrypoint::<PrimeNetworkFacet, PrimeNetworkFacet>(input, host)
}

// no_std on chain: a panic is a trap, which Stylus turns into a revert without data.
#[cfg(all(target_arch = "wasm32", not(any(test, feature = "export-abi"))))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
