//! Chain data types and errors.

use alloy_consensus::TxEnvelope;
use alloy_primitives::{Address, Bytes, B256, U256};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// A mined block (one transaction at most, or none for evm_mine / interval blocks).
#[derive(Debug, Clone)]
pub struct Block {
    pub number: u64,
    pub hash: B256,
    pub parent_hash: B256,
    pub timestamp: u64,
    pub gas_limit: u64,
    pub base_fee: u64,
    pub transactions: Vec<B256>,
    pub gas_used: u64,
}

impl Block {
    pub fn new(
        number: u64,
        parent_hash: B256,
        timestamp: u64,
        gas_limit: u64,
        base_fee: u64,
        transactions: Vec<B256>,
        gas_used: u64,
    ) -> Self {
        let hash = super::block_hash(number, parent_hash, timestamp, &transactions);
        Self {
            number,
            hash,
            parent_hash,
            timestamp,
            gas_limit,
            base_fee,
            transactions,
            gas_used,
        }
    }
}

/// A log with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub address: Address,
    pub topics: Vec<B256>,
    pub data: Bytes,
    pub block_number: u64,
    pub block_hash: B256,
    pub tx_hash: B256,
    pub tx_index: u64,
    pub log_index: u64,
}

/// A mined transaction and its receipt.
#[derive(Debug, Clone)]
pub struct TxRecord {
    pub hash: B256,
    pub envelope: TxEnvelope,
    pub from: Address,
    pub block_number: u64,
    pub block_hash: B256,
    pub index: u64,
    pub status: bool,
    pub gas_used: u64,
    pub effective_gas_price: u128,
    pub contract_address: Option<Address>,
    pub logs: Vec<LogEntry>,
}

/// A block parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockTag {
    Latest,
    Pending,
    Safe,
    Finalized,
    Earliest,
    Number(u64),
    Hash(B256),
}

/// Parameters of eth_call / eth_estimateGas / eth_sendTransaction.
#[derive(Debug, Clone, Default)]
pub struct CallRequest {
    pub from: Option<Address>,
    pub to: Option<Address>,
    pub gas: Option<u64>,
    pub gas_price: Option<u128>,
    pub max_fee_per_gas: Option<u128>,
    pub max_priority_fee_per_gas: Option<u128>,
    pub value: Option<U256>,
    pub input: Option<Bytes>,
    pub nonce: Option<u64>,
}

/// One account's state override.
#[derive(Debug, Clone, Default)]
pub struct AccountOverride {
    pub balance: Option<U256>,
    pub nonce: Option<u64>,
    pub code: Option<Bytes>,
    pub state: Option<HashMap<B256, B256>>,
    pub state_diff: Option<HashMap<B256, B256>>,
}

pub type StateOverrides = HashMap<Address, AccountOverride>;

/// eth_getLogs filter.
#[derive(Debug, Clone, Default)]
pub struct LogFilter {
    pub from_block: Option<BlockTag>,
    pub to_block: Option<BlockTag>,
    pub block_hash: Option<B256>,
    pub addresses: Vec<Address>,
    /// Per position: any of these (empty = wildcard).
    pub topics: Vec<Vec<B256>>,
}

impl LogFilter {
    pub fn matches(&self, l: &LogEntry) -> bool {
        if !self.addresses.is_empty() && !self.addresses.contains(&l.address) {
            return false;
        }
        self.topics
            .iter()
            .enumerate()
            .all(|(i, alts)| alts.is_empty() || l.topics.get(i).is_some_and(|t| alts.contains(t)))
    }
}

/// What `eth_getFilterChanges` reports.
#[derive(Debug, Clone)]
pub enum FilterChanges {
    Logs(Vec<LogEntry>),
    Hashes(Vec<B256>),
}

/// Outcome of eth_call.
#[derive(Debug, Clone)]
pub struct CallResult {
    pub success: bool,
    pub output: Bytes,
    pub gas_used: u64,
    pub halt: Option<String>,
}

impl CallResult {
    pub fn into_error(self) -> ChainError {
        match self.halt {
            Some(h) => ChainError::Halt(h),
            None => ChainError::Revert(self.output),
        }
    }
}

/// Errors surfaced as JSON-RPC errors.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    #[error("invalid params: {0}")]
    InvalidParams(String),
    #[error("{0}")]
    InvalidTx(String),
    #[error("execution reverted")]
    Revert(Bytes),
    #[error("execution halted: {0}")]
    Halt(String),
    #[error("unknown block")]
    UnknownBlock,
    #[error("filter not found")]
    FilterNotFound,
    #[error("invalid state dump: {0}")]
    InvalidDump(super::dump::DumpError),
    /// Execution panicked; the state was taken back unchanged.
    #[error("execution panicked: {0}")]
    Panic(String),
    #[error("internal error: {0}")]
    Internal(String),
}

/// State dump (accounts with code and storage) for --dump-state / --load-state.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct StateDump {
    pub block_number: u64,
    pub timestamp: u64,
    pub accounts: BTreeMap<Address, AccountDump>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AccountDump {
    pub balance: U256,
    pub nonce: u64,
    pub code: Bytes,
    pub storage: BTreeMap<U256, U256>,
}
