//! SARIF 2.1.0 as GitHub code scanning accepts it: one run, the rules as
//! reporting descriptors, columns in UTF-16 code units (`columnKind`
//! stated explicitly), paths relative to the repository root, and the
//! fixes a tool may apply unasked as `fixes`.

use dossier_analysis::{Applicability, Fix, Rule, Severity};
use dossier_syntax::Encoding;
use serde_sarif::sarif;

use crate::report::FileReport;

/// What a path keeps in a SARIF URI reference: letters, digits, `-._~`
/// (RFC 3986 unreserved) and `/`; everything else is percent-encoded, so
/// `#`, `?`, `%`, `:` and spaces in a file name stay part of the path.
const PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// A file's path as the relative URI SARIF consumers resolve against the
/// repository root.
pub fn uri(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, PATH).to_string()
}

fn level(s: Severity) -> sarif::ResultLevel {
    match s {
        Severity::Error => sarif::ResultLevel::Error,
        Severity::Warning => sarif::ResultLevel::Warning,
        Severity::Info | Severity::Hint => sarif::ResultLevel::Note,
    }
}

pub fn render(reports: &[FileReport]) -> String {
    let results = reports.iter().flat_map(results).collect();
    let mut s = serde_json::to_string_pretty(&document(results)).unwrap_or_default();
    s.push('\n');
    s
}

/// One file's results.
pub fn results(r: &FileReport) -> Vec<sarif::Result> {
    let mut results = Vec::new();
    {
        {
            for d in &r.diagnostics {
                let (s, e) = r.span(d.range, Encoding::Utf16);
                let region = sarif::Region::builder()
                    .start_line(i64::from(s.line))
                    .start_column(i64::from(s.column))
                    .end_line(i64::from(e.line))
                    .end_column(i64::from(e.column.max(if e.line == s.line {
                        s.column + 1
                    } else {
                        1
                    })))
                    .build();
                let location = sarif::Location::builder()
                    .physical_location(
                        sarif::PhysicalLocation::builder()
                            .artifact_location(
                                sarif::ArtifactLocation::builder().uri(uri(&r.path)).build(),
                            )
                            .region(region)
                            .build(),
                    )
                    .build();
                let index = Rule::ALL.iter().position(|x| *x == d.rule).unwrap_or(0);
                let mut result = sarif::Result::builder()
                    .rule_id(d.rule.code())
                    .rule_index(index as i64)
                    .level(level(d.severity))
                    .message(sarif::Message::builder().text(d.message.as_str()).build())
                    .locations(vec![location])
                    .build();
                let fixes: Vec<sarif::Fix> = d
                    .fixes
                    .iter()
                    .filter(|f| f.applicability == Applicability::MachineApplicable)
                    .map(|f| fix(r, f))
                    .collect();
                if !fixes.is_empty() {
                    result.fixes = Some(fixes);
                }
                results.push(result);
            }
        }
    }
    results
}

/// A fix a tool may apply unasked, as SARIF `fixes`: the engine's own
/// edits (the ones the editor's quick fix applies), each a replacement of
/// a region in the same UTF-16 columns as the results. An insertion is an
/// empty region (start = end).
fn fix(r: &FileReport, f: &Fix) -> sarif::Fix {
    let replacements = f
        .edits
        .iter()
        .map(|e| {
            let (s, end) = r.span(e.range, Encoding::Utf16);
            let region = sarif::Region::builder()
                .start_line(i64::from(s.line))
                .start_column(i64::from(s.column))
                .end_line(i64::from(end.line))
                .end_column(i64::from(end.column))
                .build();
            sarif::Replacement::builder()
                .deleted_region(region)
                .inserted_content(
                    sarif::ArtifactContent::builder()
                        .text(e.text.as_str())
                        .build(),
                )
                .build()
        })
        .collect::<Vec<_>>();
    sarif::Fix::builder()
        .description(sarif::Message::builder().text(f.title.as_str()).build())
        .artifact_changes(vec![sarif::ArtifactChange::builder()
            .artifact_location(sarif::ArtifactLocation::builder().uri(uri(&r.path)).build())
            .replacements(replacements)
            .build()])
        .build()
}

/// The whole document around its results.
pub fn document(results: Vec<sarif::Result>) -> sarif::Sarif {
    let rules: Vec<sarif::ReportingDescriptor> = Rule::ALL
        .iter()
        .map(|r| {
            let mut rule = sarif::ReportingDescriptor::builder()
                .id(r.code())
                .name(r.code())
                .short_description(
                    sarif::MultiformatMessageString::builder()
                        .text(r.summary())
                        .build(),
                )
                .default_configuration(
                    sarif::ReportingConfiguration::builder()
                        .level(
                            serde_json::to_value(level(r.default_severity())).unwrap_or_default(),
                        )
                        .build(),
                )
                .build();
            // No link while the documentation has no public address.
            rule.help_uri = r.doc_url();
            rule
        })
        .collect();
    let mut driver = sarif::ToolComponent::builder()
        .name("dossier")
        .version(env!("CARGO_PKG_VERSION"))
        .rules(rules)
        .build();
    driver.information_uri = dossier_analysis::docs_rules_url();
    let run = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        // The default, stated: some viewers assume Unicode code points.
        .column_kind(serde_json::Value::from("utf16CodeUnits"))
        .results(results)
        .build();
    sarif::Sarif::builder()
        .version(serde_json::to_value(sarif::Version::V2_1_0).unwrap_or_default())
        .schema(sarif::SCHEMA_URL)
        .runs(vec![run])
        .build()
}
