//! `dossier due`: what falls due when, across dossiers. The events come
//! from `dossier_analysis::due`; this module only selects, sorts and prints.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use dossier_analysis::due::{self, DueEvent};
use dossier_analysis::Config;
use dossier_schema::dates::Day;
use dossier_syntax::Encoding;
use rayon::prelude::*;
use serde::Serialize;

use dossier_report::portfolio::when;

use crate::check::today;
use crate::files::{display_path, fail, read_dossier, Resolver};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DueFormat {
    Human,
    Json,
    Csv,
    Ics,
}

#[derive(clap::Args)]
pub struct DueOptions {
    /// Files or directories; the current directory when none is given.
    pub paths: Vec<PathBuf>,
    /// The window: N days, weeks or months from today (`90d`, `12w`, `6m`).
    /// Overdue events are always listed.
    #[arg(long, value_name = "N{d|w|m}", default_value = "90d")]
    pub within: String,
    /// The date to count from, instead of each dossier.toml's `today` or
    /// the system date (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DueFormat::Human)]
    pub format: DueFormat,
    /// The configuration file for every dossier; by default each dossier
    /// uses the nearest dossier.toml from its own folder upwards (its
    /// `today` too: the window counts from each dossier's today).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Exit with status 1 when any event is overdue (for CI).
    #[arg(long)]
    pub fail_on_overdue: bool,
}

/// The last day of a `--within` window starting `today`, or a message.
pub fn window_end(within: &str, today: Day) -> Result<Day, String> {
    let bad = || {
        format!("--within {within}: write a number followed by d, w or m (days, weeks, months), e.g. 90d")
    };
    let split = within.len().checked_sub(1).ok_or_else(bad)?;
    let (n, unit) = within.split_at(split);
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let n: i64 = n.parse().map_err(|_| bad())?;
    let too_far = || format!("--within {within}: at most 100 years");
    match unit {
        "d" if n <= 36_600 => Ok(Day::from_days(today.to_days() + n)),
        "w" if n <= 5_220 => Ok(Day::from_days(today.to_days() + 7 * n)),
        "m" if n <= 1_200 => Ok(today.add_months(n as i32)),
        "d" | "w" | "m" => Err(too_far()),
        _ => Err(bad()),
    }
}

/// One event as the JSON and CSV outputs show it.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub file: String,
    pub line: usize,
    pub vendor: Option<String>,
    pub kind: &'static str,
    pub subject: String,
    pub date: String,
    /// Days from today (negative when overdue).
    pub days: i64,
    #[serde(skip)]
    describe: &'static str,
}

/// The events of one file's bytes, as rows.
pub fn rows_of(file: &str, bytes: &[u8], config: &Config) -> Vec<Row> {
    let today = today(config);
    let (_, analysis) = dossier_analysis::analyze_bytes(bytes, config, today);
    let vendor = due::vendor_name(&analysis);
    due::events(&analysis, config)
        .into_iter()
        .map(|e: DueEvent| Row {
            file: file.to_string(),
            line: analysis
                .line_index
                .line_col(e.range.start, Encoding::Utf32)
                .line as usize
                + 1,
            vendor: vendor.clone(),
            kind: e.kind.code(),
            subject: e.subject.clone(),
            date: e.date.to_string(),
            days: e.days_from(today),
            describe: e.kind.describe(),
        })
        .collect()
}

pub fn run(opts: DueOptions) -> ExitCode {
    let resolver = match Resolver::new(opts.config.as_deref(), opts.today.as_deref(), None) {
        Ok(r) => r,
        Err(m) => return fail(m),
    };
    let paths = if opts.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        opts.paths
    };
    let collected = match resolver.collect(&paths) {
        Ok(c) => c,
        Err(m) => return fail(m),
    };
    // Each dossier is read as of its own today (its nearest dossier.toml,
    // or --today), and its window counts from there.
    let mut jobs = Vec::with_capacity(collected.files.len());
    for f in &collected.files {
        match resolver.config_for(f) {
            Ok(a) => jobs.push((f, a)),
            Err(m) => return fail(m),
        }
    }
    let today = match crate::files::shared_today(jobs.iter().map(|(_, a)| a)) {
        Some(t) => t,
        None => match crate::files::today_of_paths(&resolver, &paths) {
            Ok(t) => t,
            Err(m) => return fail(m),
        },
    };
    let end = match window_end(&opts.within, today) {
        Ok(d) => d,
        Err(m) => return fail(m),
    };
    let results: Vec<Result<Vec<Row>, String>> = jobs
        .par_iter()
        .map(|(p, applied)| {
            let mut rows = match read_dossier(p)? {
                dossier_workspace::Contents::Full(bytes) => {
                    rows_of(&display_path(p), &bytes, &applied.config)
                }
                dossier_workspace::Contents::TooLarge { size, .. } => {
                    return Err(format!(
                        "cannot read {}: {size} bytes, more than the limit of {} bytes",
                        display_path(p),
                        dossier_syntax::MAX_SIZE
                    ))
                }
            };
            let own = crate::check::today(&applied.config);
            let own_end = window_end(&opts.within, own)?;
            let window_days = own_end.to_days() - own.to_days();
            rows.retain(|r| r.days <= window_days);
            Ok(rows)
        })
        .collect();
    let mut rows = Vec::new();
    let mut io_errors: Vec<String> = collected.errors.iter().map(|e| e.to_string()).collect();
    for r in results {
        match r {
            Ok(r) => rows.extend(r),
            Err(m) => io_errors.push(m),
        }
    }
    rows.sort_by(|a, b| {
        (&a.date, a.days, &a.file, a.line, a.kind, &a.subject)
            .cmp(&(&b.date, b.days, &b.file, b.line, b.kind, &b.subject))
    });
    let text = match opts.format {
        DueFormat::Human => human(&rows, today, end),
        DueFormat::Json => json(&rows, today, end),
        DueFormat::Csv => csv_text(&rows),
        DueFormat::Ics => ics(&rows, today),
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
    if !io_errors.is_empty() {
        for m in io_errors {
            eprintln!("error: {m}");
        }
        return ExitCode::from(2);
    }
    if opts.fail_on_overdue && rows.iter().any(|r| r.days < 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn human(rows: &[Row], today: Day, end: Day) -> String {
    let mut s = String::new();
    for r in rows {
        s.push_str(&format!(
            "{}  {:<18}  {}: {} ({})  {}:{}\n",
            r.date,
            when(r.days),
            r.vendor.as_deref().unwrap_or("(no vendor name)"),
            r.describe,
            r.subject,
            r.file,
            r.line
        ));
    }
    let overdue = rows.iter().filter(|r| r.days < 0).count();
    if rows.is_empty() {
        s.push_str(&format!("nothing falls due from {today} to {end}\n"));
    } else {
        s.push_str(&format!(
            "{} event{} up to {end}, {overdue} overdue (today is {today})\n",
            rows.len(),
            if rows.len() == 1 { "" } else { "s" }
        ));
    }
    s
}

fn json(rows: &[Row], today: Day, end: Day) -> String {
    let v = serde_json::json!({
        "today": today.to_string(),
        "until": end.to_string(),
        "events": rows,
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

fn csv_text(rows: &[Row]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        // Serialising plain strings and numbers into memory cannot fail.
        let _ = w.serialize(r);
    }
    if rows.is_empty() {
        let _ = w.write_record(["file", "line", "vendor", "kind", "subject", "date", "days"]);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// A stable 64-bit FNV-1a hash (std's hasher may change between Rust
/// releases; a calendar UID must not).
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The UID of an event: its kind, its subject and the dossier's file name
/// (not the date, so a renewed certificate updates the imported event
/// instead of adding one; not the directory, so running from elsewhere
/// gives the same UID).
fn uid(r: &Row) -> String {
    let name = std::path::Path::new(&r.file)
        .file_name()
        .map_or_else(|| r.file.clone(), |n| n.to_string_lossy().into_owned());
    format!(
        "{}-{:016x}@dossier-toolkit",
        r.kind,
        fnv1a(&format!("{name}\u{0}{}", r.subject))
    )
}

fn ics(rows: &[Row], today: Day) -> String {
    use icalendar::{Alarm, Calendar, Component, Event, EventLike};
    let stamp = chrono::NaiveDate::from_ymd_opt(today.year, today.month, today.day)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
        .unwrap_or_default();
    let mut cal = Calendar::new();
    cal.name("Vendor dossiers: what falls due");
    for r in rows {
        let Some(day) = r
            .date
            .split('-')
            .map(|p| p.parse::<u32>().ok())
            .collect::<Option<Vec<_>>>()
            .and_then(|v| chrono::NaiveDate::from_ymd_opt(v[0] as i32, v[1], v[2]))
        else {
            continue;
        };
        let vendor = r.vendor.as_deref().unwrap_or("(no vendor name)");
        let summary = format!("{vendor}: {} ({})", r.describe, r.subject);
        let uid = uid(r);
        // The alarm gets a fixed stamp and UID too: the output depends on
        // the inputs only, so a re-import finds nothing changed.
        let alarm = Alarm::display(&summary, -chrono::Duration::days(14))
            .timestamp(stamp)
            .uid(&format!("alarm-{uid}"))
            .done();
        // An all-day event: DTEND is exclusive (RFC 5545), the next day.
        cal.push(
            Event::new()
                .uid(&uid)
                .timestamp(stamp)
                .starts(day)
                .ends(day.succ_opt().unwrap_or(day))
                .summary(&summary)
                .description(&format!("{}:{} ({})", r.file, r.line, r.kind))
                .alarm(alarm)
                .done(),
        );
    }
    cal.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_units_and_errors() {
        let t = Day::parse("2026-11-24").unwrap();
        assert_eq!(window_end("90d", t).unwrap().to_string(), "2027-02-22");
        assert_eq!(window_end("2w", t).unwrap().to_string(), "2026-12-08");
        assert_eq!(window_end("3m", t).unwrap().to_string(), "2027-02-24");
        assert_eq!(window_end("0d", t).unwrap(), t);
        for bad in [
            "",
            "d",
            "90",
            "90x",
            "-5d",
            "9 d",
            "1.5m",
            "90D",
            "99999999999999999999d",
        ] {
            assert!(window_end(bad, t).is_err(), "{bad:?}");
        }
        assert!(window_end("2000m", t).unwrap_err().contains("100 years"));
    }

    #[test]
    fn uid_ignores_directory_and_date() {
        let row = |file: &str, date: &str| Row {
            file: file.into(),
            line: 1,
            vendor: None,
            kind: "attestation-expires",
            subject: "attestations.soc".into(),
            date: date.into(),
            days: 0,
            describe: "",
        };
        assert_eq!(
            uid(&row("a/x.dossier.yaml", "2027-01-01")),
            uid(&row("x.dossier.yaml", "2028-01-01"))
        );
        assert_ne!(
            uid(&row("x.dossier.yaml", "2027-01-01")),
            uid(&row("y.dossier.yaml", "2027-01-01"))
        );
    }
}
