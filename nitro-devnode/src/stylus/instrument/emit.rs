//! The code the instrumentation adds, and the globals it uses.

use wasm_encoder::{Encode, Instruction};

/// Indices of the four globals instrumentation appends after the module's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Globals {
    /// i64: ink left.
    pub ink_left: u32,
    /// i32: 0 ok, 1 out of ink.
    pub ink_status: u32,
    /// i32: holds an operand while the added code runs.
    pub scratch: u32,
    /// i32: words of stack budget left.
    pub stack_left: u32,
}

impl Globals {
    /// The globals appended to a module that defines `existing` globals (a Stylus module
    /// imports none, so nothing shifts).
    pub fn after(existing: u32) -> Self {
        Self {
            ink_left: existing,
            ink_status: existing + 1,
            scratch: existing + 2,
            stack_left: existing + 3,
        }
    }
}

/// A function body being written: original operators are copied as raw bytes, added ones are
/// encoded and counted.
#[derive(Debug, Default)]
pub struct Emitter {
    pub bytes: Vec<u8>,
    /// Operators the instrumentation added.
    pub added_ops: u64,
}

impl Emitter {
    /// Adds an operator of the instrumentation's own.
    pub fn op(&mut self, op: Instruction<'_>) {
        op.encode(&mut self.bytes);
        self.added_ops += 1;
    }

    /// Copies original code.
    pub fn raw(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
    }

    /// Takes `amount` from a budget global (12 operators): if `short` (the comparison of the
    /// budget with `amount`) holds, sets `trap_global` to `trap_value` and traps; else
    /// subtracts with `sub`.
    pub fn take_or_trap(
        &mut self,
        budget: u32,
        amount: Instruction<'_>,
        short: Instruction<'_>,
        sub: Instruction<'_>,
        (trap_global, trap_value): (u32, i32),
    ) {
        self.op(Instruction::GlobalGet(budget));
        self.op(amount.clone());
        self.op(short);
        self.trap_if(trap_global, trap_value);
        self.op(Instruction::GlobalGet(budget));
        self.op(amount);
        self.op(sub);
        self.op(Instruction::GlobalSet(budget));
    }

    /// `if (cond on the stack) { global[set] = value; unreachable }`: the trap every check ends
    /// in (5 operators).
    pub fn trap_if(&mut self, global: u32, value: i32) {
        self.op(Instruction::If(wasm_encoder::BlockType::Empty));
        self.op(Instruction::I32Const(value));
        self.op(Instruction::GlobalSet(global));
        self.op(Instruction::Unreachable);
        self.op(Instruction::End);
    }
}
