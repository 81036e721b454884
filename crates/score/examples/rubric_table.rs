//! Print the rubric as a Markdown table (pasted into docs/rubric.md).
fn main() {
    print!("{}", dossier_score::rubric_table_markdown());
}
