//! The steps measured and the reference's figures for them: the table of issue 13, EVM gas of
//! the reference Solidity contracts for the same flow on an EVM node.

/// One transaction of the flow, in the order the benchmark sends them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    /// `AIToken.mint` to the provider (federator).
    Mint,
    /// `AIToken.approve` of PrimeNetwork (provider).
    Approve,
    /// `PrimeNetwork.registerProvider` with the stake (provider).
    RegisterProvider,
    /// `PrimeNetwork.whitelistProvider` (validator).
    WhitelistProvider,
    /// `PrimeNetwork.addComputeNode`, signed by the node key (provider).
    AddComputeNode,
    /// `PrimeNetwork.validateNode` (validator).
    ValidateNode,
    /// `PrimeNetwork.createDomain` on the WorkValidator (federator).
    CreateDomain,
    /// `ComputePool.createComputePool`, which creates the pool's distributor (federator).
    CreateComputePool,
    /// `setRewardRate` on the pool's distributor (federator).
    SetRewardRate,
    /// `ComputePool.startComputePool` (the pool's manager).
    StartComputePool,
    /// `ComputePool.joinComputePool` with one node and the manager's invite (provider).
    JoinComputePool,
    /// `ComputePool.submitWork` of the flow's work units (provider).
    SubmitWork,
    /// `AIToken.mint` to the distributor, so that it can pay the claim (federator). Not a row
    /// of the issue's table, but counted in its whole flow.
    MintToDistributor,
    /// `claimRewards` on the distributor, after 24 h (provider).
    ClaimRewards,
    /// `ComputePool.leaveComputePool` (provider).
    LeaveComputePool,
    /// `PrimeNetwork.removeComputeNode` (provider).
    RemoveComputeNode,
    /// `PrimeNetwork.deregisterProvider` (provider).
    DeregisterProvider,
    /// `StakeManager.withdraw`, after the unbonding period (provider).
    Withdraw,
}

impl Step {
    /// Every step, in the order they are sent.
    pub const ALL: [Step; 18] = [
        Step::Mint,
        Step::Approve,
        Step::RegisterProvider,
        Step::WhitelistProvider,
        Step::AddComputeNode,
        Step::ValidateNode,
        Step::CreateDomain,
        Step::CreateComputePool,
        Step::SetRewardRate,
        Step::StartComputePool,
        Step::JoinComputePool,
        Step::SubmitWork,
        Step::MintToDistributor,
        Step::ClaimRewards,
        Step::LeaveComputePool,
        Step::RemoveComputeNode,
        Step::DeregisterProvider,
        Step::Withdraw,
    ];

    /// The row's name in the issue's table.
    pub fn label(self) -> &'static str {
        match self {
            Step::Mint => "mint",
            Step::Approve => "approve",
            Step::RegisterProvider => "registerProvider",
            Step::WhitelistProvider => "whitelistProvider",
            Step::AddComputeNode => "addComputeNode",
            Step::ValidateNode => "validateNode",
            Step::CreateDomain => "createDomain",
            Step::CreateComputePool => "createComputePool",
            Step::SetRewardRate => "setRewardRate",
            Step::StartComputePool => "startComputePool",
            Step::JoinComputePool => "joinComputePool (1 node)",
            Step::SubmitWork => "submitWork",
            Step::MintToDistributor => "mint (to the distributor)",
            Step::ClaimRewards => "claimRewards",
            Step::LeaveComputePool => "leaveComputePool",
            Step::RemoveComputeNode => "removeComputeNode",
            Step::DeregisterProvider => "deregisterProvider",
            Step::Withdraw => "withdraw",
        }
    }

    /// Whether the step is one of the 17 rows of the issue's table (the mint to the
    /// distributor counts in the whole flow only).
    pub fn in_table(self) -> bool {
        self != Step::MintToDistributor
    }

    /// The reference's EVM gas for the step (issue 13's table). The mint to the distributor
    /// has no row there: its 53,415 is the table's whole flow minus its 17 rows (the same
    /// `mint` with a larger amount: 12 gas more calldata than the provider's mint).
    pub fn reference_gas(self) -> u64 {
        match self {
            Step::Mint => 53_403,
            Step::Approve => 46_026,
            Step::RegisterProvider => 238_069,
            Step::WhitelistProvider => 38_055,
            Step::AddComputeNode => 288_298,
            Step::ValidateNode => 130_613,
            Step::CreateDomain => 154_518,
            Step::CreateComputePool => 1_826_318,
            Step::SetRewardRate => 46_007,
            Step::StartComputePool => 70_859,
            Step::JoinComputePool => 324_290,
            Step::SubmitWork => 303_649,
            Step::MintToDistributor => 53_415,
            Step::ClaimRewards => 145_121,
            Step::LeaveComputePool => 92_026,
            Step::RemoveComputeNode => 68_931,
            Step::DeregisterProvider => 165_520,
            Step::Withdraw => 56_945,
        }
    }
}

/// The reference's whole flow (the 17 rows and the mint to the distributor), issue 13.
pub const REFERENCE_WHOLE_FLOW: u64 = 4_102_063;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_rows_add_up_to_the_issues_whole_flow() {
        let sum: u64 = Step::ALL.iter().map(|s| s.reference_gas()).sum();
        assert_eq!(sum, REFERENCE_WHOLE_FLOW);
        assert_eq!(Step::ALL.iter().filter(|s| s.in_table()).count(), 17);
    }
}
