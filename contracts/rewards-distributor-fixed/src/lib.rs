//! `RewardsDistributorFixed` (spec §3.8, math §8.3): time-based rewards,
//! `rewardRatePerSecond` per compute unit (the index grows by `dt * rate`, not divided by the
//! pool's total compute). The contract is `distributor_common::time_based` with the fixed
//! rate; see docs/divergences/rewards-distributor-fixed.md.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
extern crate alloc;

pub mod abi;

use stylus_sdk::{abi::router_entrypoint, host::VM, prelude::*, ArbResult};

/// The program's contract: the shared component in its mode.
pub type RewardsDistributorFixed =
    distributor_common::time_based::TimeBasedDistributor<distributor_common::time_based::FixedRate>;

/// The program's entry point: the component's router.
#[entrypoint]
#[allow(dead_code)]
fn rewards_distributor_fixed_entrypoint(input: alloc::vec::Vec<u8>, host: VM) -> ArbResult {
    router_entrypoint::<RewardsDistributorFixed, RewardsDistributorFixed>(input, host)
}

// no_std on chain: a panic is a trap, which Stylus turns into a revert without data.
#[cfg(all(target_arch = "wasm32", not(any(test, feature = "export-abi"))))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
