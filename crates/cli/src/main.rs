//! `dossier`: check, score and scaffold vendor dossiers; serve them to editors.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use dossier_cli::check;
use dossier_cli::output::Format;

#[derive(Parser)]
#[command(name = "dossier", version, about = "Validate, score and explain vendor dossiers.", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check dossier files and directories (recursively: *.dossier.yaml, *.dossier.yml, *.dossier.json).
    ///
    /// Exit status: 0 when no diagnostic is an error, 1 when at least one is,
    /// 2 on a usage or I/O error (missing file, unreadable dossier.toml).
    Check {
        /// Files or directories; the current directory when none is given.
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// The date to check against, instead of the system date (YYYY-MM-DD).
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
        /// The configuration file; by default dossier.toml is looked up from
        /// the current directory upwards.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Colour the human output: auto (when a terminal), always, never.
        #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
        color: String,
    },
    /// Print the JSON Schema of the format (draft 2020-12).
    Schema,
    /// Run the language server on stdin/stdout (for editors).
    Lsp,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            paths,
            format,
            today,
            config,
            color,
        } => check::run(check::Options {
            paths,
            format,
            today,
            config,
            color,
        }),
        Command::Lsp => dossier_lsp::run_stdio(),
        Command::Schema => {
            print!("{}", dossier_schema::json_schema_text());
            ExitCode::SUCCESS
        }
    }
}
