//! What `import customers|transactions` asks about instead of guessing: the
//! guessed columns left out until confirmed (`--accept-guesses`) and the
//! possible duplicates (`--merge-possible-duplicates`, `--merge-row N`).

use tierdesk_api::{GuessedColumn, PairChoice, PossibleDuplicateRow};

/// Prints, in Chinese, the columns that need a decision and the possible
/// duplicates with what this import did (or would do) with each.
pub fn print_asking(guessed: &[GuessedColumn], pairs: &[PossibleDuplicateRow], dry_run: bool) {
    if !guessed.is_empty() {
        println!("以下列的对应只是猜测，需要确认，本次没有导入：");
        for g in guessed {
            let samples = if g.samples.is_empty() {
                String::new()
            } else {
                format!("，前几个值：{}", g.samples.join(" / "))
            };
            println!(
                "  {}列「{}」猜测为「{}」{samples}",
                g.column, g.header, g.target_label
            );
        }
        println!("  确认猜测请加 --accept-guesses；或在应用的导入向导里逐列确认或改为不导入");
    }
    if pairs.is_empty() {
        return;
    }
    let verb = if dry_run { "将" } else { "已" };
    println!(
        "发现 {} 对可能重复（联系方式相同、名称不同）：",
        pairs.len()
    );
    for p in pairs {
        let other = match (p.other_row, &p.other_code) {
            (Some(r), _) => format!("第 {r} 行「{}」", p.other_name),
            (None, Some(code)) => format!("档案中的客户「{}」（{code}）", p.other_name),
            (None, None) => format!("档案中的客户「{}」", p.other_name),
        };
        let chosen = match p.chosen {
            PairChoice::Merge => "合并",
            PairChoice::Separate => "分别导入",
        };
        println!(
            "  第 {} 行「{}」与{other}共用 {}：{verb}{chosen}",
            p.row, p.name, p.phone
        );
    }
    println!(
        "  默认分别导入；要合并请加 --merge-possible-duplicates（全部）或 --merge-row 行号（可重复）"
    );
}
