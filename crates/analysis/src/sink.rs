//! Where rules put their diagnostics: severities from the configuration,
//! suppressions and the unreadable-part filter are applied as each one
//! arrives, and at most [`MAX_PER_RULE`] diagnostics of each rule are kept
//! per file; the rest are counted, and reported as one diagnostic ("and N
//! more"), as rustc and ruff bound theirs. A file of 800,000 bad citations
//! so costs the memory of 200 diagnostics, not of 800,000, in the CLI and
//! the server alike.

use dossier_syntax::{Encoding, LineIndex, Parse, TextRange};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Rule, Trait};
use crate::suppress::Suppressions;

/// The most diagnostics of one rule reported for one file.
pub const MAX_PER_RULE: usize = 200;

pub(crate) struct Sink<'a> {
    kept: Vec<Diagnostic>,
    /// Per rule (by discriminant): how many were kept.
    counts: [usize; 64],
    /// Per rule: how many more there were, and where the first of them is.
    dropped: [(usize, Option<TextRange>); 64],
    config: &'a Config,
    parse: &'a Parse,
    index: &'a LineIndex,
    suppressions: &'a Suppressions,
    /// From here on (the rules after schema validation), nothing is said
    /// about the part the parser could not read, and nothing concluded
    /// from absence while such a part exists.
    rules_stage: bool,
}

impl<'a> Sink<'a> {
    pub(crate) fn new(
        config: &'a Config,
        parse: &'a Parse,
        index: &'a LineIndex,
        suppressions: &'a Suppressions,
    ) -> Self {
        Sink {
            kept: Vec::new(),
            counts: [0; 64],
            dropped: [(0, None); 64],
            config,
            parse,
            index,
            suppressions,
            rules_stage: false,
        }
    }

    /// The rules proper start (see `rules::run`).
    pub(crate) fn rules_stage(&mut self) {
        self.rules_stage = true;
    }

    pub(crate) fn push(&mut self, d: Diagnostic) {
        if self.rules_stage && !self.parse.unreadable.is_empty() {
            // The syntax error stands for the part the parser could not
            // read: no rule speaks about what lies there, and no rule
            // concludes from absence (a source never cited, a cite to no
            // source, a missing question), since what is absent may be
            // written there.
            let from_absence = d.rule.has(Trait::FromAbsence);
            if from_absence || self.parse.in_unreadable(d.range) {
                return;
            }
        }
        if !self.suppressions.is_empty() {
            let line = self.index.line_col(d.range.start, Encoding::Utf8).line;
            if self.suppressions.covers(line, d.rule) {
                return;
            }
        }
        self.push_unsuppressed(d);
    }

    /// A diagnostic no suppression applies to (a bad suppression itself).
    pub(crate) fn push_unsuppressed(&mut self, mut d: Diagnostic) {
        debug_assert!(
            d.fixes.is_empty() || d.rule.has(Trait::Fixable),
            "{} offers a fix: mark it Fixable in the registry and give it a check_fix fixture",
            d.rule.code()
        );
        let Some(severity) = self.config.severity(d.rule) else {
            return;
        };
        d.severity = severity;
        let r = d.rule as usize;
        if self.counts[r] < MAX_PER_RULE {
            self.counts[r] += 1;
            self.kept.push(d);
        } else {
            let (n, first) = &mut self.dropped[r];
            *n += 1;
            if first.is_none_or(|f| d.range.start < f.start) {
                *first = Some(d.range);
            }
        }
    }

    /// The diagnostics kept, and for each rule that had more, one more
    /// saying how many were left out, at the first of them.
    pub(crate) fn finish(mut self) -> Vec<Diagnostic> {
        for rule in Rule::ALL {
            let (n, first) = self.dropped[*rule as usize];
            let (Some(range), Some(severity)) = (first, self.config.severity(*rule)) else {
                continue;
            };
            let mut d = Diagnostic::new(
                *rule,
                range,
                format!(
                    "and {n} more `{}` diagnostic{} in this file, not shown: only the first {MAX_PER_RULE} of each rule are reported",
                    rule.code(),
                    if n == 1 { "" } else { "s" }
                ),
            );
            d.severity = severity;
            self.kept.push(d);
        }
        self.kept
    }
}
