//! Polling filters (`eth_newFilter`, `eth_newBlockFilter`, `eth_newPendingTransactionFilter`,
//! `eth_getFilterChanges`, `eth_getFilterLogs`, `eth_uninstallFilter`), as geth serves them:
//! a filter reports what the blocks mined since its last poll hold. They are node state, not
//! chain state: snapshots and reverts keep them (a poll after a revert starts again at the
//! new head).

use super::types::LogFilter;
use std::collections::BTreeMap;

/// Filters kept at most; creating one more drops the oldest.
pub const MAX_FILTERS: usize = 4096;

/// What a filter reports.
#[derive(Debug, Clone)]
pub enum FilterKind {
    /// Logs matching the criteria (addresses, topics; `toBlock` bounds the blocks reported).
    Logs(LogFilter),
    /// Hashes of new blocks.
    Blocks,
    /// Hashes of new pending transactions: always none, transactions are mined at once.
    PendingTransactions,
}

#[derive(Debug, Clone)]
pub struct Filter {
    pub kind: FilterKind,
    /// The first block not reported yet.
    pub next_block: u64,
}

/// The installed filters, by id.
#[derive(Debug, Default)]
pub struct Filters {
    next_id: u64,
    map: BTreeMap<u64, Filter>,
}

impl Filters {
    /// Installs a filter that reports from block `next_block` on; returns its id (from 1).
    pub fn install(&mut self, kind: FilterKind, next_block: u64) -> u64 {
        if self.map.len() >= MAX_FILTERS {
            self.map.pop_first();
        }
        self.next_id += 1;
        self.map.insert(self.next_id, Filter { kind, next_block });
        self.next_id
    }

    pub fn get_mut(&mut self, id: u64) -> Option<&mut Filter> {
        self.map.get_mut(&id)
    }

    pub fn get(&self, id: u64) -> Option<&Filter> {
        self.map.get(&id)
    }

    /// Removes a filter; false when there was none.
    pub fn uninstall(&mut self, id: u64) -> bool {
        self.map.remove(&id).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_grow_and_the_oldest_goes_first() {
        let mut f = Filters::default();
        let a = f.install(FilterKind::Blocks, 1);
        let b = f.install(FilterKind::PendingTransactions, 1);
        assert_eq!((a, b), (1, 2));
        assert!(f.uninstall(a));
        assert!(!f.uninstall(a));
        for _ in 0..MAX_FILTERS {
            f.install(FilterKind::Blocks, 1);
        }
        assert!(f.get(b).is_none(), "the oldest was dropped");
        assert_eq!(f.map.len(), MAX_FILTERS);
    }
}
