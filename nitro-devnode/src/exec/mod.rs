//! Execution: revm for EVM code, with a precompile provider that routes calls to Stylus
//! programs, ArbOS precompiles and the native StylusDeployer.
//!
//! Every call frame goes through revm's `make_call_frame`, which takes the journal
//! checkpoint, transfers value and then asks the [`ArbPrecompiles`] provider. Stylus
//! programs run inside that hook on the same journaled state; their outgoing calls and
//! creates run as nested revm frames on the same journal ([`nested_frame`]), so
//! per-frame rollback, static flags, depth and value transfers behave like EVM frames.

pub mod arbos;
pub mod deployer;
pub mod program;
pub mod stylus_api;
pub mod tracer;

pub use stylus_api::ExecApi;

use crate::stylus::{
    self,
    instrument::InstrumentConfig,
    pricing::{InitParams, MemoryModel, PageCounters},
    runtime::StylusRuntime,
};
use alloy_primitives::{address, Address, Bytes, B256, U256};
use revm::{
    context::{BlockEnv, CfgEnv, Context, Evm, FrameStack, Journal, TxEnv},
    context_interface::{ContextTr, JournalTr, LocalContextTr},
    database::{CacheDB, EmptyDB},
    handler::{
        instructions::EthInstructions, EthFrame, EthPrecompiles, EvmTr, FrameResult, ItemOrResult,
        PrecompileProvider,
    },
    interpreter::{
        interpreter::EthInterpreter, interpreter_action::FrameInit, CallInputs, FrameInput, Gas,
        InstructionResult, InterpreterResult, SharedMemory,
    },
    primitives::{hardfork::SpecId, AddressSet},
};
use std::{
    cell::{Cell, RefCell},
    rc::Rc,
    sync::Arc,
};

/// In-memory state database.
pub type Db = CacheDB<EmptyDB>;
/// revm context used for every execution.
pub type Ctx = Context<BlockEnv, TxEnv, CfgEnv, Db, Journal<Db>, ()>;
/// The EVM with Arbitrum precompiles and Stylus routing.
pub type DevEvm =
    Evm<Ctx, (), EthInstructions<EthInterpreter, Ctx>, ArbPrecompiles, EthFrame<EthInterpreter>>;

/// Hard fork used for EVM code (Cancun/Prague opcodes, no Osaka tx gas cap).
pub const SPEC: SpecId = SpecId::PRAGUE;

/// ArbSys precompile.
pub const ARB_SYS: Address = address!("0000000000000000000000000000000000000064");
/// ArbOwnerPublic precompile.
pub const ARB_OWNER_PUBLIC: Address = address!("000000000000000000000000000000000000006b");
/// ArbGasInfo precompile.
pub const ARB_GAS_INFO: Address = address!("000000000000000000000000000000000000006c");
/// ArbOwner precompile (no-op here).
pub const ARB_OWNER: Address = address!("0000000000000000000000000000000000000070");
/// ArbWasm precompile.
pub const ARB_WASM: Address = address!("0000000000000000000000000000000000000071");
/// ArbWasmCache precompile (no-op here).
pub const ARB_WASM_CACHE: Address = address!("0000000000000000000000000000000000000072");
/// ArbDebug precompile (no-op here).
pub const ARB_DEBUG: Address = address!("00000000000000000000000000000000000000ff");
/// ArbosTest precompile (burnArbGas).
pub const ARBOS_TEST: Address = address!("0000000000000000000000000000000000000069");
/// StylusDeployer, as deployed by nitro-devnode.
pub const STYLUS_DEPLOYER: Address = address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990");

/// Addresses handled natively by [`ArbPrecompiles`].
pub const ARB_ADDRESSES: [Address; 9] = [
    ARBOS_TEST,
    ARB_SYS,
    ARB_OWNER_PUBLIC,
    ARB_GAS_INFO,
    ARB_OWNER,
    ARB_WASM,
    ARB_WASM_CACHE,
    ARB_DEBUG,
    STYLUS_DEPLOYER,
];

/// Stylus chain parameters (ArbWasm's view) and the ArbOS version whose rules apply.
#[derive(Debug, Clone)]
pub struct StylusParams {
    pub version: u16,
    pub ink_price: u32,
    pub max_stack_depth: u32,
    pub free_pages: u16,
    pub page_gas: u16,
    pub page_limit: u16,
    pub init: InitParams,
    pub expiry_days: u16,
    pub keepalive_days: u16,
    pub block_cache_size: u16,
    pub allow_debug: bool,
    /// 51 (production) or 60: the per-block program cache, fragmented programs, the
    /// ActivationGas parameter and the multi-value rule follow it.
    pub arbos_version: u64,
    /// Accounts that may cache and evict programs (ArbWasmCache) and own the chain.
    pub chain_owners: Vec<Address>,
}

/// The ArbOS version a new chain runs (today's production).
pub const DEFAULT_ARBOS_VERSION: u64 = 51;

impl Default for StylusParams {
    fn default() -> Self {
        Self {
            version: 2,
            ink_price: 10_000,
            max_stack_depth: 22_000,
            free_pages: 2,
            page_gas: 1_000,
            page_limit: 128,
            init: InitParams::default(),
            expiry_days: 365,
            keepalive_days: 31,
            block_cache_size: 32,
            allow_debug: false,
            arbos_version: DEFAULT_ARBOS_VERSION,
            chain_owners: Vec::new(),
        }
    }
}

impl StylusParams {
    pub fn memory_model(&self) -> MemoryModel {
        MemoryModel {
            free_pages: self.free_pages,
            page_gas: self.page_gas,
        }
    }

    pub fn instrument_config(&self) -> InstrumentConfig {
        InstrumentConfig {
            arbos_version: self.arbos_version,
            page_limit: self.page_limit,
            allow_debug: self.allow_debug,
        }
    }

    pub fn is_chain_owner(&self, a: Address) -> bool {
        self.chain_owners.contains(&a)
    }
}

/// The Stylus runtime of a chain: instrumented programs run against [`ExecApi`].
pub type Runtime = StylusRuntime<ExecApi>;

/// A chain's Stylus runtime for `params`.
pub fn new_runtime(params: &StylusParams) -> Arc<Runtime> {
    Arc::new(Runtime::new(params.instrument_config()))
}

/// An open call frame, for Nitro's re-entry rule.
#[derive(Debug, Clone, Copy)]
struct OpenFrame {
    depth: usize,
    address: Address,
    delegate: bool,
}

/// Per-transaction execution state shared by all (nested) EVM instances.
pub struct Shared {
    pub runtime: Arc<Runtime>,
    pub params: StylusParams,
    frames: RefCell<Vec<OpenFrame>>,
    /// WASM pages open now and the most ever open in this transaction.
    pub pages: Cell<PageCounters>,
    /// ArbOS 60's per-block cache of recently called programs (most recent last).
    recent_programs: RefCell<Vec<B256>>,
    /// The stylusTracer's records, when tracing.
    pub tracer: Option<RefCell<tracer::StylusTracer>>,
    /// Set by a call hostio just before its frame starts (the frame is traced by the hostio).
    hostio_frame: Cell<bool>,
    spare: RefCell<Option<Ctx>>,
}

impl Shared {
    pub fn new(runtime: Arc<Runtime>, params: StylusParams) -> Rc<Self> {
        Self::build(runtime, params, false)
    }

    /// Like [`Shared::new`], recording every hostio for the stylusTracer.
    pub fn tracing(runtime: Arc<Runtime>, params: StylusParams) -> Rc<Self> {
        Self::build(runtime, params, true)
    }

    fn build(runtime: Arc<Runtime>, params: StylusParams, tracing: bool) -> Rc<Self> {
        Rc::new(Self {
            runtime,
            params,
            frames: RefCell::new(Vec::new()),
            pages: Cell::new(PageCounters::default()),
            recent_programs: RefCell::new(Vec::new()),
            tracer: tracing.then(|| RefCell::new(tracer::StylusTracer::default())),
            hostio_frame: Cell::new(false),
            spare: RefCell::new(None),
        })
    }

    /// The stylusTracer's output, when tracing.
    pub fn trace(&self) -> Option<serde_json::Value> {
        self.tracer.as_ref().map(|t| t.borrow().to_json())
    }

    /// An empty context to leave behind while the real one is moved into a nested run.
    pub fn placeholder(&self) -> Ctx {
        self.spare
            .borrow_mut()
            .take()
            .unwrap_or_else(|| Context::new(Db::default(), SPEC))
    }

    /// Returns a placeholder for reuse.
    pub fn give_back(&self, ctx: Ctx) {
        *self.spare.borrow_mut() = Some(ctx);
    }

    /// Records the frame entered at `depth` acting as `address`; returns whether the program
    /// is re-entered (Nitro's rule: its acting address has more than one open frame that is
    /// not a DELEGATECALL or CALLCODE frame).
    fn enter(&self, depth: usize, address: Address, delegate: bool) -> bool {
        let mut frames = self.frames.borrow_mut();
        while frames.last().is_some_and(|f| f.depth >= depth) {
            frames.pop();
        }
        frames.push(OpenFrame {
            depth,
            address,
            delegate,
        });
        frames
            .iter()
            .filter(|f| f.address == address && !f.delegate)
            .count()
            > 1
    }

    /// Whether `codehash` counts as cached through ArbOS 60's per-block program cache, and
    /// records the call (the first call in a block misses; ArbOS 51's cache never hits).
    fn recently_called(&self, codehash: B256) -> bool {
        if self.params.arbos_version < 60 {
            return false;
        }
        let mut recent = self.recent_programs.borrow_mut();
        let hit = match recent.iter().position(|h| *h == codehash) {
            Some(i) => {
                recent.remove(i);
                true
            }
            None => false,
        };
        recent.push(codehash);
        if recent.len() > self.params.block_cache_size as usize {
            recent.remove(0);
        }
        hit
    }
}

/// Precompile provider: Ethereum precompiles + ArbOS precompiles + Stylus programs.
pub struct ArbPrecompiles {
    eth: EthPrecompiles,
    shared: Rc<Shared>,
    warm: AddressSet,
}

impl ArbPrecompiles {
    pub fn new(shared: Rc<Shared>) -> Self {
        let eth = EthPrecompiles::new(SPEC);
        let mut warm = eth.warm_addresses().clone();
        warm.extend(ARB_ADDRESSES);
        Self { eth, shared, warm }
    }
}

impl PrecompileProvider<Ctx> for ArbPrecompiles {
    type Output = InterpreterResult;

    fn set_spec(&mut self, spec: SpecId) -> bool {
        <EthPrecompiles as PrecompileProvider<Ctx>>::set_spec(&mut self.eth, spec)
    }

    fn run(
        &mut self,
        ctx: &mut Ctx,
        inputs: &CallInputs,
    ) -> Result<Option<InterpreterResult>, String> {
        let depth = ctx.journal().depth();
        let entered_by_hostio = self.shared.hostio_frame.replace(false);
        let reentrant = self.shared.enter(
            depth,
            inputs.target_address,
            inputs.scheme.is_delegate_call() || inputs.scheme.is_call_code(),
        );
        if self.eth.contains(&inputs.bytecode_address) {
            return <EthPrecompiles as PrecompileProvider<Ctx>>::run(&mut self.eth, ctx, inputs);
        }
        let addr = inputs.bytecode_address;
        if ARB_ADDRESSES.contains(&addr) {
            let input = inputs.input.bytes(ctx);
            let out = if addr == STYLUS_DEPLOYER {
                deployer::run(&self.shared, ctx, inputs, &input)
            } else {
                arbos::run(&self.shared, ctx, inputs, &input)
            };
            return Ok(Some(out));
        }
        let code = inputs.known_bytecode.1.original_byte_slice();
        if !stylus::program::is_stylus_program(code, self.shared.params.arbos_version) {
            return Ok(None);
        }
        let code = Bytes::copy_from_slice(code);
        let codehash = inputs.known_bytecode.0;
        // A program called by EVM code is a frame of its own in the stylusTracer's output
        // (frames entered by a hostio are recorded by the hostio).
        let nested = self.shared.frames.borrow().len() > 1;
        let traced_frame = nested && !entered_by_hostio && self.shared.tracer.is_some();
        if traced_frame {
            if let Some(t) = &self.shared.tracer {
                t.borrow_mut()
                    .enter(tracer::frame_kind(inputs.scheme), inputs.target_address);
            }
        }
        let result = program::call_program(&self.shared, ctx, inputs, code, codehash, reentrant);
        if traced_frame {
            if let Some(t) = &self.shared.tracer {
                t.borrow_mut().exit();
            }
        }
        Ok(Some(result))
    }

    fn warm_addresses(&self) -> &AddressSet {
        &self.warm
    }

    fn contains(&self, address: &Address) -> bool {
        self.warm.contains(address)
    }
}

/// Builds an EVM over `ctx` with the Arbitrum precompile provider.
pub fn make_evm(ctx: Ctx, shared: Rc<Shared>) -> DevEvm {
    Evm {
        ctx,
        inspector: (),
        instruction: EthInstructions::new_mainnet_with_spec(SPEC),
        precompiles: ArbPrecompiles::new(shared),
        frame_stack: FrameStack::new_prealloc(8),
    }
}

/// Runs one call or create frame (and everything it calls) on `ctx`'s journal, at the
/// current depth, exactly as a CALL/CREATE opcode would.
pub fn nested_frame(shared: &Rc<Shared>, ctx: &mut Ctx, frame_input: FrameInput) -> FrameResult {
    let owned = std::mem::replace(ctx, shared.placeholder());
    let mut evm = make_evm(owned, shared.clone());
    let buf = evm.ctx.local().shared_memory_buffer().clone();
    let mut parent = SharedMemory::new_with_buffer(buf);
    let memory = parent.new_child_context();
    let depth = evm.ctx.journal().depth();
    let init = FrameInit {
        depth,
        memory,
        frame_input: frame_input.clone(),
    };
    let result =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_loop(&mut evm, init)));
    parent.free_child_context();
    let placeholder = std::mem::replace(ctx, evm.ctx);
    shared.give_back(placeholder);
    match result {
        Ok(r) => r.unwrap_or_else(|| failed_result(&frame_input)),
        // The journal is back in the caller's context; let the panic reach the chain.
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

fn run_loop(evm: &mut DevEvm, init: FrameInit) -> Option<FrameResult> {
    match evm.frame_init(init).ok()? {
        ItemOrResult::Result(r) => return Some(r),
        ItemOrResult::Item(_) => {}
    }
    loop {
        let result = match evm.frame_run().ok()? {
            ItemOrResult::Item(init) => match evm.frame_init(init).ok()? {
                ItemOrResult::Item(_) => continue,
                ItemOrResult::Result(r) => r,
            },
            ItemOrResult::Result(r) => r,
        };
        if let Some(r) = evm.frame_return_result(result).ok()? {
            return Some(r);
        }
    }
}

fn failed_result(input: &FrameInput) -> FrameResult {
    use revm::interpreter::{CallOutcome, CreateOutcome};
    let (gas_limit, is_create) = match input {
        FrameInput::Call(c) => (c.gas_limit, false),
        FrameInput::Create(c) => (c.gas_limit(), true),
        FrameInput::Empty => (0, false),
    };
    let result = InterpreterResult::new(
        InstructionResult::FatalExternalError,
        Bytes::new(),
        Gas::new_spent_with_reservoir(gas_limit, 0),
    );
    if is_create {
        FrameResult::Create(CreateOutcome::new(result, None))
    } else {
        FrameResult::Call(CallOutcome::new(result, 0..0))
    }
}

/// Interpreter result helpers for native precompiles.
pub fn ok_result(output: Bytes, gas_limit: u64, gas_used: u64) -> InterpreterResult {
    result_with(InstructionResult::Return, output, gas_limit, gas_used)
}

pub fn revert_result(output: Bytes, gas_limit: u64, gas_used: u64) -> InterpreterResult {
    result_with(InstructionResult::Revert, output, gas_limit, gas_used)
}

pub fn result_with(
    r: InstructionResult,
    output: Bytes,
    gas_limit: u64,
    gas_used: u64,
) -> InterpreterResult {
    let mut gas = Gas::new(gas_limit);
    if !gas.record_regular_cost(gas_used) {
        return InterpreterResult::new(
            InstructionResult::OutOfGas,
            Bytes::new(),
            Gas::new_spent_with_reservoir(gas_limit, 0),
        );
    }
    InterpreterResult::new(r, output, gas)
}

/// Frame result accessors.
pub fn frame_output(r: &FrameResult) -> (&InterpreterResult, Option<Address>) {
    match r {
        FrameResult::Call(c) => (&c.result, None),
        FrameResult::Create(c) => (&c.result, c.address),
    }
}

/// Reads an account's code (loading it into the journal).
pub fn code_of(ctx: &mut Ctx, addr: Address) -> Bytes {
    ctx.journal_mut()
        .code(addr)
        .map(|c| c.data)
        .unwrap_or_default()
}

/// An account's code hash (loading it into the journal; zero when it cannot be read).
pub fn codehash_of(ctx: &mut Ctx, addr: Address) -> B256 {
    ctx.journal_mut()
        .load_account_with_code(addr)
        .map(|a| a.data.info.code_hash)
        .unwrap_or_default()
}

/// Balance of an account.
pub fn balance_of(ctx: &mut Ctx, addr: Address) -> U256 {
    ctx.journal_mut()
        .load_account(addr)
        .map(|a| a.data.info.balance)
        .unwrap_or_default()
}
