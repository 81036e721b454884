//! The dossier language server: `dossier lsp` on stdio.
//!
//! Invariants (see ARCHITECTURE.md): stdout carries only protocol messages
//! (logs go to stderr); text edits are applied synchronously, in order, in
//! the notification handler before any `.await`; nothing a client sends can
//! crash the server. Editor features live in `dossier-ide`; this crate only
//! converts between LSP and byte offsets.
//!
//! Layout: `session` owns documents, configuration and client settings;
//! `requests/` has one module per request kind and `notifications/` one per
//! notification kind; `worker` analyses documents after edits and publishes
//! their diagnostics; `convert` turns positions into byte offsets and back.

mod convert;
mod framing;
mod notifications;
mod requests;
mod server;
mod session;
mod worker;

pub use server::{CompareParams, CompareResult, ScoreParams, ScoreResult, Server};

use tower_lsp_server::LspService;

/// The service, for tests that speak the protocol over in-memory pipes.
pub fn service() -> (LspService<Server>, tower_lsp_server::ClientSocket) {
    LspService::build(Server::new)
        .custom_method(requests::score::METHOD, Server::score)
        .custom_method(requests::compare::METHOD, Server::compare_with_head)
        .finish()
}

/// Serve on any transport (stdio, or pipes in tests) until `exit`, behind
/// our own framing layer (see `framing`): no message stops the server.
pub async fn serve<I, O>(input: I, output: O)
where
    I: tokio::io::AsyncRead + Unpin,
    O: tokio::io::AsyncWrite + Unpin,
{
    framing::serve(input, output).await;
}

/// glibc gives each thread that allocates its own arena and keeps each
/// arena's high-water mark; with the runtime's threads that is several MB
/// of RSS that a server left open all day does not need. One arena: the
/// analyses run one or two at a time, so its lock is hardly contended
/// (a second arena held some 6 MB of the 30 MB of one open document).
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; called before any
    // thread other than main exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

/// Run the server on stdin/stdout until the client exits. Logs go to
/// stderr (`DOSSIER_LOG=debug` for more); stdout is the protocol's.
pub fn run_stdio() -> std::process::ExitCode {
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("DOSSIER_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .try_init();
    limit_malloc_arenas();
    // Few threads: one worker for the protocol (it routes messages; the
    // analyses run on the blocking pool), and a blocking pool of four:
    // tokio's stdin and stdout each hold one, two analyse. (The default of
    // 512 started a thread per document opened in a burst, each with its
    // own malloc arena.)
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .max_blocking_threads(4)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("dossier lsp: cannot start the async runtime: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    // Do not wait for blocking tasks (an analysis under way) after `exit`.
    runtime.shutdown_background();
    std::process::ExitCode::SUCCESS
}
