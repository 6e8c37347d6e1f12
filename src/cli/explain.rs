//! `amend explain`: what a diagnostic code means, with an example.

use super::{EXIT_OK, EXIT_USAGE};
use amend::Code;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A code such as E0101; without one, every code is listed.
    pub code: Option<String>,
}

pub fn explain(args: ExplainArgs) -> anyhow::Result<u8> {
    let mut out = std::io::stdout().lock();
    match args.code {
        None => {
            for &c in Code::ALL {
                writeln!(out, "{c}  {}", c.summary())?;
            }
            Ok(EXIT_OK)
        }
        Some(code) => match Code::parse(&code) {
            Some(c) => {
                writeln!(out, "{c}: {}\n\nExample: {}", c.summary(), c.example())?;
                Ok(EXIT_OK)
            }
            None => {
                writeln!(std::io::stderr(), "error: no diagnostic code `{code}`; `amend explain` lists them")?;
                Ok(EXIT_USAGE)
            }
        },
    }
}
