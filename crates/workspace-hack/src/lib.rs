//! Empty on purpose: this crate only asks for dependency features (see its Cargo.toml and
//! scripts/workspace-hack.sh), so the tests, the lints and the app build each dependency once.
