//! The `skillpress` binary: everything lives in the library; this maps its result to an exit code.

use std::process::ExitCode;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    ExitCode::from(skillpress::cli::run(std::env::args_os()))
}
