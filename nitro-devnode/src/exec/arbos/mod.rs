//! ArbOS precompiles: ArbWasm (activation, the data pricer, Stylus parameters), ArbWasmCache
//! (program caching), and the chain precompiles (ArbSys, ArbOwner, ArbOwnerPublic,
//! ArbGasInfo, ArbDebug, ArbosTest).
//!
//! Their state lives in the storage of their own addresses, so it follows snapshots,
//! reverts, history and state dumps like any other state.

mod cache;
mod chain;
mod wasm;

pub use wasm::ArbWasm;

use super::{Ctx, Shared, StylusParams, ARB_OWNER, ARB_WASM, ARB_WASM_CACHE};
use alloy_primitives::{keccak256, Address, Bytes, B256, U256};
use alloy_sol_types::{sol, SolError};
use revm::{
    context_interface::{ContextTr, JournalTr},
    interpreter::{CallInputs, Gas, InstructionResult, InterpreterResult},
};
use std::rc::Rc;

sol! {
    error Error(string message);
}

/// An ArbOS storage slot of a precompile: keccak of a domain tag and a key.
fn slot(tag: &[u8], key: &[u8]) -> U256 {
    let mut buf = tag.to_vec();
    buf.extend_from_slice(key);
    U256::from_be_bytes(keccak256(buf).0)
}

fn sload(ctx: &mut Ctx, account: Address, slot: U256) -> U256 {
    let journal = ctx.journal_mut();
    if journal.load_account(account).is_err() {
        return U256::ZERO;
    }
    journal
        .sload(account, slot)
        .map(|v| v.data)
        .unwrap_or_default()
}

fn sstore(ctx: &mut Ctx, account: Address, slot: U256, value: U256) {
    let journal = ctx.journal_mut();
    if journal.load_account(account).is_ok() {
        let _ = journal.sstore(account, slot, value);
    }
}

/// A list of addresses kept in a precompile's storage (cache managers, chain owners).
pub(crate) struct AddressSet {
    pub account: Address,
    pub tag: &'static [u8],
}

impl AddressSet {
    fn len_slot(&self) -> U256 {
        slot(self.tag, &[])
    }

    fn item_slot(&self, i: u64) -> U256 {
        slot(self.tag, &i.to_be_bytes())
    }

    pub fn list(&self, ctx: &mut Ctx) -> Vec<Address> {
        let n = sload(ctx, self.account, self.len_slot()).saturating_to::<u64>();
        (0..n)
            .map(|i| Address::from_word(sload(ctx, self.account, self.item_slot(i)).into()))
            .collect()
    }

    pub fn add(&self, ctx: &mut Ctx, a: Address) {
        let list = self.list(ctx);
        if list.contains(&a) {
            return;
        }
        let n = list.len() as u64;
        sstore(ctx, self.account, self.item_slot(n), a.into_word().into());
        sstore(ctx, self.account, self.len_slot(), U256::from(n + 1));
    }

    pub fn remove(&self, ctx: &mut Ctx, a: Address) {
        let mut list = self.list(ctx);
        let Some(i) = list.iter().position(|m| *m == a) else {
            return;
        };
        list.swap_remove(i);
        for (i, m) in list.iter().enumerate() {
            sstore(
                ctx,
                self.account,
                self.item_slot(i as u64),
                m.into_word().into(),
            );
        }
        sstore(
            ctx,
            self.account,
            self.item_slot(list.len() as u64),
            U256::ZERO,
        );
        sstore(ctx, self.account, self.len_slot(), U256::from(list.len()));
    }
}

/// Chain owners added at run time (ArbOwner.addChainOwner, ArbDebug.becomeChainOwner), on
/// top of the configured ones.
const OWNERS: AddressSet = AddressSet {
    account: ARB_OWNER,
    tag: b"nitro-devnode.chain-owners",
};

/// Every chain owner: the configured ones (the dev accounts) and those added since.
pub(crate) fn chain_owners(params: &StylusParams, ctx: &mut Ctx) -> Vec<Address> {
    let mut all = params.chain_owners.clone();
    for a in OWNERS.list(ctx) {
        if !all.contains(&a) {
            all.push(a);
        }
    }
    all
}

pub(crate) fn is_chain_owner(params: &StylusParams, ctx: &mut Ctx, a: Address) -> bool {
    params.is_chain_owner(a) || OWNERS.list(ctx).contains(&a)
}

/// The Wasm cache managers ArbOwner added (they may cache and evict programs).
const CACHE_MANAGERS: AddressSet = AddressSet {
    account: ARB_WASM_CACHE,
    tag: b"nitro-devnode.cache-managers",
};

/// What activation recorded for a code hash (Nitro keeps the same fields per code hash).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProgramRecord {
    pub version: u16,
    pub init_cost: u16,
    pub cached_cost: u16,
    pub footprint: u16,
    /// asmEstimate in KiB, rounded up.
    pub asm_estimate_kb: u32,
    /// Activation (or last keepalive) time, in seconds.
    pub activated_at: u64,
    /// Cached through ArbWasmCache.
    pub cached: bool,
}

impl ProgramRecord {
    fn pack(&self) -> U256 {
        U256::from(self.version)
            | U256::from(self.init_cost) << 16
            | U256::from(self.cached_cost) << 32
            | U256::from(self.footprint) << 48
            | U256::from(self.asm_estimate_kb) << 64
            | U256::from(self.activated_at) << 96
            | U256::from(self.cached as u8) << 160
    }

    fn unpack(v: U256) -> Option<Self> {
        if v.is_zero() {
            return None;
        }
        let f = |shift: usize, bits: usize| -> u64 {
            ((v >> shift) & ((U256::from(1) << bits) - U256::from(1))).to::<u64>()
        };
        Some(Self {
            version: f(0, 16) as u16,
            init_cost: f(16, 16) as u16,
            cached_cost: f(32, 16) as u16,
            footprint: f(48, 16) as u16,
            asm_estimate_kb: f(64, 32) as u32,
            activated_at: f(96, 64),
            cached: f(160, 1) == 1,
        })
    }

    /// Seconds since activation (or the last keepalive).
    pub fn age(&self, now: u64) -> u64 {
        now.saturating_sub(self.activated_at)
    }
}

fn program_slot(codehash: B256) -> U256 {
    slot(b"nitro-devnode.program", codehash.as_slice())
}

/// The activation record of `codehash`, if activated.
pub fn program_record(ctx: &mut Ctx, codehash: B256) -> Option<ProgramRecord> {
    ProgramRecord::unpack(sload(ctx, ARB_WASM, program_slot(codehash)))
}

fn set_program_record(ctx: &mut Ctx, codehash: B256, record: &ProgramRecord) {
    sstore(ctx, ARB_WASM, program_slot(codehash), record.pack());
}

/// Stylus version `codehash` was activated with.
pub fn codehash_version(ctx: &mut Ctx, codehash: B256) -> Option<u16> {
    program_record(ctx, codehash).map(|r| r.version)
}

/// The age of an expired program (`ExpiryDays` after activation), or `None`.
pub fn expired_age(params: &StylusParams, record: &ProgramRecord, now: u64) -> Option<u64> {
    let age = record.age(now);
    (age > params.expiry_days as u64 * 86_400).then_some(age)
}

pub fn program_not_activated() -> Bytes {
    ArbWasm::ProgramNotActivated {}.abi_encode().into()
}

pub fn program_needs_upgrade(version: u16, stylus: u16) -> Bytes {
    ArbWasm::ProgramNeedsUpgrade {
        version,
        stylusVersion: stylus,
    }
    .abi_encode()
    .into()
}

pub fn program_expired(age: u64) -> Bytes {
    ArbWasm::ProgramExpired { ageInSeconds: age }
        .abi_encode()
        .into()
}

fn error_string(msg: impl Into<String>) -> Bytes {
    Error {
        message: msg.into(),
    }
    .abi_encode()
    .into()
}

/// The result of a precompile method: output (or revert data) and the gas it used.
pub(crate) enum Answer {
    Ok(Bytes, u64),
    Revert(Bytes, u64),
    /// A failure that is not a revert (a burn-out): all gas is consumed; the data says why.
    BurnAll(Bytes),
}

impl Answer {
    fn ok(output: impl Into<Bytes>, gas: u64) -> Self {
        Answer::Ok(output.into(), gas)
    }

    fn into_result(self, gas_limit: u64) -> InterpreterResult {
        let (result, output, used) = match self {
            Answer::Ok(o, g) => (InstructionResult::Return, o, g),
            Answer::Revert(o, g) => (InstructionResult::Revert, o, g),
            Answer::BurnAll(o) => (InstructionResult::Revert, o, gas_limit),
        };
        if used > gas_limit {
            return InterpreterResult::new(
                InstructionResult::OutOfGas,
                Bytes::new(),
                Gas::new_spent_with_reservoir(gas_limit, 0),
            );
        }
        let mut gas = Gas::new(gas_limit);
        let _ = gas.record_regular_cost(used);
        InterpreterResult::new(result, output, gas)
    }
}

/// Gas of copying a precompile's arguments: 3 per word after the selector.
fn copy_gas(input: &[u8]) -> u64 {
    3 * (input.len().saturating_sub(4) as u64).div_ceil(32)
}

/// Entry point for calls to an ArbOS precompile address.
pub fn run(
    shared: &Rc<Shared>,
    ctx: &mut Ctx,
    inputs: &CallInputs,
    input: &[u8],
) -> InterpreterResult {
    let gas_limit = inputs.gas_limit;
    let answer = match inputs.bytecode_address {
        ARB_WASM => wasm::run(shared, ctx, inputs, input),
        ARB_WASM_CACHE => cache::run(shared, ctx, inputs, input),
        _ => chain::run(shared, ctx, inputs, input),
    };
    answer.into_result(gas_limit)
}

/// Sends `value` back from a precompile.
fn refund(ctx: &mut Ctx, from: Address, to: Address, value: U256) {
    if !value.is_zero() {
        let _ = ctx.journal_mut().transfer(from, to, value);
    }
}

/// A call's 4-byte selector (zeros when shorter).
pub(crate) fn selector(input: &[u8]) -> [u8; 4] {
    input
        .get(..4)
        .and_then(|s| s.try_into().ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::ProgramRecord;

    #[test]
    fn program_records_round_trip() {
        let r = ProgramRecord {
            version: 2,
            init_cost: 0xfffe,
            cached_cost: 0x1234,
            footprint: 17,
            asm_estimate_kb: 0x00ab_cdef,
            activated_at: 1_764_000_000,
            cached: true,
        };
        assert_eq!(ProgramRecord::unpack(r.pack()), Some(r));
        assert_eq!(ProgramRecord::unpack(Default::default()), None);
    }
}
