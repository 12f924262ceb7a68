//! Factory tests (shared by the three factory crates). motsu cannot execute CREATE (its
//! `create1` is a stub), so the clone's init code and initialiser calldata are tested in
//! distributor-common and in the distributor crates; here: roles, `setComputePool`'s
//! wiring, the initialiser arguments, and every revert before the deployment. The on-chain
//! creation itself is covered by the end-to-end suite on the devnode.

use alloy_primitives::{address, Address, B256, U256};
use motsu::prelude::*;
use prime_common::{
    revert::{error_string, panic_code, AccessControlUnauthorizedAccount},
    roles::{DEFAULT_ADMIN_ROLE, FEDERATOR_ROLE, PRIME_ROLE, REWARD_CREATOR},
};

use crate::{
    clone::DistributorInit,
    factory::{Factory, TimeBased, WorkSubmission},
    mocks::{MockRegistry, MockRoleHolder, MockToken},
};

fn unauthorized(account: Address, role: B256) -> Vec<u8> {
    alloy_sol_types::SolError::abi_encode(&AccessControlUnauthorizedAccount {
        account,
        neededRole: role,
    })
}

const ADMIN: Address = address!("000000000000000000000000000000000000b001");
const FEDERATOR: Address = address!("000000000000000000000000000000000000b003");
const REGISTRY: Address = address!("000000000000000000000000000000000000b004");
const STRANGER: Address = address!("000000000000000000000000000000000000b005");

struct Env {
    factory: Contract<Factory<WorkSubmission>>,
    pool: Contract<MockRoleHolder>,
    prime: Contract<MockRoleHolder>,
    token: Contract<MockToken>,
    /// Any contract stands in for the distributor implementation (it needs code).
    implementation: Contract<MockRegistry>,
}

fn setup() -> Env {
    let env = Env {
        factory: Contract::new(),
        pool: Contract::new(),
        prime: Contract::new(),
        token: Contract::new(),
        implementation: Contract::new(),
    };
    env.factory
        .sender(ADMIN)
        .constructor(ADMIN, env.implementation.address())
        .motsu_unwrap();
    env.pool
        .sender(ADMIN)
        .set_member(PRIME_ROLE, env.prime.address());
    env.pool.sender(ADMIN).set_reward_token(env.token.address());
    env.prime
        .sender(ADMIN)
        .set_member(FEDERATOR_ROLE, FEDERATOR);
    env
}

#[motsu::test]
fn constructor_grants_admin_and_creator() {
    let env = setup();
    let f = env.factory.sender(ADMIN);
    assert!(f.access.has_role(DEFAULT_ADMIN_ROLE, ADMIN));
    assert!(f.access.has_role(REWARD_CREATOR, ADMIN));
    assert_eq!(f.implementation(), env.implementation.address());
    assert_eq!(f.reward_creator(), REWARD_CREATOR);
    assert_eq!(f.access.default_admin_role(), B256::ZERO);
    assert_eq!(f.access.get_role_admin(REWARD_CREATOR), B256::ZERO);
    assert!(f
        .access
        .supports_interface(0x01ffc9a7u32.to_be_bytes().into()));
    assert!(f
        .access
        .supports_interface(0x7965db0bu32.to_be_bytes().into()));
    // Plain AccessControl: not IAccessControlEnumerable.
    assert!(!f
        .access
        .supports_interface(0x5a05180fu32.to_be_bytes().into()));
}

#[motsu::test]
fn set_compute_pool_learns_the_token_and_the_federator() {
    let env = setup();
    let pool = env.pool.address();
    env.factory
        .sender(ADMIN)
        .set_compute_pool(pool)
        .motsu_unwrap();
    assert!(env
        .factory
        .sender(ADMIN)
        .access
        .has_role(REWARD_CREATOR, pool));
    assert_eq!(
        env.factory.sender(ADMIN).clone_wiring(),
        (env.token.address(), FEDERATOR)
    );
    let init = env
        .factory
        .sender(ADMIN)
        .distributor_init(REGISTRY, U256::from(3));
    assert_eq!(
        init,
        DistributorInit {
            compute_pool: pool,
            compute_registry: REGISTRY,
            pool_id: U256::from(3),
            reward_token: env.token.address(),
            rewards_manager: FEDERATOR,
            admin: env.factory.address(),
        }
    );
}

#[motsu::test]
fn set_compute_pool_requires_the_admin() {
    let env = setup();
    let err = env
        .factory
        .sender(STRANGER)
        .set_compute_pool(env.pool.address())
        .motsu_unwrap_err();
    assert_eq!(err, unauthorized(STRANGER, B256::ZERO));
}

#[motsu::test]
fn set_compute_pool_reverts_when_the_pool_has_no_prime_network() {
    let env = setup();
    env.pool.sender(ADMIN).set_member(PRIME_ROLE, Address::ZERO);
    let err = env
        .factory
        .sender(ADMIN)
        .set_compute_pool(env.pool.address())
        .motsu_unwrap_err();
    assert_eq!(err, panic_code(0x32));
}

#[motsu::test]
fn create_requires_reward_creator() {
    let env = setup();
    env.factory
        .sender(ADMIN)
        .set_compute_pool(env.pool.address())
        .motsu_unwrap();
    let err = env
        .factory
        .sender(STRANGER)
        .create_rewards_distributor(REGISTRY, U256::ZERO)
        .motsu_unwrap_err();
    assert_eq!(err, unauthorized(STRANGER, REWARD_CREATOR));
}

#[motsu::test]
fn create_before_set_compute_pool_reverts_without_data() {
    let env = setup();
    let err = env
        .factory
        .sender(ADMIN)
        .create_rewards_distributor(REGISTRY, U256::ZERO)
        .motsu_unwrap_err();
    assert_eq!(err, Vec::<u8>::new());
}

#[motsu::test]
fn role_management() {
    let env = setup();
    let err = env
        .factory
        .sender(STRANGER)
        .access
        .grant_role(REWARD_CREATOR, STRANGER)
        .motsu_unwrap_err();
    assert_eq!(err, unauthorized(STRANGER, B256::ZERO));
    env.factory
        .sender(ADMIN)
        .access
        .grant_role(REWARD_CREATOR, STRANGER)
        .motsu_unwrap();
    assert!(env
        .factory
        .sender(ADMIN)
        .access
        .has_role(REWARD_CREATOR, STRANGER));
    let err = env
        .factory
        .sender(STRANGER)
        .access
        .renounce_role(REWARD_CREATOR, ADMIN)
        .motsu_unwrap_err();
    assert_eq!(err, alloy_primitives::hex!("6697b232").to_vec());
    env.factory
        .sender(STRANGER)
        .access
        .renounce_role(REWARD_CREATOR, STRANGER)
        .motsu_unwrap();
    env.factory
        .sender(ADMIN)
        .access
        .revoke_role(REWARD_CREATOR, ADMIN)
        .motsu_unwrap();
    assert!(!env
        .factory
        .sender(ADMIN)
        .access
        .has_role(REWARD_CREATOR, ADMIN));
}

/// Review finding: a factory constructed with an implementation address without code would
/// make every distributor a code-less account that silently accepts every call.
#[motsu::test]
fn constructor_refuses_an_implementation_without_code(
    f: Contract<Factory<WorkSubmission>>,
    t: Contract<Factory<TimeBased>>,
) {
    let no_code = address!("000000000000000000000000000000000000b0ff");
    let want = error_string("RewardsDistributorFactory: implementation has no code");
    assert_eq!(
        f.sender(ADMIN)
            .constructor(ADMIN, no_code)
            .motsu_unwrap_err(),
        want
    );
    assert_eq!(
        t.sender(ADMIN)
            .constructor(ADMIN, no_code)
            .motsu_unwrap_err(),
        want
    );
    assert!(!f.sender(ADMIN).access.has_role(DEFAULT_ADMIN_ROLE, ADMIN));
}
