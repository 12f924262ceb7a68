//! The 12 reference tests of `RewardsDistributorWorkSubmission.t.sol` (spec §10.5), then bad
//! input and the divergences. motsu cannot move the clock, so time-dependent steps call the
//! contract's `*_at(now)` entry points (what the public functions call with the block time)
//! with real times; `public_functions_use_the_block_time` drives the public ones.

use alloy_primitives::{address, Address, U256};
use distributor_common::mocks::{MockRegistry, MockToken};
use motsu::prelude::*;
use prime_common::revert::{error_string, panic_code as panic, AccessControlUnauthorizedAccount};

use super::*;

fn unauthorized(account: Address, role: B256) -> Vec<u8> {
    alloy_sol_types::SolError::abi_encode(&AccessControlUnauthorizedAccount {
        account,
        neededRole: role,
    })
}

/// motsu's fixed block timestamp (2025-01-01T00:00:00Z, on an hour boundary).
const T0: u64 = 1_735_689_600;
const HOUR: u64 = 3600;

const POOL: Address = address!("000000000000000000000000000000000000a001");
const MANAGER: Address = address!("000000000000000000000000000000000000a002");
const ADMIN: Address = address!("000000000000000000000000000000000000a003");
const NODE1: Address = address!("0000000000000000000000000000000000000004");
const PROVIDER1: Address = address!("0000000000000000000000000000000000000003");
const NODE2: Address = address!("0000000000000000000000000000000000000005");
const PROVIDER2: Address = address!("0000000000000000000000000000000000000007");
const POOL_ID: u64 = 1;

fn u(v: u64) -> U256 {
    U256::from(v)
}

fn at(hours: u64) -> u64 {
    T0 + hours * HOUR
}

type Distributor = RewardsDistributorWorkSubmission;

struct Env {
    dist: Contract<Distributor>,
    registry: Contract<MockRegistry>,
    token: Contract<MockToken>,
}

/// The reference `setUp`: the test is the pool; the manager sets rate 1; the distributor
/// is funded; nodes 0x4 (provider 0x3) and 0x5 (provider 0x7) are registered.
fn setup_with_rate(rate: u64) -> Env {
    let env = Env {
        dist: Contract::new(),
        registry: Contract::new(),
        token: Contract::new(),
    };
    env.dist.sender(ADMIN).constructor(
        POOL,
        env.registry.address(),
        u(POOL_ID),
        env.token.address(),
        MANAGER,
        ADMIN,
    );
    if rate > 0 {
        env.dist
            .sender(MANAGER)
            .set_reward_rate(u(rate))
            .motsu_unwrap();
    }
    env.token.sender(ADMIN).mint(env.dist.address(), u(500_000));
    env.registry.sender(ADMIN).set_node(NODE1, PROVIDER1, u(10));
    env.registry.sender(ADMIN).set_node(NODE2, PROVIDER2, u(10));
    env
}

fn setup() -> Env {
    setup_with_rate(1)
}

impl Env {
    fn join(&self, node: Address, hours: u64) {
        self.dist
            .sender(POOL)
            .join_pool_at(node, at(hours))
            .motsu_unwrap();
    }
    fn submit(&self, node: Address, units: u64, hours: u64) {
        self.dist
            .sender(POOL)
            .submit_work_at(node, u(units), at(hours))
            .motsu_unwrap();
    }
    fn claimable(&self, node: Address, hours: u64) -> U256 {
        self.dist
            .sender(ADMIN)
            .calculate_rewards_at(node, at(hours))
            .motsu_unwrap()
            .0
    }
    fn claim(&self, provider: Address, node: Address, hours: u64) {
        self.dist
            .sender(provider)
            .claim_rewards_at(node, at(hours))
            .motsu_unwrap();
    }
    fn info(&self, node: Address) -> (U256, U256, U256, bool) {
        self.dist.sender(ADMIN).node_info(node)
    }
    fn balance(&self, account: Address) -> U256 {
        self.token.sender(ADMIN).balance_of(account)
    }
}

// --- the reference tests (§10.5) ---

#[motsu::test]
fn test_join_pool() {
    let env = setup();
    assert_eq!(env.info(NODE1), (U256::ZERO, U256::ZERO, U256::ZERO, false));
    env.join(NODE1, 0);
    assert_eq!(env.info(NODE1), (U256::ZERO, U256::ZERO, U256::ZERO, true));
    // (The reference's rejoin revert "Node already active" is the mock pool's own check.)
}

#[motsu::test]
fn test_submit_work_and_locking() {
    let env = setup();
    env.join(NODE1, 0);
    env.submit(NODE1, 1000, 0);
    let (last24, total_all, _, _) = env.info(NODE1);
    assert_eq!((last24, total_all), (u(1000), u(1000)));
    assert_eq!(env.claimable(NODE1, 0), U256::ZERO);
    assert_eq!(env.claimable(NODE1, 12), U256::ZERO);
    assert_eq!(env.claimable(NODE1, 25), u(1000));
    env.claim(PROVIDER1, NODE1, 25);
    assert_eq!(env.info(NODE1).2, u(1000));
    assert_eq!(env.balance(PROVIDER1), u(1000));
}

#[motsu::test]
fn test_multiple_submissions_within_24h() {
    let env = setup();
    env.join(NODE1, 0);
    env.submit(NODE1, 1000, 0);
    env.submit(NODE1, 500, 2);
    assert_eq!(env.claimable(NODE1, 2), U256::ZERO);
    assert_eq!(env.claimable(NODE1, 25), u(1000));
    env.claim(PROVIDER1, NODE1, 25);
    assert_eq!(env.claimable(NODE1, 27), u(500));
    env.claim(PROVIDER1, NODE1, 27);
    assert_eq!(env.balance(PROVIDER1), u(1500));
}

#[motsu::test]
fn test_reset_ring_buffer() {
    let env = setup();
    env.join(NODE1, 0);
    env.submit(NODE1, 1000, 0);
    assert_eq!(env.claimable(NODE1, 48), u(1000));
    env.claim(PROVIDER1, NODE1, 48);
    env.submit(NODE1, 500, 48);
    let (last24, total_all, _, _) = env.info(NODE1);
    assert_eq!((last24, total_all), (u(500), u(1500)));
}

#[motsu::test]
fn test_multiple_nodes() {
    let env = setup();
    env.join(NODE1, 0);
    env.join(NODE2, 0);
    env.submit(NODE1, 200, 0);
    env.submit(NODE2, 300, 0);
    assert_eq!(env.claimable(NODE1, 0), U256::ZERO);
    assert_eq!(env.claimable(NODE2, 0), U256::ZERO);
    assert_eq!(env.claimable(NODE1, 25), u(200));
    assert_eq!(env.claimable(NODE2, 25), u(300));
    env.claim(PROVIDER1, NODE1, 25);
    env.claim(PROVIDER2, NODE2, 25);
    assert_eq!(env.balance(PROVIDER1), u(200));
    assert_eq!(env.balance(PROVIDER2), u(300));
}

#[motsu::test]
fn test_partial_lock_multiple_nodes() {
    let env = setup();
    env.join(NODE1, 0);
    env.join(NODE2, 0);
    env.submit(NODE1, 100, 0);
    env.submit(NODE2, 50, 0);
    env.submit(NODE1, 100, 12);
    assert_eq!(env.claimable(NODE1, 25), u(100));
    assert_eq!(env.claimable(NODE2, 25), u(50));
    env.claim(PROVIDER1, NODE1, 25);
    env.claim(PROVIDER2, NODE2, 25);
    assert_eq!(env.claimable(NODE1, 37), u(100));
    env.claim(PROVIDER1, NODE1, 37);
    assert_eq!(env.balance(PROVIDER1), u(200));
    assert_eq!(env.balance(PROVIDER2), u(50));
}

#[motsu::test]
fn test_leave_pool() {
    let env = setup();
    env.join(NODE1, 0);
    env.submit(NODE1, 500, 0);
    env.dist
        .sender(POOL)
        .leave_pool_at(NODE1, at(0))
        .motsu_unwrap();
    assert_eq!(env.info(NODE1), (u(500), u(500), U256::ZERO, false));
    assert_eq!(env.claimable(NODE1, 25), u(500));
    env.claim(PROVIDER1, NODE1, 25);
    assert_eq!(env.balance(PROVIDER1), u(500));
}

#[motsu::test]
fn test_slash_pending_rewards() {
    let env = setup();
    env.join(NODE1, 0);
    env.submit(NODE1, 100, 0);
    env.submit(NODE1, 200, 25);
    assert_eq!(env.info(NODE1).0, u(200)); // the roll reset the window
    assert_eq!(env.claimable(NODE1, 25), u(100));
    env.dist
        .sender(MANAGER)
        .slash_pending_rewards_at(NODE1, at(25))
        .motsu_unwrap();
    let (last24, total_all, _, _) = env.info(NODE1);
    assert_eq!((last24, total_all), (U256::ZERO, u(100)));
    assert_eq!(env.claimable(NODE1, 50), u(100));
    env.dist.assert_emitted(&PendingRewardsSlashed {
        poolId: u(POOL_ID),
        provider: PROVIDER1,
        node: NODE1,
        slashedAmount: u(200),
    });
}

#[motsu::test]
fn test_remove_work() {
    let env = setup();
    env.join(NODE1, 0);
    env.submit(NODE1, 500, 0);
    env.dist
        .sender(POOL)
        .remove_work_at(NODE1, u(200), at(0))
        .motsu_unwrap();
    let (last24, total_all, _, _) = env.info(NODE1);
    assert_eq!((last24, total_all), (u(300), u(300)));
}

#[motsu::test]
fn test_remove_work_exceeds_available() {
    let env = setup();
    env.join(NODE1, 0);
    env.submit(NODE1, 100, 0);
    env.dist
        .sender(POOL)
        .remove_work_at(NODE1, u(200), at(0))
        .motsu_unwrap();
    let (last24, total_all, _, _) = env.info(NODE1);
    assert_eq!((last24, total_all), (U256::ZERO, U256::ZERO));
}

#[motsu::test]
fn test_remove_work_across_multiple_buckets() {
    let env = setup();
    env.join(NODE1, 0);
    env.submit(NODE1, 100, 0);
    env.submit(NODE1, 200, 2);
    env.submit(NODE1, 300, 4);
    assert_eq!(env.info(NODE1).0, u(600));
    env.dist
        .sender(POOL)
        .remove_work_at(NODE1, u(450), at(4))
        .motsu_unwrap();
    let (last24, total_all, _, _) = env.info(NODE1);
    assert_eq!((last24, total_all), (u(150), u(150)));
    // Oldest drained first: only 150 of the newest bucket (hour 4) is left, so nothing
    // unlocks at hour 26 (the hour-0 and hour-2 buckets rotated out empty).
    assert_eq!(env.claimable(NODE1, 26), U256::ZERO);
    assert_eq!(env.claimable(NODE1, 28), u(150));
}

#[motsu::test]
fn test_multiple_node_removal() {
    let env = setup();
    env.join(NODE1, 0);
    env.join(NODE2, 0);
    env.submit(NODE1, 100, 0);
    env.submit(NODE2, 150, 0);
    env.dist
        .sender(POOL)
        .remove_work_at(NODE1, u(80), at(0))
        .motsu_unwrap();
    env.dist
        .sender(POOL)
        .remove_work_at(NODE2, u(80), at(0))
        .motsu_unwrap();
    assert_eq!((env.info(NODE1).0, env.info(NODE1).1), (u(20), u(20)));
    assert_eq!((env.info(NODE2).0, env.info(NODE2).1), (u(70), u(70)));
}

// --- ring-buffer details of §8.1 ---

#[motsu::test]
fn submission_unlocks_when_its_bucket_rotates_out() {
    let env = setup();
    env.join(NODE1, 0);
    // Submitted half-way through hour 0's bucket: unlocks after 23.5 h, not 24 h.
    env.dist
        .sender(POOL)
        .submit_work_at(NODE1, u(7), T0 + HOUR / 2)
        .motsu_unwrap();
    assert_eq!(
        env.dist
            .sender(ADMIN)
            .calculate_rewards_at(NODE1, T0 + 24 * HOUR - 1)
            .motsu_unwrap(),
        (U256::ZERO, u(7))
    );
    assert_eq!(
        env.dist
            .sender(ADMIN)
            .calculate_rewards_at(NODE1, at(24))
            .motsu_unwrap(),
        (u(7), U256::ZERO)
    );
}

#[motsu::test]
fn slash_realigns_the_window_to_the_epoch_hour() {
    let env = setup();
    env.join(NODE1, 0);
    env.submit(NODE1, 100, 0);
    env.dist
        .sender(POOL)
        .slash_pending_rewards_at(NODE1, at(1))
        .motsu_unwrap();
    // lastBucketTimestamp = 0: the next roll resets and snaps to floor(now / 3600) * 3600.
    let later = T0 + 5 * HOUR + 1234;
    env.dist
        .sender(POOL)
        .submit_work_at(NODE1, u(10), later)
        .motsu_unwrap();
    let entry = env.dist.sender(ADMIN).node_buckets.getter(NODE1).window();
    assert_eq!(entry.last_ts, u(at(5)));
    assert_eq!((entry.last24, entry.total_all), (u(10), u(10)));
}

#[motsu::test]
fn rejoin_does_not_restart_the_clock() {
    let env = setup();
    env.join(NODE1, 0);
    env.submit(NODE1, 10, 0);
    env.dist
        .sender(POOL)
        .leave_pool_at(NODE1, at(3))
        .motsu_unwrap();
    env.join(NODE1, 5);
    let entry = env.dist.sender(ADMIN).node_buckets.getter(NODE1).window();
    assert_eq!(entry.last_ts, u(at(3))); // rolled at leave, untouched by the rejoin
}

#[motsu::test]
fn rate_scales_claims_and_events() {
    let env = setup_with_rate(0);
    env.dist
        .sender(MANAGER)
        .set_reward_rate(u(3))
        .motsu_unwrap();
    env.join(NODE1, 0);
    env.submit(NODE1, 100, 0);
    assert_eq!(
        env.dist
            .sender(ADMIN)
            .calculate_rewards_at(NODE1, at(1))
            .motsu_unwrap(),
        (U256::ZERO, u(300))
    );
    env.claim(PROVIDER1, NODE1, 25);
    assert_eq!(env.balance(PROVIDER1), u(300));
    env.dist.assert_emitted(&RewardsClaimed {
        poolId: u(POOL_ID),
        provider: PROVIDER1,
        nodekey: NODE1,
        reward: u(300),
    });
}

#[motsu::test]
fn claims_work_after_the_pool_ended_and_the_node_left() {
    let env = setup();
    env.join(NODE1, 0);
    env.submit(NODE1, 40, 0);
    env.dist.sender(POOL).end_rewards_at(at(1)).motsu_unwrap();
    env.dist
        .sender(POOL)
        .leave_pool_at(NODE1, at(2))
        .motsu_unwrap();
    env.claim(PROVIDER1, NODE1, 30);
    assert_eq!(env.balance(PROVIDER1), u(40));
}

#[motsu::test]
fn public_functions_use_the_block_time() {
    let env = setup();
    env.dist.sender(POOL).join_pool(NODE1).motsu_unwrap();
    env.dist
        .sender(POOL)
        .submit_work(NODE1, u(5))
        .motsu_unwrap();
    assert_eq!(
        env.dist
            .sender(ADMIN)
            .calculate_rewards(NODE1)
            .motsu_unwrap(),
        (U256::ZERO, u(5))
    );
    env.dist
        .sender(POOL)
        .remove_work(NODE1, u(2))
        .motsu_unwrap();
    env.dist.sender(POOL).leave_pool(NODE1).motsu_unwrap();
    assert_eq!(env.info(NODE1), (u(3), u(3), U256::ZERO, false));
    // Nothing unlocked yet: a silent zero claim (no transfer, no event).
    env.dist
        .sender(PROVIDER1)
        .claim_rewards(NODE1)
        .motsu_unwrap();
    assert_eq!(env.balance(PROVIDER1), U256::ZERO);
    assert!(!env.dist.emitted(&RewardsClaimed {
        poolId: u(POOL_ID),
        provider: PROVIDER1,
        nodekey: NODE1,
        reward: U256::ZERO
    }));
    env.dist
        .sender(POOL)
        .slash_pending_rewards(NODE1)
        .motsu_unwrap();
    assert_eq!(env.info(NODE1).1, U256::ZERO);
    env.dist.sender(POOL).end_rewards().motsu_unwrap();
    let err = env
        .dist
        .sender(POOL)
        .submit_work(NODE1, u(1))
        .motsu_unwrap_err();
    assert_eq!(err, error_string("Rewards have ended"));
}

// --- constructor, getters, roles ---

#[motsu::test]
fn constructor_wires_roles_and_getters() {
    let env = setup();
    let d = env.dist.sender(ADMIN);
    assert_eq!(d.compute_pool(), POOL);
    assert_eq!(d.compute_registry(), env.registry.address());
    assert_eq!(d.pool_id(), u(POOL_ID));
    assert_eq!(d.reward_token(), env.token.address());
    assert_eq!(d.get_reward_rate(), u(1));
    assert_eq!(d.num_buckets(), u(24));
    assert_eq!(d.bucket_duration(), u(3600));
    assert_eq!(d.access.default_admin_role(), B256::ZERO);
    assert_eq!(d.prime_role(), PRIME_ROLE);
    assert_eq!(d.federator_role(), FEDERATOR_ROLE);
    assert_eq!(d.rewards_manager_role(), REWARDS_MANAGER_ROLE);
    assert_eq!(d.compute_pool_role(), COMPUTE_POOL_ROLE);
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
        vec![MANAGER]
    );
    assert_eq!(d.access.get_role_member_count(REWARDS_MANAGER_ROLE), u(1));
    assert_eq!(d.access.get_role_admin(REWARDS_MANAGER_ROLE), B256::ZERO);
    assert!(d
        .access
        .supports_interface(0x01ffc9a7u32.to_be_bytes().into()));
    assert!(d
        .access
        .supports_interface(0x7965db0bu32.to_be_bytes().into()));
    assert!(d
        .access
        .supports_interface(0x5a05180fu32.to_be_bytes().into()));
    assert!(!d
        .access
        .supports_interface(0xffffffffu32.to_be_bytes().into()));
}

#[motsu::test]
fn role_management_follows_the_reference() {
    let env = setup();
    let stranger = address!("00000000000000000000000000000000000000ee");
    let err = env
        .dist
        .sender(stranger)
        .access
        .grant_role(REWARDS_MANAGER_ROLE, stranger)
        .motsu_unwrap_err();
    assert_eq!(err, unauthorized(stranger, B256::ZERO));
    env.dist
        .sender(ADMIN)
        .access
        .grant_role(REWARDS_MANAGER_ROLE, stranger)
        .motsu_unwrap();
    assert_eq!(
        env.dist
            .sender(ADMIN)
            .access
            .get_role_members(REWARDS_MANAGER_ROLE),
        vec![MANAGER, stranger]
    );
    let err = env
        .dist
        .sender(stranger)
        .access
        .renounce_role(REWARDS_MANAGER_ROLE, MANAGER)
        .motsu_unwrap_err();
    assert_eq!(err, alloy_primitives::hex!("6697b232").to_vec());
    env.dist
        .sender(stranger)
        .access
        .renounce_role(REWARDS_MANAGER_ROLE, stranger)
        .motsu_unwrap();
    env.dist
        .sender(ADMIN)
        .access
        .revoke_role(REWARDS_MANAGER_ROLE, MANAGER)
        .motsu_unwrap();
    assert_eq!(
        env.dist
            .sender(ADMIN)
            .access
            .get_role_member_count(REWARDS_MANAGER_ROLE),
        U256::ZERO
    );
    let err = env
        .dist
        .sender(ADMIN)
        .access
        .get_role_member(REWARDS_MANAGER_ROLE, U256::ZERO)
        .motsu_unwrap_err();
    assert_eq!(err, panic(0x32));
}

// --- bad input ---

#[motsu::test]
fn pool_only_functions_reject_other_callers() {
    let env = setup();
    let who = MANAGER;
    let role = COMPUTE_POOL_ROLE;
    assert_eq!(
        env.dist
            .sender(who)
            .submit_work_at(NODE1, u(1), at(0))
            .motsu_unwrap_err(),
        unauthorized(who, role)
    );
    assert_eq!(
        env.dist
            .sender(who)
            .join_pool_at(NODE1, at(0))
            .motsu_unwrap_err(),
        unauthorized(who, role)
    );
    assert_eq!(
        env.dist
            .sender(who)
            .leave_pool_at(NODE1, at(0))
            .motsu_unwrap_err(),
        unauthorized(who, role)
    );
    assert_eq!(
        env.dist
            .sender(who)
            .end_rewards_at(at(0))
            .motsu_unwrap_err(),
        unauthorized(who, role)
    );
    assert_eq!(
        env.dist
            .sender(who)
            .remove_work_at(NODE1, u(1), at(0))
            .motsu_unwrap_err(),
        unauthorized(who, role)
    );
    let err = env
        .dist
        .sender(PROVIDER1)
        .slash_pending_rewards_at(NODE1, at(0))
        .motsu_unwrap_err();
    assert_eq!(err, error_string("Unauthorized"));
}

#[motsu::test]
fn submit_work_checks() {
    let env = setup();
    let err = env
        .dist
        .sender(POOL)
        .submit_work_at(NODE1, u(1), at(0))
        .motsu_unwrap_err();
    assert_eq!(err, error_string("Node not in pool"));
    env.join(NODE1, 0);
    env.submit(NODE1, 1, 0);
    env.dist
        .sender(POOL)
        .leave_pool_at(NODE1, at(0))
        .motsu_unwrap();
    let err = env
        .dist
        .sender(POOL)
        .submit_work_at(NODE1, u(1), at(0))
        .motsu_unwrap_err();
    assert_eq!(err, error_string("Node not in pool"));
    env.join(NODE1, 0);
    let err = env
        .dist
        .sender(POOL)
        .submit_work_at(NODE1, U256::MAX, at(0))
        .motsu_unwrap_err();
    assert_eq!(err, panic(0x11));
    env.dist.sender(POOL).end_rewards_at(at(1)).motsu_unwrap();
    let err = env
        .dist
        .sender(POOL)
        .submit_work_at(NODE1, u(1), at(1))
        .motsu_unwrap_err();
    assert_eq!(err, error_string("Rewards have ended"));
    let err = env
        .dist
        .sender(POOL)
        .end_rewards_at(at(2))
        .motsu_unwrap_err();
    assert_eq!(err, error_string("Already ended"));
}

#[motsu::test]
fn claim_checks() {
    let env = setup_with_rate(0);
    env.join(NODE1, 0);
    env.submit(NODE1, 10, 0);
    let err = env
        .dist
        .sender(PROVIDER1)
        .claim_rewards_at(NODE1, at(25))
        .motsu_unwrap_err();
    assert_eq!(err, error_string("Rate not set"));
    let err = env
        .dist
        .sender(ADMIN)
        .calculate_rewards_at(NODE1, at(25))
        .motsu_unwrap_err();
    assert_eq!(err, error_string("Rate not set"));
    env.dist
        .sender(MANAGER)
        .set_reward_rate(u(100_000))
        .motsu_unwrap();
    let err = env
        .dist
        .sender(PROVIDER2)
        .claim_rewards_at(NODE1, at(25))
        .motsu_unwrap_err();
    assert_eq!(err, error_string("Unauthorized"));
    // 10 units * 100_000 > the 500_000 funded.
    let err = env
        .dist
        .sender(PROVIDER1)
        .claim_rewards_at(NODE1, at(25))
        .motsu_unwrap_err();
    assert_eq!(err, error_string("Insufficient tokens"));
    assert_eq!(env.info(NODE1).2, U256::ZERO); // reverted: nothing marked as claimed
}

#[motsu::test]
fn reward_rate_is_set_once() {
    let env = setup_with_rate(0);
    let err = env
        .dist
        .sender(PROVIDER1)
        .set_reward_rate(u(1))
        .motsu_unwrap_err();
    assert_eq!(err, unauthorized(PROVIDER1, REWARDS_MANAGER_ROLE));
    // Setting 0 leaves it settable.
    env.dist
        .sender(MANAGER)
        .set_reward_rate(U256::ZERO)
        .motsu_unwrap();
    env.dist
        .sender(MANAGER)
        .set_reward_rate(u(5))
        .motsu_unwrap();
    let err = env
        .dist
        .sender(MANAGER)
        .set_reward_rate(u(6))
        .motsu_unwrap_err();
    assert_eq!(err, error_string("Rate can only be set once"));
    assert_eq!(env.dist.sender(ADMIN).get_reward_rate(), u(5));
}

#[motsu::test]
fn zero_slash_and_zero_removal_do_nothing() {
    let env = setup();
    env.join(NODE1, 0);
    env.dist
        .sender(POOL)
        .slash_pending_rewards_at(NODE1, at(0))
        .motsu_unwrap();
    assert!(env
        .dist
        .all_events()
        .iter()
        .all(|e| e.topics()[0] != PendingRewardsSlashed::SIGNATURE_HASH));
    env.submit(NODE1, 10, 0);
    env.dist
        .sender(POOL)
        .remove_work_at(NODE1, U256::ZERO, at(0))
        .motsu_unwrap();
    assert_eq!(env.info(NODE1).0, u(10));
    // Unlocked work is not slashable: after the window only the new submission is at stake.
    env.submit(NODE1, 5, 30);
    env.dist
        .sender(POOL)
        .slash_pending_rewards_at(NODE1, at(30))
        .motsu_unwrap();
    assert_eq!(env.info(NODE1), (U256::ZERO, u(10), U256::ZERO, true));
}

#[motsu::test]
fn clock_before_the_window_start_panics() {
    let env = setup();
    env.join(NODE1, 5);
    let err = env
        .dist
        .sender(POOL)
        .submit_work_at(NODE1, u(1), at(4))
        .motsu_unwrap_err();
    assert_eq!(err, panic(0x11));
}

use alloy_sol_types::SolEvent;

/// What the factory does to a fresh clone, minus the CREATE (motsu cannot execute it): the
/// constructor arguments decoded from the calldata the factory builds initialise the clone.
/// (The SDK's once-only constructor guard, kept in the clone's storage, is not applied to
/// direct calls in motsu; the end-to-end suite covers it.)
#[motsu::test]
fn clone_initialised_from_the_factory_calldata() {
    use distributor_common::clone::DistributorInit;
    let registry: Contract<MockRegistry> = Contract::new();
    let token: Contract<MockToken> = Contract::new();
    let clone: Contract<Distributor> = Contract::new();
    let factory = address!("000000000000000000000000000000000000f00d");
    let init = DistributorInit {
        compute_pool: POOL,
        compute_registry: registry.address(),
        pool_id: u(9),
        reward_token: token.address(),
        rewards_manager: MANAGER,
        admin: factory,
    };
    let decoded = DistributorInit::decode(&init.constructor_calldata()).unwrap();
    clone.sender(factory).constructor(
        decoded.compute_pool,
        decoded.compute_registry,
        decoded.pool_id,
        decoded.reward_token,
        decoded.rewards_manager,
        decoded.admin,
    );
    let c = clone.sender(factory);
    assert_eq!(
        (c.compute_pool(), c.pool_id(), c.reward_token()),
        (POOL, u(9), token.address())
    );
    assert!(c.access.has_role(COMPUTE_POOL_ROLE, POOL));
    assert!(c.access.has_role(REWARDS_MANAGER_ROLE, MANAGER));
    assert!(c.access.has_role(DEFAULT_ADMIN_ROLE, factory));
    // The factory, as the clone's admin, could hand out roles (the reference's too).
    clone
        .sender(factory)
        .access
        .grant_role(REWARDS_MANAGER_ROLE, ADMIN)
        .motsu_unwrap();
}
