//! One integration-test binary for the crate (issue 26): each suite is a
//! module, so the dependencies are linked once, not once per file.

mod authoring;
mod fixtures;
mod one_table;
