//! One function body through Nitro's middlewares, in Nitro's order: meter, then bulk memory,
//! then depth, then heap (nitro-metering.md §2). Only the module's own operators are priced;
//! the code the middlewares add is not.
//!
//! Two passes: the first validates the body and finds its frame size (the depth checker's
//! entry code needs it before the first operator), the second writes the instrumented body.

use super::{
    depth, dynamic,
    emit::{Emitter, Globals},
    heap,
    meter::{self, BlockMeter},
    pricing::{Pricing, FORBIDDEN},
};
use crate::stylus::validate::{check_function_size, ValidationError};
use std::ops::Range;
use wasm_encoder::Instruction;
use wasmparser::{FuncValidator, FunctionBody, Operator, ValidatorResources};

/// What a function's instrumentation depends on.
#[derive(Debug, Clone, Copy)]
pub struct FuncContext<'a> {
    pub pricing: &'a Pricing,
    /// Parameter count of each type index.
    pub type_params: &'a [u32],
    pub globals: Globals,
    /// `pay_for_memory_grow`'s function index; `None` when the memory cannot grow.
    pub grow_hook: Option<u32>,
}

/// Counts of one function, summed into the module's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FuncStats {
    pub ops_before: u64,
    pub ops_added: u64,
    pub metered_blocks: u64,
    pub returns: u64,
    pub bulk_memory_ops: u64,
    pub memory_grows: u64,
    pub frame_words: u32,
    /// Has an operator the pricing makes unpayable.
    pub unpayable: bool,
}

/// Code the middlewares add before (or around) an original operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Added {
    None,
    Bulk,
    /// Calls `pay_for_memory_grow` (this function index).
    Grow(u32),
    Return,
    FinalEnd,
}

/// The operators the dynamic meter and the depth checker reject at activation.
fn forbidden_name(op: &Operator<'_>) -> Option<&'static str> {
    use Operator as O;
    Some(match op {
        O::MemoryInit { .. } => "memory.init",
        O::DataDrop { .. } => "data.drop",
        O::ElemDrop { .. } => "elem.drop",
        O::TableInit { .. } => "table.init",
        O::TableCopy { .. } => "table.copy",
        O::TableGet { .. } => "table.get",
        O::TableSet { .. } => "table.set",
        O::TableGrow { .. } => "table.grow",
        O::TableSize { .. } => "table.size",
        O::TableFill { .. } => "table.fill",
        _ => return None,
    })
}

/// Validates function `index` and writes its instrumented body (locals included) to `out`.
pub fn instrument_function(
    index: u32,
    body: &FunctionBody<'_>,
    validator: &mut FuncValidator<ValidatorResources>,
    cx: &FuncContext<'_>,
    out: &mut Emitter,
) -> Result<FuncStats, ValidationError> {
    let inv = ValidationError::invalid;
    let base = body.range().start;
    let bytes = body.as_bytes();

    // Pass 1: validate, count, and find the frame.
    let mut locals = 0u64;
    let mut locals_reader = body.get_locals_reader().map_err(inv)?;
    for _ in 0..locals_reader.get_count() {
        let offset = locals_reader.original_position();
        let (count, ty) = locals_reader.read().map_err(inv)?;
        validator.define_locals(offset, count, ty).map_err(inv)?;
        locals += u64::from(count);
    }
    let mut ops = body.get_operators_reader().map_err(inv)?;
    let ops_start = ops.original_position();
    let mut stats = FuncStats::default();
    let mut max_stack = 0u32;
    while !ops.eof() {
        let (op, offset) = ops.read_with_offset().map_err(inv)?;
        if let Some(op) = forbidden_name(&op) {
            return Err(ValidationError::ForbiddenOp { op, func: index });
        }
        validator.op(offset, &op).map_err(inv)?;
        max_stack = max_stack.max(validator.operand_stack_height());
        stats.ops_before += 1;
    }
    validator.finish(ops.original_position()).map_err(inv)?;
    check_function_size(locals, stats.ops_before)?;
    let frame = depth::check_frame(index, max_stack, locals)?;
    stats.frame_words = frame;

    // Pass 2: rewrite.
    let added_before = out.added_ops;
    out.raw(&bytes[..ops_start - base]);
    depth::enter(out, cx.globals, frame);
    let mut block = BlockMeter::new(cx.pricing, cx.type_params);
    let mut pending: Vec<(Range<usize>, Added)> = Vec::new();
    let mut ops = body.get_operators_reader().map_err(inv)?;
    while !ops.eof() {
        let start = ops.original_position() - base;
        let op = ops.read().map_err(inv)?;
        let end = ops.original_position() - base;
        stats.unpayable |= block.add(&op) == FORBIDDEN;
        let added = match op {
            Operator::MemoryFill { .. } | Operator::MemoryCopy { .. } => Added::Bulk,
            Operator::MemoryGrow { .. } => cx.grow_hook.map_or(Added::None, Added::Grow),
            Operator::Return => Added::Return,
            Operator::End if ops.eof() => Added::FinalEnd,
            _ => Added::None,
        };
        pending.push((start..end, added));
        if !BlockMeter::ends_block(&op) {
            continue;
        }
        let ink = block.take();
        if ink > 0 {
            meter::charge(out, cx.globals, ink);
            stats.metered_blocks += 1;
        }
        for (range, added) in pending.drain(..) {
            match added {
                Added::None => {}
                Added::Bulk => {
                    dynamic::charge(out, cx.globals, cx.pricing.bulk_ink_per_byte);
                    stats.bulk_memory_ops += 1;
                }
                Added::Grow(hook) => {
                    heap::pay_for_grow(out, cx.globals, hook);
                    stats.memory_grows += 1;
                }
                Added::Return => {
                    depth::leave(out, cx.globals, frame);
                    stats.returns += 1;
                }
                Added::FinalEnd => {
                    depth::leave(out, cx.globals, frame);
                    out.op(Instruction::Return);
                }
            }
            out.raw(&bytes[range]);
        }
    }
    stats.ops_added = out.added_ops - added_before;
    Ok(stats)
}
