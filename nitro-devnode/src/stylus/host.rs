//! The wasmi host: every `vm_hooks` function, on revm's journaled state.
//!
//! Ink: wasmi fuel is the ink meter (1 fuel = [`INK_PER_FUEL`] ink, 1 gas =
//! `ink_price` ink). Host calls charge Nitro's hostio ink plus the EVM-equivalent gas.

use super::INK_PER_FUEL;
use crate::exec::{self, arbos, Ctx, Shared};
use alloy_primitives::{keccak256, Address, Bytes, Log, LogData, B256, U256};
use revm::{
    context::CreateScheme,
    context_interface::{Block, ContextTr, JournalTr, Transaction},
    handler::FrameResult,
    interpreter::{
        CallInput, CallInputs, CallScheme, CallValue, CreateInputs, FrameInput, Gas,
        InstructionResult, InterpreterResult,
    },
    primitives::KECCAK_EMPTY,
};
use std::rc::Rc;
use wasmi::{Caller, Error, Linker, Memory, Store, StoreLimits, StoreLimitsBuilder, TrapCode};

/// Nitro's base hostio cost.
const HOSTIO_INK: u64 = 8400;
/// Nitro's per-pointer cost.
const PTR_INK: u64 = 5040;
/// Nitro's cost of hostios that reach into the EVM.
const EVM_API_INK: u64 = 59_673;
/// Flat program-entry cost in gas (approximates Nitro's init + memory page costs).
pub const PROGRAM_INIT_GAS: u64 = 2_000;

/// How the program stopped, when not by returning from `user_entrypoint`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Exit {
    Early(u32),
    OutOfInk,
    Trap(String),
}

/// The store data of one Stylus call frame.
pub struct HostState {
    ctx: Option<Ctx>,
    shared: Rc<Shared>,
    address: Address,
    caller: Address,
    value: U256,
    is_static: bool,
    reentrant: bool,
    args: Bytes,
    output: Vec<u8>,
    return_data: Bytes,
    memory: Option<Memory>,
    exit: Option<Exit>,
    limits: StoreLimits,
}

type C<'a> = Caller<'a, HostState>;

fn trap(c: &mut C, reason: impl Into<String>) -> Error {
    let reason = reason.into();
    if c.data().exit.is_none() {
        c.data_mut().exit = Some(Exit::Trap(reason.clone()));
    }
    Error::new(reason)
}

fn ctx<'a>(c: &'a mut C) -> &'a mut Ctx {
    c.data_mut()
        .ctx
        .as_mut()
        .expect("ctx present outside nested calls")
}

fn charge_ink(c: &mut C, ink: u64) -> Result<(), Error> {
    let fuel = c.get_fuel().unwrap_or(0);
    let cost = ink.div_ceil(INK_PER_FUEL);
    if fuel < cost {
        let _ = c.set_fuel(0);
        c.data_mut().exit = Some(Exit::OutOfInk);
        return Err(Error::new("out of ink"));
    }
    let _ = c.set_fuel(fuel - cost);
    Ok(())
}

fn ink_price(c: &C) -> u64 {
    c.data().shared.params.ink_price as u64
}

fn charge_gas(c: &mut C, gas: u64) -> Result<(), Error> {
    let ink = gas.saturating_mul(ink_price(c));
    charge_ink(c, ink)
}

fn gas_left(c: &C) -> u64 {
    c.get_fuel().unwrap_or(0).saturating_mul(INK_PER_FUEL) / ink_price(c)
}

fn read(c: &mut C, ptr: i32, len: i32) -> Result<Vec<u8>, Error> {
    let mem = c.data().memory.expect("memory set after instantiation");
    let mut buf = vec![0u8; len as u32 as usize];
    mem.read(&*c, ptr as u32 as usize, &mut buf)
        .map_err(|_| trap(c, "memory access out of bounds"))?;
    Ok(buf)
}

fn read32(c: &mut C, ptr: i32) -> Result<[u8; 32], Error> {
    let v = read(c, ptr, 32)?;
    Ok(v.try_into().expect("32 bytes"))
}

fn read_addr(c: &mut C, ptr: i32) -> Result<Address, Error> {
    Ok(Address::from_slice(&read(c, ptr, 20)?))
}

fn write(c: &mut C, ptr: i32, data: &[u8]) -> Result<(), Error> {
    let mem = c.data().memory.expect("memory set after instantiation");
    mem.write(&mut *c, ptr as u32 as usize, data)
        .map_err(|_| trap(c, "memory access out of bounds"))
}

fn write_u32(c: &mut C, ptr: i32, v: u32) -> Result<(), Error> {
    write(c, ptr, &v.to_le_bytes())
}

fn write_protect(c: &mut C) -> Result<(), Error> {
    if c.data().is_static {
        return Err(trap(c, "write protection: state change in a static call"));
    }
    Ok(())
}

/// Runs `input` as a nested frame on the frame's journal.
fn nested(c: &mut C, input: FrameInput) -> FrameResult {
    let shared = c.data().shared.clone();
    let mut ctx = c.data_mut().ctx.take().expect("ctx present");
    let r = exec::nested_frame(&shared, &mut ctx, input);
    c.data_mut().ctx = Some(ctx);
    r
}

/// Gas for a child: all but 1/64th of what is left after `base`, capped by `requested`.
fn child_gas(c: &mut C, base: u64, requested: u64) -> Result<u64, Error> {
    charge_gas(c, base)?;
    let left = gas_left(c);
    let give = requested.min(left - left / 64);
    charge_gas(c, give)?;
    Ok(give)
}

fn refund_gas(c: &mut C, gas: u64) {
    let fuel = c.get_fuel().unwrap_or(0);
    let add = gas.saturating_mul(ink_price(c)) / INK_PER_FUEL;
    let _ = c.set_fuel(fuel.saturating_add(add));
}

#[derive(Clone, Copy)]
enum Kind {
    Call,
    Delegate,
    Static,
}

#[allow(clippy::too_many_arguments)]
fn do_call(
    c: &mut C,
    kind: Kind,
    addr: i32,
    data: i32,
    len: i32,
    value: Option<i32>,
    gas: i64,
    ret_len: i32,
) -> Result<i32, Error> {
    charge_ink(c, HOSTIO_INK + 3 * PTR_INK + EVM_API_INK)?;
    let to = read_addr(c, addr)?;
    let calldata = Bytes::from(read(c, data, len)?);
    let value = match value {
        Some(p) => U256::from_be_bytes(read32(c, p)?),
        None => U256::ZERO,
    };
    if !value.is_zero() {
        write_protect(c)?;
    }
    let (is_cold, code_hash, code) = {
        let acc = ctx(c)
            .journal_mut()
            .load_account_with_code(to)
            .map_err(|_| Error::new("db"))?;
        let code = acc.data.info.code.clone().unwrap_or_default();
        (acc.is_cold, acc.data.info.code_hash, code)
    };
    let mut base = if is_cold { 2600 } else { 100 };
    if !value.is_zero() {
        base += 9000;
    }
    let give = child_gas(c, base, gas as u64)?;
    let stipend = if value.is_zero() { 0 } else { 2300 };
    let st = c.data();
    let (target, caller, call_value, scheme, is_static) = match kind {
        Kind::Call => (
            to,
            st.address,
            CallValue::Transfer(value),
            CallScheme::Call,
            st.is_static,
        ),
        Kind::Delegate => (
            st.address,
            st.caller,
            CallValue::Apparent(st.value),
            CallScheme::DelegateCall,
            st.is_static,
        ),
        Kind::Static => (
            to,
            st.address,
            CallValue::Transfer(U256::ZERO),
            CallScheme::StaticCall,
            true,
        ),
    };
    let inputs = CallInputs {
        input: CallInput::Bytes(calldata),
        return_memory_offset: 0..0,
        gas_limit: give + stipend,
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
    let result = nested(c, FrameInput::Call(Box::new(inputs)));
    let (r, _) = exec::frame_output(&result);
    let ok = r.result.is_ok();
    let remaining = r.gas.remaining().min(give);
    let out = r.output.clone();
    refund_gas(c, remaining);
    let n = out.len() as u32;
    c.data_mut().return_data = out;
    write_u32(c, ret_len, n)?;
    Ok(if ok { 0 } else { 1 })
}

fn do_create(
    c: &mut C,
    code: i32,
    code_len: i32,
    endowment: i32,
    salt: Option<i32>,
    addr_out: i32,
    revert_len: i32,
) -> Result<(), Error> {
    charge_ink(c, HOSTIO_INK + 3 * PTR_INK + EVM_API_INK)?;
    write_protect(c)?;
    let init = Bytes::from(read(c, code, code_len)?);
    let value = U256::from_be_bytes(read32(c, endowment)?);
    let scheme = match salt {
        Some(p) => CreateScheme::Create2 {
            salt: U256::from_be_bytes(read32(c, p)?),
        },
        None => CreateScheme::Create,
    };
    let words = (init.len() as u64).div_ceil(32);
    let base = 32_000 + 2 * words + if salt.is_some() { 6 * words } else { 0 };
    let give = child_gas(c, base, u64::MAX)?;
    let caller = c.data().address;
    let inputs = CreateInputs::new(caller, scheme, value, init, give, 0);
    let result = nested(c, FrameInput::Create(Box::new(inputs)));
    let (r, addr) = exec::frame_output(&result);
    let ok = r.result.is_ok();
    let remaining = r.gas.remaining().min(give);
    let out = if ok { Bytes::new() } else { r.output.clone() };
    let addr = if ok {
        addr.unwrap_or_default()
    } else {
        Address::ZERO
    };
    refund_gas(c, remaining);
    let n = out.len() as u32;
    c.data_mut().return_data = out;
    write(c, addr_out, addr.as_slice())?;
    write_u32(c, revert_len, n)
}

macro_rules! hook {
    ($linker:ident, $name:literal, $f:expr) => {
        $linker.func_wrap("vm_hooks", $name, $f)?;
    };
}

/// Defines every `vm_hooks` function on `linker`.
pub fn define(linker: &mut Linker<HostState>) -> Result<(), Error> {
    hook!(linker, "read_args", |mut c: C,
                                dest: i32|
     -> Result<(), Error> {
        charge_ink(&mut c, HOSTIO_INK + PTR_INK)?;
        let args = c.data().args.clone();
        charge_ink(&mut c, 30 * args.len() as u64)?;
        write(&mut c, dest, &args)
    });
    hook!(linker, "write_result", |mut c: C,
                                   data: i32,
                                   len: i32|
     -> Result<(), Error> {
        charge_ink(&mut c, HOSTIO_INK + PTR_INK + 30 * len.max(0) as u64)?;
        let out = read(&mut c, data, len)?;
        c.data_mut().output = out;
        Ok(())
    });
    hook!(linker, "exit_early", |mut c: C,
                                 status: i32|
     -> Result<(), Error> {
        c.data_mut().exit = Some(Exit::Early(status as u32));
        Err(Error::new("exit_early"))
    });
    hook!(linker, "storage_load_bytes32", |mut c: C,
                                           key: i32,
                                           dest: i32|
     -> Result<(), Error> {
        charge_ink(&mut c, HOSTIO_INK + 2 * PTR_INK + EVM_API_INK)?;
        let key = U256::from_be_bytes(read32(&mut c, key)?);
        let addr = c.data().address;
        let v = ctx(&mut c)
            .journal_mut()
            .sload(addr, key)
            .map_err(|_| Error::new("db"))?;
        charge_gas(&mut c, if v.is_cold { 2100 } else { 100 })?;
        write(&mut c, dest, &v.data.to_be_bytes::<32>())
    });
    hook!(linker, "storage_cache_bytes32", |mut c: C,
                                            key: i32,
                                            value: i32|
     -> Result<(), Error> {
        charge_ink(&mut c, HOSTIO_INK + 2 * PTR_INK)?;
        write_protect(&mut c)?;
        let key = U256::from_be_bytes(read32(&mut c, key)?);
        let value = U256::from_be_bytes(read32(&mut c, value)?);
        let addr = c.data().address;
        let r = ctx(&mut c)
            .journal_mut()
            .sstore(addr, key, value)
            .map_err(|_| Error::new("db"))?;
        let s = &r.data;
        let mut gas = if s.new_value == s.present_value || s.original_value != s.present_value {
            100
        } else if s.original_value.is_zero() {
            20_000
        } else {
            2_900
        };
        if r.is_cold {
            gas += 2_100;
        }
        charge_gas(&mut c, gas)
    });
    hook!(linker, "storage_flush_cache", |mut c: C,
                                          _clear: i32|
     -> Result<(), Error> {
        // Writes go straight to the journal, so there is nothing to persist.
        charge_ink(&mut c, HOSTIO_INK + EVM_API_INK)
    });
    hook!(linker, "transient_load_bytes32", |mut c: C,
                                             key: i32,
                                             dest: i32|
     -> Result<(), Error> {
        charge_ink(&mut c, HOSTIO_INK + 2 * PTR_INK + EVM_API_INK)?;
        charge_gas(&mut c, 100)?;
        let key = U256::from_be_bytes(read32(&mut c, key)?);
        let addr = c.data().address;
        let v = ctx(&mut c).journal_mut().tload(addr, key);
        write(&mut c, dest, &v.to_be_bytes::<32>())
    });
    hook!(
        linker,
        "transient_store_bytes32",
        |mut c: C, key: i32, value: i32| -> Result<(), Error> {
            charge_ink(&mut c, HOSTIO_INK + 2 * PTR_INK + EVM_API_INK)?;
            charge_gas(&mut c, 100)?;
            write_protect(&mut c)?;
            let key = U256::from_be_bytes(read32(&mut c, key)?);
            let value = U256::from_be_bytes(read32(&mut c, value)?);
            let addr = c.data().address;
            ctx(&mut c).journal_mut().tstore(addr, key, value);
            Ok(())
        }
    );
    hook!(
        linker,
        "call_contract",
        |mut c: C, a: i32, d: i32, l: i32, v: i32, g: i64, r: i32| {
            do_call(&mut c, Kind::Call, a, d, l, Some(v), g, r)
        }
    );
    hook!(
        linker,
        "delegate_call_contract",
        |mut c: C, a: i32, d: i32, l: i32, g: i64, r: i32| {
            do_call(&mut c, Kind::Delegate, a, d, l, None, g, r)
        }
    );
    hook!(
        linker,
        "static_call_contract",
        |mut c: C, a: i32, d: i32, l: i32, g: i64, r: i32| {
            do_call(&mut c, Kind::Static, a, d, l, None, g, r)
        }
    );
    hook!(linker, "create1", |mut c: C,
                              code: i32,
                              len: i32,
                              e: i32,
                              out: i32,
                              rl: i32| {
        do_create(&mut c, code, len, e, None, out, rl)
    });
    hook!(linker, "create2", |mut c: C,
                              code: i32,
                              len: i32,
                              e: i32,
                              s: i32,
                              out: i32,
                              rl: i32| {
        do_create(&mut c, code, len, e, Some(s), out, rl)
    });
    hook!(linker, "read_return_data", |mut c: C,
                                       dest: i32,
                                       offset: i32,
                                       size: i32|
     -> Result<i32, Error> {
        charge_ink(&mut c, HOSTIO_INK + EVM_API_INK)?;
        let rd = c.data().return_data.clone();
        let start = (offset as u32 as usize).min(rd.len());
        let end = start.saturating_add(size as u32 as usize).min(rd.len());
        charge_ink(&mut c, 30 * (end - start) as u64)?;
        write(&mut c, dest, &rd[start..end])?;
        Ok((end - start) as i32)
    });
    hook!(
        linker,
        "return_data_size",
        |mut c: C| -> Result<i32, Error> {
            charge_ink(&mut c, HOSTIO_INK)?;
            Ok(c.data().return_data.len() as i32)
        }
    );
    hook!(linker, "emit_log", |mut c: C,
                               data: i32,
                               len: i32,
                               topics: i32|
     -> Result<(), Error> {
        charge_ink(&mut c, HOSTIO_INK + EVM_API_INK)?;
        write_protect(&mut c)?;
        let topics = topics as u32 as usize;
        if topics > 4 || (len as u32 as usize) < topics * 32 {
            return Err(trap(&mut c, "bad log"));
        }
        let bytes = read(&mut c, data, len)?;
        charge_gas(
            &mut c,
            375 + 375 * topics as u64 + 8 * (bytes.len() - topics * 32) as u64,
        )?;
        let t: Vec<B256> = bytes[..topics * 32]
            .chunks(32)
            .map(B256::from_slice)
            .collect();
        let payload = Bytes::copy_from_slice(&bytes[topics * 32..]);
        let address = c.data().address;
        ctx(&mut c).journal_mut().log(Log {
            address,
            data: LogData::new_unchecked(t, payload),
        });
        Ok(())
    });
    hook!(linker, "native_keccak256", |mut c: C,
                                       data: i32,
                                       len: i32,
                                       out: i32|
     -> Result<(), Error> {
        charge_ink(&mut c, HOSTIO_INK + 2 * PTR_INK)?;
        charge_gas(&mut c, 30 + 6 * (len.max(0) as u64).div_ceil(32))?;
        let bytes = read(&mut c, data, len)?;
        write(&mut c, out, keccak256(bytes).as_slice())
    });
    hook!(linker, "account_balance", |mut c: C,
                                      addr: i32,
                                      dest: i32|
     -> Result<(), Error> {
        charge_ink(&mut c, HOSTIO_INK + 2 * PTR_INK + EVM_API_INK)?;
        let a = read_addr(&mut c, addr)?;
        let (bal, cold) = {
            let acc = ctx(&mut c)
                .journal_mut()
                .load_account(a)
                .map_err(|_| Error::new("db"))?;
            (acc.data.info.balance, acc.is_cold)
        };
        charge_gas(&mut c, if cold { 2600 } else { 100 })?;
        write(&mut c, dest, &bal.to_be_bytes::<32>())
    });
    hook!(linker, "account_code", |mut c: C,
                                   addr: i32,
                                   offset: i32,
                                   size: i32,
                                   dest: i32|
     -> Result<i32, Error> {
        charge_ink(&mut c, HOSTIO_INK + 2 * PTR_INK + EVM_API_INK)?;
        let a = read_addr(&mut c, addr)?;
        let code = exec::code_of(ctx(&mut c), a);
        let start = (offset as u32 as usize).min(code.len());
        let end = start.saturating_add(size as u32 as usize).min(code.len());
        charge_gas(&mut c, 100 + 3 * ((end - start) as u64).div_ceil(32))?;
        write(&mut c, dest, &code[start..end])?;
        Ok((end - start) as i32)
    });
    hook!(linker, "account_code_size", |mut c: C,
                                        addr: i32|
     -> Result<i32, Error> {
        charge_ink(&mut c, HOSTIO_INK + PTR_INK + EVM_API_INK)?;
        charge_gas(&mut c, 100)?;
        let a = read_addr(&mut c, addr)?;
        Ok(exec::code_of(ctx(&mut c), a).len() as i32)
    });
    hook!(linker, "account_codehash", |mut c: C,
                                       addr: i32,
                                       dest: i32|
     -> Result<(), Error> {
        charge_ink(&mut c, HOSTIO_INK + 2 * PTR_INK + EVM_API_INK)?;
        charge_gas(&mut c, 100)?;
        let a = read_addr(&mut c, addr)?;
        let hash = ctx(&mut c)
            .journal_mut()
            .load_account_with_code(a)
            .map(|acc| acc.data.info.code_hash)
            .unwrap_or(KECCAK_EMPTY);
        let hash = if hash == B256::ZERO {
            KECCAK_EMPTY
        } else {
            hash
        };
        write(&mut c, dest, hash.as_slice())
    });
    hook!(linker, "evm_gas_left", |mut c: C| -> Result<i64, Error> {
        charge_ink(&mut c, HOSTIO_INK)?;
        Ok(gas_left(&c) as i64)
    });
    hook!(linker, "evm_ink_left", |mut c: C| -> Result<i64, Error> {
        charge_ink(&mut c, HOSTIO_INK)?;
        Ok(c.get_fuel().unwrap_or(0).saturating_mul(INK_PER_FUEL) as i64)
    });
    hook!(linker, "block_basefee", |mut c: C,
                                    dest: i32|
     -> Result<(), Error> {
        charge_ink(&mut c, HOSTIO_INK + PTR_INK)?;
        let v = U256::from(ctx(&mut c).block().basefee());
        write(&mut c, dest, &v.to_be_bytes::<32>())
    });
    hook!(linker, "chainid", |mut c: C| -> Result<i64, Error> {
        charge_ink(&mut c, HOSTIO_INK)?;
        Ok(ctx(&mut c).cfg.chain_id as i64)
    });
    hook!(linker, "block_coinbase", |mut c: C,
                                     dest: i32|
     -> Result<(), Error> {
        charge_ink(&mut c, HOSTIO_INK + PTR_INK)?;
        let v = ctx(&mut c).block().beneficiary();
        write(&mut c, dest, v.as_slice())
    });
    hook!(
        linker,
        "block_gas_limit",
        |mut c: C| -> Result<i64, Error> {
            charge_ink(&mut c, HOSTIO_INK)?;
            Ok(ctx(&mut c).block().gas_limit() as i64)
        }
    );
    hook!(linker, "block_number", |mut c: C| -> Result<i64, Error> {
        charge_ink(&mut c, HOSTIO_INK)?;
        Ok(ctx(&mut c).block().number().saturating_to::<u64>() as i64)
    });
    hook!(
        linker,
        "block_timestamp",
        |mut c: C| -> Result<i64, Error> {
            charge_ink(&mut c, HOSTIO_INK)?;
            Ok(ctx(&mut c).block().timestamp().saturating_to::<u64>() as i64)
        }
    );
    hook!(linker, "contract_address", |mut c: C,
                                       dest: i32|
     -> Result<(), Error> {
        charge_ink(&mut c, HOSTIO_INK + PTR_INK)?;
        let a = c.data().address;
        write(&mut c, dest, a.as_slice())
    });
    hook!(linker, "msg_reentrant", |mut c: C| -> Result<i32, Error> {
        charge_ink(&mut c, HOSTIO_INK)?;
        Ok(c.data().reentrant as i32)
    });
    hook!(linker, "msg_sender", |mut c: C,
                                 dest: i32|
     -> Result<(), Error> {
        charge_ink(&mut c, HOSTIO_INK + PTR_INK)?;
        let a = c.data().caller;
        write(&mut c, dest, a.as_slice())
    });
    hook!(linker, "msg_value", |mut c: C,
                                dest: i32|
     -> Result<(), Error> {
        charge_ink(&mut c, HOSTIO_INK + PTR_INK)?;
        let v = c.data().value;
        write(&mut c, dest, &v.to_be_bytes::<32>())
    });
    hook!(linker, "tx_gas_price", |mut c: C,
                                   dest: i32|
     -> Result<(), Error> {
        charge_ink(&mut c, HOSTIO_INK + PTR_INK)?;
        let x = ctx(&mut c);
        let basefee = x.block().basefee() as u128;
        let v = U256::from(x.tx().effective_gas_price(basefee));
        write(&mut c, dest, &v.to_be_bytes::<32>())
    });
    hook!(linker, "tx_ink_price", |mut c: C| -> Result<i32, Error> {
        charge_ink(&mut c, HOSTIO_INK)?;
        Ok(ink_price(&c) as i32)
    });
    hook!(linker, "tx_origin", |mut c: C,
                                dest: i32|
     -> Result<(), Error> {
        charge_ink(&mut c, HOSTIO_INK + PTR_INK)?;
        let a = ctx(&mut c).tx().caller();
        write(&mut c, dest, a.as_slice())
    });
    hook!(linker, "pay_for_memory_grow", |mut c: C,
                                          pages: i32|
     -> Result<(), Error> {
        charge_ink(&mut c, HOSTIO_INK)?;
        let page_gas = c.data().shared.params.page_gas as u64;
        charge_gas(&mut c, page_gas * (pages as u16) as u64)
    });
    fn math2(c: &mut C, a: i32, b: i32, f: fn(U256, U256) -> U256) -> Result<(), Error> {
        charge_ink(c, HOSTIO_INK + 2 * PTR_INK + 10_000)?;
        let x = U256::from_be_bytes(read32(c, a)?);
        let y = U256::from_be_bytes(read32(c, b)?);
        write(c, a, &f(x, y).to_be_bytes::<32>())
    }
    fn math3(
        c: &mut C,
        a: i32,
        b: i32,
        m: i32,
        f: fn(U256, U256, U256) -> U256,
    ) -> Result<(), Error> {
        charge_ink(c, HOSTIO_INK + 3 * PTR_INK + 10_000)?;
        let x = U256::from_be_bytes(read32(c, a)?);
        let y = U256::from_be_bytes(read32(c, b)?);
        let z = U256::from_be_bytes(read32(c, m)?);
        write(c, a, &f(x, y, z).to_be_bytes::<32>())
    }
    hook!(linker, "math_div", |mut c: C, a: i32, b: i32| math2(
        &mut c,
        a,
        b,
        |x, y| { x.checked_div(y).unwrap_or_default() }
    ));
    hook!(linker, "math_mod", |mut c: C, a: i32, b: i32| math2(
        &mut c,
        a,
        b,
        |x, y| { x.checked_rem(y).unwrap_or_default() }
    ));
    hook!(linker, "math_pow", |mut c: C, a: i32, b: i32| math2(
        &mut c,
        a,
        b,
        |x, y| x.wrapping_pow(y)
    ));
    hook!(
        linker,
        "math_add_mod",
        |mut c: C, a: i32, b: i32, m: i32| math3(&mut c, a, b, m, |x, y, m| { x.add_mod(y, m) })
    );
    hook!(
        linker,
        "math_mul_mod",
        |mut c: C, a: i32, b: i32, m: i32| math3(&mut c, a, b, m, |x, y, m| { x.mul_mod(y, m) })
    );
    Ok(())
}

/// Executes the Stylus program `code` for the call `inputs` on `ctx`'s journal.
pub fn run_program(
    shared: &Rc<Shared>,
    ctx: &mut Ctx,
    inputs: &CallInputs,
    code: Bytes,
    codehash: B256,
    reentrant: bool,
) -> InterpreterResult {
    let gas_limit = inputs.gas_limit;
    let params = &shared.params;
    match arbos::codehash_version(ctx, codehash) {
        Some(v) if v == params.version => {}
        Some(v) => {
            return exec::revert_result(
                arbos::program_needs_upgrade(v, params.version),
                gas_limit,
                0,
            )
        }
        None => return exec::revert_result(arbos::program_not_activated(), gas_limit, 0),
    }
    let program = match shared
        .runtime
        .load(codehash, &code, |a| exec::code_of(ctx, a))
    {
        Ok(p) => p,
        Err(_) => return exec::revert_result(arbos::program_not_activated(), gas_limit, 0),
    };
    if gas_limit < PROGRAM_INIT_GAS {
        return out_of_gas(gas_limit);
    }
    let args = inputs.input.bytes(ctx);
    let owned = std::mem::replace(ctx, shared.placeholder());
    let state = HostState {
        ctx: Some(owned),
        shared: shared.clone(),
        address: inputs.target_address,
        caller: inputs.caller,
        value: inputs.call_value(),
        is_static: inputs.is_static,
        reentrant,
        args: args.clone(),
        output: Vec::new(),
        return_data: Bytes::new(),
        memory: None,
        exit: None,
        limits: StoreLimitsBuilder::new()
            .memory_size(params.page_limit as usize * 65_536)
            .instances(1)
            .build(),
    };
    let runtime = &shared.runtime;
    let mut store = Store::new(runtime.engine(), state);
    store.limiter(|s| &mut s.limits);
    let fuel =
        (gas_limit - PROGRAM_INIT_GAS).saturating_mul(params.ink_price as u64) / INK_PER_FUEL;
    let _ = store.set_fuel(fuel);
    let outcome = (|| {
        let instance = runtime
            .linker()
            .instantiate_and_start(&mut store, &program.module)?;
        let memory = instance
            .get_memory(&store, "memory")
            .ok_or_else(|| Error::new("no memory export"))?;
        store.data_mut().memory = Some(memory);
        let entry = instance.get_typed_func::<i32, i32>(&store, "user_entrypoint")?;
        entry.call(&mut store, args.len() as i32)
    })();
    let fuel_left = store.get_fuel().unwrap_or(0);
    let state = store.into_data();
    let placeholder = std::mem::replace(ctx, state.ctx.expect("ctx returned by nested calls"));
    shared.give_back(placeholder);
    let gas_left = fuel_left.saturating_mul(INK_PER_FUEL) / params.ink_price as u64;
    let used = gas_limit - gas_left.min(gas_limit - PROGRAM_INIT_GAS);
    let mut gas = Gas::new(gas_limit);
    let _ = gas.record_regular_cost(used);
    let output = Bytes::from(state.output);
    let status = match (&outcome, &state.exit) {
        (Ok(s), _) => Some(*s as u32),
        (Err(_), Some(Exit::Early(s))) => Some(*s),
        (Err(_), Some(Exit::OutOfInk)) => return out_of_gas(gas_limit),
        (Err(e), _) if e.as_trap_code() == Some(TrapCode::OutOfFuel) => {
            return out_of_gas(gas_limit)
        }
        (Err(_), _) => None,
    };
    match status {
        Some(0) => InterpreterResult::new(InstructionResult::Return, output, gas),
        Some(_) => InterpreterResult::new(InstructionResult::Revert, output, gas),
        // A trap: the call fails with no data (Nitro's `Failure`).
        None => InterpreterResult::new(InstructionResult::Revert, Bytes::new(), gas),
    }
}

fn out_of_gas(gas_limit: u64) -> InterpreterResult {
    InterpreterResult::new(
        InstructionResult::OutOfGas,
        Bytes::new(),
        Gas::new_spent_with_reservoir(gas_limit, 0),
    )
}
