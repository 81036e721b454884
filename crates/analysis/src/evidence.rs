//! evidence-file: a source that cites a file in the repository (`file:`)
//! whose file is missing, lies outside the repository, or no longer has
//! the pinned `sha256`.
//!
//! The engine reads no disk: the caller (the CLI and the language server,
//! through `workspace`) looks each `file:` up and passes what it found; [`check_evidence`]
//! turns that into diagnostics, with the configured severity (`[rules]`
//! `evidence-file = "off"` turns it off).

use dossier_syntax::TextRange;

use crate::diagnostic::{Diagnostic, Rule};
use crate::{Analysis, Config};

/// What the caller found at a `file:` source's path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvidenceFile {
    /// A regular file inside the repository, with its SHA-256.
    Found { sha256: String },
    /// Nothing there, or not a regular file: the reason.
    Missing(String),
    /// The path, or a symbolic link on it, leads outside the repository
    /// (or is absolute): never read.
    Outside(String),
}

/// The `file:` paths of the sources of an analysed dossier, in order.
pub fn evidence_paths(analysis: &Analysis) -> Vec<String> {
    let Some(view) = analysis.view() else {
        return Vec::new();
    };
    view.sources()
        .iter()
        .filter_map(|s| s.file.map(|f| f.text.to_string()))
        .collect()
}

/// Add the `evidence-file` diagnostics of an analysed dossier, given what
/// `lookup` finds at each `file:` path.
pub fn check_evidence(
    analysis: &mut Analysis,
    text: &str,
    config: &Config,
    lookup: &mut dyn FnMut(&str) -> EvidenceFile,
) {
    let severity = match config.rules.get(&Rule::EvidenceFile) {
        Some(None) => return,
        Some(Some(s)) => *s,
        None => Rule::EvidenceFile.default_severity(),
    };
    let mut found: Vec<Diagnostic> = Vec::new();
    if let Some(view) = analysis.view() {
        for s in view.sources() {
            let Some(file) = s.file else { continue };
            let at = |r: TextRange| r;
            let d = match lookup(file.text) {
                EvidenceFile::Outside(why) => Some(Diagnostic::new(
                    Rule::EvidenceFile,
                    at(file.range),
                    format!(
                        "`sources.{}.file` {why}: not read; keep evidence inside the repository",
                        s.id
                    ),
                )),
                EvidenceFile::Missing(why) => Some(Diagnostic::new(
                    Rule::EvidenceFile,
                    at(file.range),
                    format!("`sources.{}.file` {}: {why}", s.id, file.text),
                )),
                EvidenceFile::Found { sha256 } => match s.sha256 {
                    Some(pin) if !pin.text.eq_ignore_ascii_case(&sha256) => {
                        Some(Diagnostic::new(
                            Rule::EvidenceFile,
                            at(pin.range),
                            format!(
                                "{} changed since it was pinned: its SHA-256 is now {sha256}; check the new version, then update `sha256`",
                                file.text
                            ),
                        ))
                    }
                    _ => None,
                },
            };
            if let Some(mut d) = d {
                d.severity = severity;
                found.push(d);
            }
        }
    }
    if found.is_empty() {
        return;
    }
    // As the other rules' diagnostics: a `# dossier: ignore[evidence-file]`
    // comment silences one, and a holding risk acceptance shows it as info.
    let (suppressions, _) = crate::suppress::collect(text, &analysis.parse, &analysis.line_index);
    found.retain(|d| {
        let line = analysis
            .line_index
            .line_col(d.range.start, dossier_syntax::Encoding::Utf8)
            .line;
        !suppressions.covers(line, d.rule)
    });
    if let Some(view) = analysis.view() {
        crate::exceptions::apply(&view, analysis.today, &mut found);
    }
    analysis.diagnostics.extend(found);
    analysis
        .diagnostics
        .sort_by_key(|d| (d.range.start, d.range.end, d.rule));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::config;

    const DOSSIER: &str = "dossier: 1\nvendor:\n  name: Acme\nsources:\n  a:\n    file: evidence/a.pdf\n    sha256: 0000000000000000000000000000000000000000000000000000000000000000\n    retrieved: 2026-11-01\n  b:\n    file: ../b.pdf\n    retrieved: 2026-11-01\n  c:\n    file: evidence/c.pdf\n    retrieved: 2026-11-01\n  d:\n    url: https://example.com\n    retrieved: 2026-11-01\nfacts:\n  security_compliance:\n    soc2_type2: {value: yes, cite: [a, b, c, d]}\n";

    fn evidence(config: &Config) -> Vec<String> {
        let mut a = crate::analyze(DOSSIER, config, config.today.unwrap());
        let mut asked = Vec::new();
        check_evidence(&mut a, DOSSIER, config, &mut |f: &str| {
            asked.push(f.to_string());
            match f {
                "evidence/a.pdf" => EvidenceFile::Found {
                    sha256: "ab".repeat(32),
                },
                "../b.pdf" => EvidenceFile::Outside("the path leaves the repository".into()),
                _ => EvidenceFile::Missing("not found".into()),
            }
        });
        assert_eq!(asked, ["evidence/a.pdf", "../b.pdf", "evidence/c.pdf"]);
        a.diagnostics
            .iter()
            .filter(|d| d.rule == Rule::EvidenceFile)
            .map(|d| format!("{} {}", &DOSSIER[d.range.start..d.range.end], d.message))
            .collect()
    }

    #[test]
    fn a_changed_missing_or_outside_file_is_reported_on_its_value() {
        let got = evidence(&config());
        assert_eq!(got.len(), 3, "{got:#?}");
        assert!(got[0].starts_with("0000000000000000000000000000000000000000000000000000000000000000 evidence/a.pdf changed since it was pinned: its SHA-256 is now abab"), "{got:#?}");
        assert_eq!(got[1], "../b.pdf `sources.b.file` the path leaves the repository: not read; keep evidence inside the repository");
        assert_eq!(
            got[2],
            "evidence/c.pdf `sources.c.file` evidence/c.pdf: not found"
        );
    }

    #[test]
    fn the_rule_can_be_turned_off() {
        let mut c = config();
        c.rules.insert(Rule::EvidenceFile, None);
        let mut a = crate::analyze(DOSSIER, &c, c.today.unwrap());
        check_evidence(&mut a, DOSSIER, &c, &mut |_: &str| {
            unreachable!("not looked up when off")
        });
        assert!(a.diagnostics.iter().all(|d| d.rule != Rule::EvidenceFile));
    }
}
