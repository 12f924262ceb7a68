//! Activation-time instrumentation, as Nitro does it (nitro-metering.md §2, §5, §7): the raw
//! module is validated by Nitro's rules and rewritten so that it meters itself, then the
//! engine runs it without fuel.
//!
//! The instrumented module has four more globals, appended after its own (a Stylus module
//! imports no globals, so no index shifts, and no import is added, so no function index
//! shifts either):
//! - [`INK_LEFT`] (exported, mutable i64): ink left. Every basic block is charged before it
//!   runs; bulk-memory ops are charged per byte before they run.
//! - [`INK_STATUS`] (exported, mutable i32): 0 ok; set to 1 before the trap when a charge
//!   cannot be paid (out of ink). Its `ink_left` is then meaningless.
//! - a scratch i32 for the added code.
//! - [`STACK_LEFT`] (exported, mutable i32): words of the stack-depth budget left; each
//!   function takes its frame at entry and gives it back when it returns. A frame that does
//!   not fit sets it to 0 and traps (out of stack).
//!
//! Before calling `user_entrypoint` the host sets `ink_left`, `ink_status` = 0 and
//! `stack_left` = MaxStackDepth; after it reads them. Before each `memory.grow` of a growable
//! memory the program calls `vm_hooks::pay_for_memory_grow(pages)`. The smallest frame is 4
//! words, so 22,000 words allow 5,499 nested calls: the engine's own recursion limit must be
//! above that (wasmi's default is 1,000) for the budget to be what stops recursion.

pub mod costs;
pub mod depth;
pub mod dynamic;
pub mod emit;
pub mod function;
pub mod heap;
pub mod meter;
pub mod pricing;
#[cfg(test)]
mod tests;

use super::validate::{ModuleChecker, ModuleFacts, Rules, ValidationError};
use alloy_primitives::{keccak256, B256};
use emit::{Emitter, Globals};
use function::{FuncContext, FuncStats};
pub use pricing::Pricing;
use std::ops::Range;
use wasm_encoder::{CodeSection, ConstExpr, Encode, RawSection, SectionId};
use wasmparser::{
    BinaryReader, FuncValidatorAllocations, Parser, Payload, ValidPayload, Validator,
};

/// Exported mutable i64 global: ink left.
pub const INK_LEFT: &str = "stylus_ink_left";
/// Exported mutable i32 global: 0 ok, 1 = out of ink.
pub const INK_STATUS: &str = "stylus_ink_status";
/// Exported mutable i32 global: words of stack budget left; 0 after an out-of-stack trap.
pub const STACK_LEFT: &str = "stylus_stack_left";
/// Globals the instrumentation adds (ink left, status, scratch, stack left).
pub const ADDED_GLOBALS: u32 = 4;
/// Exports it adds ([`INK_LEFT`], [`INK_STATUS`], [`STACK_LEFT`]).
const ADDED_EXPORTS: u32 = 3;

/// What activation depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstrumentConfig {
    pub arbos_version: u64,
    /// Most pages the initial memory may have (PageLimit minus the pages already open).
    pub page_limit: u16,
    /// Debug-mode chain: `console` and `debug` imports are accepted.
    pub allow_debug: bool,
}

impl Default for InstrumentConfig {
    fn default() -> Self {
        let rules = Rules::new(false);
        Self {
            arbos_version: rules.arbos_version,
            page_limit: rules.page_limit as u16,
            allow_debug: false,
        }
    }
}

impl InstrumentConfig {
    fn rules(&self) -> Rules {
        Rules {
            arbos_version: self.arbos_version,
            page_limit: self.page_limit.into(),
            allow_debug: self.allow_debug,
        }
    }
}

/// The inputs of the cost model and what instrumentation did (§5, §7).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ModuleCounts {
    /// F: functions the module defines.
    pub functions: u32,
    /// Functions it imports.
    pub imported_functions: u32,
    /// T: Σ over defined functions of (params + results).
    pub params_results: u64,
    /// W: bytes of the (decompressed) module.
    pub wasm_size: usize,
    /// G: globals, the ones instrumentation adds included.
    pub globals: u32,
    /// D: bytes of the data and element segment entries (wasmparser's `Data.range` and
    /// `Element.range`: flags, offset, length prefix and payload).
    pub segment_bytes: u64,
    /// Payload bytes of the data segments (activation's `data`).
    pub data_bytes: u64,
    /// Bytes of the element segment entries (activation's `elem`).
    pub elem_bytes: u64,
    /// P: initial memory pages.
    pub footprint: u16,
    /// Operators of all function bodies, each final `end` included.
    pub ops_before: u64,
    /// The same after instrumentation.
    pub ops_after: u64,
    /// Blocks charged (every block under Nitro's pricing, whose header is not 0).
    pub metered_blocks: u64,
    /// `return` operators.
    pub returns: u64,
    /// `memory.fill` and `memory.copy` operators.
    pub bulk_memory_ops: u64,
    /// `memory.grow` operators given a `pay_for_memory_grow` call.
    pub memory_grows: u64,
    /// The largest frame, in words.
    pub max_frame_words: u32,
    /// Some operator can never be paid for (floats and the like).
    pub uses_unpayable_ops: bool,
}

impl ModuleCounts {
    fn add(&mut self, f: &FuncStats) {
        self.ops_before += f.ops_before;
        self.ops_after += f.ops_before + f.ops_added;
        self.metered_blocks += f.metered_blocks;
        self.returns += f.returns;
        self.bulk_memory_ops += f.bulk_memory_ops;
        self.memory_grows += f.memory_grows;
        self.max_frame_words = self.max_frame_words.max(f.frame_words);
        self.uses_unpayable_ops |= f.unpayable;
    }
}

/// An activated module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instrumented {
    /// The instrumented module (what the engine compiles).
    pub wasm: Vec<u8>,
    /// keccak256 of the instrumented module.
    pub module_hash: B256,
    /// Initial memory pages P.
    pub footprint: u16,
    /// §5 (version 2: without cachedCost).
    pub init_cost: u16,
    pub cached_cost: u16,
    /// §5 asmEstimate, bytes.
    pub asm_estimate: u32,
    /// §7 module pricing: 28 × [...], with the W term from ArbOS 32.
    pub activation_gas: u64,
    /// W.
    pub wasm_size: usize,
    pub counts: ModuleCounts,
}

/// Validates `wasm` by Nitro's rules and instruments it with Nitro's pricing.
pub fn instrument(wasm: &[u8], cfg: &InstrumentConfig) -> Result<Instrumented, ValidationError> {
    instrument_with(wasm, cfg, &pricing::NITRO)
}

/// [`instrument`] with another pricing (tests).
pub fn instrument_with(
    wasm: &[u8],
    cfg: &InstrumentConfig,
    pricing: &Pricing,
) -> Result<Instrumented, ValidationError> {
    let inv = ValidationError::invalid;
    let mut validator = Validator::new_with_features(cfg.rules().features());
    let mut checker = ModuleChecker::new(cfg.rules());
    let mut out = wasm_encoder::Module::new();
    let mut code = CodeSection::new();
    let mut body = Emitter::default();
    let mut allocs = FuncValidatorAllocations::default();
    let mut counts = ModuleCounts {
        wasm_size: wasm.len(),
        ..ModuleCounts::default()
    };
    let global_entries = added_globals();
    let mut wrote_globals = false;
    // Known when the code section starts: every section it depends on precedes it.
    let mut code_setup: Option<CodeSetup> = None;

    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(inv)?;
        checker.precheck(&payload)?;
        let valid = validator.payload(&payload).map_err(inv)?;
        checker.payload(&payload)?;
        match &payload {
            Payload::GlobalSection(r) => {
                let data =
                    extend_section(wasm, r.range(), r.count(), ADDED_GLOBALS, &global_entries)?;
                out.section(&raw_section(SectionId::Global, &data));
                wrote_globals = true;
            }
            Payload::ExportSection(r) => {
                if !wrote_globals {
                    let data = extend_section(wasm, 0..0, 0, ADDED_GLOBALS, &global_entries)?;
                    out.section(&raw_section(SectionId::Global, &data));
                    wrote_globals = true;
                }
                let exports = added_exports(Globals::after(checker.facts().globals));
                let data = extend_section(wasm, r.range(), r.count(), ADDED_EXPORTS, &exports)?;
                out.section(&raw_section(SectionId::Export, &data));
            }
            Payload::CodeSectionStart { count, .. } => {
                code_setup = Some(CodeSetup::new(checker.facts(), *count));
            }
            Payload::CodeSectionEntry(func) => {
                let (ValidPayload::Func(to_validate, _), Some(setup)) = (valid, &code_setup) else {
                    return Err(ValidationError::invalid(
                        "function body outside a code section",
                    ));
                };
                let cx = FuncContext {
                    pricing,
                    type_params: &setup.type_params,
                    globals: setup.globals,
                    grow_hook: setup.grow_hook,
                };
                let index = to_validate.index;
                let mut fv = to_validate.into_validator(std::mem::take(&mut allocs));
                body.bytes.clear();
                let stats = function::instrument_function(index, func, &mut fv, &cx, &mut body)?;
                allocs = fv.into_allocations();
                counts.add(&stats);
                code.raw(&body.bytes);
                if code.len() == setup.entries {
                    out.section(&code);
                }
            }
            other => {
                if let Some((id, range)) = other.as_section() {
                    out.section(&RawSection {
                        id,
                        data: &wasm[range],
                    });
                }
            }
        }
    }
    let facts = checker.finish()?;
    if facts.memory_can_grow() && facts.pay_for_memory_grow.is_none() {
        return Err(ValidationError::MissingMemoryGrowImport);
    }
    fill_counts(&mut counts, &facts);
    let costs = costs::module_costs(&counts, cfg.arbos_version)?;
    let wasm = out.finish();
    Ok(Instrumented {
        module_hash: keccak256(&wasm),
        wasm,
        footprint: counts.footprint,
        init_cost: costs.init_cost,
        cached_cost: costs.cached_cost,
        asm_estimate: costs.asm_estimate,
        activation_gas: costs.activation_gas,
        wasm_size: counts.wasm_size,
        counts,
    })
}

/// What every function's instrumentation shares.
#[derive(Debug)]
struct CodeSetup {
    /// Functions the code section holds.
    entries: u32,
    type_params: Vec<u32>,
    globals: Globals,
    /// `pay_for_memory_grow`, when the memory can grow.
    grow_hook: Option<u32>,
}

impl CodeSetup {
    fn new(facts: &ModuleFacts, entries: u32) -> Self {
        Self {
            entries,
            type_params: facts.type_params(),
            globals: Globals::after(facts.globals),
            grow_hook: if facts.memory_can_grow() {
                facts.pay_for_memory_grow
            } else {
                None
            },
        }
    }
}

/// The module-level inputs of the cost model.
fn fill_counts(counts: &mut ModuleCounts, facts: &ModuleFacts) {
    counts.functions = facts.local_funcs();
    counts.imported_functions = facts.imported_funcs;
    counts.params_results = (facts.imported_funcs..facts.func_types.len() as u32)
        .filter_map(|f| facts.func_type(f))
        .map(|t| (t.params().len() + t.results().len()) as u64)
        .sum();
    counts.globals = facts.globals + ADDED_GLOBALS;
    counts.segment_bytes = facts.data_entry_bytes + facts.elem_entry_bytes;
    counts.data_bytes = facts.data_bytes;
    counts.elem_bytes = facts.elem_entry_bytes;
    // The checker enforced the page limit (≤ u16::MAX).
    counts.footprint = facts
        .memory
        .map_or(0, |m| m.initial.try_into().unwrap_or(u16::MAX));
}

/// The four globals, encoded as section entries: ink left (i64), status, scratch and stack
/// left (i32), all mutable and 0 until the host sets them.
fn added_globals() -> Vec<u8> {
    let mut bytes = Vec::new();
    for ty in [
        wasm_encoder::ValType::I64,
        wasm_encoder::ValType::I32,
        wasm_encoder::ValType::I32,
        wasm_encoder::ValType::I32,
    ] {
        wasm_encoder::GlobalType {
            val_type: ty,
            mutable: true,
            shared: false,
        }
        .encode(&mut bytes);
        let init = match ty {
            wasm_encoder::ValType::I64 => ConstExpr::i64_const(0),
            _ => ConstExpr::i32_const(0),
        };
        init.encode(&mut bytes);
    }
    bytes
}

/// The three exports of the globals the host reads and writes.
fn added_exports(g: Globals) -> Vec<u8> {
    let mut bytes = Vec::new();
    for (name, index) in [
        (INK_LEFT, g.ink_left),
        (INK_STATUS, g.ink_status),
        (STACK_LEFT, g.stack_left),
    ] {
        name.encode(&mut bytes);
        wasm_encoder::ExportKind::Global.encode(&mut bytes);
        index.encode(&mut bytes);
    }
    bytes
}

/// The body of a vector section whose original entries (`range`, `count` of them; an empty
/// range for a section the module lacks) are followed by `added_count` encoded entries.
fn extend_section(
    wasm: &[u8],
    range: Range<usize>,
    count: u32,
    added_count: u32,
    added: &[u8],
) -> Result<Vec<u8>, ValidationError> {
    let entries = if range.is_empty() {
        &[][..]
    } else {
        let mut r = BinaryReader::new(&wasm[range.clone()], range.start);
        r.read_var_u32().map_err(ValidationError::invalid)?;
        &wasm[r.original_position()..range.end]
    };
    let mut data = Vec::with_capacity(entries.len() + added.len() + 5);
    (count + added_count).encode(&mut data);
    data.extend_from_slice(entries);
    data.extend_from_slice(added);
    Ok(data)
}

fn raw_section(id: SectionId, data: &[u8]) -> RawSection<'_> {
    RawSection { id: id as u8, data }
}
