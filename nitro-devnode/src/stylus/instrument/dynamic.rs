//! Bulk memory (nitro-metering.md §2): `memory.fill` and `memory.copy` pay, on top of their
//! static price, ink per byte of their size operand, before they run.

use super::emit::{Emitter, Globals};
use wasm_encoder::Instruction;

/// Operators the charge adds before each `memory.fill` / `memory.copy`.
pub const BULK_OPS: u64 = 17;

/// With the size operand `n` on top of the stack, charges `n × ink_per_byte` and leaves the
/// stack as it was (17 operators). On a shortfall `ink_status` becomes 1 and the program traps;
/// `ink_left` then holds a wrapped value, which the host ignores (out of ink leaves nothing).
pub fn charge(code: &mut Emitter, g: Globals, ink_per_byte: u64) {
    code.op(Instruction::GlobalSet(g.scratch));
    code.op(Instruction::GlobalGet(g.ink_left));
    code.op(Instruction::GlobalGet(g.ink_left));
    code.op(Instruction::GlobalGet(g.scratch));
    code.op(Instruction::I64ExtendI32U);
    code.op(Instruction::I64Const(ink_per_byte as i64));
    code.op(Instruction::I64Mul);
    code.op(Instruction::I64Sub);
    code.op(Instruction::GlobalSet(g.ink_left));
    // The subtraction wrapped iff the new value exceeds the old (n × 100 < 2⁶⁴).
    code.op(Instruction::GlobalGet(g.ink_left));
    code.op(Instruction::I64LtU);
    code.trap_if(g.ink_status, 1);
    code.op(Instruction::GlobalGet(g.scratch));
}

#[cfg(test)]
mod tests {
    #[test]
    fn charge_is_seventeen_ops() {
        let mut e = super::Emitter::default();
        super::charge(&mut e, super::Globals::after(3), 100);
        assert_eq!(e.added_ops, super::BULK_OPS);
    }
}
