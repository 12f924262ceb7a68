//! [`EvmApi`] on revm's journal: what a Stylus program's hostios do to the chain, priced as
//! Nitro's Go side prices them (nitro-metering.md §4, §6).

use super::{frame_output, nested_frame, Ctx, Shared};
use crate::stylus::api::{ApiError, CallKind, CallOutcome, CreateOutcome, EvmApi, HostioTrace};
use alloy_primitives::{Address, Bytes, Log, LogData, B256, U256};
use revm::{
    context::CreateScheme,
    context_interface::{ContextTr, JournalTr},
    interpreter::{CallInput, CallInputs, CallScheme, CallValue, CreateInputs, FrameInput},
    primitives::KECCAK_EMPTY,
};
use std::rc::Rc;

/// Native stack a nested frame may need before it returns; below it a call fails as if the
/// call depth were exceeded, instead of overflowing the thread's stack.
const NESTED_FRAME_STACK: usize = 1024 * 1024;

/// The executor's side of one Stylus frame: it owns the journal while the program runs.
pub struct ExecApi {
    ctx: Ctx,
    shared: Rc<Shared>,
    /// The acting address (storage, logs, balance), its caller and value.
    address: Address,
    caller: Address,
    value: U256,
    is_static: bool,
    return_data: Bytes,
    refund: i64,
}

impl ExecApi {
    pub fn new(ctx: Ctx, shared: Rc<Shared>, inputs: &CallInputs) -> Self {
        Self {
            ctx,
            shared,
            address: inputs.target_address,
            caller: inputs.caller,
            value: inputs.call_value(),
            is_static: inputs.is_static,
            return_data: Bytes::new(),
            refund: 0,
        }
    }

    /// The journal and the SSTORE refunds of the frame.
    pub fn into_parts(self) -> (Ctx, i64) {
        (self.ctx, self.refund)
    }

    fn db<T, E: std::fmt::Debug>(r: Result<T, E>) -> Result<T, ApiError> {
        r.map_err(|e| ApiError::Database(format!("{e:?}")))
    }

    /// Runs a nested frame, traced as the stylusTracer does.
    fn run_frame(
        &mut self,
        input: FrameInput,
        kind: &'static str,
        to: Address,
    ) -> revm::handler::FrameResult {
        if let Some(t) = &self.shared.tracer {
            t.borrow_mut().enter(kind, to);
        }
        self.shared.hostio_frame.set(true);
        let r = nested_frame(&self.shared, &mut self.ctx, input);
        self.shared.hostio_frame.set(false);
        // Every nested frame's SSTORE refunds count for the transaction, as geth's refund
        // counter does (a frame that fails has its refunds undone with its state).
        let (result, _) = frame_output(&r);
        if result.result.is_ok() {
            self.refund += result.gas.refunded();
        }
        if let Some(t) = &self.shared.tracer {
            t.borrow_mut().exit();
        }
        r
    }
}

/// SSTORE gas as geth prices it (EIP-2200 + 2929 + 3529) without the sentry, and the refund.
fn sstore_gas(original: U256, current: U256, new: U256, cold: bool) -> (u64, i64) {
    let mut gas = if cold { 2_100 } else { 0 };
    let mut refund = 0i64;
    if current == new {
        gas += 100;
    } else if original == current {
        if original.is_zero() {
            gas += 20_000;
        } else {
            gas += 2_900;
            if new.is_zero() {
                refund += 4_800;
            }
        }
    } else {
        gas += 100;
        if !original.is_zero() {
            if current.is_zero() {
                refund -= 4_800;
            } else if new.is_zero() {
                refund += 4_800;
            }
        }
        if original == new {
            refund += if original.is_zero() { 19_900 } else { 2_800 };
        }
    }
    (gas, refund)
}

impl EvmApi for ExecApi {
    fn get_bytes32(&mut self, key: B256) -> Result<(B256, u64), ApiError> {
        let r = Self::db(self.ctx.journal_mut().sload(self.address, key.into()))?;
        let gas = if r.is_cold { 2_100 } else { 100 };
        Ok((B256::from(r.data), gas))
    }

    fn set_bytes32_batch(
        &mut self,
        slots: &[(B256, B256)],
        gas_left: u64,
    ) -> Result<u64, ApiError> {
        if self.is_static {
            return Err(ApiError::WriteProtection);
        }
        let mut total = 0u64;
        let mut refund = 0i64;
        for (key, value) in slots {
            let r = Self::db(self.ctx.journal_mut().sstore(
                self.address,
                (*key).into(),
                (*value).into(),
            ))?;
            let s = &r.data;
            let (gas, re) = sstore_gas(s.original_value, s.present_value, s.new_value, r.is_cold);
            total = total.saturating_add(gas);
            refund += re;
            if total > gas_left {
                return Err(ApiError::OutOfGas);
            }
        }
        self.refund += refund;
        Ok(total)
    }

    fn transient_load(&mut self, key: B256) -> Result<B256, ApiError> {
        Ok(self
            .ctx
            .journal_mut()
            .tload(self.address, key.into())
            .into())
    }

    fn transient_store(&mut self, key: B256, value: B256) -> Result<(), ApiError> {
        if self.is_static {
            return Err(ApiError::WriteProtection);
        }
        self.ctx
            .journal_mut()
            .tstore(self.address, key.into(), value.into());
        Ok(())
    }

    fn contract_call(
        &mut self,
        kind: CallKind,
        to: Address,
        input: Bytes,
        gas_left: u64,
        gas_req: u64,
        value: U256,
    ) -> Result<CallOutcome, ApiError> {
        self.return_data = Bytes::new();
        let fail = |cost| CallOutcome {
            cost,
            status: 2,
            return_len: 0,
        };
        if !value.is_zero() && self.is_static {
            return Ok(fail(0));
        }
        let (cold, empty, code_hash, code) = {
            let acc = Self::db(self.ctx.journal_mut().load_account_with_code(to))?;
            let info = &acc.data.info;
            (
                acc.is_cold,
                acc.data.is_empty(),
                info.code_hash,
                info.code.clone().unwrap_or_default(),
            )
        };
        let mut base = 100 + if cold { 2_500 } else { 0 };
        if !value.is_zero() {
            if empty {
                base += 25_000;
            }
            base += 9_000;
        }
        if base > gas_left {
            return Ok(fail(gas_left));
        }
        if stacker::remaining_stack().is_some_and(|left| left < NESTED_FRAME_STACK) {
            // As deep as this thread's stack allows: the call fails like a call too deep.
            return Ok(CallOutcome {
                cost: base,
                status: 1,
                return_len: 0,
            });
        }
        let given = ((gas_left - base) as u128 * 63 / 64) as u64;
        let given = given.min(gas_req);
        let stipend = if value.is_zero() { 0 } else { 2_300 };
        let (target, caller, call_value, scheme, is_static) = match kind {
            CallKind::Call => (
                to,
                self.address,
                CallValue::Transfer(value),
                CallScheme::Call,
                self.is_static,
            ),
            CallKind::Delegate => (
                self.address,
                self.caller,
                CallValue::Apparent(self.value),
                CallScheme::DelegateCall,
                self.is_static,
            ),
            CallKind::Static => (
                to,
                self.address,
                CallValue::Transfer(U256::ZERO),
                CallScheme::StaticCall,
                true,
            ),
        };
        let inputs = CallInputs {
            input: CallInput::Bytes(input),
            return_memory_offset: 0..0,
            gas_limit: given + stipend,
            reservoir: 0,
            bytecode_address: to,
            known_bytecode: (code_hash, code),
            target_address: target,
            caller,
            value: call_value,
            scheme,
            is_static,
            charged_new_account_state_gas: false,
        };
        let frame_kind = match kind {
            CallKind::Call => "evm_call_contract",
            CallKind::Delegate => "evm_delegate_call_contract",
            CallKind::Static => "evm_static_call_contract",
        };
        let result = self.run_frame(FrameInput::Call(Box::new(inputs)), frame_kind, to);
        let (r, _) = frame_output(&result);
        let ok = r.result.is_ok();
        let returned = r.gas.remaining().min(given + stipend);
        self.return_data = r.output.clone();
        Ok(CallOutcome {
            // The stipend is not credited back (§6).
            cost: base + (given + stipend - returned),
            status: if ok { 0 } else { 1 },
            return_len: self.return_data.len() as u32,
        })
    }

    fn create(
        &mut self,
        init_code: Bytes,
        endowment: U256,
        salt: Option<B256>,
        gas_left: u64,
    ) -> Result<Option<CreateOutcome>, ApiError> {
        self.return_data = Bytes::new();
        let words = (init_code.len() as u64).div_ceil(32);
        // No EIP-3860 initcode word gas on Stylus creates.
        let base = 32_000 + if salt.is_some() { 6 * words } else { 0 };
        if gas_left < base {
            return Ok(None);
        }
        let rest = gas_left - base;
        let given = rest - rest / 64;
        let scheme = match salt {
            Some(s) => CreateScheme::Create2 { salt: s.into() },
            None => CreateScheme::Create,
        };
        let inputs = CreateInputs::new(self.address, scheme, endowment, init_code, given, 0);
        let frame_kind = if salt.is_some() {
            "evm_create2"
        } else {
            "evm_create1"
        };
        let result = self.run_frame(
            FrameInput::Create(Box::new(inputs)),
            frame_kind,
            Address::ZERO,
        );
        let (r, address) = frame_output(&result);
        let ok = r.result.is_ok();
        let returned = r.gas.remaining().min(given);
        self.return_data = if ok { Bytes::new() } else { r.output.clone() };
        Ok(Some(CreateOutcome {
            cost: base + (given - returned),
            address: if ok {
                address.unwrap_or_default()
            } else {
                Address::ZERO
            },
            return_len: self.return_data.len() as u32,
        }))
    }

    fn return_data(&self) -> &Bytes {
        &self.return_data
    }

    fn emit_log(&mut self, data: &[u8], topics: usize) -> Result<(), ApiError> {
        if self.is_static {
            return Err(ApiError::WriteProtection);
        }
        if topics > 4 || data.len() < topics * 32 {
            return Err(ApiError::Invalid("bad log topics"));
        }
        let t: Vec<B256> = data[..topics * 32]
            .chunks(32)
            .map(B256::from_slice)
            .collect();
        let payload = Bytes::copy_from_slice(&data[topics * 32..]);
        self.ctx.journal_mut().log(Log {
            address: self.address,
            data: LogData::new_unchecked(t, payload),
        });
        Ok(())
    }

    fn account_balance(&mut self, address: Address) -> Result<(U256, u64), ApiError> {
        let acc = Self::db(self.ctx.journal_mut().load_account(address))?;
        let gas = if acc.is_cold { 2_600 } else { 100 };
        Ok((acc.data.info.balance, gas))
    }

    fn account_code(&mut self, address: Address) -> Result<(Bytes, u64), ApiError> {
        let acc = Self::db(self.ctx.journal_mut().load_account_with_code(address))?;
        let gas = if acc.is_cold { 2_600 } else { 100 };
        let code = acc
            .data
            .info
            .code
            .as_ref()
            .map(|c| c.original_bytes())
            .unwrap_or_default();
        Ok((code, gas))
    }

    fn account_codehash(&mut self, address: Address) -> Result<(B256, u64), ApiError> {
        let acc = Self::db(self.ctx.journal_mut().load_account_with_code(address))?;
        let gas = if acc.is_cold { 2_600 } else { 100 };
        let hash = if acc.data.is_empty() && acc.data.is_loaded_as_not_existing() {
            B256::ZERO
        } else if acc.data.info.code_hash == B256::ZERO {
            KECCAK_EMPTY
        } else {
            acc.data.info.code_hash
        };
        Ok((hash, gas))
    }

    fn add_pages(&mut self, pages: u16) -> u64 {
        let mut p = self.shared.pages.get();
        let gas = p.add_pages(&self.shared.params.memory_model(), pages);
        self.shared.pages.set(p);
        gas
    }

    fn tracing(&self) -> bool {
        self.shared.tracer.is_some()
    }

    fn capture_hostio(&mut self, trace: HostioTrace) {
        if let Some(t) = &self.shared.tracer {
            t.borrow_mut().hostio(trace);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sstore_gas;
    use alloy_primitives::U256;

    #[test]
    fn sstore_gas_follows_eip_2200_2929_3529() {
        let (z, a, b) = (U256::ZERO, U256::from(1), U256::from(2));
        assert_eq!(sstore_gas(z, z, a, true), (22_100, 0));
        assert_eq!(sstore_gas(a, a, b, true), (5_000, 0));
        assert_eq!(sstore_gas(a, a, z, false), (2_900, 4_800));
        assert_eq!(sstore_gas(a, a, a, false), (100, 0));
        // Dirty slots.
        assert_eq!(sstore_gas(z, a, z, false), (100, 19_900));
        assert_eq!(sstore_gas(a, b, a, false), (100, 2_800));
        assert_eq!(sstore_gas(a, z, b, false), (100, -4_800));
        assert_eq!(sstore_gas(a, b, z, false), (100, 4_800));
        assert_eq!(sstore_gas(a, z, a, false), (100, -4_800 + 2_800));
    }
}
