//! Stylus: program loading, activation (Nitro's validation and instrumentation), Nitro's
//! prices, and the wasmi host behind the [`api::EvmApi`] boundary.

pub mod api;
pub mod host;
pub mod hostio;
pub mod instrument;
pub mod pricing;
pub mod program;
pub mod runtime;
pub mod storage;
pub mod validate;
