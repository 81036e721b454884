//! The dossier language server. (Being written.)

/// Run the server on stdin/stdout until the client exits.
pub fn run_stdio() -> std::process::ExitCode {
    eprintln!("dossier lsp: not implemented yet");
    std::process::ExitCode::from(2)
}
