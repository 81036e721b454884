//! One integration-test binary for the crate (issue 26): each suite is a
//! module, so the dependencies are linked once, not once per file.

mod authoring;
mod code_actions;
mod commands;
mod common;
mod compare;
mod e2e;
mod lenses_symbols;
mod questionnaires;
mod workspace;
