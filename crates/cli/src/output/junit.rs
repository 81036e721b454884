//! JUnit XML: one test suite, one test case per file. A file with an
//! error-severity diagnostic fails; every diagnostic is listed in the
//! failure (or in system-out for a passing file with warnings).

use dossier_analysis::Severity;
use dossier_syntax::Encoding;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use crate::report::FileReport;

pub fn render(reports: &[FileReport]) -> String {
    document(reports.iter().map(test_case).collect())
}

/// The whole report around its test cases.
pub fn document(cases: Vec<TestCase>) -> String {
    let mut suite = TestSuite::new("dossier check");
    suite.add_test_cases(cases);
    let mut report = Report::new("dossier");
    report.add_test_suite(suite);
    report.to_string().unwrap_or_default()
}

/// One file's test case.
pub fn test_case(r: &FileReport) -> TestCase {
    {
        let lines: Vec<String> = r
            .diagnostics
            .iter()
            .map(|d| {
                let (s, _) = r.span(d.range, Encoding::Utf32);
                super::xml_safe(&format!(
                    "{}:{}:{}: {}[{}]: {}",
                    r.path,
                    s.line,
                    s.column,
                    d.severity.as_str(),
                    d.rule.code(),
                    d.message
                ))
            })
            .collect();
        let errors = r.count(Severity::Error);
        let status = if errors > 0 {
            let mut st = TestCaseStatus::non_success(NonSuccessKind::Failure);
            st.set_message(format!("{errors} error(s)"));
            st.set_type("dossier");
            st.set_description(lines.join("\n"));
            st
        } else {
            TestCaseStatus::success()
        };
        let mut case = TestCase::new(super::xml_safe(&r.path), status);
        case.set_classname("dossier");
        if errors == 0 && !lines.is_empty() {
            case.set_system_out(lines.join("\n"));
        }
        case
    }
}
