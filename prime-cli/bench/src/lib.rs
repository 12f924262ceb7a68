//! `prime-bench`: the protocol's whole flow measured on nitro-devnode against the reference
//! Solidity contracts (issue 13), run by `scripts/bench-gas.sh`. Two runs, each on a fresh
//! in-process devnode with the protocol deployed by the `prime` library: programs uncached,
//! then every program cached through ArbWasmCache. Per step: gasUsed, the Stylus programs
//! entered (from the stylusTracer's trace), the reference's figure and the ratio; written to
//! `docs/gas.md` with an SVG chart and summarised in the README.
//!
//! * [`steps`]: the steps and the reference's figures;
//! * [`flow`]: the runner (deploy, cache, send, trace);
//! * [`report`]: tables, the targets, docs/gas.md and the README block;
//! * [`chart`]: the SVG chart (plotters; this package is the only one that depends on it, so
//!   the `prime` binary never compiles it).

pub mod chart;
pub mod flow;
pub mod report;
pub mod steps;
