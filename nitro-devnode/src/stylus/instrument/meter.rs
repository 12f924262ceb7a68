//! Basic-block metering (nitro-metering.md §2): each block is charged, before it runs, the
//! sum of its operators' ink (the ending operator included) plus the header, saturating.

use super::{
    emit::{Emitter, Globals},
    pricing::{ends_block, Pricing},
};
use wasm_encoder::Instruction;
use wasmparser::Operator;

/// Operators the charge of one block adds.
pub const CHARGE_OPS: u64 = 12;

/// Sums the ink of the block being read.
#[derive(Debug)]
pub struct BlockMeter<'a> {
    pricing: &'a Pricing,
    type_params: &'a [u32],
    ink: u64,
}

impl<'a> BlockMeter<'a> {
    pub fn new(pricing: &'a Pricing, type_params: &'a [u32]) -> Self {
        Self {
            pricing,
            type_params,
            ink: 0,
        }
    }

    /// Adds `op` to the block; returns its ink.
    pub fn add(&mut self, op: &Operator<'_>) -> u64 {
        let ink = (self.pricing.op_ink)(op, self.type_params);
        self.ink = self.ink.saturating_add(ink);
        ink
    }

    /// Whether `op` ends the block.
    pub fn ends_block(op: &Operator<'_>) -> bool {
        ends_block(op)
    }

    /// The ink of the finished block, header included; starts the next block.
    pub fn take(&mut self) -> u64 {
        let ink = self.ink.saturating_add(self.pricing.header_ink);
        self.ink = 0;
        ink
    }
}

/// Charges `ink` (12 operators): `if ink_left < ink { ink_status = 1; trap } ink_left -= ink`.
pub fn charge(code: &mut Emitter, g: Globals, ink: u64) {
    // The constant is the u64 bit pattern; the comparison is unsigned.
    code.take_or_trap(
        g.ink_left,
        Instruction::I64Const(ink as i64),
        Instruction::I64LtU,
        Instruction::I64Sub,
        (g.ink_status, 1),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stylus::instrument::pricing::NITRO;

    #[test]
    fn charge_is_twelve_ops() {
        let mut e = Emitter::default();
        charge(&mut e, Globals::after(0), 6_251);
        assert_eq!(e.added_ops, CHARGE_OPS);
    }

    #[test]
    fn header_is_added_once_per_block_and_sums_saturate() {
        let mut m = BlockMeter::new(&NITRO, &[]);
        m.add(&Operator::I32Const { value: 0 });
        m.add(&Operator::Call { function_index: 0 });
        assert_eq!(m.take(), 6_251);
        assert_eq!(m.take(), 2_450);
        m.add(&Operator::F32Add);
        m.add(&Operator::Nop);
        assert_eq!(m.take(), u64::MAX);
    }
}
