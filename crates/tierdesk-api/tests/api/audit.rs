//! The audit log through the API: every public method that writes (and
//! every output with personal data) leaves exactly its entries, with the
//! customer and the values before and after; the list of writers is derived
//! from the source, so a new writing method without a row here fails.
//!
//! (Over 600 lines: one table row per writing method of the API.)

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use tierdesk_api::domain::audit::{AuditEntry, AuditFilter, NewEntry, Source};
use tierdesk_api::domain::points::ItemKind;
use tierdesk_api::domain::Role;
use tierdesk_api::domain::{CustomerDraft, FieldDef, FieldKind};
use tierdesk_api::testing::{each_api_with_dir, new_api, team_api, team_choices, TestDir};
use tierdesk_api::{Api, BackupReason, BenefitUseRequest, ReportRequest, UserDraft};

use crate::import::{go, request};

/// What a case's customers are: the two of the fixture, or the one the
/// case adds.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Who {
    Nobody,
    A,
    B,
    Added,
}

struct Ctx {
    a: i64,
    b: i64,
    dir: PathBuf,
}

type Step = fn(&mut Api, &Ctx);

struct Case {
    method: &'static str,
    /// Runs before the log is marked: what the method needs in place.
    prepare: Step,
    run: Step,
    /// (action, customer, object kind) of each new entry, oldest first.
    expect: &'static [(&'static str, Who, &'static str)],
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()
}

fn nothing(_: &mut Api, _: &Ctx) {}

/// 100 points for customer A and a 保温杯 of 50 points in the catalogue.
fn points_and_a_mug(api: &mut Api, ctx: &Ctx) {
    api.points_adjust(ctx.a, 100, "补录旧积分", day()).unwrap();
    api.points_catalogue_add("保温杯", ItemKind::Gift, 50, None)
        .unwrap();
}

/// A primary contact of customer `id` (the customer record's cases).
fn add_contact(api: &mut Api, id: i64) {
    api.add_contact(
        id,
        tierdesk_api::domain::record::ContactDraft {
            name: "联系人甲".into(),
            phone: Some("13800001111".into()),
            is_primary: true,
            ..Default::default()
        },
    )
    .unwrap();
}

/// A 合作纪念日 of customer `id`.
fn add_date(api: &mut Api, id: i64) {
    api.add_customer_date(
        id,
        tierdesk_api::domain::record::DateDraft {
            kind: tierdesk_api::domain::record::DateKind::Cooperation,
            label: String::new(),
            month: 5,
            day: 20,
            year: Some(2018),
            remind: true,
            notes: String::new(),
        },
    )
    .unwrap();
}

/// A small customer sheet the import cases read.
fn sheet(ctx: &Ctx) -> PathBuf {
    let path = ctx.dir.join("客户.csv");
    std::fs::write(
        &path,
        "客户编号,客户名称,联系方式\nN1,新客户甲,13900000001\nN2,新客户乙,13900000002\n",
    )
    .unwrap();
    path
}

fn import_sheet(api: &mut Api, ctx: &Ctx) {
    api.commit_import(&request(&sheet(ctx)), "测试", &mut go)
        .unwrap();
}

fn delete_a(api: &mut Api, ctx: &Ctx) {
    api.delete_customers(&[ctx.a]).unwrap();
}

fn add_field(api: &mut Api, _: &Ctx) {
    api.add_field_def(FieldDef {
        key: "vip_no".into(),
        label: "会员卡号".into(),
        kind: FieldKind::Text,
        choices: vec![],
    })
    .unwrap();
}

fn apply_rating(api: &mut Api, _: &Ctx) {
    api.apply_evaluation("star4", day(), None, "测试", &[])
        .unwrap();
}

fn use_benefit(api: &mut Api, ctx: &Ctx) {
    api.record_benefit_use(
        &BenefitUseRequest {
            customer_id: ctx.a,
            benefit: "生日礼品".into(),
            date: Some(day()),
            note: "门店领取".into(),
            over_quota_reason: None,
        },
        "测试",
        day(),
    )
    .unwrap();
}

/// Adds a to-do about customer A and returns its id.
fn add_todo_a(api: &mut Api, ctx: &Ctx) -> i64 {
    let req = tierdesk_api::TodoRequest {
        customer_id: Some(ctx.a),
        kind: None,
        title: "送生日礼品".into(),
        note: "王五喜欢茶叶".into(),
        due_on: day(),
        due_time: None,
        owner: String::new(),
        repeat: None,
    };
    api.todo_add(&req, noon()).unwrap().id
}

fn noon() -> chrono::NaiveDateTime {
    day().and_hms_opt(12, 0, 0).unwrap()
}

/// Order lines of customer A: every 30 days from July 2025 to February
/// 2026, then nothing (a churn refresh on the fixture's day warns).
fn lapsed_orders(api: &mut Api, ctx: &Ctx) {
    let path = ctx.dir.join("订单.csv");
    let mut rows = String::from("订单号,客户编号,下单时间,商品,数量,单价,金额\n");
    for k in 0..9u64 {
        let d = NaiveDate::from_ymd_opt(2025, 7, 1).unwrap() + chrono::Days::new(30 * k);
        rows.push_str(&format!("O{k},A1,{d} 10:00:00,茶叶,1,1000,1000\n"));
    }
    std::fs::write(&path, rows).unwrap();
    let req = tierdesk_api::ImportRequest {
        kind: Some(tierdesk_api::domain::ImportKind::Transactions),
        ..request(&path)
    };
    api.commit_import(&req, "测试", &mut go).unwrap();
}

/// Raises customer A's churn alert and returns its id.
fn churn_alert_of_a(api: &mut Api, ctx: &Ctx) -> i64 {
    lapsed_orders(api, ctx);
    api.churn_refresh(day()).unwrap();
    api.churn_list(&Default::default()).unwrap().items[0]
        .alert
        .id
}

/// Receives a complaint of customer `id` and returns the case's id.
fn open_case_of(api: &mut Api, id: i64) -> i64 {
    use tierdesk_api::domain::case::{CaseChannel, CaseType};
    let req = tierdesk_api::CaseRequest {
        customer_id: id,
        channel: CaseChannel::Phone,
        kind: CaseType::Service,
        severity: None,
        description: "送货晚了三天".into(),
        owner: None,
        received_at: None,
    };
    api.open_case(&req, day().and_hms_opt(9, 0, 0).unwrap())
        .unwrap()
        .id
}

/// Logs a phone follow-up of customer `id` on the fixture's day.
fn log_followup(api: &mut Api, id: i64) {
    let draft = tierdesk_api::domain::FollowupDraft {
        content: "电话回访，客户满意".into(),
        contact_name: "李总".into(),
        ..Default::default()
    };
    api.add_followup(id, draft, day().and_hms_opt(11, 0, 0).unwrap())
        .unwrap();
}

fn draft_of(api: &Api, id: i64) -> CustomerDraft {
    CustomerDraft::from(&api.customer(id).unwrap())
}

/// A scheme file's text: the built-in star4 under another key.
fn scheme_text(api: &Api) -> String {
    let star4 = api
        .schemes()
        .unwrap()
        .into_iter()
        .find(|s| s.key == "star4");
    star4
        .unwrap()
        .toml
        .replacen("key = \"star4\"", "key = \"mine\"", 1)
}

/// Records a survey answer of customer `id` (a detractor's: it opens a to-do).
fn answer_survey(api: &mut Api, id: i64) -> i64 {
    let answer = tierdesk_api::domain::survey::NewSurveyAnswer {
        customer_id: id,
        survey_id: None,
        answered_on: day(),
        channel: tierdesk_api::domain::survey::SurveyChannel::Phone,
        nps: Some(5),
        csat: None,
        scores: Default::default(),
        comment: "等太久".into(),
    };
    api.add_survey_answer(answer, day()).unwrap().id
}

const CASES: &[Case] = &[
    // Users on a team database (TEAM_ONLY): the fixture's actor 张三 is the
    // 管理员 acting, or the user of that name signing in.
    Case {
        method: "add_user",
        prepare: nothing,
        run: |api, _| {
            add_user_zhang(api, Role::Sales);
        },
        expect: &[("user.add", Who::Nobody, "user")],
    },
    Case {
        method: "edit_user",
        prepare: |api, _| {
            add_user_zhang(api, Role::Sales);
        },
        run: |api, _| {
            let id = zhang_id(api);
            api.edit_user(id, &zhang_draft(Role::Viewer)).unwrap();
        },
        expect: &[("user.edit", Who::Nobody, "user")],
    },
    Case {
        method: "set_user_password",
        prepare: |api, _| {
            add_user_zhang(api, Role::Sales);
        },
        run: |api, _| {
            let id = zhang_id(api);
            api.set_user_password(id, "another-secret-1").unwrap();
        },
        expect: &[("user.password", Who::Nobody, "user")],
    },
    Case {
        method: "sign_in",
        prepare: |api, _| {
            add_user_zhang(api, Role::Sales);
        },
        run: |api, _| {
            api.sign_out();
            api.sign_in("zhang", ZHANG_PASSWORD).unwrap();
        },
        expect: &[("user.sign_in", Who::Nobody, "user")],
    },
    Case {
        method: "change_my_password",
        prepare: |api, _| {
            add_user_zhang(api, Role::Viewer);
            api.sign_out();
            api.sign_in("zhang", ZHANG_PASSWORD).unwrap();
        },
        run: |api, _| {
            api.change_my_password(ZHANG_PASSWORD, "another-secret-1")
                .unwrap();
        },
        expect: &[("user.own_password", Who::Nobody, "user")],
    },
    Case {
        method: "add_survey_answer",
        prepare: nothing,
        run: |api, ctx| {
            answer_survey(api, ctx.a);
        },
        expect: &[("survey.add", Who::A, "survey_answer")],
    },
    Case {
        method: "delete_survey_answer",
        prepare: |api, ctx| {
            answer_survey(api, ctx.a);
        },
        run: |api, ctx| {
            let id = api.customer_survey_answers(ctx.a).unwrap()[0].id;
            api.delete_survey_answer(id).unwrap();
        },
        expect: &[("survey.delete", Who::A, "survey_answer")],
    },
    Case {
        method: "import_surveys",
        prepare: nothing,
        run: |api, ctx| {
            let path = ctx.dir.join("满意度.csv");
            std::fs::write(&path, "客户编号,推荐意愿,满意度\nA1,9,5\nB1,4,2\n").unwrap();
            let req = tierdesk_api::SurveyImportRequest {
                path: path.to_string_lossy().into_owned(),
                sheet: None,
            };
            api.import_surveys(&req, day()).unwrap();
        },
        expect: &[("import.run", Who::Nobody, "import")],
    },
    // The customer record (RECORD): contacts and dates that matter.
    Case {
        method: "add_contact",
        prepare: nothing,
        run: |api, ctx| {
            add_contact(api, ctx.a);
        },
        expect: &[("contact.add", Who::A, "contact")],
    },
    Case {
        method: "update_contact",
        prepare: |api, ctx| {
            add_contact(api, ctx.a);
        },
        run: |api, ctx| {
            let c = api.contacts(ctx.a).unwrap().remove(0);
            let mut d = tierdesk_api::domain::record::ContactDraft::from(&c);
            d.role = "总经理".into();
            api.update_contact(c.id, d).unwrap();
        },
        expect: &[("contact.edit", Who::A, "contact")],
    },
    Case {
        method: "reveal_contact",
        prepare: |api, ctx| {
            add_contact(api, ctx.a);
        },
        run: |api, ctx| {
            let id = api.contacts(ctx.a).unwrap()[0].id;
            api.reveal_contact(id, "回访联系").unwrap();
        },
        expect: &[("privacy.reveal", Who::A, "contact")],
    },
    Case {
        method: "delete_contact",
        prepare: |api, ctx| {
            add_contact(api, ctx.b);
        },
        run: |api, ctx| {
            let id = api.contacts(ctx.b).unwrap()[0].id;
            api.delete_contact(id).unwrap();
        },
        expect: &[("contact.delete", Who::B, "contact")],
    },
    Case {
        method: "add_customer_date",
        prepare: nothing,
        run: |api, ctx| {
            add_date(api, ctx.a);
        },
        expect: &[("date.add", Who::A, "date")],
    },
    Case {
        method: "update_customer_date",
        prepare: |api, ctx| {
            add_date(api, ctx.a);
        },
        run: |api, ctx| {
            let d = api.customer_dates(ctx.a).unwrap().remove(0);
            let mut draft = tierdesk_api::domain::record::DateDraft::from(&d);
            draft.remind = false;
            api.update_customer_date(d.id, draft).unwrap();
        },
        expect: &[("date.edit", Who::A, "date")],
    },
    Case {
        method: "delete_customer_date",
        prepare: |api, ctx| {
            add_date(api, ctx.b);
        },
        run: |api, ctx| {
            let id = api.customer_dates(ctx.b).unwrap()[0].id;
            api.delete_customer_date(id).unwrap();
        },
        expect: &[("date.delete", Who::B, "date")],
    },
    Case {
        method: "create_customer",
        prepare: nothing,
        run: |api, _| {
            api.create_customer(CustomerDraft {
                code: Some("N1".into()),
                name: "新客户".into(),
                phone: Some("13900000009".into()),
                ..Default::default()
            })
            .unwrap();
        },
        expect: &[("customer.add", Who::Added, "customer")],
    },
    Case {
        method: "update_customer",
        prepare: nothing,
        run: |api, ctx| {
            let mut d = draft_of(api, ctx.a);
            d.phone = Some("13700000000".into());
            api.update_customer(ctx.a, d).unwrap();
        },
        expect: &[("customer.edit", Who::A, "customer")],
    },
    Case {
        method: "update_customer_with_reason",
        prepare: nothing,
        run: |api, ctx| {
            let mut d = draft_of(api, ctx.a);
            d.tier = Some("silver".into());
            d.notes = Some("降级".into());
            api.update_customer_with_reason(ctx.a, d, "客户要求", "测试")
                .unwrap();
        },
        expect: &[
            ("tier.manual", Who::A, "customer"),
            ("customer.edit", Who::A, "customer"),
        ],
    },
    // No silent overwrite (CONFLICT): the app's save, with the base it opened.
    Case {
        method: "save_customer",
        prepare: nothing,
        run: |api, ctx| {
            let c = api.customer(ctx.a).unwrap();
            let base = tierdesk_api::domain::merge::EditBase::new(c.version, draft_of(api, ctx.a));
            let mut d = draft_of(api, ctx.a);
            d.notes = Some("合并保存".into());
            api.save_customer(ctx.a, d, base, ("", "")).unwrap();
        },
        expect: &[("customer.edit", Who::A, "customer")],
    },
    Case {
        method: "delete_customers",
        prepare: nothing,
        run: |api, ctx| {
            api.delete_customers(&[ctx.a, ctx.b]).unwrap();
        },
        expect: &[
            ("customer.delete", Who::A, "customer"),
            ("customer.delete", Who::B, "customer"),
        ],
    },
    Case {
        method: "restore_customers",
        prepare: delete_a,
        run: |api, ctx| {
            api.restore_customers(&[ctx.a, ctx.b]).unwrap();
        },
        expect: &[("customer.restore", Who::A, "customer")],
    },
    Case {
        method: "empty_recycle_bin",
        prepare: delete_a,
        run: |api, _| {
            api.empty_recycle_bin().unwrap();
        },
        expect: &[("customer.purge", Who::A, "customer")],
    },
    Case {
        method: "set_imported_tier",
        prepare: nothing,
        run: |api, ctx| api.set_imported_tier(ctx.b, Some("VIP")).unwrap(),
        expect: &[("customer.edit", Who::B, "customer")],
    },
    Case {
        method: "fill_demo",
        prepare: nothing,
        run: |api, _| {
            api.fill_demo(30, 7, |_| {}).unwrap();
        },
        // The customers, then one entry per kind of care data and the rules' run.
        expect: &[
            ("customer.add", Who::Nobody, "customers"),
            ("demo.load", Who::Nobody, "contact"),
            ("demo.load", Who::Nobody, "followup"),
            ("demo.load", Who::Nobody, "case"),
            ("demo.load", Who::Nobody, "survey_answer"),
            ("todo.refresh", Who::Nobody, "todo"),
        ],
    },
    Case {
        method: "add_field_def",
        prepare: nothing,
        run: add_field,
        expect: &[("field.add", Who::Nobody, "field")],
    },
    Case {
        method: "remove_field_def",
        prepare: add_field,
        run: |api, _| api.remove_field_def("vip_no").unwrap(),
        expect: &[("field.delete", Who::Nobody, "field")],
    },
    Case {
        method: "set_setting",
        prepare: nothing,
        run: |api, _| api.set_setting("company_name", "星河贸易").unwrap(),
        expect: &[("setting.set", Who::Nobody, "setting")],
    },
    Case {
        method: "set_my_name",
        prepare: nothing,
        run: |api, _| {
            api.set_my_name("王小丽").unwrap();
        },
        expect: &[("setting.my_name", Who::Nobody, "setting")],
    },
    Case {
        method: "activate_scheme",
        prepare: nothing,
        run: |api, _| api.activate_scheme("metal4").unwrap(),
        expect: &[("scheme.activate", Who::Nobody, "scheme")],
    },
    Case {
        method: "import_scheme",
        prepare: nothing,
        run: |api, _| {
            let text = scheme_text(api);
            api.import_scheme(&text).unwrap();
        },
        expect: &[("scheme.import", Who::Nobody, "scheme")],
    },
    Case {
        method: "import_scheme_file",
        prepare: nothing,
        run: |api, ctx| {
            let path = ctx.dir.join("mine.toml");
            std::fs::write(&path, scheme_text(api)).unwrap();
            api.import_scheme_file(&path).unwrap();
        },
        expect: &[("scheme.import", Who::Nobody, "scheme")],
    },
    Case {
        method: "save_scheme",
        prepare: nothing,
        run: |api, _| {
            let s = api
                .schemes()
                .unwrap()
                .into_iter()
                .find(|s| s.key == "star4")
                .unwrap();
            let text = s.toml.replacen("四星级", "四星级（改）", 1);
            let base = tierdesk_api::domain::merge::EditBase::new(s.revision, s.toml.clone());
            api.save_scheme(&text, base).unwrap();
        },
        expect: &[("scheme.edit", Who::Nobody, "scheme")],
    },
    Case {
        method: "create_scheme",
        prepare: nothing,
        run: |api, _| {
            let s = api
                .schemes()
                .unwrap()
                .into_iter()
                .find(|s| s.key == "star4")
                .unwrap();
            let text = s
                .toml
                .replacen("key = \"star4\"", "key = \"star4_copy\"", 1);
            assert_ne!(text, s.toml);
            api.create_scheme(&text).unwrap();
        },
        expect: &[("scheme.import", Who::Nobody, "scheme")],
    },
    Case {
        method: "apply_evaluation",
        prepare: nothing,
        run: apply_rating,
        expect: &[("rating.apply", Who::Nobody, "batch")],
    },
    Case {
        method: "undo_last_batch",
        prepare: apply_rating,
        run: |api, _| {
            api.undo_last_batch().unwrap();
        },
        expect: &[("rating.undo", Who::Nobody, "batch")],
    },
    Case {
        method: "commit_import",
        prepare: nothing,
        run: import_sheet,
        expect: &[
            ("import.run", Who::Nobody, "import"),
            ("import.profile.save", Who::Nobody, "import_profile"),
        ],
    },
    Case {
        method: "commit_import_plan",
        prepare: nothing,
        run: |api, ctx| {
            let req = request(&sheet(ctx));
            let plan =
                tierdesk_api::import::read_import(&api.import_context().unwrap(), &req, &mut go)
                    .unwrap();
            api.commit_import_plan(&plan, &req, "测试", &mut go)
                .unwrap();
        },
        expect: &[
            ("import.run", Who::Nobody, "import"),
            ("import.profile.save", Who::Nobody, "import_profile"),
        ],
    },
    Case {
        method: "undo_import",
        prepare: import_sheet,
        run: |api, _| {
            let id = api.imports().unwrap()[0].id;
            api.undo_import(id).unwrap();
        },
        expect: &[("import.undo", Who::Nobody, "import")],
    },
    Case {
        method: "rename_import_profile",
        prepare: import_sheet,
        run: |api, _| {
            let name = api.import_profiles().unwrap()[0].name.clone();
            api.rename_import_profile(&name, "客户表").unwrap();
        },
        expect: &[("import.profile.rename", Who::Nobody, "import_profile")],
    },
    Case {
        method: "delete_import_profile",
        prepare: import_sheet,
        run: |api, _| {
            let name = api.import_profiles().unwrap()[0].name.clone();
            api.delete_import_profile(&name).unwrap();
        },
        expect: &[("import.profile.delete", Who::Nobody, "import_profile")],
    },
    Case {
        method: "record_benefit_use",
        prepare: nothing,
        run: use_benefit,
        expect: &[("benefit.use", Who::A, "benefit_use")],
    },
    Case {
        method: "undo_benefit_use",
        prepare: use_benefit,
        run: |api, ctx| {
            let id = api.customer_benefits(ctx.a, day()).unwrap().uses[0].id;
            api.undo_benefit_use(id).unwrap();
        },
        expect: &[("benefit.delete", Who::A, "benefit_use")],
    },
    Case {
        method: "report_html",
        prepare: apply_rating,
        run: |api, _| {
            api.report_html(&ReportRequest::default(), day()).unwrap();
        },
        expect: &[("report.print", Who::Nobody, "print")],
    },
    Case {
        method: "export_report",
        prepare: apply_rating,
        run: |api, ctx| {
            let out = ctx.dir.join("报告.html");
            api.export_report(&ReportRequest::default(), &out, day())
                .unwrap();
        },
        expect: &[("report.export", Who::Nobody, "file")],
    },
    Case {
        method: "export_customers",
        prepare: nothing,
        run: |api, ctx| {
            let out = ctx.dir.join("客户.xlsx");
            let query = tierdesk_api::domain::CustomerQuery::default();
            api.export_customers(&query, true, &out, &mut |_, _| {})
                .unwrap();
        },
        expect: &[("export.customers", Who::Nobody, "file")],
    },
    Case {
        method: "benefit_statement_html",
        prepare: nothing,
        run: |api, ctx| {
            api.benefit_statement_html(ctx.a, day()).unwrap();
        },
        expect: &[("statement.print", Who::A, "print")],
    },
    Case {
        method: "points_statement_html",
        prepare: points_and_a_mug,
        run: |api, ctx| {
            api.points_statement_html(ctx.a, None, None, day()).unwrap();
        },
        expect: &[("points.statement", Who::A, "print")],
    },
    Case {
        method: "save_points_statement",
        prepare: points_and_a_mug,
        run: |api, ctx| {
            let out = ctx.dir.join("积分对账单.pdf");
            api.save_points_statement(ctx.a, None, None, &out, day())
                .unwrap();
        },
        expect: &[("points.statement_export", Who::A, "file")],
    },
    Case {
        method: "reveal_customer",
        prepare: nothing,
        run: |api, ctx| {
            api.reveal_customer(ctx.a, "客户来电核实").unwrap();
        },
        expect: &[("privacy.reveal", Who::A, "customer")],
    },
    Case {
        method: "person_copy",
        prepare: nothing,
        run: |api, _| {
            api.person_copy("A1", day()).unwrap();
        },
        expect: &[("privacy.copy", Who::A, "customer")],
    },
    Case {
        method: "write_person_copy",
        prepare: nothing,
        run: |api, ctx| {
            api.write_person_copy("A1", &ctx.dir.join("副本.json"), day())
                .unwrap();
        },
        expect: &[("privacy.copy", Who::A, "customer")],
    },
    Case {
        method: "erase_customer",
        prepare: nothing,
        run: |api, _| {
            api.erase_customer("A1", "客户本人要求删除").unwrap();
        },
        expect: &[("customer.erase", Who::A, "customer")],
    },
    Case {
        method: "erase_customer_by_id",
        prepare: nothing,
        run: |api, ctx| {
            api.erase_customer_by_id(ctx.a, "客户本人要求删除").unwrap();
        },
        expect: &[("customer.erase", Who::A, "customer")],
    },
    Case {
        method: "write_person_copy_by_id",
        prepare: nothing,
        run: |api, ctx| {
            api.write_person_copy_by_id(ctx.a, &ctx.dir.join("副本.json"), day())
                .unwrap();
        },
        expect: &[("privacy.copy", Who::A, "customer")],
    },
    Case {
        method: "set_masking",
        prepare: add_field,
        run: |api, _| {
            let m = tierdesk_api::domain::Masking {
                mask_email: true,
                sensitive_fields: vec!["vip_no".into()],
            };
            api.set_masking(&m).unwrap();
        },
        expect: &[
            ("setting.set", Who::Nobody, "setting"),
            ("setting.set", Who::Nobody, "setting"),
        ],
    },
    Case {
        method: "set_password",
        prepare: nothing,
        run: |api, _| api.set_password("口令-2026").unwrap(),
        expect: &[("password.set", Who::Nobody, "database")],
    },
    Case {
        method: "change_password",
        prepare: |api, _| api.set_password("口令-2026").unwrap(),
        run: |api, _| api.change_password("口令-2026", "口令-2027").unwrap(),
        expect: &[("password.change", Who::Nobody, "database")],
    },
    Case {
        method: "remove_password",
        prepare: |api, _| api.set_password("口令-2026").unwrap(),
        run: |api, _| api.remove_password("口令-2026").unwrap(),
        expect: &[("password.remove", Who::Nobody, "database")],
    },
    Case {
        method: "backup_now",
        prepare: nothing,
        run: |api, _| {
            api.backup_now(BackupReason::Manual).unwrap();
        },
        expect: &[("backup.create", Who::Nobody, "file")],
    },
    Case {
        method: "backup_at",
        prepare: nothing,
        run: |api, _| {
            let at = day().and_hms_opt(9, 30, 0).unwrap();
            api.backup_at(BackupReason::Manual, at).unwrap();
        },
        expect: &[("backup.create", Who::Nobody, "file")],
    },
    Case {
        method: "backup_before",
        prepare: nothing,
        run: |api, _| {
            api.backup_before(BackupReason::Import).unwrap();
        },
        expect: &[("backup.create", Who::Nobody, "file")],
    },
    Case {
        method: "backup_if_due",
        prepare: nothing,
        run: |api, _| {
            let now = day().and_hms_opt(9, 30, 0).unwrap();
            api.backup_if_due(BackupReason::Daily, now).unwrap();
        },
        expect: &[("backup.create", Who::Nobody, "file")],
    },
    Case {
        method: "backup_to",
        prepare: nothing,
        run: |api, ctx| {
            api.backup_to(&ctx.dir.join("另存.db")).unwrap();
        },
        expect: &[("backup.create", Who::Nobody, "file")],
    },
    Case {
        method: "restore_backup",
        // The restored file holds the log as the backup had it, then the
        // restore's own entry; the entries made since the backup (the
        // backup's own, the safety backup's) stay in the file it replaced,
        // which the safety backup keeps.
        prepare: nothing,
        run: |api, ctx| {
            api.backup_to(&ctx.dir.join("另存.db")).unwrap();
            api.restore_backup(&ctx.dir.join("另存.db")).unwrap();
        },
        expect: &[("backup.restore", Who::Nobody, "file")],
    },
    Case {
        method: "restore_backup_with_password",
        prepare: nothing,
        run: |api, ctx| {
            api.backup_to(&ctx.dir.join("另存.db")).unwrap();
            api.restore_backup_with_password(&ctx.dir.join("另存.db"), None)
                .unwrap();
        },
        expect: &[("backup.restore", Who::Nobody, "file")],
    },
    Case {
        method: "audit_event",
        prepare: nothing,
        run: |api, ctx| {
            let entry = NewEntry::for_customer("privacy.reveal", ctx.a, "查看完整信息 #1")
                .fact("目的", "客户来电核实");
            api.audit_event(&entry).unwrap();
        },
        expect: &[("privacy.reveal", Who::A, "customer")],
    },
    Case {
        method: "add_followup",
        prepare: nothing,
        run: |api, ctx| {
            log_followup(api, ctx.a);
        },
        expect: &[("followup.add", Who::A, "followup")],
    },
    Case {
        method: "edit_followup",
        prepare: |api, ctx| {
            log_followup(api, ctx.a);
        },
        run: |api, ctx| {
            let id = api.customer_followups(ctx.a).unwrap()[0].id;
            let draft = tierdesk_api::domain::FollowupDraft {
                content: "改为上门拜访".into(),
                at: Some("2026-06-29 10:00".into()),
                ..Default::default()
            };
            api.edit_followup(id, draft, day().and_hms_opt(12, 0, 0).unwrap())
                .unwrap();
        },
        expect: &[("followup.edit", Who::A, "followup")],
    },
    Case {
        method: "save_followup",
        prepare: |api, ctx| {
            log_followup(api, ctx.a);
        },
        run: |api, ctx| {
            let f = api.customer_followups(ctx.a).unwrap().remove(0);
            let base = tierdesk_api::domain::merge::EditBase::new(
                f.version,
                tierdesk_api::domain::FollowupDraft::from(&f),
            );
            let draft = tierdesk_api::domain::FollowupDraft {
                content: "改为上门拜访".into(),
                ..tierdesk_api::domain::FollowupDraft::from(&f)
            };
            api.save_followup(f.id, draft, base, day().and_hms_opt(12, 0, 0).unwrap())
                .unwrap();
        },
        expect: &[("followup.edit", Who::A, "followup")],
    },
    Case {
        method: "delete_followup",
        prepare: |api, ctx| {
            log_followup(api, ctx.a);
        },
        run: |api, ctx| {
            let id = api.customer_followups(ctx.a).unwrap()[0].id;
            api.delete_followup(id).unwrap();
        },
        expect: &[("followup.delete", Who::A, "followup")],
    },
    Case {
        method: "open_case",
        prepare: nothing,
        run: |api, ctx| {
            open_case_of(api, ctx.a);
        },
        expect: &[("case.open", Who::A, "case")],
    },
    Case {
        method: "step_case",
        prepare: |api, ctx| {
            open_case_of(api, ctx.a);
        },
        run: |api, _| {
            let now = day().and_hms_opt(10, 0, 0).unwrap();
            let cases = api.list_cases(&Default::default(), now).unwrap();
            let id = cases.items[0].case.id;
            let m = tierdesk_api::domain::case::CaseMove {
                to: tierdesk_api::domain::case::CaseStatus::InProgress,
                note: "已回电".into(),
                resolution: None,
                satisfaction: None,
            };
            api.step_case(id, &m, now).unwrap();
        },
        expect: &[("case.step", Who::A, "case")],
    },
    Case {
        method: "save_case_step",
        prepare: |api, ctx| {
            open_case_of(api, ctx.a);
        },
        run: |api, _| {
            let now = day().and_hms_opt(10, 0, 0).unwrap();
            let case = api.list_cases(&Default::default(), now).unwrap().items[0]
                .case
                .clone();
            let base = tierdesk_api::domain::merge::EditBase::new(
                case.version,
                tierdesk_api::CaseState::from(&case),
            );
            let m = tierdesk_api::domain::case::CaseMove {
                to: tierdesk_api::domain::case::CaseStatus::InProgress,
                note: "已回电".into(),
                resolution: None,
                satisfaction: None,
            };
            api.save_case_step(case.id, &m, base, now).unwrap();
        },
        expect: &[("case.step", Who::A, "case")],
    },
    // Points (POINTS).
    Case {
        method: "points_adjust",
        prepare: nothing,
        run: |api, ctx| {
            api.points_adjust(ctx.a, 100, "补录旧积分", day()).unwrap();
        },
        expect: &[("points.adjust", Who::A, "points")],
    },
    Case {
        method: "points_catalogue_add",
        prepare: nothing,
        run: |api, _| {
            api.points_catalogue_add("保温杯", ItemKind::Gift, 50, Some(3))
                .unwrap();
        },
        expect: &[("points.catalogue", Who::Nobody, "points_item")],
    },
    Case {
        method: "points_catalogue_edit",
        prepare: points_and_a_mug,
        run: |api, _| {
            let mug = api.points_catalogue().unwrap()[0].id;
            let edit = tierdesk_api::PointsItemEdit {
                name: "保温杯".into(),
                kind: ItemKind::Gift,
                price: 50,
                stock: None,
                active: false,
            };
            api.points_catalogue_edit(mug, &edit).unwrap();
        },
        expect: &[("points.catalogue_edit", Who::Nobody, "points_item")],
    },
    Case {
        method: "points_redeem",
        prepare: points_and_a_mug,
        run: |api, ctx| {
            api.points_redeem(ctx.a, "保温杯", 1, day()).unwrap();
        },
        expect: &[("points.redeem", Who::A, "points")],
    },
    Case {
        method: "points_undo",
        prepare: points_and_a_mug,
        run: |api, ctx| {
            let e = api.points_redeem(ctx.a, "保温杯", 1, day()).unwrap();
            api.points_undo(e.id, "客户退回", day()).unwrap();
        },
        expect: &[
            ("points.redeem", Who::A, "points"),
            ("points.undo", Who::A, "points"),
        ],
    },
    Case {
        method: "points_expire",
        prepare: nothing,
        run: |api, _| {
            api.points_expire(day()).unwrap();
        },
        expect: &[("points.expire", Who::Nobody, "points")],
    },
    // Churn alerts (ALERTS).
    Case {
        method: "churn_refresh",
        prepare: lapsed_orders,
        run: |api, _| {
            api.churn_refresh(day()).unwrap();
        },
        expect: &[("churn.refresh", Who::Nobody, "churn")],
    },
    Case {
        method: "churn_refresh_step",
        prepare: lapsed_orders,
        run: |api, _| {
            // Step by step, one customer a part (the app's way): the part
            // that raised the alert accounts for it in its own transaction,
            // and the last part records the refresh's totals.
            let mut run = api.churn_refresh_start_in(day(), 1).unwrap();
            while !api.churn_refresh_step(&mut run).unwrap() {}
            assert_eq!(run.counts().raised, 1);
        },
        expect: &[
            ("churn.refresh_part", Who::Nobody, "churn"),
            ("churn.refresh", Who::Nobody, "churn"),
        ],
    },
    Case {
        method: "churn_set_status",
        prepare: |api, ctx| {
            churn_alert_of_a(api, ctx);
        },
        run: |api, _| {
            let id = api.churn_list(&Default::default()).unwrap().items[0]
                .alert
                .id;
            let m = tierdesk_api::churn_model::alert::AlertMove {
                to: tierdesk_api::churn_model::alert::AlertStatus::Followed,
                note: "王五说下月再订".into(),
            };
            api.churn_set_status(id, &m).unwrap();
        },
        expect: &[("churn.step", Who::A, "churn_alert")],
    },
    // To-dos (TODO).
    Case {
        method: "todo_add",
        prepare: nothing,
        run: |api, ctx| {
            add_todo_a(api, ctx);
        },
        expect: &[("todo.add", Who::A, "todo")],
    },
    Case {
        method: "todo_done",
        prepare: |api, ctx| {
            add_todo_a(api, ctx);
        },
        run: |api, _| {
            let id = api.todos(&Default::default(), noon()).unwrap()[0].id;
            api.todo_done(id, noon()).unwrap();
        },
        expect: &[("todo.done", Who::A, "todo")],
    },
    Case {
        method: "todo_cancel",
        prepare: |api, ctx| {
            add_todo_a(api, ctx);
        },
        run: |api, _| {
            let id = api.todos(&Default::default(), noon()).unwrap()[0].id;
            api.todo_cancel(id, noon()).unwrap();
        },
        expect: &[("todo.cancel", Who::A, "todo")],
    },
    Case {
        method: "todo_postpone",
        prepare: |api, ctx| {
            add_todo_a(api, ctx);
        },
        run: |api, _| {
            let id = api.todos(&Default::default(), noon()).unwrap()[0].id;
            api.todo_postpone(id, day() + chrono::Days::new(3), None, noon())
                .unwrap();
        },
        expect: &[("todo.postpone", Who::A, "todo")],
    },
    Case {
        method: "todo_edit",
        prepare: |api, ctx| {
            add_todo_a(api, ctx);
        },
        run: |api, ctx| {
            let id = api.todos(&Default::default(), noon()).unwrap()[0].id;
            let req = tierdesk_api::TodoRequest {
                customer_id: Some(ctx.a),
                kind: None,
                title: "送生日礼品和贺卡".into(),
                note: String::new(),
                due_on: day(),
                due_time: Some("15:00".into()),
                owner: "李经理".into(),
                repeat: None,
            };
            api.todo_edit(id, &req, noon()).unwrap();
        },
        expect: &[("todo.edit", Who::A, "todo")],
    },
    Case {
        method: "refresh_todos",
        prepare: nothing,
        run: |api, _| {
            // A (gold) and B (silver) were never contacted: a visit each.
            let r = api.refresh_todos(day()).unwrap();
            assert_eq!(r.visits, 2);
        },
        expect: &[("todo.refresh", Who::Nobody, "todo")],
    },
    Case {
        method: "todo_refresh_step",
        prepare: nothing,
        run: |api, _| {
            // Step by step (the app's timer): one entry for the whole run.
            let mut run = api.todo_refresh_start(day()).unwrap();
            while !api.todo_refresh_step(&mut run).unwrap() {}
            assert_eq!(run.done().visits, 2);
        },
        expect: &[("todo.refresh", Who::Nobody, "todo")],
    },
    Case {
        method: "fill_demo_todos",
        prepare: nothing,
        run: |api, _| {
            assert_eq!(api.fill_demo_todos(40, day()).unwrap(), 40);
        },
        expect: &[("demo.load", Who::Nobody, "todo")],
    },
    Case {
        method: "fill_churn_demo_lines",
        prepare: nothing,
        run: |api, _| {
            assert!(api.fill_churn_demo_lines(40, day(), |_| {}).unwrap() > 0);
        },
        expect: &[("import.run", Who::Nobody, "import")],
    },
];

/// Writers whose entries the helper that wrote them checks in its own
/// tests (file named), listed so that the derived list stays complete.
const CHECKED_ELSEWHERE: &[(&str, &str)] = &[
    (
        "set_customer_owner",
        "tests/api/owner.rs: owners exist on a team database only (this table's fixture is a file)",
    ),
    (
        "copy_to_team",
        "team_copy.rs: the copy writes only into an empty team database (its team.copy entry there), never into this fixture",
    ),
    (
        "create_first_admin",
        "users.rs: only on an empty team database, which the fixture is not",
    ),
    (
        "apply_evaluation_timed",
        "apply_evaluation is this method without its times (for the benchmarks): its rating.apply row in CASES",
    ),
];

/// A fresh database: the built-in schemes saved, customer A (gold, with a
/// phone) and customer B.
fn fixture(api: &mut Api, dir: &Path) -> Ctx {
    api.set_actor("张三", Source::App);
    api.schemes().unwrap();
    let mut add = |code: &str, name: &str, tier: &str| {
        api.create_customer(CustomerDraft {
            code: Some(code.into()),
            name: name.into(),
            phone: Some("13812345678".into()),
            spend: Some(150_000.0),
            tier: Some(tier.into()),
            ..Default::default()
        })
        .unwrap()
        .id
    };
    let a = add("A1", "王五", "gold");
    let b = add("B1", "赵六", "silver");
    Ctx {
        a,
        b,
        dir: dir.to_owned(),
    }
}

/// Entries newer than `after`, oldest first. A backup taken before a
/// large write is the backup's own entry, left out here (the backup rows
/// check theirs with `entries_with_backups`).
fn entries_after(api: &Api, after: i64) -> Vec<AuditEntry> {
    let mut all = entries_with_backups(api, after);
    all.retain(|e| !e.action.starts_with("backup."));
    all
}

fn entries_with_backups(api: &Api, after: i64) -> Vec<AuditEntry> {
    let mut all = api
        .audit_list(&AuditFilter {
            limit: Some(10_000),
            ..Default::default()
        })
        .unwrap()
        .items;
    all.retain(|e| e.id > after);
    all.reverse();
    all
}

fn newest_id(api: &Api) -> i64 {
    api.audit_list(&AuditFilter {
        limit: Some(1),
        ..Default::default()
    })
    .unwrap()
    .items
    .first()
    .map_or(0, |e| e.id)
}

#[test]
fn every_writing_method_leaves_exactly_its_entries() {
    for team in team_choices() {
        for case in CASES {
            if team && FILE_ONLY.contains(&case.method) || !team && TEAM_ONLY.contains(&case.method)
            {
                continue;
            }
            let dir = TestDir::new();
            let mut api = new_api(team, dir.path());
            let ctx = fixture(&mut api, dir.path());
            (case.prepare)(&mut api, &ctx);
            let mark = newest_id(&api);
            let before_ids: Vec<i64> = crate::import::all(&api).iter().map(|c| c.id).collect();
            (case.run)(&mut api, &ctx);
            let added = crate::import::all(&api)
                .iter()
                .map(|c| c.id)
                .find(|id| !before_ids.contains(id));
            let backups = case.expect.iter().any(|(a, _, _)| a.starts_with("backup."));
            let entries = if backups {
                entries_with_backups(&api, mark)
            } else {
                entries_after(&api, mark)
            };
            // A summary stays for ever: never a name, a phone or a code.
            for e in &entries {
                assert!(
                    !["王五", "赵六", "138", "A1", "B1"]
                        .iter()
                        .any(|p| e.summary.contains(p)),
                    "{}: {}",
                    case.method,
                    e.summary
                );
            }
            let got: Vec<(String, Option<i64>, String, String, Source)> = entries
                .into_iter()
                .map(|e| (e.action, e.customer_id, e.object_kind, e.actor, e.source))
                .collect();
            let want: Vec<(String, Option<i64>, String, String, Source)> = case
                .expect
                .iter()
                .map(|(action, who, kind)| {
                    let id = match who {
                        Who::Nobody => None,
                        Who::A => Some(ctx.a),
                        Who::B => Some(ctx.b),
                        Who::Added => added,
                    };
                    (
                        action.to_string(),
                        id,
                        kind.to_string(),
                        "张三".to_owned(),
                        Source::App,
                    )
                })
                .collect();
            assert_eq!(got, want, "{}", case.method);
            let check = api.audit_verify().unwrap();
            assert_eq!(check.broken, None, "{}: {}", case.method, check.message);
        }
    }
}

/// The writers about the database file itself (its password, its backups,
/// 我的名字 — on a team database the signed-in user is who acts): on a team
/// database they refuse, in Chinese, and write nothing (the backups before a
/// change and when due are skipped there).
const FILE_ONLY: &[&str] = &[
    "set_my_name",
    "set_password",
    "change_password",
    "remove_password",
    "backup_now",
    "backup_at",
    "backup_before",
    "backup_if_due",
    "backup_to",
    "restore_backup",
    "restore_backup_with_password",
];

#[test]
fn the_file_only_writers_refuse_or_skip_on_a_team_database_and_write_nothing() {
    let Some(mut api) = team_api() else { return };
    let dir = TestDir::new();
    let ctx = fixture(&mut api, dir.path());
    let mark = newest_id(&api);
    let copy = ctx.dir.join("另存.db");
    let now =
        chrono::NaiveDateTime::parse_from_str("2026-06-30 09:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
    let refusals: Vec<(&str, tierdesk_api::ApiError)> = vec![
        ("set_my_name", api.set_my_name("王小丽").unwrap_err()),
        ("set_password", api.set_password("口令-2026").unwrap_err()),
        (
            "change_password",
            api.change_password("口令-2026", "口令-2027").unwrap_err(),
        ),
        (
            "remove_password",
            api.remove_password("口令-2026").unwrap_err(),
        ),
        (
            "backup_now",
            api.backup_now(BackupReason::Manual).unwrap_err(),
        ),
        (
            "backup_at",
            api.backup_at(BackupReason::Manual, now).unwrap_err(),
        ),
        ("backup_to", api.backup_to(&copy).unwrap_err()),
        ("restore_backup", api.restore_backup(&copy).unwrap_err()),
        (
            "restore_backup_with_password",
            api.restore_backup_with_password(&copy, Some("口令-2026"))
                .unwrap_err(),
        ),
    ];
    // The backups taken before a large change and when due are skipped
    // quietly, as for a database in memory: an import still goes ahead.
    assert!(api.backup_before(BackupReason::Import).unwrap().is_none());
    assert!(api
        .backup_if_due(BackupReason::Daily, now)
        .unwrap()
        .is_none());
    let mut named: Vec<&str> = refusals.iter().map(|(m, _)| *m).collect();
    named.extend(["backup_before", "backup_if_due"]);
    named.sort_unstable();
    let mut all = FILE_ONLY.to_vec();
    all.sort_unstable();
    assert_eq!(named, all);
    for (method, e) in &refusals {
        let key = e.msg.as_ref().map(|m| m.key.as_str());
        let want = match *method {
            "set_my_name" => "team.my_name",
            _ => "team.file_only",
        };
        assert_eq!(key, Some(want), "{method}: {}", e.message);
        assert!(
            e.message.contains("本机数据库文件"),
            "{method}: {}",
            e.message
        );
    }
    assert!(!copy.exists());
    assert!(entries_with_backups(&api, mark).is_empty());
}

#[test]
fn edits_carry_each_changed_field_before_and_after() {
    each_api_with_dir(|api, dir| {
        let ctx = fixture(api, dir);
        let mark = newest_id(api);
        let mut d = draft_of(api, ctx.a);
        d.phone = Some("13700000000".into());
        d.tier = Some("silver".into());
        d.notes = Some("改为银牌".into());
        api.update_customer_with_reason(ctx.a, d, "客户要求", "测试")
            .unwrap();
        let entries = entries_after(api, mark);
        let changes = |e: &AuditEntry| -> Vec<(String, Option<String>, Option<String>)> {
            let details = e.details.as_ref().expect("details");
            details
                .changes
                .iter()
                .map(|c| (c.field.clone(), c.before.clone(), c.after.clone()))
                .collect()
        };
        assert_eq!(
            changes(&entries[0]),
            [("tier".into(), Some("gold".into()), Some("silver".into()))]
        );
        let reason = &entries[0].details.as_ref().unwrap().facts[0];
        assert_eq!(
            (reason.name.as_str(), reason.value.as_str()),
            ("原因", "手工调整：客户要求")
        );
        assert_eq!(
            changes(&entries[1]),
            [
                // Shown masked, as the lists show phones.
                (
                    "phone".into(),
                    Some("138****5678".into()),
                    Some("137****0000".into())
                ),
                ("notes".into(), None, Some("改为银牌".into())),
            ]
        );
        // The summary names fields, never values, and the customer only by id.
        for e in &entries {
            assert!(
                !e.summary.contains("138")
                    && !e.summary.contains("王五")
                    && !e.summary.contains("A1"),
                "{}",
                e.summary
            );
            assert_eq!(e.customer_code.as_deref(), Some("A1"));
        }
        assert_eq!(
            entries[1].summary,
            format!("修改客户 #{}：联系方式、备注", ctx.a)
        );
        // A customer's own log has them, newest first, after the addition.
        let own: Vec<String> = api
            .customer_log(ctx.a)
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert_eq!(own, ["customer.edit", "tier.manual", "customer.add"]);
        // Saving again without a change records nothing.
        let mark = newest_id(api);
        api.update_customer(ctx.a, draft_of(api, ctx.a)).unwrap();
        assert!(entries_after(api, mark).is_empty());
    });
}

#[test]
fn a_failed_write_leaves_no_entry() {
    each_api_with_dir(|api, dir| {
        let ctx = fixture(api, dir);
        let mark = newest_id(api);
        let mut d = draft_of(api, ctx.b);
        d.code = Some("A1".into());
        assert!(api.update_customer(ctx.b, d).is_err(), "code in use");
        assert!(api.remove_field_def("nothing").is_err());
        assert!(entries_after(api, mark).is_empty());
    });
}

/// Every `fn` in the `.rs` files under `dir`: (name, public method of
/// `self`, its text up to the next `fn`).
fn functions(dir: &Path, out: &mut Vec<(String, bool, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            functions(&path, out);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut current: Option<(String, bool, String)> = None;
        for line in text.lines() {
            let t = line.trim_start();
            let decl = ["pub fn ", "pub(crate) fn ", "pub(super) fn ", "fn "]
                .iter()
                .find_map(|p| {
                    t.strip_prefix(p)
                        .map(|rest| (p.starts_with("pub fn"), rest))
                });
            if let Some((public, rest)) = decl {
                out.extend(current.take());
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                current = Some((name, public, String::new()));
            }
            if let Some((_, _, body)) = current.as_mut() {
                body.push_str(line);
                body.push('\n');
            }
        }
        out.extend(current);
    }
}

/// The names in `fns` that reach a seed through calls `pattern(name)`.
fn reaching(
    fns: &[(String, bool, String)],
    seed: impl Fn(&str) -> bool,
    call: impl Fn(&str) -> String,
    skip: &[&str],
) -> std::collections::BTreeSet<String> {
    let mut found: std::collections::BTreeSet<String> = fns
        .iter()
        .filter(|(name, _, body)| !skip.contains(&name.as_str()) && seed(body))
        .map(|(name, _, _)| name.clone())
        .collect();
    loop {
        let more: Vec<String> = fns
            .iter()
            .filter(|(name, _, body)| {
                !skip.contains(&name.as_str())
                    && !found.contains(name)
                    && found.iter().any(|w| body.contains(&call(w)))
            })
            .map(|(name, _, _)| name.clone())
            .collect();
        if more.is_empty() {
            return found;
        }
        found.extend(more);
    }
}

/// The public API methods that write, read from the source: store methods
/// that take the write door (directly or through another store method),
/// then API methods that call one of them (directly or through another).
fn writing_methods() -> std::collections::BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut store = Vec::new();
    functions(&root.join("../tierdesk-store/src"), &mut store);
    // The door itself, and the page check and statistics, which change no data.
    let store_skip = ["writable", "write", "write_with_audit", "verify", "analyze"];
    let doors = [
        ".writable()",
        ".write()",
        ".write_with_audit(",
        ".begin_line_import(",
    ];
    let store_writers = reaching(
        &store,
        |body| doors.iter().any(|d| body.contains(d)),
        |name| format!("self.{name}("),
        &store_skip,
    );
    let mut api = Vec::new();
    functions(&root.join("src"), &mut api);
    // Saving the built-in schemes the first time a scheme is read is set-up
    // (its entries appear once per file), not the reading method's write.
    let writers = reaching(
        &api,
        |body| {
            // rustfmt may break `self.store.write(` over lines.
            let flat: String = body.split_whitespace().collect();
            store_writers
                .iter()
                .any(|w| flat.contains(&format!(".store.{w}(")))
        },
        |name| format!("self.{name}("),
        &["ensure_schemes"],
    );
    api.iter()
        .filter(|(name, public, body)| {
            let signature = body.split('{').next().unwrap_or_default();
            *public && writers.contains(name) && signature.contains("self")
        })
        .map(|(name, _, _)| name.clone())
        .collect()
}

#[test]
fn the_table_covers_every_writing_method() {
    let derived = writing_methods();
    let listed: std::collections::BTreeSet<String> = CASES
        .iter()
        .map(|c| c.method)
        .chain(CHECKED_ELSEWHERE.iter().map(|(m, _)| *m))
        .map(str::to_owned)
        .collect();
    let missing: Vec<&String> = derived.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "public methods that write without a row in CASES (add one with the entries they \
         leave): {missing:?}"
    );
    // The derivation sees the writers the table tests (a sanity check on it).
    for case in CASES {
        assert!(
            derived.contains(case.method),
            "{} is not found writing",
            case.method
        );
    }
}

#[test]
fn outputs_say_what_how_many_people_and_whether_masked() {
    each_api_with_dir(|api, dir| {
        let ctx = fixture(api, dir);
        let mark = newest_id(api);
        let query = tierdesk_api::domain::CustomerQuery::default();
        for masked in [true, false] {
            api.export_customers(&query, masked, &ctx.dir.join("客户.xlsx"), &mut |_, _| {})
                .unwrap();
        }
        let facts: Vec<Vec<(String, String)>> = entries_after(api, mark)
            .iter()
            .map(|e| {
                let d = e.details.as_ref().unwrap();
                d.facts
                    .iter()
                    .map(|f| (f.name.clone(), f.value.clone()))
                    .collect()
            })
            .collect();
        let file = ctx.dir.join("客户.xlsx").display().to_string();
        let expect = |masked: &str| {
            vec![
                ("内容".to_owned(), "客户名单".to_owned()),
                ("客户人数".to_owned(), "2".to_owned()),
                ("是否隐藏".to_owned(), masked.to_owned()),
                ("文件".to_owned(), file.clone()),
            ]
        };
        assert_eq!(facts, [expect("是"), expect("否")]);
    });
}

/// The writers that exist on a team database only (users and sign-in).
const TEAM_ONLY: &[&str] = &[
    "add_user",
    "edit_user",
    "set_user_password",
    "sign_in",
    "change_my_password",
];

const ZHANG_PASSWORD: &str = "zhang-secret-1";

fn zhang_draft(role: Role) -> UserDraft {
    UserDraft {
        login: "zhang".into(),
        name: "张三".into(),
        role,
        active: true,
        password: Some(ZHANG_PASSWORD.into()),
    }
}

/// A user named 张三 (as the fixture's actor), login `zhang`.
fn add_user_zhang(api: &mut Api, role: Role) {
    api.add_user(&zhang_draft(role)).unwrap();
}

fn zhang_id(api: &Api) -> i64 {
    let users = api.users().unwrap();
    users.iter().find(|u| u.login == "zhang").unwrap().id
}

/// The writers a 只读 user may still run: outputs that change no data and
/// leave their entry (prints, statements, a reveal), and his own password.
const VIEWER_MAY: &[&str] = &[
    "audit_event",
    "benefit_statement_html",
    "export_report",
    "points_statement_html",
    "report_html",
    "reveal_contact",
    "reveal_customer",
    "save_points_statement",
    "sign_in",
    "change_my_password",
];

/// Every other writer of the table is refused to a 只读 user on a team
/// database, with `forbidden`, and leaves nothing: a writer added to CASES
/// without its permission check fails here.
#[test]
fn a_viewer_is_refused_every_writer_on_a_team_database() {
    if tierdesk_api::testing::backends() < 2 {
        return;
    }
    let mut refused = 0;
    for case in CASES {
        if FILE_ONLY.contains(&case.method) || VIEWER_MAY.contains(&case.method) {
            continue;
        }
        let dir = TestDir::new();
        let mut api = team_api().expect("a team database");
        let ctx = fixture(&mut api, dir.path());
        (case.prepare)(&mut api, &ctx);
        api.add_user(&UserDraft {
            login: "look".into(),
            name: "只读员".into(),
            role: Role::Viewer,
            active: true,
            password: Some(ZHANG_PASSWORD.into()),
        })
        .unwrap();
        api.sign_out();
        api.sign_in("look", ZHANG_PASSWORD).unwrap();
        let mark = newest_id(&api);
        let ran =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (case.run)(&mut api, &ctx)));
        let panic = ran.expect_err(case.method);
        let said = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        assert!(said.contains("code: Forbidden"), "{}: {said}", case.method);
        assert_eq!(newest_id(&api), mark, "{}", case.method);
        refused += 1;
    }
    // Most of the table (the file-only and viewer-allowed rows aside).
    assert!(refused >= 60, "{refused}");
}
