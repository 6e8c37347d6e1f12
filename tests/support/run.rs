//! The binary run as a user runs it, and what it printed.

use std::path::Path;
use std::process::{Command, Output};

/// Runs amend in `dir` (no colour).
pub fn amend_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_amend"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("amend runs")
}

/// What a run printed on standard output.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

/// What a run printed on standard error.
pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// The run's exit code.
pub fn code(o: &Output) -> i32 {
    o.status.code().expect("an exit code")
}
