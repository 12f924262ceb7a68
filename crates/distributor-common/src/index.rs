//! The reward index of the time-based distributors (spec §8.2 shared rate, §8.3 fixed rate
//! per compute unit), implemented literally: integer division, dust and periods with zero
//! total compute are lost. All functions take `now`.

use alloy_primitives::U256;
use prime_common::revert::{add, mul, sub, Result};

/// The distributor-wide state of a time-based distributor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Global {
    /// `rewardRatePerSecond`.
    pub rate: U256,
    /// `globalRewardIndex`.
    pub index: U256,
    /// `lastUpdateTime`.
    pub last_update: U256,
    /// `endTime` (0 while running).
    pub end_time: U256,
    /// The pool's total compute (the sum of the compute units of the nodes in the pool).
    pub total_compute: U256,
}

/// What the index grows by over `dt` seconds: `dt * rate / total` (shared; nothing when the
/// pool is empty) or `dt * rate` (fixed: per compute unit).
fn increment(g: &Global, dt: U256, fixed: bool) -> Result<U256> {
    let reward = mul(dt, g.rate)?;
    Ok(if fixed {
        reward
    } else if g.total_compute.is_zero() {
        U256::ZERO
    } else {
        div(reward, g.total_compute)
    })
}

/// `n / d` for `d != 0`, by shift and subtract: a few hundred bytes of program where
/// ruint's division is about 4.7 KB, at a few hundred gas of ink (only here, once per index
/// update).
fn div(n: U256, d: U256) -> U256 {
    let mut q = U256::ZERO;
    let mut r = U256::ZERO;
    for i in (0..256 - n.leading_zeros()).rev() {
        r = (r << 1usize) | U256::from(n.bit(i) as u8);
        if r >= d {
            r -= d;
            q.set_bit(i, true);
        }
    }
    q
}

/// `_updateGlobalIndex()`.
pub fn update(g: &mut Global, now: U256, fixed: bool) -> Result<()> {
    if !g.end_time.is_zero() || now == g.last_update {
        return Ok(());
    }
    let dt = sub(now, g.last_update)?;
    g.index = add(g.index, increment(g, dt, fixed)?)?;
    g.last_update = now;
    Ok(())
}

/// The index `calculateRewards` uses: the stored one plus what accrued up to `now` (or up
/// to `endTime` once ended), without writing.
pub fn hypothetical(g: &Global, now: U256, fixed: bool) -> Result<U256> {
    let until = if g.end_time.is_zero() {
        now
    } else {
        g.end_time
    };
    let dt = sub(until, g.last_update)?;
    add(g.index, increment(g, dt, fixed)?)
}

/// Rewards accrued by a node with `compute_units` between its index and `index`.
pub fn accrued(index: U256, node_index: U256, compute_units: U256) -> Result<U256> {
    mul(sub(index, node_index)?, compute_units)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(v: u128) -> U256 {
        U256::from(v)
    }

    #[test]
    fn division_is_ruints() {
        let mut x = 0x9e3779b97f4a7c15u64;
        let mut next = || {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
            x
        };
        for _ in 0..2000 {
            let words = |k: u32, next: &mut dyn FnMut() -> u64| {
                U256::from_limbs([next(), next(), next(), next()])
                    >> (64 * (k % 4) as usize + (k % 61) as usize)
            };
            let (k1, k2) = (next() as u32, next() as u32);
            let (n, d) = (
                words(k1, &mut next),
                words(k2, &mut next).max(U256::from(1)),
            );
            assert_eq!(div(n, d), n / d, "{n} / {d}");
        }
        assert_eq!(div(U256::MAX, U256::from(1)), U256::MAX);
        assert_eq!(div(U256::ZERO, U256::from(7)), U256::ZERO);
        assert_eq!(div(U256::from(6), U256::from(7)), U256::ZERO);
    }

    #[test]
    fn shared_index_divides_and_loses_dust() {
        let mut g = Global {
            rate: u(10),
            last_update: u(100),
            total_compute: u(3),
            ..Default::default()
        };
        update(&mut g, u(101), false).unwrap();
        assert_eq!(g.index, u(3)); // 10 / 3, dust lost
        assert_eq!(g.last_update, u(101));
        // Empty pool: the period is lost but time moves on.
        g.total_compute = U256::ZERO;
        update(&mut g, u(200), false).unwrap();
        assert_eq!((g.index, g.last_update), (u(3), u(200)));
    }

    #[test]
    fn fixed_index_ignores_total_compute() {
        let mut g = Global {
            rate: u(10),
            last_update: u(100),
            ..Default::default()
        };
        update(&mut g, u(105), true).unwrap();
        assert_eq!(g.index, u(50));
        assert_eq!(hypothetical(&g, u(107), true).unwrap(), u(70));
    }

    #[test]
    fn ended_index_is_frozen() {
        let mut g = Global {
            rate: u(10),
            last_update: u(100),
            end_time: u(100),
            total_compute: u(1),
            ..Default::default()
        };
        update(&mut g, u(500), false).unwrap();
        assert_eq!((g.index, g.last_update), (U256::ZERO, u(100)));
        assert_eq!(hypothetical(&g, u(500), false).unwrap(), U256::ZERO);
    }

    #[test]
    fn overflow_and_clock_going_back_panic_like_solc() {
        let mut g = Global {
            rate: U256::MAX,
            last_update: u(1),
            total_compute: u(1),
            ..Default::default()
        };
        assert_eq!(
            update(&mut g, u(3), false),
            Err(prime_common::Revert::Panic(0x11))
        );
        let mut g = Global {
            rate: u(1),
            last_update: u(10),
            ..Default::default()
        };
        assert_eq!(
            update(&mut g, u(5), true),
            Err(prime_common::Revert::Panic(0x11))
        );
        assert_eq!(
            accrued(u(1), u(2), u(1)),
            Err(prime_common::Revert::Panic(0x11))
        );
        assert_eq!(accrued(u(5), u(2), u(10)), Ok(u(30)));
    }
}
