//! `EthApi`: answers a typed request from the chain.

use super::{
    json::*,
    params::{tag, TraceOptions},
    request::EthRequest,
    RpcError,
};
use crate::chain::{filters::FilterKind, BlockTag, Chain, ChainError, FilterChanges};
use alloy_primitives::{keccak256, Address, B256};
use alloy_sol_types::{Revert, SolError};
use serde_json::{json, Value};

/// Blocks `anvil_mine` / `evm_mine` mine in one call, at most (more is refused, not capped).
pub const MAX_MINE: u64 = 10_000;

impl From<ChainError> for RpcError {
    fn from(e: ChainError) -> Self {
        match e {
            ChainError::InvalidParams(m) => RpcError::invalid_params(m),
            ChainError::InvalidTx(m) => RpcError::new(-32000, m),
            ChainError::Revert(data) => {
                let message = match Revert::abi_decode(&data) {
                    Ok(r) => format!("execution reverted: {}", r.reason),
                    Err(_) => "execution reverted".to_string(),
                };
                RpcError {
                    code: 3,
                    message,
                    data: Some(json!(data)),
                }
            }
            ChainError::Halt(h) => RpcError::new(-32000, format!("execution halted: {h}")),
            ChainError::UnknownBlock => RpcError::new(-32000, "header not found"),
            ChainError::FilterNotFound => RpcError::new(-32000, "filter not found"),
            e @ ChainError::InvalidDump(_) => RpcError::invalid_params(e),
            e @ (ChainError::Panic(_) | ChainError::Internal(_)) => {
                RpcError::new(-32603, format!("internal error: {e}"))
            }
        }
    }
}

fn logs_json(logs: &[crate::chain::LogEntry]) -> Value {
    Value::Array(logs.iter().map(log_json).collect())
}

/// Answers `req` from `chain`.
pub fn execute(chain: &mut Chain, req: EthRequest) -> Result<Value, RpcError> {
    use EthRequest as R;
    let cfg = chain.config().clone();
    Ok(match req {
        R::ClientVersion {} => json!(concat!(
            "nitro-devnode/v",
            env!("CARGO_PKG_VERSION"),
            "/stylus-wasmi/revm"
        )),
        R::Sha3 { data } => json!(keccak256(&data.0)),
        R::NetVersion {} => json!(cfg.chain_id.to_string()),
        R::NetListening {} => json!(true),
        R::NetPeerCount {} => json!("0x0"),
        R::ChainId {} => q(cfg.chain_id),
        R::Syncing {} => json!(false),
        R::Mining {} => json!(true),
        R::Hashrate {} => json!("0x0"),
        R::ProtocolVersion {} => json!("0x41"),
        R::Coinbase {} => json!(Address::ZERO),
        R::Accounts {} => json!(chain.accounts()),
        R::BlockNumber {} => q(chain.head().number),
        R::GasPrice {} => q(cfg.base_fee),
        R::MaxPriorityFeePerGas {} => q(0u64),
        R::BlobBaseFee {} => q(1u64),
        R::FeeHistory {
            block_count,
            newest_block,
            reward_percentiles,
        } => {
            let count = block_count.0.clamp(1, 1024);
            let newest = chain.resolve(&newest_block.0)?;
            let first = chain.resolve(&BlockTag::Earliest)?;
            let oldest = newest.saturating_sub(count - 1).max(first);
            let n = (newest - oldest + 1) as usize;
            let pct = reward_percentiles.map(|p| p.0.len()).unwrap_or(0);
            json!({
                "oldestBlock": q(oldest),
                "baseFeePerGas": vec![q(cfg.base_fee); n + 1],
                "gasUsedRatio": vec![0.0; n],
                "baseFeePerBlobGas": vec![q(0u64); n + 1],
                "blobGasUsedRatio": vec![0.0; n],
                "reward": vec![vec![q(0u64); pct]; n],
            })
        }
        R::GetBalance { address, block } => {
            let n = chain.resolve(&tag(block))?;
            json!(chain.balance_at(address, n)?)
        }
        R::GetTransactionCount { address, block } => {
            let n = chain.resolve(&tag(block))?;
            q(chain.nonce_at(address, n)?)
        }
        R::GetCode { address, block } => {
            let n = chain.resolve(&tag(block))?;
            json!(chain.code_at(address, n)?)
        }
        R::GetStorageAt {
            address,
            slot,
            block,
        } => {
            let n = chain.resolve(&tag(block))?;
            json!(B256::from(chain.storage_at(address, slot.0, n)?))
        }
        R::Call {
            transaction,
            block,
            state_overrides,
        } => {
            let req = transaction
                .into_chain()
                .map_err(|e| RpcError::invalid_params(format!("eth_call: param 0: {e}")))?;
            let n = chain.resolve(&tag(block))?;
            let r = chain.call_at(&req, state_overrides.as_ref().map(|o| &o.0), n)?;
            if !r.success {
                return Err(r.into_error().into());
            }
            json!(r.output)
        }
        R::EstimateGas { transaction, block } => {
            let req = transaction
                .into_chain()
                .map_err(|e| RpcError::invalid_params(format!("eth_estimateGas: param 0: {e}")))?;
            chain.resolve(&tag(block))?;
            q(chain.estimate_gas(&req)?)
        }
        R::SendRawTransaction { transaction } => json!(chain.send_raw(&transaction.0)?),
        R::SendTransaction { transaction } => {
            let req = transaction.into_chain().map_err(|e| {
                RpcError::invalid_params(format!("eth_sendTransaction: param 0: {e}"))
            })?;
            json!(chain.send_unsigned(&req)?)
        }
        R::GetTransactionByHash { hash } => chain.tx(hash).map(tx_json).unwrap_or(Value::Null),
        R::GetTransactionReceipt { hash } => {
            chain.tx(hash).map(receipt_json).unwrap_or(Value::Null)
        }
        R::GetBlockByNumber {
            block,
            full_transactions,
        } => {
            let b = match block.0 {
                BlockTag::Number(n) => chain.block(n),
                t => chain.resolve(&t).ok().and_then(|n| chain.block(n)),
            };
            block_with_txs(chain, b, full_transactions.unwrap_or(false))
        }
        R::GetBlockByHash {
            hash,
            full_transactions,
        } => block_with_txs(
            chain,
            chain.block_by_hash(hash),
            full_transactions.unwrap_or(false),
        ),
        R::GetBlockTransactionCountByNumber { block } => {
            let n = chain.resolve(&block.0)?;
            q(chain
                .block(n)
                .map(|b| b.transactions.len() as u64)
                .unwrap_or(0))
        }
        R::UncleCountByNumber { .. } | R::UncleCountByHash { .. } => q(0u64),
        R::GetLogs { filter } => logs_json(&chain.logs(&filter.0)?),
        R::NewFilter { filter } => q(chain.new_filter(FilterKind::Logs(filter.0))),
        R::NewBlockFilter {} => q(chain.new_filter(FilterKind::Blocks)),
        R::NewPendingTransactionFilter {} => q(chain.new_filter(FilterKind::PendingTransactions)),
        R::GetFilterChanges { id } => match chain.filter_changes(id.0)? {
            FilterChanges::Logs(logs) => logs_json(&logs),
            FilterChanges::Hashes(hashes) => json!(hashes),
        },
        R::GetFilterLogs { id } => logs_json(&chain.filter_logs(id.0)?),
        R::UninstallFilter { id } => json!(chain.uninstall_filter(id.0)),
        R::Subscribe { .. } | R::Unsubscribe { .. } => {
            return Err(RpcError::new(-32601, "notifications not supported"))
        }
        R::IncreaseTime { seconds } => json!(chain.increase_time(seconds.0)?),
        R::SetNextBlockTimestamp { timestamp } => {
            chain.set_next_timestamp(timestamp.0)?;
            Value::Null
        }
        R::EvmMine { options } => {
            let o = options.unwrap_or_default();
            mine(chain, "evm_mine", o.blocks.unwrap_or(1), o.timestamp, 0)?;
            json!("0x0")
        }
        R::AnvilMine { blocks, interval } => {
            let blocks = blocks.map(|b| b.0).unwrap_or(1);
            mine(
                chain,
                "anvil_mine",
                blocks,
                None,
                interval.map(|i| i.0).unwrap_or(0),
            )?;
            Value::Null
        }
        R::Snapshot {} => q(chain.snapshot()),
        R::Revert { id } => json!(chain.revert(id.0)),
        R::SetBalance { address, balance } => {
            chain.set_balance(address, balance.0);
            Value::Null
        }
        R::NodeInfo {} => json!({
            "chainId": cfg.chain_id,
            "accounts": chain.accounts(),
            "stylusVersion": cfg.stylus.version,
            "inkPrice": cfg.stylus.ink_price,
            "arbosVersion": cfg.stylus.arbos_version,
        }),
        R::DumpState {} => serde_json::to_value(chain.dump())
            .map_err(|e| RpcError::new(-32603, format!("internal error: {e}")))?,
        R::TraceCall {
            transaction,
            block,
            options,
        } => {
            TraceOptions::check(&options, "debug_traceCall").map_err(RpcError::invalid_params)?;
            let req = transaction
                .into_chain()
                .map_err(|e| RpcError::invalid_params(format!("debug_traceCall: param 0: {e}")))?;
            let n = chain.resolve(&tag(block))?;
            let overrides = options.and_then(|o| o.state_overrides).map(|o| o.0);
            chain.trace_call(&req, overrides.as_ref(), n)?
        }
        R::TraceTransaction { hash, options } => {
            TraceOptions::check(&options, "debug_traceTransaction")
                .map_err(RpcError::invalid_params)?;
            chain.trace_transaction(hash)?
        }
    })
}

fn block_with_txs(chain: &Chain, b: Option<&crate::chain::Block>, full: bool) -> Value {
    match b {
        None => Value::Null,
        Some(b) => {
            let txs = full.then(|| {
                b.transactions
                    .iter()
                    .filter_map(|h| chain.tx(*h))
                    .map(tx_json)
                    .collect()
            });
            block_json(b, txs)
        }
    }
}

/// Mines `blocks` empty blocks: the first at `first_ts` when given, each later one
/// `interval` seconds after the one before (or on the clock when 0). Everything is checked
/// before the first block is mined.
fn mine(
    chain: &mut Chain,
    method: &str,
    blocks: u64,
    first_ts: Option<u64>,
    interval: u64,
) -> Result<(), RpcError> {
    if blocks == 0 || blocks > MAX_MINE {
        return Err(RpcError::invalid_params(format!(
            "{method}: blocks: {blocks} is outside 1..={MAX_MINE}"
        )));
    }
    let head = chain.head();
    if let Some(t) = first_ts {
        if t < head.timestamp {
            return Err(RpcError::invalid_params(format!(
                "{method}: timestamp {t} is lower than the previous block's timestamp {}",
                head.timestamp
            )));
        }
    }
    let span = interval
        .checked_mul(blocks - 1)
        .and_then(|s| s.checked_add(first_ts.unwrap_or(head.timestamp)));
    if span.is_none_or(|last| last > crate::chain::clock::MAX_TIMESTAMP) {
        return Err(RpcError::invalid_params(format!(
            "{method}: interval: {blocks} blocks {interval} s apart pass the largest timestamp"
        )));
    }
    if head.number.saturating_add(blocks) > crate::chain::storage::MAX_BLOCK_NUMBER {
        return Err(RpcError::invalid_params(format!(
            "{method}: blocks: {blocks} more blocks pass the largest block number"
        )));
    }
    let mut ts = first_ts;
    for _ in 0..blocks {
        let n = chain.mine(ts)?;
        if interval > 0 {
            let mined = chain.block(n).map(|b| b.timestamp).unwrap_or_default();
            ts = Some(mined.saturating_add(interval));
        }
    }
    Ok(())
}
