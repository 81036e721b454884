//! The three views of a set of [`FileDiff`]s: human (optionally coloured),
//! Markdown for pull-request comments, and JSON (documented in
//! docs/format.md, versioned by [`JSON_VERSION`]).

use std::fmt::Write;

use dossier_score::round1;
// Every string from a dossier or a file name in the human output goes
// through this one escaping path, the one `dossier check` uses.
use dossier_syntax::display::clean_line;

use crate::{Change, FileDiff, Kind, Risk, ScoreMovement, Section, Status};

/// The `version` of the JSON output; bumped only on incompatible changes.
pub const JSON_VERSION: u32 = 1;

/// Inline text for GitHub-flavoured Markdown (also inside table cells):
/// every punctuation character Markdown or GFM gives a meaning to is
/// backslash-escaped, `<`, `>` and `&` become entities (GitHub renders raw
/// HTML), `@` cannot mention anyone, line breaks become spaces, other
/// controls are dropped and bidi controls become visible `\u{202e}`.
///
/// Hand-written because it is a dozen lines and must be exactly this; the
/// report crate uses this one function too.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '@' => out.push_str("&#64;"),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.'
            | '!' | '|' | '~' | ':' | '=' | '"' | '\'' | '$' | '^' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' | '\t' => out.push(' '),
            c if c.is_control() => {}
            // Bidi controls would reorder the heading or the score line:
            // shown as a visible escape, as `dossier check` shows them.
            c if dossier_syntax::display::is_invisible_format(c) => {
                let _ = write!(out, "\\u\\{{{:x}\\}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Points in hundredths, signed: `+2.50`, `-0.75`, `±0.00`.
fn cents(c: i64) -> String {
    if c == 0 {
        "±0.00".into()
    } else {
        format!(
            "{}{}.{:02}",
            if c > 0 { "+" } else { "-" },
            c.abs() / 100,
            c.abs() % 100
        )
    }
}

fn signed1(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r == 0.0 {
        "±0.0".into()
    } else {
        format!("{r:+.1}")
    }
}

/// What a change says, without its subject.
fn describe(c: &Change) -> String {
    let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".into());
    match c.kind {
        Kind::Added => match &c.new {
            Some(v) => format!("added: {v}"),
            None => "added".into(),
        },
        Kind::Removed => match &c.old {
            Some(v) => format!("removed (was {v})"),
            None => "removed".into(),
        },
        Kind::Changed if !c.added.is_empty() || !c.removed.is_empty() => {
            let mut parts = Vec::new();
            if !c.added.is_empty() {
                parts.push(format!("added {}", c.added.join(", ")));
            }
            if !c.removed.is_empty() {
                parts.push(format!("removed {}", c.removed.join(", ")));
            }
            parts.join("; ")
        }
        Kind::Changed => format!("{} → {}", or_none(&c.old), or_none(&c.new)),
        Kind::Renamed => format!("renamed from {} (same URL)", or_none(&c.old)),
        Kind::Cited => format!("cite {} → {}", or_none(&c.old), or_none(&c.new)),
        Kind::Uncited => match &c.new {
            Some(n) => format!(
                "cited {}, now cites {n}, which is not a source",
                or_none(&c.old)
            ),
            None => format!("cited {}, now cites nothing", or_none(&c.old)),
        },
        Kind::Renewed => format!(
            "renewed: valid until {} → {}",
            or_none(&c.old),
            or_none(&c.new)
        ),
        Kind::Expired => format!("expired on {}", or_none(&c.new)),
        Kind::Answered | Kind::Waived | Kind::Reopened => {
            format!("{} → {}", or_none(&c.old), or_none(&c.new))
        }
        Kind::Rescored => format!(
            "scores rubric row {} (was {})",
            or_none(&c.new),
            or_none(&c.old)
        ),
    }
}

/// `subject` or `subject field` when the change is about one field.
fn label(c: &Change) -> String {
    match (&c.field, c.kind) {
        (Some(f), Kind::Added | Kind::Removed | Kind::Changed)
            if !(c.section == Section::Facts && f == "value") =>
        {
            format!("{} {f}", c.subject)
        }
        _ => c.subject.clone(),
    }
}

fn marker(c: &Change) -> &'static str {
    if c.risk.is_some() {
        return "!";
    }
    match c.kind {
        Kind::Added => "+",
        Kind::Removed => "-",
        _ => "~",
    }
}

fn status_word(d: &FileDiff) -> String {
    match d.status {
        Status::Added => "added".into(),
        Status::Deleted => "deleted".into(),
        Status::Renamed => format!("renamed from {}", d.old_path.as_deref().unwrap_or_default()),
        Status::Modified => "modified".into(),
    }
}

fn versions(d: &FileDiff) -> String {
    let l = |v: &Option<crate::VersionInfo>| {
        v.as_ref()
            .map_or("(none)", |v| v.label.as_str())
            .to_string()
    };
    format!("{} → {}", l(&d.old), l(&d.new))
}

fn unparseable(d: &FileDiff) -> Vec<String> {
    [&d.old, &d.new]
        .into_iter()
        .flatten()
        .filter_map(|v| {
            v.unparseable
                .as_ref()
                .map(|r| format!("unparseable at {}: {r}", v.label))
        })
        .collect()
}

/// The sections in output order, with their changes (risk changes excluded:
/// they are listed first).
fn by_section(d: &FileDiff) -> Vec<(Section, Vec<&Change>)> {
    let mut out: Vec<(Section, Vec<&Change>)> = Vec::new();
    let mut rest: Vec<&Change> = d.changes.iter().filter(|c| c.risk.is_none()).collect();
    rest.sort_by_key(|c| c.section);
    for c in rest {
        match out.last_mut() {
            Some((s, v)) if *s == c.section => v.push(c),
            _ => out.push((c.section, vec![c])),
        }
    }
    out
}

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    fn red(&self, s: &str) -> String {
        self.wrap("1;31", s)
    }
    fn green(&self, s: &str) -> String {
        self.wrap("32", s)
    }
    fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
}

/// The conditions that make a file's change worse, in one line:
/// "composite rose (41.1 → 52.2); citation lost (3 facts lost their citations)".
fn worse_line(d: &FileDiff) -> String {
    d.worse_because
        .iter()
        .map(|w| format!("{} ({})", w.condition.title(), w.detail))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Human output: per file, risk first, then the score, then each section.
/// With `color`, ANSI colours (risk red, additions green).
pub fn render_human(diffs: &[FileDiff], color: bool) -> String {
    let p = Paint(color);
    let mut s = String::new();
    if diffs.is_empty() {
        s.push_str("No dossier changed.\n");
    }
    for (i, d) in diffs.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        let _ = writeln!(
            s,
            "{} {}",
            p.bold(&clean_line(&d.path)),
            p.dim(&clean_line(&format!(
                "({}, {})",
                status_word(d),
                versions(d)
            )))
        );
        for u in unparseable(d) {
            let _ = writeln!(s, "  {}", p.red(&clean_line(&u)));
        }
        if let Some(o) = &d.only_score {
            let _ = writeln!(
                s,
                "  Score {:.1} / 100, {} (profile {})",
                round1(o.composite),
                o.band.as_str(),
                clean_line(&o.profile)
            );
        }
        if !d.worse_because.is_empty() {
            let _ = writeln!(s, "  {} {}", p.red("Worse:"), worse_line(d));
        }
        if d.is_empty() {
            let _ = writeln!(s, "  no change in substance");
            continue;
        }
        let risks: Vec<&Change> = d.risks().collect();
        if !risks.is_empty() {
            let _ = writeln!(s, "  {}", p.red("Risk first"));
            for c in risks {
                let title = c.risk.map_or("", Risk::title);
                let _ = writeln!(
                    s,
                    "    {} {}: {} ({})",
                    p.red("!"),
                    p.red(title),
                    clean_line(&label(c)),
                    clean_line(&describe(c))
                );
            }
        }
        if let Some(m) = &d.score {
            human_score(&mut s, m, &p);
        }
        for (section, changes) in by_section(d) {
            let _ = writeln!(s, "  {}", p.bold(section.title()));
            for c in changes {
                let mark = match marker(c) {
                    "+" => p.green("+"),
                    "-" => p.red("-"),
                    m => m.to_string(),
                };
                let _ = writeln!(
                    s,
                    "    {mark} {}: {}",
                    clean_line(&label(c)),
                    clean_line(&describe(c))
                );
            }
        }
    }
    s
}

fn human_score(s: &mut String, m: &ScoreMovement, p: &Paint) {
    let band = if m.old.band == m.new.band {
        m.new.band.as_str().to_string()
    } else {
        format!("{} → {}", m.old.band.as_str(), m.new.band.as_str())
    };
    let delta = cents(m.delta_cents());
    let delta = if m.is_worse() {
        p.red(&delta)
    } else if m.delta_cents() < 0 {
        p.green(&delta)
    } else {
        delta
    };
    if m.contributions.is_empty() && m.delta_cents() == 0 && m.old.profile == m.new.profile {
        let _ = writeln!(
            s,
            "  {} {:.1}, {band}: unchanged",
            p.bold("Score"),
            round1(m.new.composite)
        );
        return;
    }
    let _ = writeln!(
        s,
        "  {} {:.1} → {:.1}, {band} ({delta} points)",
        p.bold("Score"),
        round1(m.old.composite),
        round1(m.new.composite)
    );
    if m.old.profile != m.new.profile {
        let _ = writeln!(
            s,
            "    profile {} → {}",
            clean_line(&m.old.profile),
            clean_line(&m.new.profile)
        );
    }
    let _ = writeln!(
        s,
        "    {:<20} {:>6} {:>6} {:>7}",
        "dimension", "old", "new", "change"
    );
    for d in &m.dimensions {
        let _ = writeln!(
            s,
            "    {:<20} {:>6.1} {:>6.1} {:>7}",
            d.dimension.key(),
            round1(d.old),
            round1(d.new),
            signed1(d.new - d.old)
        );
    }
    if m.contributions.is_empty() {
        return;
    }
    let _ = writeln!(s, "    Why (points in the composite, old → new):");
    let shown = m.shown_cents();
    for (c, k) in m.contributions.iter().zip(&shown) {
        let side = |x: &Option<crate::Scored>| {
            x.as_ref().map_or("(none)".to_string(), |x| {
                format!("{} {:.2}", crate::shorten(&x.value, 24), x.points)
            })
        };
        let _ = writeln!(
            s,
            "      {:<50} {} → {}  {}",
            clean_line(&c.subject),
            clean_line(&side(&c.old)),
            clean_line(&side(&c.new)),
            cents(*k)
        );
    }
    let _ = writeln!(
        s,
        "      {:<50} {}  (the change in the composite)",
        "total",
        cents(m.delta_cents())
    );
}

/// Markdown for pull-request comments: one `###` heading per file, then
/// the same content as the human output. Everything from the dossier is
/// escaped with [`escape_markdown`].
pub fn render_markdown(diffs: &[FileDiff]) -> String {
    let md = escape_markdown;
    let mut s = String::new();
    if diffs.is_empty() {
        s.push_str("No dossier changed.\n");
    }
    for d in diffs {
        let score = match (&d.score, &d.only_score) {
            (Some(m), _) => format!(
                ": {:.1} → {:.1} ({} points), {}",
                round1(m.old.composite),
                round1(m.new.composite),
                cents(m.delta_cents()),
                if m.old.band == m.new.band {
                    m.new.band.as_str().to_string()
                } else {
                    format!("{} → {}", m.old.band.as_str(), m.new.band.as_str())
                }
            ),
            (None, Some(o)) => format!(": {:.1}, {}", round1(o.composite), o.band.as_str()),
            _ => String::new(),
        };
        let _ = writeln!(s, "### {}{score}\n", md(&d.path));
        let _ = writeln!(s, "{} · {}\n", md(&status_word(d)), md(&versions(d)));
        s.push_str(&markdown_body(d, true));
    }
    s
}

/// The body of one file's Markdown diff (no heading): unparseable notes,
/// risk first, the score movement (the dimension table when `dimensions`)
/// and the changes by section.
pub fn markdown_body(d: &FileDiff, dimensions: bool) -> String {
    let md = escape_markdown;
    let mut s = String::new();
    for u in unparseable(d) {
        let _ = writeln!(s, "> **{}**\n", md(&u));
    }
    if !d.worse_because.is_empty() {
        let _ = writeln!(s, "**Worse**: {}\n", md(&worse_line(d)));
    }
    if d.is_empty() {
        s.push_str("No change in substance.\n\n");
        return s;
    }
    let risks: Vec<&Change> = d.risks().collect();
    if !risks.is_empty() {
        s.push_str("**Risk first**\n\n");
        for c in risks {
            let _ = writeln!(
                s,
                "- ⚠️ **{}**: {}: {}",
                c.risk.map_or("", Risk::title),
                md(&label(c)),
                md(&describe(c))
            );
        }
        s.push('\n');
    }
    if let Some(m) = &d.score {
        if m.old.profile != m.new.profile {
            let _ = writeln!(
                s,
                "Profile {} → {}\n",
                md(&m.old.profile),
                md(&m.new.profile)
            );
        }
        let moved =
            !m.contributions.is_empty() || m.delta_cents() != 0 || m.old.profile != m.new.profile;
        if !moved {
            let _ = writeln!(
                s,
                "Score {:.1}, {}: unchanged\n",
                round1(m.new.composite),
                m.new.band.as_str()
            );
        } else if dimensions {
            s.push_str("| Dimension | Old | New | Change |\n|---|---:|---:|---:|\n");
            for x in &m.dimensions {
                let _ = writeln!(
                    s,
                    "| {} | {:.1} | {:.1} | {} |",
                    x.dimension.title(),
                    round1(x.old),
                    round1(x.new),
                    signed1(x.new - x.old)
                );
            }
            s.push('\n');
        }
        if !m.contributions.is_empty() {
            let _ = writeln!(
                s,
                "<details><summary>Why the composite moved {} points ({} contribution{})</summary>\n",
                cents(m.delta_cents()),
                m.contributions.len(),
                if m.contributions.len() == 1 { "" } else { "s" }
            );
            s.push_str("| Contribution | Old | New | Points |\n|---|---|---|---:|\n");
            let side = |x: &Option<crate::Scored>| {
                x.as_ref().map_or("(none)".to_string(), |x| {
                    format!("{} ({:.2})", md(&x.value), x.points)
                })
            };
            for (c, k) in m.contributions.iter().zip(m.shown_cents()) {
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} |",
                    md(&c.subject),
                    side(&c.old),
                    side(&c.new),
                    cents(k)
                );
            }
            let _ = writeln!(
                s,
                "| **Total** | {:.2} | {:.2} | **{}** |\n\n</details>\n",
                m.old.composite,
                m.new.composite,
                cents(m.delta_cents())
            );
        }
    }
    for (section, changes) in by_section(d) {
        let _ = writeln!(s, "**{}**\n", section.title());
        for c in changes {
            let _ = writeln!(
                s,
                "- {} {}: {}",
                match marker(c) {
                    "+" => "➕",
                    "-" => "➖",
                    _ => "✏️",
                },
                md(&label(c)),
                md(&describe(c))
            );
        }
        s.push('\n');
    }
    s
}

/// JSON: `{"version": 1, "worse": bool, "files": [FileDiff…]}` (see
/// docs/format.md), pretty-printed with a trailing newline.
pub fn render_json(diffs: &[FileDiff]) -> String {
    let v = serde_json::json!({
        "version": JSON_VERSION,
        "worse": diffs.iter().any(|d| d.worse),
        "files": diffs,
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}
