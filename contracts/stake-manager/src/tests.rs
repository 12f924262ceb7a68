//! The 11 reference tests of `StakeManager.t.sol` (spec §10.6), the fixed defects and bad
//! input, against a minimal mock ERC-20. motsu cannot move the clock: maturity is covered
//! by `queue_tests.rs` with a moving `now`; here a period of 0 makes entries mature at once.

use alloy_primitives::{address, Address, U256};
use alloy_sol_types::SolError;
use motsu::prelude::*;
use prime_common::revert::{error_string, panic_code, AccessControlUnauthorizedAccount};
use stylus_sdk::storage::StorageU256;

use super::*;

/// motsu's fixed block timestamp.
const NOW: u64 = 1_735_689_600;
const PERIOD: u64 = 7 * 86_400;
const ONE: u64 = 1_000_000_000_000_000_000;

const PRIME: Address = address!("00000000000000000000000000000000000000aa");
const STAKER: Address = address!("00000000000000000000000000000000000000bb");

fn e18(v: u64) -> U256 {
    U256::from(v) * U256::from(ONE)
}

/// Minimal ERC-20 for the tests: balances, allowances, and string reverts.
#[storage]
pub struct MockToken {
    balances: Map<Address, StorageU256>,
    allowances: Map<Address, Map<Address, StorageU256>>,
}

unsafe impl TopLevelStorage for MockToken {}

#[public]
impl MockToken {
    /// Credits `to`.
    pub fn mint(&mut self, to: Address, amount: U256) {
        let b = self.balances.get(to);
        self.balances.insert(to, b + amount);
    }

    /// Balance of `a`.
    pub fn balance_of(&self, a: Address) -> U256 {
        self.balances.get(a)
    }

    /// Sets the caller's allowance.
    pub fn approve(&mut self, spender: Address, amount: U256) -> bool {
        let owner = self.vm().msg_sender();
        self.allowances.setter(owner).insert(spender, amount);
        true
    }

    /// Moves the caller's tokens.
    pub fn transfer(&mut self, to: Address, amount: U256) -> Result<bool, Vec<u8>> {
        let from = self.vm().msg_sender();
        self.move_tokens(from, to, amount)?;
        Ok(true)
    }

    /// Moves `from`'s tokens within the caller's allowance.
    pub fn transfer_from(
        &mut self,
        from: Address,
        to: Address,
        amount: U256,
    ) -> Result<bool, Vec<u8>> {
        let spender = self.vm().msg_sender();
        let allowed = self.allowances.getter(from).get(spender);
        if allowed < amount {
            return Err(error_string("mock: allowance"));
        }
        self.allowances
            .setter(from)
            .insert(spender, allowed - amount);
        self.move_tokens(from, to, amount)?;
        Ok(true)
    }
}

impl MockToken {
    fn move_tokens(&mut self, from: Address, to: Address, amount: U256) -> Result<(), Vec<u8>> {
        let b = self.balances.get(from);
        if b < amount {
            return Err(error_string("mock: balance"));
        }
        self.balances.insert(from, b - amount);
        let t = self.balances.get(to);
        self.balances.insert(to, t + amount);
        Ok(())
    }
}

/// The reference `setUp`: PRIME holds the role and 1000 tokens approved to the manager.
fn setup(sm: &Contract<StakeManager>, token: &Contract<MockToken>, period: u64) {
    sm.sender(PRIME)
        .constructor(PRIME, U256::from(period), token.address());
    token.sender(PRIME).mint(PRIME, e18(1000));
    token.sender(PRIME).approve(sm.address(), U256::MAX);
}

fn staked(sm: &Contract<StakeManager>, token: &Contract<MockToken>, period: u64, amount: u64) {
    setup(sm, token, period);
    sm.sender(PRIME).stake(STAKER, e18(amount)).motsu_unwrap();
}

fn unauthorized(account: Address, role: B256) -> Vec<u8> {
    AccessControlUnauthorizedAccount {
        account,
        neededRole: role,
    }
    .abi_encode()
}

fn pending_amounts(sm: &Contract<StakeManager>) -> Vec<U256> {
    sm.sender(STAKER)
        .get_pending_unbonds(STAKER)
        .into_iter()
        .map(|u| u.amount)
        .collect()
}

// --- the 11 reference tests ---

#[motsu::test]
fn test_stake_increases_balances(sm: Contract<StakeManager>, token: Contract<MockToken>) {
    setup(&sm, &token, PERIOD);
    sm.sender(PRIME).stake(STAKER, e18(100)).motsu_unwrap();
    sm.assert_emitted(&Stake {
        staker: STAKER,
        amount: e18(100),
    });
    assert_eq!(sm.sender(PRIME).get_stake(STAKER), e18(100));
    assert_eq!(sm.sender(PRIME).get_total_staked(), e18(100));
    assert_eq!(token.sender(PRIME).balance_of(sm.address()), e18(100));
    assert_eq!(
        token.sender(PRIME).balance_of(PRIME),
        e18(900),
        "pulled from the PRIME caller"
    );
}

#[motsu::test]
fn test_stake_requires_prime(sm: Contract<StakeManager>, token: Contract<MockToken>) {
    setup(&sm, &token, PERIOD);
    let err = sm.sender(STAKER).stake(STAKER, e18(1)).motsu_unwrap_err();
    assert_eq!(err, unauthorized(STAKER, PRIME_ROLE));
}

#[motsu::test]
fn test_unstake_moves_to_pending(sm: Contract<StakeManager>, token: Contract<MockToken>) {
    staked(&sm, &token, PERIOD, 100);
    sm.sender(PRIME).unstake(STAKER, e18(40)).motsu_unwrap();
    sm.assert_emitted(&Unstake {
        staker: STAKER,
        amount: e18(40),
        index: U256::ZERO,
    });
    assert_eq!(sm.sender(PRIME).get_stake(STAKER), e18(60));
    assert_eq!(sm.sender(PRIME).get_pending_unbond_total(STAKER), e18(40));
    let pending = sm.sender(PRIME).get_pending_unbonds(STAKER);
    assert_eq!(
        pending,
        vec![Unbond {
            amount: e18(40),
            timestamp: U256::from(NOW + PERIOD)
        }]
    );
}

#[motsu::test]
fn test_withdraw_after_period(sm: Contract<StakeManager>, token: Contract<MockToken>) {
    // Before the period: nothing to withdraw.
    staked(&sm, &token, PERIOD, 100);
    sm.sender(PRIME).unstake(STAKER, e18(100)).motsu_unwrap();
    let err = sm.sender(STAKER).withdraw().motsu_unwrap_err();
    assert_eq!(err, error_string("StakeManager: no funds to withdraw"));
    // With a zero period the entry is mature at once (the clock cannot move here).
    sm.sender(PRIME)
        .set_unbonding_period(U256::ZERO)
        .motsu_unwrap();
    sm.sender(PRIME).rebond(STAKER, e18(100)).motsu_unwrap();
    sm.sender(PRIME).unstake(STAKER, e18(100)).motsu_unwrap();
    sm.sender(STAKER).withdraw().motsu_unwrap();
    sm.assert_emitted(&Withdraw {
        staker: STAKER,
        amount: e18(100),
    });
    sm.assert_emitted(&PendingBondRemoved {
        staker: STAKER,
        amount: e18(100),
        index: U256::from(1),
    });
    assert_eq!(token.sender(STAKER).balance_of(STAKER), e18(100));
    assert_eq!(
        sm.sender(STAKER).get_pending_unbond_total(STAKER),
        U256::ZERO
    );
    assert_eq!(sm.sender(STAKER).get_total_unbonding(), U256::ZERO);
    assert!(sm.sender(STAKER).get_pending_unbonds(STAKER).is_empty());
}

#[motsu::test]
fn test_withdraw_reverts_if_nothing(sm: Contract<StakeManager>, token: Contract<MockToken>) {
    setup(&sm, &token, PERIOD);
    let err = sm.sender(STAKER).withdraw().motsu_unwrap_err();
    assert_eq!(err, error_string("StakeManager: no funds to withdraw"));
}

#[motsu::test]
fn test_rebond_partial(sm: Contract<StakeManager>, token: Contract<MockToken>) {
    staked(&sm, &token, PERIOD, 100);
    sm.sender(PRIME).unstake(STAKER, e18(100)).motsu_unwrap();
    sm.sender(PRIME).rebond(STAKER, e18(40)).motsu_unwrap();
    sm.assert_emitted(&Rebond {
        staker: STAKER,
        amount: e18(40),
    });
    sm.assert_emitted(&PendingBondUpdated {
        staker: STAKER,
        amount: e18(60),
        index: U256::ZERO,
        timestamp: U256::from(NOW + PERIOD),
    });
    assert_eq!(sm.sender(PRIME).get_stake(STAKER), e18(40));
    assert_eq!(sm.sender(PRIME).get_pending_unbond_total(STAKER), e18(60));
    assert_eq!(pending_amounts(&sm), vec![e18(60)]);
}

#[motsu::test]
fn test_rebond_full(sm: Contract<StakeManager>, token: Contract<MockToken>) {
    staked(&sm, &token, PERIOD, 100);
    sm.sender(PRIME).unstake(STAKER, e18(100)).motsu_unwrap();
    sm.sender(PRIME).rebond(STAKER, e18(100)).motsu_unwrap();
    sm.assert_emitted(&PendingBondRemoved {
        staker: STAKER,
        amount: e18(100),
        index: U256::ZERO,
    });
    assert_eq!(sm.sender(PRIME).get_stake(STAKER), e18(100));
    assert_eq!(
        sm.sender(PRIME).get_pending_unbond_total(STAKER),
        U256::ZERO
    );
    assert!(sm.sender(PRIME).get_pending_unbonds(STAKER).is_empty());
}

#[motsu::test]
fn test_max_pending_aggregates(sm: Contract<StakeManager>, token: Contract<MockToken>) {
    staked(&sm, &token, PERIOD, 100);
    for _ in 0..10 {
        sm.sender(PRIME).unstake(STAKER, e18(1)).motsu_unwrap();
    }
    assert_eq!(sm.sender(PRIME).get_pending_unbonds(STAKER).len(), 10);
    sm.sender(PRIME).unstake(STAKER, e18(1)).motsu_unwrap();
    sm.assert_emitted(&PendingBondUpdated {
        staker: STAKER,
        amount: e18(1),
        index: U256::from(9),
        timestamp: U256::from(NOW + PERIOD),
    });
    sm.assert_emitted(&Unstake {
        staker: STAKER,
        amount: e18(1),
        index: U256::from(9),
    });
    let pending = pending_amounts(&sm);
    assert_eq!(pending.len(), 10);
    assert_eq!(pending[9], e18(2));
}

#[motsu::test]
fn test_slash_from_stake(sm: Contract<StakeManager>, token: Contract<MockToken>) {
    staked(&sm, &token, PERIOD, 100);
    let got = sm
        .sender(PRIME)
        .slash(STAKER, e18(30), Bytes::from(Vec::new()))
        .motsu_unwrap();
    assert_eq!(got, e18(30));
    sm.assert_emitted(&Slashed {
        staker: STAKER,
        amount: e18(30),
        reason: Default::default(),
    });
    assert_eq!(sm.sender(PRIME).get_stake(STAKER), e18(70));
    assert_eq!(
        token.sender(PRIME).balance_of(PRIME),
        e18(930),
        "the PRIME caller receives it"
    );
}

#[motsu::test]
fn test_slash_prefers_unbonding(sm: Contract<StakeManager>, token: Contract<MockToken>) {
    staked(&sm, &token, PERIOD, 100);
    sm.sender(PRIME).unstake(STAKER, e18(100)).motsu_unwrap();
    let got = sm
        .sender(PRIME)
        .slash(STAKER, e18(60), Bytes::from(Vec::new()))
        .motsu_unwrap();
    assert_eq!(got, e18(60));
    assert_eq!(sm.sender(PRIME).get_pending_unbond_total(STAKER), e18(40));
    assert_eq!(sm.sender(PRIME).get_total_unbonding(), e18(40));
}

#[motsu::test]
fn test_setters_require_prime(sm: Contract<StakeManager>, token: Contract<MockToken>) {
    setup(&sm, &token, PERIOD);
    let err = sm
        .sender(STAKER)
        .set_unbonding_period(U256::from(86_400))
        .motsu_unwrap_err();
    assert_eq!(err, unauthorized(STAKER, PRIME_ROLE));
    let err = sm
        .sender(STAKER)
        .set_stake_minimum(e18(10))
        .motsu_unwrap_err();
    assert_eq!(err, unauthorized(STAKER, PRIME_ROLE));
    sm.sender(PRIME)
        .set_unbonding_period(U256::from(86_400))
        .motsu_unwrap();
    sm.assert_emitted(&UpdateUnbondingPeriod {
        period: U256::from(86_400),
    });
    sm.sender(PRIME).set_stake_minimum(e18(10)).motsu_unwrap();
    sm.assert_emitted(&StakeMinimumUpdate { minimum: e18(10) });
    assert_eq!(sm.sender(STAKER).get_unbonding_period(), U256::from(86_400));
    assert_eq!(sm.sender(STAKER).get_stake_minimum(), e18(10));
}

// --- fixed defects (docs/divergences/stake-manager.md) ---

/// §13 item 13: slashing a locked entry must not strand an earlier matured one.
#[motsu::test]
fn slash_keeps_matured_unbonds_withdrawable(
    sm: Contract<StakeManager>,
    token: Contract<MockToken>,
) {
    staked(&sm, &token, 0, 100);
    sm.sender(PRIME).unstake(STAKER, e18(40)).motsu_unwrap(); // matured at once
    sm.sender(PRIME)
        .set_unbonding_period(U256::from(PERIOD))
        .motsu_unwrap();
    sm.sender(PRIME).unstake(STAKER, e18(40)).motsu_unwrap(); // locked
                                                              // stake 20 < 50: the locked 40, then 10 of stake; the matured 40 is untouched.
    let got = sm
        .sender(PRIME)
        .slash(STAKER, e18(50), Bytes::from(Vec::new()))
        .motsu_unwrap();
    assert_eq!(got, e18(50));
    sm.assert_emitted(&PendingBondRemoved {
        staker: STAKER,
        amount: e18(40),
        index: U256::from(1),
    });
    assert_eq!(sm.sender(PRIME).get_stake(STAKER), e18(10));
    assert_eq!(pending_amounts(&sm), vec![e18(40), U256::ZERO]);
    sm.sender(STAKER).withdraw().motsu_unwrap();
    sm.assert_emitted(&Withdraw {
        staker: STAKER,
        amount: e18(40),
    });
    assert_eq!(token.sender(STAKER).balance_of(STAKER), e18(40));
    assert_eq!(sm.sender(PRIME).get_total_unbonding(), U256::ZERO);
    assert!(sm.sender(PRIME).get_pending_unbonds(STAKER).is_empty());
}

/// §13 item 12: queue events carry the amounts moved, never a zero read after delete.
#[motsu::test]
fn queue_events_carry_real_amounts(sm: Contract<StakeManager>, token: Contract<MockToken>) {
    staked(&sm, &token, 0, 100);
    sm.sender(PRIME).unstake(STAKER, e18(7)).motsu_unwrap();
    sm.sender(STAKER).withdraw().motsu_unwrap();
    sm.assert_emitted(&PendingBondRemoved {
        staker: STAKER,
        amount: e18(7),
        index: U256::ZERO,
    });
    assert!(!sm.emitted(&PendingBondRemoved {
        staker: STAKER,
        amount: U256::ZERO,
        index: U256::ZERO
    }));
}

/// A zero unstake (PrimeNetwork's deregistration of an empty stake) queues nothing, so it
/// can neither emit zero amounts nor push real unbonds into the merge rule.
#[motsu::test]
fn zero_unstake_queues_nothing(sm: Contract<StakeManager>, token: Contract<MockToken>) {
    staked(&sm, &token, PERIOD, 100);
    for _ in 0..12 {
        sm.sender(PRIME).unstake(STAKER, U256::ZERO).motsu_unwrap();
    }
    assert!(!sm.emitted(&Unstake {
        staker: STAKER,
        amount: U256::ZERO,
        index: U256::ZERO
    }));
    assert!(sm.sender(PRIME).get_pending_unbonds(STAKER).is_empty());
    sm.sender(PRIME).rebond(STAKER, U256::ZERO).motsu_unwrap();
    assert!(!sm.emitted(&Rebond {
        staker: STAKER,
        amount: U256::ZERO
    }));
}

/// `getUnbondAtIndex` is bounded by the window it indexes (the reference checked the whole
/// array and then panicked past the window).
#[motsu::test]
fn unbond_at_index_is_window_relative(sm: Contract<StakeManager>, token: Contract<MockToken>) {
    staked(&sm, &token, PERIOD, 100);
    sm.sender(PRIME).unstake(STAKER, e18(10)).motsu_unwrap();
    sm.sender(PRIME).unstake(STAKER, e18(20)).motsu_unwrap();
    sm.sender(PRIME).rebond(STAKER, e18(10)).motsu_unwrap();
    let at0 = sm
        .sender(PRIME)
        .get_unbond_at_index(STAKER, U256::ZERO)
        .motsu_unwrap();
    assert_eq!(
        at0,
        Unbond {
            amount: e18(20),
            timestamp: U256::from(NOW + PERIOD)
        }
    );
    let err = sm
        .sender(PRIME)
        .get_unbond_at_index(STAKER, U256::from(1))
        .motsu_unwrap_err();
    assert_eq!(err, error_string("StakeManager: index out of bounds"));
    let err = sm
        .sender(PRIME)
        .get_unbond_at_index(STAKER, U256::MAX)
        .motsu_unwrap_err();
    assert_eq!(err, error_string("StakeManager: index out of bounds"));
}

// --- bad input ---

/// An entry is one slot when its amount is below 2^192 and its maturity below 2^63; larger
/// ones take the wide form, and an entry moves between the forms as it changes.
#[motsu::test]
fn entries_too_large_for_one_slot_keep_their_values(
    sm: Contract<StakeManager>,
    token: Contract<MockToken>,
) {
    let big = U256::from(1) << 200;
    sm.sender(PRIME)
        .constructor(PRIME, U256::ZERO, token.address());
    token.sender(PRIME).mint(PRIME, big * U256::from(2));
    token.sender(PRIME).approve(sm.address(), U256::MAX);
    sm.sender(PRIME)
        .stake(STAKER, big * U256::from(2))
        .motsu_unwrap();
    let entries = |sm: &Contract<StakeManager>| -> Vec<(U256, U256)> {
        sm.sender(STAKER)
            .get_pending_unbonds(STAKER)
            .into_iter()
            .map(|u| (u.amount, u.timestamp))
            .collect()
    };
    let now = U256::from(NOW);
    // A wide amount, matured at once (period 0).
    sm.sender(PRIME).unstake(STAKER, big).motsu_unwrap();
    assert_eq!(entries(&sm), vec![(big, now)]);
    // A wide maturity.
    let far = U256::from(1) << 70;
    sm.sender(PRIME).set_unbonding_period(far).motsu_unwrap();
    sm.sender(PRIME).unstake(STAKER, e18(5)).motsu_unwrap();
    assert_eq!(entries(&sm), vec![(big, now), (e18(5), now + far)]);
    // Rebond takes the oldest first: the wide entry shrinks into one slot.
    sm.sender(PRIME).rebond(STAKER, big - e18(3)).motsu_unwrap();
    assert_eq!(entries(&sm), vec![(e18(3), now), (e18(5), now + far)]);
    assert_eq!(
        sm.sender(STAKER)
            .get_unbond_at_index(STAKER, U256::from(1))
            .motsu_unwrap(),
        Unbond {
            amount: e18(5),
            timestamp: now + far
        }
    );
    // Only the matured entry is paid.
    sm.sender(STAKER).withdraw().motsu_unwrap();
    assert_eq!(entries(&sm), vec![(e18(5), now + far)]);
    assert_eq!(token.sender(STAKER).balance_of(STAKER), e18(3));
}

/// `unstakeAll` is `unstake(staker, getStake(staker))` and returns the amount.
#[motsu::test]
fn unstake_all_unstakes_the_whole_stake(sm: Contract<StakeManager>, token: Contract<MockToken>) {
    staked(&sm, &token, PERIOD, 100);
    assert_eq!(
        sm.sender(PRIME).unstake_all(STAKER).motsu_unwrap(),
        e18(100)
    );
    sm.assert_emitted(&Unstake {
        staker: STAKER,
        amount: e18(100),
        index: U256::ZERO,
    });
    assert_eq!(sm.sender(PRIME).get_stake(STAKER), U256::ZERO);
    assert_eq!(sm.sender(PRIME).get_pending_unbond_total(STAKER), e18(100));
    // Nothing left: a zero unstake, which queues nothing (as `unstake(staker, 0)`).
    assert_eq!(
        sm.sender(PRIME).unstake_all(STAKER).motsu_unwrap(),
        U256::ZERO
    );
    assert_eq!(pending_amounts(&sm), vec![e18(100)]);
}

#[motsu::test]
fn every_prime_function_checks_the_role(sm: Contract<StakeManager>, token: Contract<MockToken>) {
    staked(&sm, &token, PERIOD, 100);
    let want = unauthorized(STAKER, PRIME_ROLE);
    assert_eq!(
        sm.sender(STAKER).unstake(STAKER, e18(1)).motsu_unwrap_err(),
        want
    );
    assert_eq!(
        sm.sender(STAKER).rebond(STAKER, e18(1)).motsu_unwrap_err(),
        want
    );
    assert_eq!(
        sm.sender(STAKER).unstake_all(STAKER).motsu_unwrap_err(),
        want
    );
    assert_eq!(
        sm.sender(STAKER)
            .slash(STAKER, e18(1), Bytes::from(Vec::new()))
            .motsu_unwrap_err(),
        want
    );
}

#[motsu::test]
fn amounts_above_the_balance_revert(sm: Contract<StakeManager>, token: Contract<MockToken>) {
    staked(&sm, &token, PERIOD, 100);
    let err = sm
        .sender(PRIME)
        .unstake(STAKER, e18(101))
        .motsu_unwrap_err();
    assert_eq!(err, error_string("StakeManager: insufficient balance"));
    sm.sender(PRIME).unstake(STAKER, e18(10)).motsu_unwrap();
    let err = sm.sender(PRIME).rebond(STAKER, e18(11)).motsu_unwrap_err();
    assert_eq!(
        err,
        error_string("StakeManager: insufficient unbonding balance")
    );
    assert_eq!(sm.sender(PRIME).get_stake(STAKER), e18(90));
}

#[motsu::test]
fn stake_overflow_panics_like_solidity(sm: Contract<StakeManager>, token: Contract<MockToken>) {
    staked(&sm, &token, PERIOD, 1);
    let err = sm.sender(PRIME).stake(STAKER, U256::MAX).motsu_unwrap_err();
    assert_eq!(err, panic_code(0x11));
    assert_eq!(sm.sender(PRIME).get_total_staked(), e18(1));
}

#[motsu::test]
fn token_reverts_bubble_up(sm: Contract<StakeManager>, token: Contract<MockToken>) {
    setup(&sm, &token, PERIOD);
    let err = sm.sender(PRIME).stake(STAKER, e18(1001)).motsu_unwrap_err();
    assert_eq!(err, error_string("mock: balance"));
    assert_eq!(sm.sender(PRIME).get_stake(STAKER), U256::ZERO);
}

#[motsu::test]
fn slash_is_capped_at_what_exists(sm: Contract<StakeManager>, token: Contract<MockToken>) {
    staked(&sm, &token, PERIOD, 100);
    sm.sender(PRIME).unstake(STAKER, e18(30)).motsu_unwrap();
    let reason = Bytes::from(b"bad work".to_vec());
    let got = sm
        .sender(PRIME)
        .slash(STAKER, U256::MAX, reason.clone())
        .motsu_unwrap();
    assert_eq!(got, e18(100));
    sm.assert_emitted(&Slashed {
        staker: STAKER,
        amount: e18(100),
        reason: reason.0.into(),
    });
    assert_eq!(sm.sender(PRIME).get_total_staked(), U256::ZERO);
    assert_eq!(sm.sender(PRIME).get_total_unbonding(), U256::ZERO);
    assert_eq!(token.sender(PRIME).balance_of(sm.address()), U256::ZERO);
}

// --- roles ---

#[motsu::test]
fn constructor_grants_admin_and_prime(sm: Contract<StakeManager>, token: Contract<MockToken>) {
    setup(&sm, &token, PERIOD);
    assert!(sm.sender(PRIME).access.has_role(DEFAULT_ADMIN_ROLE, PRIME));
    assert_eq!(
        sm.sender(PRIME)
            .access
            .get_role_member(PRIME_ROLE, U256::ZERO)
            .motsu_unwrap(),
        PRIME
    );
    assert_eq!(
        sm.sender(PRIME).access.get_role_member_count(PRIME_ROLE),
        U256::from(1)
    );
    assert_eq!(
        sm.sender(PRIME).access.get_role_members(DEFAULT_ADMIN_ROLE),
        vec![PRIME]
    );
    assert_eq!(sm.sender(PRIME).ai_token(), token.address());
    assert_eq!(sm.sender(PRIME).prime_role(), PRIME_ROLE);
    assert_eq!(sm.sender(PRIME).access.default_admin_role(), B256::ZERO);
    let err = sm
        .sender(PRIME)
        .access
        .get_role_member(PRIME_ROLE, U256::from(1))
        .motsu_unwrap_err();
    assert_eq!(err, panic_code(0x32));
}

#[motsu::test]
fn grant_revoke_renounce_keep_members(sm: Contract<StakeManager>, token: Contract<MockToken>) {
    setup(&sm, &token, PERIOD);
    let err = sm
        .sender(STAKER)
        .access
        .grant_role(PRIME_ROLE, STAKER)
        .motsu_unwrap_err();
    assert_eq!(err, unauthorized(STAKER, DEFAULT_ADMIN_ROLE));
    sm.sender(PRIME)
        .access
        .grant_role(PRIME_ROLE, STAKER)
        .motsu_unwrap();
    assert_eq!(
        sm.sender(PRIME).access.get_role_members(PRIME_ROLE),
        vec![PRIME, STAKER]
    );
    let err = sm
        .sender(STAKER)
        .access
        .renounce_role(PRIME_ROLE, PRIME)
        .motsu_unwrap_err();
    assert_eq!(
        err,
        prime_common::revert::AccessControlBadConfirmation {}.abi_encode()
    );
    sm.sender(STAKER)
        .access
        .renounce_role(PRIME_ROLE, STAKER)
        .motsu_unwrap();
    sm.sender(PRIME)
        .access
        .revoke_role(PRIME_ROLE, PRIME)
        .motsu_unwrap();
    assert!(sm
        .sender(PRIME)
        .access
        .get_role_members(PRIME_ROLE)
        .is_empty());
    assert!(!sm.sender(PRIME).access.has_role(PRIME_ROLE, PRIME));
}

#[motsu::test]
fn supports_the_reference_interfaces(sm: Contract<StakeManager>) {
    for (id, want) in [
        (0x01ffc9a7u32, true),
        (0x7965db0b, true),
        (0x5a05180f, true),
        (0xffffffff, false),
    ] {
        assert_eq!(
            sm.sender(PRIME)
                .access
                .supports_interface(id.to_be_bytes().into()),
            want,
            "{id:#x}"
        );
    }
}

/// `creditStake` books stake the caller (PrimeNetwork) already moved here, moves no tokens,
/// emits `Stake`, and is PRIME_ROLE only.
#[motsu::test]
fn credit_stake_books_without_moving_tokens(
    sm: Contract<StakeManager>,
    token: Contract<MockToken>,
) {
    setup(&sm, &token, PERIOD);
    let (prime_before, sm_before) = (
        token.sender(PRIME).balance_of(PRIME),
        token.sender(PRIME).balance_of(sm.address()),
    );
    sm.sender(PRIME)
        .credit_stake(STAKER, e18(40))
        .motsu_unwrap();
    sm.assert_emitted(&Stake {
        staker: STAKER,
        amount: e18(40),
    });
    assert_eq!(sm.sender(STAKER).get_stake(STAKER), e18(40));
    assert_eq!(sm.sender(STAKER).get_total_staked(), e18(40));
    assert_eq!(token.sender(PRIME).balance_of(PRIME), prime_before);
    assert_eq!(token.sender(PRIME).balance_of(sm.address()), sm_before);
    let err = sm
        .sender(STAKER)
        .credit_stake(STAKER, e18(1))
        .motsu_unwrap_err();
    assert_eq!(err, unauthorized(STAKER, PRIME_ROLE));
}
