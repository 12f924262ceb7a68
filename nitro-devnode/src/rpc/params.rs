//! Typed request parameters (serde), with geth's rules for hex: quantities are `0x` followed
//! by at least one digit and no leading zero (`"0x"` and `"0x001"` are refused), byte
//! strings are `0x`-prefixed with an even number of digits. JSON numbers are accepted for
//! quantities as hardhat and anvil do.

use crate::chain::{self, BlockTag};
use alloy_primitives::{Address, Bytes, B256, U256};
use serde::{de::Error as _, Deserialize, Deserializer};
use serde_json::Value;
use std::collections::HashMap;

/// Topic positions in a log filter, at most (as geth).
pub const MAX_TOPICS: usize = 4;

/// Parses a geth-style hex quantity (`0x0`, `0x1f`, …) of at most 256 bits.
fn hex_quantity(s: &str) -> Result<U256, String> {
    let digits = s
        .strip_prefix("0x")
        .or_else(|| s.strip_prefix("0X"))
        .ok_or_else(|| format!("hex string without 0x prefix: {s:?}"))?;
    if digits.is_empty() {
        return Err("hex string \"0x\" has no digits".into());
    }
    if digits.len() > 1 && digits.starts_with('0') {
        return Err(format!("hex number with leading zero digits: {s:?}"));
    }
    if digits.len() > 64 {
        return Err(format!("hex number above 256 bits: {s:?}"));
    }
    U256::from_str_radix(digits, 16).map_err(|_| format!("invalid hex number {s:?}"))
}

/// A quantity that fits `T` (u64 or u128): a hex string or a JSON number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quantity<T>(pub T);

impl<'de, T: TryFrom<U256>> Deserialize<'de> for Quantity<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        let n = match &v {
            Value::String(s) => hex_quantity(s).map_err(D::Error::custom)?,
            Value::Number(n) => n.as_u64().map(U256::from).ok_or_else(|| {
                D::Error::custom(format!("{n} is not a non-negative integer below 2^64"))
            })?,
            other => return Err(D::Error::custom(format!("quantity expected, got {other}"))),
        };
        T::try_from(n).map(Quantity).map_err(|_| {
            D::Error::custom(format!(
                "{n} is too large (at most {} bits)",
                std::mem::size_of::<T>() * 8
            ))
        })
    }
}

pub type U64 = Quantity<u64>;
pub type U128 = Quantity<u128>;

/// A 256-bit quantity (geth's hex rules; JSON numbers below 2^64).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Q256(pub U256);

impl<'de> Deserialize<'de> for Q256 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Quantity::<U256>::deserialize(d).map(|q| Q256(q.0))
    }
}

/// `0x`-prefixed hex bytes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HexBytes(pub Bytes);

impl<'de> Deserialize<'de> for HexBytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let digits = s
            .strip_prefix("0x")
            .or_else(|| s.strip_prefix("0X"))
            .ok_or_else(|| D::Error::custom("hex string without 0x prefix"))?;
        if digits.len() % 2 != 0 {
            return Err(D::Error::custom("hex string of odd length"));
        }
        alloy_primitives::hex::decode(digits)
            .map(|b| HexBytes(b.into()))
            .map_err(|e| D::Error::custom(format!("invalid hex string: {e}")))
    }
}

/// A block parameter: a tag, a number, a block hash, or EIP-1898's
/// `{"blockHash": …}` / `{"blockNumber": …}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block(pub BlockTag);

impl<'de> Deserialize<'de> for Block {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        let tag = match &v {
            Value::String(s) => match s.as_str() {
                "latest" => BlockTag::Latest,
                "pending" => BlockTag::Pending,
                "safe" => BlockTag::Safe,
                "finalized" => BlockTag::Finalized,
                "earliest" => BlockTag::Earliest,
                s if s.len() == 66 => {
                    BlockTag::Hash(B256::deserialize(&v).map_err(D::Error::custom)?)
                }
                _ => BlockTag::Number(U64::deserialize(&v).map_err(D::Error::custom)?.0),
            },
            Value::Number(_) => BlockTag::Number(U64::deserialize(&v).map_err(D::Error::custom)?.0),
            Value::Object(o) => match (o.get("blockHash"), o.get("blockNumber")) {
                (Some(h), None) => BlockTag::Hash(B256::deserialize(h).map_err(D::Error::custom)?),
                (None, Some(n)) => Block::deserialize(n).map_err(D::Error::custom)?.0,
                _ => {
                    return Err(D::Error::custom(
                        "block object needs exactly one of blockHash and blockNumber",
                    ))
                }
            },
            other => return Err(D::Error::custom(format!("block expected, got {other}"))),
        };
        Ok(Block(tag))
    }
}

/// The block a missing parameter means.
pub fn tag(b: Option<Block>) -> BlockTag {
    b.map(|b| b.0).unwrap_or(BlockTag::Latest)
}

/// Transaction fields of `eth_call`, `eth_estimateGas` and `eth_sendTransaction`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallRequest {
    from: Option<Address>,
    to: Option<Address>,
    gas: Option<U64>,
    gas_price: Option<U128>,
    max_fee_per_gas: Option<U128>,
    max_priority_fee_per_gas: Option<U128>,
    value: Option<Q256>,
    input: Option<HexBytes>,
    data: Option<HexBytes>,
    nonce: Option<U64>,
}

impl CallRequest {
    pub fn into_chain(self) -> Result<chain::CallRequest, String> {
        let input = match (self.input, self.data) {
            (Some(i), Some(d)) if i != d => {
                return Err("both \"data\" and \"input\" are set and not equal".into())
            }
            (Some(i), _) | (None, Some(i)) => Some(i.0),
            (None, None) => None,
        };
        Ok(chain::CallRequest {
            from: self.from,
            to: self.to,
            gas: self.gas.map(|q| q.0),
            gas_price: self.gas_price.map(|q| q.0),
            max_fee_per_gas: self.max_fee_per_gas.map(|q| q.0),
            max_priority_fee_per_gas: self.max_priority_fee_per_gas.map(|q| q.0),
            value: self.value.map(|q| q.0),
            input,
            nonce: self.nonce.map(|q| q.0),
        })
    }
}

/// One value or a list of them (a filter's `address`, a topic position).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::One(x) => vec![x],
            OneOrMany::Many(v) => v,
        }
    }
}

/// `eth_getLogs` / `eth_newFilter` / `logs` subscription criteria.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FilterJson {
    from_block: Option<Block>,
    to_block: Option<Block>,
    block_hash: Option<B256>,
    address: Option<OneOrMany<Address>>,
    topics: Option<Vec<Option<OneOrMany<B256>>>>,
}

#[derive(Debug, Clone)]
pub struct Filter(pub chain::LogFilter);

impl<'de> Deserialize<'de> for Filter {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let f = FilterJson::deserialize(d)?;
        let topics = f.topics.unwrap_or_default();
        if topics.len() > MAX_TOPICS {
            return Err(D::Error::custom(format!(
                "{} topic positions, at most {MAX_TOPICS}",
                topics.len()
            )));
        }
        if f.block_hash.is_some() && (f.from_block.is_some() || f.to_block.is_some()) {
            return Err(D::Error::custom(
                "cannot specify both blockHash and fromBlock/toBlock",
            ));
        }
        if let (Some(Block(BlockTag::Number(a))), Some(Block(BlockTag::Number(b)))) =
            (&f.from_block, &f.to_block)
        {
            if a > b {
                return Err(D::Error::custom(format!(
                    "invalid block range: fromBlock {a} is after toBlock {b}"
                )));
            }
        }
        Ok(Filter(chain::LogFilter {
            from_block: f.from_block.map(|b| b.0),
            to_block: f.to_block.map(|b| b.0),
            block_hash: f.block_hash,
            addresses: f.address.map(OneOrMany::into_vec).unwrap_or_default(),
            topics: topics
                .into_iter()
                .map(|t| t.map(OneOrMany::into_vec).unwrap_or_default())
                .collect(),
        }))
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AccountOverrideJson {
    balance: Option<Q256>,
    nonce: Option<U64>,
    code: Option<HexBytes>,
    state: Option<HashMap<B256, B256>>,
    state_diff: Option<HashMap<B256, B256>>,
}

/// `eth_call` state overrides.
#[derive(Debug, Clone, Default)]
pub struct Overrides(pub chain::StateOverrides);

impl<'de> Deserialize<'de> for Overrides {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = HashMap::<Address, AccountOverrideJson>::deserialize(d)?;
        let mut out = chain::StateOverrides::new();
        for (a, o) in raw {
            if o.state.is_some() && o.state_diff.is_some() {
                return Err(D::Error::custom(format!(
                    "account {a} has both 'state' and 'stateDiff'"
                )));
            }
            out.insert(
                a,
                chain::AccountOverride {
                    balance: o.balance.map(|q| q.0),
                    nonce: o.nonce.map(|q| q.0),
                    code: o.code.map(|b| b.0),
                    state: o.state,
                    state_diff: o.state_diff,
                },
            );
        }
        Ok(Overrides(out))
    }
}

/// `eth_feeHistory` reward percentiles: each within [0, 100], non-decreasing.
#[derive(Debug, Clone, Default)]
pub struct Percentiles(pub Vec<f64>);

impl<'de> Deserialize<'de> for Percentiles {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let p = Vec::<f64>::deserialize(d)?;
        for (i, x) in p.iter().enumerate() {
            if !(0.0..=100.0).contains(x) {
                return Err(D::Error::custom(format!(
                    "reward percentile {x} is outside [0, 100]"
                )));
            }
            if i > 0 && *x < p[i - 1] {
                return Err(D::Error::custom(format!(
                    "reward percentiles must not decrease: {} then {x}",
                    p[i - 1]
                )));
            }
        }
        Ok(Percentiles(p))
    }
}

/// `debug_trace*` options. The devnode traces with Nitro's native `stylusTracer`; it also
/// answers cargo-stylus's JS hostio query (its `hostio`/`enter` tracer object), whose records
/// are the same. Other tracers are refused.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TraceOptions {
    tracer: Option<String>,
    #[serde(rename = "stateOverrides")]
    pub state_overrides: Option<Overrides>,
}

impl TraceOptions {
    /// Whether the requested tracer is one the devnode answers.
    pub fn check(options: &Option<Self>, method: &str) -> Result<(), String> {
        let tracer = options.as_ref().and_then(|o| o.tracer.as_deref());
        match tracer {
            Some("stylusTracer") => Ok(()),
            Some(js) if js.contains("hostio") && js.contains("enter") => Ok(()),
            other => Err(format!(
                "{method}: unsupported tracer {other:?}: the devnode traces with {{\"tracer\": \"stylusTracer\"}}"
            )),
        }
    }
}

/// `evm_mine`'s parameter: a timestamp, or `{"timestamp": …, "blocks": …}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MineOptions {
    pub timestamp: Option<u64>,
    pub blocks: Option<u64>,
}

impl<'de> Deserialize<'de> for MineOptions {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Options {
            timestamp: Option<U64>,
            blocks: Option<U64>,
        }
        let v = Value::deserialize(d)?;
        if v.is_object() {
            let o = Options::deserialize(v).map_err(D::Error::custom)?;
            Ok(MineOptions {
                timestamp: o.timestamp.map(|q| q.0),
                blocks: o.blocks.map(|q| q.0),
            })
        } else {
            Ok(MineOptions {
                timestamp: Some(U64::deserialize(v).map_err(D::Error::custom)?.0),
                blocks: None,
            })
        }
    }
}

/// What `eth_subscribe` subscribes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum SubscriptionKind {
    #[serde(rename = "newHeads")]
    NewHeads,
    #[serde(rename = "logs")]
    Logs,
    #[serde(rename = "newPendingTransactions")]
    NewPendingTransactions,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn block(v: Value) -> Result<BlockTag, String> {
        Block::deserialize(v)
            .map(|b| b.0)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn geth_hex_rules() {
        assert_eq!(block(json!("0x0")), Ok(BlockTag::Number(0)));
        assert_eq!(block(json!("0x1f")), Ok(BlockTag::Number(31)));
        assert_eq!(block(json!(7)), Ok(BlockTag::Number(7)));
        assert!(block(json!("0x")).unwrap_err().contains("no digits"));
        assert!(block(json!("0x001")).unwrap_err().contains("leading zero"));
        assert!(block(json!("12")).unwrap_err().contains("0x prefix"));
        assert!(block(json!("0x10000000000000000")).is_err());
        assert!(block(json!(-1)).is_err());
        assert_eq!(
            block(json!({"blockNumber": "0x2"})),
            Ok(BlockTag::Number(2))
        );
        assert!(HexBytes::deserialize(json!("deadbeef")).is_err());
        assert!(HexBytes::deserialize(json!("0xabc")).is_err());
        assert_eq!(
            HexBytes::deserialize(json!("0x")).unwrap(),
            HexBytes::default()
        );
        assert!(U64::deserialize(json!("0xffffffffffffffff")).is_ok());
        assert!(U64::deserialize(json!(1.5)).is_err());
    }

    #[test]
    fn filters_and_percentiles() {
        let t = "0x0000000000000000000000000000000000000000000000000000000000000001";
        assert!(Filter::deserialize(json!({"topics": [t, t, t, t]})).is_ok());
        let e = Filter::deserialize(json!({"topics": [t, t, t, t, t]})).unwrap_err();
        assert!(e.to_string().contains("at most 4"), "{e}");
        let e = Filter::deserialize(json!({"fromBlock": "0x5", "toBlock": "0x4"})).unwrap_err();
        assert!(e.to_string().contains("fromBlock"), "{e}");
        let f = Filter::deserialize(json!({"topics": [null, [t, t]], "address": [Address::ZERO]}))
            .unwrap();
        assert_eq!(f.0.topics.len(), 2);
        assert!(Percentiles::deserialize(json!([0, 50, 50, 100])).is_ok());
        assert!(Percentiles::deserialize(json!([101])).is_err());
        assert!(Percentiles::deserialize(json!([-1])).is_err());
        assert!(Percentiles::deserialize(json!([60, 50])).is_err());
        assert_eq!(
            MineOptions::deserialize(json!({"blocks": 3})).unwrap(),
            MineOptions {
                timestamp: None,
                blocks: Some(3)
            }
        );
        assert_eq!(
            MineOptions::deserialize(json!("0x10")).unwrap().timestamp,
            Some(16)
        );
    }
}
