// 操作日志: every change and every output with personal data, newest first,
// with filters (person, action, customer, dates), each entry's fields
// before and after, and 校验, which checks that no entry was changed.
import { useCallback, useEffect, useState } from "react";
import { Alert, App as AntApp, Button, DatePicker, Input, Select, Space, Table, Tag, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { api, asApiError, type AuditAction, type AuditCheck, type AuditEntry, type AuditFilter, type CustomerQuery } from "../ipc/api";
import { useI18n } from "../i18n";
import { AuditDetails } from "./AuditDetails";

const PAGE = 50;

export function AuditPage() {
  const { t, locale } = useI18n();
  const { message } = AntApp.useApp();
  const [actions, setActions] = useState<AuditAction[]>([]);
  const [actors, setActors] = useState<string[]>([]);
  const [actor, setActor] = useState<string | null>(null);
  const [action, setAction] = useState<string | null>(null);
  const [customer, setCustomer] = useState("");
  const [customerId, setCustomerId] = useState<number | null>(null);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [page, setPage] = useState(1);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(false);
  const [check, setCheck] = useState<AuditCheck | null>(null);
  const [checking, setChecking] = useState(false);

  useEffect(() => {
    api.auditActions().then(setActions).catch(() => setActions([]));
    api.auditActors().then(setActors).catch(() => setActors([]));
  }, []);

  const label = useCallback(
    (key: string) => {
      const a = actions.find((x) => x.key === key);
      return a && locale === "zh-CN" ? a.label : key;
    },
    [actions, locale],
  );

  const load = useCallback(async () => {
    setLoading(true);
    const filter: AuditFilter = {
      actor,
      action,
      customer_id: customerId,
      since: range?.[0]?.format("YYYY-MM-DD") ?? null,
      until: range?.[1]?.format("YYYY-MM-DD") ?? null,
      limit: PAGE,
      offset: (page - 1) * PAGE,
    };
    try {
      const p = await api.auditList(filter);
      setEntries(p.items);
      setTotal(p.total);
    } catch (e) {
      message.error(asApiError(e).message);
    } finally {
      setLoading(false);
    }
  }, [actor, action, customerId, range, page, message]);
  useEffect(() => void load(), [load]);

  // A customer is chosen by code (or name): the first exact code match, else the only match.
  const findCustomer = async (text: string) => {
    setPage(1);
    const key = text.trim();
    if (!key) return setCustomerId(null);
    const found = await api.listCustomers({ ...emptyQuery, search: key, limit: 20 });
    const hit = found.items.find((c) => c.code === key) ?? (found.items.length === 1 ? found.items[0] : null);
    if (!hit) {
      message.warning(t("auditCustomerNotFound", { key }));
      return;
    }
    setCustomerId(hit.id);
  };

  const verify = async () => {
    setChecking(true);
    try {
      setCheck(await api.auditVerify());
    } catch (e) {
      message.error(asApiError(e).message);
    } finally {
      setChecking(false);
    }
  };

  return (
    <div data-testid="audit-page">
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>{t("navAudit")}</Typography.Title>
        <Select
          allowClear
          placeholder={t("auditPerson")}
          style={{ width: 140 }}
          value={actor}
          onChange={(v) => { setPage(1); setActor(v ?? null); }}
          options={actors.map((a) => ({ value: a, label: a }))}
          data-testid="audit-filter-person"
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t("auditAction")}
          style={{ width: 180 }}
          value={action}
          onChange={(v) => { setPage(1); setAction(v ?? null); }}
          options={actions.map((a) => ({ value: a.key, label: label(a.key) }))}
          data-testid="audit-filter-action"
        />
        <span data-testid="audit-filter-customer">
          <Input.Search
            allowClear
            placeholder={t("auditCustomer")}
            style={{ width: 180 }}
            value={customer}
            onChange={(e) => { setCustomer(e.target.value); if (!e.target.value) { setCustomerId(null); setPage(1); } }}
            onSearch={(v) => void findCustomer(v)}
          />
        </span>
        <DatePicker.RangePicker value={range} onChange={(v) => { setPage(1); setRange(v); }} data-testid="audit-filter-dates" />
        <Button type="primary" loading={checking} onClick={() => void verify()} data-testid="audit-verify">
          {t("auditVerify")}
        </Button>
      </Space>
      {check && (
        <Alert
          showIcon
          closable
          onClose={() => setCheck(null)}
          type={check.broken ? "error" : "success"}
          message={check.message}
          style={{ marginBottom: 12 }}
          data-testid="audit-verify-result"
        />
      )}
      <Table
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={entries}
        data-testid="audit-table"
        pagination={{ current: page, pageSize: PAGE, total, showSizeChanger: false, onChange: setPage, showTotal: (n) => t("auditTotal", { n }) }}
        expandable={{
          expandedRowRender: (e) => <AuditDetails entry={e} />,
          rowExpandable: (e) => e.details != null || e.details_erased,
        }}
        columns={[
          { title: t("auditTime"), dataIndex: "at", width: 170 },
          { title: t("auditPerson"), dataIndex: "actor", width: 110 },
          {
            title: t("auditSource"),
            dataIndex: "source",
            width: 90,
            render: (s: AuditEntry["source"]) => <Tag>{s === "app" ? t("auditSourceApp") : t("auditSourceCli")}</Tag>,
          },
          { title: t("auditAction"), dataIndex: "action", width: 150, render: (a: string) => label(a) },
          {
            title: t("auditObject"),
            key: "object",
            width: 180,
            render: (_, e) =>
              e.customer_id != null
                ? e.customer_code || e.customer_name
                  ? `${e.customer_name ?? ""}${e.customer_code ? `（${e.customer_code}）` : ""}`
                  : `#${e.customer_id}`
                : e.object_id,
          },
          { title: t("auditSummary"), dataIndex: "summary", render: (s: string, e) => <span data-testid={`audit-row-${e.id}`}>{s}</span> },
        ]}
      />
    </div>
  );
}

const emptyQuery: CustomerQuery = {
  search: null,
  tier: null,
  manager: null,
  sort: "id",
  descending: false,
  offset: 0,
  limit: 20,
  deleted: false,
  last_contact_before: null,
  next_contact_by: null,
};
