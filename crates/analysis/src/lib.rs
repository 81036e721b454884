//! The analysis engine shared by `dossier check` and `dossier lsp`.
//!
//! Invariants (see ARCHITECTURE.md):
//! - Every rule lives here, once. The CLI and the server call [`analyze`]
//!   and render its [`Diagnostic`]s; neither adds or drops any.
//! - Works on any text: a half-typed or broken file gets as many precise
//!   diagnostics as can be found, never a panic.
//! - Knows nothing of LSP or terminals: byte ranges in, byte ranges out.

pub mod config;
pub mod diagnostic;
pub mod due;
pub mod edits;
mod evidence;
pub mod exceptions;
#[cfg(test)]
mod fixture;
mod memo;
pub mod registry;
mod rules;
mod sink;
mod suppress;

pub use sink::MAX_PER_RULE;

pub use config::{Cadence, Config, ConfigError, Freshness, ProfileDef, QuestionsConfig};
pub use diagnostic::{
    docs_rules_url, Applicability, Diagnostic, Edit, Fix, MissingQuestion, Payload, Related, Rule,
    RuleMeta, Severity, Trait, DOCS_RULES_URL,
};
pub use evidence::{check_evidence, evidence_paths, EvidenceFile};
pub use rules::{freshness_of_fact, rules_markdown};

use dossier_schema::dates::Day;
use dossier_schema::view::DossierView;
use dossier_schema::JsonDoc;
use dossier_syntax::{LineIndex, Parse};

/// Everything known about one version of one file.
#[derive(Debug)]
pub struct Analysis {
    pub parse: Parse,
    pub line_index: LineIndex,
    /// The document as JSON with spans (absent when nothing could be parsed).
    pub json: Option<JsonDoc>,
    /// Sorted by position, then rule.
    pub diagnostics: Vec<Diagnostic>,
    pub today: Day,
    /// The composite score (absent when the file is not a mapping).
    pub score: Option<dossier_score::ScoreReport>,
    /// The engine panicked on this file: the one diagnostic says so.
    pub internal_error: bool,
}

impl Analysis {
    pub fn view(&self) -> Option<DossierView<'_>> {
        self.parse.root.as_ref().map(DossierView::new)
    }
}

/// Analyse a file's text as of `today` (the caller resolves it: `--today`,
/// `today` in dossier.toml, an editor setting, or the system date; the
/// engine never reads the clock).
pub fn analyze(text: &str, config: &Config, today: Day) -> Analysis {
    guarded(text, today, || {
        analyze_parsed(text, dossier_syntax::parse(text), config, today, None)
    })
}

/// The parse and score of a text, without the rules: the score
/// [`analyze`] gives, for what needs only the number of many versions (a
/// portfolio's history). `None` when the parse was refused or has no
/// mapping at the top.
pub fn score_text(
    text: &str,
    config: &Config,
    today: Day,
) -> (Parse, Option<dossier_score::ScoreReport>) {
    let parse = dossier_syntax::parse(text);
    let score = score_parsed(&parse, config, today);
    (parse, score)
}

/// The score of a parse as of `today`, as [`score_text`] gives it: one
/// parse scored on several days (a version unchanged over many commits).
pub fn score_parsed(
    parse: &Parse,
    config: &Config,
    today: Day,
) -> Option<dossier_score::ScoreReport> {
    if parse.refused {
        return None;
    }
    score(parse, config, today)
}

/// Analyse the current text of a document being edited, reparsing it
/// incrementally (the server's entry). The result is the same as
/// [`analyze`]'s, except that `json` is left out: only the sections the
/// edits changed are converted and validated, the others' schema issues
/// are the last analysis's (kept in `document`), moved to their offsets.
pub fn analyze_document(
    text: &str,
    document: &mut dossier_syntax::Document,
    config: &Config,
    today: Day,
) -> Analysis {
    let old = document.derived::<memo::Memo>();
    let mut new = memo::Memo::default();
    let analysis = guarded(text, today, || {
        let parse = document.reparse(text);
        let memo = memo::Sections {
            old: old.as_deref(),
            new: &mut new,
        };
        analyze_parsed(text, parse, config, today, Some(memo))
    });
    if analysis.internal_error {
        // The kept tree may be what went wrong: start afresh next time.
        document.forget();
    } else {
        document.set_derived(std::sync::Arc::new(new));
    }
    analysis
}

/// Run an analysis, turning a panic into a diagnostic on the file. The
/// engine is tested never to panic; this is the last resort that keeps one
/// file from stopping a folder's check or silencing the editor.
fn guarded(text: &str, today: Day, f: impl FnOnce() -> Analysis) -> Analysis {
    let f = || {
        // Fault injection for the tests of this last resort, in debug
        // builds only: a file holding the marker panics.
        #[cfg(debug_assertions)]
        if let Some(marker) = std::env::var_os("DOSSIER_TEST_PANIC_ON") {
            let marker = marker.to_string_lossy();
            if !marker.is_empty() && text.contains(&*marker) {
                panic!("injected panic");
            }
        }
        f()
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(analysis) => analysis,
        Err(payload) => {
            let why = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".into());
            let first_line = text.find(['\n', '\r']).unwrap_or(text.len());
            let mut d = Diagnostic::new(
                Rule::Syntax,
                dossier_syntax::TextRange::new(0, first_line),
                format!(
                    "internal error while analysing this file, please report it (with the file if you can): {why}"
                ),
            );
            d.severity = Severity::Error;
            Analysis {
                internal_error: true,
                ..refused(text, d, today)
            }
        }
    }
}

/// Analyse a file's bytes; invalid UTF-8 is a located `syntax` error.
/// Returns the text the diagnostics refer to (lossy if not UTF-8).
pub fn analyze_bytes(bytes: &[u8], config: &Config, today: Day) -> (String, Analysis) {
    match dossier_syntax::decode(bytes) {
        Ok(text) => {
            let a = analyze(text, config, today);
            (text.to_string(), a)
        }
        Err((lossy, err)) => {
            let analysis = refused(&lossy, syntax_error(err, config), today);
            (lossy, analysis)
        }
    }
}

/// The analysis of a file larger than [`dossier_syntax::MAX_SIZE`], of
/// which only the first bytes (`head`) were read: one `syntax` error on its
/// first line. Only that line is kept as the text.
pub fn analyze_too_large(
    head: &[u8],
    size: u64,
    config: &Config,
    today: Day,
) -> (String, Analysis) {
    let cut = head
        .iter()
        .take(4096)
        .position(|b| *b == b'\n' || *b == b'\r')
        .unwrap_or(head.len().min(4096));
    let first = String::from_utf8_lossy(&head[..cut]).into_owned();
    let err = dossier_syntax::too_large(&first, size);
    let analysis = refused(&first, syntax_error(err, config), today);
    (first, analysis)
}

/// A `syntax` diagnostic for a parse error, at the configured severity.
fn syntax_error(err: dossier_syntax::SyntaxError, config: &Config) -> Diagnostic {
    let mut d = Diagnostic::new(Rule::Syntax, err.range, err.message);
    d.severity = config.severity(Rule::Syntax).unwrap_or(Severity::Error);
    d
}

/// The analysis of a file that was not parsed: `text` and one diagnostic.
fn refused(text: &str, diagnostic: Diagnostic, today: Day) -> Analysis {
    Analysis {
        line_index: LineIndex::new(text),
        parse: Parse {
            refused: true,
            ..Parse::default()
        },
        json: None,
        diagnostics: vec![diagnostic],
        today,
        score: None,
        internal_error: false,
    }
}

/// Analyse text that has already been parsed; with `memo`, validate by
/// section, reusing the last analysis's issues of unchanged sections.
fn analyze_parsed(
    text: &str,
    parse: Parse,
    config: &Config,
    today: Day,
    memo: Option<memo::Sections>,
) -> Analysis {
    let line_index = LineIndex::new(text);
    // By section only against the format's schema alone: an extra schema
    // may relate sections.
    let by_section = memo
        .filter(|_| config.extra_schema.is_none() && !parse.refused)
        .and_then(|m| Some((m, parse.root.as_ref().filter(|r| r.as_mapping().is_some())?)));
    let json = match by_section {
        Some(_) => None,
        None => parse.root.as_ref().map(dossier_schema::to_json),
    };
    let clean = parse.errors.is_empty() && parse.unreadable.is_empty();
    let sections = by_section.map(|(memo, root)| memo.validate(text, clean, root));
    let score = score(&parse, config, today);
    // Suppressions and severities apply as each diagnostic is made, and
    // each rule's count is bounded (see `sink`).
    let (suppressions, bad_suppressions) = suppress::collect(text, &parse, &line_index);
    let mut sink = sink::Sink::new(config, &parse, &line_index, &suppressions);
    rules::run(
        &rules::Ctx {
            text,
            parse: &parse,
            json: json.as_ref(),
            config,
            today,
            score: score.as_ref(),
        },
        &mut sink,
        sections,
    );
    for d in bad_suppressions {
        sink.push_unsuppressed(d);
    }
    let mut diagnostics = sink.finish();
    diagnostics.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule, &a.message).cmp(&(
            b.range.start,
            b.range.end,
            b.rule,
            &b.message,
        ))
    });
    diagnostics.dedup();
    if let Some(root) = parse.root.as_ref().filter(|r| r.as_mapping().is_some()) {
        exceptions::apply(&DossierView::new(root), today, &mut diagnostics);
    }
    Analysis {
        parse,
        line_index,
        json,
        diagnostics,
        today,
        score,
        internal_error: false,
    }
}

/// The profile a file is scored with: the override (`--profile`, editor
/// setting), else `assessment.profile`, else `default-balanced`; an unknown
/// name falls back to `default-balanced` (the `profile` rule reports it).
pub fn profile_for(view: &DossierView, config: &Config) -> dossier_score::Profile {
    let extra = config.scoring_profiles();
    let wanted = config
        .profile_override
        .clone()
        .or_else(|| view.profile().map(|p| p.text.to_string()))
        .unwrap_or_else(|| dossier_score::DEFAULT_PROFILE.to_string());
    dossier_score::find_profile(&wanted, &extra)
        .or_else(|| dossier_score::find_profile(dossier_score::DEFAULT_PROFILE, &extra))
        .map(|p| p.into_owned())
        .unwrap_or_else(|| dossier_score::builtin_profiles().remove(0))
}

fn score(parse: &Parse, config: &Config, today: Day) -> Option<dossier_score::ScoreReport> {
    let root = parse.root.as_ref().filter(|r| r.as_mapping().is_some())?;
    let view = DossierView::new(root);
    let staleness = dossier_score::Staleness {
        today,
        windows: config.freshness,
    };
    Some(dossier_score::score_with(
        &view,
        &profile_for(&view, config),
        Some(&staleness),
    ))
}
