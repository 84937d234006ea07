//! The `clusterdrill` command (placeholder).
pub fn main() -> std::process::ExitCode {
    std::process::ExitCode::SUCCESS
}
