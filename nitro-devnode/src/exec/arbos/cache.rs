//! ArbWasmCache (0x72): cache managers and chain owners cache and evict programs; a cached
//! program pays cachedGas instead of initGas + cachedGas on every call (nitro-metering.md §5).

use super::{
    error_string, is_chain_owner, program_not_activated, program_record, selector,
    set_program_record, Answer, CACHE_MANAGERS,
};
use crate::exec::{Ctx, Shared, ARB_WASM_CACHE};
use alloy_primitives::{Address, Bytes, Log, B256};
use alloy_sol_types::{sol, SolCall, SolEvent, SolValue};
use revm::{
    context_interface::{Block, ContextTr, JournalTr},
    interpreter::CallInputs,
};
use std::rc::Rc;

sol! {
    interface ArbWasmCache {
        function isCacheManager(address manager) external view returns (bool);
        function allCacheManagers() external view returns (address[] memory managers);
        function cacheCodehash(bytes32 codehash) external;
        function cacheProgram(address addr) external;
        function evictCodehash(bytes32 codehash) external;
        function codehashIsCached(bytes32 codehash) external view returns (bool);

        event UpdateProgramCache(address indexed manager, bytes32 indexed codehash, bool cached);
    }
}

const OPEN_GAS: u64 = 800;
const READ_GAS: u64 = 800;
const WRITE_GAS: u64 = 20_000;

/// Sets or clears the cached flag of `codehash`; burns the program's initCost plus the
/// storage operations, and logs the change.
fn set_cached(
    shared: &Shared,
    ctx: &mut Ctx,
    manager: Address,
    codehash: B256,
    cached: bool,
) -> Answer {
    let params = &shared.params;
    let mut gas = OPEN_GAS + 3 + 100 + READ_GAS;
    let Some(mut record) = program_record(ctx, codehash) else {
        if !cached {
            return Answer::ok(Bytes::new(), gas);
        }
        return Answer::Revert(program_not_activated(), gas);
    };
    if record.cached == cached {
        return Answer::ok(Bytes::new(), gas);
    }
    if cached {
        if record.version != params.version {
            return Answer::Revert(
                super::program_needs_upgrade(record.version, params.version),
                gas,
            );
        }
        let now = ctx.block().timestamp().saturating_to::<u64>();
        if let Some(age) = super::expired_age(params, &record, now) {
            return Answer::Revert(super::program_expired(age), gas);
        }
    }
    record.cached = cached;
    set_program_record(ctx, codehash, &record);
    let event = ArbWasmCache::UpdateProgramCache {
        manager,
        codehash,
        cached,
    };
    ctx.journal_mut().log(Log {
        address: ARB_WASM_CACHE,
        data: event.encode_log_data(),
    });
    gas += record.init_cost as u64 + WRITE_GAS + 375 * 3 + 8 * 32;
    Answer::ok(Bytes::new(), gas)
}

pub(super) fn run(shared: &Rc<Shared>, ctx: &mut Ctx, inputs: &CallInputs, input: &[u8]) -> Answer {
    use ArbWasmCache::*;
    let sel = selector(input);
    let view_gas = OPEN_GAS + super::copy_gas(input);
    if !inputs.call_value().is_zero() {
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
    let caller = inputs.caller;
    let may_manage = |ctx: &mut Ctx| {
        is_chain_owner(&shared.params, ctx, caller) || CACHE_MANAGERS.list(ctx).contains(&caller)
    };
    let refused = || {
        Answer::Revert(
            error_string("caller must be a cache manager or chain owner"),
            view_gas + READ_GAS,
        )
    };
    match sel {
        isCacheManagerCall::SELECTOR => {
            let call = decode!(isCacheManagerCall);
            Answer::ok(
                CACHE_MANAGERS
                    .list(ctx)
                    .contains(&call.manager)
                    .abi_encode(),
                view_gas + READ_GAS,
            )
        }
        allCacheManagersCall::SELECTOR => {
            Answer::ok(CACHE_MANAGERS.list(ctx).abi_encode(), view_gas + READ_GAS)
        }
        codehashIsCachedCall::SELECTOR => {
            let call = decode!(codehashIsCachedCall);
            let cached = program_record(ctx, call.codehash).is_some_and(|r| r.cached);
            Answer::ok(cached.abi_encode(), view_gas + READ_GAS)
        }
        cacheProgramCall::SELECTOR | cacheCodehashCall::SELECTOR | evictCodehashCall::SELECTOR => {
            if inputs.is_static {
                return Answer::Revert(Bytes::new(), OPEN_GAS);
            }
            if !may_manage(ctx) {
                return refused();
            }
            let (codehash, cached) = match sel {
                cacheProgramCall::SELECTOR => {
                    let call = decode!(cacheProgramCall);
                    (crate::exec::codehash_of(ctx, call.addr), true)
                }
                cacheCodehashCall::SELECTOR => (decode!(cacheCodehashCall).codehash, true),
                _ => (decode!(evictCodehashCall).codehash, false),
            };
            set_cached(shared, ctx, caller, codehash, cached)
        }
        _ => Answer::Revert(Bytes::new(), OPEN_GAS),
    }
}
