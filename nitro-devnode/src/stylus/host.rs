//! The wasmi host: every `vm_hooks` function, priced as Nitro prices it (nitro-metering.md §3),
//! generic over the executor behind [`EvmApi`].
//!
//! Ink lives in the instrumented module's `stylus_ink_left` global, which the module's own
//! block meter decrements; hostios buy their ink and gas from the same global. A shortfall is
//! "out of ink": the status global is set and the program traps, consuming all gas.

use super::{
    api::{CallKind, EvmApi, EvmData, HostioTrace},
    instrument::{INK_LEFT, INK_STATUS, STACK_LEFT},
    pricing::*,
    storage::StorageCache,
};
use alloy_primitives::{keccak256, Address, Bytes, B256, U256};
use wasmi::{Caller, Error, Global, Linker, Memory, StoreLimits, Val};

/// How the program stopped, when not by returning from `user_entrypoint`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exit {
    /// `exit_early(status)`.
    Early(u32),
    /// A hostio could not buy its ink or gas.
    OutOfInk,
    /// The program failed (bad memory access, refused hostio, …): a revert with no data.
    Failure(String),
}

/// The instrumentation's globals, looked up once per instance.
#[derive(Debug, Clone, Copy)]
pub struct Meter {
    pub ink_left: Global,
    pub ink_status: Global,
    pub stack_left: Global,
}

/// The store data of one Stylus call frame.
pub struct HostState<A> {
    pub api: A,
    pub evm: EvmData,
    pub args: Bytes,
    pub output: Vec<u8>,
    pub exit: Option<Exit>,
    pub memory: Option<Memory>,
    pub meter: Option<Meter>,
    pub limits: StoreLimits,
    storage: StorageCache,
    /// Nitro's cache of the last account code looked up (it then costs no gas).
    last_code: Option<(Address, Bytes)>,
    tracing: bool,
}

impl<A: EvmApi> HostState<A> {
    pub fn new(api: A, evm: EvmData, args: Bytes, limits: StoreLimits) -> Self {
        let tracing = api.tracing();
        Self {
            api,
            evm,
            args,
            output: Vec::new(),
            exit: None,
            memory: None,
            meter: None,
            limits,
            storage: StorageCache::default(),
            last_code: None,
            tracing,
        }
    }
}

type C<'a, A> = Caller<'a, HostState<A>>;

fn meter<A>(c: &C<A>) -> Meter {
    c.data().meter.expect("meter set after instantiation")
}

/// Ink left in the frame.
pub fn ink_left<A>(c: &C<A>) -> u64 {
    match meter(c).ink_left.get(c) {
        Val::I64(v) => v as u64,
        _ => 0,
    }
}

fn set_ink<A>(c: &mut C<A>, ink: u64) {
    let g = meter(c).ink_left;
    let _ = g.set(&mut *c, Val::I64(ink as i64));
}

fn out_of_ink<A>(c: &mut C<A>) -> Error {
    set_ink(c, 0);
    let status = meter(c).ink_status;
    let _ = status.set(&mut *c, Val::I32(1));
    c.data_mut().exit = Some(Exit::OutOfInk);
    Error::new("out of ink")
}

fn fail<A>(c: &mut C<A>, reason: impl Into<String>) -> Error {
    let reason = reason.into();
    if c.data().exit.is_none() {
        c.data_mut().exit = Some(Exit::Failure(reason.clone()));
    }
    Error::new(reason)
}

fn ink_price<A>(c: &C<A>) -> u64 {
    c.data().evm.ink_price.max(1) as u64
}

fn buy_ink<A>(c: &mut C<A>, ink: u64) -> Result<(), Error> {
    let left = ink_left(c);
    if left < ink {
        return Err(out_of_ink(c));
    }
    set_ink(c, left - ink);
    Ok(())
}

fn buy_gas<A>(c: &mut C<A>, gas: u64) -> Result<(), Error> {
    let ink = gas.saturating_mul(ink_price(c));
    buy_ink(c, ink)
}

/// Checks that the frame holds `gas` without spending it.
fn require_gas<A>(c: &mut C<A>, gas: u64) -> Result<(), Error> {
    if ink_left(c) < gas.saturating_mul(ink_price(c)) {
        return Err(out_of_ink(c));
    }
    Ok(())
}

fn gas_left<A>(c: &C<A>) -> u64 {
    ink_left(c) / ink_price(c)
}

fn read<A>(c: &mut C<A>, ptr: i32, len: u32) -> Result<Vec<u8>, Error> {
    let mem = c.data().memory.expect("memory set after instantiation");
    let mut buf = vec![0u8; len as usize];
    mem.read(&*c, ptr as u32 as usize, &mut buf)
        .map_err(|_| fail(c, "memory access out of bounds"))?;
    Ok(buf)
}

fn read32<A>(c: &mut C<A>, ptr: i32) -> Result<[u8; 32], Error> {
    let v = read(c, ptr, 32)?;
    Ok(v.try_into().expect("32 bytes"))
}

fn read_b256<A>(c: &mut C<A>, ptr: i32) -> Result<B256, Error> {
    Ok(B256::from(read32(c, ptr)?))
}

fn read_u256<A>(c: &mut C<A>, ptr: i32) -> Result<U256, Error> {
    Ok(U256::from_be_bytes(read32(c, ptr)?))
}

fn read_addr<A>(c: &mut C<A>, ptr: i32) -> Result<Address, Error> {
    Ok(Address::from_slice(&read(c, ptr, 20)?))
}

fn write<A>(c: &mut C<A>, ptr: i32, data: &[u8]) -> Result<(), Error> {
    let mem = c.data().memory.expect("memory set after instantiation");
    mem.write(&mut *c, ptr as u32 as usize, data)
        .map_err(|_| fail(c, "memory access out of bounds"))
}

fn write_u32<A>(c: &mut C<A>, ptr: i32, v: u32) -> Result<(), Error> {
    write(c, ptr, &v.to_le_bytes())
}

/// Maps an executor refusal to the frame's end: out of gas consumes everything, the rest
/// fail the program.
fn api_error<A>(c: &mut C<A>, e: super::api::ApiError) -> Error {
    match e {
        super::api::ApiError::OutOfGas => out_of_ink(c),
        e => fail(c, e.to_string()),
    }
}

/// Records a hostio for the stylusTracer (only when tracing).
fn trace<A: EvmApi>(c: &mut C<A>, name: &'static str, start_ink: u64, args: &[u8], outs: &[u8]) {
    if !c.data().tracing {
        return;
    }
    let end_ink = ink_left(c);
    c.data_mut().api.capture_hostio(HostioTrace {
        name,
        args: Bytes::copy_from_slice(args),
        outs: Bytes::copy_from_slice(outs),
        start_ink,
        end_ink,
    });
}

fn tracing<A>(c: &C<A>) -> bool {
    c.data().tracing
}

// --- calldata, result, exit ---------------------------------------------------------------

fn read_args<A: EvmApi>(mut c: C<A>, dest: i32) -> Result<(), Error> {
    let start = ink_left(&c);
    let args = c.data().args.clone();
    buy_ink(&mut c, HOSTIO_INK + write_ink(args.len() as u64))?;
    write(&mut c, dest, &args)?;
    trace(&mut c, "read_args", start, &[], &args);
    Ok(())
}

fn write_result<A: EvmApi>(mut c: C<A>, data: i32, len: u32) -> Result<(), Error> {
    let start = ink_left(&c);
    buy_ink(&mut c, HOSTIO_INK + 2 * read_ink(len as u64))?;
    let out = read(&mut c, data, len)?;
    if tracing(&c) {
        trace(&mut c, "write_result", start, &out, &[]);
    }
    c.data_mut().output = out;
    Ok(())
}

fn exit_early<A: EvmApi>(mut c: C<A>, status: u32) -> Result<(), Error> {
    let start = ink_left(&c);
    trace(&mut c, "exit_early", start, &status.to_be_bytes(), &[]);
    c.data_mut().exit = Some(Exit::Early(status));
    Err(Error::new("exit_early"))
}

// --- storage ------------------------------------------------------------------------------

fn storage_load_bytes32<A: EvmApi>(mut c: C<A>, key: i32, dest: i32) -> Result<(), Error> {
    let start = ink_left(&c);
    buy_ink(&mut c, HOSTIO_INK + 2 * PTR_INK)?;
    require_gas(&mut c, STORAGE_LOAD_REQUIRED_GAS)?;
    let key = read_b256(&mut c, key)?;
    let (counter_gas, hit) = c.data_mut().storage.read(key);
    let (value, gas) = match hit {
        Some(v) => (v, counter_gas),
        None => {
            let (v, access) = c
                .data_mut()
                .api
                .get_bytes32(key)
                .map_err(|e| Error::new(e.to_string()))?;
            c.data_mut().storage.insert_known(key, v);
            let extra = storage_miss_extra_gas(ink_price(&c));
            (v, counter_gas + access + extra)
        }
    };
    buy_gas(&mut c, gas)?;
    write(&mut c, dest, value.as_slice())?;
    trace(
        &mut c,
        "storage_load_bytes32",
        start,
        key.as_slice(),
        value.as_slice(),
    );
    Ok(())
}

fn storage_cache_bytes32<A: EvmApi>(mut c: C<A>, key: i32, value: i32) -> Result<(), Error> {
    let start = ink_left(&c);
    buy_ink(&mut c, HOSTIO_INK + 2 * PTR_INK)?;
    require_gas(&mut c, STORAGE_CACHE_REQUIRED_GAS)?;
    let key = read_b256(&mut c, key)?;
    let value = read_b256(&mut c, value)?;
    let gas = c.data_mut().storage.write(key, value);
    buy_gas(&mut c, gas)?;
    if tracing(&c) {
        let args = [key.as_slice(), value.as_slice()].concat();
        trace(&mut c, "storage_cache_bytes32", start, &args, &[]);
    }
    Ok(())
}

fn storage_flush_cache<A: EvmApi>(mut c: C<A>, clear: u32) -> Result<(), Error> {
    let start = ink_left(&c);
    buy_ink(&mut c, HOSTIO_INK + EVM_API_INK)?;
    require_gas(&mut c, STORAGE_FLUSH_REQUIRED_GAS)?;
    let dirty = c.data().storage.dirty();
    if !dirty.is_empty() {
        if c.data().evm.read_only {
            return Err(fail(
                &mut c,
                "write protection: storage flush in a static call",
            ));
        }
        let budget = gas_left(&c);
        let cost = c
            .data_mut()
            .api
            .set_bytes32_batch(&dirty, budget)
            .map_err(|e| api_error(&mut c, e))?;
        buy_gas(&mut c, cost)?;
    }
    c.data_mut().storage.flushed(clear != 0);
    trace(
        &mut c,
        "storage_flush_cache",
        start,
        &[(clear != 0) as u8],
        &[],
    );
    Ok(())
}

fn transient_load_bytes32<A: EvmApi>(mut c: C<A>, key: i32, dest: i32) -> Result<(), Error> {
    let start = ink_left(&c);
    buy_ink(&mut c, HOSTIO_INK + 2 * PTR_INK + EVM_API_INK)?;
    buy_gas(&mut c, 100)?;
    let key = read_b256(&mut c, key)?;
    let value = c
        .data_mut()
        .api
        .transient_load(key)
        .map_err(|e| api_error(&mut c, e))?;
    write(&mut c, dest, value.as_slice())?;
    trace(
        &mut c,
        "transient_load_bytes32",
        start,
        key.as_slice(),
        value.as_slice(),
    );
    Ok(())
}

fn transient_store_bytes32<A: EvmApi>(mut c: C<A>, key: i32, value: i32) -> Result<(), Error> {
    let start = ink_left(&c);
    buy_ink(&mut c, HOSTIO_INK + 2 * PTR_INK + EVM_API_INK)?;
    buy_gas(&mut c, 100)?;
    let key = read_b256(&mut c, key)?;
    let value = read_b256(&mut c, value)?;
    if c.data().evm.read_only {
        return Err(fail(
            &mut c,
            "write protection: transient store in a static call",
        ));
    }
    c.data_mut()
        .api
        .transient_store(key, value)
        .map_err(|e| api_error(&mut c, e))?;
    if tracing(&c) {
        let args = [key.as_slice(), value.as_slice()].concat();
        trace(&mut c, "transient_store_bytes32", start, &args, &[]);
    }
    Ok(())
}

// --- calls and creates --------------------------------------------------------------------

#[allow(clippy::too_many_arguments)]
fn do_call<A: EvmApi>(
    c: &mut C<A>,
    kind: CallKind,
    addr: i32,
    data: i32,
    len: u32,
    value: Option<i32>,
    gas: u64,
    ret_len: i32,
) -> Result<u32, Error> {
    let start = ink_left(c);
    buy_ink(
        c,
        HOSTIO_INK + 3 * PTR_INK + EVM_API_INK + 2 * read_ink(len as u64),
    )?;
    let to = read_addr(c, addr)?;
    let input = Bytes::from(read(c, data, len)?);
    let value = match value {
        Some(p) => read_u256(c, p)?,
        None => U256::ZERO,
    };
    let available = gas_left(c);
    let outcome = c
        .data_mut()
        .api
        .contract_call(kind, to, input.clone(), available, gas, value)
        .map_err(|e| api_error(c, e))?;
    buy_gas(c, outcome.cost)?;
    write_u32(c, ret_len, outcome.return_len)?;
    // The last code lookup may be stale after a call.
    c.data_mut().last_code = None;
    if tracing(c) {
        let mut args = to.to_vec();
        args.extend_from_slice(&gas.to_be_bytes());
        if kind == CallKind::Call {
            args.extend_from_slice(&value.to_be_bytes::<32>());
        }
        args.extend_from_slice(&input);
        let mut outs = outcome.return_len.to_be_bytes().to_vec();
        outs.push(outcome.status);
        trace(c, kind.hostio(), start, &args, &outs);
    }
    Ok(outcome.status as u32)
}

#[allow(clippy::too_many_arguments)]
fn do_create<A: EvmApi>(
    c: &mut C<A>,
    code: i32,
    code_len: u32,
    endowment: i32,
    salt: Option<i32>,
    addr_out: i32,
    revert_len: i32,
) -> Result<(), Error> {
    let start = ink_left(c);
    let base = if salt.is_some() {
        HOSTIO_INK + 4 * PTR_INK + EVM_API_INK
    } else {
        HOSTIO_INK + 3 * PTR_INK + EVM_API_INK
    };
    buy_ink(c, base + 2 * read_ink(code_len as u64))?;
    let init = Bytes::from(read(c, code, code_len)?);
    let value = read_u256(c, endowment)?;
    let salt = match salt {
        Some(p) => Some(read_b256(c, p)?),
        None => None,
    };
    if c.data().evm.read_only {
        return Err(fail(c, "write protection: create in a static call"));
    }
    let available = gas_left(c);
    let outcome = c
        .data_mut()
        .api
        .create(init.clone(), value, salt, available)
        .map_err(|e| api_error(c, e))?;
    // Nitro returns before buying when the base cost cannot be paid: the program fails
    // and keeps its gas.
    let Some(outcome) = outcome else {
        return Err(fail(c, "create: not enough gas for the base cost"));
    };
    buy_gas(c, outcome.cost)?;
    write(c, addr_out, outcome.address.as_slice())?;
    write_u32(c, revert_len, outcome.return_len)?;
    c.data_mut().last_code = None;
    if tracing(c) {
        let mut args = value.to_be_bytes::<32>().to_vec();
        if let Some(s) = salt {
            args.extend_from_slice(s.as_slice());
        }
        args.extend_from_slice(&init);
        let mut outs = outcome.address.to_vec();
        outs.extend_from_slice(&outcome.return_len.to_be_bytes());
        let name = if salt.is_some() { "create2" } else { "create1" };
        trace(c, name, start, &args, &outs);
    }
    Ok(())
}

fn read_return_data<A: EvmApi>(
    mut c: C<A>,
    dest: i32,
    offset: u32,
    size: u32,
) -> Result<u32, Error> {
    let start = ink_left(&c);
    let data = c.data().api.return_data().clone();
    let from = (offset as usize).min(data.len());
    let to = from.saturating_add(size as usize).min(data.len());
    buy_ink(
        &mut c,
        HOSTIO_INK + EVM_API_INK + write_ink((to - from) as u64),
    )?;
    write(&mut c, dest, &data[from..to])?;
    if tracing(&c) {
        let args = [offset.to_be_bytes(), size.to_be_bytes()].concat();
        trace(&mut c, "read_return_data", start, &args, &data[from..to]);
    }
    Ok((to - from) as u32)
}

fn return_data_size<A: EvmApi>(mut c: C<A>) -> Result<u32, Error> {
    let start = ink_left(&c);
    buy_ink(&mut c, HOSTIO_INK)?;
    let n = c.data().api.return_data().len() as u32;
    trace(&mut c, "return_data_size", start, &[], &n.to_be_bytes());
    Ok(n)
}

// --- logs and hashing ---------------------------------------------------------------------

fn emit_log<A: EvmApi>(mut c: C<A>, data: i32, len: u32, topics: u32) -> Result<(), Error> {
    let start = ink_left(&c);
    buy_ink(&mut c, HOSTIO_INK + EVM_API_INK + read_ink(len as u64))?;
    if topics > 4 || len < topics * 32 {
        return Err(fail(&mut c, "emit_log: bad topic count"));
    }
    let bytes = read(&mut c, data, len)?;
    let gas = 375 * (1 + topics as u64) + 8 * (len - topics * 32) as u64;
    buy_gas(&mut c, gas)?;
    if c.data().evm.read_only {
        return Err(fail(&mut c, "write protection: log in a static call"));
    }
    c.data_mut()
        .api
        .emit_log(&bytes, topics as usize)
        .map_err(|e| api_error(&mut c, e))?;
    if tracing(&c) {
        let args = [&topics.to_be_bytes()[..], &bytes].concat();
        trace(&mut c, "emit_log", start, &args, &[]);
    }
    Ok(())
}

fn native_keccak256<A: EvmApi>(mut c: C<A>, data: i32, len: u32, out: i32) -> Result<(), Error> {
    let start = ink_left(&c);
    buy_ink(&mut c, keccak_ink(len as u64))?;
    let bytes = read(&mut c, data, len)?;
    let hash = keccak256(&bytes);
    write(&mut c, out, hash.as_slice())?;
    trace(&mut c, "native_keccak256", start, &bytes, hash.as_slice());
    Ok(())
}

// --- accounts -----------------------------------------------------------------------------

fn account_balance<A: EvmApi>(mut c: C<A>, addr: i32, dest: i32) -> Result<(), Error> {
    let start = ink_left(&c);
    buy_ink(&mut c, HOSTIO_INK + 2 * PTR_INK + EVM_API_INK)?;
    require_gas(&mut c, 2_600)?;
    let a = read_addr(&mut c, addr)?;
    let (balance, gas) = c
        .data_mut()
        .api
        .account_balance(a)
        .map_err(|e| api_error(&mut c, e))?;
    buy_gas(&mut c, gas)?;
    let out = balance.to_be_bytes::<32>();
    write(&mut c, dest, &out)?;
    trace(&mut c, "account_balance", start, a.as_slice(), &out);
    Ok(())
}

/// The code of `a` and its gas, through the last-code cache: a lookup of the same address as
/// the previous one costs no gas (from ArbOS 40 an empty code is not cached).
fn code_lookup<A: EvmApi>(c: &mut C<A>, a: Address) -> Result<Bytes, Error> {
    require_gas(c, 2_600)?;
    if let Some((last, code)) = &c.data().last_code {
        if *last == a {
            return Ok(code.clone());
        }
    }
    let (code, access) = c
        .data_mut()
        .api
        .account_code(a)
        .map_err(|e| api_error(c, e))?;
    // A = 700 × ⌊MaxCodeSize / 24 576⌋ (the EVM's EXTCODE* surcharge on Arbitrum).
    buy_gas(c, 700 + access)?;
    let st = c.data_mut();
    st.last_code = if code.is_empty() && st.evm.arbos_version >= 40 {
        None
    } else {
        Some((a, code.clone()))
    };
    Ok(code)
}

fn account_code<A: EvmApi>(
    mut c: C<A>,
    addr: i32,
    offset: u32,
    size: u32,
    dest: i32,
) -> Result<u32, Error> {
    let start = ink_left(&c);
    buy_ink(&mut c, HOSTIO_INK + EVM_API_INK)?;
    let a = read_addr(&mut c, addr)?;
    let code = code_lookup(&mut c, a)?;
    buy_ink(&mut c, write_ink(code.len() as u64))?;
    let from = (offset as usize).min(code.len());
    let to = from.saturating_add(size as usize).min(code.len());
    write(&mut c, dest, &code[from..to])?;
    if tracing(&c) {
        let args = [a.as_slice(), &offset.to_be_bytes(), &size.to_be_bytes()].concat();
        trace(&mut c, "account_code", start, &args, &code[from..to]);
    }
    Ok((to - from) as u32)
}

fn account_code_size<A: EvmApi>(mut c: C<A>, addr: i32) -> Result<u32, Error> {
    let start = ink_left(&c);
    buy_ink(&mut c, HOSTIO_INK + EVM_API_INK)?;
    let a = read_addr(&mut c, addr)?;
    let n = code_lookup(&mut c, a)?.len() as u32;
    trace(
        &mut c,
        "account_code_size",
        start,
        a.as_slice(),
        &n.to_be_bytes(),
    );
    Ok(n)
}

fn account_codehash<A: EvmApi>(mut c: C<A>, addr: i32, dest: i32) -> Result<(), Error> {
    let start = ink_left(&c);
    buy_ink(&mut c, HOSTIO_INK + 2 * PTR_INK + EVM_API_INK)?;
    require_gas(&mut c, 2_600)?;
    let a = read_addr(&mut c, addr)?;
    let (hash, gas) = c
        .data_mut()
        .api
        .account_codehash(a)
        .map_err(|e| api_error(&mut c, e))?;
    buy_gas(&mut c, gas)?;
    write(&mut c, dest, hash.as_slice())?;
    trace(
        &mut c,
        "account_codehash",
        start,
        a.as_slice(),
        hash.as_slice(),
    );
    Ok(())
}

// --- block, chain, message and transaction values -----------------------------------------

/// A hostio returning a number, at 8,400 ink.
fn number<A: EvmApi>(c: &mut C<A>, name: &'static str, f: fn(&C<A>) -> u64) -> Result<u64, Error> {
    let start = ink_left(c);
    buy_ink(c, HOSTIO_INK)?;
    let v = f(c);
    trace(c, name, start, &[], &v.to_be_bytes());
    Ok(v)
}

/// A hostio writing a value to guest memory, at 13,440 ink.
fn value_out<A: EvmApi>(
    c: &mut C<A>,
    name: &'static str,
    dest: i32,
    f: fn(&EvmData) -> Vec<u8>,
) -> Result<(), Error> {
    let start = ink_left(c);
    buy_ink(c, HOSTIO_INK + PTR_INK)?;
    let v = f(&c.data().evm);
    write(c, dest, &v)?;
    trace(c, name, start, &[], &v);
    Ok(())
}

fn evm_gas_left<A: EvmApi>(mut c: C<A>) -> Result<u64, Error> {
    number(&mut c, "evm_gas_left", |c| gas_left(c))
}

fn evm_ink_left<A: EvmApi>(mut c: C<A>) -> Result<u64, Error> {
    number(&mut c, "evm_ink_left", |c| ink_left(c))
}

fn chainid<A: EvmApi>(mut c: C<A>) -> Result<u64, Error> {
    number(&mut c, "chainid", |c| c.data().evm.chain_id)
}

fn block_gas_limit<A: EvmApi>(mut c: C<A>) -> Result<u64, Error> {
    number(&mut c, "block_gas_limit", |c| c.data().evm.block_gas_limit)
}

fn block_number<A: EvmApi>(mut c: C<A>) -> Result<u64, Error> {
    number(&mut c, "block_number", |c| c.data().evm.block_number)
}

fn block_timestamp<A: EvmApi>(mut c: C<A>) -> Result<u64, Error> {
    number(&mut c, "block_timestamp", |c| c.data().evm.block_timestamp)
}

fn msg_reentrant<A: EvmApi>(mut c: C<A>) -> Result<u32, Error> {
    let start = ink_left(&c);
    buy_ink(&mut c, HOSTIO_INK)?;
    let v = c.data().evm.reentrant as u32;
    trace(&mut c, "msg_reentrant", start, &[], &v.to_be_bytes());
    Ok(v)
}

fn tx_ink_price<A: EvmApi>(mut c: C<A>) -> Result<u32, Error> {
    let start = ink_left(&c);
    buy_ink(&mut c, HOSTIO_INK)?;
    let v = c.data().evm.ink_price;
    trace(&mut c, "tx_ink_price", start, &[], &v.to_be_bytes());
    Ok(v)
}

fn block_basefee<A: EvmApi>(mut c: C<A>, dest: i32) -> Result<(), Error> {
    value_out(&mut c, "block_basefee", dest, |e| {
        e.block_basefee.to_be_bytes::<32>().to_vec()
    })
}

fn block_coinbase<A: EvmApi>(mut c: C<A>, dest: i32) -> Result<(), Error> {
    value_out(&mut c, "block_coinbase", dest, |e| {
        e.block_coinbase.to_vec()
    })
}

fn contract_address<A: EvmApi>(mut c: C<A>, dest: i32) -> Result<(), Error> {
    value_out(&mut c, "contract_address", dest, |e| {
        e.contract_address.to_vec()
    })
}

fn msg_sender<A: EvmApi>(mut c: C<A>, dest: i32) -> Result<(), Error> {
    value_out(&mut c, "msg_sender", dest, |e| e.msg_sender.to_vec())
}

fn msg_value<A: EvmApi>(mut c: C<A>, dest: i32) -> Result<(), Error> {
    value_out(&mut c, "msg_value", dest, |e| {
        e.msg_value.to_be_bytes::<32>().to_vec()
    })
}

fn tx_gas_price<A: EvmApi>(mut c: C<A>, dest: i32) -> Result<(), Error> {
    value_out(&mut c, "tx_gas_price", dest, |e| {
        e.tx_gas_price.to_be_bytes::<32>().to_vec()
    })
}

fn tx_origin<A: EvmApi>(mut c: C<A>, dest: i32) -> Result<(), Error> {
    value_out(&mut c, "tx_origin", dest, |e| e.tx_origin.to_vec())
}

// --- 256-bit math -------------------------------------------------------------------------

fn math<A: EvmApi>(
    c: &mut C<A>,
    name: &'static str,
    ptrs: &[i32],
    extra_ink: impl Fn(&[U256]) -> u64,
    f: impl Fn(&[U256]) -> U256,
) -> Result<(), Error> {
    let start = ink_left(c);
    let mut xs = Vec::with_capacity(ptrs.len());
    buy_ink(c, HOSTIO_INK + (ptrs.len() as u64 + 1) * PTR_INK)?;
    for p in ptrs {
        xs.push(read_u256(c, *p)?);
    }
    buy_ink(c, extra_ink(&xs))?;
    let r = f(&xs);
    write(c, ptrs[0], &r.to_be_bytes::<32>())?;
    if tracing(c) {
        let args: Vec<u8> = xs.iter().flat_map(|x| x.to_be_bytes::<32>()).collect();
        trace(c, name, start, &args, &r.to_be_bytes::<32>());
    }
    Ok(())
}

fn math_div<A: EvmApi>(mut c: C<A>, a: i32, b: i32) -> Result<(), Error> {
    math(
        &mut c,
        "math_div",
        &[a, b],
        |_| DIV_INK,
        |x| x[0].checked_div(x[1]).unwrap_or_default(),
    )
}

fn math_mod<A: EvmApi>(mut c: C<A>, a: i32, b: i32) -> Result<(), Error> {
    math(
        &mut c,
        "math_mod",
        &[a, b],
        |_| DIV_INK,
        |x| x[0].checked_rem(x[1]).unwrap_or_default(),
    )
}

fn math_pow<A: EvmApi>(mut c: C<A>, a: i32, b: i32) -> Result<(), Error> {
    math(
        &mut c,
        "math_pow",
        &[a, b],
        |x| pow_ink(&x[1].to_be_bytes::<32>()),
        |x| x[0].wrapping_pow(x[1]),
    )
}

fn math_add_mod<A: EvmApi>(mut c: C<A>, a: i32, b: i32, m: i32) -> Result<(), Error> {
    math(
        &mut c,
        "math_add_mod",
        &[a, b, m],
        |_| ADD_MOD_INK,
        |x| x[0].add_mod(x[1], x[2]),
    )
}

fn math_mul_mod<A: EvmApi>(mut c: C<A>, a: i32, b: i32, m: i32) -> Result<(), Error> {
    math(
        &mut c,
        "math_mul_mod",
        &[a, b, m],
        |_| MUL_MOD_INK,
        |x| x[0].mul_mod(x[1], x[2]),
    )
}

// --- memory -------------------------------------------------------------------------------

fn pay_for_memory_grow<A: EvmApi>(mut c: C<A>, pages: u32) -> Result<(), Error> {
    let start = ink_left(&c);
    if pages == 0 {
        buy_ink(&mut c, HOSTIO_INK)?;
    } else {
        let pages = u16::try_from(pages).unwrap_or(u16::MAX);
        let gas = c.data_mut().api.add_pages(pages);
        buy_gas(&mut c, gas)?;
    }
    trace(
        &mut c,
        "pay_for_memory_grow",
        start,
        &(pages.min(u16::MAX as u32) as u16).to_be_bytes(),
        &[],
    );
    Ok(())
}

// --- debug-chain imports (free) -----------------------------------------------------------

fn console_log_text<A: EvmApi>(mut c: C<A>, ptr: i32, len: u32) -> Result<(), Error> {
    let text = read(&mut c, ptr, len)?;
    let start = ink_left(&c);
    trace(&mut c, "console_log_text", start, &text, &[]);
    Ok(())
}

/// Defines every `vm_hooks` function (and the debug-chain `console` functions) on `linker`.
pub fn define<A: EvmApi + 'static>(linker: &mut Linker<HostState<A>>) -> Result<(), Error> {
    macro_rules! hook {
        ($name:literal, $f:expr) => {
            linker.func_wrap("vm_hooks", $name, $f)?;
        };
    }
    hook!("read_args", read_args::<A>);
    hook!("write_result", write_result::<A>);
    hook!("exit_early", exit_early::<A>);
    hook!("storage_load_bytes32", storage_load_bytes32::<A>);
    hook!("storage_cache_bytes32", storage_cache_bytes32::<A>);
    hook!("storage_flush_cache", storage_flush_cache::<A>);
    hook!("transient_load_bytes32", transient_load_bytes32::<A>);
    hook!("transient_store_bytes32", transient_store_bytes32::<A>);
    hook!("call_contract", |mut c: C<A>,
                            to: i32,
                            data: i32,
                            len: u32,
                            value: i32,
                            gas: u64,
                            ret_len: i32| {
        do_call(
            &mut c,
            CallKind::Call,
            to,
            data,
            len,
            Some(value),
            gas,
            ret_len,
        )
    });
    hook!(
        "delegate_call_contract",
        |mut c: C<A>, to: i32, data: i32, len: u32, gas: u64, ret_len: i32| {
            do_call(
                &mut c,
                CallKind::Delegate,
                to,
                data,
                len,
                None,
                gas,
                ret_len,
            )
        }
    );
    hook!(
        "static_call_contract",
        |mut c: C<A>, to: i32, data: i32, len: u32, gas: u64, ret_len: i32| {
            do_call(&mut c, CallKind::Static, to, data, len, None, gas, ret_len)
        }
    );
    hook!("create1", |mut c: C<A>,
                      code: i32,
                      len: u32,
                      endowment: i32,
                      out: i32,
                      revert_len: i32| {
        do_create(&mut c, code, len, endowment, None, out, revert_len)
    });
    hook!("create2", |mut c: C<A>,
                      code: i32,
                      len: u32,
                      endowment: i32,
                      salt: i32,
                      out: i32,
                      revert_len: i32| {
        do_create(&mut c, code, len, endowment, Some(salt), out, revert_len)
    });
    hook!("read_return_data", read_return_data::<A>);
    hook!("return_data_size", return_data_size::<A>);
    hook!("emit_log", emit_log::<A>);
    hook!("native_keccak256", native_keccak256::<A>);
    hook!("account_balance", account_balance::<A>);
    hook!("account_code", account_code::<A>);
    hook!("account_code_size", account_code_size::<A>);
    hook!("account_codehash", account_codehash::<A>);
    hook!("evm_gas_left", evm_gas_left::<A>);
    hook!("evm_ink_left", evm_ink_left::<A>);
    hook!("block_basefee", block_basefee::<A>);
    hook!("chainid", chainid::<A>);
    hook!("block_coinbase", block_coinbase::<A>);
    hook!("block_gas_limit", block_gas_limit::<A>);
    hook!("block_number", block_number::<A>);
    hook!("block_timestamp", block_timestamp::<A>);
    hook!("contract_address", contract_address::<A>);
    hook!("math_div", math_div::<A>);
    hook!("math_mod", math_mod::<A>);
    hook!("math_pow", math_pow::<A>);
    hook!("math_add_mod", math_add_mod::<A>);
    hook!("math_mul_mod", math_mul_mod::<A>);
    hook!("msg_reentrant", msg_reentrant::<A>);
    hook!("msg_sender", msg_sender::<A>);
    hook!("msg_value", msg_value::<A>);
    hook!("tx_gas_price", tx_gas_price::<A>);
    hook!("tx_ink_price", tx_ink_price::<A>);
    hook!("tx_origin", tx_origin::<A>);
    hook!("pay_for_memory_grow", pay_for_memory_grow::<A>);
    // Debug-chain imports (activation accepts them only with `allow_debug`): free, traced.
    linker.func_wrap("console", "log_txt", console_log_text::<A>)?;
    linker.func_wrap("console", "log_i32", |_: C<A>, _: i32| {})?;
    linker.func_wrap("console", "log_i64", |_: C<A>, _: i64| {})?;
    linker.func_wrap("console", "tee_i32", |_: C<A>, v: i32| v)?;
    linker.func_wrap("console", "tee_i64", |_: C<A>, v: i64| v)?;
    linker.func_wrap("debug", "null_host", |_: C<A>| {})?;
    linker.func_wrap("debug", "start_benchmark", |_: C<A>| {})?;
    linker.func_wrap("debug", "end_benchmark", |_: C<A>| {})?;
    Ok(())
}

/// Reads the instrumentation's globals of a fresh instance.
pub fn meter_of(instance: &wasmi::Instance, store: &wasmi::Store<impl Sized>) -> Option<Meter> {
    Some(Meter {
        ink_left: instance.get_global(store, INK_LEFT)?,
        ink_status: instance.get_global(store, INK_STATUS)?,
        stack_left: instance.get_global(store, STACK_LEFT)?,
    })
}
