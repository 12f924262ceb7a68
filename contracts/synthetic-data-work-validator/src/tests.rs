//! The 8 reference tests of `SyntheticDataWorkValidator.t.sol` (spec §10.7: the test is the
//! pool; DOMAIN_ID = 1, POOL_ID = 1, validity 1 day), then bad input. motsu cannot move the
//! clock, so time-dependent steps call the `*_at(now)` entry points with real times.

use alloy_primitives::{address, b256, Address, B256, I256, U256};
use motsu::prelude::*;
use prime_common::revert::{error_string, panic_code as panic};

use super::*;

const POOL: Address = address!("000000000000000000000000000000000000c001");
const PROVIDER: Address = address!("000000000000000000000000000000000000c002");
const NODE: Address = address!("000000000000000000000000000000000000c003");
const DAY: u64 = 86_400;
const KEY1: B256 = b256!("1111111111111111111111111111111111111111111111111111111111111111");
const KEY2: B256 = b256!("2222222222222222222222222222222222222222222222222222222222222222");
const KEY3: B256 = b256!("3333333333333333333333333333333333333333333333333333333333333333");
const KEY4: B256 = b256!("4444444444444444444444444444444444444444444444444444444444444444");

fn u(v: u64) -> U256 {
    U256::from(v)
}

fn data(key: B256, units: u64) -> Vec<u8> {
    let mut d = key.to_vec();
    d.extend_from_slice(&u(units).to_be_bytes::<32>());
    d
}

fn setup(validator: &Contract<SyntheticDataWorkValidator>) {
    validator.sender(POOL).constructor(u(1), POOL, u(DAY));
}

fn submit(v: &Contract<SyntheticDataWorkValidator>, key: B256, at: u64) {
    v.sender(POOL)
        .submit_work_at(u(1), u(1), PROVIDER, NODE, &data(key, 10), at)
        .motsu_unwrap();
}

#[motsu::test]
fn test_submit_work(v: Contract<SyntheticDataWorkValidator>) {
    setup(&v);
    let got = v
        .sender(POOL)
        .submit_work_at(u(1), u(1), PROVIDER, NODE, &data(KEY1, 10), 42)
        .motsu_unwrap();
    assert_eq!(got, (true, u(10)));
    assert_eq!(v.sender(POOL).get_work_keys(u(1)), vec![KEY1]);
    assert_eq!(
        v.sender(POOL).get_work_info(u(1), KEY1),
        ((PROVIDER, NODE, 42, u(10)),)
    );
    v.assert_emitted(&WorkSubmitted {
        poolId: u(1),
        provider: PROVIDER,
        nodeId: NODE,
        workKey: KEY1,
        workUnits: u(10),
    });
}

#[motsu::test]
fn test_cannot_submit_duplicate_work(v: Contract<SyntheticDataWorkValidator>) {
    setup(&v);
    submit(&v, KEY1, 42);
    let err = v
        .sender(POOL)
        .submit_work_at(u(1), u(1), PROVIDER, NODE, &data(KEY1, 10), 43)
        .motsu_unwrap_err();
    assert_eq!(err, error_string("Work already submitted"));
}

#[motsu::test]
fn test_invalidate_work(v: Contract<SyntheticDataWorkValidator>) {
    setup(&v);
    submit(&v, KEY1, 42);
    let got = v
        .sender(POOL)
        .invalidate_work_at(u(1), KEY1.as_slice(), u(100))
        .motsu_unwrap();
    assert_eq!(got, (PROVIDER, NODE));
    assert!(v.sender(POOL).get_work_keys(u(1)).is_empty());
    assert_eq!(v.sender(POOL).get_invalid_work_keys(u(1)), vec![KEY1]);
    v.assert_emitted(&WorkInvalidated {
        poolId: u(1),
        provider: PROVIDER,
        nodeId: NODE,
        workKey: KEY1,
        workUnits: u(10),
    });
}

#[motsu::test]
fn test_cannot_invalidate_after_validity_period(v: Contract<SyntheticDataWorkValidator>) {
    setup(&v);
    submit(&v, KEY1, 42);
    let err = v
        .sender(POOL)
        .invalidate_work_at(u(1), KEY1.as_slice(), u(42 + DAY + 1))
        .motsu_unwrap_err();
    assert_eq!(err, error_string("Work invalidation window has lapsed"));
}

#[motsu::test]
fn test_get_work_since(v: Contract<SyntheticDataWorkValidator>) {
    setup(&v);
    assert!(v.sender(POOL).get_work_since(u(1), u(0)).is_empty());
    submit(&v, KEY1, 1000);
    submit(&v, KEY2, 2000);
    assert!(v.sender(POOL).get_work_since(u(1), u(2001)).is_empty());
    assert_eq!(v.sender(POOL).get_work_since(u(1), u(1500)), vec![KEY2]);
    assert_eq!(
        v.sender(POOL).get_work_since(u(1), u(1000)),
        vec![KEY1, KEY2]
    );
}

#[motsu::test]
fn test_get_invalid_work_since(v: Contract<SyntheticDataWorkValidator>) {
    setup(&v);
    for (key, at) in [(KEY1, 1000), (KEY2, 2000), (KEY3, 3000), (KEY4, 4000)] {
        submit(&v, key, at);
    }
    v.sender(POOL)
        .invalidate_work_at(u(1), KEY2.as_slice(), u(4000))
        .motsu_unwrap();
    v.sender(POOL)
        .invalidate_work_at(u(1), KEY3.as_slice(), u(4000))
        .motsu_unwrap();
    assert!(v
        .sender(POOL)
        .get_invalid_work_since(u(1), u(3001))
        .is_empty());
    assert_eq!(
        v.sender(POOL).get_invalid_work_since(u(1), u(3000)),
        vec![KEY3]
    );
    assert_eq!(
        v.sender(POOL).get_invalid_work_since(u(1), u(0)),
        vec![KEY2, KEY3]
    );
}

#[motsu::test]
fn test_unauthorized_submission(v: Contract<SyntheticDataWorkValidator>) {
    setup(&v);
    let stranger = address!("0000000000000000000000000000000000000003");
    let err = v
        .sender(stranger)
        .submit_work_at(u(1), u(1), PROVIDER, NODE, &data(KEY1, 10), 42)
        .motsu_unwrap_err();
    assert_eq!(err, error_string("Unauthorized"));
    let err = v
        .sender(stranger)
        .invalidate_work_at(u(1), KEY1.as_slice(), u(42))
        .motsu_unwrap_err();
    assert_eq!(err, error_string("Unauthorized"));
    let err = v
        .sender(stranger)
        .soft_invalidate_work_at(u(1), &data(KEY1, 1), u(42))
        .motsu_unwrap_err();
    assert_eq!(err, error_string("Unauthorized"));
}

#[motsu::test]
fn test_invalid_domain_id(v: Contract<SyntheticDataWorkValidator>) {
    setup(&v);
    let err = v
        .sender(POOL)
        .submit_work_at(u(2), u(1), PROVIDER, NODE, &data(KEY1, 10), 42)
        .motsu_unwrap_err();
    assert_eq!(err, error_string("Invalid domainId"));
}

// --- beyond the reference tests ---

#[motsu::test]
fn submit_work_bad_input(v: Contract<SyntheticDataWorkValidator>) {
    setup(&v);
    let short = data(KEY1, 10)[..63].to_vec();
    let err = v
        .sender(POOL)
        .submit_work_at(u(1), u(1), PROVIDER, NODE, &short, 42)
        .motsu_unwrap_err();
    assert_eq!(err, error_string("Data too short"));
    let err = v
        .sender(POOL)
        .submit_work_at(u(1), u(1), PROVIDER, NODE, &data(KEY1, 0), 42)
        .motsu_unwrap_err();
    assert_eq!(err, error_string("Invalid work units"));
    // Extra bytes are ignored.
    let mut long = data(KEY1, 7);
    long.extend_from_slice(&[0xff; 5]);
    assert_eq!(
        v.sender(POOL)
            .submit_work_at(u(1), u(1), PROVIDER, NODE, &long, 42)
            .motsu_unwrap(),
        (true, u(7))
    );
    // An invalidated key cannot come back.
    v.sender(POOL)
        .invalidate_work_at(u(1), KEY1.as_slice(), u(43))
        .motsu_unwrap();
    let err = v
        .sender(POOL)
        .submit_work_at(u(1), u(1), PROVIDER, NODE, &data(KEY1, 1), 44)
        .motsu_unwrap_err();
    assert_eq!(err, error_string("Work already invalidated"));
    // Keys are per pool.
    assert_eq!(
        v.sender(POOL)
            .submit_work_at(u(1), u(2), PROVIDER, NODE, &data(KEY1, 1), 44)
            .motsu_unwrap(),
        (true, u(1))
    );
}

#[motsu::test]
fn invalidation_bad_input(v: Contract<SyntheticDataWorkValidator>) {
    setup(&v);
    let err = v
        .sender(POOL)
        .invalidate_work_at(u(1), &KEY1[..31], u(42))
        .motsu_unwrap_err();
    assert_eq!(err, error_string("Data too short"));
    let err = v
        .sender(POOL)
        .soft_invalidate_work_at(u(1), &data(KEY1, 1)[..63], u(42))
        .motsu_unwrap_err();
    assert_eq!(err, error_string("Data too short for soft invalidation"));
    let err = v
        .sender(POOL)
        .invalidate_work_at(u(1), KEY1.as_slice(), u(42))
        .motsu_unwrap_err();
    assert_eq!(err, error_string("Work not found"));
    submit(&v, KEY1, 42);
    // Strictly inside the window: now - t == period has lapsed.
    let err = v
        .sender(POOL)
        .invalidate_work_at(u(1), KEY1.as_slice(), u(42 + DAY))
        .motsu_unwrap_err();
    assert_eq!(err, error_string("Work invalidation window has lapsed"));
    v.sender(POOL)
        .invalidate_work_at(u(1), KEY1.as_slice(), u(42 + DAY - 1))
        .motsu_unwrap();
    // Gone from the valid set: "Work not found" wins over "already invalidated".
    let err = v
        .sender(POOL)
        .invalidate_work_at(u(1), KEY1.as_slice(), u(43))
        .motsu_unwrap_err();
    assert_eq!(err, error_string("Work not found"));
    // A clock before the submission panics like solc's checked subtraction.
    submit(&v, KEY2, 1000);
    let err = v
        .sender(POOL)
        .invalidate_work_at(u(1), KEY2.as_slice(), u(999))
        .motsu_unwrap_err();
    assert_eq!(err, panic(0x11));
}

#[motsu::test]
fn soft_invalidation_reports_the_callers_units(v: Contract<SyntheticDataWorkValidator>) {
    setup(&v);
    submit(&v, KEY1, 42);
    let got = v
        .sender(POOL)
        .soft_invalidate_work_at(u(1), &data(KEY1, 3), u(50))
        .motsu_unwrap();
    assert_eq!(got, (PROVIDER, NODE, u(3)));
    v.assert_emitted(&WorkRemoved {
        poolId: u(1),
        provider: PROVIDER,
        nodeId: NODE,
        workKey: KEY1,
        workUnits: u(3),
    });
    assert_eq!(v.sender(POOL).get_invalid_work_keys(u(1)), vec![KEY1]);
    assert_eq!(v.sender(POOL).get_work_validity(u(1), KEY1), I256::ZERO);
}

#[motsu::test]
fn work_validity_and_unknown_keys(v: Contract<SyntheticDataWorkValidator>) {
    setup(&v);
    assert_eq!(
        v.sender(POOL).get_work_validity(u(1), KEY1),
        I256::MINUS_ONE
    );
    submit(&v, KEY1, 42);
    assert_eq!(v.sender(POOL).get_work_validity(u(1), KEY1), I256::ONE);
    assert_eq!(
        v.sender(POOL).get_work_info(u(1), KEY2),
        ((Address::ZERO, Address::ZERO, 0, U256::ZERO),)
    );
}

#[motsu::test]
fn get_work_since_follows_set_order_after_removal(v: Contract<SyntheticDataWorkValidator>) {
    setup(&v);
    for (key, at) in [(KEY1, 1000), (KEY2, 2000), (KEY3, 3000)] {
        submit(&v, key, at);
    }
    // Swap-and-pop moves KEY3 into KEY1's slot: [KEY3, KEY2]. The scan from the end stops
    // at KEY2 (2000 < 2500), so KEY3 (3000) is missed, as in the reference.
    v.sender(POOL)
        .invalidate_work_at(u(1), KEY1.as_slice(), u(3000))
        .motsu_unwrap();
    assert_eq!(v.sender(POOL).get_work_keys(u(1)), vec![KEY3, KEY2]);
    assert!(v.sender(POOL).get_work_since(u(1), u(2500)).is_empty());
}

#[motsu::test]
fn public_functions_use_the_block_time(v: Contract<SyntheticDataWorkValidator>) {
    setup(&v);
    let got = v
        .sender(POOL)
        .submit_work(u(1), u(1), PROVIDER, NODE, data(KEY1, 4).into())
        .motsu_unwrap();
    assert_eq!(got, (true, u(4)));
    assert_eq!(v.sender(POOL).get_work_info(u(1), KEY1).0 .2, 1_735_689_600);
    let got = v
        .sender(POOL)
        .soft_invalidate_work(u(1), data(KEY1, 2).into())
        .motsu_unwrap();
    assert_eq!(got, (PROVIDER, NODE, u(2)));
    submit(&v, KEY2, 1_735_689_600);
    assert_eq!(
        v.sender(POOL)
            .invalidate_work(u(1), KEY2.to_vec().into())
            .motsu_unwrap(),
        (PROVIDER, NODE)
    );
}
