//! `RewardsDistributorFixedFactory` (spec §3.8): creates one `RewardsDistributorFixed` per
//! compute pool, as an EIP-1167 clone of one activated implementation, initialised in the same
//! transaction. The contract is `distributor_common::factory` in its time-based mode; see
//! docs/divergences/rewards-distributor-fixed-factory.md.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
extern crate alloc;

pub mod abi;

use stylus_sdk::{abi::router_entrypoint, host::VM, prelude::*, ArbResult};

/// The program's contract: the shared component in its mode.
pub type RewardsDistributorFixedFactory =
    distributor_common::factory::Factory<distributor_common::factory::TimeBased>;

/// The program's entry point: the component's router.
#[entrypoint]
#[allow(dead_code)]
fn rewards_distributor_fixed_factory_entrypoint(input: alloc::vec::Vec<u8>, host: VM) -> ArbResult {
    router_entrypoint::<RewardsDistributorFixedFactory, RewardsDistributorFixedFactory>(input, host)
}

// no_std on chain: a panic is a trap, which Stylus turns into a revert without data.
#[cfg(all(target_arch = "wasm32", not(any(test, feature = "export-abi"))))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
