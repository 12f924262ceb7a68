//! Execution: runs one transaction or call on a state with revm and the Stylus/ArbOS
//! precompiles (`exec::make_evm`), without committing it.
//!
//! The state is moved into the EVM for the run and always taken back, even when execution
//! panics: the EVM stays owned here, outside the `catch_unwind`, so a panic anywhere below
//! (revm, a Stylus host function, wasmi) becomes [`ChainError::Panic`] and the chain keeps
//! its state.

use super::{validate::tx_error_message, ChainConfig, ChainError, Db};
use crate::exec::{self, Shared};
use revm::{
    context::{BlockEnv, CfgEnv, Context, TxEnv},
    context_interface::result::ExecutionResult,
    state::EvmState,
    ExecuteEvm,
};
use std::{
    panic::{catch_unwind, AssertUnwindSafe},
    sync::Arc,
};

/// Input that makes execution panic inside the EVM, for the tests of panic recovery.
#[cfg(test)]
pub const TEST_PANIC_INPUT: &[u8] = b"nitro-devnode test: panic inside execution";

/// How strictly a run is validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A transaction: nonce, base fee and balance are checked.
    Transaction,
    /// `eth_call` / `eth_estimateGas`: no nonce or base fee check; the balance is checked by
    /// the caller (value only, as geth does for calls without a gas price).
    Call,
}

/// The chain's executor.
pub struct Executor {
    runtime: Arc<exec::Runtime>,
}

impl Executor {
    pub fn new(config: &ChainConfig) -> Self {
        Self {
            runtime: exec::new_runtime(&config.stylus),
        }
    }

    fn cfg(config: &ChainConfig, mode: Mode) -> CfgEnv {
        let mut cfg = CfgEnv::new_with_spec(exec::SPEC);
        cfg.chain_id = config.chain_id;
        cfg.disable_eip3541 = true;
        if mode == Mode::Call {
            cfg.disable_nonce_check = true;
            cfg.disable_base_fee = true;
            cfg.disable_balance_check = true;
        }
        cfg
    }

    /// Runs `tx` on `db` in the context of `block`; `db` is unchanged afterwards (the state
    /// diff is returned for the caller to commit).
    pub fn run(
        &self,
        config: &ChainConfig,
        db: &mut Db,
        tx: TxEnv,
        block: BlockEnv,
        mode: Mode,
    ) -> Result<(ExecutionResult, EvmState), ChainError> {
        self.run_with(config, db, tx, block, mode, false).0
    }

    /// [`Executor::run`] with the stylusTracer: also returns the transaction's hostios.
    pub fn run_traced(
        &self,
        config: &ChainConfig,
        db: &mut Db,
        tx: TxEnv,
        block: BlockEnv,
        mode: Mode,
    ) -> Result<serde_json::Value, ChainError> {
        let (result, trace) = self.run_with(config, db, tx, block, mode, true);
        result.map(|_| trace.unwrap_or_default())
    }

    #[allow(clippy::type_complexity)]
    fn run_with(
        &self,
        config: &ChainConfig,
        db: &mut Db,
        tx: TxEnv,
        block: BlockEnv,
        mode: Mode,
        tracing: bool,
    ) -> (
        Result<(ExecutionResult, EvmState), ChainError>,
        Option<serde_json::Value>,
    ) {
        let mut ctx = Context::new(std::mem::take(db), exec::SPEC);
        ctx.cfg = Self::cfg(config, mode);
        ctx.block = block;
        let shared = if tracing {
            Shared::tracing(self.runtime.clone(), config.stylus.clone())
        } else {
            Shared::new(self.runtime.clone(), config.stylus.clone())
        };
        let mut evm = exec::make_evm(ctx, shared.clone());
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            #[cfg(test)]
            if tx.data.as_ref() == TEST_PANIC_INPUT {
                // Touch the state first, as a real run would, then fail.
                let _ = evm.transact(TxEnv {
                    data: Default::default(),
                    ..tx.clone()
                });
                panic!("test panic inside execution");
            }
            evm.transact(tx)
        }));
        // Whatever happened, the state comes back (nested Stylus frames put their context back
        // before re-raising a panic, so this is the real state, not a placeholder).
        *db = std::mem::take(&mut evm.ctx.journaled_state.database);
        let result = match outcome {
            Ok(Ok(r)) => Ok((r.result, r.state)),
            Ok(Err(e)) => Err(ChainError::InvalidTx(tx_error_message(&e.to_string()))),
            Err(payload) => Err(ChainError::Panic(panic_message(payload.as_ref()))),
        };
        (result, shared.trace())
    }
}

/// The text of a panic payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}
