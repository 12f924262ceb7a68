//! Event decoding: every log of a receipt named and decoded with the events of the release
//! ABIs (`release/abi/`) and the reference ABIs, for the commands' output.

use std::collections::HashMap;

use alloy::{
    dyn_abi::{DynSolValue, EventExt},
    json_abi::{Event, JsonAbi},
    primitives::{Address, B256},
    rpc::types::Log,
};

use crate::{
    abi::{REFERENCE_ABIS, RELEASE_ABIS},
    revert::fmt_value,
};

/// One decoded log.
#[derive(Clone, Debug)]
pub struct DecodedLog {
    /// The emitting contract.
    pub address: Address,
    /// The event's name.
    pub name: String,
    /// Its parameters, by name, in declaration order.
    pub args: Vec<(String, DynSolValue)>,
}

impl DecodedLog {
    /// The value of parameter `name`.
    pub fn arg(&self, name: &str) -> Option<&DynSolValue> {
        self.args.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// `Name(a=1, b=0x…)`.
    pub fn display(&self) -> String {
        let args: Vec<String> = self
            .args
            .iter()
            .map(|(n, v)| format!("{n}={}", fmt_value(v)))
            .collect();
        format!("{}({})", self.name, args.join(", "))
    }

    /// `{"contract": …, "event": …, "args": {…}}`.
    pub fn to_json(&self) -> serde_json::Value {
        let args: serde_json::Map<String, serde_json::Value> = self
            .args
            .iter()
            .map(|(n, v)| (n.clone(), json_value(v)))
            .collect();
        serde_json::json!({
            "contract": self.address.to_checksum(None),
            "event": self.name,
            "args": args,
        })
    }
}

/// A decoded ABI value as JSON: numbers as decimal strings (they exceed 2^53), addresses
/// checksummed, bytes as 0x-hex.
pub fn json_value(v: &DynSolValue) -> serde_json::Value {
    use serde_json::Value;
    match v {
        DynSolValue::Bool(b) => Value::Bool(*b),
        DynSolValue::Array(xs) | DynSolValue::FixedArray(xs) | DynSolValue::Tuple(xs) => {
            Value::Array(xs.iter().map(json_value).collect())
        }
        DynSolValue::String(s) => Value::String(s.clone()),
        other => Value::String(fmt_value(other)),
    }
}

/// Decodes logs by topic0 with every known event.
#[derive(Clone, Debug)]
pub struct EventDecoder {
    events: HashMap<B256, Vec<Event>>,
}

impl Default for EventDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl EventDecoder {
    /// The events of the release ABIs, then the reference ABIs.
    pub fn new() -> Self {
        let mut events: HashMap<B256, Vec<Event>> = HashMap::new();
        for (_, json) in RELEASE_ABIS.iter().chain(REFERENCE_ABIS) {
            let Ok(abi) = serde_json::from_str::<JsonAbi>(json) else {
                continue;
            };
            for e in abi.events() {
                let v = events.entry(e.selector()).or_default();
                if !v.contains(e) {
                    v.push(e.clone());
                }
            }
        }
        Self { events }
    }

    /// Decodes `log`, if one of the known events matches it.
    pub fn decode(&self, log: &Log) -> Option<DecodedLog> {
        let topics = log.topics();
        let candidates = self.events.get(topics.first()?)?;
        candidates.iter().find_map(|e| {
            let d = e
                .decode_log_parts(topics.iter().copied(), &log.data().data)
                .ok()?;
            let (mut indexed, mut body) = (d.indexed.into_iter(), d.body.into_iter());
            let args = e
                .inputs
                .iter()
                .map(|p| {
                    let v = if p.indexed {
                        indexed.next()
                    } else {
                        body.next()
                    };
                    v.map(|v| (p.name.clone(), v))
                })
                .collect::<Option<Vec<_>>>()?;
            Some(DecodedLog {
                address: log.address(),
                name: e.name.clone(),
                args,
            })
        })
    }
}
