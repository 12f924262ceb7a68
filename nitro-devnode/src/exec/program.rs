//! Calling a Stylus program (nitro-metering.md §5, §6 "Return data floor", §8): the
//! activation checks, the entry charge (memory model, cachedGas, initGas), the run against
//! [`ExecApi`], and the frame's gas and result.

use super::{arbos, stylus_api::ExecApi, Ctx, Shared};
use crate::stylus::{
    api::EvmData,
    pricing::return_data_floor_gas,
    runtime::{Outcome, RunResult},
};
use alloy_primitives::{Bytes, B256, U256};
use revm::{
    context_interface::{Block, ContextTr, Transaction},
    interpreter::{CallInputs, Gas, InstructionResult, InterpreterResult},
};
use std::rc::Rc;

/// L1 blocks are 12 s apart; the devnode's L1 started at the Unix epoch, so a program's
/// `block_number` is the L1 block of the L2 block's timestamp (ArbSys gives the L2 number).
pub const L1_BLOCK_SECONDS: u64 = 12;

/// The L1 block number Stylus programs see at `timestamp`.
pub fn l1_block_number(timestamp: u64) -> u64 {
    timestamp / L1_BLOCK_SECONDS
}

/// A precompile-style failure that is not a revert: all of the frame's gas is consumed. The
/// ArbWasm error is kept as the frame's data so callers can tell why.
fn consume_all(data: Bytes, gas_limit: u64) -> InterpreterResult {
    InterpreterResult::new(
        InstructionResult::Revert,
        data,
        Gas::new_spent_with_reservoir(gas_limit, 0),
    )
}

fn halt(result: InstructionResult, gas_limit: u64) -> InterpreterResult {
    InterpreterResult::new(
        result,
        Bytes::new(),
        Gas::new_spent_with_reservoir(gas_limit, 0),
    )
}

/// Runs the Stylus program `code` (code hash `codehash`) for the call `inputs`.
pub fn call_program(
    shared: &Rc<Shared>,
    ctx: &mut Ctx,
    inputs: &CallInputs,
    code: Bytes,
    codehash: B256,
    reentrant: bool,
) -> InterpreterResult {
    let start_gas = inputs.gas_limit;
    let params = &shared.params;
    let now = ctx.block().timestamp().saturating_to::<u64>();
    let record = match arbos::program_record(ctx, codehash) {
        None => return consume_all(arbos::program_not_activated(), start_gas),
        Some(r) if r.version != params.version => {
            return consume_all(
                arbos::program_needs_upgrade(r.version, params.version),
                start_gas,
            )
        }
        Some(r) => r,
    };
    if let Some(age) = arbos::expired_age(params, &record, now) {
        return consume_all(arbos::program_expired(age), start_gas);
    }
    let program = match shared
        .runtime
        .load(codehash, &code, |a| super::code_of(ctx, a))
    {
        Ok(p) => p,
        Err(_) => return consume_all(arbos::program_not_activated(), start_gas),
    };

    // The entry charge, before any WASM runs.
    let cached = record.cached | shared.recently_called(codehash);
    let mut pages = shared.pages.get();
    let open_before = pages.open;
    let memory_gas = pages.add_pages(&params.memory_model(), record.footprint);
    shared.pages.set(pages);
    let mut call_cost = memory_gas.saturating_add(params.init.cached_gas(record.cached_cost));
    if !cached {
        call_cost = call_cost.saturating_add(params.init.init_gas(record.init_cost));
    }
    let restore_pages = |shared: &Shared| {
        let mut p = shared.pages.get();
        p.open = open_before;
        shared.pages.set(p);
    };
    if start_gas < call_cost {
        restore_pages(shared);
        return halt(InstructionResult::OutOfGas, start_gas);
    }
    let gas = start_gas - call_cost;
    let ink_price = params.ink_price.max(1) as u64;
    let ink = gas.saturating_mul(ink_price);

    let evm = EvmData {
        block_basefee: U256::from(ctx.block().basefee()),
        chain_id: ctx.cfg.chain_id,
        block_coinbase: ctx.block().beneficiary(),
        block_gas_limit: ctx.block().gas_limit(),
        block_number: l1_block_number(now),
        block_timestamp: now,
        contract_address: inputs.target_address,
        msg_sender: inputs.caller,
        msg_value: inputs.call_value(),
        // Arbitrum's GASPRICE is the base fee.
        tx_gas_price: U256::from(ctx.block().basefee()),
        tx_origin: ctx.tx().caller(),
        reentrant,
        read_only: inputs.is_static,
        ink_price: params.ink_price,
        arbos_version: params.arbos_version,
    };
    let args = inputs.input.bytes(ctx);
    let owned = std::mem::replace(ctx, shared.placeholder());
    let api = ExecApi::new(owned, shared.clone(), inputs);
    let (run, api) = shared
        .runtime
        .run(&program, api, evm, args, ink, params.max_stack_depth);
    let (owned, refund) = api.into_parts();
    let placeholder = std::mem::replace(ctx, owned);
    shared.give_back(placeholder);
    restore_pages(shared);
    let run = match run {
        Ok(run) => run,
        // The context is back in place: let the panic reach the chain, which keeps its state.
        Err(panic) => std::panic::resume_unwind(panic),
    };
    frame_result(run, start_gas, ink_price, refund)
}

/// The frame's result: gas left from the ink left (floored), the return-data floor, and
/// the outcome's rule for gas (§8).
fn frame_result(run: RunResult, start_gas: u64, ink_price: u64, refund: i64) -> InterpreterResult {
    let RunResult {
        outcome,
        output,
        ink_left,
    } = run;
    let (result, output) = match outcome {
        Outcome::Success => (InstructionResult::Return, output),
        Outcome::Revert => (InstructionResult::Revert, output),
        Outcome::Failure(_) => (InstructionResult::Revert, Vec::new()),
        Outcome::OutOfInk => return halt(InstructionResult::OutOfGas, start_gas),
        Outcome::OutOfStack => return halt(InstructionResult::CallTooDeep, start_gas),
    };
    let mut gas_left = ink_left / ink_price;
    if !output.is_empty() {
        let floor = return_data_floor_gas(output.len());
        let Some(cap) = start_gas.checked_sub(floor) else {
            return halt(InstructionResult::OutOfGas, start_gas);
        };
        gas_left = gas_left.min(cap);
    }
    let mut gas = Gas::new(start_gas);
    let _ = gas.record_regular_cost(start_gas - gas_left.min(start_gas));
    if result == InstructionResult::Return {
        gas.record_refund(refund);
    }
    InterpreterResult::new(result, Bytes::from(output), gas)
}
