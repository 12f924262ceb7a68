//! What a mined transaction did inside Stylus: its stylusTracer trace
//! (`debug_traceTransaction` with `{"tracer": "stylusTracer"}`, as Nitro and nitro-devnode
//! answer it) and the Stylus programs it entered. Every entry of a program pays its entry
//! cost again on Nitro, so the count per program is what a gas analysis starts from.

use std::str::FromStr;

use alloy::{
    primitives::{Address, B256},
    providers::Provider,
};
use anyhow::{anyhow, bail, Result};
use serde_json::{json, Value};

/// The stylusTracer's records of transaction `hash`: a list of hostio records
/// (`{name, args, outs, startInk, endInk}`), where a call hostio, or a frame entered by EVM
/// code (`evm_call_contract`, `evm_delegate_call_contract`, …), carries the callee's
/// `address` and its own records in `steps`.
pub async fn stylus_trace<P: Provider>(p: &P, hash: B256) -> Result<Value> {
    p.raw_request(
        "debug_traceTransaction".into(),
        (hash, json!({"tracer": "stylusTracer"})),
    )
    .await
    .map_err(|e| anyhow!("debug_traceTransaction {hash} (stylusTracer): {e}"))
}

/// The Stylus program entries of one transaction: one per `user_entrypoint` record of its
/// trace, at any nesting level, attributed to the frame's address.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProgramEntries {
    /// Entries per frame address, in the order of each address's first entry. The address
    /// is the one the tracer gives the frame: the transaction's `to` at the top level, the
    /// callee of a call hostio (the code's address for a delegate call), and the frame's
    /// target for a frame entered by EVM code (for an EIP-1167 clone's delegatecall, the
    /// clone itself).
    pub by_address: Vec<(Address, usize)>,
    /// Ink the programs' own code spent: in each Stylus frame, what went between one
    /// hostio record and the next (the hostios themselves, the callees of calls and the
    /// entry charges are not in it). 10,000 ink is 1 gas.
    pub execution_ink: u64,
}

impl ProgramEntries {
    /// Counts the entries of `trace` (a stylusTracer trace of a transaction to `to`).
    pub fn from_trace(trace: &Value, to: Address) -> Result<Self> {
        let records = trace
            .as_array()
            .ok_or_else(|| anyhow!("not a stylusTracer trace (a list of records): {trace}"))?;
        let mut entries = Self::default();
        entries.walk(records, to)?;
        Ok(entries)
    }

    fn walk(&mut self, records: &[Value], frame: Address) -> Result<()> {
        // The ink left after the previous hostio record of this frame.
        let mut ink_after_previous: Option<u64> = None;
        for r in records {
            let Some(name) = r.get("name").and_then(Value::as_str) else {
                bail!("stylusTracer record without a name: {r}");
            };
            if name == "user_entrypoint" {
                self.add(frame);
            }
            // A frame entered by EVM code carries no ink of its own: only its steps do.
            let ink = |k: &str| r.get(k).and_then(Value::as_u64);
            if let (Some(start), Some(end)) = (ink("startInk"), ink("endInk")) {
                if let Some(previous) = ink_after_previous {
                    self.execution_ink += previous.saturating_sub(start);
                }
                ink_after_previous = Some(end);
            }
            if let Some(steps) = r.get("steps") {
                let steps = steps
                    .as_array()
                    .ok_or_else(|| anyhow!("{name}: `steps` is not a list: {steps}"))?;
                let callee = r
                    .get("address")
                    .and_then(Value::as_str)
                    .ok_or_else(|| anyhow!("{name}: a frame without an address: {r}"))?;
                let callee = Address::from_str(callee)
                    .map_err(|e| anyhow!("{name}: address {callee}: {e}"))?;
                self.walk(steps, callee)?;
            }
        }
        Ok(())
    }

    fn add(&mut self, a: Address) {
        match self.by_address.iter_mut().find(|(x, _)| *x == a) {
            Some((_, n)) => *n += 1,
            None => self.by_address.push((a, 1)),
        }
    }

    /// [`Self::execution_ink`] in gas, rounded down.
    pub fn execution_gas(&self) -> u64 {
        self.execution_ink / 10_000
    }

    /// All entries.
    pub fn total(&self) -> usize {
        self.by_address.iter().map(|(_, n)| n).sum()
    }

    /// The entries of frames at `a`.
    pub fn of(&self, a: Address) -> usize {
        self.by_address
            .iter()
            .find(|(x, _)| *x == a)
            .map_or(0, |(_, n)| *n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hostio(name: &str) -> Value {
        json!({"name": name, "args": "0x", "outs": "0x", "startInk": 10, "endInk": 9})
    }

    fn frame(name: &str, a: Address, steps: Vec<Value>) -> Value {
        json!({"name": name, "args": "0x", "outs": "0x", "startInk": 10, "endInk": 1,
               "address": a, "steps": steps})
    }

    #[test]
    fn counts_entries_at_every_level_by_frame_address() {
        let (front, facet, registry, clone) = (
            Address::repeat_byte(1),
            Address::repeat_byte(2),
            Address::repeat_byte(3),
            Address::repeat_byte(4),
        );
        // front → delegate facet → call registry twice; front → call an EVM clone, whose
        // delegatecall runs a program (a frame entered by EVM code); a call into EVM code
        // enters no program.
        let trace = json!([
            hostio("user_entrypoint"),
            hostio("read_args"),
            frame(
                "delegate_call_contract",
                facet,
                vec![
                    hostio("user_entrypoint"),
                    frame("call_contract", registry, vec![hostio("user_entrypoint")]),
                    frame(
                        "static_call_contract",
                        registry,
                        vec![hostio("user_entrypoint")]
                    ),
                ]
            ),
            frame(
                "call_contract",
                clone,
                vec![frame(
                    "evm_delegate_call_contract",
                    clone,
                    vec![hostio("user_entrypoint"), hostio("storage_load_bytes32")]
                )]
            ),
            frame("call_contract", Address::repeat_byte(9), vec![]),
            hostio("write_result"),
        ]);
        let e = ProgramEntries::from_trace(&trace, front).unwrap();
        assert_eq!(e.total(), 5);
        assert_eq!(
            e.by_address,
            vec![(front, 1), (facet, 1), (registry, 2), (clone, 1)]
        );
        assert_eq!(e.of(registry), 2);
        assert_eq!(e.of(Address::repeat_byte(9)), 0);
    }

    #[test]
    fn execution_is_the_ink_between_hostios_of_each_frame() {
        let at = |name: &str, start: u64, end: u64| json!({"name": name, "args": "0x", "outs": "0x", "startInk": start, "endInk": end});
        let callee = Address::repeat_byte(7);
        // Top frame: 100 between entry and read_args, 50 before the call, 30 after it. The
        // callee: 20 between its two hostios. The call's own cost (the callee's run and its
        // entry) and the hostios' costs are not execution.
        let trace = json!([
            at("user_entrypoint", 1_000_000, 1_000_000),
            at("read_args", 999_900, 999_000),
            {"name": "call_contract", "args": "0x", "outs": "0x", "startInk": 998_950,
             "endInk": 900_000, "address": callee, "steps": [
                at("user_entrypoint", 500_000, 500_000),
                at("msg_sender", 500_000, 499_000),
                at("storage_load_bytes32", 498_980, 400_000),
            ]},
            at("write_result", 899_970, 899_000),
            at("user_returned", 899_000, 899_000),
        ]);
        let e = ProgramEntries::from_trace(&trace, Address::ZERO).unwrap();
        assert_eq!(e.execution_ink, 100 + 50 + 30 + 20);
        assert_eq!(e.total(), 2);
    }

    #[test]
    fn a_transaction_into_evm_code_alone_enters_nothing() {
        let e = ProgramEntries::from_trace(&json!([]), Address::ZERO).unwrap();
        assert_eq!((e.total(), e.by_address.len()), (0, 0));
    }

    #[test]
    fn malformed_traces_are_errors() {
        for bad in [
            json!({"name": "user_entrypoint"}),
            json!([{"args": "0x"}]),
            json!([{"name": "call_contract", "address": "0x01", "steps": []}]),
            json!([{"name": "call_contract", "steps": [hostio("user_entrypoint")]}]),
            json!([{"name": "call_contract", "address": Address::ZERO, "steps": 3}]),
        ] {
            assert!(
                ProgramEntries::from_trace(&bad, Address::ZERO).is_err(),
                "{bad}"
            );
        }
    }
}
