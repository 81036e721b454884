//! What a command says before it exits with status 2 (a usage or I/O
//! error): the libraries' typed errors, and the CLI's own messages.

/// A usage or I/O error, worded for the user (`error: ` is added when it
/// is printed).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A usage error, or a message composed by a command.
    #[error("{0}")]
    Usage(String),
    /// A dossier's configuration cannot be used (a broken dossier.toml,
    /// an unknown `--profile`).
    #[error(transparent)]
    Config(#[from] dossier_workspace::EffectiveError),
    /// `--config FILE` cannot be used.
    #[error(transparent)]
    Load(#[from] dossier_workspace::LoadError),
    /// A file cannot be read.
    #[error(transparent)]
    Read(#[from] dossier_workspace::ReadError),
    /// A file cannot be written.
    #[error("cannot write {path}: {reason}")]
    Write { path: String, reason: String },
    /// git cannot give what was asked.
    #[error(transparent)]
    Git(#[from] dossier_workspace::git::GitError),
}

impl From<String> for Error {
    fn from(message: String) -> Error {
        Error::Usage(message)
    }
}

impl From<&str> for Error {
    fn from(message: &str) -> Error {
        Error::Usage(message.to_string())
    }
}
