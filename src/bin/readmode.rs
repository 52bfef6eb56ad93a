//! The native command line: `readmode extract`, `batch`, `eval`, `train` (see src/cli/).

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    readmode::cli::main()
}

// `cargo test` on wasm32 builds the binary too; there is no command line there.
#[cfg(target_arch = "wasm32")]
fn main() {}
