//! `dossier score` and `dossier new`.

use std::path::PathBuf;
use std::process::ExitCode;

use dossier_schema::dates::Day;

use crate::files::{analyze_contents, display_path, fail, read_dossier, Resolver};
use crate::stdout::print;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ScoreFormat {
    Human,
    Json,
}

#[derive(clap::Args)]
pub struct ScoreOptions {
    /// The dossier file to score.
    pub file: PathBuf,
    /// Score with this profile instead of `assessment.profile`.
    #[arg(long)]
    pub profile: Option<String>,
    /// List every contribution: fact, value, rubric points, weight, points, citation.
    #[arg(long)]
    pub explain: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScoreFormat::Human)]
    pub format: ScoreFormat,
    /// The configuration file; by default each dossier uses the nearest
    /// dossier.toml from its own folder upwards.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The date to score as of, instead of dossier.toml's `today` or the
    /// system date (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
}

pub fn score(opts: ScoreOptions) -> ExitCode {
    let resolver = match Resolver::new(
        opts.config.as_deref(),
        opts.today.as_deref(),
        opts.profile.as_deref(),
    ) {
        Ok(r) => r,
        Err(m) => return fail(m),
    };
    let applied = match resolver.config_for(&opts.file) {
        Ok(a) => a,
        Err(m) => return fail(m),
    };
    let contents = match read_dossier(&opts.file) {
        Ok(c) => c,
        Err(m) => return fail(m),
    };
    let (_, analysis) = analyze_contents(&contents, &applied.config);
    let Some(report) = analysis.score else {
        return fail(format!(
            "{}: not a dossier that can be scored (run `dossier check` for the details)",
            display_path(&opts.file)
        ));
    };
    if let Err(m) = applied.refuse_broken_profile(&report.profile) {
        return fail(m);
    }
    match opts.format {
        ScoreFormat::Human => print(&crate::score_text::render_human(&report, opts.explain)),
        ScoreFormat::Json => {
            let mut v = serde_json::to_value(&report).unwrap_or_default();
            if let Some(o) = v.as_object_mut() {
                o.insert(
                    "composite_display".into(),
                    serde_json::json!(dossier_score::round1(report.composite)),
                );
                if !opts.explain {
                    o.remove("contributions");
                }
            }
            print(&format!(
                "{}\n",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            ));
        }
    }
    ExitCode::SUCCESS
}

pub fn new(vendor: &str, today: Option<&str>, schema: Option<&str>) -> ExitCode {
    let today = match today {
        Some(t) => match Day::parse(t) {
            Some(d) => d,
            None => return fail(format!("--today {t}: not a date, write YYYY-MM-DD")),
        },
        None => Day::today(),
    };
    if vendor.trim().is_empty() {
        return fail("the vendor name is empty");
    }
    print(&crate::scaffold::scaffold(vendor, today, schema));
    ExitCode::SUCCESS
}
