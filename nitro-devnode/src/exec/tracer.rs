//! The stylusTracer: every hostio of a transaction with its start and end ink, nested by
//! call frame, in the JSON shape that Nitro's tracer and cargo-stylus's trace query give
//! (`[{name, args, outs, startInk, endInk}, …]`; a call hostio also carries the callee's
//! `address` and `steps`).

use crate::stylus::api::HostioTrace;
use alloy_primitives::{hex, Address};
use revm::interpreter::CallScheme;
use serde_json::{json, Map, Value};

/// The hostios that wrap a child frame entered just before them.
const NESTS: [&str; 3] = [
    "call_contract",
    "delegate_call_contract",
    "static_call_contract",
];

/// The tracer's name of a frame entered by EVM code.
pub fn frame_kind(scheme: CallScheme) -> &'static str {
    match scheme {
        CallScheme::DelegateCall => "evm_delegate_call_contract",
        CallScheme::StaticCall => "evm_static_call_contract",
        _ => "evm_call_contract",
    }
}

/// Records of the open frames: `open` is the innermost frame's list of steps.
#[derive(Debug, Default)]
pub struct StylusTracer {
    open: Vec<Value>,
    stack: Vec<Vec<Value>>,
}

impl StylusTracer {
    /// A child frame starts (`kind` such as `evm_call_contract`).
    pub fn enter(&mut self, kind: &str, to: Address) {
        let frame = json!({ "address": to, "steps": [], "name": kind });
        self.open.push(frame);
        let outer = std::mem::take(&mut self.open);
        self.stack.push(outer);
    }

    /// The innermost child frame ended: its steps go into its record.
    pub fn exit(&mut self) {
        let steps = std::mem::take(&mut self.open);
        self.open = self.stack.pop().unwrap_or_default();
        if let Some(Value::Object(frame)) = self.open.last_mut() {
            frame.insert("steps".into(), Value::Array(steps));
        }
    }

    /// One hostio of the innermost frame.
    pub fn hostio(&mut self, t: HostioTrace) {
        let mut info = Map::new();
        info.insert("name".into(), json!(t.name));
        info.insert("args".into(), json!(hex::encode_prefixed(&t.args)));
        info.insert("outs".into(), json!(hex::encode_prefixed(&t.outs)));
        info.insert("startInk".into(), json!(t.start_ink));
        info.insert("endInk".into(), json!(t.end_ink));
        if NESTS.contains(&t.name) {
            if let Some(Value::Object(frame)) = self.open.pop() {
                for key in ["address", "steps"] {
                    if let Some(v) = frame.get(key) {
                        info.insert(key.into(), v.clone());
                    }
                }
            }
        }
        self.open.push(Value::Object(info));
    }

    /// The transaction's records (the outermost frame's steps).
    pub fn to_json(&self) -> Value {
        let outer = self.stack.first().unwrap_or(&self.open);
        Value::Array(outer.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::Bytes;

    fn h(name: &'static str, start: u64, end: u64) -> HostioTrace {
        HostioTrace {
            name,
            args: Bytes::from_static(&[1]),
            outs: Bytes::new(),
            start_ink: start,
            end_ink: end,
        }
    }

    #[test]
    fn call_hostios_carry_their_frames() {
        let mut t = StylusTracer::default();
        t.hostio(h("user_entrypoint", 10, 10));
        t.enter("evm_call_contract", Address::repeat_byte(7));
        t.hostio(h("user_entrypoint", 5, 5));
        t.hostio(h("msg_sender", 5, 4));
        t.exit();
        t.hostio(h("call_contract", 9, 3));
        let v = t.to_json();
        let a = v.as_array().unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(a[1]["name"], "call_contract");
        assert_eq!(a[1]["args"], "0x01");
        assert_eq!(a[1]["outs"], "0x");
        assert_eq!(a[1]["startInk"], 9);
        assert_eq!(a[1]["address"], json!(Address::repeat_byte(7)));
        assert_eq!(a[1]["steps"][1]["name"], "msg_sender");
    }
}
