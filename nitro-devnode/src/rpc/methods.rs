//! The JSON-RPC methods.

use super::{json::*, RpcError};
use crate::chain::{filters::FilterKind, BlockTag, Chain, ChainError, FilterChanges};
use alloy_sol_types::{Revert, SolError};
use serde_json::{json, Value};

fn p(params: &[Value], i: usize) -> Result<&Value, RpcError> {
    params
        .get(i)
        .ok_or_else(|| RpcError::invalid_params(format!("missing value for required argument {i}")))
}

fn inv(e: String) -> RpcError {
    RpcError::invalid_params(e)
}

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
            ChainError::Internal => RpcError::new(-32603, "internal error"),
        }
    }
}

/// The tracers the devnode answers: Nitro's native `stylusTracer`, and cargo-stylus's JS
/// hostio query, whose output is the same.
fn check_tracer(options: Option<&Value>) -> Result<(), RpcError> {
    let tracer = options
        .and_then(|o| o.get("tracer"))
        .and_then(|t| t.as_str());
    match tracer {
        Some("stylusTracer") => Ok(()),
        Some(js) if js.contains("hostio") && js.contains("enter") => Ok(()),
        other => Err(RpcError::invalid_params(format!(
            "unsupported tracer {other:?}: the devnode traces with {{\"tracer\":\"stylusTracer\"}}"
        ))),
    }
}

pub fn dispatch(chain: &mut Chain, method: &str, params: &[Value]) -> Result<Value, RpcError> {
    let cfg = chain.config().clone();
    Ok(match method {
        "web3_clientVersion" => json!(concat!(
            "nitro-devnode/v",
            env!("CARGO_PKG_VERSION"),
            "/stylus-wasmi/revm"
        )),
        "web3_sha3" => json!(alloy_primitives::keccak256(
            parse_bytes(p(params, 0)?).map_err(inv)?
        )),
        "net_version" => json!(cfg.chain_id.to_string()),
        "net_listening" => json!(true),
        "net_peerCount" => json!("0x0"),
        "eth_chainId" => q(cfg.chain_id),
        "eth_syncing" => json!(false),
        "eth_mining" => json!(true),
        "eth_hashrate" => json!("0x0"),
        "eth_protocolVersion" => json!("0x41"),
        "eth_coinbase" => json!(alloy_primitives::Address::ZERO),
        "eth_accounts" | "personal_listAccounts" => json!(chain.accounts()),
        "eth_blockNumber" => q(chain.head().number),
        "eth_gasPrice" => q(cfg.base_fee),
        "eth_maxPriorityFeePerGas" => q(0u64),
        "eth_blobBaseFee" => q(1u64),
        "eth_feeHistory" => {
            let count = parse_u64(p(params, 0)?).map_err(inv)?.clamp(1, 1024);
            let newest = chain.resolve(&parse_block_tag(params.get(1)).map_err(inv)?)?;
            let oldest = newest
                .saturating_sub(count - 1)
                .max(chain.block(0).map(|_| 0).unwrap_or(newest));
            let n = (newest - oldest + 1) as usize;
            let pct = params
                .get(2)
                .and_then(|v| v.as_array())
                .map(|a| a.len())
                .unwrap_or(0);
            json!({
                "oldestBlock": q(oldest),
                "baseFeePerGas": vec![q(cfg.base_fee); n + 1],
                "gasUsedRatio": vec![0.0; n],
                "baseFeePerBlobGas": vec![q(0u64); n + 1],
                "blobGasUsedRatio": vec![0.0; n],
                "reward": vec![vec![q(0u64); pct]; n],
            })
        }
        "eth_getBalance" => {
            let a = parse_address(p(params, 0)?).map_err(inv)?;
            let n = chain.resolve(&parse_block_tag(params.get(1)).map_err(inv)?)?;
            json!(chain.balance_at(a, n)?)
        }
        "eth_getTransactionCount" => {
            let a = parse_address(p(params, 0)?).map_err(inv)?;
            let n = chain.resolve(&parse_block_tag(params.get(1)).map_err(inv)?)?;
            q(chain.nonce_at(a, n)?)
        }
        "eth_getCode" => {
            let a = parse_address(p(params, 0)?).map_err(inv)?;
            let n = chain.resolve(&parse_block_tag(params.get(1)).map_err(inv)?)?;
            json!(chain.code_at(a, n)?)
        }
        "eth_getStorageAt" => {
            let a = parse_address(p(params, 0)?).map_err(inv)?;
            let slot = parse_u256(p(params, 1)?).map_err(inv)?;
            let n = chain.resolve(&parse_block_tag(params.get(2)).map_err(inv)?)?;
            json!(alloy_primitives::B256::from(chain.storage_at(a, slot, n)?))
        }
        "eth_call" => {
            let req = parse_call_request(p(params, 0)?).map_err(inv)?;
            let n = chain.resolve(&parse_block_tag(params.get(1)).map_err(inv)?)?;
            let overrides = parse_overrides(params.get(2)).map_err(inv)?;
            let r = chain.call_at(&req, overrides.as_ref(), n)?;
            if !r.success {
                return Err(r.into_error().into());
            }
            json!(r.output)
        }
        "eth_estimateGas" => {
            let req = parse_call_request(p(params, 0)?).map_err(inv)?;
            q(chain.estimate_gas(&req)?)
        }
        "eth_sendRawTransaction" => {
            let raw = parse_bytes(p(params, 0)?).map_err(inv)?;
            json!(chain.send_raw(&raw)?)
        }
        "eth_sendTransaction" => {
            let req = parse_call_request(p(params, 0)?).map_err(inv)?;
            json!(chain.send_unsigned(&req)?)
        }
        "eth_getTransactionByHash" => {
            let h = parse_b256(p(params, 0)?).map_err(inv)?;
            chain.tx(h).map(tx_json).unwrap_or(Value::Null)
        }
        "eth_getTransactionReceipt" => {
            let h = parse_b256(p(params, 0)?).map_err(inv)?;
            chain.tx(h).map(receipt_json).unwrap_or(Value::Null)
        }
        "eth_getBlockByNumber" | "eth_getBlockByHash" => {
            let full = params.get(1).and_then(|v| v.as_bool()).unwrap_or(false);
            let block = if method == "eth_getBlockByHash" {
                chain.block_by_hash(parse_b256(p(params, 0)?).map_err(inv)?)
            } else {
                match parse_block_tag(params.first()).map_err(inv)? {
                    BlockTag::Number(n) => chain.block(n),
                    t => chain.resolve(&t).ok().and_then(|n| chain.block(n)),
                }
            };
            match block {
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
        "eth_getBlockTransactionCountByNumber" => {
            let n = chain.resolve(&parse_block_tag(params.first()).map_err(inv)?)?;
            q(chain
                .block(n)
                .map(|b| b.transactions.len() as u64)
                .unwrap_or(0))
        }
        "eth_getLogs" => {
            let f = parse_filter(p(params, 0)?).map_err(inv)?;
            json!(chain.logs(&f)?.iter().map(log_json).collect::<Vec<_>>())
        }
        "evm_increaseTime" => {
            let secs = parse_quantity(p(params, 0)?).map_err(inv)?;
            json!(chain.increase_time(secs.min(i64::MAX as u128) as i64))
        }
        "evm_setNextBlockTimestamp" | "anvil_setNextBlockTimestamp" => {
            chain.set_next_timestamp(parse_u64(p(params, 0)?).map_err(inv)?)?;
            Value::Null
        }
        "evm_mine" | "anvil_mine" => {
            let ts = match params.first() {
                None | Some(Value::Null) => None,
                Some(Value::Object(o)) => {
                    o.get("timestamp").map(parse_u64).transpose().map_err(inv)?
                }
                Some(v) if method == "evm_mine" => Some(parse_u64(v).map_err(inv)?),
                Some(_) => None,
            };
            let blocks = if method == "anvil_mine" {
                params
                    .first()
                    .map(parse_u64)
                    .transpose()
                    .map_err(inv)?
                    .unwrap_or(1)
                    .clamp(1, 10_000)
            } else {
                1
            };
            for i in 0..blocks {
                chain.mine(if i == 0 { ts } else { None });
            }
            json!("0x0")
        }
        "evm_snapshot" | "anvil_snapshot" => q(chain.snapshot()),
        "evm_revert" | "anvil_revert" => {
            json!(chain.revert(parse_u64(p(params, 0)?).map_err(inv)?))
        }
        "anvil_setBalance" => {
            let a = parse_address(p(params, 0)?).map_err(inv)?;
            chain.set_balance(a, parse_u256(p(params, 1)?).map_err(inv)?);
            Value::Null
        }
        "anvil_nodeInfo" | "nitrodevnode_info" => json!({
            "chainId": cfg.chain_id,
            "accounts": chain.accounts(),
            "stylusVersion": cfg.stylus.version,
            "inkPrice": cfg.stylus.ink_price,
        }),
        "nitrodevnode_dumpState" | "anvil_dumpState" => serde_json::to_value(chain.dump())
            .map_err(|_| RpcError::new(-32603, "internal error"))?,
        "eth_getUncleCountByBlockNumber" | "eth_getUncleCountByBlockHash" => q(0u64),
        "debug_traceCall" => {
            check_tracer(params.get(2))?;
            let req = parse_call_request(p(params, 0)?).map_err(inv)?;
            let n = chain.resolve(&parse_block_tag(params.get(1)).map_err(inv)?)?;
            chain.trace_call(&req, None, n)?
        }
        "debug_traceTransaction" => {
            check_tracer(params.get(1))?;
            let hash = parse_b256(p(params, 0)?).map_err(inv)?;
            chain.trace_transaction(hash)?
        }
        "eth_newFilter" => {
            let f = parse_filter(p(params, 0)?).map_err(inv)?;
            q(chain.new_filter(FilterKind::Logs(f)))
        }
        "eth_newBlockFilter" => q(chain.new_filter(FilterKind::Blocks)),
        "eth_newPendingTransactionFilter" => q(chain.new_filter(FilterKind::PendingTransactions)),
        "eth_getFilterChanges" => {
            match chain.filter_changes(parse_u64(p(params, 0)?).map_err(inv)?)? {
                FilterChanges::Logs(logs) => json!(logs.iter().map(log_json).collect::<Vec<_>>()),
                FilterChanges::Hashes(hashes) => json!(hashes),
            }
        }
        "eth_getFilterLogs" => {
            let logs = chain.filter_logs(parse_u64(p(params, 0)?).map_err(inv)?)?;
            json!(logs.iter().map(log_json).collect::<Vec<_>>())
        }
        "eth_uninstallFilter" => {
            json!(chain.uninstall_filter(parse_u64(p(params, 0)?).map_err(inv)?))
        }
        _ => {
            return Err(RpcError::new(
                -32601,
                format!("the method {method} does not exist/is not available"),
            ))
        }
    })
}
