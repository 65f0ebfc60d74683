// The scheme editor's per-tier care settings: 回访周期（天）, 投诉响应时限（小时）
// and 投诉解决时限（小时）. An empty field keeps the default for the tier's
// place (`careDefaults`, from Rust's `TierCare::default_for`), shown as its
// placeholder; 0 days turns regular visits off.
import { InputNumber, Space } from "antd";
import type { TierCare } from "../ipc/api";
import type { T } from "../i18n";

type Field = "visit_days" | "response_hours" | "resolve_hours";

const FIELDS: { field: Field; label: "careVisitDays" | "careResponseHours" | "careResolveHours"; max: number }[] = [
  { field: "visit_days", label: "careVisitDays", max: 3650 },
  { field: "response_hours", label: "careResponseHours", max: 8760 },
  { field: "resolve_hours", label: "careResolveHours", max: 8760 },
];

function placeholder(t: T, d: TierCare | undefined, field: Field): string {
  if (!d) return "";
  const v = d[field];
  return v == null ? t("careNone") : t("careDefault", { n: v });
}

export function careColumn<R extends Record<string, unknown>>(t: T, defaults: TierCare[], set: (i: number, field: Field, v: number | null) => void) {
  return {
    title: FIELDS.map((f) => t(f.label)).join(" / "),
    key: "care",
    width: 330,
    render: (_: unknown, r: R, i: number) => {
      const care = (r.care ?? {}) as Partial<Record<Field, number>>;
      return (
        <Space size={4}>
          {FIELDS.map((f) => (
            <InputNumber
              key={f.field}
              min={0}
              max={f.max}
              style={{ width: 100 }}
              value={care[f.field] ?? null}
              placeholder={placeholder(t, defaults[i], f.field)}
              title={t(f.label)}
              data-testid={`care-${f.field}-${i}`}
              onChange={(v) => set(i, f.field, v)}
            />
          ))}
        </Space>
      );
    },
  };
}
