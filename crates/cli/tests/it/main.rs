//! One integration-test binary for the crate (issue 26): each suite is a
//! module, so the dependencies are linked once, not once per file.

mod caiq_real;
mod common;
mod diff;
mod docs;
mod due;
mod evidence;
mod exit_codes;
mod files;
mod first_run;
mod fixes;
mod formats;
mod hostile_output;
mod hostile_round3;
mod import;
mod links;
mod lsp_evidence;
mod lsp_malformed;
mod lsp_stdio;
mod portfolio;
mod programme;
mod render;
mod render_chromium;
mod robustness;
mod rules;
mod score_new;
mod score_text;
mod values;
