//! `dossier due`: what falls due when, across dossiers. The events come
//! from `dossier_analysis::due`; this module only selects, sorts and prints.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dossier_analysis::due::{self, DueEvent};
use dossier_analysis::Config;
use dossier_schema::dates::Day;
use dossier_syntax::Encoding;
use rayon::prelude::*;
use serde::Serialize;

use dossier_analysis::due::when;

use crate::files::Error;
use crate::files::{display_path, fail, read_dossier, Resolver};
use crate::output::csv_cell;
use dossier_syntax::display::clean_line;

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
    /// The window: N days, weeks or months from today (`90d`, `12w`, `6m`),
    /// or `all` for every event however far ahead (a full-horizon feed,
    /// for a subscribed calendar). Overdue events are always listed.
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

/// `--within all` reaches this far (1,000 years).
const FULL_HORIZON_DAYS: i64 = 365_250;

/// The last day of a `--within` window starting `today`, or a message.
pub fn window_end(within: &str, today: Day) -> Result<Day, Error> {
    let bad = || {
        Error::Usage(format!("--within {within}: write a number followed by d, w or m (days, weeks, months), e.g. 90d"))
    };
    let split = within.len().checked_sub(1).ok_or_else(bad)?;
    let (n, unit) = within.split_at(split);
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let n: i64 = n.parse().map_err(|_| bad())?;
    let too_far = || Error::Usage(format!("--within {within}: at most 100 years"));
    // One limit for every unit: the end may be at most 1,200 months after
    // today (so `5219w`, 100 years and 2 weeks, is refused as `1201m` is).
    let limit = today.add_months(1_200);
    let end = match unit {
        "d" if n <= 40_000 => Day::from_days(today.to_days() + n),
        "w" if n <= 6_000 => Day::from_days(today.to_days() + 7 * n),
        "m" if n <= 1_200 => today.add_months(n as i32),
        "d" | "w" | "m" => return Err(too_far()),
        _ => return Err(bad()),
    };
    if end > limit {
        return Err(too_far());
    }
    Ok(end)
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
    /// What makes the file unique and stable for calendar UIDs (see [`uid`]).
    #[serde(skip)]
    uid_key: String,
    /// What to do about it (the calendar's description).
    #[serde(skip)]
    action: &'static str,
    /// Who the calendar names as organizer: the relationship's owner, or
    /// the analyst (name, e-mail), when an e-mail is known.
    #[serde(skip)]
    organizer: Option<(String, String)>,
}

/// The events of one file's bytes, as rows.
pub fn rows_of(file: &str, bytes: &[u8], config: &Config, today: Day) -> Vec<Row> {
    let (_, analysis) = dossier_analysis::analyze_bytes(bytes, config, today);
    let vendor = due::vendor_name(&analysis);
    let organizer = organizer_of(&analysis);
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
            subject: e.subject.to_string(),
            date: e.date.to_string(),
            days: e.days_from(today),
            describe: e.kind.describe(),
            uid_key: file.to_string(),
            action: e.kind.action(),
            organizer: organizer.clone(),
        })
        .collect()
}

/// The file's path from the root of its project (the folder of the
/// dossier.toml that governs it, else of the git repository), so that
/// `eu/acme.dossier.yaml` and `us/acme.dossier.yaml` differ, and running
/// from another folder gives the same key. Without either root, the
/// absolute path.
fn uid_key(p: &Path, config: Option<&str>) -> String {
    let Ok(abs) = std::fs::canonicalize(p) else {
        return display_path(p);
    };
    let root = config
        .and_then(|c| std::fs::canonicalize(c).ok())
        .and_then(|c| c.parent().map(Path::to_path_buf))
        .filter(|r| abs.starts_with(r))
        .or_else(|| {
            abs.ancestors()
                .skip(1)
                .find(|a| a.join(".git").exists())
                .map(Path::to_path_buf)
        });
    match root.as_deref().and_then(|r| abs.strip_prefix(r).ok()) {
        Some(rel) => display_path(rel),
        None => display_path(&abs),
    }
}

/// An e-mail address the calendar may name: the format's e-mail pattern
/// (no spaces, quotes, colons, semicolons or control characters), so it
/// cannot break out of the property.
fn email_ok(s: &str) -> bool {
    dossier_schema::types::EMAIL_FORMAT.matches(s) && !s.chars().any(char::is_control)
}

/// The relationship owner (`relationship.owner`: name, email), or the
/// analyst when `assessment.analyst` holds an e-mail address (`Jane Roe
/// <jane@example.com>` or the bare address).
fn organizer_of(analysis: &dossier_analysis::Analysis) -> Option<(String, String)> {
    let root = analysis.parse.root.as_ref()?;
    let field = |n: Option<&dossier_syntax::Node>, k: &str| {
        n.and_then(|n| n.value(k))
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let owner = root.value("relationship").and_then(|r| r.value("owner"));
    if let Some(email) = field(owner, "email").filter(|e| email_ok(e)) {
        return Some((field(owner, "name").unwrap_or_default(), email));
    }
    let analyst = field(root.value("assessment"), "analyst")?;
    let (name, email) = match (analyst.rfind('<'), analyst.rfind('>')) {
        (Some(a), Some(b)) if a < b => (
            analyst[..a].trim().to_string(),
            analyst[a + 1..b].trim().to_string(),
        ),
        _ => (String::new(), analyst.trim().to_string()),
    };
    email_ok(&email).then_some((name, email))
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
    crate::files::note_skipped_links(&collected);
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
    // `all`: no window (every event, as far ahead as the format reaches).
    let end = if opts.within == "all" {
        Day::from_days(today.to_days() + FULL_HORIZON_DAYS)
    } else {
        match window_end(&opts.within, today) {
            Ok(d) => d,
            Err(m) => return fail(m),
        }
    };
    let results: Vec<Result<Vec<Row>, Error>> = jobs
        .par_iter()
        .map(|(p, applied)| {
            let mut rows = match read_dossier(p)? {
                dossier_workspace::Contents::Full(bytes) => {
                    let key = uid_key(p, applied.path.as_deref());
                    let mut rows =
                        rows_of(&display_path(p), &bytes, &applied.config, applied.today);
                    for r in &mut rows {
                        r.uid_key.clone_from(&key);
                    }
                    rows
                }
                dossier_workspace::Contents::TooLarge { size, .. } => {
                    return Err(Error::Usage(format!(
                        "cannot read {}: {size} bytes, more than the limit of {} bytes",
                        display_path(p),
                        dossier_syntax::MAX_SIZE
                    )))
                }
            };
            if opts.within != "all" {
                let own = applied.today;
                let own_end = window_end(&opts.within, own)?;
                let window_days = own_end.to_days() - own.to_days();
                rows.retain(|r| r.days <= window_days);
            }
            Ok(rows)
        })
        .collect();
    let mut rows = Vec::new();
    let mut io_errors: Vec<String> = collected.errors.iter().map(|e| e.to_string()).collect();
    for r in results {
        match r {
            Ok(r) => rows.extend(r),
            Err(m) => io_errors.push(m.to_string()),
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
    let written = crate::stdout::print(&text);
    if !io_errors.is_empty() {
        for m in io_errors {
            crate::eprintln!("error: {m}");
        }
        return ExitCode::from(2);
    }
    if let Err(e) = written {
        return e.into();
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
        // Names and paths through the one escaping path of every human
        // output (no ESC, BEL, CR or bidi control reaches the terminal).
        s.push_str(&format!(
            "{}  {:<18}  {}: {} ({})  {}:{}\n",
            r.date,
            when(r.days),
            clean_line(r.vendor.as_deref().unwrap_or("(no vendor name)")),
            r.describe,
            clean_line(&r.subject),
            clean_line(&r.file),
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
        // No cell may become a formula in a spreadsheet (OWASP: a cell
        // starting with `= + - @`, tab or CR gets a leading `'`).
        let r = Row {
            file: csv_cell(&r.file).into_owned(),
            vendor: r.vendor.as_deref().map(|v| csv_cell(v).into_owned()),
            subject: csv_cell(&r.subject).into_owned(),
            ..r.clone()
        };
        // Serialising plain strings and numbers into memory cannot fail.
        let _ = w.serialize(&r);
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

/// The UID of an event: its kind, its subject and the dossier's path from
/// its project's root ([`uid_key`]): not the date, so a renewed
/// certificate updates the imported event instead of adding one; not the
/// current folder, so running from elsewhere gives the same UID; not the
/// file name alone, so `eu/acme` and `us/acme` never share one.
fn uid(r: &Row) -> String {
    format!(
        "{}-{:016x}@dossier-toolkit",
        r.kind,
        fnv1a(&format!("{}\u{0}{}", r.uid_key, r.subject))
    )
}

/// Text for an iCalendar property: no control character (a bare CR lets
/// a consumer read the rest as new properties) and no bidi control, shown
/// as visible escapes, as every human output shows them.
fn ics_text(s: &str) -> String {
    clean_line(s).into_owned()
}

fn ics(rows: &[Row], today: Day) -> String {
    use chrono::Datelike;
    use icalendar::{Alarm, Calendar, Component, Event, EventLike};
    let stamp = chrono::NaiveDate::from_ymd_opt(today.year, today.month, today.day)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
        .unwrap_or_default();
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"));
    cal.append_property(("PRODID", PRODID));
    cal.append_property(("CALSCALE", "GREGORIAN"));
    cal.name("Vendor dossiers: what falls due");
    // Overdue items are one event per dossier on today's date: a
    // calendar shows today, not days long past.
    for event in overdue_events(rows, today, stamp) {
        cal.push(event);
    }
    for r in rows.iter().filter(|r| r.days >= 0) {
        let Some(day) = r
            .date
            .split('-')
            .map(|p| p.parse::<u32>().ok())
            .collect::<Option<Vec<_>>>()
            .and_then(|v| chrono::NaiveDate::from_ymd_opt(v[0] as i32, v[1], v[2]))
        else {
            continue;
        };
        // RFC 5545 dates have four-digit years: an event after 9999-12-31
        // cannot be written (it is still listed by the other formats).
        if day.year() > 9999 {
            continue;
        }
        let vendor = r.vendor.as_deref().unwrap_or("(no vendor name)");
        let summary = ics_text(&format!("{vendor}: {} ({})", r.describe, r.subject));
        let uid = uid(r);
        // The alarm gets a fixed stamp and UID too: the output depends on
        // the inputs only, so a re-import finds nothing changed.
        // 14 days ahead, or today when the event is closer: no alarm has
        // fired before the calendar is made.
        let lead = r.days.clamp(0, 14);
        let alarm = Alarm::display(&summary, -chrono::Duration::days(lead))
            .timestamp(stamp)
            .uid(&format!("alarm-{uid}"))
            .done();
        // An all-day event: DTEND is exclusive (RFC 5545), the next day.
        let mut event = Event::new();
        event
            .uid(&uid)
            .timestamp(stamp)
            .starts(day)
            .summary(&summary)
            .description(&ics_text(&description(r)))
            .append_property(organizer(r))
            .alarm(alarm);
        // Without DTEND an all-day event lasts its one day (RFC 5545), which
        // is how one on 9999-12-31 is written: its end would be in 10000.
        if let Some(end) = day.succ_opt().filter(|e| e.year() <= 9999) {
            event.ends(end);
        }
        cal.push(event.done());
    }
    cal.done().to_string()
}

/// The calendar's product identifier (RFC 5545 PRODID).
const PRODID: &str = concat!(
    "-//dossier-toolkit//dossier due ",
    env!("CARGO_PKG_VERSION"),
    "//EN"
);

/// The pack page `dossier render` writes for a dossier.
fn pack_page(file: &str) -> String {
    format!("{}.html", dossier_report::fallback_name(file))
}

/// What to do, and where: the action, the dossier and line, the pack page.
fn description(r: &Row) -> String {
    format!(
        "{} Dossier: {} (line {}, {}). Procurement pack: {}.",
        r.action,
        r.file,
        r.line,
        r.subject,
        pack_page(&r.file)
    )
}

/// ORGANIZER: the owner or analyst with an e-mail; without one, the
/// calendar's own name (RFC 5545 requires a cal-address, so a placeholder
/// in the reserved `.invalid` domain).
fn organizer(r: &Row) -> icalendar::Property {
    let (name, email) = r.organizer.clone().unwrap_or_else(|| {
        (
            "Vendor dossiers".into(),
            "dossier-due@dossier.invalid".into(),
        )
    });
    // A parameter value may not hold quotes or control characters.
    let name: String = name
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .collect();
    let mut p = icalendar::Property::new("ORGANIZER", format!("mailto:{email}"));
    if !name.trim().is_empty() {
        p.add_parameter("CN", name.trim());
    }
    p.done()
}

/// One all-day event on `today` per dossier with overdue items, marked
/// overdue: "Volga Speech: 9 items overdue", each item in the description.
fn overdue_events(
    rows: &[Row],
    today: Day,
    stamp: chrono::DateTime<chrono::Utc>,
) -> Vec<icalendar::Event> {
    use icalendar::{Component, Event, EventLike};
    let Some(day) = chrono::NaiveDate::from_ymd_opt(today.year, today.month, today.day) else {
        return Vec::new();
    };
    let mut by_file: std::collections::BTreeMap<&str, Vec<&Row>> = Default::default();
    for r in rows.iter().filter(|r| r.days < 0) {
        by_file.entry(&r.file).or_default().push(r);
    }
    by_file
        .into_iter()
        .map(|(file, items)| {
            let first = items[0];
            let vendor = first.vendor.as_deref().unwrap_or("(no vendor name)");
            let n = items.len();
            let summary = format!(
                "OVERDUE: {vendor}: {n} item{} overdue",
                if n == 1 { "" } else { "s" }
            );
            let mut text = String::new();
            for r in &items {
                text.push_str(&format!(
                    "- {} ({}) was due {} ({}): {}\n",
                    r.describe,
                    r.subject,
                    r.date,
                    when(r.days),
                    r.action
                ));
            }
            text.push_str(&format!(
                "Dossier: {file}. Procurement pack: {}.",
                pack_page(file)
            ));
            // Keyed like the other events by the dossier's path from its
            // project's root, so `eu/acme` and `us/acme` never share one.
            let mut event = Event::new();
            event
                .uid(&format!(
                    "overdue-{:016x}@dossier-toolkit",
                    fnv1a(&first.uid_key)
                ))
                .timestamp(stamp)
                .starts(day)
                .summary(&ics_text(&summary))
                .description(&ics_text(&text))
                .add_property("CATEGORIES", "OVERDUE")
                .add_property("PRIORITY", "1")
                .append_property(organizer(first));
            if let Some(end) = day.succ_opt().filter(|e| chrono::Datelike::year(e) <= 9999) {
                event.ends(end);
            }
            event.done()
        })
        .collect()
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
        assert!(window_end("2000m", t)
            .unwrap_err()
            .to_string()
            .contains("100 years"));
    }

    #[test]
    fn within_has_one_limit_for_every_unit() {
        let t = Day::parse("2026-11-24").unwrap();
        assert!(window_end("1200m", t).is_ok());
        for too_far in ["1201m", "5219w", "36600d", "36530d"] {
            assert!(
                window_end(too_far, t)
                    .unwrap_err()
                    .to_string()
                    .contains("100 years"),
                "{too_far}"
            );
        }
        assert!(window_end("5217w", t).is_ok());
    }

    #[test]
    fn uid_ignores_date() {
        let row = |key: &str, date: &str| Row {
            file: "x.dossier.yaml".into(),
            line: 1,
            vendor: None,
            kind: "attestation-expires",
            subject: "attestations.soc".into(),
            date: date.into(),
            days: 0,
            describe: "",
            uid_key: key.into(),
            action: "",
            organizer: None,
        };
        assert_eq!(
            uid(&row("eu/x.dossier.yaml", "2027-01-01")),
            uid(&row("eu/x.dossier.yaml", "2028-01-01"))
        );
        assert_ne!(
            uid(&row("eu/x.dossier.yaml", "2027-01-01")),
            uid(&row("us/x.dossier.yaml", "2027-01-01"))
        );
    }
}
