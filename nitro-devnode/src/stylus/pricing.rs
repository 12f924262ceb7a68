//! Nitro's prices for Stylus execution, as numbers and formulas (nitro-metering.md §3-§6):
//! hostio ink, the memory model, the storage counters and the per-call program costs.
//! Pure functions; the host and the executor charge with them.

/// Base ink of every hostio.
pub const HOSTIO_INK: u64 = 8_400;
/// Extra ink per pointer argument.
pub const PTR_INK: u64 = 13_440 - HOSTIO_INK;
/// Extra ink of hostios that reach into the EVM.
pub const EVM_API_INK: u64 = 59_673;
/// 256-bit division and remainder.
pub const DIV_INK: u64 = 20_000;
/// 256-bit addmod.
pub const ADD_MOD_INK: u64 = 21_000;
/// 256-bit mulmod.
pub const MUL_MOD_INK: u64 = 24_100;

/// Ink of copying `bytes` from the host into the guest.
pub fn write_ink(bytes: u64) -> u64 {
    PTR_INK + 30 * bytes.saturating_sub(32)
}

/// Ink of copying `bytes` from the guest into the host.
pub fn read_ink(bytes: u64) -> u64 {
    16_381 + 55 * bytes.saturating_sub(32)
}

/// Ink of hashing `bytes` with keccak256.
pub fn keccak_ink(bytes: u64) -> u64 {
    let words = bytes.div_ceil(32);
    121_800 + 21_000 * words.saturating_sub(2)
}

/// Ink of `math_pow` for the 32-byte big-endian exponent (on top of its hostio base).
pub fn pow_ink(exponent: &[u8; 32]) -> u64 {
    let significant = 32 - exponent.iter().take_while(|b| **b == 0).count() as u64;
    3_000 + 17_500 * (1 + significant)
}

/// The extra gas of the `n`-th storage read of a frame (counting from 1).
pub fn read_counter_gas(n: u64) -> u64 {
    match n {
        0..=32 => 0,
        33..=128 => 2,
        _ => 10,
    }
}

/// The extra gas of the `n`-th storage write of a frame (counting from 1).
pub fn write_counter_gas(n: u64) -> u64 {
    match n {
        0..=8 => 0,
        9..=64 => 7,
        _ => 10,
    }
}

/// Gas needed (not charged) before a storage load: cold SLOAD + the top counter + the Rust
/// side's miss charge.
pub const STORAGE_LOAD_REQUIRED_GAS: u64 = 2_100 + 10 + 5;
/// Gas needed before a storage write: the SSTORE sentry + the top write counter.
pub const STORAGE_CACHE_REQUIRED_GAS: u64 = 2_300 + 10;
/// Gas needed before a flush (one sentry check per flush, compared with >=).
pub const STORAGE_FLUSH_REQUIRED_GAS: u64 = 2_300;
/// What the Rust side adds to a storage miss (⌊EVM_API_INK / ink price⌋ at the default price).
pub fn storage_miss_extra_gas(ink_price: u64) -> u64 {
    EVM_API_INK / ink_price.max(1)
}

/// `X[p] = ⌊b^p⌋` of the memory model, b = e^(ln(31 874 000)/128). Authoritative table.
const EXP_TABLE: [u64; 129] = [
    1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 5, 6, 7, //
    8, 9, 11, 12, 14, 17, 19, 22, 25, 29, 33, 38, 43, 50, 57, 65, //
    75, 85, 98, 112, 128, 147, 168, 193, 221, 253, 289, 331, 379, 434, 497, 569, //
    651, 745, 853, 976, 1117, 1279, 1463, 1675, 1917, 2194, 2511, 2874, 3290, 3765, 4309,
    4932, //
    5645, 6461, 7395, 8464, 9687, 11087, 12689, 14523, 16621, 19024, 21773, 24919, 28521, 32642,
    37359, 42758, //
    48938, 56010, 64104, 73368, 83971, 96106, 109994, 125890, 144082, 164904, 188735, 216010,
    247226, 282953, 323844, 370643, //
    424206, 485509, 555672, 635973, 727880, 833067, 953456, 1091243, 1248941, 1429429, 1636000,
    1872423, 2143012, 2452704, 2807151, 3212820, //
    3677113, 4208502, 4816684, 5512756, 6309419, 7221210, 8264766, 9459129, 10826093, 12390601,
    14181199, 16230562, 18576084, 21260563, 24332984, 27849408, //
    31873999,
];

fn exp_gas(pages: u32) -> u64 {
    EXP_TABLE.get(pages as usize).copied().unwrap_or(u64::MAX)
}

/// The memory model of one transaction: pages open now and the most ever open at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryModel {
    pub free_pages: u16,
    pub page_gas: u16,
}

impl Default for MemoryModel {
    fn default() -> Self {
        Self {
            free_pages: 2,
            page_gas: 1_000,
        }
    }
}

impl MemoryModel {
    /// Gas of opening `new` more pages when `open` are open and `ever` were at most
    /// (`GasCost(new, open, ever)`); saturates to u64::MAX beyond 128 pages.
    pub fn gas_cost(&self, new: u16, open: u16, ever: u16) -> u64 {
        let free = self.free_pages as u32;
        let open_after = open as u32 + new as u32;
        let ever_after = (ever as u32).max(open_after);
        if ever_after <= free {
            return 0;
        }
        let linear = (open_after.saturating_sub(free) - (open as u32).saturating_sub(free)) as u64
            * self.page_gas as u64;
        let expand = exp_gas(ever_after).saturating_sub(exp_gas(ever as u32));
        linear.saturating_add(expand)
    }
}

/// Per-transaction page counters (`open`, `ever`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageCounters {
    pub open: u16,
    pub ever: u16,
}

impl PageCounters {
    /// Opens `pages` more pages and returns their gas under `model`.
    pub fn add_pages(&mut self, model: &MemoryModel, pages: u16) -> u64 {
        let cost = model.gas_cost(pages, self.open, self.ever);
        self.open = self.open.saturating_add(pages);
        self.ever = self.ever.max(self.open);
        cost
    }
}

/// Nitro's per-program init parameters (ArbOS ≥ 31 values by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InitParams {
    /// `MinInitGas`, in units of 128 gas.
    pub min_init_gas: u8,
    /// `MinCachedInitGas`, in units of 32 gas.
    pub min_cached_init_gas: u8,
    /// `InitCostScalar`, in units of 2 %.
    pub init_cost_scalar: u8,
    /// `CachedCostScalar`, in units of 2 %.
    pub cached_cost_scalar: u8,
}

impl Default for InitParams {
    fn default() -> Self {
        Self {
            min_init_gas: 69,
            min_cached_init_gas: 11,
            init_cost_scalar: 50,
            cached_cost_scalar: 50,
        }
    }
}

impl InitParams {
    /// initGas = MinInitGas·128 + ⌈initCost·InitCostScalar·2/100⌉.
    pub fn init_gas(&self, init_cost: u16) -> u64 {
        self.min_init_gas as u64 * 128
            + (init_cost as u64 * self.init_cost_scalar as u64 * 2).div_ceil(100)
    }

    /// cachedGas = MinCachedInitGas·32 + ⌈cachedCost·CachedCostScalar·2/100⌉.
    pub fn cached_gas(&self, cached_cost: u16) -> u64 {
        self.min_cached_init_gas as u64 * 32
            + (cached_cost as u64 * self.cached_cost_scalar as u64 * 2).div_ceil(100)
    }
}

/// Gas of returning `len` bytes (ArbOS ≥ 31): the EVM's memory expansion of `⌈len/32⌉` words.
pub fn return_data_floor_gas(len: usize) -> u64 {
    let words = (len as u64).div_ceil(32);
    3 * words + words * words / 512
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_helpers_match_the_sheet() {
        assert_eq!(write_ink(4), 5_040);
        assert_eq!(read_ink(36), 16_381 + 55 * 4);
        assert_eq!(keccak_ink(10), 121_800);
        assert_eq!(keccak_ink(100), 163_800);
        assert_eq!(keccak_ink(1_000), 751_800);
        let mut e = [0u8; 32];
        assert_eq!(pow_ink(&e), 20_500);
        e[0] = 0x80;
        assert_eq!(pow_ink(&e), 580_500);
        // TestPowInkUsage: 23 520 + pow(2^(8n-1)) for n = 1, 2, 10, 32.
        for (n, ink) in [(1, 61_520), (2, 79_020), (10, 219_020), (32, 604_020)] {
            let mut e = [0u8; 32];
            e[32 - n] = 0x80;
            assert_eq!(HOSTIO_INK + 3 * PTR_INK + pow_ink(&e), ink, "n = {n}");
        }
    }

    #[test]
    fn memory_model_vectors() {
        let m = MemoryModel::default();
        // 0 -> 128 pages in any step size, with open = ever.
        for step in [1u16, 2, 3, 7, 64, 128] {
            let mut c = PageCounters::default();
            let mut total = 0u64;
            while c.open < 128 {
                total += c.add_pages(&m, step.min(128 - c.open));
            }
            assert_eq!(total, 31_999_998, "step {step}");
        }
        assert_eq!(m.gas_cost(128, 0, 0), 31_999_998);
        assert_eq!(m.gas_cost(129, 0, 0), u64::MAX);
        assert_eq!(m.gas_cost(127, 0, 0), 27_974_407);
        assert_eq!(m.gas_cost(126, 2, 128), 126_000);
        let free = MemoryModel {
            free_pages: 128,
            page_gas: 1_000,
        };
        assert_eq!(free.gas_cost(128, 0, 0), 0);
        // Growing 100 pages with open = ever = 1 (TestPayForMemoryGrowInkUsage: 932 066 gas).
        assert_eq!(m.gas_cost(100, 1, 1), 932_066);
        // With partial deallocation: 31 873 998 + 1 000 × (pages added above the free ones).
        let mut c = PageCounters::default();
        let mut total = c.add_pages(&m, 64);
        c.open = 10; // a returned frame gave back 54 pages
        total += c.add_pages(&m, 118);
        assert_eq!(total, 31_873_998 + 1_000 * (62 + 118));
    }

    #[test]
    fn init_and_cached_gas() {
        let p = InitParams::default();
        assert_eq!(p.init_gas(0), 8_832);
        assert_eq!(p.init_gas(1_234), 8_832 + 1_234);
        assert_eq!(p.cached_gas(0), 352);
        assert_eq!(p.cached_gas(77), 352 + 77);
        assert_eq!(return_data_floor_gas(0), 0);
        assert_eq!(return_data_floor_gas(32 * 1024), 3 * 1024 + 2048);
    }
}
