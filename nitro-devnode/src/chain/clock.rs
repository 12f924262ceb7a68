//! The chain's clock: the offset set by `evm_increaseTime` / `evm_setNextBlockTimestamp` and
//! the timestamp forced for the next block. Every input is checked here, so no later
//! arithmetic on a timestamp can overflow.

use super::ChainError;
use std::time::{SystemTime, UNIX_EPOCH};

/// The largest block timestamp the chain accepts (2^63 - 1: it fits every signed 64-bit
/// integer a client may parse it into).
pub const MAX_TIMESTAMP: u64 = i64::MAX as u64;

/// Wall-clock seconds since the epoch.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Offset from the wall clock and the forced timestamp of the next block.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Clock {
    /// Seconds added to the wall clock (bounded: `now + offset` stays within
    /// `0..=MAX_TIMESTAMP`).
    offset: i64,
    /// Timestamp of the next block, when set (`evm_setNextBlockTimestamp`, `evm_mine` with a
    /// timestamp).
    next: Option<u64>,
}

impl Clock {
    /// The timestamp the block after `parent_ts` gets: the forced one, or the wall clock plus
    /// the offset, never below the parent's.
    pub fn next_timestamp(&self, parent_ts: u64) -> u64 {
        let t = match self.next {
            Some(t) => t,
            None => {
                (i128::from(now()) + i128::from(self.offset)).clamp(0, MAX_TIMESTAMP as i128) as u64
            }
        };
        t.max(parent_ts)
    }

    /// `evm_increaseTime`: moves the clock forward by `secs`; the new total offset.
    pub fn increase(&mut self, secs: u64) -> Result<i64, ChainError> {
        let offset = i128::from(self.offset) + i128::from(secs);
        if i128::from(now()) + offset > MAX_TIMESTAMP as i128 {
            return Err(ChainError::InvalidParams(format!(
                "evm_increaseTime: param 0 (seconds): {secs} s would move the clock past the \
                 largest timestamp {MAX_TIMESTAMP}"
            )));
        }
        // Bounded by the check above (now >= 0).
        self.offset = offset as i64;
        Ok(self.offset)
    }

    /// Forces the next block's timestamp (`evm_setNextBlockTimestamp`, `evm_mine` with a
    /// timestamp); the clock then runs on from there.
    pub fn set_next(&mut self, ts: u64, parent_ts: u64) -> Result<(), ChainError> {
        if ts < parent_ts {
            return Err(ChainError::InvalidParams(format!(
                "timestamp {ts} is lower than the previous block's timestamp {parent_ts}"
            )));
        }
        if ts > MAX_TIMESTAMP {
            return Err(ChainError::InvalidParams(format!(
                "timestamp {ts} is above the largest timestamp {MAX_TIMESTAMP}"
            )));
        }
        // Both within 0..=i64::MAX.
        self.offset = ts as i64 - now().min(MAX_TIMESTAMP) as i64;
        self.next = Some(ts);
        Ok(())
    }

    /// A block was mined: the forced timestamp is used up.
    pub fn consume(&mut self) {
        self.next = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn increases_are_bounded_and_timestamps_never_go_back() {
        let mut c = Clock::default();
        assert!(c.increase(u64::MAX).is_err());
        assert_eq!(c, Clock::default(), "a refused increase changes nothing");
        assert!(c.increase(3600).unwrap() == 3600);
        assert!(c.next_timestamp(0) >= now() + 3600);
        assert!(c.increase(MAX_TIMESTAMP).is_err());
        // The parent's timestamp is a floor.
        assert_eq!(c.next_timestamp(MAX_TIMESTAMP), MAX_TIMESTAMP);
        assert!(c.set_next(5, 6).is_err());
        assert!(c.set_next(MAX_TIMESTAMP + 1, 0).is_err());
        c.set_next(MAX_TIMESTAMP, 0).unwrap();
        assert_eq!(c.next_timestamp(0), MAX_TIMESTAMP);
        c.consume();
        assert!(c.next_timestamp(0) >= MAX_TIMESTAMP - 2);
        // Even at the top, increases are refused, not wrapped.
        assert!(c.increase(10).is_err());
    }
}
