//! The 7 reference tests of `RewardsDistributor.t.sol` / `RewardsDistributorFixed.t.sol`
//! (spec §10.3, §10.4), run on both modes, each with the reference's expected amounts; then
//! the one-way design, bad input and divergences. motsu cannot move the clock, so
//! time-dependent steps call the `*_at(now)` entry points (what the public functions call
//! with the block time) with real times.

/// The amounts each variant's reference tests expect.
pub struct Expect {
    pub leave_100s_10cu: u128,
    pub claim_10s_10cu: u128,
    pub end_after_5s: u128,
    pub multiple_nodes: (u128, u128),
    pub multiple_rates: (u128, u128),
}

macro_rules! time_based_suite {
    ($suite:ident, $mode:ty, $expect:expr) => {
        mod $suite {
            use alloy_primitives::{address, Address, B256, U256};
            use motsu::prelude::*;
            use prime_common::{
                revert::{error_string, panic_code as panic, AccessControlUnauthorizedAccount},
                roles::{COMPUTE_POOL_ROLE, DEFAULT_ADMIN_ROLE, REWARDS_MANAGER_ROLE},
            };

            use super::Expect;
            use crate::{
                events::RewardsClaimed,
                mocks::{MockRegistry, MockToken},
                time_based::TimeBasedDistributor,
            };

            type Distributor = TimeBasedDistributor<$mode>;
            const EXPECT: Expect = $expect;

            fn unauthorized(account: Address, role: B256) -> Vec<u8> {
                alloy_sol_types::SolError::abi_encode(&AccessControlUnauthorizedAccount {
                    account,
                    neededRole: role,
                })
            }

            /// motsu's fixed block timestamp: the constructor's `lastUpdateTime`.
            const T0: u64 = 1_735_689_600;
            const E18: u128 = 1_000_000_000_000_000_000;

            const POOL: Address = address!("000000000000000000000000000000000000a001");
            const ADMIN: Address = address!("000000000000000000000000000000000000a003");
            const MANAGER: Address = address!("0000000000000000000000000000000000000001");
            const NODE1: Address = address!("0000000000000000000000000000000000000004");
            const PROVIDER1: Address = address!("0000000000000000000000000000000000000003");
            const NODE2: Address = address!("0000000000000000000000000000000000000005");
            const PROVIDER2: Address = address!("0000000000000000000000000000000000000007");
            const POOL_ID: u64 = 1;

            fn u(v: u128) -> U256 {
                U256::from(v)
            }

            fn t(seconds: u64) -> U256 {
                U256::from(T0 + seconds)
            }

            struct Env {
                dist: Contract<Distributor>,
                registry: Contract<MockRegistry>,
                token: Contract<MockToken>,
            }

            /// The reference `setUp`: the test is the pool and the admin grants REWARDS_MANAGER to 0x1;
            /// the distributor holds 500,000e18; pairs 0x4 -> 0x3 and 0x5 -> 0x7; pool 1.
            fn setup() -> Env {
                let env = Env {
                    dist: Contract::new(),
                    registry: Contract::new(),
                    token: Contract::new(),
                };
                env.dist.sender(ADMIN).constructor(
                    POOL,
                    env.registry.address(),
                    u(POOL_ID as u128),
                    env.token.address(),
                    POOL,
                    ADMIN,
                );
                env.dist
                    .sender(ADMIN)
                    .access
                    .grant_role(REWARDS_MANAGER_ROLE, MANAGER)
                    .motsu_unwrap();
                env.token
                    .sender(ADMIN)
                    .mint(env.dist.address(), u(500_000 * E18));
                env
            }

            impl Env {
                /// The mock pool's `joinComputePool(node, cu)`: registry first, then the distributor.
                fn join(&self, node: Address, provider: Address, compute_units: u128, at: u64) {
                    self.registry
                        .sender(ADMIN)
                        .set_node(node, provider, u(compute_units));
                    self.dist
                        .sender(POOL)
                        .join_pool_at(node, t(at))
                        .motsu_unwrap();
                }
                fn leave(&self, node: Address, at: u64) {
                    self.dist
                        .sender(POOL)
                        .leave_pool_at(node, t(at))
                        .motsu_unwrap();
                }
                fn rate(&self, rate: u128, at: u64) {
                    self.dist
                        .sender(MANAGER)
                        .set_reward_rate_at(u(rate), t(at))
                        .motsu_unwrap();
                }
                fn pending(&self, node: Address, at: u64) -> U256 {
                    self.dist
                        .sender(ADMIN)
                        .calculate_rewards_at(node, t(at))
                        .motsu_unwrap()
                        .0
                }
                fn claim(&self, provider: Address, node: Address, at: u64) -> U256 {
                    let before = self.token.sender(ADMIN).balance_of(provider);
                    self.dist
                        .sender(provider)
                        .claim_rewards_at(node, t(at))
                        .motsu_unwrap();
                    self.token.sender(ADMIN).balance_of(provider) - before
                }
                fn info(&self, node: Address) -> (U256, U256, U256, bool) {
                    self.dist.sender(ADMIN).node_info(node).motsu_unwrap()
                }
            }

            // --- the reference tests ---

            #[motsu::test]
            fn test_set_reward_rate() {
                let env = setup();
                assert_eq!(env.dist.sender(ADMIN).reward_rate_per_second(), U256::ZERO);
                let err = env
                    .dist
                    .sender(PROVIDER1)
                    .set_reward_rate_at(u(10), t(0))
                    .motsu_unwrap_err();
                assert_eq!(err, unauthorized(PROVIDER1, REWARDS_MANAGER_ROLE));
                env.rate(10, 0);
                assert_eq!(env.dist.sender(ADMIN).reward_rate_per_second(), u(10));
                assert_eq!(env.dist.sender(ADMIN).get_reward_rate(), u(10));
            }

            #[motsu::test]
            fn test_join_pool() {
                let env = setup();
                let (cu, _, _, active) = env.info(NODE1);
                assert_eq!((cu, active), (U256::ZERO, false));
                env.join(NODE1, PROVIDER1, 10, 0);
                let (cu, _, _, active) = env.info(NODE1);
                assert_eq!((cu, active), (u(10), true));
                assert_eq!(env.dist.sender(ADMIN).total_compute(), u(10));
                // (The reference's rejoin revert "Node already active" is the mock pool's own check.)
            }

            #[motsu::test]
            fn test_leave_pool() {
                let env = setup();
                env.join(NODE1, PROVIDER1, 10, 0);
                env.rate(E18, 0);
                env.leave(NODE1, 100);
                let (_, _, unclaimed, active) = env.info(NODE1);
                assert!(!active);
                assert_eq!(env.pending(NODE1, 100), unclaimed);
                assert!(unclaimed > u(999));
                assert_eq!(unclaimed, u(EXPECT.leave_100s_10cu));
                assert_eq!(env.dist.sender(ADMIN).total_compute(), U256::ZERO);
            }

            #[motsu::test]
            fn test_claim_rewards() {
                let env = setup();
                env.join(NODE1, PROVIDER1, 10, 0);
                env.rate(E18, 0);
                let err = env
                    .dist
                    .sender(PROVIDER2)
                    .claim_rewards_at(NODE1, t(10))
                    .motsu_unwrap_err();
                assert_eq!(err, error_string("Unauthorized"));
                let expected = env.pending(NODE1, 10);
                assert_eq!(env.claim(PROVIDER1, NODE1, 10), expected);
                assert_eq!(expected, u(EXPECT.claim_10s_10cu));
                assert_eq!(env.info(NODE1).2, U256::ZERO);
                env.dist.assert_emitted(&RewardsClaimed {
                    poolId: u(1),
                    provider: PROVIDER1,
                    nodekey: NODE1,
                    reward: expected,
                });
            }

            #[motsu::test]
            fn test_end_rewards() {
                let env = setup();
                env.join(NODE1, PROVIDER1, 10, 0);
                env.rate(E18, 0);
                env.dist.sender(POOL).end_rewards_at(t(5)).motsu_unwrap();
                let expected = env.pending(NODE1, 105);
                assert_eq!(env.claim(PROVIDER1, NODE1, 105), expected);
                assert_eq!(expected, u(EXPECT.end_after_5s));
                assert_eq!(env.dist.sender(ADMIN).end_time(), t(5));
            }

            #[motsu::test]
            fn test_multiple_nodes() {
                let env = setup();
                env.rate(10 * E18, 0);
                env.join(NODE1, PROVIDER1, 10, 0);
                env.join(NODE2, PROVIDER2, 10, 15);
                assert_eq!(env.claim(PROVIDER1, NODE1, 30), u(EXPECT.multiple_nodes.0));
                assert_eq!(env.claim(PROVIDER2, NODE2, 30), u(EXPECT.multiple_nodes.1));
            }

            #[motsu::test]
            fn test_multiple_reward_rates() {
                let env = setup();
                env.rate(50 * E18, 0);
                env.join(NODE1, PROVIDER1, 10, 0);
                env.rate(100 * E18, 10);
                env.join(NODE2, PROVIDER2, 5, 20);
                let (p1, p2) = (env.pending(NODE1, 30), env.pending(NODE2, 30));
                assert_eq!(env.claim(PROVIDER1, NODE1, 30), p1);
                assert_eq!(env.claim(PROVIDER2, NODE2, 30), p2);
                assert_eq!(
                    (p1, p2),
                    (u(EXPECT.multiple_rates.0), u(EXPECT.multiple_rates.1))
                );
            }

            // --- one-way design: tracked membership and total compute ---

            #[motsu::test]
            fn tracked_total_follows_joins_and_leaves() {
                let env = setup();
                env.join(NODE1, PROVIDER1, 10, 0);
                env.join(NODE2, PROVIDER2, 5, 0);
                assert_eq!(env.dist.sender(ADMIN).total_compute(), u(15));
                env.leave(NODE1, 1);
                assert_eq!(env.dist.sender(ADMIN).total_compute(), u(5));
                // A second join without a leave does not double-count (ComputePool never does this).
                env.join(NODE2, PROVIDER2, 5, 2);
                assert_eq!(env.dist.sender(ADMIN).total_compute(), u(5));
                // A leave of a node that is not in the pool changes nothing.
                env.leave(NODE1, 3);
                assert_eq!(env.dist.sender(ADMIN).total_compute(), u(5));
                assert_eq!(env.info(NODE1).1, U256::ZERO);
            }

            /// Review finding: the reference (and our port before the fix) credited a node that already
            /// left again on a second `leavePool` (its index reset to 0, its compute units kept): the
            /// whole global index times its compute units. Only members are credited now.
            #[motsu::test]
            fn leaving_twice_credits_once() {
                let env = setup();
                env.rate(E18, 0);
                env.join(NODE1, PROVIDER1, 10, 0);
                env.join(NODE2, PROVIDER2, 10, 0);
                env.leave(NODE1, 100);
                let (_, _, unclaimed, active) = env.info(NODE1);
                assert!(!active);
                env.leave(NODE1, 200);
                assert_eq!(env.info(NODE1).2, unclaimed);
                assert_eq!(env.pending(NODE1, 300), unclaimed);
                assert_eq!(env.claim(PROVIDER1, NODE1, 300), unclaimed);
                assert_eq!(env.dist.sender(ADMIN).total_compute(), u(10));
            }

            #[motsu::test]
            fn join_after_the_end_accrues_nothing() {
                let env = setup();
                env.rate(E18, 0);
                env.join(NODE1, PROVIDER1, 10, 0);
                env.dist.sender(POOL).end_rewards_at(t(10)).motsu_unwrap();
                // The reference leaves the node's index at 0 here and a claim would pay index * cu.
                env.join(NODE2, PROVIDER2, 10, 20);
                assert_eq!(env.pending(NODE2, 30), U256::ZERO);
                assert_eq!(env.claim(PROVIDER2, NODE2, 30), U256::ZERO);
            }

            #[motsu::test]
            fn claims_pay_even_zero_and_emit() {
                let env = setup();
                env.join(NODE1, PROVIDER1, 10, 0);
                assert_eq!(env.claim(PROVIDER1, NODE1, 10), U256::ZERO); // rate 0
                env.dist.assert_emitted(&RewardsClaimed {
                    poolId: u(1),
                    provider: PROVIDER1,
                    nodekey: NODE1,
                    reward: U256::ZERO,
                });
                assert_eq!(env.pending(NODE2, 10), U256::ZERO); // never joined
            }

            #[motsu::test]
            fn public_functions_use_the_block_time() {
                let env = setup();
                env.registry.sender(ADMIN).set_node(NODE1, PROVIDER1, u(10));
                env.dist.sender(POOL).join_pool(NODE1).motsu_unwrap();
                env.dist
                    .sender(MANAGER)
                    .set_reward_rate(u(E18))
                    .motsu_unwrap();
                assert_eq!(
                    env.dist
                        .sender(ADMIN)
                        .calculate_rewards(NODE1)
                        .motsu_unwrap(),
                    (U256::ZERO, U256::ZERO)
                );
                env.dist
                    .sender(PROVIDER1)
                    .claim_rewards(NODE1)
                    .motsu_unwrap();
                env.dist.sender(POOL).leave_pool(NODE1).motsu_unwrap();
                env.dist.sender(POOL).end_rewards().motsu_unwrap();
                assert_eq!(env.dist.sender(ADMIN).end_time(), t(0));
                assert_eq!(env.dist.sender(ADMIN).last_update_time(), t(0));
                assert_eq!(env.dist.sender(ADMIN).global_reward_index(), U256::ZERO);
            }

            // --- getters, roles, bad input ---

            #[motsu::test]
            fn constructor_wires_roles_and_getters() {
                let env = setup();
                let d = env.dist.sender(ADMIN);
                assert_eq!(d.compute_pool(), POOL);
                assert_eq!(d.compute_registry(), env.registry.address());
                assert_eq!(d.pool_id(), u(1));
                assert_eq!(d.reward_token(), env.token.address());
                assert_eq!(d.last_update_time(), t(0));
                assert_eq!(
                    d.access
                        .get_role_member(COMPUTE_POOL_ROLE, U256::ZERO)
                        .unwrap(),
                    POOL
                );
                assert_eq!(
                    d.access
                        .get_role_member(DEFAULT_ADMIN_ROLE, U256::ZERO)
                        .unwrap(),
                    ADMIN
                );
                assert_eq!(
                    d.access.get_role_members(REWARDS_MANAGER_ROLE),
                    vec![POOL, MANAGER]
                );
                assert_eq!(d.access.default_admin_role(), B256::ZERO);
                assert_eq!(d.compute_pool_role(), COMPUTE_POOL_ROLE);
                assert_eq!(d.rewards_manager_role(), REWARDS_MANAGER_ROLE);
                assert_eq!(d.prime_role(), prime_common::roles::PRIME_ROLE);
                assert_eq!(d.federator_role(), prime_common::roles::FEDERATOR_ROLE);
                assert!(d
                    .access
                    .supports_interface(0x5a05180fu32.to_be_bytes().into()));
                assert_eq!(
                    d.access.get_role_member(COMPUTE_POOL_ROLE, u(1)),
                    Err(prime_common::Revert::Panic(0x32))
                );
            }

            #[motsu::test]
            fn pool_only_functions_reject_other_callers() {
                let env = setup();
                let role = COMPUTE_POOL_ROLE;
                let who = MANAGER;
                assert_eq!(
                    env.dist
                        .sender(who)
                        .join_pool_at(NODE1, t(0))
                        .motsu_unwrap_err(),
                    unauthorized(who, role)
                );
                assert_eq!(
                    env.dist
                        .sender(who)
                        .leave_pool_at(NODE1, t(0))
                        .motsu_unwrap_err(),
                    unauthorized(who, role)
                );
                assert_eq!(
                    env.dist.sender(who).end_rewards_at(t(0)).motsu_unwrap_err(),
                    unauthorized(who, role)
                );
                assert_eq!(
                    env.dist
                        .sender(who)
                        .slash_pending_rewards(NODE1)
                        .motsu_unwrap_err(),
                    unauthorized(who, role)
                );
                env.dist
                    .sender(POOL)
                    .slash_pending_rewards(NODE1)
                    .motsu_unwrap();
                // submitWork / removeWork are unguarded no-ops.
                Distributor::submit_work(NODE1, u(1));
                Distributor::remove_work(NODE1, u(1));
            }

            #[motsu::test]
            fn overflow_and_insufficient_balance_revert() {
                let env = setup();
                env.join(NODE1, PROVIDER1, 10, 0);
                env.dist
                    .sender(MANAGER)
                    .set_reward_rate_at(U256::MAX, t(0))
                    .motsu_unwrap();
                let err = env
                    .dist
                    .sender(PROVIDER1)
                    .claim_rewards_at(NODE1, t(2))
                    .motsu_unwrap_err();
                assert_eq!(err, panic(0x11));
                let env = setup();
                env.join(NODE1, PROVIDER1, 1, 0);
                env.rate(1_000_000 * E18, 0);
                // The token's own error bubbles up (the reference has no balance check here).
                let err = env
                    .dist
                    .sender(PROVIDER1)
                    .claim_rewards_at(NODE1, t(1))
                    .motsu_unwrap_err();
                assert_eq!(err, error_string("ERC20: insufficient balance"));
            }
        }
    };
}

time_based_suite!(
    shared_rate,
    crate::time_based::SharedRate,
    // §10.3: 100e18, 10e18, 5e18, 225e18/75e18, 2166.666...e18/333.333...e18.
    Expect {
        leave_100s_10cu: 100_000_000_000_000_000_000,
        claim_10s_10cu: 10_000_000_000_000_000_000,
        end_after_5s: 5_000_000_000_000_000_000,
        multiple_nodes: (225_000_000_000_000_000_000, 75_000_000_000_000_000_000),
        multiple_rates: (2_166_666_666_666_666_666_660, 333_333_333_333_333_333_330),
    }
);

time_based_suite!(
    fixed_rate,
    crate::time_based::FixedRate,
    // §10.4: 1000e18, 100e18, 50e18, 3000e18/1500e18, 25000e18/5000e18.
    Expect {
        leave_100s_10cu: 1_000_000_000_000_000_000_000,
        claim_10s_10cu: 100_000_000_000_000_000_000,
        end_after_5s: 50_000_000_000_000_000_000,
        multiple_nodes: (3_000_000_000_000_000_000_000, 1_500_000_000_000_000_000_000),
        multiple_rates: (
            25_000_000_000_000_000_000_000,
            5_000_000_000_000_000_000_000
        ),
    }
);
