// 积分 tab of the scheme editor: points on/off, ¥ per point, value per point,
// expiry, and each tier's multiplier, written into the draft through
// pointsSettings.ts (a box left empty keeps Rust's default).
import { Alert, InputNumber, Select, Space, Switch, Table, Tag, Typography } from "antd";
import type { T } from "../i18n";
import { expiryOf, multiplierOf, pointsNumber, pointsOn, POINTS_LIMITS, withExpiry, withMultiplier, withPoints, type ExpiryKind } from "./pointsSettings";

type Tier = { key: string; name: string; color: string; [k: string]: unknown };
type Draft = { tiers: Tier[]; [k: string]: unknown };

export function PointsSettings({ t, draft, update }: { t: T; draft: Draft; update: (f: (d: Draft) => void) => void }) {
  const on = pointsOn(draft.points);
  const expiry = expiryOf(draft.points);
  const L = POINTS_LIMITS;
  return (
    <Space direction="vertical" style={{ width: "100%" }} data-testid="points-settings">
      <Space>
        <Switch checked={on} data-testid="points-enabled" onChange={(v) => update((d) => { d.points = withPoints(d.points, "enabled", v); })} />
        <span>{t("pointsEnabled")}</span>
      </Space>
      {!on && <Alert type="info" showIcon message={t("pointsOffHint")} />}
      <Space wrap>
        <span>{t("pointsYuanPerPoint")}</span>
        <InputNumber min={L.yuan_per_point.min} max={L.yuan_per_point.max} step={1} placeholder="10" value={pointsNumber(draft.points, "yuan_per_point")}
          data-testid="points-yuan-per-point" onChange={(v) => update((d) => { d.points = withPoints(d.points, "yuan_per_point", v); })} />
        <span>{t("pointsValuePerPoint")}</span>
        <InputNumber min={L.value_per_point.min} max={L.value_per_point.max} step={0.01} placeholder="0.01" value={pointsNumber(draft.points, "value_per_point")}
          data-testid="points-value-per-point" onChange={(v) => update((d) => { d.points = withPoints(d.points, "value_per_point", v); })} />
      </Space>
      <Space wrap>
        <span>{t("pointsExpiry")}</span>
        <Select<ExpiryKind> style={{ width: 160 }} value={expiry.kind} data-testid="points-expiry-kind"
          onChange={(k) => update((d) => { d.points = withExpiry(d.points, k, null); })}
          options={[
            { value: "year_end", label: t("pointsExpiryYearEnd") },
            { value: "months", label: t("pointsExpiryMonths") },
            { value: "never", label: t("pointsExpiryNever") },
          ]} />
        {expiry.kind !== "never" && (
          <InputNumber precision={0} data-testid="points-expiry-n"
            min={expiry.kind === "months" ? L.months.min : L.years.min} max={expiry.kind === "months" ? L.months.max : L.years.max}
            placeholder={expiry.kind === "months" ? "24" : "1"} value={expiry.n}
            addonAfter={expiry.kind === "months" ? t("pointsExpiryMonthsUnit") : t("pointsExpiryYearsUnit")}
            onChange={(v) => update((d) => { d.points = withExpiry(d.points, expiry.kind, v); })} />
        )}
      </Space>
      <Table<Tier> size="small" rowKey="key" pagination={false} dataSource={draft.tiers} data-testid="points-multipliers" columns={[
        { title: t("tier"), key: "name", width: 110, render: (_, r) => <Tag color={r.color}>{r.name}</Tag> },
        {
          title: t("pointsMultiplier"), key: "multiplier",
          render: (_, r, i) => (
            <InputNumber min={L.multiplier.min} max={L.multiplier.max} step={0.1} value={multiplierOf(r.points)} addonBefore="×"
              data-testid={`points-multiplier-${r.key}`}
              onChange={(v) => update((d) => { d.tiers[i].points = withMultiplier(d.tiers[i].points, v); })} />
          ),
        },
      ]} />
      <Typography.Text type="secondary">{t("pointsMultiplierHelp")}</Typography.Text>
    </Space>
  );
}
