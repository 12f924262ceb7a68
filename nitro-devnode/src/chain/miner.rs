//! Mining: turns an executed transaction into its block, receipt and logs (one transaction
//! per block, as Arbitrum dev chains do), and builds empty blocks.

use super::{Block, ChainConfig, LogEntry, TxRecord};
use alloy_consensus::{Transaction as _, TxEnvelope};
use alloy_primitives::{Address, B256};
use revm::context_interface::result::{ExecutionResult, Output};

/// An empty block (`evm_mine`, interval mining).
pub fn empty_block(config: &ChainConfig, number: u64, parent: B256, timestamp: u64) -> Block {
    Block::new(
        number,
        parent,
        timestamp,
        config.block_gas_limit,
        config.base_fee,
        vec![],
        0,
    )
}

/// The block holding `env` (executed with `result`) and the transaction's record.
pub fn seal_transaction(
    config: &ChainConfig,
    env: TxEnvelope,
    from: Address,
    result: &ExecutionResult,
    number: u64,
    parent: B256,
    timestamp: u64,
) -> (Block, TxRecord) {
    let hash = *env.tx_hash();
    let gas_used = result.tx_gas_used();
    let (status, contract_address, logs) = match result {
        ExecutionResult::Success { output, logs, .. } => {
            let ca = match output {
                Output::Create(_, a) => *a,
                _ => None,
            };
            (true, ca, logs.clone())
        }
        ExecutionResult::Revert { .. } | ExecutionResult::Halt { .. } => (false, None, vec![]),
    };
    let block = Block::new(
        number,
        parent,
        timestamp,
        config.block_gas_limit,
        config.base_fee,
        vec![hash],
        gas_used,
    );
    let logs = logs
        .into_iter()
        .enumerate()
        .map(|(i, l)| LogEntry {
            address: l.address,
            topics: l.data.topics().to_vec(),
            data: l.data.data.clone(),
            block_number: number,
            block_hash: block.hash,
            tx_hash: hash,
            tx_index: 0,
            log_index: i as u64,
        })
        .collect();
    let record = TxRecord {
        hash,
        effective_gas_price: env.effective_gas_price(Some(config.base_fee)),
        envelope: env,
        from,
        block_number: number,
        block_hash: block.hash,
        index: 0,
        status,
        gas_used,
        contract_address,
        logs,
    };
    (block, record)
}
