//! ArbWasm (0x71): activation with Nitro's gas and demand-based data fee (nitro-metering.md
//! §7), keepalive, and the Stylus parameters and per-program values.

use super::{
    copy_gas, error_string, expired_age, program_needs_upgrade, program_not_activated,
    program_record, refund, selector, set_program_record, sload, slot, sstore, Answer,
    ProgramRecord,
};
use crate::{
    exec::{Ctx, Shared, ARB_WASM},
    stylus::{
        program::{self, ProgramError},
        runtime::ActivationError,
    },
};
use alloy_primitives::{Address, Bytes, B256, U256};
use alloy_sol_types::{sol, SolCall, SolError, SolEvent, SolValue};
use revm::{
    context_interface::{Block, ContextTr, JournalTr},
    interpreter::CallInputs,
};
use std::rc::Rc;

sol! {
    interface ArbWasm {
        function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
        function stylusVersion() external view returns (uint16 version);
        function codehashVersion(bytes32 codehash) external view returns (uint16 version);
        function codehashKeepalive(bytes32 codehash) external payable returns (uint256 dataFee);
        function codehashAsmSize(bytes32 codehash) external view returns (uint32 size);
        function programVersion(address program) external view returns (uint16 version);
        function programInitGas(address program) external view returns (uint64 gas, uint64 gasWhenCached);
        function programMemoryFootprint(address program) external view returns (uint16 footprint);
        function programTimeLeft(address program) external view returns (uint64 _secs);
        function inkPrice() external view returns (uint32 price);
        function maxStackDepth() external view returns (uint32 depth);
        function freePages() external view returns (uint16 pages);
        function pageGas() external view returns (uint16 gas);
        function pageRamp() external view returns (uint64 ramp);
        function pageLimit() external view returns (uint16 limit);
        function minInitGas() external view returns (uint64 gas, uint64 cached);
        function initCostScalar() external view returns (uint64 percent);
        function expiryDays() external view returns (uint16 _days);
        function keepaliveDays() external view returns (uint16 _days);
        function blockCacheSize() external view returns (uint16 count);
        function activationGas() external view returns (uint64 gas);

        event ProgramActivated(bytes32 indexed codehash, bytes32 moduleHash, address program, uint256 dataFee, uint16 version);
        event ProgramLifetimeExtended(bytes32 indexed codehash, uint256 dataFee);

        error ProgramNotWasm();
        error ProgramNotActivated();
        error ProgramNeedsUpgrade(uint16 version, uint16 stylusVersion);
        error ProgramExpired(uint64 ageInSeconds);
        error ProgramUpToDate();
        error ProgramKeepaliveTooSoon(uint64 ageInSeconds);
        error ProgramInsufficientValue(uint256 have, uint256 want);
    }
}

/// Opening a precompile's context (reading the ArbOS version).
const OPEN_GAS: u64 = 800;
/// An ArbOS storage read and a non-zero write.
const READ_GAS: u64 = 800;
const WRITE_GAS: u64 = 20_000;
/// Reading the Stylus parameters inside a precompile (a warm read).
const PARAMS_GAS: u64 = 100;
/// The fixed part of every activation.
const ACTIVATION_FIXED_GAS: u64 = 1_659_168;
/// ProgramActivated: 1 indexed topic and 128 data bytes.
const ACTIVATED_EVENT_GAS: u64 = 375 + 2 * 375 + 8 * 128;

/// The activation data fee: Nitro's demand-based price per byte of the program's estimated
/// native size (nitro-metering.md §7, "Data fee").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataPricer {
    pub demand: u32,
    pub last_update: u64,
}

impl DataPricer {
    const BYTES_PER_SECOND: u64 = ((1u64 << 40) / 8_760) / 3_600;
    const MIN_PRICE: u64 = 82_928_201;
    const INERTIA: u64 = 21_360_419;
    const INITIAL_LAST_UPDATE: u64 = 1_421_388_000;

    fn slot() -> U256 {
        slot(b"nitro-devnode.data-pricer", &[])
    }

    fn load(ctx: &mut Ctx) -> Self {
        let v = sload(ctx, ARB_WASM, Self::slot());
        if v.is_zero() {
            return Self {
                demand: 0,
                last_update: Self::INITIAL_LAST_UPDATE,
            };
        }
        Self {
            demand: (v & U256::from(u32::MAX)).to::<u32>(),
            last_update: (v >> 32_usize).saturating_to::<u64>(),
        }
    }

    fn store(&self, ctx: &mut Ctx) {
        let v = U256::from(self.demand) | U256::from(self.last_update) << 32;
        sstore(ctx, ARB_WASM, Self::slot(), v);
    }

    /// Adds `bytes` of demand at `now` and returns the fee for them, in wei.
    pub fn update(&mut self, bytes: u32, now: u64) -> U256 {
        let sat32 = |v: u64| v.min(u32::MAX as u64);
        let elapsed = sat32(now.saturating_sub(self.last_update));
        let credit = sat32(Self::BYTES_PER_SECOND.saturating_mul(elapsed));
        let demand = sat32((self.demand as u64).saturating_sub(credit));
        self.demand = sat32(demand + bytes as u64) as u32;
        self.last_update = now;
        let exponent = 10_000 * self.demand as u64 / Self::INERTIA;
        let multiplier = approx_exp_bips(exponent);
        let cost_per_byte = Self::MIN_PRICE as u128 * multiplier as u128 / 10_000;
        U256::from(cost_per_byte) * U256::from(bytes)
    }
}

/// 10,000·e^(x/10,000) by a 12-term Taylor series in Horner form, integer division at
/// each step.
fn approx_exp_bips(x: u64) -> u64 {
    const ONE: u128 = 10_000;
    const TERMS: u128 = 12;
    let x = x as u128;
    let mut res = ONE + x / TERMS;
    for i in (1..TERMS).rev() {
        res = ONE + res * x / (i * ONE);
    }
    res.min(u64::MAX as u128) as u64
}

fn up_to_date(version: u16, params_version: u16) -> bool {
    version == params_version
}

/// Activates the program at `program`: decode, validate and instrument by Nitro's rules,
/// charge the data fee out of `value`, record. Returns (version, data fee, gas used), or the
/// reason as an answer (revert, or a burn-out).
pub(super) fn activate(
    shared: &Rc<Shared>,
    ctx: &mut Ctx,
    program: Address,
    value: U256,
    gas_limit: u64,
) -> Result<(u16, U256, u64), Answer> {
    let params = &shared.params;
    let mut gas = OPEN_GAS + 3;
    if params.arbos_version >= 60 {
        gas += READ_GAS; // the ActivationGas parameter (0 by default)
    }
    gas += ACTIVATION_FIXED_GAS + PARAMS_GAS + READ_GAS;
    let (code, codehash) = {
        let acc = ctx
            .journal_mut()
            .load_account_with_code(program)
            .map_err(|_| Answer::BurnAll(Bytes::new()))?;
        let code = acc
            .data
            .info
            .code
            .as_ref()
            .map(|c| c.original_bytes())
            .unwrap_or_default();
        (code, acc.data.info.code_hash)
    };
    if !program::is_stylus_program(&code, params.arbos_version) {
        return Err(Answer::Revert(
            ArbWasm::ProgramNotWasm {}.abi_encode().into(),
            gas.min(gas_limit),
        ));
    }
    let existing = program_record(ctx, codehash);
    if let Some(r) = existing {
        if r.cached {
            gas += READ_GAS;
        }
        if up_to_date(r.version, params.version) && expired_age(params, &r, now(ctx)).is_none() {
            return Err(Answer::Revert(
                ArbWasm::ProgramUpToDate {}.abi_encode().into(),
                gas.min(gas_limit),
            ));
        }
    }
    // Fragment reads of a root program (ArbOS 60): warm or cold access plus the copy.
    let mut fragment_gas = 0u64;
    let compiled = shared.runtime.compile_code(&code, |a| {
        let (bytes, cold) = match ctx.journal_mut().load_account_with_code(a) {
            Ok(acc) => (
                acc.data
                    .info
                    .code
                    .as_ref()
                    .map(|c| c.original_bytes())
                    .unwrap_or_default(),
                acc.is_cold,
            ),
            Err(_) => (Bytes::new(), true),
        };
        fragment_gas += if cold { 2_600 } else { 100 } + 3 * (bytes.len() as u64).div_ceil(32);
        bytes
    });
    gas += fragment_gas;
    let compiled = compiled.map_err(|e| match e {
        ActivationError::Program(ProgramError::NotWasm) => {
            Answer::Revert(ArbWasm::ProgramNotWasm {}.abi_encode().into(), gas)
        }
        // Validation and compilation failures burn all gas, as on Nitro.
        e => Answer::BurnAll(error_string(format!("activation failed: {e}"))),
    })?;
    let info = &compiled.info;
    gas = gas.saturating_add(info.activation_gas);
    if gas > gas_limit {
        return Err(Answer::BurnAll(Bytes::new()));
    }
    // Storage, data pricer, fee account and event.
    gas += 4 * WRITE_GAS + 5 * READ_GAS + READ_GAS + ACTIVATED_EVENT_GAS + 6;

    let now = now(ctx);
    let mut pricer = DataPricer::load(ctx);
    let fee = pricer.update(info.asm_estimate, now);
    if value < fee {
        return Err(Answer::Revert(
            ArbWasm::ProgramInsufficientValue {
                have: value,
                want: fee,
            }
            .abi_encode()
            .into(),
            gas.min(gas_limit),
        ));
    }
    pricer.store(ctx);
    let record = ProgramRecord {
        version: params.version,
        init_cost: info.init_cost,
        cached_cost: info.cached_cost,
        footprint: info.footprint,
        asm_estimate_kb: info.asm_estimate.div_ceil(1_024),
        activated_at: now,
        cached: existing.is_some_and(|r| r.cached),
    };
    set_program_record(ctx, codehash, &record);
    let module_hash = info.module_hash;
    shared.runtime.insert(codehash, compiled);
    let event = ArbWasm::ProgramActivated {
        codehash,
        moduleHash: module_hash,
        program,
        dataFee: fee,
        version: params.version,
    };
    ctx.journal_mut().log(alloy_primitives::Log {
        address: ARB_WASM,
        data: event.encode_log_data(),
    });
    Ok((params.version, fee, gas))
}

fn now(ctx: &mut Ctx) -> u64 {
    ctx.block().timestamp().saturating_to::<u64>()
}

/// Answers with `f(record)` for an activated, up-to-date, unexpired program.
fn with_program(
    shared: &Shared,
    ctx: &mut Ctx,
    codehash: B256,
    gas: u64,
    f: impl FnOnce(&ProgramRecord, u64) -> Vec<u8>,
) -> Answer {
    let params = &shared.params;
    let now = now(ctx);
    match program_record(ctx, codehash) {
        None => Answer::Revert(program_not_activated(), gas),
        Some(r) if !up_to_date(r.version, params.version) => {
            Answer::Revert(program_needs_upgrade(r.version, params.version), gas)
        }
        Some(r) => match expired_age(params, &r, now) {
            Some(age) => Answer::Revert(super::program_expired(age), gas),
            None => Answer::ok(f(&r, now), gas),
        },
    }
}

pub(super) fn run(shared: &Rc<Shared>, ctx: &mut Ctx, inputs: &CallInputs, input: &[u8]) -> Answer {
    use ArbWasm::*;
    let p = &shared.params;
    let value = inputs.call_value();
    let sel = selector(input);
    let view_gas = OPEN_GAS + copy_gas(input) + PARAMS_GAS;
    let program_gas = view_gas + READ_GAS;
    let payable = [
        activateProgramCall::SELECTOR,
        codehashKeepaliveCall::SELECTOR,
    ];
    if !value.is_zero() && !payable.contains(&sel) {
        return Answer::Revert(Bytes::new(), OPEN_GAS);
    }
    macro_rules! decode {
        ($call:ty) => {
            match <$call>::abi_decode(input) {
                Ok(c) => c,
                Err(_) => return Answer::Revert(Bytes::new(), view_gas),
            }
        };
    }
    match sel {
        activateProgramCall::SELECTOR => {
            if inputs.is_static {
                return Answer::Revert(Bytes::new(), OPEN_GAS);
            }
            let call = decode!(activateProgramCall);
            match activate(shared, ctx, call.program, value, inputs.gas_limit) {
                Ok((version, fee, gas)) => {
                    refund(ctx, ARB_WASM, inputs.caller, value - fee);
                    Answer::ok((version, fee).abi_encode_params(), gas)
                }
                Err(answer) => answer,
            }
        }
        codehashKeepaliveCall::SELECTOR => {
            if inputs.is_static {
                return Answer::Revert(Bytes::new(), OPEN_GAS);
            }
            let call = decode!(codehashKeepaliveCall);
            keepalive(shared, ctx, inputs, call.codehash, value, program_gas)
        }
        stylusVersionCall::SELECTOR => Answer::ok(p.version.abi_encode(), view_gas),
        codehashVersionCall::SELECTOR => {
            let call = decode!(codehashVersionCall);
            with_program(shared, ctx, call.codehash, program_gas, |r, _| {
                r.version.abi_encode()
            })
        }
        codehashAsmSizeCall::SELECTOR => {
            let call = decode!(codehashAsmSizeCall);
            with_program(shared, ctx, call.codehash, program_gas, |r, _| {
                (r.asm_estimate_kb.saturating_mul(1_024)).abi_encode()
            })
        }
        programVersionCall::SELECTOR
        | programInitGasCall::SELECTOR
        | programMemoryFootprintCall::SELECTOR
        | programTimeLeftCall::SELECTOR => {
            let Ok(program) = Address::abi_decode(&input[4..]) else {
                return Answer::Revert(Bytes::new(), view_gas);
            };
            let hash = crate::exec::codehash_of(ctx, program);
            let expiry = p.expiry_days as u64 * 86_400;
            with_program(shared, ctx, hash, program_gas, |r, now| match sel {
                programVersionCall::SELECTOR => r.version.abi_encode(),
                programInitGasCall::SELECTOR => {
                    let cached = p.init.cached_gas(r.cached_cost);
                    (p.init.init_gas(r.init_cost) + cached, cached).abi_encode_params()
                }
                programMemoryFootprintCall::SELECTOR => r.footprint.abi_encode(),
                _ => expiry.saturating_sub(r.age(now)).abi_encode(),
            })
        }
        inkPriceCall::SELECTOR => Answer::ok(p.ink_price.abi_encode(), view_gas),
        maxStackDepthCall::SELECTOR => Answer::ok(p.max_stack_depth.abi_encode(), view_gas),
        freePagesCall::SELECTOR => Answer::ok(p.free_pages.abi_encode(), view_gas),
        pageGasCall::SELECTOR => Answer::ok(p.page_gas.abi_encode(), view_gas),
        // Informational only: the memory model uses its fixed table.
        pageRampCall::SELECTOR => Answer::ok(620_674_314u64.abi_encode(), view_gas),
        pageLimitCall::SELECTOR => Answer::ok(p.page_limit.abi_encode(), view_gas),
        minInitGasCall::SELECTOR => Answer::ok(
            (
                p.init.min_init_gas as u64 * 128,
                p.init.min_cached_init_gas as u64 * 32,
            )
                .abi_encode_params(),
            view_gas,
        ),
        initCostScalarCall::SELECTOR => {
            Answer::ok((p.init.init_cost_scalar as u64 * 2).abi_encode(), view_gas)
        }
        expiryDaysCall::SELECTOR => Answer::ok(p.expiry_days.abi_encode(), view_gas),
        keepaliveDaysCall::SELECTOR => Answer::ok(p.keepalive_days.abi_encode(), view_gas),
        blockCacheSizeCall::SELECTOR => Answer::ok(p.block_cache_size.abi_encode(), view_gas),
        activationGasCall::SELECTOR if p.arbos_version >= 60 => {
            Answer::ok(0u64.abi_encode(), view_gas + READ_GAS)
        }
        _ => Answer::Revert(Bytes::new(), OPEN_GAS),
    }
}

/// `codehashKeepalive`: resets a program's expiry clock for a data fee on its estimated size.
fn keepalive(
    shared: &Rc<Shared>,
    ctx: &mut Ctx,
    inputs: &CallInputs,
    codehash: B256,
    value: U256,
    gas: u64,
) -> Answer {
    let params = &shared.params;
    let now = now(ctx);
    let Some(mut record) = program_record(ctx, codehash) else {
        return Answer::Revert(program_not_activated(), gas);
    };
    if !up_to_date(record.version, params.version) {
        return Answer::Revert(program_needs_upgrade(record.version, params.version), gas);
    }
    if let Some(age) = expired_age(params, &record, now) {
        return Answer::Revert(super::program_expired(age), gas);
    }
    let age = record.age(now);
    if age < params.keepalive_days as u64 * 86_400 {
        return Answer::Revert(
            ArbWasm::ProgramKeepaliveTooSoon { ageInSeconds: age }
                .abi_encode()
                .into(),
            gas,
        );
    }
    let mut pricer = DataPricer::load(ctx);
    let fee = pricer.update(record.asm_estimate_kb.saturating_mul(1_024), now);
    if value < fee {
        return Answer::Revert(
            ArbWasm::ProgramInsufficientValue {
                have: value,
                want: fee,
            }
            .abi_encode()
            .into(),
            gas,
        );
    }
    pricer.store(ctx);
    record.activated_at = now;
    set_program_record(ctx, codehash, &record);
    refund(ctx, ARB_WASM, inputs.caller, value - fee);
    let event = ArbWasm::ProgramLifetimeExtended {
        codehash,
        dataFee: fee,
    };
    ctx.journal_mut().log(alloy_primitives::Log {
        address: ARB_WASM,
        data: event.encode_log_data(),
    });
    Answer::ok(fee.abi_encode(), gas + 2 * WRITE_GAS + 5 * READ_GAS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_pricer_matches_the_sheet_example() {
        assert_eq!(DataPricer::BYTES_PER_SECOND, 34_865);
        assert_eq!(approx_exp_bips(0), 10_000);
        // Demand from 0, B = 500 000: m = 10 236, fee ≈ 4.244·10¹³ wei.
        let mut p = DataPricer {
            demand: 0,
            last_update: DataPricer::INITIAL_LAST_UPDATE,
        };
        let fee = p.update(500_000, 1_764_000_000);
        assert_eq!(p.demand, 500_000);
        assert_eq!(
            approx_exp_bips(10_000 * 500_000 / DataPricer::INERTIA),
            10_236
        );
        assert_eq!(
            fee,
            U256::from(82_928_201u64 * 10_236 / 10_000) * U256::from(500_000)
        );
        // Demand decays by BYTES_PER_SECOND a second.
        let again = p.update(0, 1_764_000_010);
        assert_eq!(p.demand, 500_000 - 348_650);
        assert!(again.is_zero());
    }
}
