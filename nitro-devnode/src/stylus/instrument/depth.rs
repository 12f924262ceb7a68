//! The stack-depth budget (nitro-metering.md §2): entering a function takes its frame size
//! from `stack_left` and traps (out of stack) when the words left are not more than the frame;
//! every `return` and the function's end give the words back.
//!
//! Frame size = the most values on the operand stack at once + the declared locals + 4.
//! Parameters are not counted as locals: they are already on the caller's operand stack,
//! which its own frame counts (Nitro's depth.wat vector, "2 locals + 3 stack + 4 = 9 words",
//! counts locals in the same way). Stack heights come from wasmparser's validator, so in
//! unreachable code they follow the validator's polymorphic stack.
//!
//! A branch that leaves the function through its outermost label, without `return`, does
//! not give the words back, as Nitro's count of added operators (4 per `return` and 4 at the
//! end) implies; the host resets the budget for each program call.

use super::emit::{Emitter, Globals};
use crate::stylus::validate::ValidationError;
use wasm_encoder::Instruction;

/// Most words one frame may need (Nitro's `max_frame_size`).
pub const MAX_FRAME_WORDS: u64 = 10_240;
/// Most values one frame may keep on its operand stack at once (Nitro's frame contention).
pub const MAX_FRAME_CONTENTION: u64 = 4_096;
/// Operators added at a function's entry.
pub const ENTER_OPS: u64 = 12;
/// Operators added before each `return`, and (with one extra `return`) at the end.
pub const LEAVE_OPS: u64 = 4;

/// Words a frame takes.
pub fn frame_words(max_stack: u32, locals: u64) -> u64 {
    u64::from(max_stack) + locals + 4
}

/// Nitro's frame limits. `max_stack` is the function's largest operand-stack height: the
/// values live at once, which is what "contention" limits.
pub fn check_frame(func: u32, max_stack: u32, locals: u64) -> Result<u32, ValidationError> {
    let values = u64::from(max_stack);
    if values > MAX_FRAME_CONTENTION {
        return Err(ValidationError::FrameContention {
            func,
            values,
            limit: MAX_FRAME_CONTENTION,
        });
    }
    let words = frame_words(max_stack, locals);
    if words > MAX_FRAME_WORDS {
        return Err(ValidationError::FrameTooLarge {
            func,
            words,
            limit: MAX_FRAME_WORDS,
        });
    }
    Ok(words as u32)
}

/// At entry (12 operators): `if stack_left <= frame { stack_left = 0; trap } stack_left -= frame`.
pub fn enter(code: &mut Emitter, g: Globals, frame: u32) {
    code.take_or_trap(
        g.stack_left,
        Instruction::I32Const(frame as i32),
        Instruction::I32LeU,
        Instruction::I32Sub,
        (g.stack_left, 0),
    );
}

/// Before leaving (4 operators): `stack_left += frame`.
pub fn leave(code: &mut Emitter, g: Globals, frame: u32) {
    code.op(Instruction::GlobalGet(g.stack_left));
    code.op(Instruction::I32Const(frame as i32));
    code.op(Instruction::I32Add);
    code.op(Instruction::GlobalSet(g.stack_left));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_and_exit_sizes() {
        let mut e = Emitter::default();
        enter(&mut e, Globals::after(0), 9);
        assert_eq!(e.added_ops, ENTER_OPS);
        leave(&mut e, Globals::after(0), 9);
        assert_eq!(e.added_ops, ENTER_OPS + LEAVE_OPS);
    }

    #[test]
    fn frame_limits() {
        assert_eq!(check_frame(0, 3, 2), Ok(9));
        assert_eq!(check_frame(0, 4_096, 348), Ok(4_448));
        assert_eq!(
            check_frame(7, 4_097, 0),
            Err(ValidationError::FrameContention {
                func: 7,
                values: 4_097,
                limit: MAX_FRAME_CONTENTION
            })
        );
        assert_eq!(
            check_frame(7, 100, 10_137),
            Err(ValidationError::FrameTooLarge {
                func: 7,
                words: 10_241,
                limit: MAX_FRAME_WORDS
            })
        );
    }
}
