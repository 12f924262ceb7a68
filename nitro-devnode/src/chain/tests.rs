//! Chain-level tests of what the JSON-RPC tests cannot reach: a panic inside execution, and
//! the bounds on every number that could wedge the chain.

use super::*;
use alloy_eips::eip2718::Encodable2718;

/// Runs `f` on a thread with a big stack (execution nests native frames).
fn big_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(256 * 1024 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

fn chain() -> Chain {
    Chain::new(ChainConfig::default())
}

fn transfer(c: &Chain, from: usize, to: Address, value: u64, nonce: u64) -> Vec<u8> {
    let tx = TxEip1559 {
        chain_id: c.config.chain_id,
        nonce,
        gas_limit: 21_000,
        max_fee_per_gas: 1_000_000_000,
        max_priority_fee_per_gas: 0,
        to: TxKind::Call(to),
        value: U256::from(value),
        access_list: Default::default(),
        input: Bytes::new(),
    };
    c.signer
        .sign(c.accounts()[from], tx)
        .unwrap()
        .encoded_2718()
}

#[test]
fn a_panic_inside_execution_leaves_the_state_as_it_was() {
    big_stack(|| {
        let mut c = chain();
        let me = c.accounts()[0];
        let to = Address::repeat_byte(0x42);
        c.send_raw(&transfer(&c, 0, to, 5, 0)).unwrap();
        let before = (c.dump(), c.head().clone().hash, c.nonce(me));
        let req = CallRequest {
            from: Some(me),
            to: Some(to),
            input: Some(Bytes::from_static(executor::TEST_PANIC_INPUT)),
            gas: Some(100_000),
            ..Default::default()
        };
        // eth_call, eth_estimateGas and a transaction all panic inside the EVM.
        assert!(matches!(c.call(&req, None), Err(ChainError::Panic(_))));
        assert!(matches!(c.estimate_gas(&req), Err(ChainError::Panic(_))));
        assert!(matches!(c.send_unsigned(&req), Err(ChainError::Panic(_))));
        assert_eq!((c.dump(), c.head().hash, c.nonce(me)), before);
        // The chain goes on.
        c.send_raw(&transfer(&c, 0, to, 7, 1)).unwrap();
        assert_eq!(c.balance(to), U256::from(12));
        assert_eq!(c.head().number, 2);
    });
}

#[test]
fn clock_and_block_numbers_cannot_wedge_the_chain() {
    big_stack(|| {
        let mut c = chain();
        assert!(matches!(
            c.increase_time(u64::MAX),
            Err(ChainError::InvalidParams(_))
        ));
        let parent = c.head().timestamp;
        assert!(
            c.mine(Some(parent - 1)).is_err(),
            "timestamps never go back"
        );
        c.mine(None).unwrap();
        c.send_raw(&transfer(&c, 0, Address::ZERO, 1, 0)).unwrap();
        // A dump at the top of the block range is refused; one just below mines once more and
        // then refuses, without panicking.
        let mut d = c.dump();
        d.block_number = u64::MAX;
        assert!(matches!(
            Chain::with_dump(ChainConfig::default(), Some(d.clone())),
            Err(ChainError::InvalidDump(dump::DumpError::BlockNumber(_)))
        ));
        d.block_number = storage::MAX_BLOCK_NUMBER - 1;
        let mut top = Chain::with_dump(ChainConfig::default(), Some(d)).unwrap();
        assert_eq!(top.mine(None), Ok(storage::MAX_BLOCK_NUMBER));
        assert!(top.mine(None).is_err());
        assert!(top
            .send_raw(&transfer(&top, 0, Address::ZERO, 1, 1))
            .is_err());
        assert_eq!(top.head().number, storage::MAX_BLOCK_NUMBER);
    });
}

#[test]
fn snapshots_are_diffs_that_undo_blocks_and_edits() {
    big_stack(|| {
        let mut c = chain();
        let to = Address::repeat_byte(0x42);
        let other = Address::repeat_byte(0x43);
        c.send_raw(&transfer(&c, 0, to, 1, 0)).unwrap();
        let at_start = c.dump();
        let s1 = c.snapshot();
        c.set_balance(other, U256::from(100));
        c.set_balance(other, U256::from(200));
        c.send_raw(&transfer(&c, 0, to, 2, 1)).unwrap();
        let s2 = c.snapshot();
        c.set_balance(to, U256::from(9));
        c.mine(None).unwrap();
        let blocks = c.head().number;
        // Back to s2: the edit after it is undone, the blocks before it stay.
        assert!(c.revert(s2));
        assert_eq!(c.head().number, blocks - 1);
        assert_eq!(c.balance(to), U256::from(3));
        assert_eq!(c.balance(other), U256::from(200));
        // Back to s1: everything since.
        assert!(c.revert(s1));
        assert_eq!(c.dump(), at_start);
        assert_eq!(c.head().number, 1);
        assert!(!c.revert(s1) && !c.revert(s2));
        // The chain goes on from there.
        c.send_raw(&transfer(&c, 0, to, 4, 1)).unwrap();
        assert_eq!(c.balance(to), U256::from(5));
    });
}

#[test]
fn the_pool_checks_nonce_and_funds_and_revert_clears_it() {
    big_stack(|| {
        let mut c = chain();
        let to = Address::repeat_byte(0x42);
        // EIP-2681.
        let e = c.send_raw(&transfer(&c, 0, to, 1, u64::MAX)).unwrap_err();
        assert!(e.to_string().contains("EIP-2681"), "{e}");
        // A future nonce waits; a revert drops it.
        let snap = c.snapshot();
        c.send_raw(&transfer(&c, 0, to, 1, 1)).unwrap();
        assert_eq!(c.pending_count(), 1);
        assert!(c.revert(snap));
        assert_eq!(c.pending_count(), 0);
        c.send_raw(&transfer(&c, 0, to, 1, 0)).unwrap();
        assert_eq!(c.head().number, 1, "the dropped one does not follow");
        // More than the balance, waiting: refused.
        let mut poor = chain();
        poor.set_balance(poor.accounts()[1], U256::from(21_000u64 * 1_000_000_000));
        let raw = transfer(&poor, 1, to, 1, 1);
        let e = poor.send_raw(&raw).unwrap_err();
        assert!(e.to_string().contains("insufficient funds"), "{e}");
    });
}

#[test]
fn calls_check_the_value_sent_unless_overridden() {
    big_stack(|| {
        let mut c = chain();
        let empty = Address::repeat_byte(0x99);
        let req = CallRequest {
            from: Some(empty),
            to: Some(empty),
            value: Some(U256::MAX),
            ..Default::default()
        };
        let e = c.call(&req, None).unwrap_err();
        assert!(e.to_string().contains("insufficient funds"), "{e}");
        assert!(c.estimate_gas(&req).is_err());
        let mut o = StateOverrides::new();
        o.insert(
            empty,
            AccountOverride {
                balance: Some(U256::MAX),
                ..Default::default()
            },
        );
        assert!(c.call(&req, Some(&o)).unwrap().success);
    });
}
