//! `prime`: deploys and operates the Prime protocol, one transaction or one read per
//! command (`prime --help`; docs/deploy.md and the README's "operate the protocol").

mod cli;
mod run;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => return cli::report_parse_error(e),
    };
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("prime: error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(run::run(cli)) {
        Ok(code) => code,
        Err(e) => {
            // One line: the error and its causes, as `a: b: c`.
            let msg = format!("{e:#}").replace('\n', " ");
            eprintln!("prime: error: {msg}");
            ExitCode::FAILURE
        }
    }
}
