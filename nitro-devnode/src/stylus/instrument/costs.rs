//! The activation-time cost model (nitro-metering.md §5) and the module-pricing term of
//! activation gas (§7). Every term is floored on its own.

use super::ModuleCounts;
use crate::stylus::validate::ValidationError;

/// ArbOS version from which programs are Stylus version 2 (initCost without cachedCost).
pub const ARBOS_STYLUS_V2: u64 = 31;
/// ArbOS version from which activation prices the wasm length.
pub const ARBOS_WASM_LEN_PRICED: u64 = 32;

/// The Stylus version programs activated at `arbos_version` get.
pub fn stylus_version(arbos_version: u64) -> u16 {
    if arbos_version < ARBOS_STYLUS_V2 {
        1
    } else {
        2
    }
}

/// What calling and activating the program costs, from its counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModuleCosts {
    pub init_cost: u16,
    pub cached_cost: u16,
    /// Bytes Nitro expects the compiled program to take (the data fee's size).
    pub asm_estimate: u32,
    /// The module-pricing part of activation gas.
    pub activation_gas: u64,
}

fn u(x: impl TryInto<u64>) -> u64 {
    x.try_into().unwrap_or(u64::MAX)
}

/// cachedCost: ⌊13 420F/10⁵⌋ + ⌊89T/10⁵⌋ + ⌊122W/10⁵⌋ + ⌊1 628G/1 000⌋ + ⌊75 244D/10⁵⌋ + 5P.
pub fn cached_cost(c: &ModuleCounts) -> u64 {
    13_420 * u(c.functions) / 100_000
        + 89 * c.params_results / 100_000
        + 122 * u(c.wasm_size) / 100_000
        + 1_628 * u(c.globals) / 1_000
        + 75_244 * c.segment_bytes / 100_000
        + 5 * u(c.footprint)
}

/// initCost: ⌊8 252F/1 000⌋ + ⌊1 059T/1 000⌋ + ⌊1 286W/10⁴⌋, plus cachedCost for version 1.
pub fn init_cost(c: &ModuleCounts, stylus_version: u16) -> u64 {
    let own = 8_252 * u(c.functions) / 1_000
        + 1_059 * c.params_results / 1_000
        + 1_286 * u(c.wasm_size) / 10_000;
    if stylus_version < 2 {
        own + cached_cost(c)
    } else {
        own
    }
}

/// asmEstimate: 512 000 + ⌊996 829F/1 000⌋ + ⌊11 416T/1 000⌋ + ⌊62 628W/10⁴⌋ bytes.
pub fn asm_estimate(c: &ModuleCounts) -> u64 {
    512_000
        + 996_829 * u(c.functions) / 1_000
        + 11_416 * c.params_results / 1_000
        + 62_628 * u(c.wasm_size) / 10_000
}

/// Module pricing (§7): 28 × [⌊31 733W/10⁵⌋ (ArbOS ≥ 32) + ⌊17 263F/10⁵⌋ +
/// ⌊17 376·data/10⁵⌋ + ⌊17 376·elem/10⁵⌋ + 2 217P + ⌊535·ops/1 000⌋], where ops are
/// counted after instrumentation.
pub fn activation_gas(c: &ModuleCounts, arbos_version: u64) -> u64 {
    let wasm = if arbos_version >= ARBOS_WASM_LEN_PRICED {
        31_733 * u(c.wasm_size) / 100_000
    } else {
        0
    };
    let sum = wasm
        + 17_263 * u(c.functions) / 100_000
        + 17_376 * c.data_bytes / 100_000
        + 17_376 * c.elem_bytes / 100_000
        + 2_217 * u(c.footprint)
        + 535 * c.ops_after / 1_000;
    28 * sum
}

/// All costs, failing as Nitro does when initCost or cachedCost exceeds 16 bits.
pub fn module_costs(c: &ModuleCounts, arbos_version: u64) -> Result<ModuleCosts, ValidationError> {
    let fit = |what, cost: u64| {
        u16::try_from(cost).map_err(|_| ValidationError::CostTooLarge { what, cost })
    };
    Ok(ModuleCosts {
        init_cost: fit("initCost", init_cost(c, stylus_version(arbos_version)))?,
        cached_cost: fit("cachedCost", cached_cost(c))?,
        asm_estimate: u32::try_from(asm_estimate(c)).unwrap_or(u32::MAX),
        activation_gas: activation_gas(c, arbos_version),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts() -> ModuleCounts {
        ModuleCounts {
            functions: 150,
            params_results: 700,
            wasm_size: 60_000,
            globals: 7,
            segment_bytes: 3_000,
            data_bytes: 2_900,
            elem_bytes: 40,
            footprint: 17,
            ops_after: 40_000,
            ..ModuleCounts::default()
        }
    }

    #[test]
    fn costs_are_floored_term_by_term() {
        let c = counts();
        // 20 + 0 + 73 + 11 + 2257 + 85
        assert_eq!(cached_cost(&c), 2_446);
        // 1237 + 741 + 7716
        assert_eq!(init_cost(&c, 2), 9_694);
        assert_eq!(init_cost(&c, 1), 9_694 + 2_446);
        // 512000 + 149524 + 7991 + 375768
        assert_eq!(asm_estimate(&c), 1_045_283);
        // 28 × (19039 + 25 + 503 + 6 + 37689 + 21400)
        assert_eq!(activation_gas(&c, 51), 28 * 78_662);
        assert_eq!(activation_gas(&c, 31), 28 * (78_662 - 19_039));
        let m = module_costs(&c, 51).unwrap();
        assert_eq!((m.init_cost, m.cached_cost), (9_694, 2_446));
    }

    #[test]
    fn costs_must_fit_16_bits() {
        let c = ModuleCounts {
            segment_bytes: 100_000,
            ..counts()
        };
        assert!(matches!(
            module_costs(&c, 51),
            Err(ValidationError::CostTooLarge {
                what: "cachedCost",
                ..
            })
        ));
    }

    #[test]
    fn stylus_versions() {
        assert_eq!(stylus_version(30), 1);
        assert_eq!(stylus_version(31), 2);
        assert_eq!(stylus_version(60), 2);
    }
}
