//! JSON encoding of chain objects (blocks, transactions, receipts, logs), as geth and
//! Nitro answer them.

use crate::chain::{Block, LogEntry, TxRecord};
use alloy_consensus::{Transaction as _, TxEnvelope};
use alloy_primitives::{Address, B256, U256};
use serde_json::{json, Value};

pub fn q(n: impl Into<u128>) -> Value {
    Value::String(format!("{:#x}", n.into()))
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
