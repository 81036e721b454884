//! `dossier`: check, score and scaffold vendor dossiers; serve them to editors.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use dossier_cli::check;

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
    Check(check::Options),
    /// What falls due when: attestations expiring, evidence and sources going
    /// stale, reassessments and unanswered questions, sorted by date.
    ///
    /// Lists every event up to the end of the window (`--within`, default
    /// 90d) and every overdue one. Exit status: 0; 1 with --fail-on-overdue
    /// when anything is overdue; 2 on a usage or I/O error.
    Due(dossier_cli::due_cmd::DueOptions),
    /// The composite risk score of a dossier; `--explain` traces every point.
    Score(dossier_cli::score_cmd::ScoreOptions),
    /// Render the procurement pack (a self-contained HTML page) or a Markdown
    /// summary for CI of each dossier.
    ///
    /// Without -o, the result goes to stdout (HTML: one dossier; Markdown: any
    /// number). With -o DIR, each dossier is written to DIR/NAME.html or
    /// DIR/NAME.md. Exit status 2 on a usage or I/O error; a dossier with
    /// errors still renders (the page lists them).
    Render(dossier_cli::render_cmd::RenderOptions),
    /// What changed between two versions of a dossier, risk first: `diff OLD
    /// NEW`, or `diff --git REV [PATH...]` for every dossier changed since REV.
    ///
    /// Exit status: 0, or 1 with `--fail-on worse` when a composite rose or
    /// a band worsened; 2 on a usage, I/O or git error (unknown REV, missing
    /// file, not a git repository).
    Diff(dossier_cli::diff_cmd::DiffOptions),
    /// Print a new dossier for a vendor, with every fact and the required questions.
    New(dossier_cli::score_cmd::NewOptions),
    /// Fill a dossier's facts from a vendor's questionnaire answers.
    ///
    /// Exit status 2 on unreadable or malformed answers (the message names
    /// the row), leaving the dossier untouched.
    #[command(subcommand)]
    Import(dossier_cli::import_cmd::ImportKind),
    /// Write a prefilled questionnaire answer sheet from a dossier's facts.
    ///
    /// Exit status 2 on an unknown version, an unreadable dossier or an
    /// output that cannot be written.
    #[command(subcommand)]
    Export(dossier_cli::export_cmd::ExportKind),
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
        Command::Check(opts) => check::run(opts),
        Command::Due(opts) => dossier_cli::due_cmd::run(opts),
        Command::Score(opts) => dossier_cli::score_cmd::score(opts),
        Command::Render(opts) => dossier_cli::render_cmd::render(opts),
        Command::Diff(opts) => dossier_cli::diff_cmd::run(opts),
        Command::New(opts) => dossier_cli::score_cmd::new_cmd(opts),
        Command::Import(kind) => dossier_cli::import_cmd::run(kind),
        Command::Export(kind) => dossier_cli::export_cmd::run(kind),
        Command::Lsp { .. } => dossier_lsp::run_stdio(),
        Command::Schema => match dossier_cli::stdout::print(&dossier_schema::json_schema_text()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => e.into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    /// Every command, option and argument of `--help` says what it is for.
    #[test]
    fn every_command_option_and_argument_has_a_description() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            if cmd.get_about().is_none() && cmd.get_long_about().is_none() {
                missing.push(path.to_string());
            }
            for a in cmd.get_arguments() {
                let id = a.get_id().as_str();
                if a.is_hide_set() || id == "help" || id == "version" {
                    continue;
                }
                if a.get_help().is_none() && a.get_long_help().is_none() {
                    missing.push(format!("{path} {id}"));
                }
            }
            for s in cmd.get_subcommands() {
                if s.get_name() != "help" {
                    walk(s, &format!("{path} {}", s.get_name()), missing);
                }
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "dossier", &mut missing);
        assert!(missing.is_empty(), "no description: {missing:#?}");
    }
}
