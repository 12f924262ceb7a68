//! Historical state: each block keeps an undo record (the accounts and storage slots it
//! changed, as they were before it), so that state queries at an older block rewind a copy of
//! the head state instead of answering from the head (the chain has one transaction per
//! block, so a block's record is one transaction's pre-image).

use super::Db;
use alloy_primitives::{Address, U256};
use revm::{
    database::{AccountState, DbAccount},
    state::{AccountInfo, EvmState},
};

/// An account as it was before a block: its info and state (`None`: it did not exist) and the
/// prior value of each slot the block wrote (`None`: the slot was never set).
#[derive(Clone, Debug)]
struct Prior {
    address: Address,
    account: Option<(AccountInfo, AccountState)>,
    slots: Vec<(U256, Option<U256>)>,
}

/// What one block changed, as it was before.
#[derive(Clone, Debug, Default)]
pub struct Undo {
    accounts: Vec<Prior>,
}

impl Undo {
    /// The pre-image of `diff` in `db` (call before committing `diff`).
    pub fn capture(db: &Db, diff: &EvmState) -> Self {
        let accounts = diff
            .iter()
            .filter(|(_, acc)| acc.is_touched())
            .map(|(address, acc)| Self::prior(db, *address, acc.storage.keys().copied()))
            .collect();
        Self { accounts }
    }

    /// Adds the pre-image of `address` (its info only) unless the record already has it: for
    /// changes made between blocks (`anvil_setBalance`), recorded in the head block's undo.
    pub fn capture_account(&mut self, db: &Db, address: Address) {
        if !self.accounts.iter().any(|p| p.address == address) {
            self.accounts
                .push(Self::prior(db, address, std::iter::empty()));
        }
    }

    fn prior(db: &Db, address: Address, slots: impl Iterator<Item = U256>) -> Prior {
        let existing: Option<&DbAccount> = db
            .cache
            .accounts
            .get(&address)
            .filter(|a| a.account_state != AccountState::NotExisting);
        Prior {
            address,
            account: existing.map(|a| (a.info.clone(), a.account_state.clone())),
            slots: slots
                .map(|k| (k, existing.and_then(|a| a.storage.get(&k).copied())))
                .collect(),
        }
    }

    /// Puts back in `db` what the block changed.
    pub fn rewind(&self, db: &mut Db) {
        for p in &self.accounts {
            match &p.account {
                None => {
                    db.cache.accounts.remove(&p.address);
                }
                Some((info, state)) => {
                    let acc = db.cache.accounts.entry(p.address).or_default();
                    acc.info = info.clone();
                    acc.account_state = state.clone();
                    for (k, v) in &p.slots {
                        match v {
                            Some(v) => {
                                acc.storage.insert(*k, *v);
                            }
                            None => {
                                acc.storage.remove(k);
                            }
                        }
                    }
                }
            }
        }
    }
}
