//! State dumps (`--dump-state`, `--load-state`, `nitrodevnode_dumpState`): exported from the
//! head state, and validated before a chain starts from one, so that no value in a dump can
//! wedge the chain later (a block number or timestamp at the top of its range, a nonce no
//! transaction can follow).

use super::{clock::MAX_TIMESTAMP, storage::MAX_BLOCK_NUMBER, AccountDump, Db, StateDump};
use alloy_primitives::{Address, Bytes, U256};
use revm::{
    database::AccountState,
    primitives::KECCAK_EMPTY,
    state::{AccountInfo, Bytecode},
};
use std::collections::BTreeMap;

/// Why a state dump was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DumpError {
    #[error("not a state dump: {0}")]
    Json(String),
    #[error("block_number {0} is above the largest block number {MAX_BLOCK_NUMBER}")]
    BlockNumber(u64),
    #[error("timestamp {0} is above the largest timestamp {MAX_TIMESTAMP}")]
    Timestamp(u64),
    #[error("account {0}: nonce 2^64-1 leaves no valid nonce for a transaction (EIP-2681)")]
    Nonce(Address),
}

impl StateDump {
    /// Parses and validates a dump's JSON text.
    pub fn from_json(text: &str) -> Result<Self, DumpError> {
        let dump: StateDump =
            serde_json::from_str(text).map_err(|e| DumpError::Json(e.to_string()))?;
        dump.validate()?;
        Ok(dump)
    }

    /// Checks every value a chain started from this dump will compute with.
    pub fn validate(&self) -> Result<(), DumpError> {
        if self.block_number >= MAX_BLOCK_NUMBER {
            return Err(DumpError::BlockNumber(self.block_number));
        }
        if self.timestamp > MAX_TIMESTAMP {
            return Err(DumpError::Timestamp(self.timestamp));
        }
        if let Some((a, _)) = self.accounts.iter().find(|(_, acc)| acc.nonce == u64::MAX) {
            return Err(DumpError::Nonce(*a));
        }
        Ok(())
    }
}

/// Sets an account in `db`.
pub fn set_account(db: &mut Db, a: Address, balance: U256, nonce: u64, code: Bytes) {
    let (code_hash, code) = if code.is_empty() {
        (KECCAK_EMPTY, None)
    } else {
        let bc = Bytecode::new_raw(code);
        (bc.hash_slow(), Some(bc))
    };
    db.insert_account_info(
        a,
        AccountInfo {
            balance,
            nonce,
            code_hash,
            code,
            ..Default::default()
        },
    );
}

/// The state a validated dump describes.
pub fn load(dump: &StateDump) -> Result<Db, DumpError> {
    dump.validate()?;
    let mut db = Db::default();
    for (a, acc) in &dump.accounts {
        set_account(&mut db, *a, acc.balance, acc.nonce, acc.code.clone());
        let entry = db.cache.accounts.entry(*a).or_default();
        entry
            .storage
            .extend(acc.storage.iter().map(|(k, v)| (*k, *v)));
    }
    Ok(db)
}

/// Every existing account with its code and non-zero storage.
pub fn export(db: &Db, block_number: u64, timestamp: u64) -> StateDump {
    let mut accounts = BTreeMap::new();
    for (a, acc) in &db.cache.accounts {
        if acc.account_state == AccountState::NotExisting {
            continue;
        }
        let code = acc
            .info
            .code
            .as_ref()
            .map(|c| c.original_bytes())
            .unwrap_or_default();
        accounts.insert(
            *a,
            AccountDump {
                balance: acc.info.balance,
                nonce: acc.info.nonce,
                code,
                storage: acc
                    .storage
                    .iter()
                    .filter(|(_, v)| !v.is_zero())
                    .map(|(k, v)| (*k, *v))
                    .collect(),
            },
        );
    }
    StateDump {
        block_number,
        timestamp,
        accounts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_that_would_wedge_the_chain_are_refused() {
        let ok = StateDump {
            block_number: 5,
            timestamp: 1,
            accounts: BTreeMap::new(),
        };
        assert!(ok.validate().is_ok());
        let bad = StateDump {
            block_number: u64::MAX,
            ..ok.clone()
        };
        assert_eq!(bad.validate(), Err(DumpError::BlockNumber(u64::MAX)));
        let bad = StateDump {
            timestamp: u64::MAX,
            ..ok.clone()
        };
        assert_eq!(bad.validate(), Err(DumpError::Timestamp(u64::MAX)));
        let mut bad = ok.clone();
        bad.accounts.insert(
            Address::ZERO,
            AccountDump {
                balance: U256::ZERO,
                nonce: u64::MAX,
                code: Bytes::new(),
                storage: BTreeMap::new(),
            },
        );
        assert_eq!(bad.validate(), Err(DumpError::Nonce(Address::ZERO)));
        assert!(matches!(
            StateDump::from_json("{\"block_number\": -1}"),
            Err(DumpError::Json(_))
        ));
    }
}
