// 流失预警: the open alerts (or any status) by value at risk, filters (tier,
// level, 客户经理, reason, status), each row's reasons in words, 「刷新预警」,
// and each alert opened in a drawer with its steps and the next ones.
import { useCallback, useEffect, useState } from "react";
import { App, Button, Select, Space, Table, Tag, Typography } from "antd";
import { ReloadOutlined } from "@ant-design/icons";
import { api, asApiError, type AlertLevel, type AlertStatus, type ChurnChoices, type ChurnLine } from "../ipc/api";
import { useI18n } from "../i18n";
import { ChurnDrawer } from "./ChurnDrawer";
import { LEVELS, STATUSES, levelColor, levelText, statusColor, statusText, yuan } from "./churnText";
import { useCan } from "../team/session";

/** "open" stands for 新 and 已跟进 together. */
type StatusPick = AlertStatus | "open" | null;

/** Alerts per page of the list; each page is read from the store. */
const PAGE_SIZE = 50;

export function ChurnPage() {
  const { t } = useI18n();
  // 刷新预警 writes alerts: not for a 只读 user.
  const mayRefresh = useCan("edit_own");
  const { message } = App.useApp();
  const [status, setStatus] = useState<StatusPick>("open");
  const [level, setLevel] = useState<AlertLevel | null>(null);
  const [tier, setTier] = useState<string | null>(null);
  const [owner, setOwner] = useState<string | null>(null);
  const [rule, setRule] = useState<string | null>(null);
  const [items, setItems] = useState<ChurnLine[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [refreshing, setRefreshing] = useState(false);
  const [choices, setChoices] = useState<ChurnChoices | null>(null);
  const [shown, setShown] = useState<number | null>(null);
  // The list is paged by the store (at a million customers there can be hundreds of thousands of alerts).
  const [page, setPage] = useState(1);
  useEffect(() => { setPage(1); }, [status, level, tier, owner, rule]);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const got = await api.churnList({
        tier,
        level,
        owner,
        rule,
        status: status === "open" ? null : status,
        include_closed: status === null,
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      });
      setItems(got.items);
      setTotal(got.total);
      setChoices(await api.churnChoices());
    } catch (e) {
      message.error(asApiError(e).message);
    } finally {
      setLoading(false);
    }
  }, [status, level, tier, owner, rule, page, message]);
  useEffect(() => { void load(); }, [load]);

  const refresh = async () => {
    setRefreshing(true);
    try {
      const c = await api.churnRefresh();
      message.success(t("churnRefreshed", { raised: c.raised, updated: c.updated, gone: c.gone, open: c.open, high: c.open_high }));
      await load();
    } catch (e) {
      message.error(asApiError(e).message);
    } finally {
      setRefreshing(false);
    }
  };

  const last = choices?.last_refresh;
  const ruleName = (key: string) => choices?.rules.find(([k]) => k === key)?.[1] ?? key;
  return (
    <div data-testid="churn-page">
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>{t("churnTitle")}</Typography.Title>
        {mayRefresh && (
          <Button type="primary" icon={<ReloadOutlined />} loading={refreshing} onClick={() => void refresh()} data-testid="churn-refresh">
            {t("churnRefresh")}
          </Button>
        )}
        <Select<StatusPick>
          style={{ width: 120 }}
          value={status}
          onChange={setStatus}
          data-testid="churn-filter-status"
          options={[
            { value: "open", label: t("churnFilterOpen") },
            { value: null, label: t("churnFilterAllStatus") },
            ...STATUSES.map((s) => ({ value: s, label: statusText(t, s) })),
          ]}
        />
        <Select<AlertLevel | null>
          style={{ width: 110 }}
          value={level}
          onChange={setLevel}
          data-testid="churn-filter-level"
          options={[{ value: null, label: t("churnFilterAllLevels") }, ...LEVELS.map((l) => ({ value: l, label: levelText(t, l) }))]}
        />
        <Select<string | null>
          style={{ width: 130 }}
          value={tier}
          onChange={setTier}
          data-testid="churn-filter-tier"
          options={[{ value: null, label: t("churnFilterAllTiers") }, ...(choices?.tiers ?? []).map((x) => ({ value: x.key, label: x.name }))]}
        />
        <Select<string | null>
          style={{ width: 130 }}
          value={owner}
          onChange={setOwner}
          data-testid="churn-filter-owner"
          options={[{ value: null, label: t("churnFilterAllOwners") }, ...(choices?.owners ?? []).map((o) => ({ value: o, label: o }))]}
        />
        <Select<string | null>
          style={{ width: 130 }}
          value={rule}
          onChange={setRule}
          data-testid="churn-filter-rule"
          options={[{ value: null, label: t("churnFilterAllRules") }, ...(choices?.rules ?? []).map(([k, label]) => ({ value: k, label }))]}
        />
        <Typography.Text type="secondary" data-testid="churn-total">{t("churnTotal", { n: total })}</Typography.Text>
        <Typography.Text type="secondary" data-testid="churn-last-refresh">
          {last ? t("churnLastRefresh", { at: last.computed_at.slice(0, 16), asOf: last.as_of }) : t("churnNeverRefreshed")}
        </Typography.Text>
      </Space>
      <Table<ChurnLine>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={{ current: page, pageSize: PAGE_SIZE, total, showSizeChanger: false, hideOnSinglePage: true, onChange: setPage }}
        locale={{ emptyText: t("churnEmpty") }}
        onRow={(a) => ({ onClick: () => setShown(a.id), style: { cursor: "pointer" }, "data-testid": `churn-row-${a.customer_code ?? a.customer_id}` }) as never}
        columns={[
          { title: t("churnCustomer"), key: "customer", width: 130, render: (_: unknown, a: ChurnLine) => <a data-testid={`churn-open-${a.id}`}>{a.customer_name}</a> },
          { title: t("churnTier"), key: "tier", width: 80, render: (_: unknown, a: ChurnLine) => a.tier_label?.name ?? a.tier ?? t("churnNoTier") },
          {
            title: t("churnLevel"),
            key: "level",
            width: 70,
            render: (_: unknown, a: ChurnLine) => <Tag color={levelColor[a.level]} data-testid={`churn-level-${a.id}`}>{levelText(t, a.level)}</Tag>,
          },
          {
            title: t("churnReasons"),
            key: "reasons",
            render: (_: unknown, a: ChurnLine) => (
              <div data-testid={`churn-reasons-${a.id}`}>
                {a.reasons.map((r) => (
                  <div key={r.rule}>
                    <Tag>{ruleName(r.rule)}</Tag>
                    {r.reason}
                  </div>
                ))}
                {a.signals_gone_on && <Tag color="green">{t("churnSignalsGone")}</Tag>}
              </div>
            ),
          },
          { title: t("churnValueAtRisk"), key: "var", width: 110, align: "right" as const, render: (_: unknown, a: ChurnLine) => yuan(a.value_at_risk) },
          { title: t("churnOwner"), dataIndex: "owner", width: 100 },
          {
            title: t("churnStatus"),
            key: "status",
            width: 80,
            render: (_: unknown, a: ChurnLine) => <Tag color={statusColor[a.status]} data-testid={`churn-status-${a.id}`}>{statusText(t, a.status)}</Tag>,
          },
          { title: t("churnRaisedAt"), dataIndex: "raised_on", width: 100 },
        ]}
      />
      <ChurnDrawer alertId={shown} onClose={() => setShown(null)} onChanged={() => void load()} />
    </div>
  );
}

export default ChurnPage;
