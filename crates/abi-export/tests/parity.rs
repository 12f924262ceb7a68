//! ABI parity of every release ABI with the reference (`release/abi/*.json` are generated
//! from the contracts' code by scripts/export-abi.sh, which also fails when they are stale).

use std::path::PathBuf;

#[test]
fn release_abis_match_the_reference() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let failures: Vec<String> = abi_export::RELEASE_ABIS
        .iter()
        .filter_map(|(file, reference, _crate)| {
            abi_export::check_parity(&root, file, reference).err()
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
