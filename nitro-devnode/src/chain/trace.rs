//! `debug_traceCall` and `debug_traceTransaction` with the stylusTracer: every hostio of a
//! call or a mined transaction with its start and end ink (see `exec::tracer`).

use super::{
    apply_overrides, executor::Mode, validate, CallRequest, Chain, ChainError, StateOverrides,
};
use alloy_primitives::B256;
use serde_json::Value;

impl Chain {
    /// The stylusTracer's records of `req` run at block `n`'s state (as `eth_call` would).
    pub fn trace_call(
        &mut self,
        req: &CallRequest,
        overrides: Option<&StateOverrides>,
        n: u64,
    ) -> Result<Value, ChainError> {
        let block = if n >= self.head().number {
            self.block_env(self.head().number.saturating_add(1), self.next_timestamp())
        } else {
            let timestamp = self.block(n).ok_or(ChainError::UnknownBlock)?.timestamp;
            self.block_env(n, timestamp)
        };
        let mut db = self.store.db_at(&self.db, n)?.into_owned();
        if let Some(o) = overrides {
            apply_overrides(&mut db, o)?;
        }
        let tx = self.call_env(&db, req, self.call_gas(req));
        self.executor
            .run_traced(&self.config, &mut db, tx, block, Mode::Call)
    }

    /// The stylusTracer's records of the mined transaction `hash`, replayed on the state
    /// before it in its block's context.
    pub fn trace_transaction(&self, hash: B256) -> Result<Value, ChainError> {
        let record = self
            .tx(hash)
            .ok_or_else(|| ChainError::InvalidParams(format!("transaction {hash} not found")))?;
        let number = record.block_number;
        let tx = validate::tx_env(&record.envelope, record.from);
        let timestamp = self
            .block(number)
            .ok_or(ChainError::UnknownBlock)?
            .timestamp;
        let block = self.block_env(number, timestamp);
        let mut db = self
            .store
            .db_at(&self.db, number.saturating_sub(1))?
            .into_owned();
        self.executor
            .run_traced(&self.config, &mut db, tx, block, Mode::Transaction)
    }
}
