//! `RewardsDistributor` tests: the shared suite with §10.3's amounts.

/// §10.3: 100e18, 10e18, 5e18, 225e18/75e18, 2166.666...e18/333.333...e18.
const EXPECT: shared::Expect = shared::Expect {
    leave_100s_10cu: 100_000_000_000_000_000_000,
    claim_10s_10cu: 10_000_000_000_000_000_000,
    end_after_5s: 5_000_000_000_000_000_000,
    multiple_nodes: (225_000_000_000_000_000_000, 75_000_000_000_000_000_000),
    multiple_rates: (2_166_666_666_666_666_666_660, 333_333_333_333_333_333_330),
};

#[path = "distributor_tests.rs"]
mod shared;
