//! `dossier score` and `dossier new`.

use std::path::PathBuf;
use std::process::ExitCode;

use dossier_schema::dates::Day;

use crate::check::{fail, load_config};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ScoreFormat {
    Human,
    Json,
}

#[derive(clap::Args)]
pub struct ScoreOptions {
    pub file: PathBuf,
    /// Score with this profile instead of `assessment.profile`.
    #[arg(long)]
    pub profile: Option<String>,
    /// List every contribution: fact, value, rubric points, weight, points, citation.
    #[arg(long)]
    pub explain: bool,
    #[arg(long, value_enum, default_value_t = ScoreFormat::Human)]
    pub format: ScoreFormat,
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
}

/// `--profile NAME`: score with it, if it exists (built in or in dossier.toml).
pub fn apply_profile(
    config: &mut dossier_analysis::Config,
    profile: Option<&str>,
) -> Result<(), String> {
    let Some(p) = profile else {
        return Ok(());
    };
    let extra = config.scoring_profiles();
    if dossier_score::find_profile(p, &extra).is_none() {
        let names = config.profile_names();
        return Err(format!(
            "unknown profile `{p}`: use one of {}",
            names.join(", ")
        ));
    }
    config.profile_override = Some(p.to_string());
    Ok(())
}

pub fn score(opts: ScoreOptions) -> ExitCode {
    let mut config = match load_config(opts.config.as_deref(), opts.today.as_deref()) {
        Ok(c) => c,
        Err(m) => return fail(m),
    };
    if let Err(m) = apply_profile(&mut config, opts.profile.as_deref()) {
        return fail(m);
    }
    let bytes = match std::fs::read(&opts.file) {
        Ok(b) => b,
        Err(e) => return fail(format!("cannot read {}: {e}", opts.file.display())),
    };
    let (_, analysis) =
        dossier_analysis::analyze_bytes(&bytes, &config, crate::check::today(&config));
    let Some(report) = analysis.score else {
        return fail(format!(
            "{}: not a dossier that can be scored (run `dossier check` for the details)",
            crate::check::display_path(&opts.file)
        ));
    };
    match opts.format {
        ScoreFormat::Human => print!("{}", crate::score_text::render_human(&report, opts.explain)),
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
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        }
    }
    ExitCode::SUCCESS
}

pub fn new(vendor: &str, today: Option<&str>, schema: &str) -> ExitCode {
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
    print!("{}", crate::scaffold::scaffold(vendor, today, schema));
    ExitCode::SUCCESS
}
