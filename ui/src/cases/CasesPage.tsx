// 投诉与反馈: every complaint and piece of feedback, overdue ones at the top
// in red, with filters (status, type, tier, owner, overdue), 新建投诉, and
// each case opened in a drawer with its steps.
import { useCallback, useEffect, useState } from "react";
import { App, Button, Select, Space, Switch, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { api, asApiError, type CaseFilter, type CaseLine, type CaseStatus, type CaseType, type TierLabel } from "../ipc/api";
import { useI18n } from "../i18n";
import { CaseDialogs } from "./CaseDialogs";
import { CasesTable } from "./CasesTable";
import { KINDS, STATUSES, kindText, statusText } from "./caseText";

/** "open" stands for every status not yet finished. */
type StatusPick = CaseStatus | "open" | null;

export function CasesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [status, setStatus] = useState<StatusPick>("open");
  const [kind, setKind] = useState<CaseType | null>(null);
  const [tier, setTier] = useState<string | null>(null);
  const [owner, setOwner] = useState<string | null>(null);
  const [overdue, setOverdue] = useState(false);
  const [items, setItems] = useState<CaseLine[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [tiers, setTiers] = useState<TierLabel[]>([]);
  const [owners, setOwners] = useState<string[]>([]);
  const [adding, setAdding] = useState(false);
  const [shown, setShown] = useState<number | null>(null);

  useEffect(() => {
    api.tierLabels().then(setTiers).catch(() => setTiers([]));
  }, []);

  const load = useCallback(async () => {
    setLoading(true);
    const filter: CaseFilter = {
      status: status === "open" ? null : status,
      open: status === "open",
      kind,
      tier,
      owner,
      overdue,
      customer_id: null,
      limit: 1000,
      offset: null,
    };
    try {
      const page = await api.caseList(filter);
      setItems(page.items);
      setTotal(page.total);
      setOwners((await api.caseChoices()).owners);
    } catch (e) {
      message.error(asApiError(e).message);
    } finally {
      setLoading(false);
    }
  }, [status, kind, tier, owner, overdue, message]);
  useEffect(() => { void load(); }, [load]);

  return (
    <div data-testid="cases-page">
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>{t("casesTitle")}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="case-new">{t("caseNew")}</Button>
        <Select<StatusPick>
          style={{ width: 130 }}
          value={status}
          onChange={setStatus}
          data-testid="case-filter-status"
          options={[
            { value: null, label: t("caseFilterAllStatus") },
            { value: "open", label: t("caseFilterOpen") },
            ...STATUSES.map((s) => ({ value: s, label: statusText(t, s) })),
          ]}
        />
        <Select<CaseType | null>
          style={{ width: 120 }}
          value={kind}
          onChange={setKind}
          data-testid="case-filter-kind"
          options={[{ value: null, label: t("caseFilterAllKinds") }, ...KINDS.map((k) => ({ value: k, label: kindText(t, k) }))]}
        />
        <Select<string | null>
          style={{ width: 120 }}
          value={tier}
          onChange={setTier}
          data-testid="case-filter-tier"
          options={[{ value: null, label: t("caseFilterAllTiers") }, ...tiers.map((x) => ({ value: x.key, label: x.name }))]}
        />
        <Select<string | null>
          style={{ width: 120 }}
          value={owner}
          onChange={setOwner}
          data-testid="case-filter-owner"
          options={[{ value: null, label: t("caseFilterAllOwners") }, ...owners.map((o) => ({ value: o, label: o }))]}
        />
        <Space>
          <Switch checked={overdue} onChange={setOverdue} data-testid="case-filter-overdue" />
          {t("caseFilterOverdue")}
        </Space>
        <Typography.Text type="secondary" data-testid="case-total">{t("caseTotal", { n: total })}</Typography.Text>
      </Space>
      <CasesTable items={items} loading={loading} showCustomer onOpen={(c) => setShown(c.id)} />
      <CaseDialogs adding={adding} shown={shown} setAdding={setAdding} setShown={setShown} onChanged={() => void load()} />
    </div>
  );
}

export default CasesPage;
