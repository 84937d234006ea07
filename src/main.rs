//! `clusterdrill`: natively, the command-line tool; in the browser (wasm32), the trainer.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    clusterdrill::cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {
    clusterdrill::ui::start();
}
