//! ComputePool's **front** program (spec §3.5): the deployed ComputePool address. It routes
//! the constructor, the roles, the views and `submitWork` itself, serves
//! `pools`/`getComputePool`, and forwards every other selector by `delegatecall` to the
//! membership facet (`compute-pool-membership`: joins, leaves, pool changes) or the admin
//! facet (`compute-pool-admin`: everything else), both compiled from the same storage
//! definition (`compute-pool-core`). Clients see one address and one ABI.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
extern crate alloc;

pub mod abi;

pub use compute_pool_core::ComputePool;
use stylus_sdk::prelude::*;

/// The program's entry point: the front router over the shared storage.
#[entrypoint]
pub fn user_main(input: alloc::vec::Vec<u8>, host: stylus_sdk::host::VM) -> stylus_sdk::ArbResult {
    stylus_sdk::abi::router_entrypoint::<ComputePool, ComputePool>(input, host)
}

// no_std on chain: a panic is a trap, which Stylus turns into a revert without data.
#[cfg(all(target_arch = "wasm32", not(any(test, feature = "export-abi"))))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
