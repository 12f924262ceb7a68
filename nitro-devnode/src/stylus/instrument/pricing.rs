//! Operator ink prices (nitro-metering.md §2, `pricing_v1`, shared by Stylus versions 1 and 2).

use wasmparser::Operator;

/// Ink charged once per basic block on top of its operators.
pub const BLOCK_HEADER_INK: u64 = 2_450;
/// Ink per byte of the size operand of `memory.fill` / `memory.copy` (800 / 8).
pub const BULK_INK_PER_BYTE: u64 = 100;
/// The price of an operator Nitro forbids (floats, SIMD, reference types, …): a block that
/// contains one can never be paid for.
pub const FORBIDDEN: u64 = u64::MAX;

/// Prices an operator. The slice holds the parameter count of each type index (for
/// `call_indirect`).
pub type OpInk = fn(&Operator<'_>, &[u32]) -> u64;

/// What the instrumentation charges. Tests replace it (Nitro's own `test_ink` vector prices
/// `i32.add` at 100 and everything else, the header included, at 0).
#[derive(Clone, Copy)]
pub struct Pricing {
    /// Ink of each basic block's header.
    pub header_ink: u64,
    /// Ink of each operator.
    pub op_ink: OpInk,
    /// Ink per byte of a bulk-memory size operand.
    pub bulk_ink_per_byte: u64,
}

impl std::fmt::Debug for Pricing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pricing")
            .field("header_ink", &self.header_ink)
            .field("bulk_ink_per_byte", &self.bulk_ink_per_byte)
            .finish_non_exhaustive()
    }
}

/// Nitro's pricing (ArbOS 30 and later).
pub const NITRO: Pricing = Pricing {
    header_ink: BLOCK_HEADER_INK,
    op_ink: nitro_op_ink,
    bulk_ink_per_byte: BULK_INK_PER_BYTE,
};

impl Default for Pricing {
    fn default() -> Self {
        NITRO
    }
}

/// Whether `op` ends a basic block (§2: `block`, `unreachable` and `memory.grow` do not).
pub fn ends_block(op: &Operator<'_>) -> bool {
    use Operator as O;
    matches!(
        op,
        O::End
            | O::Else
            | O::Return
            | O::Loop { .. }
            | O::Br { .. }
            | O::BrIf { .. }
            | O::BrTable { .. }
            | O::If { .. }
            | O::Call { .. }
            | O::CallIndirect { .. }
    )
}

/// Nitro's ink table (§2). Anything not listed, float ops included, is [`FORBIDDEN`].
pub fn nitro_op_ink(op: &Operator<'_>, type_params: &[u32]) -> u64 {
    use Operator as O;
    match op {
        O::Unreachable
        | O::Return
        | O::Nop
        | O::I32Const { .. }
        | O::I64Const { .. }
        | O::Block { .. }
        | O::Loop { .. }
        | O::Else
        | O::End => 1,
        O::Drop => 9,
        O::I32Add
        | O::I32Sub
        | O::I32And
        | O::I32Or
        | O::I32Xor
        | O::I32Shl
        | O::I32ShrS
        | O::I32ShrU
        | O::I32Rotl
        | O::I32Rotr => 70,
        O::LocalGet { .. } | O::LocalTee { .. } => 75,
        O::I64Add
        | O::I64Sub
        | O::I64And
        | O::I64Or
        | O::I64Xor
        | O::I64Shl
        | O::I64ShrS
        | O::I64ShrU
        | O::I64Rotl
        | O::I64Rotr
        | O::I32WrapI64
        | O::I64ExtendI32S
        | O::I64ExtendI32U
        | O::I32Extend8S
        | O::I32Extend16S
        | O::I64Extend8S
        | O::I64Extend16S
        | O::I64Extend32S => 100,
        O::I32Mul | O::I64Mul => 160,
        O::I32Eqz
        | O::I32Eq
        | O::I32Ne
        | O::I32LtS
        | O::I32LtU
        | O::I32GtS
        | O::I32GtU
        | O::I32LeS
        | O::I32LeU
        | O::I32GeS
        | O::I32GeU => 170,
        O::LocalSet { .. } | O::I32Clz | O::I32Ctz | O::I64Clz | O::I64Ctz => 210,
        O::GlobalGet { .. }
        | O::I64Eqz
        | O::I64Eq
        | O::I64Ne
        | O::I64LtS
        | O::I64LtU
        | O::I64GtS
        | O::I64GtU
        | O::I64LeS
        | O::I64LeU
        | O::I64GeS
        | O::I64GeU => 225,
        O::GlobalSet { .. } => 575,
        O::I32Load { .. }
        | O::I32Load8S { .. }
        | O::I32Load8U { .. }
        | O::I32Load16S { .. }
        | O::I32Load16U { .. } => 670,
        O::I64Load { .. }
        | O::I64Load8S { .. }
        | O::I64Load8U { .. }
        | O::I64Load16S { .. }
        | O::I64Load16U { .. }
        | O::I64Load32S { .. }
        | O::I64Load32U { .. } => 680,
        O::Br { .. } | O::BrIf { .. } | O::If { .. } => 765,
        O::I32Store { .. } | O::I32Store8 { .. } | O::I32Store16 { .. } => 825,
        O::I64Store { .. }
        | O::I64Store8 { .. }
        | O::I64Store16 { .. }
        | O::I64Store32 { .. }
        | O::MemoryCopy { .. }
        | O::MemoryFill { .. } => 950,
        O::I32DivS | O::I32DivU | O::I32RemS | O::I32RemU => 1_120,
        O::Select => 1_250,
        O::I64DivS | O::I64DivU | O::I64RemS | O::I64RemU => 1_270,
        O::I32Popcnt => 2_650,
        O::MemorySize { .. } => 3_000,
        O::Call { .. } => 3_800,
        O::I64Popcnt => 6_000,
        O::MemoryGrow { .. } => 8_050,
        O::BrTable { targets } => 2_400u64.saturating_add(325 * u64::from(targets.len())),
        O::CallIndirect { type_index, .. } => {
            let params = type_params.get(*type_index as usize).copied();
            params.map_or(FORBIDDEN, |p| 13_610 + 650 * u64::from(p))
        }
        _ => FORBIDDEN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasmparser::OperatorsReader;

    /// The operators of a WAT function body, in order.
    fn ops_of(body: &str) -> Vec<Operator<'static>> {
        let wasm = wat::parse_str(format!(
            "(module (type (func (param i32 i64 i32))) (table 1 funcref) (memory 1)
               (func (param i32 i64) (local f32) {body}))"
        ))
        .unwrap();
        let wasm: &'static [u8] = Box::leak(wasm.into_boxed_slice());
        for payload in wasmparser::Parser::new(0).parse_all(wasm) {
            if let wasmparser::Payload::CodeSectionEntry(b) = payload.unwrap() {
                let mut r: OperatorsReader<'static> = b.get_operators_reader().unwrap();
                let mut out = vec![];
                while !r.eof() {
                    out.push(r.read().unwrap());
                }
                return out;
            }
        }
        unreachable!()
    }

    fn ink(body: &str) -> Vec<u64> {
        ops_of(body)
            .iter()
            .map(|op| nitro_op_ink(op, &[3]))
            .collect()
    }

    #[test]
    fn table_matches_the_sheet() {
        assert_eq!(ink("unreachable nop"), [1, 1, 1]);
        assert_eq!(
            ink("i32.const 1 i32.const 2 i32.add drop i64.const 1 i64.const 2 i64.add drop"),
            [1, 1, 70, 9, 1, 1, 100, 9, 1]
        );
        assert_eq!(
            ink("local.get 0 local.tee 0 local.set 0 global.get 0 global.set 0"),
            [75, 75, 210, 225, 575, 1]
        );
        assert_eq!(
            ink("i32.mul i64.mul i32.eqz i64.eqz i64.lt_u i32.ge_s i32.clz i64.ctz"),
            [160, 160, 170, 225, 225, 170, 210, 210, 1]
        );
        assert_eq!(
            ink("i32.load i64.load32_u i32.store16 i64.store8 memory.copy memory.fill"),
            [670, 680, 825, 950, 950, 950, 1]
        );
        assert_eq!(
            ink("i32.div_u i64.rem_s select i32.popcnt i64.popcnt memory.size memory.grow"),
            [1_120, 1_270, 1_250, 2_650, 6_000, 3_000, 8_050, 1]
        );
        assert_eq!(
            ink("i32.wrap_i64 i64.extend_i32_u i32.extend8_s i64.extend32_s"),
            [100, 100, 100, 100, 1]
        );
        assert_eq!(
            ink("block br 0 br_if 0 end if else end loop end"),
            [1, 765, 765, 1, 765, 1, 1, 1, 1, 1]
        );
        assert_eq!(ink("call 0 return"), [3_800, 1, 1]);
    }

    #[test]
    fn br_table_and_call_indirect_depend_on_their_operands() {
        assert_eq!(ink("br_table 0 0 0 0")[0], 2_400 + 325 * 3);
        assert_eq!(ink("br_table 0")[0], 2_400);
        assert_eq!(ink("call_indirect (type 0)")[0], 13_610 + 650 * 3);
    }

    #[test]
    fn floats_are_forbidden() {
        assert_eq!(
            ink("f32.const 1 local.get 2 f32.add f64.promote_f32 i64.trunc_sat_f64_s"),
            [FORBIDDEN, 75, FORBIDDEN, FORBIDDEN, FORBIDDEN, 1]
        );
        assert_eq!(ink("f64.load i32.reinterpret_f32")[..2], [FORBIDDEN; 2]);
    }

    #[test]
    fn block_enders_are_exactly_the_sheets() {
        let ends: Vec<bool> = ops_of(
            "block loop if br 0 br_if 0 br_table 0 else end end end
             call 0 call_indirect (type 0) unreachable memory.grow return",
        )
        .iter()
        .map(ends_block)
        .collect();
        assert_eq!(
            ends,
            [
                false, true, true, true, true, true, true, true, true, true, true, true, false,
                false, true, true
            ]
        );
    }
}
