//! The ledger and queue logic with a moving clock: unit tests at several times, and a
//! property test over random operation sequences (the contract runs this same code).

use std::collections::{BTreeMap, HashMap};

use alloy_primitives::address;
use proptest::prelude::*;

use super::*;

const DAY: u64 = 86_400;
const PERIOD: u64 = 7 * DAY;
const A: Address = address!("000000000000000000000000000000000000000a");
const B: Address = address!("000000000000000000000000000000000000000b");

fn u(v: u64) -> U256 {
    U256::from(v)
}

/// [`Book`] over plain maps.
#[derive(Default, Clone, Debug)]
struct Model {
    stake: HashMap<Address, U256>,
    unbonding: HashMap<Address, U256>,
    total_staked: U256,
    total_unbonding: U256,
    offset: HashMap<Address, usize>,
    entries: HashMap<Address, Vec<Unbond>>,
}

impl Book for Model {
    fn stake_of(&self, s: Address) -> U256 {
        self.stake.get(&s).copied().unwrap_or_default()
    }
    fn set_stake_of(&mut self, s: Address, v: U256) {
        self.stake.insert(s, v);
    }
    fn unbonding_of(&self, s: Address) -> U256 {
        self.unbonding.get(&s).copied().unwrap_or_default()
    }
    fn set_unbonding_of(&mut self, s: Address, v: U256) {
        self.unbonding.insert(s, v);
    }
    fn total_staked(&self) -> U256 {
        self.total_staked
    }
    fn set_total_staked(&mut self, v: U256) {
        self.total_staked = v;
    }
    fn total_unbonding(&self) -> U256 {
        self.total_unbonding
    }
    fn set_total_unbonding(&mut self, v: U256) {
        self.total_unbonding = v;
    }
    fn offset(&self, s: Address) -> usize {
        self.offset.get(&s).copied().unwrap_or_default()
    }
    fn set_offset(&mut self, s: Address, v: usize) {
        self.offset.insert(s, v);
    }
    fn len(&self, s: Address) -> usize {
        self.entries.get(&s).map_or(0, Vec::len)
    }
    fn entry(&self, s: Address, i: usize) -> Unbond {
        self.entries[&s][i]
    }
    fn set_entry(&mut self, s: Address, i: usize, e: Unbond) {
        self.entries.get_mut(&s).unwrap()[i] = e;
    }
    fn push(&mut self, s: Address, e: Unbond) {
        self.entries.entry(s).or_default().push(e);
    }
}

fn staked(amount: u64) -> Model {
    let mut m = Model::default();
    stake(&mut m, A, u(amount)).unwrap();
    m
}

fn amounts(m: &Model, s: Address) -> Vec<u64> {
    pending(m, s).iter().map(|e| e.amount.to::<u64>()).collect()
}

#[test]
fn unstake_matures_after_the_period_at_several_times() {
    for now in [0u64, 1, 1_735_689_600, u64::MAX / 2] {
        let mut m = staked(100);
        let mut notes = vec![];
        let i = unstake(&mut m, A, u(40), u(now), u(PERIOD), &mut notes).unwrap();
        assert_eq!(i, Some(U256::ZERO));
        assert!(notes.is_empty());
        assert_eq!(
            pending(&m, A),
            vec![Unbond {
                amount: u(40),
                timestamp: u(now + PERIOD)
            }]
        );
        // One second early: nothing; at maturity: everything.
        assert_eq!(
            withdraw(&mut m, A, u(now + PERIOD - 1), &mut notes),
            Err(Fail::NoFunds)
        );
        assert_eq!(withdraw(&mut m, A, u(now + PERIOD), &mut notes), Ok(u(40)));
        assert_eq!(
            notes,
            vec![Note::Removed {
                amount: u(40),
                index: U256::ZERO
            }]
        );
        assert_eq!(
            (m.unbonding_of(A), m.total_unbonding, m.stake_of(A)),
            (U256::ZERO, U256::ZERO, u(60))
        );
        assert!(
            pending(&m, A).is_empty(),
            "the consumed entry leaves the window"
        );
    }
}

#[test]
fn unstake_maturity_overflow_is_arithmetic_error_and_changes_nothing() {
    let mut m = staked(100);
    let before = format!("{m:?}");
    let r = unstake(&mut m, A, u(1), U256::MAX, u(1), &mut vec![]);
    assert_eq!(r, Err(Fail::Arithmetic));
    assert_eq!(format!("{m:?}"), before);
}

#[test]
fn unstake_above_stake_and_zero_amount() {
    let mut m = staked(10);
    assert_eq!(
        unstake(&mut m, A, u(11), u(0), u(PERIOD), &mut vec![]),
        Err(Fail::InsufficientBalance)
    );
    assert_eq!(
        unstake(&mut m, B, u(1), u(0), u(PERIOD), &mut vec![]),
        Err(Fail::InsufficientBalance)
    );
    // Zero: no entry (the reference pushed a zero entry that counted toward the limit).
    assert_eq!(
        unstake(&mut m, A, U256::ZERO, u(0), u(PERIOD), &mut vec![]),
        Ok(None)
    );
    assert_eq!(m.len(A), 0);
}

#[test]
fn eleventh_unstake_merges_into_the_newest_and_resets_its_maturity() {
    let mut m = staked(100);
    for t in 0..10 {
        unstake(&mut m, A, u(1), u(t), u(PERIOD), &mut vec![]).unwrap();
    }
    let mut notes = vec![];
    let i = unstake(&mut m, A, u(1), u(50), u(PERIOD), &mut notes).unwrap();
    assert_eq!(i, Some(u(9)));
    assert_eq!(
        notes,
        vec![Note::Updated {
            amount: u(1),
            index: u(9),
            timestamp: u(50 + PERIOD)
        }]
    );
    assert_eq!(amounts(&m, A), vec![1, 1, 1, 1, 1, 1, 1, 1, 1, 2]);
    // After withdrawing the matured ones, the window shrinks and new entries are pushed again.
    assert_eq!(withdraw(&mut m, A, u(8 + PERIOD), &mut vec![]), Ok(u(9)));
    assert_eq!(amounts(&m, A), vec![2]);
    assert_eq!(
        unstake(&mut m, A, u(3), u(60), u(PERIOD), &mut vec![]),
        Ok(Some(u(10)))
    );
    assert_eq!(amounts(&m, A), vec![2, 3]);
}

/// Entries a withdrawal leaves behind the offset are not written (nothing reads them again);
/// consumed entries still inside the window are zeroed.
#[test]
fn withdraw_writes_only_the_entries_left_in_the_window() {
    let mut m = staked(100);
    unstake(&mut m, A, u(10), u(0), u(PERIOD), &mut vec![]).unwrap();
    unstake(&mut m, A, u(20), u(1), u(PERIOD), &mut vec![]).unwrap();
    unstake(&mut m, A, u(30), u(2), u(3 * PERIOD), &mut vec![]).unwrap();
    // The first two mature; the third is still locked, so the window starts at it.
    assert_eq!(withdraw(&mut m, A, u(1 + PERIOD), &mut vec![]), Ok(u(30)));
    assert_eq!((m.offset(A), m.len(A)), (2, 3));
    assert_eq!(amounts(&m, A), vec![30]);
    assert_eq!(
        (m.entry(A, 0).amount, m.entry(A, 1).amount),
        (u(10), u(20)),
        "behind the offset: left as they were"
    );
    assert_eq!(m.unbonding_of(A), u(30));
    // Behind a locked entry, a consumed one stays in the window: zeroed.
    unstake(&mut m, A, u(5), u(3), u(PERIOD), &mut vec![]).unwrap();
    assert_eq!(withdraw(&mut m, A, u(3 + PERIOD), &mut vec![]), Ok(u(5)));
    assert_eq!((m.offset(A), m.len(A)), (2, 4));
    assert_eq!(amounts(&m, A), vec![30, 0]);
    // Everything matured: the window empties and the next unstake is pushed after it.
    assert_eq!(
        withdraw(&mut m, A, u(3 * PERIOD + 2), &mut vec![]),
        Ok(u(30))
    );
    assert!(pending(&m, A).is_empty());
    assert_eq!(m.offset(A), 4);
    assert_eq!(
        unstake(&mut m, A, u(7), u(4), u(PERIOD), &mut vec![]),
        Ok(Some(u(4)))
    );
    assert_eq!(amounts(&m, A), vec![7]);
}

#[test]
fn withdraw_pays_matured_entries_behind_a_locked_one() {
    // Period shortened after the first unstake: the second entry matures first.
    let mut m = staked(100);
    unstake(&mut m, A, u(10), u(0), u(PERIOD), &mut vec![]).unwrap();
    unstake(&mut m, A, u(20), u(1), u(DAY), &mut vec![]).unwrap();
    let mut notes = vec![];
    assert_eq!(withdraw(&mut m, A, u(1 + DAY), &mut notes), Ok(u(20)));
    assert_eq!(
        notes,
        vec![Note::Removed {
            amount: u(20),
            index: u(1)
        }]
    );
    assert_eq!(amounts(&m, A), vec![10, 0]);
    assert_eq!(withdraw(&mut m, A, u(PERIOD), &mut vec![]), Ok(u(10)));
    assert!(pending(&m, A).is_empty());
}

#[test]
fn rebond_consumes_oldest_first_ignoring_maturity() {
    let mut m = staked(100);
    unstake(&mut m, A, u(30), u(0), u(PERIOD), &mut vec![]).unwrap();
    unstake(&mut m, A, u(30), u(DAY), u(PERIOD), &mut vec![]).unwrap();
    let mut notes = vec![];
    rebond(&mut m, A, u(40), &mut notes).unwrap();
    assert_eq!(
        notes,
        vec![
            Note::Removed {
                amount: u(30),
                index: U256::ZERO
            },
            Note::Updated {
                amount: u(20),
                index: u(1),
                timestamp: u(DAY + PERIOD)
            },
        ]
    );
    assert_eq!(amounts(&m, A), vec![20]);
    assert_eq!((m.stake_of(A), m.unbonding_of(A)), (u(80), u(20)));
    assert_eq!(
        rebond(&mut m, A, u(21), &mut vec![]),
        Err(Fail::InsufficientUnbonding)
    );
    // Exactly the window: no spurious event for the next entry (the reference emitted one).
    let mut notes = vec![];
    rebond(&mut m, A, u(20), &mut notes).unwrap();
    assert_eq!(
        notes,
        vec![Note::Removed {
            amount: u(20),
            index: u(1)
        }]
    );
    assert!(pending(&m, A).is_empty());
    // Zero is a no-op.
    let mut notes = vec![];
    rebond(&mut m, A, U256::ZERO, &mut notes).unwrap();
    assert!(notes.is_empty());
}

#[test]
fn slash_from_stake_when_it_covers() {
    let mut m = staked(100);
    unstake(&mut m, A, u(50), u(0), u(PERIOD), &mut vec![]).unwrap();
    assert_eq!(slash(&mut m, A, u(50), u(1), &mut vec![]), Ok(u(50)));
    assert_eq!((m.stake_of(A), m.unbonding_of(A)), (U256::ZERO, u(50)));
}

#[test]
fn slash_takes_locked_unbonds_first_then_stake_capped() {
    let mut m = staked(100);
    unstake(&mut m, A, u(30), u(0), u(PERIOD), &mut vec![]).unwrap();
    unstake(&mut m, A, u(30), u(10), u(PERIOD), &mut vec![]).unwrap();
    // stake 40 < 45: 30 + 15 from the locked entries.
    let mut notes = vec![];
    assert_eq!(slash(&mut m, A, u(45), u(20), &mut notes), Ok(u(45)));
    assert_eq!(
        notes,
        vec![
            Note::Removed {
                amount: u(30),
                index: U256::ZERO
            },
            Note::Updated {
                amount: u(15),
                index: u(1),
                timestamp: u(10 + PERIOD)
            },
        ]
    );
    assert_eq!((m.stake_of(A), m.unbonding_of(A)), (u(40), u(15)));
    // More than exists: capped at 15 + 40.
    assert_eq!(slash(&mut m, A, u(1000), u(20), &mut vec![]), Ok(u(55)));
    assert_eq!(
        (
            m.stake_of(A),
            m.unbonding_of(A),
            m.total_staked,
            m.total_unbonding
        ),
        Default::default()
    );
    // Nothing left: 0, no change.
    assert_eq!(slash(&mut m, A, u(5), u(20), &mut vec![]), Ok(U256::ZERO));
}

/// §13 item 13: the reference moved `offset` past matured entries when slashing a later
/// locked one, so those tokens could never be withdrawn.
#[test]
fn slash_never_strands_matured_unbonds() {
    let mut m = staked(100);
    unstake(&mut m, A, u(40), u(0), u(DAY), &mut vec![]).unwrap(); // matures at DAY
    unstake(&mut m, A, u(40), u(0), u(PERIOD), &mut vec![]).unwrap(); // matures at PERIOD
                                                                      // At 2 days: stake 20 < 50, so 40 (locked) + 10 (stake).
    assert_eq!(slash(&mut m, A, u(50), u(2 * DAY), &mut vec![]), Ok(u(50)));
    assert_eq!(
        amounts(&m, A),
        vec![40, 0],
        "the matured entry is still in the window"
    );
    assert_eq!(m.unbonding_of(A), u(40));
    assert_eq!(withdraw(&mut m, A, u(2 * DAY), &mut vec![]), Ok(u(40)));
    assert!(pending(&m, A).is_empty());
    assert_eq!(m.total_unbonding, U256::ZERO);
}

#[test]
fn pending_at_is_relative_to_the_window() {
    let mut m = staked(100);
    for t in 0..3 {
        unstake(&mut m, A, u(10 + t), u(t), u(PERIOD), &mut vec![]).unwrap();
    }
    rebond(&mut m, A, u(10), &mut vec![]).unwrap();
    assert_eq!(pending_at(&m, A, U256::ZERO).map(|e| e.amount), Some(u(11)));
    assert_eq!(pending_at(&m, A, u(1)).map(|e| e.amount), Some(u(12)));
    assert_eq!(
        pending_at(&m, A, u(2)),
        None,
        "index 2 < len 3 but past the window"
    );
    assert_eq!(pending_at(&m, A, U256::MAX), None);
}

#[test]
fn stake_overflow_is_arithmetic_error() {
    let mut m = staked(1);
    assert_eq!(stake(&mut m, B, U256::MAX), Err(Fail::Arithmetic));
    assert_eq!((m.stake_of(B), m.total_staked), (U256::ZERO, u(1)));
}

// --- property test ---

#[derive(Clone, Debug)]
enum Op {
    Stake(usize, u64),
    Unstake(usize, u64),
    Rebond(usize, u64),
    Slash(usize, u64),
    Withdraw(usize),
    Advance(u64),
    SetPeriod(u64),
}

fn op() -> impl Strategy<Value = Op> {
    let who = 0usize..3;
    prop_oneof![
        (who.clone(), 0u64..1_000).prop_map(|(s, a)| Op::Stake(s, a)),
        (who.clone(), 0u64..400).prop_map(|(s, a)| Op::Unstake(s, a)),
        (who.clone(), 0u64..400).prop_map(|(s, a)| Op::Rebond(s, a)),
        (who.clone(), 0u64..600).prop_map(|(s, a)| Op::Slash(s, a)),
        who.prop_map(Op::Withdraw),
        (0u64..3 * PERIOD).prop_map(Op::Advance),
        (0u64..2 * PERIOD).prop_map(Op::SetPeriod),
    ]
}

const STAKERS: [Address; 3] = [
    address!("0000000000000000000000000000000000000001"),
    address!("0000000000000000000000000000000000000002"),
    address!("0000000000000000000000000000000000000003"),
];

/// Everything that must hold after every operation.
fn check_invariants(m: &Model, held: U256) {
    let staked: U256 = STAKERS.iter().map(|s| m.stake_of(*s)).sum();
    let unbonding: U256 = STAKERS.iter().map(|s| m.unbonding_of(*s)).sum();
    assert_eq!(m.total_staked, staked);
    assert_eq!(m.total_unbonding, unbonding);
    assert_eq!(
        held,
        m.total_staked + m.total_unbonding,
        "tokens held = staked + unbonding"
    );
    for s in STAKERS {
        let window = pending(m, s);
        assert!(window.len() <= MAX_PENDING_UNBONDS);
        let sum: U256 = window.iter().map(|e| e.amount).sum();
        assert_eq!(
            sum,
            m.unbonding_of(s),
            "the window holds exactly the pending total"
        );
        if let Some(first) = window.first() {
            assert!(
                !first.amount.is_zero(),
                "offset is past every consumed prefix entry"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn tokens_are_conserved_and_matured_unbonds_stay_reachable(ops in prop::collection::vec(op(), 1..80)) {
        let mut m = Model::default();
        let (mut now, mut period) = (1_000u64, PERIOD);
        // Token flows, as the contract moves them.
        let (mut held, mut deposited) = (U256::ZERO, U256::ZERO);
        let mut paid: BTreeMap<Address, U256> = BTreeMap::new();
        let mut slashed = U256::ZERO;
        for op in ops {
            match op {
                Op::Stake(s, a) => {
                    stake(&mut m, STAKERS[s], u(a)).unwrap();
                    held += u(a);
                    deposited += u(a);
                }
                Op::Unstake(s, a) => {
                    let before = m.stake_of(STAKERS[s]);
                    let r = unstake(&mut m, STAKERS[s], u(a), u(now), u(period), &mut vec![]);
                    prop_assert_eq!(r.is_err(), u(a) > before);
                }
                Op::Rebond(s, a) => {
                    let before = m.unbonding_of(STAKERS[s]);
                    let r = rebond(&mut m, STAKERS[s], u(a), &mut vec![]);
                    prop_assert_eq!(r.is_err(), u(a) > before);
                }
                Op::Slash(s, a) => {
                    let mut notes = vec![];
                    let got = slash(&mut m, STAKERS[s], u(a), u(now), &mut notes).unwrap();
                    prop_assert!(got <= u(a));
                    held -= got;
                    slashed += got;
                    for n in notes {
                        let (Note::Removed { amount, .. } | Note::Updated { amount, .. }) = n;
                        prop_assert!(!amount.is_zero(), "no zero-amount queue events");
                    }
                }
                Op::Withdraw(s) => {
                    let staker = STAKERS[s];
                    let mut notes = vec![];
                    match withdraw(&mut m, staker, u(now), &mut notes) {
                        Ok(a) => {
                            held -= a;
                            *paid.entry(staker).or_default() += a;
                            let removed: U256 = notes.iter().map(|n| match n {
                                Note::Removed { amount, .. } => *amount,
                                Note::Updated { .. } => U256::ZERO,
                            }).sum();
                            prop_assert_eq!(removed, a, "events carry the amounts paid");
                        }
                        Err(e) => prop_assert_eq!(e, Fail::NoFunds),
                    }
                    // Nothing matured is left behind.
                    for e in pending(&m, staker) {
                        prop_assert!(e.amount.is_zero() || e.timestamp > u(now));
                    }
                }
                Op::Advance(dt) => now += dt,
                Op::SetPeriod(p) => period = p,
            }
            check_invariants(&m, held);
            let out: U256 = paid.values().copied().sum::<U256>() + slashed;
            prop_assert_eq!(deposited, held + out, "every token that left went to a withdrawer or a slasher");
        }
        // Once everything has matured, every staker can withdraw their whole pending total.
        now += 3 * PERIOD;
        for s in STAKERS {
            let pending_total = m.unbonding_of(s);
            let r = withdraw(&mut m, s, u(now), &mut vec![]);
            if pending_total.is_zero() {
                prop_assert_eq!(r, Err(Fail::NoFunds));
            } else {
                prop_assert_eq!(r, Ok(pending_total));
                held -= pending_total;
            }
            prop_assert!(pending(&m, s).is_empty());
        }
        check_invariants(&m, held);
        prop_assert_eq!(held, m.total_staked);
    }
}
