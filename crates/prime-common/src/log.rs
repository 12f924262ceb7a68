//! Emitting logs: typed events ([`emit`]) and raw topics and data ([`raw_log`]).
//!
//! The SDK's `raw_log` (what `vm().raw_log` calls on chain) gathers the topics byte by byte
//! through an iterator chain: on Nitro's ink prices (a 2,450-ink header per basic block)
//! that measured about 640 gas of execution for a `Transfer` log (3 topics, 32 bytes of
//! data). Copying each word as a slice costs a few gas. Host tests go through the VM, where
//! motsu records the log.

use alloy_primitives::B256;
use stylus_sdk::prelude::*;

/// Emits a log of `topics` (at most 4) and `data`. Fails only in a static call, where the
/// callers never emit.
#[inline]
pub fn raw_log(vm: &dyn Host, topics: &[B256], data: &[u8]) {
    #[cfg(target_arch = "wasm32")]
    {
        let _ = vm;
        let mut bytes = alloc::vec::Vec::with_capacity(32 * topics.len() + data.len());
        for topic in topics {
            bytes.extend_from_slice(topic.as_slice());
        }
        bytes.extend_from_slice(data);
        // SAFETY: `bytes` holds the topics then the data; the host reads it before returning.
        unsafe { stylus_sdk::hostio::emit_log(bytes.as_ptr(), bytes.len(), topics.len()) }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = vm.raw_log(topics, data);
}

/// Emits a typed event through the SDK's static host (stylus-core's `log` takes `&dyn Host`,
/// whose vtable drags every host function into the program).
#[allow(deprecated)]
#[inline]
pub fn emit<E: alloy_sol_types::SolEvent>(event: E) {
    stylus_sdk::evm::log(event)
}
