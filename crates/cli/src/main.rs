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
    /// The composite risk score of a dossier; `--explain` traces every point.
    Score {
        file: PathBuf,
        /// Score with this profile instead of `assessment.profile`.
        #[arg(long)]
        profile: Option<String>,
        /// List every contribution: fact, value, rubric points, weight, points, citation.
        #[arg(long)]
        explain: bool,
        #[arg(long, value_enum, default_value_t = dossier_cli::score_cmd::ScoreFormat::Human)]
        format: dossier_cli::score_cmd::ScoreFormat,
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
    },
    /// Render the procurement pack (a self-contained HTML page) or a Markdown
    /// summary for CI of each dossier.
    ///
    /// Without -o, the result goes to stdout (HTML: one dossier; Markdown: any
    /// number). With -o DIR, each dossier is written to DIR/NAME.html or
    /// DIR/NAME.md. Exit status 2 on a usage or I/O error; a dossier with
    /// errors still renders (the page lists them).
    Render {
        /// Dossier files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The directory to write the pages to (created if needed).
        #[arg(short = 'o', long = "out", value_name = "DIR")]
        out: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = dossier_cli::render_cmd::RenderFormat::Html)]
        format: dossier_cli::render_cmd::RenderFormat,
        /// An earlier version of the dossier: the summary shows the change in score.
        #[arg(long, value_name = "FILE")]
        baseline: Option<PathBuf>,
        /// Score with this profile instead of `assessment.profile`.
        #[arg(long)]
        profile: Option<String>,
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
    },
    /// Print a new dossier for a vendor, with every fact and the required questions.
    New {
        /// The vendor's name.
        vendor: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
        /// The JSON Schema the `# yaml-language-server: $schema=` modeline points
        /// at, for other YAML tools (write it with `dossier schema > dossier.schema.json`).
        #[arg(long, value_name = "PATH_OR_URL", default_value = dossier_score::SCHEMA_URL)]
        schema: String,
    },
    /// Print the JSON Schema of the format (draft 2020-12).
    Schema,
    /// Run the language server on stdin/stdout (for editors).
    Lsp {
        /// Accepted for clients that pass it (vscode-languageclient does);
        /// stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
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
        Command::Score {
            file,
            profile,
            explain,
            format,
            config,
            today,
        } => dossier_cli::score_cmd::score(dossier_cli::score_cmd::ScoreOptions {
            file,
            profile,
            explain,
            format,
            config,
            today,
        }),
        Command::Render {
            paths,
            out,
            format,
            baseline,
            profile,
            config,
            today,
        } => dossier_cli::render_cmd::render(dossier_cli::render_cmd::RenderOptions {
            paths,
            out,
            format,
            baseline,
            profile,
            config,
            today,
        }),
        Command::New {
            vendor,
            today,
            schema,
        } => dossier_cli::score_cmd::new(&vendor, today.as_deref(), &schema),
        Command::Lsp { .. } => dossier_lsp::run_stdio(),
        Command::Schema => {
            print!("{}", dossier_schema::json_schema_text());
            ExitCode::SUCCESS
        }
    }
}
