//! JSON ABIs generated from the contracts' code, and the parity check against the reference.
//!
//! The SDK's `export-abi` prints a Solidity interface of the functions a contract's router
//! really dispatches; it knows nothing of events, nor of errors raised inside components.
//! Each contract therefore declares those (human-readable) next to its code, and this crate
//! merges both into the plain ABI array that `forge inspect <C> abi` produces, so clients
//! that embed the reference's JSON files can embed ours instead.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

pub use alloy_json_abi::JsonAbi;
use alloy_json_abi::{Error, Event, Function};

/// The `main` of a contract's `export-abi` binary: `abi-json` prints the JSON ABI, anything
/// else goes to the SDK (`abi`, `constructor`), as `cargo stylus export-abi` expects.
#[macro_export]
macro_rules! export_abi_main {
    ($contract:ty, $declarations:expr) => {
        fn main() {
            struct Interface;
            impl ::core::fmt::Display for Interface {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    <$contract as ::stylus_sdk::abi::export::GenerateAbi>::fmt_abi(f)
                }
            }
            if ::std::env::args().nth(1).as_deref() == Some("abi-json") {
                match $crate::contract_abi(&Interface.to_string(), $declarations) {
                    Ok(abi) => print!("{}", $crate::to_json(&abi)),
                    Err(e) => {
                        eprintln!("error: {e}");
                        ::std::process::exit(1);
                    }
                }
            } else {
                ::stylus_sdk::abi::export::print_from_args::<$contract>();
            }
        }
    };
}

/// Turns one line of an SDK-generated interface into a human-readable ABI item, if it is one.
fn human_readable(line: &str) -> Option<String> {
    let line = line.trim().trim_end_matches(';');
    let is_item = ["function ", "error ", "event "]
        .iter()
        .any(|k| line.starts_with(k));
    is_item.then(|| line.replace(" memory", "").replace(" calldata", ""))
}

fn parse_items<'a>(items: impl IntoIterator<Item = &'a str>) -> Result<JsonAbi, String> {
    let mut abi = JsonAbi::new();
    for item in items {
        let parsed =
            JsonAbi::parse([item]).map_err(|e| format!("cannot parse ABI item `{item}`: {e}"))?;
        // Merge per name: overloads (`joinComputePool` twice) come on separate lines.
        for (name, fs) in parsed.functions {
            abi.functions.entry(name).or_default().extend(fs);
        }
        for (name, es) in parsed.events {
            abi.events.entry(name).or_default().extend(es);
        }
        for (name, es) in parsed.errors {
            abi.errors.entry(name).or_default().extend(es);
        }
    }
    Ok(abi)
}

/// A contract's ABI: the functions of the SDK-generated `interface` plus `declarations`
/// (events and errors, human-readable).
pub fn contract_abi(interface: &str, declarations: &[&str]) -> Result<JsonAbi, String> {
    let mut abi = parse_items(declarations.iter().copied())?;
    let router_items: Vec<String> = interface.lines().filter_map(human_readable).collect();
    let router = parse_items(router_items.iter().map(String::as_str))?;
    for (name, fs) in router.functions {
        abi.functions.entry(name).or_default().extend(fs);
    }
    // The SDK prints errors without parameter names: keep the declared (named) form of any
    // error that is declared too. Solidity's built-in `Error(string)` and `Panic(uint256)`
    // are never in an ABI, though a typed error enum may return them.
    let declared: Vec<_> = abi.errors().map(Error::selector).collect();
    for e in router.errors.into_values().flatten() {
        let builtin = matches!(e.signature().as_str(), "Error(string)" | "Panic(uint256)");
        if !builtin && !declared.contains(&e.selector()) {
            abi.errors.entry(e.name.clone()).or_default().push(e);
        }
    }
    Ok(abi)
}

/// The ABI as the reference's plain JSON array, pretty-printed.
pub fn to_json(abi: &JsonAbi) -> String {
    let mut out = serde_json::to_string_pretty(abi).expect("a JsonAbi always serializes");
    out.push('\n');
    out
}

fn fn_key(f: &Function) -> String {
    f.signature()
}

fn event_key(e: &Event) -> String {
    let indexed: Vec<&str> = e
        .inputs
        .iter()
        .map(|p| if p.indexed { "indexed" } else { "-" })
        .collect();
    format!("{} [{}]", e.signature(), indexed.join(","))
}

fn error_key(e: &Error) -> String {
    e.signature()
}

/// How a generated ABI differs from the reference.
#[derive(Debug, Default)]
pub struct Diff {
    /// Reference items absent from (or different in) the generated ABI.
    pub missing: Vec<String>,
    /// Generated items the reference does not have.
    pub extra: Vec<String>,
}

/// Compares functions (selector, outputs, mutability), events (topic0 and indexed flags) and
/// errors (selector). Constructors are not compared: Stylus constructors take an explicit admin.
pub fn diff(generated: &JsonAbi, reference: &JsonAbi) -> Diff {
    let functions = |abi: &JsonAbi| -> BTreeMap<String, String> {
        abi.functions()
            .map(|f| {
                let outputs: Vec<String> = f
                    .outputs
                    .iter()
                    .map(|o| o.selector_type().into_owned())
                    .collect();
                let mutability = serde_json::to_value(f.state_mutability).unwrap_or_default();
                (
                    fn_key(f),
                    format!(
                        "returns ({}) {}",
                        outputs.join(","),
                        mutability.as_str().unwrap_or("?")
                    ),
                )
            })
            .collect()
    };
    let (gen_fns, ref_fns) = (functions(generated), functions(reference));
    let mut d = Diff::default();
    for (sig, shape) in &ref_fns {
        match gen_fns.get(sig) {
            None => d.missing.push(format!("function {sig} {shape}")),
            Some(g) if g != shape => d
                .missing
                .push(format!("function {sig} {shape} (generated: {g})")),
            Some(_) => {}
        }
    }
    d.extra.extend(
        gen_fns
            .keys()
            .filter(|k| !ref_fns.contains_key(*k))
            .map(|k| format!("function {k}")),
    );

    let events = |abi: &JsonAbi| -> Vec<String> { abi.events().map(event_key).collect() };
    let (gen_ev, ref_ev) = (events(generated), events(reference));
    d.missing.extend(
        ref_ev
            .iter()
            .filter(|e| !gen_ev.contains(e))
            .map(|e| format!("event {e}")),
    );
    d.extra.extend(
        gen_ev
            .iter()
            .filter(|e| !ref_ev.contains(e))
            .map(|e| format!("event {e}")),
    );

    let errors = |abi: &JsonAbi| -> Vec<String> { abi.errors().map(error_key).collect() };
    let (gen_err, ref_err) = (errors(generated), errors(reference));
    d.missing.extend(
        ref_err
            .iter()
            .filter(|e| !gen_err.contains(e))
            .map(|e| format!("error {e}")),
    );
    d.extra.extend(
        gen_err
            .iter()
            .filter(|e| !ref_err.contains(e))
            .map(|e| format!("error {e}")),
    );
    d
}

/// The deployed contracts: (file under `release/abi/`, reference contract name, crate).
/// File names are the ones the reference client embeds (spec §11-§12).
/// scripts/export-abi.sh reads this table (rows as rustfmt lays them out, on one or more lines).
pub const RELEASE_ABIS: &[(&str, &str, &str)] = &[
    ("ai_token.json", "AITokenTransferRole", "ai-token"),
    ("stake_manager.json", "StakeManager", "stake-manager"),
    ("domain_registry.json", "DomainRegistry", "domain-registry"),
    (
        "compute_registry.json",
        "ComputeRegistry",
        "compute-registry",
    ),
    ("prime_network.json", "PrimeNetwork", "prime-network"),
    ("compute_pool.json", "ComputePool", "compute-pool"),
    (
        "rewards_distributor.json",
        "RewardsDistributorWorkSubmission",
        "rewards-distributor-work-submission",
    ),
    (
        "rewards_distributor_work_submission_factory.json",
        "RewardsDistributorWorkSubmissionFactory",
        "rewards-distributor-work-submission-factory",
    ),
    (
        "rewards_distributor_time_based.json",
        "RewardsDistributor",
        "rewards-distributor",
    ),
    (
        "rewards_distributor_factory.json",
        "RewardsDistributorFactory",
        "rewards-distributor-factory",
    ),
    (
        "rewards_distributor_fixed.json",
        "RewardsDistributorFixed",
        "rewards-distributor-fixed",
    ),
    (
        "rewards_distributor_fixed_factory.json",
        "RewardsDistributorFixedFactory",
        "rewards-distributor-fixed-factory",
    ),
    (
        "synthetic_data_work_validator.json",
        "SyntheticDataWorkValidator",
        "synthetic-data-work-validator",
    ),
];

/// Where the reference ABIs are: `$PRIME_REFERENCE_ABI_DIR`, else `../shared/spec/reference-abi`
/// beside the repository.
pub fn reference_dir(root: &Path) -> PathBuf {
    std::env::var_os("PRIME_REFERENCE_ABI_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/spec/reference-abi"))
}

fn read_abi(path: &Path) -> Result<JsonAbi, String> {
    let json = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {} ({e})", path.display()))?;
    serde_json::from_str(&json).map_err(|e| format!("{} is not a JSON ABI: {e}", path.display()))
}

/// `docs/divergences.md` and every `docs/divergences/*.md`, concatenated.
fn divergences_text(root: &Path) -> String {
    let mut text = std::fs::read_to_string(root.join("docs/divergences.md")).unwrap_or_default();
    if let Ok(dir) = std::fs::read_dir(root.join("docs/divergences")) {
        let mut files: Vec<PathBuf> = dir.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for f in files
            .into_iter()
            .filter(|f| f.extension().is_some_and(|x| x == "md"))
        {
            text.push_str(&std::fs::read_to_string(f).unwrap_or_default());
        }
    }
    text
}

/// The parity check of one release ABI: every reference function, event and error is
/// there with the same shape, and every extra item is named in `docs/divergences.md`.
pub fn check_parity(root: &Path, release_file: &str, reference: &str) -> Result<(), String> {
    let generated = read_abi(&root.join("release/abi").join(release_file))?;
    let reference_abi = read_abi(&reference_dir(root).join(format!("{reference}.json")))?;
    let d = diff(&generated, &reference_abi);
    let divergences = divergences_text(root);
    let undocumented: Vec<&str> = d
        .extra
        .iter()
        .map(String::as_str)
        .filter(|x| !divergences.contains(x.split_once(' ').map_or(*x, |(_, sig)| sig)))
        .collect();
    let mut problems = Vec::new();
    if !d.missing.is_empty() {
        problems.push(format!(
            "missing or different from the reference:\n  {}",
            d.missing.join("\n  ")
        ));
    }
    if !undocumented.is_empty() {
        problems.push(format!(
            "extra items not listed in docs/divergences.md:\n  {}",
            undocumented.join("\n  ")
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "release/abi/{release_file} vs {reference}:\n{}",
            problems.join("\n")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interface_lines_become_human_readable_items() {
        assert_eq!(
            human_readable("    function name() external view returns (string memory);").as_deref(),
            Some("function name() external view returns (string)")
        );
        assert_eq!(human_readable("interface IAiToken {"), None);
        let abi = JsonAbi::parse(["function name() external view returns (string)"]).unwrap();
        assert_eq!(
            abi.functions().next().unwrap().selector().to_string(),
            "0x06fdde03"
        );
    }

    #[test]
    fn builtin_errors_are_left_out() {
        let interface = "interface I {\n    error Panic(uint256);\n    error Error(string);\n    error Own(address);\n}";
        let abi = contract_abi(interface, &[]).unwrap();
        let names: Vec<_> = abi.errors().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["Own"]);
    }

    #[test]
    fn diff_reports_missing_extra_and_changed_items() {
        let reference = JsonAbi::parse([
            "function a(uint256) external view returns (bool)",
            "function b() external",
            "event E(address indexed x, uint256 y)",
            "error X(uint256)",
        ])
        .unwrap();
        let generated = JsonAbi::parse([
            "function a(uint256) external view returns (uint256)",
            "function c() external",
            "event E(address x, uint256 y)",
            "error X(uint256)",
        ])
        .unwrap();
        let d = diff(&generated, &reference);
        assert_eq!(d.missing.len(), 3, "{:?}", d.missing); // a's output, b, E's indexed flag
        assert_eq!(d.extra.len(), 2, "{:?}", d.extra); // c, E without indexed
        assert!(diff(&reference, &reference).missing.is_empty());
    }
}
