//! Amounts and times as a person types them: `1.5ether`, `100gwei`, `25000` (wei), `0x10`;
//! `90s`, `30m`, `24h`, `7d`, `1w`, `1d12h`; and unix times or durations from now.

use alloy::primitives::{
    utils::{format_units, ParseUnits, Unit},
    U256,
};

/// Parses an amount the way `cast` does: an integer is wei (decimal, or hex with `0x`), a
/// number followed by a unit (`ether`/`eth`, `gwei`, `wei`, … with or without a space) is
/// scaled by it: `1.5ether` = 1.5e18. The token has 18 decimals, so `ether` also means one
/// whole token.
pub fn parse_amount(s: &str) -> Result<U256, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("empty amount".into());
    }
    if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return U256::from_str_radix(hex, 16).map_err(|e| format!("{s:?}: not a hex amount: {e}"));
    }
    let split = t.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(t.len());
    let (num, unit) = (t[..split].trim(), t[split..].trim());
    if num.is_empty() || !num.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(format!(
            "{s:?}: not an amount (e.g. 1.5ether, 100gwei, or an integer number of wei)"
        ));
    }
    let unit: Unit = if unit.is_empty() {
        if num.contains('.') {
            return Err(format!(
                "{s:?}: a fractional amount needs a unit, e.g. {num}ether"
            ));
        }
        Unit::WEI
    } else {
        unit.parse()
            .map_err(|_| format!("{s:?}: unknown unit {unit:?} (use ether, gwei or wei)"))?
    };
    let decimals = num.split_once('.').map_or(0, |(_, d)| d.len());
    if num.matches('.').count() > 1 || decimals > unit.get() as usize {
        return Err(format!(
            "{s:?}: more decimals than {unit:?} has ({})",
            unit.get()
        ));
    }
    ParseUnits::parse_units(num, unit)
        .map(|p| p.get_absolute())
        .map_err(|e| format!("{s:?}: {e}"))
}

/// `1500000000000000000` as `1.5`: the amount in whole tokens (18 decimals), without
/// trailing zeros.
pub fn format_tokens(v: U256) -> String {
    let s = format_units(v, "ether").unwrap_or_else(|_| v.to_string());
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() {
        "0".into()
    } else {
        s.to_string()
    }
}

/// Parses a duration: a number of seconds, or numbers with units `s`, `m`, `h`, `d`, `w`
/// (`90s`, `24h`, `7d`, `1d12h`).
pub fn parse_duration(s: &str) -> Result<u64, String> {
    let t = s.trim();
    if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) {
        return t.parse().map_err(|e| format!("{s:?}: {e}"));
    }
    let bad = || format!("{s:?}: not a duration (e.g. 90s, 30m, 24h, 7d, 1d12h)");
    let mut total: u64 = 0;
    let mut num = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return Err(bad()),
        };
        let n: u64 = num.parse().map_err(|_| bad())?;
        total = n
            .checked_mul(unit)
            .and_then(|x| total.checked_add(x))
            .ok_or_else(bad)?;
        num.clear();
    }
    if !num.is_empty() || t.is_empty() {
        return Err(bad());
    }
    Ok(total)
}

/// A point in time: a unix time, or a duration from now (the chain's latest block).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Time {
    /// Seconds since the epoch.
    Unix(u64),
    /// That long after the chain's latest block.
    FromNow(u64),
}

/// Parses a [`Time`]: digits are a unix time, anything else a duration (`+1h` or `1h`).
pub fn parse_time(s: &str) -> Result<Time, String> {
    let t = s.trim();
    if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) {
        return t.parse().map(Time::Unix).map_err(|e| format!("{s:?}: {e}"));
    }
    parse_duration(t.strip_prefix('+').unwrap_or(t))
        .map(Time::FromNow)
        .map_err(|_| format!("{s:?}: not a unix time nor a duration (e.g. 2000000000, 1h, 7d)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e18(n: u64) -> U256 {
        U256::from(n) * U256::from(10u64).pow(U256::from(18))
    }

    #[test]
    fn amounts_as_cast_reads_them() {
        assert_eq!(parse_amount("1.5ether"), Ok(e18(15) / U256::from(10)));
        assert_eq!(parse_amount("1.5 ether"), Ok(e18(15) / U256::from(10)));
        assert_eq!(parse_amount("100ether"), Ok(e18(100)));
        assert_eq!(
            parse_amount("0.025eth"),
            Ok(U256::from(25_000_000_000_000_000u64))
        );
        assert_eq!(parse_amount("10gwei"), Ok(U256::from(10_000_000_000u64)));
        assert_eq!(parse_amount("25000"), Ok(U256::from(25_000)));
        assert_eq!(parse_amount("7wei"), Ok(U256::from(7)));
        assert_eq!(parse_amount("0x10"), Ok(U256::from(16)));
        for bad in [
            "",
            "1.5",
            "ether",
            "1.2.3ether",
            "-1ether",
            "1.5 bananas",
            "0.1wei",
            "1e18",
        ] {
            assert!(parse_amount(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn tokens_are_formatted_without_trailing_zeros() {
        assert_eq!(format_tokens(e18(15) / U256::from(10)), "1.5");
        assert_eq!(format_tokens(e18(100)), "100");
        assert_eq!(format_tokens(U256::ZERO), "0");
        assert_eq!(format_tokens(U256::from(1)), "0.000000000000000001");
    }

    #[test]
    fn durations_and_times() {
        assert_eq!(parse_duration("24h"), Ok(86_400));
        assert_eq!(parse_duration("7d"), Ok(604_800));
        assert_eq!(parse_duration("1d12h"), Ok(129_600));
        assert_eq!(parse_duration("90"), Ok(90));
        assert_eq!(parse_duration("30m"), Ok(1800));
        for bad in ["", "h", "7x", "1.5h", "24h3"] {
            assert!(parse_duration(bad).is_err(), "{bad:?}");
        }
        assert_eq!(parse_time("2000000000"), Ok(Time::Unix(2_000_000_000)));
        assert_eq!(parse_time("1h"), Ok(Time::FromNow(3600)));
        assert_eq!(parse_time("+7d"), Ok(Time::FromNow(604_800)));
        assert!(parse_time("tomorrow").is_err());
    }
}
