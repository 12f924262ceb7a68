//! The pending pool: transactions whose nonce is ahead of their sender's wait here, by
//! (sender, nonce), and are mined as soon as the gap closes.
//!
//! Admission (after the checks every transaction passes, `validate`): the sender must be able
//! to pay for all its waiting transactions together, at most [`MAX_PER_SENDER`] wait per
//! sender, and the pool holds at most [`MAX_POOL`]. When it is full, the transaction farthest
//! from being minable (largest nonce gap; the newest among equals) is evicted for a new one
//! that is nearer, otherwise the new one is refused. So unfunded keys cannot enter at all,
//! one funded key cannot fill the pool, and a funded sender's next-but-one transaction always
//! finds room. `evm_revert` clears the pool.

use super::ChainError;
use alloy_consensus::{Transaction as _, TxEnvelope};
use alloy_primitives::{Address, B256, U256};
use std::collections::BTreeMap;

/// Transactions waiting at most.
pub const MAX_POOL: usize = 1024;
/// Transactions waiting per sender at most.
pub const MAX_PER_SENDER: usize = 64;

#[derive(Debug, Clone)]
struct Pooled {
    env: TxEnvelope,
    cost: U256,
    /// Arrival order (newer = larger).
    seq: u64,
}

#[derive(Debug, Default)]
pub struct Pool {
    txs: BTreeMap<(Address, u64), Pooled>,
    seq: u64,
}

/// What admission did besides adding.
#[derive(Debug, PartialEq, Eq)]
pub struct Admitted {
    pub hash: B256,
    /// A transaction evicted to make room.
    pub evicted: Option<B256>,
}

impl Pool {
    pub fn len(&self) -> usize {
        self.txs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.txs.is_empty()
    }

    pub fn clear(&mut self) {
        self.txs.clear();
    }

    fn of(&self, from: Address) -> impl Iterator<Item = &Pooled> {
        self.txs.range((from, 0)..=(from, u64::MAX)).map(|(_, p)| p)
    }

    /// Adds `env` from `from`, whose next nonce is `nonce_of(from)` (below the transaction's)
    /// and balance `balance`; `cost` is its gas limit times max fee plus value.
    pub fn add(
        &mut self,
        env: TxEnvelope,
        from: Address,
        cost: U256,
        balance: U256,
        nonce_of: impl Fn(Address) -> u64,
    ) -> Result<Admitted, ChainError> {
        let hash = *env.tx_hash();
        let nonce = env.nonce();
        if let Some(q) = self.txs.get(&(from, nonce)) {
            return Err(ChainError::InvalidTx(if *q.env.tx_hash() == hash {
                "already known".into()
            } else {
                "replacement transaction underpriced".into()
            }));
        }
        if self.of(from).count() >= MAX_PER_SENDER {
            return Err(ChainError::InvalidTx(format!(
                "txpool is full: at most {MAX_PER_SENDER} transactions per sender wait for a \
                 nonce gap"
            )));
        }
        let waiting = self
            .of(from)
            .try_fold(cost, |sum, p| sum.checked_add(p.cost));
        match waiting {
            Some(total) if total <= balance => {}
            _ => {
                return Err(ChainError::InvalidTx(format!(
                    "insufficient funds for gas * price + value: address {from} have {balance} \
                     want {cost} plus the cost of its {} waiting transactions",
                    self.of(from).count()
                )))
            }
        }
        let gap = |sender: Address, n: u64| n.saturating_sub(nonce_of(sender));
        let mut evicted = None;
        if self.txs.len() >= MAX_POOL {
            let worst = self
                .txs
                .iter()
                .map(|((s, n), p)| (gap(*s, *n), p.seq, (*s, *n)))
                .max()
                .expect("the pool is full");
            if gap(from, nonce) >= worst.0 {
                return Err(ChainError::InvalidTx(format!(
                    "txpool is full: {MAX_POOL} transactions wait, none farther from being \
                     minable than this one (nonce gap {})",
                    gap(from, nonce)
                )));
            }
            evicted = self.txs.remove(&worst.2).map(|p| *p.env.tx_hash());
        }
        self.seq += 1;
        self.txs.insert(
            (from, nonce),
            Pooled {
                env,
                cost,
                seq: self.seq,
            },
        );
        Ok(Admitted { hash, evicted })
    }

    /// Takes `from`'s transaction with nonce `nonce`, if one waits.
    pub fn take(&mut self, from: Address, nonce: u64) -> Option<TxEnvelope> {
        self.txs.remove(&(from, nonce)).map(|p| p.env)
    }

    /// Drops `from`'s transactions whose nonce is below `nonce` (mined some other way).
    pub fn prune(&mut self, from: Address, nonce: u64) {
        let stale: Vec<_> = self
            .txs
            .range((from, 0)..(from, nonce))
            .map(|(k, _)| *k)
            .collect();
        for k in stale {
            self.txs.remove(&k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_consensus::{Signed, TxLegacy};
    use alloy_primitives::Signature;

    fn tx(nonce: u64, value: u64) -> TxEnvelope {
        let t = TxLegacy {
            nonce,
            value: U256::from(value),
            ..Default::default()
        };
        // The pool only reads the hash and nonce: a fake signature is enough.
        TxEnvelope::Legacy(Signed::new_unhashed(t, Signature::test_signature()))
    }

    fn a(i: u8) -> Address {
        Address::repeat_byte(i)
    }

    #[test]
    fn funds_per_sender_cap_and_eviction() {
        let mut p = Pool::default();
        let rich = U256::from(1_000_000u64);
        // Unfunded: refused.
        let e = p.add(tx(5, 1), a(1), U256::from(10), U256::ZERO, |_| 0);
        assert!(format!("{e:?}").contains("insufficient funds"));
        // Cumulative cost counts.
        p.add(tx(1, 1), a(2), U256::from(60), U256::from(100), |_| 0)
            .unwrap();
        assert!(p
            .add(tx(2, 1), a(2), U256::from(60), U256::from(100), |_| 0)
            .is_err());
        // Duplicates and replacements.
        assert!(
            format!("{:?}", p.add(tx(1, 1), a(2), U256::from(1), rich, |_| 0))
                .contains("already known")
        );
        assert!(
            format!("{:?}", p.add(tx(1, 2), a(2), U256::from(1), rich, |_| 0))
                .contains("replacement")
        );
        // Per-sender cap.
        for n in 0..MAX_PER_SENDER as u64 {
            p.add(tx(100 + n, 0), a(3), U256::from(1), rich, |_| 0)
                .unwrap();
        }
        assert!(
            format!("{:?}", p.add(tx(999, 0), a(3), U256::from(1), rich, |_| 0))
                .contains("per sender")
        );
        // Fill the pool with far-away nonces from many senders.
        let mut s = 10u8;
        while p.len() < MAX_POOL {
            let from = Address::from_word(alloy_primitives::keccak256([s, (p.len() / 256) as u8]));
            p.add(
                tx(1000 + p.len() as u64, 0),
                from,
                U256::from(1),
                rich,
                |_| 0,
            )
            .unwrap();
            s = s.wrapping_add(1);
        }
        // A nearer transaction evicts the farthest; an equally far one is refused.
        let before = p.len();
        let got = p.add(tx(1, 0), a(4), U256::from(1), rich, |_| 0).unwrap();
        assert!(got.evicted.is_some());
        assert_eq!(p.len(), before);
        assert!(
            format!("{:?}", p.add(tx(5000, 0), a(5), U256::from(1), rich, |_| 0))
                .contains("txpool is full")
        );
        assert_eq!(p.take(a(4), 1).map(|t| t.nonce()), Some(1));
        p.prune(a(3), 110);
        assert_eq!(p.of(a(3)).count(), MAX_PER_SENDER - 10);
        p.clear();
        assert!(p.is_empty());
    }
}
