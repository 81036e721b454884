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
    let (_, analysis) = analyze_contents(&contents, &applied);
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
        ScoreFormat::Human => {
            if let Err(e) = print(&crate::score_text::render_human(&report, opts.explain)) {
                return e.into();
            }
        }
        ScoreFormat::Json => {
            let mut v = serde_json::to_value(&report).unwrap_or_default();
            if let Some(o) = v.as_object_mut() {
                o.insert(
                    "composite_display".into(),
                    serde_json::json!(dossier_score::round1(report.composite)),
                );
                o.insert(
                    "stated_composite_display".into(),
                    serde_json::json!(dossier_score::round1(report.stated_composite)),
                );
                o.insert(
                    "unverified_points".into(),
                    serde_json::json!(report.unverified_points()),
                );
                if !opts.explain {
                    o.remove("contributions");
                }
            }
            if let Err(e) = print(&format!(
                "{}\n",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            )) {
                return e.into();
            }
        }
    }
    ExitCode::SUCCESS
}

/// `dossier new NAME [--kind K] [--hq CC] [-o FILE]`.
#[derive(clap::Args)]
pub struct NewOptions {
    /// The vendor's name.
    pub vendor: String,
    /// The date written as `assessment.as_of` and the sources'
    /// `retrieved`, instead of the system date (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    /// Start the file with a `# yaml-language-server: $schema=` modeline
    /// pointing at this JSON Schema, for other YAML tools (write it with
    /// `dossier schema > dossier.schema.json`). Without it, no modeline.
    #[arg(long, value_name = "PATH_OR_URL")]
    pub schema: Option<String>,
    /// The vendor's kind (`vendor.kind`: frontier_builder, model_host,
    /// app_vendor, cloud_provider, data_processor, other).
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// The headquarters country, an ISO 3166-1 alpha-2 code (`DE`).
    #[arg(long, value_name = "CC")]
    pub hq: Option<String>,
    /// Write the dossier to FILE (never over an existing file) instead of
    /// printing it.
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
}

pub fn new_cmd(opts: NewOptions) -> ExitCode {
    use dossier_interchange::scaffold;
    let mut vendor = scaffold::Vendor::default();
    if let Some(k) = &opts.kind {
        match scaffold::vendor_kind(k) {
            Ok(k) => vendor.kind = Some(k),
            Err(e) => return fail(format!("--kind {k}: {e}")),
        }
    }
    if let Some(cc) = &opts.hq {
        match scaffold::country(cc) {
            Ok(c) => vendor.hq = Some(c),
            Err(e) => return fail(format!("--hq {cc}: {e}")),
        }
    }
    let today = match opts.today.as_deref() {
        Some(t) => match Day::parse(t) {
            Some(d) => d,
            None => return fail(format!("--today {t}: not a date, write YYYY-MM-DD")),
        },
        None => Day::today(),
    };
    let text = match dossier_interchange::scaffold::scaffold_with(
        &opts.vendor,
        today,
        opts.schema.as_deref(),
        &vendor,
    ) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    match &opts.out {
        None => match print(&text) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => e.into(),
        },
        Some(path) => {
            if std::fs::symlink_metadata(path).is_ok() {
                return fail(format!(
                    "{} already exists: dossier new never overwrites a file",
                    path.display()
                ));
            }
            match crate::files::write_file(path, text.as_bytes()) {
                Ok(()) => {
                    eprintln!("wrote {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(m) => fail(m),
            }
        }
    }
}

pub fn new(vendor: &str, today: Option<&str>, schema: Option<&str>) -> ExitCode {
    let today = match today {
        Some(t) => match Day::parse(t) {
            Some(d) => d,
            None => return fail(format!("--today {t}: not a date, write YYYY-MM-DD")),
        },
        None => Day::today(),
    };
    let text = match dossier_interchange::scaffold::scaffold(vendor, today, schema) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    match print(&text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.into(),
    }
}
