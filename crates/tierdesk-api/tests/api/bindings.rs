//! The UI's TypeScript types are generated from the Rust types and
//! committed; this test fails when they drift apart.

use std::path::PathBuf;

#[test]
fn bindings_match_the_committed_file() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/ipc/bindings.ts");
    let generated = tierdesk_api::typescript_bindings();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &generated).expect("write bindings");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "ui/src/ipc/bindings.ts is out of date with the Rust types; run \
         `UPDATE_BINDINGS=1 cargo test -p tierdesk-api bindings` and commit the result"
    );
}
