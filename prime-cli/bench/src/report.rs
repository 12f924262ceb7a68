//! The benchmark's results as text (the terminal table), as `docs/gas.md`, and as the
//! README's summary block; the targets and which are met.

use std::fmt::Write as _;

use anyhow::{bail, Result};

use crate::{
    flow::{params, FlowRun},
    steps::{Step, REFERENCE_WHOLE_FLOW},
};

/// Where the numbers come from.
#[derive(Clone, Debug)]
pub struct Provenance {
    /// `YYYY-MM-DD` (UTC).
    pub date: String,
    /// The commit measured, e.g. `84e13e2` (with a note when the contracts had uncommitted
    /// changes).
    pub commit: String,
    /// The metering, e.g. `nitro-devnode, Nitro's metering at ArbOS 51`.
    pub metering: String,
}

impl Provenance {
    /// The metering of a devnode at `arbos_version`.
    pub fn metering_of(arbos_version: u64) -> String {
        format!("nitro-devnode, Nitro's metering at ArbOS {arbos_version}")
    }
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `ours / reference`, two decimals.
pub fn ratio(ours: u64, reference: u64) -> String {
    format!("{:.2}", ours as f64 / reference as f64)
}

/// `ours / reference` to three decimals: the bounds compared with 1 are often within 1 %.
fn fine_ratio(ours: u64, reference: u64) -> String {
    format!("{:.3}", ours as f64 / reference as f64)
}

/// One of the targets and whether the runs meet it.
#[derive(Clone, Debug)]
pub struct Target {
    /// The target, as the issue states it.
    pub what: String,
    /// What was measured.
    pub measured: String,
    /// Met or not.
    pub met: bool,
}

/// The targets of issue 13 (point 2: gas; point 5: program sizes) against the runs and the
/// compressed sizes of the programs (`target/stylus/*.code`, name and bytes).
pub fn targets(uncached: &FlowRun, cached: &FlowRun, sizes: &[(String, usize)]) -> Vec<Target> {
    let mut t = vec![];
    let above: Vec<String> = Step::ALL
        .iter()
        .filter(|s| s.in_table())
        .filter_map(|s| cached.step(*s))
        .filter(|r| r.tx.gas_used > r.step.reference_gas())
        .map(|r| {
            format!(
                "{} {}",
                r.step.label(),
                ratio(r.tx.gas_used, r.step.reference_gas())
            )
        })
        .collect();
    t.push(Target {
        what: "cached: every step at or below the reference".into(),
        measured: if above.is_empty() {
            "all 17 at or below".into()
        } else {
            format!("{} of 17 above: {}", above.len(), above.join(", "))
        },
        met: above.is_empty(),
    });
    let whole = |r: &FlowRun| r.total_gas();
    t.push(Target {
        what: "cached: whole flow at or below 0.7 × the reference".into(),
        measured: format!(
            "{} = {} × ({} allowed)",
            thousands(whole(cached)),
            ratio(whole(cached), REFERENCE_WHOLE_FLOW),
            thousands(REFERENCE_WHOLE_FLOW * 7 / 10)
        ),
        met: whole(cached) * 10 <= REFERENCE_WHOLE_FLOW * 7,
    });
    t.push(Target {
        what: "uncached: whole flow at or below the reference".into(),
        measured: format!(
            "{} = {} ×",
            thousands(whole(uncached)),
            ratio(whole(uncached), REFERENCE_WHOLE_FLOW)
        ),
        met: whole(uncached) <= REFERENCE_WHOLE_FLOW,
    });
    let pool = |r: &FlowRun| {
        r.step(Step::CreateComputePool)
            .map_or(u64::MAX, |s| s.tx.gas_used)
    };
    t.push(Target {
        what: "createComputePool at most 450,000 gas (both runs)".into(),
        measured: format!(
            "uncached {}, cached {}",
            thousands(pool(uncached)),
            thousands(pool(cached))
        ),
        met: pool(uncached) <= 450_000 && pool(cached) <= 450_000,
    });
    if let Some((name, largest)) = sizes.iter().max_by_key(|(_, n)| *n) {
        let over: Vec<&str> = sizes
            .iter()
            .filter(|(_, n)| *n > 20_480)
            .map(|(c, _)| c.as_str())
            .collect();
        t.push(Target {
            what: format!(
                "every program at most 20,480 bytes compressed ({} programs)",
                sizes.len()
            ),
            measured: format!(
                "largest {name} {}{}",
                thousands(*largest as u64),
                if over.is_empty() {
                    String::new()
                } else {
                    format!("; {} over: {}", over.len(), over.join(", "))
                }
            ),
            met: over.is_empty(),
        });
        let over_stretch = sizes.iter().filter(|(_, n)| *n > 16_384).count();
        t.push(Target {
            what: "stretch: every program at most 16 KiB compressed".into(),
            measured: format!("{over_stretch} of {} over", sizes.len()),
            met: over_stretch == 0,
        });
    }
    t
}

/// One row of the comparison: a step, or the whole flow.
pub(crate) struct Row {
    /// The step's label (marked when it is not a row of the table), or "whole flow".
    pub label: String,
    /// The reference's gas.
    pub reference: u64,
    /// Ours, uncached.
    pub uncached: u64,
    /// Ours, cached.
    pub cached: u64,
    /// `6`, or `6 / 5` when caching changed them.
    pub entries: String,
}

fn entries_cell(uncached: usize, cached: usize) -> String {
    if uncached == cached {
        uncached.to_string()
    } else {
        format!("{uncached} / {cached}")
    }
}

/// The steps run in both runs, then the whole flow; `mark` follows the label of the step
/// that is not a row of the table.
pub(crate) fn rows(uncached: &FlowRun, cached: &FlowRun, mark: &str) -> Vec<Row> {
    let mut rows: Vec<Row> = Step::ALL
        .iter()
        .filter_map(|&step| {
            let (u, c) = (uncached.step(step)?, cached.step(step)?);
            Some(Row {
                label: if step.in_table() {
                    step.label().to_string()
                } else {
                    format!("{}{mark}", step.label())
                },
                reference: step.reference_gas(),
                uncached: u.tx.gas_used,
                cached: c.tx.gas_used,
                entries: entries_cell(u.entries.total(), c.entries.total()),
            })
        })
        .collect();
    rows.push(Row {
        label: "whole flow".into(),
        reference: REFERENCE_WHOLE_FLOW,
        uncached: uncached.total_gas(),
        cached: cached.total_gas(),
        entries: entries_cell(uncached.total_entries(), cached.total_entries()),
    });
    rows
}

/// How many of the 17 rows cost at most the reference in `run`.
fn steps_at_or_below(run: &FlowRun) -> usize {
    run.steps
        .iter()
        .filter(|s| s.step.in_table() && s.tx.gas_used <= s.step.reference_gas())
        .count()
}

/// The terminal table: per step, the reference, both runs' gas and ratio, and the entries.
pub fn text_table(uncached: &FlowRun, cached: &FlowRun) -> String {
    let mut s = String::new();
    let mut line = |cells: [&str; 7]| {
        let _ = writeln!(
            s,
            "{:<27} {:>10} {:>10} {:>6} {:>10} {:>6} {:>8}",
            cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6]
        );
    };
    line([
        "step",
        "reference",
        "uncached",
        "ratio",
        "cached",
        "ratio",
        "entries",
    ]);
    for r in rows(uncached, cached, "*") {
        line([
            &r.label,
            &thousands(r.reference),
            &thousands(r.uncached),
            &ratio(r.uncached, r.reference),
            &thousands(r.cached),
            &ratio(r.cached, r.reference),
            &r.entries,
        ]);
    }
    s += "* not a row of issue 13's table; counted in its whole flow\n";
    s
}

/// The targets as text lines.
pub fn text_targets(targets: &[Target]) -> String {
    targets
        .iter()
        .map(|t| {
            format!(
                "{} {}: {}\n",
                if t.met { "MET    " } else { "NOT MET" },
                t.what,
                t.measured
            )
        })
        .collect()
}

/// `docs/gas.md`: the comparison, the chart (`chart` is its file name beside the doc), the
/// programs each step enters, the targets and the method.
pub fn markdown(
    uncached: &FlowRun,
    cached: &FlowRun,
    targets: &[Target],
    p: &Provenance,
    chart: &str,
) -> String {
    let mut s = String::new();
    s += "# Gas: the protocol's flow against the Solidity reference\n\n";
    s += "<!-- Written by scripts/bench-gas.sh (prime-cli/bench); edit the benchmark, not this file. -->\n\n";
    let _ = writeln!(
        s,
        "Measured on {} at commit {}, on **{}**: gasUsed of each transaction's receipt, on a \
         fresh chain per run, with the protocol's programs uncached and with every one of them \
         cached through ArbWasmCache. The reference is the EVM gas of the reference Solidity \
         contracts for the same steps (issue 13's table). Ratio = ours / reference: below 1 \
         is cheaper than Solidity.\n",
        p.date, p.commit, p.metering
    );
    s += "| step | reference (EVM gas) | uncached | ratio | cached | ratio | Stylus program entries |\n";
    s += "|---|---:|---:|---:|---:|---:|---:|\n";
    let rows = rows(uncached, cached, " ¹");
    let last = rows.len() - 1;
    for (i, r) in rows.into_iter().enumerate() {
        // At or below the reference: bold.
        let cell = |g: u64| {
            if g <= r.reference {
                format!("**{}**", ratio(g, r.reference))
            } else {
                ratio(g, r.reference)
            }
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} |",
            if i == last {
                format!("**{}**", r.label)
            } else {
                r.label
            },
            thousands(r.reference),
            thousands(r.uncached),
            cell(r.uncached),
            thousands(r.cached),
            cell(r.cached),
            r.entries
        );
    }
    let _ = writeln!(
        s,
        "\nRatios in bold are at or below the reference: {} of the 17 steps uncached, {} cached. \
         ¹ Not a row of the issue's table but counted in its whole flow (the reference's figure \
         is the table's whole flow minus its 17 rows).\n",
        steps_at_or_below(uncached),
        steps_at_or_below(cached)
    );
    let _ = writeln!(s, "![Gas relative to the reference, per step]({chart})\n");

    s += "## Targets (issue 13)\n\n| target | measured | met |\n|---|---|---|\n";
    for t in targets {
        let _ = writeln!(
            s,
            "| {} | {} | {} |",
            t.what,
            t.measured,
            if t.met { "yes" } else { "**no**" }
        );
    }

    s += "\n## Programs entered per step\n\n";
    s += "From the stylusTracer's trace of each transaction (`debug_traceTransaction` with \
          `{\"tracer\": \"stylusTracer\"}`): one entry per `user_entrypoint` record, at any \
          depth, attributed to the frame's address. On Nitro every entry pays the program's \
          entry cost again (initGas + cachedGas uncached, cachedGas cached). A distributor \
          clone is EVM code (EIP-1167) that delegates to the implementation program: its \
          entries are the implementation's code running in the clone.\n\n";
    let same = Step::ALL
        .iter()
        .all(|st| match (uncached.step(*st), cached.step(*st)) {
            (Some(u), Some(c)) => {
                uncached.describe_entries(&u.entries) == cached.describe_entries(&c.entries)
            }
            _ => true,
        });
    if same {
        s += "The same in both runs.\n\n";
    } else {
        s += "Uncached run (the cached run differs in places: see `scripts/bench-gas.sh`'s output).\n\n";
    }
    s += "The entry charges are each entered program's `ArbWasm.programInitGas` (uncached: \
          initGas + cachedGas; cached: cachedGas) times its entries, without the memory \
          model's page gas (percentages: of the step's gas). *Without entry charges* is the \
          cached gas without them, divided by the reference's: above 1, the step costs more \
          than Solidity even if entering programs were free. *Execution* is the ink the \
          programs' own code spent between hostios (the trace's gaps; the same in both runs), \
          and *without execution* the cached gas without it, divided by the reference's: what \
          the step would cost if the code entered ran for free, with the same programs \
          entered, the same storage, logs and calls. It is a lower bound (where the refund \
          cap of a fifth of the gas binds, less execution also means less refund): above 1, \
          the step cannot reach the reference with these programs and these slots.\n\n";
    s += "| step | entries | programs (× entries) | entry charges, uncached | entry charges, cached | without entry charges ÷ reference | execution | without execution ÷ reference |\n";
    s += "|---|---:|---|---:|---:|---:|---:|---:|\n";
    for st in &uncached.steps {
        let charges = |r: &FlowRun| {
            r.step(st.step)
                .and_then(|x| r.entry_charges(&x.entries).map(|c| (x.tx.gas_used, c)))
        };
        let (u, c) = (charges(uncached), charges(cached));
        let share = |x: Option<(u64, u64)>| match x {
            Some((gas, ch)) => format!(
                "{} ({}%)",
                thousands(ch),
                (ch as f64 * 100.0 / gas as f64).round()
            ),
            None => "?".into(),
        };
        let execution = cached
            .step(st.step)
            .map(|x| (x.tx.gas_used, x.entries.execution_gas()));
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            st.step.label(),
            st.entries.total(),
            uncached.describe_entries(&st.entries),
            share(u),
            share(c),
            c.map_or("?".into(), |(gas, ch)| fine_ratio(
                gas.saturating_sub(ch),
                st.step.reference_gas()
            )),
            execution.map_or("?".into(), |(_, e)| thousands(e)),
            execution.map_or("?".into(), |(gas, e)| fine_ratio(
                gas.saturating_sub(e),
                st.step.reference_gas()
            ))
        );
    }
    let mut per_program: Vec<(String, usize)> = vec![];
    for st in &uncached.steps {
        for (a, n) in &st.entries.by_address {
            let name = uncached.name_of(*a);
            match per_program.iter_mut().find(|(x, _)| *x == name) {
                Some((_, m)) => *m += n,
                None => per_program.push((name, *n)),
            }
        }
    }
    per_program.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let _ = writeln!(
        s,
        "\nWhole flow, entries per program: {}.\n",
        per_program
            .iter()
            .map(|(n, k)| format!("{n} {k}"))
            .collect::<Vec<_>>()
            .join(", ")
    );

    s += "## How it is measured\n\n";
    let _ = writeln!(
        s,
        "`scripts/bench-gas.sh` (the contract build, then `prime-bench`, a package of the `prime` \
         workspace: `prime-cli/bench/`) runs the flow twice, each time on a fresh in-process \
         nitro-devnode with the protocol deployed by the `prime` deploy library as \
         `scripts/deploy.sh` deploys it (the reference client's addresses), its clock moved to \
         the next hour boundary first so that every run is the same to the gas unit. The second run \
         first caches every deployed program ({}) with `ArbWasmCache.cacheProgram` from a \
         chain owner and checks `codehashIsCached`. Each step is one transaction sent with \
         `prime::ops`, by the reference client's actors (anvil #0 federator, #1 validator, \
         #2 provider, #3 node key, #5 pool manager): mint {} AI to the provider, approve and \
         register with a stake of {} AI, whitelist, add one node of {} compute units (signed \
         by the node key), validate it, create a domain on the WorkValidator and a pool in it \
         (its distributor is created in the same transaction), set a reward rate of {} AI per \
         work unit, start the pool, join it with one node (the manager's invite, expiring in 2106 so that \
         the calldata is the same in every run), submit {} \
         work units, advance the clock by {} h and mint {} AI to the distributor, claim the \
         rewards, leave the pool, remove the node, deregister, advance the clock by the \
         unbonding period ({} days) and withdraw the stake.\n",
        cached.cached.join(", "),
        params::STAKE,
        params::STAKE,
        thousands(params::COMPUTE_UNITS),
        params::RATE_PER_UNIT,
        thousands(params::WORK_UNITS),
        params::CLAIM_AFTER_SECS / 3600,
        params::DISTRIBUTOR_FUNDS,
        params::UNBONDING_SECS / 86_400
    );
    let _ = writeln!(
        s,
        "The gas is what the devnode charges ({}): Stylus code by Nitro's rules (ink per opcode and hostio, \
         the storage cache, the entry cost of every program entered: the memory model, \
         initGas unless cached, cachedGas), EVM code and precompiles as geth prices them (see \
         the devnode's README, \"Fidelity vs Nitro\"). The reference figures are EVM gas on an \
         EVM node; both include the transaction's intrinsic and calldata gas. The issue does not \
         give the amounts of the reference's run: where ours differ, the calldata differs by \
         a few bytes (12 gas per zero byte that is non-zero there), nothing more.\n",
        p.metering
    );
    s
}

/// The README's summary between the markers `<!-- bench-gas:begin -->` and
/// `<!-- bench-gas:end -->`.
pub fn readme_block(
    uncached: &FlowRun,
    cached: &FlowRun,
    targets: &[Target],
    p: &Provenance,
) -> String {
    let mut s = String::new();
    s += "| the protocol's whole flow (17 steps and the mint to the distributor) | reference (Solidity, EVM) | ours, uncached | ours, cached |\n";
    s += "|---|---:|---:|---:|\n";
    let _ = writeln!(
        s,
        "| gas | {} | {} ({} ×) | {} ({} ×) |",
        thousands(REFERENCE_WHOLE_FLOW),
        thousands(uncached.total_gas()),
        ratio(uncached.total_gas(), REFERENCE_WHOLE_FLOW),
        thousands(cached.total_gas()),
        ratio(cached.total_gas(), REFERENCE_WHOLE_FLOW)
    );
    let _ = writeln!(
        s,
        "| steps at or below the reference | | {} of 17 | {} of 17 |",
        steps_at_or_below(uncached),
        steps_at_or_below(cached)
    );
    let _ = writeln!(
        s,
        "| Stylus program entries | | {} | {} |",
        uncached.total_entries(),
        cached.total_entries()
    );
    let met = targets.iter().filter(|t| t.met).count();
    let _ = writeln!(
        s,
        "\nMeasured on {} at commit {} ({}); issue 13's targets met: {met} of {}. Per step, with \
         the programs each step enters and the chart: [docs/gas.md](docs/gas.md).",
        p.date,
        p.commit,
        p.metering,
        targets.len()
    );
    s
}

/// The README's marker lines.
pub const README_BEGIN: &str = "<!-- bench-gas:begin (written by scripts/bench-gas.sh) -->";
/// See [`README_BEGIN`].
pub const README_END: &str = "<!-- bench-gas:end -->";

/// `readme` with the text between the markers replaced by `block`.
pub fn replace_readme_block(readme: &str, block: &str) -> Result<String> {
    let (Some(b), Some(e)) = (readme.find(README_BEGIN), readme.find(README_END)) else {
        bail!("the README has no {README_BEGIN} … {README_END} block to update");
    };
    if e < b {
        bail!("the README's {README_END} comes before {README_BEGIN}");
    }
    Ok(format!(
        "{}{README_BEGIN}\n{block}{}",
        &readme[..b],
        &readme[e..]
    ))
}

/// The UTC date `YYYY-MM-DD` of a unix time (the civil-from-days algorithm of the proleptic
/// Gregorian calendar).
pub fn utc_date(unix_secs: u64) -> String {
    let z = (unix_secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(4_102_063), "4,102,063");
        assert_eq!(ratio(55_372, 53_403), "1.04");
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(951_782_400), "2000-02-29");
        assert_eq!(utc_date(1_796_105_343), "2026-12-01");
    }

    #[test]
    fn the_readme_block_is_replaced_between_its_markers() {
        let r = format!("# x\n\n{README_BEGIN}\nold\n{README_END}\nrest\n");
        assert_eq!(
            replace_readme_block(&r, "new\n").unwrap(),
            format!("# x\n\n{README_BEGIN}\nnew\n{README_END}\nrest\n")
        );
        assert!(replace_readme_block("# x\n", "new\n").is_err());
    }
}
