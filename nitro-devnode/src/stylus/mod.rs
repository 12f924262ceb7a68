//! Stylus: program loading, Nitro-rule activation checks, and the wasmi host.

pub mod host;
pub mod hostio;
pub mod instrument;
pub mod program;
pub mod runtime;
pub mod validate;

/// Ink per wasmi fuel unit (wasmi charges ~1 fuel per basic instruction; Nitro prices
/// a typical op at 70–200 ink).
pub const INK_PER_FUEL: u64 = 100;
