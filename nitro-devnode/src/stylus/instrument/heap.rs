//! Memory growth (nitro-metering.md §5): before every `memory.grow` of a memory that is not
//! fixed-size, the program calls `vm_hooks::pay_for_memory_grow` with the same page count,
//! which charges the memory model. A module whose memory can grow must import it.

use super::emit::{Emitter, Globals};
use wasm_encoder::Instruction;

/// Operators the hook adds before each `memory.grow`.
pub const GROW_OPS: u64 = 4;

/// With the page count on top of the stack, calls `pay_for_memory_grow(pages)` and leaves the
/// stack as it was (4 operators).
pub fn pay_for_grow(code: &mut Emitter, g: Globals, pay_for_memory_grow: u32) {
    code.op(Instruction::GlobalSet(g.scratch));
    code.op(Instruction::GlobalGet(g.scratch));
    code.op(Instruction::Call(pay_for_memory_grow));
    code.op(Instruction::GlobalGet(g.scratch));
}

#[cfg(test)]
mod tests {
    #[test]
    fn hook_is_four_ops() {
        let mut e = super::Emitter::default();
        super::pay_for_grow(&mut e, super::Globals::after(0), 0);
        assert_eq!(e.added_ops, super::GROW_OPS);
    }
}
