//! The events and custom errors of OpenZeppelin's ERC20, ERC20Permit and ECDSA (v5), as the
//! reference declares them.

use alloy_sol_types::sol;

sol! {
    /// `value` tokens moved from `from` to `to` (the zero address mints or burns).
    #[derive(Debug, PartialEq, Eq)]
    event Transfer(address indexed from, address indexed to, uint256 value);
    /// `owner` allows `spender` to move `value` of its tokens.
    #[derive(Debug, PartialEq, Eq)]
    event Approval(address indexed owner, address indexed spender, uint256 value);

    /// `sender` holds `balance`, less than the `needed` amount.
    #[derive(Debug, PartialEq, Eq)]
    error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);
    /// Tokens cannot come from `sender` (the zero address).
    #[derive(Debug, PartialEq, Eq)]
    error ERC20InvalidSender(address sender);
    /// Tokens cannot go to `receiver` (the zero address).
    #[derive(Debug, PartialEq, Eq)]
    error ERC20InvalidReceiver(address receiver);
    /// `spender` may move `allowance`, less than the `needed` amount.
    #[derive(Debug, PartialEq, Eq)]
    error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);
    /// An allowance cannot be given by `approver` (the zero address).
    #[derive(Debug, PartialEq, Eq)]
    error ERC20InvalidApprover(address approver);
    /// An allowance cannot be given to `spender` (the zero address).
    #[derive(Debug, PartialEq, Eq)]
    error ERC20InvalidSpender(address spender);
    /// The permit expired at `deadline`.
    #[derive(Debug, PartialEq, Eq)]
    error ERC2612ExpiredSignature(uint256 deadline);
    /// The permit was signed by `signer`, not by `owner`.
    #[derive(Debug, PartialEq, Eq)]
    error ERC2612InvalidSigner(address signer, address owner);
    /// The signature recovers no address.
    #[derive(Debug, PartialEq, Eq)]
    error ECDSAInvalidSignature();
    /// The signature's `s` is in the upper half of the curve order (malleable).
    #[derive(Debug, PartialEq, Eq)]
    error ECDSAInvalidSignatureS(bytes32 s);
}
