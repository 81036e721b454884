//! Everything the `dossier` CLI and the language server read from disk.
//!
//! Invariants (see ARCHITECTURE.md):
//! - Only regular files are read (a symlink to one is fine), never more
//!   than a limit plus one byte, and opening never blocks: no path can hang
//!   a run or take its memory, and each refusal names the path and what it
//!   is.
//! - Each dossier is governed by the nearest dossier.toml from its own
//!   folder upwards, the same in the CLI and the server.
//! - Old versions come from git through the `git` binary, run without a
//!   shell, and are held only up to the same limit as files.
//! - The engine (`dossier-analysis`) reads nothing itself; it gets text and
//!   a parsed configuration from here.

pub mod config;
pub mod effective;
pub mod evidence;
pub mod git;
pub mod read;
pub mod walk;

pub use config::{Configs, Found, LoadError, Loaded};
pub use effective::{Clock, Effective, EffectiveError, Overrides, Resolver, UnknownProfile};
pub use evidence::{evidence_file, sha256_hex, EvidenceCache, EvidenceFile};
pub use read::{display, io_reason, read_limited, read_text, Contents, ReadError};
pub use walk::{
    collect, collect_at_most, is_dossier, Collected, NearMiss, NearMissKind, Walk, EXTENSIONS,
    MAX_NEAR_MISSES,
};
