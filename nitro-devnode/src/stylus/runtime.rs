//! The wasmi engine, the `vm_hooks` linker and the cache of compiled programs.

use super::{
    host::{self, HostState},
    program::{self, ProgramError},
    validate::{self, ModuleInfo, ValidationError},
};
use alloy_primitives::{Address, Bytes, B256};
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};
use wasmi::{Config, Engine, Linker, Module, OperatorCost};

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

/// wasmi fuel per operator, shaped after Nitro's ink table (1 fuel = 100 ink): most ops
/// cost 1 (Nitro: 70–200 ink), integer division/remainder 13 (Nitro: 1 270 ink for
/// i64.div), `call_indirect` 136 (Nitro: 13 610 ink + 650 per parameter), and float ops
/// the maximum (Nitro prices them at u64::MAX ink, so real programs avoid them).
fn nitro_like_costs() -> OperatorCost {
    let mut c = OperatorCost::default();
    macro_rules! set {
        ($v:expr; $($f:ident),* $(,)?) => { $( c.$f = $v; )* };
    }
    set!(13; i32_div_s, i32_div_u, i32_rem_s, i32_rem_u, i64_div_s, i64_div_u, i64_rem_s, i64_rem_u);
    set!(136; call_indirect);
    set!(u8::MAX;
        f32_load, f64_load, f32_store, f64_store, f32_const, f64_const,
        f32_eq, f32_ne, f32_lt, f32_gt, f32_le, f32_ge, f64_eq, f64_ne, f64_lt, f64_gt, f64_le, f64_ge,
        f32_abs, f32_neg, f32_ceil, f32_floor, f32_trunc, f32_nearest, f32_sqrt, f32_add, f32_sub,
        f32_mul, f32_div, f32_min, f32_max, f32_copysign, f64_abs, f64_neg, f64_ceil, f64_floor,
        f64_trunc, f64_nearest, f64_sqrt, f64_add, f64_sub, f64_mul, f64_div, f64_min, f64_max,
        f64_copysign, i32_trunc_f32_s, i32_trunc_f32_u, i32_trunc_f64_s, i32_trunc_f64_u,
        i64_trunc_f32_s, i64_trunc_f32_u, i64_trunc_f64_s, i64_trunc_f64_u, f32_convert_i32_s,
        f32_convert_i32_u, f32_convert_i64_s, f32_convert_i64_u, f32_demote_f64, f64_convert_i32_s,
        f64_convert_i32_u, f64_convert_i64_s, f64_convert_i64_u, f64_promote_f32,
        i32_reinterpret_f32, i64_reinterpret_f64, f32_reinterpret_i32, f64_reinterpret_i64,
        i32_trunc_sat_f32_s, i32_trunc_sat_f32_u, i32_trunc_sat_f64_s, i32_trunc_sat_f64_u,
        i64_trunc_sat_f32_s, i64_trunc_sat_f32_u, i64_trunc_sat_f64_s, i64_trunc_sat_f64_u,
    );
    c
}

/// A validated, compiled program.
pub struct CompiledProgram {
    pub module: Module,
    pub info: ModuleInfo,
    /// keccak256 of the raw WASM (Nitro's "module hash" is of the instrumented module;
    /// this is an approximation).
    pub module_hash: B256,
}

/// Engine + linker + compiled-program cache, shared by all executions of a node.
pub struct StylusRuntime {
    engine: Engine,
    linker: Linker<HostState>,
    modules: Mutex<HashMap<B256, Arc<CompiledProgram>>>,
    allow_debug: bool,
}

impl std::fmt::Debug for StylusRuntime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StylusRuntime").finish_non_exhaustive()
    }
}

impl StylusRuntime {
    pub fn new(allow_debug: bool) -> Self {
        let mut config = Config::default();
        config
            .consume_fuel(true)
            .wasm_reference_types(false)
            .wasm_multi_value(false)
            .wasm_tail_call(false)
            .wasm_extended_const(false)
            .wasm_multi_memory(false)
            .wasm_bulk_memory(true)
            .wasm_sign_extension(true)
            .wasm_saturating_float_to_int(true)
            .wasm_mutable_global(true)
            .operator_cost(nitro_like_costs());
        let engine = Engine::new(&config);
        let mut linker = Linker::new(&engine);
        host::define(&mut linker).expect("vm_hooks definitions are well-formed");
        Self {
            engine,
            linker,
            modules: Mutex::new(HashMap::new()),
            allow_debug,
        }
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn linker(&self) -> &Linker<HostState> {
        &self.linker
    }

    /// Decodes, validates and compiles on-chain code (activation). Does not cache.
    pub fn compile_code(
        &self,
        code: &[u8],
        fragment_code: impl FnMut(Address) -> Bytes,
    ) -> Result<CompiledProgram, ActivationError> {
        let wasm = program::decode_program(code, fragment_code)?;
        self.compile_wasm(&wasm)
    }

    /// Validates and compiles a raw module.
    pub fn compile_wasm(&self, wasm: &[u8]) -> Result<CompiledProgram, ActivationError> {
        let info = validate::validate(wasm, self.allow_debug)?;
        let module =
            Module::new(&self.engine, wasm).map_err(|e| ActivationError::Compile(e.to_string()))?;
        Ok(CompiledProgram {
            module,
            info,
            module_hash: alloy_primitives::keccak256(wasm),
        })
    }

    /// The compiled program for `codehash`, compiling (and caching) it on first use.
    pub fn load(
        &self,
        codehash: B256,
        code: &[u8],
        fragment_code: impl FnMut(Address) -> Bytes,
    ) -> Result<Arc<CompiledProgram>, ActivationError> {
        if let Some(p) = self
            .modules
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&codehash)
        {
            return Ok(p.clone());
        }
        let p = Arc::new(self.compile_code(code, fragment_code)?);
        self.modules
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(codehash, p.clone());
        Ok(p)
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
}
