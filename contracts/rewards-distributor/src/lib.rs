//! `RewardsDistributor` (spec §3.7, math §8.2): time-based rewards, `rewardRatePerSecond`
//! shared pro rata by the compute units of the nodes in the pool. The contract is
//! `distributor_common::time_based` with the shared rate; see there for the one-way (no call
//! back into ComputePool) design, and docs/divergences/rewards-distributor.md.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
extern crate alloc;

pub mod abi;

use stylus_sdk::{abi::router_entrypoint, host::VM, prelude::*, ArbResult};

/// The program's contract: the shared component in its mode.
pub type RewardsDistributor = distributor_common::time_based::TimeBasedDistributor<
    distributor_common::time_based::SharedRate,
>;

/// The program's entry point: the component's router.
#[entrypoint]
#[allow(dead_code)]
fn rewards_distributor_entrypoint(input: alloc::vec::Vec<u8>, host: VM) -> ArbResult {
    router_entrypoint::<RewardsDistributor, RewardsDistributor>(input, host)
}

// no_std on chain: a panic is a trap, which Stylus turns into a revert without data.
#[cfg(all(target_arch = "wasm32", not(any(test, feature = "export-abi"))))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
