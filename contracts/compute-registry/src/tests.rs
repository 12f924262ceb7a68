//! ComputeRegistry: every function and revert path, the EnumerableMap lookup semantics
//! (spec §13 item 7), and the fixed defects (§13 items 5, 6, 8).

use alloy_primitives::{address, Address, U256};
use alloy_sol_types::{SolError, SolType, SolValue};
use motsu::prelude::*;
use prime_common::{
    access::RoleGranted,
    revert::{
        error_string, panic_code, AccessControlBadConfirmation, AccessControlUnauthorizedAccount,
        EnumerableMapNonexistentKey,
    },
};
use stylus_sdk::abi::AbiType;

use super::*;

const PRIME: Address = address!("00000000000000000000000000000000000000aa");
const POOL: Address = address!("00000000000000000000000000000000000000cc");
const P1: Address = address!("0000000000000000000000000000000000000001");
const P2: Address = address!("0000000000000000000000000000000000000002");
const N1: Address = address!("0000000000000000000000000000000000000011");
const N2: Address = address!("0000000000000000000000000000000000000012");
const N3: Address = address!("0000000000000000000000000000000000000013");

fn u(v: u64) -> U256 {
    U256::from(v)
}

fn setup(reg: &Contract<ComputeRegistry>) {
    reg.sender(PRIME).constructor(PRIME);
    reg.sender(PRIME).set_compute_pool(POOL).motsu_unwrap();
}

fn add(reg: &Contract<ComputeRegistry>, p: Address, n: Address, cu: u64) -> U256 {
    reg.sender(PRIME)
        .add_compute_node(p, n, u(cu), format!("uri-{n}"))
        .motsu_unwrap()
}

/// P1 registered with nodes N1 (10 cu), N2 (20 cu), N3 (30 cu).
fn with_nodes(reg: &Contract<ComputeRegistry>) {
    setup(reg);
    assert!(reg.sender(PRIME).register(P1).motsu_unwrap());
    for (i, (n, cu)) in [(N1, 10), (N2, 20), (N3, 30)].into_iter().enumerate() {
        assert_eq!(add(reg, P1, n, cu), u(i as u64));
    }
}

fn unauthorized(account: Address, role: B256) -> Vec<u8> {
    AccessControlUnauthorizedAccount {
        account,
        neededRole: role,
    }
    .abi_encode()
}

fn nonexistent(key: Address) -> Vec<u8> {
    EnumerableMapNonexistentKey {
        key: key.into_word(),
    }
    .abi_encode()
}

fn not_found() -> Vec<u8> {
    error_string("ComputeRegistry: node not found")
}

// --- roles ---

#[motsu::test]
fn constructor_and_compute_pool_roles(reg: Contract<ComputeRegistry>, alice: Address) {
    setup(&reg);
    reg.assert_emitted(&RoleGranted {
        role: PRIME_ROLE,
        account: PRIME,
        sender: PRIME,
    });
    reg.assert_emitted(&RoleGranted {
        role: COMPUTE_POOL_ROLE,
        account: POOL,
        sender: PRIME,
    });
    assert_eq!(
        reg.sender(alice)
            .access
            .get_role_members(DEFAULT_ADMIN_ROLE),
        vec![PRIME]
    );
    assert_eq!(
        reg.sender(alice)
            .access
            .get_role_member(COMPUTE_POOL_ROLE, U256::ZERO)
            .motsu_unwrap(),
        POOL
    );
    assert_eq!(
        reg.sender(alice)
            .access
            .get_role_member(COMPUTE_POOL_ROLE, u(1))
            .motsu_unwrap_err(),
        panic_code(0x32)
    );
    assert_eq!(
        reg.sender(alice).access.get_role_member_count(PRIME_ROLE),
        u(1)
    );
    assert_eq!(
        reg.sender(alice).access.get_role_admin(COMPUTE_POOL_ROLE),
        B256::ZERO
    );
    assert!(reg.sender(alice).access.has_role(PRIME_ROLE, PRIME));
    assert_eq!(
        reg.sender(alice).set_compute_pool(alice).motsu_unwrap_err(),
        unauthorized(alice, PRIME_ROLE)
    );
    // A second pool is added; the first keeps the role (as the reference).
    reg.sender(PRIME).set_compute_pool(alice).motsu_unwrap();
    assert_eq!(
        reg.sender(alice).access.get_role_members(COMPUTE_POOL_ROLE),
        vec![POOL, alice]
    );
}

#[motsu::test]
fn grant_revoke_renounce(reg: Contract<ComputeRegistry>, alice: Address) {
    setup(&reg);
    let err = reg
        .sender(alice)
        .access
        .grant_role(PRIME_ROLE, alice)
        .motsu_unwrap_err();
    assert_eq!(err, unauthorized(alice, DEFAULT_ADMIN_ROLE));
    let err = reg
        .sender(alice)
        .access
        .revoke_role(PRIME_ROLE, PRIME)
        .motsu_unwrap_err();
    assert_eq!(err, unauthorized(alice, DEFAULT_ADMIN_ROLE));
    reg.sender(PRIME)
        .access
        .grant_role(PRIME_ROLE, alice)
        .motsu_unwrap();
    reg.sender(PRIME)
        .access
        .grant_role(PRIME_ROLE, alice)
        .motsu_unwrap(); // no duplicate
    assert_eq!(
        reg.sender(alice).access.get_role_members(PRIME_ROLE),
        vec![PRIME, alice]
    );
    let err = reg
        .sender(alice)
        .access
        .renounce_role(PRIME_ROLE, PRIME)
        .motsu_unwrap_err();
    assert_eq!(err, AccessControlBadConfirmation {}.abi_encode());
    // Removing the first member moves the last into its slot (EnumerableSet order).
    reg.sender(PRIME)
        .access
        .revoke_role(PRIME_ROLE, PRIME)
        .motsu_unwrap();
    assert_eq!(
        reg.sender(alice).access.get_role_members(PRIME_ROLE),
        vec![alice]
    );
    reg.sender(alice)
        .access
        .renounce_role(PRIME_ROLE, alice)
        .motsu_unwrap();
    assert!(!reg.sender(alice).access.has_role(PRIME_ROLE, alice));
    assert!(reg
        .sender(alice)
        .access
        .get_role_members(PRIME_ROLE)
        .is_empty());
}

#[motsu::test]
fn constants_and_interfaces(reg: Contract<ComputeRegistry>) {
    setup(&reg);
    assert_eq!(reg.sender(PRIME).prime_role(), PRIME_ROLE);
    assert_eq!(reg.sender(PRIME).compute_pool_role(), COMPUTE_POOL_ROLE);
    assert_eq!(reg.sender(PRIME).access.default_admin_role(), B256::ZERO);
    for (id, want) in [
        (0x01ffc9a7u32, true),
        (0x7965db0b, true),
        (0x5a05180f, true),
        (0x12345678, false),
    ] {
        assert_eq!(
            reg.sender(PRIME)
                .access
                .supports_interface(id.to_be_bytes().into()),
            want
        );
    }
}

#[motsu::test]
fn every_write_checks_its_role(reg: Contract<ComputeRegistry>, alice: Address) {
    with_nodes(&reg);
    let prime = unauthorized(alice, PRIME_ROLE);
    assert_eq!(reg.sender(alice).register(P2).motsu_unwrap_err(), prime);
    assert_eq!(reg.sender(alice).deregister(P1).motsu_unwrap_err(), prime);
    assert_eq!(
        reg.sender(alice)
            .add_compute_node(P1, alice, u(1), String::new())
            .motsu_unwrap_err(),
        prime
    );
    assert_eq!(
        reg.sender(alice)
            .remove_compute_node(P1, N1)
            .motsu_unwrap_err(),
        prime
    );
    assert_eq!(
        reg.sender(alice)
            .update_node_uri(P1, N1, String::new())
            .motsu_unwrap_err(),
        prime
    );
    assert_eq!(
        reg.sender(alice)
            .update_node_benchmark(P1, N1, u(1))
            .motsu_unwrap_err(),
        prime
    );
    assert_eq!(
        reg.sender(alice)
            .set_whitelist_status(P1, true)
            .motsu_unwrap_err(),
        prime
    );
    assert_eq!(
        reg.sender(alice)
            .set_node_validation_status(P1, N1, true)
            .motsu_unwrap_err(),
        prime
    );
    let pool = unauthorized(PRIME, COMPUTE_POOL_ROLE);
    assert_eq!(
        reg.sender(PRIME)
            .update_node_status(P1, N1, true)
            .motsu_unwrap_err(),
        pool
    );
}

// --- providers ---

#[motsu::test]
fn register_and_deregister(reg: Contract<ComputeRegistry>) {
    setup(&reg);
    // Whitelisting before registration writes the flag; registering resets it.
    reg.sender(PRIME)
        .set_whitelist_status(P1, true)
        .motsu_unwrap();
    assert!(reg.sender(PRIME).get_whitelist_status(P1));
    assert!(reg.sender(PRIME).register(P1).motsu_unwrap());
    assert!(!reg.sender(PRIME).register(P1).motsu_unwrap());
    assert!(reg.sender(PRIME).register(P2).motsu_unwrap());
    assert!(!reg.sender(PRIME).get_whitelist_status(P1));
    assert_eq!(reg.sender(PRIME).providers(P1), (P1, false, 0));
    assert!(reg.sender(PRIME).check_provider_exists(P1));
    assert_eq!(reg.sender(PRIME).get_provider_address_list(), vec![P1, P2]);
    assert!(reg.sender(PRIME).deregister(P1).motsu_unwrap());
    assert!(!reg.sender(PRIME).deregister(P1).motsu_unwrap());
    assert!(!reg.sender(PRIME).check_provider_exists(P1));
    assert_eq!(reg.sender(PRIME).get_provider_address_list(), vec![P2]);
    assert_eq!(reg.sender(PRIME).providers(P1), (Address::ZERO, false, 0));
    let p = reg.sender(PRIME).get_provider(P1);
    assert_eq!((p.providerAddress, p.nodes.len()), (Address::ZERO, 0));
}

// --- nodes ---

#[motsu::test]
fn add_node_records_everything(reg: Contract<ComputeRegistry>) {
    with_nodes(&reg);
    let node = reg.sender(PRIME).get_node(P1, N2).motsu_unwrap();
    assert_eq!(
        node,
        ComputeNode {
            provider: P1,
            subkey: N2,
            specsURI: format!("uri-{N2}"),
            computeUnits: 20,
            benchmarkScore: 0,
            isActive: false,
            isValidated: false,
        }
    );
    assert_eq!(
        reg.sender(PRIME).get_node_by_subkey(N2).motsu_unwrap(),
        node
    );
    assert_eq!(reg.sender(PRIME).get_provider_total_compute(P1), u(60));
    assert_eq!(reg.sender(PRIME).provider_total_compute(P1), u(60));
    assert_eq!(reg.sender(PRIME).get_provider_total_nodes(P1), 3);
    assert_eq!(reg.sender(PRIME).node_provider_map(N3), P1);
    assert_eq!(reg.sender(PRIME).get_node_provider(N3), P1);
    assert_eq!(
        reg.sender(PRIME).get_node_compute_units(N3).motsu_unwrap(),
        u(30)
    );
    assert_eq!(
        reg.sender(PRIME).get_node_contract_data(N1).motsu_unwrap(),
        (P1, 10, false, false)
    );
    assert_eq!(reg.sender(PRIME).get_provider(P1).nodes.len(), 3);
}

#[motsu::test]
fn add_node_rejects_duplicates_and_foreign_nodes(reg: Contract<ComputeRegistry>) {
    with_nodes(&reg);
    reg.sender(PRIME).register(P2).motsu_unwrap();
    let err = reg
        .sender(PRIME)
        .add_compute_node(P1, N1, u(1), String::new())
        .motsu_unwrap_err();
    assert_eq!(
        err,
        error_string("ComputeRegistry: node already exists with this provider")
    );
    let err = reg
        .sender(PRIME)
        .add_compute_node(P2, N1, u(1), String::new())
        .motsu_unwrap_err();
    assert_eq!(
        err,
        error_string("ComputeRegistry: node has already registered with another provider")
    );
    // A removed node can come back to the same provider, never to another.
    reg.sender(PRIME).remove_compute_node(P1, N1).motsu_unwrap();
    let err = reg
        .sender(PRIME)
        .add_compute_node(P2, N1, u(1), String::new())
        .motsu_unwrap_err();
    assert_eq!(
        err,
        error_string("ComputeRegistry: node has already registered with another provider")
    );
    assert_eq!(add(&reg, P1, N1, 5), u(2));
    assert_eq!(reg.sender(PRIME).get_provider_total_compute(P1), u(55));
}

/// §13 item 4: the node keeps `uint32(computeUnits)`, the total adds the full value.
#[motsu::test]
fn compute_units_truncate_in_the_node_only(reg: Contract<ComputeRegistry>) {
    setup(&reg);
    reg.sender(PRIME).register(P1).motsu_unwrap();
    let cu = (U256::from(1) << 32) + u(7);
    reg.sender(PRIME)
        .add_compute_node(P1, N1, cu, String::new())
        .motsu_unwrap();
    assert_eq!(
        reg.sender(PRIME)
            .get_node(P1, N1)
            .motsu_unwrap()
            .computeUnits,
        7
    );
    assert_eq!(reg.sender(PRIME).get_provider_total_compute(P1), cu);
    reg.sender(PRIME)
        .update_node_benchmark(P1, N1, (U256::from(1) << 32) + u(3))
        .motsu_unwrap();
    assert_eq!(
        reg.sender(PRIME)
            .get_node(P1, N1)
            .motsu_unwrap()
            .benchmarkScore,
        3
    );
}

#[motsu::test]
fn total_compute_overflow_panics_0x11(reg: Contract<ComputeRegistry>) {
    with_nodes(&reg);
    let err = reg
        .sender(PRIME)
        .add_compute_node(
            P1,
            address!("00000000000000000000000000000000000000f1"),
            U256::MAX,
            String::new(),
        )
        .motsu_unwrap_err();
    assert_eq!(err, panic_code(0x11));
    assert_eq!(reg.sender(PRIME).get_provider_total_nodes(P1), 3);
}

#[motsu::test]
fn remove_swaps_the_last_node_in(reg: Contract<ComputeRegistry>) {
    with_nodes(&reg);
    assert!(reg.sender(PRIME).remove_compute_node(P1, N1).motsu_unwrap());
    let nodes: Vec<Address> = reg
        .sender(PRIME)
        .get_nodes(P1, U256::ZERO, U256::ZERO)
        .motsu_unwrap()
        .into_iter()
        .map(|n| n.subkey)
        .collect();
    assert_eq!(nodes, vec![N3, N2]);
    // The moved node is still found through its new index.
    assert_eq!(
        reg.sender(PRIME)
            .get_node(P1, N3)
            .motsu_unwrap()
            .computeUnits,
        30
    );
    assert_eq!(reg.sender(PRIME).get_provider_total_compute(P1), u(50));
    // The removed key is gone from the map: lookups revert like EnumerableMap.get.
    assert_eq!(
        reg.sender(PRIME).get_node(P1, N1).motsu_unwrap_err(),
        nonexistent(N1)
    );
    assert_eq!(
        reg.sender(PRIME).get_node_by_subkey(N1).motsu_unwrap_err(),
        nonexistent(N1)
    );
    assert_eq!(
        reg.sender(PRIME)
            .get_node_compute_units(N1)
            .motsu_unwrap_err(),
        nonexistent(N1)
    );
    assert_eq!(
        reg.sender(PRIME)
            .get_node_contract_data(N1)
            .motsu_unwrap_err(),
        nonexistent(N1)
    );
    assert_eq!(
        reg.sender(PRIME)
            .get_node_validation_status(P1, N1)
            .motsu_unwrap_err(),
        nonexistent(N1)
    );
    assert_eq!(
        reg.sender(PRIME)
            .remove_compute_node(P1, N1)
            .motsu_unwrap_err(),
        nonexistent(N1)
    );
    // nodeProviderMap is historical.
    assert_eq!(reg.sender(PRIME).get_node_provider(N1), P1);
    // Removing the last one needs no swap.
    reg.sender(PRIME).remove_compute_node(P1, N2).motsu_unwrap();
    reg.sender(PRIME).remove_compute_node(P1, N3).motsu_unwrap();
    assert_eq!(reg.sender(PRIME).get_provider_total_nodes(P1), 0);
    assert_eq!(reg.sender(PRIME).get_provider_total_compute(P1), U256::ZERO);
}

#[motsu::test]
fn unknown_and_foreign_nodes(reg: Contract<ComputeRegistry>) {
    with_nodes(&reg);
    reg.sender(PRIME).register(P2).motsu_unwrap();
    let stranger = address!("00000000000000000000000000000000000000f2");
    // Never registered: EnumerableMapNonexistentKey, except the two non-reverting views.
    assert_eq!(
        reg.sender(PRIME).get_node(P1, stranger).motsu_unwrap_err(),
        nonexistent(stranger)
    );
    assert_eq!(
        reg.sender(PRIME)
            .update_node_uri(P1, stranger, String::new())
            .motsu_unwrap_err(),
        nonexistent(stranger)
    );
    assert_eq!(
        reg.sender(PRIME)
            .get_node_contract_data(stranger)
            .motsu_unwrap(),
        (Address::ZERO, 0, false, false)
    );
    assert_eq!(reg.sender(PRIME).get_node_provider(stranger), Address::ZERO);
    // Another provider's node: "not found" for writes, an all-zero node for reads.
    assert_eq!(
        reg.sender(PRIME)
            .remove_compute_node(P2, N1)
            .motsu_unwrap_err(),
        not_found()
    );
    assert_eq!(
        reg.sender(PRIME)
            .update_node_uri(P2, N1, String::new())
            .motsu_unwrap_err(),
        not_found()
    );
    assert_eq!(
        reg.sender(PRIME)
            .update_node_benchmark(P2, N1, u(1))
            .motsu_unwrap_err(),
        not_found()
    );
    assert_eq!(
        reg.sender(PRIME)
            .set_node_validation_status(P2, N1, true)
            .motsu_unwrap_err(),
        not_found()
    );
    assert_eq!(
        reg.sender(POOL)
            .update_node_status(P2, N1, true)
            .motsu_unwrap_err(),
        not_found()
    );
    assert_eq!(
        reg.sender(PRIME).get_node(P2, N1).motsu_unwrap(),
        ComputeNode::default()
    );
    assert!(!reg
        .sender(PRIME)
        .get_node_validation_status(P2, N1)
        .motsu_unwrap());
}

#[motsu::test]
fn active_nodes_cannot_be_removed(reg: Contract<ComputeRegistry>) {
    with_nodes(&reg);
    reg.sender(POOL)
        .update_node_status(P1, N2, true)
        .motsu_unwrap();
    let err = reg
        .sender(PRIME)
        .remove_compute_node(P1, N2)
        .motsu_unwrap_err();
    assert_eq!(
        err,
        error_string("ComputeRegistry: node must be inactive to remove")
    );
    reg.sender(POOL)
        .update_node_status(P1, N2, false)
        .motsu_unwrap();
    reg.sender(PRIME).remove_compute_node(P1, N2).motsu_unwrap();
}

/// PrimeNetwork's "Provider has active nodes" check is the registry's (one call instead of
/// two): an active node blocks deregistration, an inactive one does not.
#[motsu::test]
fn deregistration_needs_no_active_node(reg: Contract<ComputeRegistry>) {
    with_nodes(&reg);
    reg.sender(POOL)
        .update_node_status(P1, N2, true)
        .motsu_unwrap();
    let err = reg.sender(PRIME).deregister(P1).motsu_unwrap_err();
    assert_eq!(err, error_string("Provider has active nodes"));
    assert_eq!(reg.sender(PRIME).get_provider_active_nodes(P1), 1);
    reg.sender(POOL)
        .update_node_status(P1, N2, false)
        .motsu_unwrap();
    assert!(reg.sender(PRIME).deregister(P1).motsu_unwrap());
}

/// §13 item 8: the active count follows real transitions only (the reference counted every
/// call, so a repeated call drifted the count and a repeated `false` at 0 panicked).
#[motsu::test]
fn node_status_is_idempotent(reg: Contract<ComputeRegistry>) {
    with_nodes(&reg);
    reg.sender(POOL)
        .update_node_status(P1, N1, true)
        .motsu_unwrap();
    reg.sender(POOL)
        .update_node_status(P1, N1, true)
        .motsu_unwrap();
    reg.sender(POOL)
        .update_node_status(P1, N2, true)
        .motsu_unwrap();
    assert_eq!(reg.sender(PRIME).get_provider_active_nodes(P1), 2);
    assert!(reg.sender(PRIME).get_node(P1, N1).motsu_unwrap().isActive);
    reg.sender(POOL)
        .update_node_status(P1, N1, false)
        .motsu_unwrap();
    reg.sender(POOL)
        .update_node_status(P1, N1, false)
        .motsu_unwrap();
    reg.sender(POOL)
        .update_node_status(P1, N3, false)
        .motsu_unwrap();
    assert_eq!(reg.sender(PRIME).get_provider_active_nodes(P1), 1);
    assert_eq!(reg.sender(PRIME).providers(P1), (P1, false, 1));
}

#[motsu::test]
fn validation_status_and_validated_sets(reg: Contract<ComputeRegistry>) {
    with_nodes(&reg);
    for n in [N1, N2, N3] {
        reg.sender(PRIME)
            .set_node_validation_status(P1, n, true)
            .motsu_unwrap();
    }
    reg.sender(PRIME)
        .set_node_validation_status(P1, N2, true)
        .motsu_unwrap(); // unchanged
    assert!(reg
        .sender(PRIME)
        .get_node_validation_status(P1, N2)
        .motsu_unwrap());
    assert_eq!(
        reg.sender(PRIME)
            .get_provider_validated_nodes(P1, false)
            .motsu_unwrap(),
        vec![N1, N2, N3]
    );
    // Filtered: `activeNodes` slots, the validated active ones first.
    reg.sender(POOL)
        .update_node_status(P1, N3, true)
        .motsu_unwrap();
    reg.sender(POOL)
        .update_node_status(P1, N2, true)
        .motsu_unwrap();
    assert_eq!(
        reg.sender(PRIME)
            .get_provider_validated_nodes(P1, true)
            .motsu_unwrap(),
        vec![N2, N3]
    );
    reg.sender(PRIME)
        .set_node_validation_status(P1, N2, false)
        .motsu_unwrap();
    assert!(
        !reg.sender(PRIME)
            .get_node(P1, N2)
            .motsu_unwrap()
            .isValidated
    );
    assert_eq!(
        reg.sender(PRIME)
            .get_provider_validated_nodes(P1, false)
            .motsu_unwrap(),
        vec![N1, N3]
    );
    assert_eq!(
        reg.sender(PRIME)
            .get_provider_validated_nodes(P1, true)
            .motsu_unwrap(),
        vec![N3, Address::ZERO]
    );
}

/// §13 item 6: a removed validated node leaves the validated set, so the filtered view
/// (ComputePool's purge) keeps working. The reference reverted here forever.
#[motsu::test]
fn removing_a_validated_node_keeps_the_set_consistent(reg: Contract<ComputeRegistry>) {
    with_nodes(&reg);
    reg.sender(PRIME)
        .set_node_validation_status(P1, N1, true)
        .motsu_unwrap();
    reg.sender(PRIME)
        .set_node_validation_status(P1, N2, true)
        .motsu_unwrap();
    reg.sender(PRIME).remove_compute_node(P1, N1).motsu_unwrap();
    assert_eq!(
        reg.sender(PRIME)
            .get_provider_validated_nodes(P1, false)
            .motsu_unwrap(),
        vec![N2]
    );
    reg.sender(POOL)
        .update_node_status(P1, N2, true)
        .motsu_unwrap();
    assert_eq!(
        reg.sender(PRIME)
            .get_provider_validated_nodes(P1, true)
            .motsu_unwrap(),
        vec![N2]
    );
    // Re-added, it starts unvalidated and outside the set.
    add(&reg, P1, N1, 10);
    assert!(!reg
        .sender(PRIME)
        .get_node_validation_status(P1, N1)
        .motsu_unwrap());
    assert_eq!(
        reg.sender(PRIME)
            .get_provider_validated_nodes(P1, false)
            .motsu_unwrap(),
        vec![N2]
    );
}

/// §13 item 5: deregistration clears what the registry keeps for the provider, so a
/// re-registered provider starts from zero compute (PrimeNetwork's minimum-stake formula
/// reads it) and old nodes do not linger in lookups or sets.
#[motsu::test]
fn deregistration_clears_the_provider(reg: Contract<ComputeRegistry>) {
    with_nodes(&reg);
    reg.sender(PRIME)
        .set_node_validation_status(P1, N1, true)
        .motsu_unwrap();
    reg.sender(PRIME)
        .set_whitelist_status(P1, true)
        .motsu_unwrap();
    reg.sender(PRIME).deregister(P1).motsu_unwrap();
    assert_eq!(reg.sender(PRIME).get_provider_total_compute(P1), U256::ZERO);
    assert!(reg
        .sender(PRIME)
        .get_provider_validated_nodes(P1, false)
        .motsu_unwrap()
        .is_empty());
    assert!(!reg.sender(PRIME).get_whitelist_status(P1));
    assert_eq!(
        reg.sender(PRIME).get_node(P1, N1).motsu_unwrap_err(),
        nonexistent(N1)
    );
    assert_eq!(
        reg.sender(PRIME)
            .get_node_contract_data(N2)
            .motsu_unwrap_err(),
        nonexistent(N2)
    );
    assert_eq!(
        reg.sender(PRIME).get_node_provider(N3),
        P1,
        "the binding is historical"
    );
    reg.sender(PRIME).register(P1).motsu_unwrap();
    assert_eq!(reg.sender(PRIME).get_provider_total_compute(P1), U256::ZERO);
    assert_eq!(reg.sender(PRIME).get_provider_total_nodes(P1), 0);
    assert_eq!(add(&reg, P1, N2, 20), U256::ZERO);
    assert_eq!(
        reg.sender(PRIME)
            .get_node(P1, N2)
            .motsu_unwrap()
            .computeUnits,
        20
    );
}

#[motsu::test]
fn uri_and_whitelist_updates(reg: Contract<ComputeRegistry>) {
    with_nodes(&reg);
    reg.sender(PRIME)
        .update_node_uri(P1, N3, "https://specs/3".into())
        .motsu_unwrap();
    assert_eq!(
        reg.sender(PRIME).get_node(P1, N3).motsu_unwrap().specsURI,
        "https://specs/3"
    );
    reg.sender(PRIME)
        .set_whitelist_status(P1, true)
        .motsu_unwrap();
    assert!(reg.sender(PRIME).get_provider(P1).isWhitelisted);
    reg.sender(PRIME)
        .set_whitelist_status(P1, false)
        .motsu_unwrap();
    assert!(!reg.sender(PRIME).get_whitelist_status(P1));
}

#[motsu::test]
fn get_nodes_pages(reg: Contract<ComputeRegistry>) {
    with_nodes(&reg);
    let keys = |page: U256, limit: U256| -> Result<Vec<Address>, Revert> {
        reg.sender(PRIME)
            .get_nodes(P1, page, limit)
            .map(|v| v.into_iter().map(|n| n.subkey).collect())
    };
    assert_eq!(keys(u(0), u(0)).unwrap(), vec![N1, N2, N3]);
    assert_eq!(keys(u(1), u(2)).unwrap(), vec![N1, N2]);
    assert_eq!(keys(u(2), u(2)).unwrap(), vec![N3]);
    assert_eq!(keys(u(1), u(10)).unwrap(), vec![N1, N2, N3]);
    assert_eq!(
        keys(u(4), u(1)).unwrap(),
        Vec::<Address>::new(),
        "start == len"
    );
    assert_eq!(keys(u(9), u(0)).unwrap(), Vec::<Address>::new());
    // The reference's checked-arithmetic panics.
    for (page, limit) in [
        (u(0), u(1)),
        (u(5), u(1)),
        (u(3), u(2)),
        (u(2), u(4)),
        (U256::MAX, U256::MAX),
        (u(2), U256::MAX),
    ] {
        assert_eq!(
            keys(page, limit).unwrap_err(),
            panic_code(0x11),
            "page {page} limit {limit}"
        );
    }
    // An unknown provider has no nodes.
    assert!(reg
        .sender(PRIME)
        .get_nodes(P2, u(0), u(0))
        .motsu_unwrap()
        .is_empty());
}

#[test]
fn page_bounds_agrees_with_checked_arithmetic() {
    // Reference: start = (page-1)*limit; end = min(start+limit, len); len = end - start.
    let reference = |page: u128, limit: u128, len: u128| -> Option<(u128, u128)> {
        let start = page.checked_sub(1)?.checked_mul(limit)?;
        let end = start.checked_add(limit)?.min(len);
        end.checked_sub(start)?;
        Some((start, end))
    };
    for page in 0..8u64 {
        for limit in 0..8u64 {
            for len in 0..8usize {
                if page == 0 && limit == 0 {
                    continue;
                }
                let got = page_bounds(u(page), u(limit), len).map(|(s, e)| (s as u128, e as u128));
                assert_eq!(
                    got,
                    reference(page.into(), limit.into(), len as u128),
                    "{page} {limit} {len}"
                );
            }
        }
    }
}

#[test]
fn structs_encode_as_one_tuple_output() {
    let node = ComputeNode {
        provider: P1,
        subkey: N1,
        specsURI: "uri".into(),
        computeUnits: 4,
        benchmarkScore: 5,
        isActive: true,
        isValidated: false,
    };
    let routed = <<ComputeNode as AbiType>::SolType as SolType>::abi_encode(&node);
    assert_eq!(routed, (node.clone(),).abi_encode_params());
    let provider = ComputeProvider {
        providerAddress: P1,
        isWhitelisted: true,
        activeNodes: 1,
        nodes: vec![node.clone(), node],
    };
    let routed = <<ComputeProvider as AbiType>::SolType as SolType>::abi_encode(&provider);
    assert_eq!(routed, (provider,).abi_encode_params());
}

// --- the batched views (one program entry for what the reference reads in several) ---

#[motsu::test]
fn batched_views_equal_the_single_ones(reg: Contract<ComputeRegistry>) {
    with_nodes(&reg);
    let single = |p: Address| {
        let r = reg.sender(PRIME);
        (
            r.check_provider_exists(p),
            r.get_whitelist_status(p),
            r.get_provider_active_nodes(p),
            r.get_provider_total_compute(p),
        )
    };
    for p in [P1, P2] {
        assert_eq!(reg.sender(PRIME).get_provider_status(p), single(p));
    }
    assert_eq!(
        reg.sender(PRIME).get_provider_status(P1),
        (true, false, 0, u(60))
    );
    reg.sender(PRIME)
        .set_whitelist_status(P1, true)
        .motsu_unwrap();
    reg.sender(POOL)
        .update_node_status(P1, N2, true)
        .motsu_unwrap();
    assert_eq!(
        reg.sender(PRIME).get_provider_status(P1),
        (true, true, 1, u(60))
    );
    // A node key's provider and that provider's whitelist flag; zero for an unknown key.
    assert_eq!(reg.sender(PRIME).get_node_provider_status(N1), (P1, true));
    assert_eq!(
        reg.sender(PRIME).get_node_provider_status(P2),
        (Address::ZERO, false)
    );
    reg.sender(PRIME)
        .set_whitelist_status(P1, false)
        .motsu_unwrap();
    assert_eq!(reg.sender(PRIME).get_node_provider_status(N3), (P1, false));
}

/// A `StoredNode` with every field written spans no more slots than the SDK counts for it
/// (the elements of a provider's node vector are laid out by that count).
#[storage]
struct LayoutProbe {}

unsafe impl TopLevelStorage for LayoutProbe {}

#[public]
impl LayoutProbe {
    fn stored_node(&mut self) -> (u64, u64) {
        use stylus_sdk::storage::StorageType;
        let base = U256::from(1_000_000);
        // SAFETY: a scratch slot range of the probe's own storage.
        let mut n = unsafe { StoredNode::new(base, 0, self.__stylus_host.clone()) };
        n.specs_uri.set_str("uri");
        n.provider.set(P1);
        n.subkey.set(N1);
        n.compute_units.set(alloy_primitives::Uint::from(1));
        n.benchmark_score.set(alloy_primitives::Uint::from(1));
        n.is_active.set(true);
        n.is_validated.set(true);
        let span = prime_common::storage_span(self.vm(), base, 64);
        (span as u64, StoredNode::REQUIRED_SLOTS as u64)
    }
}

#[motsu::test]
fn storage_slots_match_the_sdk_count(probe: Contract<LayoutProbe>, alice: Address) {
    let (span, counted) = probe.sender(alice).stored_node();
    assert_eq!(span, counted);
    assert_eq!(counted, 4);
}
