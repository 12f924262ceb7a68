//! The benchmark's runner on a fresh devnode (the whole flow, programs cached, a few seconds),
//! checked on what it counts, against cases whose number of program entries is known from
//! how the chain works, not from our contracts' current design. No gas figure is asserted:
//! the targets are the benchmark's business.

use prime_bench::{
    flow::{run_flow, Caching, FlowOptions},
    steps::Step,
};

#[tokio::test(flavor = "multi_thread")]
async fn the_runner_counts_the_programs_each_transaction_enters() {
    let o = FlowOptions::new(Caching::Cached);
    assert!(
        o.artifacts_dir.join("ai-token.code").exists(),
        "{} has no artifacts: run scripts/build-contracts.sh first",
        o.artifacts_dir.display()
    );
    let run = run_flow(&o, |m| eprintln!("{m}"))
        .await
        .expect("the flow runs");

    // Every step ran once, in order, and every deployed program was cached first.
    let order: Vec<Step> = run.steps.iter().map(|s| s.step).collect();
    assert_eq!(order, Step::ALL);
    let programs: Vec<&str> = run
        .frames
        .iter()
        .filter(|f| f.address == f.program)
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(run.cached, programs);
    assert!(programs.contains(&"RewardsDistributorImplementation"));

    // A transaction to a program that calls no other contract enters exactly that program,
    // once, at the top level of the trace.
    let token = run
        .frames
        .iter()
        .find(|f| f.name == "AIToken")
        .expect("the token is deployed");
    for step in [Step::Mint, Step::Approve, Step::MintToDistributor] {
        let s = run.step(step).unwrap();
        assert_eq!(s.tx.to, Some(token.address), "{step:?}");
        assert_eq!(s.entries.by_address, vec![(token.address, 1)], "{step:?}");
        // Cached: one entry pays the token's cachedGas.
        assert_eq!(run.entry_charges(&s.entries), Some(token.entry_gas.1));
    }

    // A transaction to the pool's distributor, an EIP-1167 clone: the top frame is EVM code
    // (no entry), whose delegatecall enters the implementation program once, in a frame
    // nested in the trace and attributed to the clone's address.
    let clone = run
        .frames
        .iter()
        .find(|f| f.address != f.program)
        .expect("the pool's distributor clone is known");
    let rate = run.step(Step::SetRewardRate).unwrap();
    assert_eq!(rate.tx.to, Some(clone.address));
    assert_eq!(rate.entries.by_address, vec![(clone.address, 1)]);
    assert_eq!(
        run.frames
            .iter()
            .find(|f| f.address == clone.program)
            .map(|f| f.name.as_str()),
        Some("RewardsDistributorImplementation")
    );
    assert_eq!(run.entry_charges(&rate.entries), Some(clone.entry_gas.1));

    // A transaction that calls another contract enters more than one program, and every
    // entry is at a known address.
    let register = run.step(Step::RegisterProvider).unwrap();
    assert!(register.entries.total() > 1, "{:?}", register.entries);
    for s in &run.steps {
        assert!(run.entry_charges(&s.entries).is_some(), "{:?}", s.entries);
        assert!(s.entries.total() >= 1, "{:?} enters no program", s.step);
    }
    assert_eq!(
        run.total_entries(),
        run.steps.iter().map(|s| s.entries.total()).sum::<usize>()
    );
}
