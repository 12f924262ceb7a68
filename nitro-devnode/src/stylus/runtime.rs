//! The wasmi engine, the `vm_hooks` linker, the cache of instrumented programs, and one
//! program run.
//!
//! Programs are instrumented at activation (`stylus::instrument`): they meter their own ink
//! and stack budget in exported globals, so wasmi runs them without fuel.

use super::{
    api::{EvmApi, EvmData, HostioTrace},
    host::{self, Exit, HostState},
    instrument::{self, InstrumentConfig, Instrumented},
    program::{self, ProgramError},
    validate::ValidationError,
};
use alloy_primitives::{Address, Bytes, B256};
use std::{
    any::Any,
    collections::HashMap,
    panic::{catch_unwind, AssertUnwindSafe},
    sync::{Arc, Mutex},
};

/// A caught panic's payload.
pub type Panic = Box<dyn Any + Send>;
use wasmi::{Config, Engine, Linker, Module, StoreLimitsBuilder, TrapCode, Val};

/// Why a program cannot be activated (or run).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActivationError {
    #[error(transparent)]
    Program(#[from] ProgramError),
    #[error(transparent)]
    Validation(#[from] ValidationError),
    #[error("wasm engine rejected the module: {0}")]
    Compile(String),
}

/// An activated program: the instrumented module and what activation computed from it.
pub struct CompiledProgram {
    pub module: Module,
    pub info: Instrumented,
}

/// How a program run ended (nitro-metering.md §8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Status 0: the output is returned.
    Success,
    /// A non-zero status: the output is the revert data; gas left is kept.
    Revert,
    /// A trap or a refused hostio: a revert with no data; gas left is kept.
    Failure(String),
    /// Out of ink: all gas is consumed.
    OutOfInk,
    /// Out of the stack-depth budget: all gas is consumed.
    OutOfStack,
}

/// The result of one program run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunResult {
    pub outcome: Outcome,
    pub output: Vec<u8>,
    pub ink_left: u64,
}

/// Engine + linker + the instrumented programs of a chain, keyed by code hash.
pub struct StylusRuntime<A> {
    engine: Engine,
    linker: Linker<HostState<A>>,
    modules: Mutex<HashMap<B256, Arc<CompiledProgram>>>,
    config: InstrumentConfig,
}

impl<A> std::fmt::Debug for StylusRuntime<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StylusRuntime").finish_non_exhaustive()
    }
}

/// Deepest WASM call nesting wasmi allows: above what the 22,000-word stack budget admits
/// (at least 4 words a frame), so the budget, not wasmi, ends deep recursion.
const MAX_RECURSION_DEPTH: usize = 8_192;

impl<A: EvmApi + 'static> StylusRuntime<A> {
    pub fn new(config: InstrumentConfig) -> Self {
        let mut wasm = Config::default();
        wasm.consume_fuel(false)
            .wasm_reference_types(false)
            // Activation decides multi-value by ArbOS version; the engine takes what passed.
            .wasm_multi_value(true)
            .wasm_tail_call(false)
            .wasm_extended_const(false)
            .wasm_multi_memory(false)
            .wasm_bulk_memory(true)
            .wasm_sign_extension(true)
            .wasm_saturating_float_to_int(true)
            .wasm_mutable_global(true)
            .set_max_recursion_depth(MAX_RECURSION_DEPTH)
            .set_max_stack_height(64 * 1024 * 1024);
        let engine = Engine::new(&wasm);
        let mut linker = Linker::new(&engine);
        host::define(&mut linker).expect("vm_hooks definitions are well-formed");
        Self {
            engine,
            linker,
            modules: Mutex::new(HashMap::new()),
            config,
        }
    }

    pub fn config(&self) -> &InstrumentConfig {
        &self.config
    }

    /// Decodes, validates, instruments and compiles on-chain code (activation). Does not cache.
    pub fn compile_code(
        &self,
        code: &[u8],
        fragment_code: impl FnMut(Address) -> Bytes,
    ) -> Result<CompiledProgram, ActivationError> {
        let wasm = program::decode_program(code, self.config.arbos_version, fragment_code)?;
        self.compile_wasm(&wasm)
    }

    /// Validates, instruments and compiles a raw module.
    pub fn compile_wasm(&self, wasm: &[u8]) -> Result<CompiledProgram, ActivationError> {
        let info = instrument::instrument(wasm, &self.config)?;
        let module = Module::new(&self.engine, &info.wasm)
            .map_err(|e| ActivationError::Compile(e.to_string()))?;
        Ok(CompiledProgram { module, info })
    }

    /// The compiled program for `codehash`, compiling (and caching) it on first use.
    pub fn load(
        &self,
        codehash: B256,
        code: &[u8],
        fragment_code: impl FnMut(Address) -> Bytes,
    ) -> Result<Arc<CompiledProgram>, ActivationError> {
        if let Some(p) = self.cached(codehash) {
            return Ok(p);
        }
        let p = self.compile_code(code, fragment_code)?;
        Ok(self.insert(codehash, p))
    }

    fn cached(&self, codehash: B256) -> Option<Arc<CompiledProgram>> {
        self.modules
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&codehash)
            .cloned()
    }

    /// Caches an already compiled program.
    pub fn insert(&self, codehash: B256, program: CompiledProgram) -> Arc<CompiledProgram> {
        let p = Arc::new(program);
        self.modules
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(codehash, p.clone());
        p
    }

    /// Runs `program`'s `user_entrypoint` with `ink` and a stack budget of `max_stack_depth`
    /// words; hands the executor's API back with the result. A panic inside the run (in a
    /// host function or a nested frame) is caught so the API, which owns the executor's
    /// state, always comes back; the caller re-raises it.
    pub fn run(
        &self,
        program: &CompiledProgram,
        api: A,
        evm: EvmData,
        args: Bytes,
        ink: u64,
        max_stack_depth: u32,
    ) -> (Result<RunResult, Panic>, A) {
        let limits = StoreLimitsBuilder::new()
            .memory_size(self.config.page_limit as usize * 65_536)
            .instances(1)
            .build();
        let args_len = args.len() as u32;
        let mut store = wasmi::Store::new(&self.engine, HostState::new(api, evm, args, limits));
        store.limiter(|s| &mut s.limits);
        let tracing = store.data().api.tracing();
        if tracing {
            store.data_mut().api.capture_hostio(HostioTrace {
                name: "user_entrypoint",
                args: Bytes::copy_from_slice(&args_len.to_be_bytes()),
                outs: Bytes::new(),
                start_ink: ink,
                end_ink: ink,
            });
        }
        let called = catch_unwind(AssertUnwindSafe(|| {
            let instance = self
                .linker
                .instantiate_and_start(&mut store, &program.module)?;
            let memory = instance
                .get_memory(&store, "memory")
                .ok_or_else(|| wasmi::Error::new("no memory export"))?;
            let meter = host::meter_of(&instance, &store)
                .ok_or_else(|| wasmi::Error::new("module is not instrumented"))?;
            meter.ink_left.set(&mut store, Val::I64(ink as i64))?;
            meter
                .stack_left
                .set(&mut store, Val::I32(max_stack_depth as i32))?;
            store.data_mut().memory = Some(memory);
            store.data_mut().meter = Some(meter);
            let entry = instance.get_typed_func::<i32, i32>(&store, "user_entrypoint")?;
            entry.call(&mut store, args_len as i32)
        }));
        let called = match called {
            Ok(called) => called,
            Err(panic) => return (Err(panic), store.into_data().api),
        };
        let meter = store.data().meter;
        let global = |g: Option<wasmi::Global>| match g.map(|g| g.get(&store)) {
            Some(Val::I64(v)) => v as u64,
            Some(Val::I32(v)) => v as u32 as u64,
            _ => 0,
        };
        let ink_status = global(meter.map(|m| m.ink_status));
        let stack_left = global(meter.map(|m| m.stack_left));
        let mut ink_left = global(meter.map(|m| m.ink_left));
        let mut state = store.into_data();
        let outcome = match (&called, state.exit.take()) {
            (_, Some(Exit::OutOfInk)) => Outcome::OutOfInk,
            (Err(_), _) if ink_status != 0 => Outcome::OutOfInk,
            (Ok(0), _) | (Err(_), Some(Exit::Early(0))) => Outcome::Success,
            (Ok(_), _) | (Err(_), Some(Exit::Early(_))) => Outcome::Revert,
            (Err(_), Some(Exit::Failure(why))) => Outcome::Failure(why),
            (Err(e), None) => {
                if stack_left == 0 || e.as_trap_code() == Some(TrapCode::StackOverflow) {
                    Outcome::OutOfStack
                } else {
                    Outcome::Failure(e.to_string())
                }
            }
        };
        if matches!(outcome, Outcome::OutOfInk | Outcome::OutOfStack) {
            ink_left = 0;
        }
        let output = match outcome {
            Outcome::Success | Outcome::Revert => std::mem::take(&mut state.output),
            _ => Vec::new(),
        };
        if tracing {
            let status: u32 = match (&called, &outcome) {
                (Ok(s), _) => *s as u32,
                (_, Outcome::Success) => 0,
                _ => 1,
            };
            state.api.capture_hostio(HostioTrace {
                name: "user_returned",
                args: Bytes::new(),
                outs: Bytes::copy_from_slice(&status.to_be_bytes()),
                start_ink: ink_left,
                end_ink: ink_left,
            });
        }
        (
            Ok(RunResult {
                outcome,
                output,
                ink_left,
            }),
            state.api,
        )
    }
}
