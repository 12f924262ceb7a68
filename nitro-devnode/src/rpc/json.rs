//! JSON encoding of chain objects and decoding of request parameters.

use crate::chain::{
    AccountOverride, Block, BlockTag, CallRequest, LogEntry, LogFilter, StateOverrides, TxRecord,
};
use alloy_consensus::{Transaction as _, TxEnvelope};
use alloy_primitives::{Address, Bytes, B256, U256};
use serde_json::{json, Value};
use std::collections::HashMap;

pub type ParamResult<T> = Result<T, String>;

pub fn q(n: impl Into<u128>) -> Value {
    Value::String(format!("{:#x}", n.into()))
}

pub fn parse_quantity(v: &Value) -> ParamResult<u128> {
    match v {
        Value::String(s) => {
            let s = s.trim();
            if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
                if h.is_empty() {
                    return Ok(0);
                }
                u128::from_str_radix(h, 16).map_err(|_| format!("invalid quantity {s}"))
            } else {
                s.parse::<u128>()
                    .map_err(|_| format!("invalid quantity {s}"))
            }
        }
        Value::Number(n) => n
            .as_u64()
            .map(u128::from)
            .ok_or_else(|| "invalid quantity".to_string()),
        _ => Err("invalid quantity".into()),
    }
}

pub fn parse_u64(v: &Value) -> ParamResult<u64> {
    u64::try_from(parse_quantity(v)?).map_err(|_| "quantity overflows u64".into())
}

pub fn parse_u256(v: &Value) -> ParamResult<U256> {
    match v {
        Value::String(s) => s
            .parse::<U256>()
            .map_err(|_| format!("invalid uint256 {s}")),
        Value::Number(n) => n
            .as_u64()
            .map(U256::from)
            .ok_or_else(|| "invalid uint256".into()),
        _ => Err("invalid uint256".into()),
    }
}

pub fn parse_address(v: &Value) -> ParamResult<Address> {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("invalid address {v}"))
}

pub fn parse_b256(v: &Value) -> ParamResult<B256> {
    let s = v.as_str().ok_or_else(|| format!("invalid hash {v}"))?;
    let h = s.strip_prefix("0x").unwrap_or(s);
    if h.len() > 64 {
        return Err(format!("invalid hash {s}"));
    }
    let padded = format!("{h:0>64}");
    padded.parse().map_err(|_| format!("invalid hash {s}"))
}

pub fn parse_bytes(v: &Value) -> ParamResult<Bytes> {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| "invalid hex data".to_string())
}

pub fn parse_block_tag(v: Option<&Value>) -> ParamResult<BlockTag> {
    let Some(v) = v else {
        return Ok(BlockTag::Latest);
    };
    match v {
        Value::Null => Ok(BlockTag::Latest),
        Value::String(s) => match s.as_str() {
            "latest" => Ok(BlockTag::Latest),
            "pending" => Ok(BlockTag::Pending),
            "safe" => Ok(BlockTag::Safe),
            "finalized" => Ok(BlockTag::Finalized),
            "earliest" => Ok(BlockTag::Earliest),
            s if s.len() == 66 => Ok(BlockTag::Hash(parse_b256(v)?)),
            _ => Ok(BlockTag::Number(parse_u64(v)?)),
        },
        Value::Number(_) => Ok(BlockTag::Number(parse_u64(v)?)),
        Value::Object(o) => {
            if let Some(h) = o.get("blockHash") {
                Ok(BlockTag::Hash(parse_b256(h)?))
            } else if let Some(n) = o.get("blockNumber") {
                Ok(BlockTag::Number(parse_u64(n)?))
            } else {
                Err("invalid block parameter".into())
            }
        }
        _ => Err("invalid block parameter".into()),
    }
}

fn opt<T>(
    o: &serde_json::Map<String, Value>,
    k: &str,
    f: impl Fn(&Value) -> ParamResult<T>,
) -> ParamResult<Option<T>> {
    match o.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => f(v).map(Some),
    }
}

pub fn parse_call_request(v: &Value) -> ParamResult<CallRequest> {
    let o = v.as_object().ok_or("transaction object expected")?;
    let input = match opt(o, "input", parse_bytes)? {
        Some(i) => Some(i),
        None => opt(o, "data", parse_bytes)?,
    };
    Ok(CallRequest {
        from: opt(o, "from", parse_address)?,
        to: opt(o, "to", parse_address)?,
        gas: opt(o, "gas", parse_u64)?,
        gas_price: opt(o, "gasPrice", parse_quantity)?,
        max_fee_per_gas: opt(o, "maxFeePerGas", parse_quantity)?,
        max_priority_fee_per_gas: opt(o, "maxPriorityFeePerGas", parse_quantity)?,
        value: opt(o, "value", parse_u256)?,
        input,
        nonce: opt(o, "nonce", parse_u64)?,
    })
}

fn parse_slots(v: &Value) -> ParamResult<HashMap<B256, B256>> {
    let o = v.as_object().ok_or("storage override object expected")?;
    o.iter()
        .map(|(k, v)| Ok((parse_b256(&Value::String(k.clone()))?, parse_b256(v)?)))
        .collect()
}

pub fn parse_overrides(v: Option<&Value>) -> ParamResult<Option<StateOverrides>> {
    let Some(v) = v else { return Ok(None) };
    if v.is_null() {
        return Ok(None);
    }
    let o = v.as_object().ok_or("state override object expected")?;
    let mut out = StateOverrides::new();
    for (k, v) in o {
        let a = parse_address(&Value::String(k.clone()))?;
        let acc = v.as_object().ok_or("account override object expected")?;
        out.insert(
            a,
            AccountOverride {
                balance: opt(acc, "balance", parse_u256)?,
                nonce: opt(acc, "nonce", parse_u64)?,
                code: opt(acc, "code", parse_bytes)?,
                state: opt(acc, "state", parse_slots)?,
                state_diff: opt(acc, "stateDiff", parse_slots)?,
            },
        );
    }
    Ok(Some(out))
}

pub fn parse_filter(v: &Value) -> ParamResult<LogFilter> {
    let o = v.as_object().ok_or("filter object expected")?;
    let addresses = match o.get("address") {
        None | Some(Value::Null) => vec![],
        Some(Value::Array(a)) => a.iter().map(parse_address).collect::<ParamResult<_>>()?,
        Some(v) => vec![parse_address(v)?],
    };
    let topics = match o.get("topics") {
        None | Some(Value::Null) => vec![],
        Some(Value::Array(ts)) => ts
            .iter()
            .map(|t| match t {
                Value::Null => Ok(vec![]),
                Value::Array(alts) => alts.iter().map(parse_b256).collect(),
                v => Ok(vec![parse_b256(v)?]),
            })
            .collect::<ParamResult<_>>()?,
        _ => return Err("invalid topics".into()),
    };
    Ok(LogFilter {
        from_block: o
            .get("fromBlock")
            .map(|v| parse_block_tag(Some(v)))
            .transpose()?,
        to_block: o
            .get("toBlock")
            .map(|v| parse_block_tag(Some(v)))
            .transpose()?,
        block_hash: opt(o, "blockHash", parse_b256)?,
        addresses,
        topics,
    })
}

pub fn log_json(l: &LogEntry) -> Value {
    json!({
        "address": l.address,
        "topics": l.topics,
        "data": l.data,
        "blockNumber": q(l.block_number),
        "blockHash": l.block_hash,
        "transactionHash": l.tx_hash,
        "transactionIndex": q(l.tx_index),
        "logIndex": q(l.log_index),
        "removed": false,
    })
}

pub fn tx_json(t: &TxRecord) -> Value {
    let e = &t.envelope;
    let sig = e.signature();
    let mut v = json!({
        "hash": t.hash,
        "nonce": q(e.nonce()),
        "blockHash": t.block_hash,
        "blockNumber": q(t.block_number),
        "transactionIndex": q(t.index),
        "from": t.from,
        "to": e.to(),
        "value": e.value(),
        "gas": q(e.gas_limit()),
        "input": e.input(),
        "type": q(e.tx_type() as u8),
        "r": U256::from(sig.r()),
        "s": U256::from(sig.s()),
        "yParity": q(sig.v() as u8),
    });
    let m = v.as_object_mut().expect("object");
    match e {
        TxEnvelope::Legacy(tx) => {
            let chain = tx.tx().chain_id;
            let vv: u128 = match chain {
                Some(c) => c as u128 * 2 + 35 + sig.v() as u128,
                None => 27 + sig.v() as u128,
            };
            m.insert("v".into(), q(vv));
            m.insert("gasPrice".into(), q(tx.tx().gas_price));
            if let Some(c) = chain {
                m.insert("chainId".into(), q(c));
            }
            m.remove("yParity");
        }
        _ => {
            m.insert("v".into(), q(sig.v() as u8));
            m.insert("chainId".into(), q(e.chain_id().unwrap_or_default()));
            m.insert("gasPrice".into(), q(t.effective_gas_price));
            let al: Vec<Value> = e
                .access_list()
                .map(|l| {
                    l.iter()
                        .map(|i| json!({"address": i.address, "storageKeys": i.storage_keys}))
                        .collect()
                })
                .unwrap_or_default();
            m.insert("accessList".into(), Value::Array(al));
            if let TxEnvelope::Eip1559(_) = e {
                m.insert("maxFeePerGas".into(), q(e.max_fee_per_gas()));
                m.insert(
                    "maxPriorityFeePerGas".into(),
                    q(e.max_priority_fee_per_gas().unwrap_or_default()),
                );
            }
        }
    }
    v
}

pub fn receipt_json(t: &TxRecord) -> Value {
    let logs: Vec<Value> = t.logs.iter().map(log_json).collect();
    let mut bloom = alloy_primitives::Bloom::default();
    for l in &t.logs {
        bloom.accrue(alloy_primitives::BloomInput::Raw(l.address.as_slice()));
        for topic in &l.topics {
            bloom.accrue(alloy_primitives::BloomInput::Raw(topic.as_slice()));
        }
    }
    json!({
        "transactionHash": t.hash,
        "transactionIndex": q(t.index),
        "blockHash": t.block_hash,
        "blockNumber": q(t.block_number),
        "from": t.from,
        "to": t.envelope.to(),
        "cumulativeGasUsed": q(t.gas_used),
        "gasUsed": q(t.gas_used),
        "effectiveGasPrice": q(t.effective_gas_price),
        "contractAddress": t.contract_address,
        "logs": logs,
        "logsBloom": bloom,
        "status": q(t.status as u8),
        "type": q(t.envelope.tx_type() as u8),
        "gasUsedForL1": "0x0",
        "l1BlockNumber": q(t.block_number),
    })
}

pub fn block_json(b: &Block, txs: Option<Vec<Value>>) -> Value {
    let transactions = match txs {
        Some(full) => Value::Array(full),
        None => json!(b.transactions),
    };
    json!({
        "number": q(b.number),
        "hash": b.hash,
        "parentHash": b.parent_hash,
        "nonce": "0x0000000000000000",
        "mixHash": B256::ZERO,
        "sha3Uncles": "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347",
        "logsBloom": alloy_primitives::Bloom::default(),
        "transactionsRoot": B256::ZERO,
        "stateRoot": B256::ZERO,
        "receiptsRoot": B256::ZERO,
        "miner": Address::ZERO,
        "difficulty": "0x1",
        "totalDifficulty": q(b.number + 1),
        "extraData": "0x",
        "size": "0x200",
        "gasLimit": q(b.gas_limit),
        "gasUsed": q(b.gas_used),
        "timestamp": q(b.timestamp),
        "baseFeePerGas": q(b.base_fee),
        "transactions": transactions,
        "uncles": [],
        "withdrawals": [],
        "withdrawalsRoot": "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421",
        "l1BlockNumber": q(b.number),
        "sendCount": "0x0",
        "sendRoot": B256::ZERO,
    })
}
