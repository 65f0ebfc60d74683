// The scheme editor's churn warning settings (流失预警): per tier 节奏倍数 k,
// 常规间隔（天）, 消费下降（%） and 仍在购买可能低于（%）, each empty box showing
// the default for the tier's place (`churnDefaults`, from Rust's
// `TierChurn::default_for`); and the scheme's switches for the four rules
// with the survey window. Reading and writing the draft is in churnSettings.ts.
import { Checkbox, InputNumber, Space, Typography } from "antd";
import type { TierChurn } from "../ipc/api";
import type { T } from "../i18n";
import { CHURN_FIELDS, CHURN_RULES, DEFAULT_SURVEY_DAYS, defaultShown, ruleOn, shownValue, type ChurnField, type ChurnRuleKey } from "./churnSettings";

export function churnColumns<R extends Record<string, unknown>>(t: T, defaults: TierChurn[], set: (i: number, field: ChurnField, shown: number | null) => void) {
  return CHURN_FIELDS.map((f) => ({
    title: t(f.label),
    key: `churn-${f.field}`,
    width: 130,
    render: (_: unknown, r: R, i: number) => {
      const churn = (r.churn ?? {}) as Record<string, unknown>;
      const d = defaultShown(defaults[i], f.field);
      return (
        <InputNumber
          min={f.min}
          max={f.max}
          step={f.step}
          style={{ width: 110 }}
          value={shownValue(f.field, churn[f.field])}
          placeholder={d === null ? "" : t("careDefault", { n: d })}
          title={t(f.label)}
          data-testid={`churn-${f.field}-${i}`}
          onChange={(v) => set(i, f.field, typeof v === "number" ? v : null)}
        />
      );
    },
  }));
}

/** The four rule switches and the survey window of `[churn]`. */
export function ChurnRulesBar({ t, table, set }: { t: T; table: unknown; set: (key: ChurnRuleKey | "survey_days", value: boolean | number | null) => void }) {
  const days = (table as Record<string, unknown> | undefined)?.survey_days;
  return (
    <Space wrap data-testid="churn-rules">
      <Typography.Text strong>{t("churnRules")}</Typography.Text>
      {CHURN_RULES.map((r) => (
        <Checkbox key={r.key} checked={ruleOn(table, r.key)} data-testid={`churn-rule-${r.key}`} onChange={(e) => set(r.key, e.target.checked)}>
          {t(r.label)}
        </Checkbox>
      ))}
      <span>{t("churnSurveyDays")}</span>
      <InputNumber min={1} max={3650} style={{ width: 110 }} value={typeof days === "number" ? days : null}
        placeholder={t("careDefault", { n: DEFAULT_SURVEY_DAYS })} data-testid="churn-survey-days"
        onChange={(v) => set("survey_days", typeof v === "number" ? v : null)} />
    </Space>
  );
}
