//! The Python that runs a benchmark's pandas comparison, shared by the
//! engine's `rfm` bench and the command line's `rating` bench.

use std::path::PathBuf;

/// The pandas RFM recipe (`SEGMENTS`, `read_orders`, `aggregate`, `score`),
/// to put before a bench's own script.
pub const RFM_RECIPE: &str = include_str!("rfm_recipe.py");
use std::process::Command;

/// A Python interpreter that can `import pandas`: `PANDAS_PYTHON`, else
/// `~/.cache/bench-py`, else `~/.cache/tierdesk-pyenv`, else `python3`.
pub fn find_python() -> Option<String> {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let venv = |name: &str| home.join(".cache").join(name).join("bin/python");
    let candidates = [
        std::env::var("PANDAS_PYTHON").ok(),
        Some(venv("bench-py").display().to_string()),
        Some(venv("tierdesk-pyenv").display().to_string()),
        Some("python3".into()),
    ];
    candidates.into_iter().flatten().find(|p| {
        Command::new(p)
            .args(["-c", "import pandas"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}
