//! The PDF report never cuts an identifier: the at-risk rows' customer
//! codes (10-4020-0173), names and reasons are whole in the PDF's text, read
//! back with `pdftotext` (drawn smaller, or wrapped, never 「10-4020-0…」).

use tierdesk_report::{build_report_from, render_pdf};

use crate::figures::facts;
use crate::{customer, day};

/// 24 diamond customers without contact for a year: every one at risk, each
/// with a long code, a long company name and a long reason.
fn customers() -> Vec<tierdesk_domain::Customer> {
    (1..=24)
        .map(|i| {
            let mut c = customer(i, Some("diamond"), Some(1_000_000.0 - i as f64));
            c.code = Some(format!("10-4020-0{i:03}"));
            c.name = format!("上海浦东新区星河国际贸易发展有限公司第{i}分公司");
            c.last_contact_on = Some(day("2023-01-15"));
            c
        })
        .collect()
}

fn pdf_text(bytes: &[u8]) -> Option<String> {
    let path = std::env::temp_dir().join(format!("tierdesk-cells-{}.pdf", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output();
    let _ = std::fs::remove_file(&path);
    match out {
        Ok(o) if o.status.success() => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
        _ => {
            eprintln!("pdftotext is not installed: the PDF's text is not checked");
            None
        }
    }
}

#[test]
fn every_at_risk_code_name_and_reason_is_whole() {
    let r = build_report_from(facts(), customers());
    assert_eq!(r.at_risk.len(), 24, "every customer is at risk");
    let Some(text) = pdf_text(&render_pdf(&r).unwrap()) else {
        return;
    };
    assert!(!text.contains("10-4020-0…"), "a code cut short");
    for i in 1..=24 {
        let code = format!("10-4020-0{i:03}");
        assert_eq!(
            text.matches(&code).count(),
            1,
            "{code} whole, once:\n{text}"
        );
    }
    // A wrapped name or reason comes back on more lines: read without breaks.
    let joined: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for i in 1..=24 {
        let name = format!("上海浦东新区星河国际贸易发展有限公司第{i}分公司");
        assert!(joined.contains(&name), "{name} whole:\n{text}");
    }
    let reason = r.at_risk[0].reason.replace(' ', "");
    assert!(reason.contains("天未联系"), "{reason}");
    assert_eq!(
        joined.matches(&reason).count(),
        24,
        "every reason whole:\n{text}"
    );
}
