//! `RewardsDistributorFixed` tests: the shared suite with §10.4's amounts.

/// §10.4: 1000e18, 100e18, 50e18, 3000e18/1500e18, 25000e18/5000e18.
const EXPECT: shared::Expect = shared::Expect {
    leave_100s_10cu: 1_000_000_000_000_000_000_000,
    claim_10s_10cu: 100_000_000_000_000_000_000,
    end_after_5s: 50_000_000_000_000_000_000,
    multiple_nodes: (3_000_000_000_000_000_000_000, 1_500_000_000_000_000_000_000),
    multiple_rates: (
        25_000_000_000_000_000_000_000,
        5_000_000_000_000_000_000_000,
    ),
};

#[path = "../../rewards-distributor/src/distributor_tests.rs"]
mod shared;
