// Rate every customer with a scheme: preview the distribution and the
// movement between tiers, then apply as one batch that can be undone.
import { useEffect, useState } from "react";
import { App, Button, Card, DatePicker, Modal, Select, Space, Table, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { api, asApiError, type ApplyPlan, type UndoPlan, type Batch, type EvaluationPreview, type SchemeSummary, type TierCount } from "../ipc/api";
import { useI18n } from "../i18n";
import { TierChart } from "./TierChart";
import { ReviewTable } from "./ReviewTable";
import { BatchDetailModal } from "./BatchDetailModal";
import { toOverrides, type Choices } from "./review";
import { count } from "../format";

export function EvaluatePage({ onChanged }: { onChanged: () => void }) {
  const { t, m } = useI18n();
  const { message } = App.useApp();
  const [schemes, setSchemes] = useState<SchemeSummary[]>([]);
  const [scheme, setScheme] = useState<string | null>(null);
  const [asOf, setAsOf] = useState<Dayjs>(dayjs());
  const [preview, setPreview] = useState<EvaluationPreview | null>(null);
  const [batches, setBatches] = useState<Batch[]>([]);
  const [busy, setBusy] = useState(false);
  const [choices, setChoices] = useState<Choices>({});
  const [shown, setShown] = useState<number | null>(null);

  const loadBatches = async () => setBatches(await api.batches());
  useEffect(() => {
    void (async () => {
      try {
        const list = await api.schemes();
        setSchemes(list);
        setScheme(list.find((s) => s.active)?.key ?? list[0]?.key ?? null);
        await loadBatches();
      } catch (e) {
        message.error(asApiError(e).message);
      }
    })();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const current = schemes.find((s) => s.key === scheme);
  const tierName = (key: string | null) => {
    if (!key) return t("noTier");
    return current?.tiers.find((x) => x.key === key)?.name ?? key;
  };

  const runPreview = async () => {
    if (!scheme) return;
    setBusy(true);
    try {
      setPreview(await api.previewEvaluation(scheme, asOf.format("YYYY-MM-DD")));
      setChoices({});
    } catch (e) {
      message.error(asApiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    if (!scheme || !preview || !current) return;
    const overrides = toOverrides(choices);
    // Counted now, by the store, with the review's choices: the number the
    // batch will record (a customer kept in their tier at review is not moved).
    let plan: ApplyPlan;
    try {
      plan = await api.applyPlan(scheme, asOf.format("YYYY-MM-DD"), null, overrides);
    } catch (e) {
      message.error(asApiError(e).message);
      return;
    }
    Modal.confirm({
      title: t("applyEvaluation"),
      content: (
        <div data-testid="apply-confirm-text">
          {t("applyConfirm", { scheme: current.name, n: count(plan.customers), moved: count(plan.moved) })}
          {plan.overrides > 0 && <div>{t("applyConfirmOverrides", { k: count(plan.overrides) })}</div>}
        </div>
      ),
      okText: t("applyEvaluation"),
      cancelText: t("cancel"),
      okButtonProps: { "data-testid": "confirm-apply" } as never,
      onOk: async () => {
        try {
          const b = await api.applyEvaluation(scheme, asOf.format("YYYY-MM-DD"), null, overrides);
          message.success(t("applied", { id: b.id, moved: count(b.moved) }));
          setPreview(null);
          setChoices({});
          await loadBatches();
          onChanged();
        } catch (e) {
          message.error(asApiError(e).message);
        }
      },
    });
  };

  // Undoing puts back thousands of tiers: ask first, naming the batch and
  // the number of customers as the store has them (not as this page shows them).
  const undo = async () => {
    let plan: UndoPlan | null;
    try {
      plan = await api.undoPlan();
    } catch (e) {
      message.error(asApiError(e).message);
      return;
    }
    if (!plan) return;
    Modal.confirm({
      title: t("undoConfirmTitle"),
      // The batch's title as a message (「2026年第四季度评级」, in English the period).
      content: <div data-testid="undo-confirm-text">{t("undoConfirm", { title: m(plan.title_msg), n: count(plan.customers) })}</div>,
      okText: t("undoConfirmOk"),
      okButtonProps: { danger: true, "data-testid": "confirm-undo" } as never,
      cancelText: t("cancel"),
      onOk: async () => {
        try {
          const b = await api.undoLastBatch();
          message.success(t("undone", { id: b.id }));
          await loadBatches();
          onChanged();
        } catch (e) {
          message.error(asApiError(e).message);
        }
      },
    });
  };

  const fromKeys = preview ? Object.keys(preview.matrix) : [];
  const total = preview?.customers ?? 0;

  return (
    <div className="page" data-testid="evaluate-page">
      <Card size="small" title={t("evaluateTitle")} style={{ marginBottom: 16 }}>
        <Space wrap>
          <span>{t("scheme")}</span>
          <Select
            style={{ width: 300 }}
            data-testid="evaluate-scheme"
            value={scheme}
            onChange={(v) => { setScheme(v); setPreview(null); }}
            options={schemes.map((s) => ({ value: s.key, label: s.name }))}
          />
          <span>{t("asOf")}</span>
          <DatePicker value={asOf} allowClear={false} onChange={(d) => { if (d) { setAsOf(d); setPreview(null); } }} />
          <Button type="primary" loading={busy} data-testid="run-preview" onClick={() => void runPreview()}>{t("preview")}</Button>
          <Button type="primary" danger disabled={!preview} data-testid="apply-evaluation" onClick={() => void apply()}>{t("applyEvaluation")}</Button>
        </Space>
      </Card>
      {preview && (
        <div data-testid="evaluation-preview">
          <Space align="start" size={16} style={{ width: "100%" }} wrap>
            <Card size="small" title={`${t("distribution")} · ${t("period")} ${preview.period}`} style={{ width: 480 }}>
              <TierChart counts={preview.counts} />
              <Table<TierCount>
                size="small"
                rowKey="tier"
                pagination={false}
                dataSource={preview.counts}
                columns={[
                  // The preview's counts are of the proposed tiers, not the current ones.
                  { title: t("proposed"), dataIndex: "name", render: (n: string, r) => <Tag color={r.color}>{n}</Tag> },
                  { title: t("count"), dataIndex: "count", align: "right", render: (n: number) => count(n) },
                  { title: t("share"), align: "right", render: (_, r) => (total ? `${((Number(r.count) / total) * 100).toFixed(1)}%` : "") },
                ]}
              />
            </Card>
            <Card size="small" title={t("movement")} style={{ minWidth: 480 }}>
              <table className="matrix" data-testid="movement-matrix">
                <thead>
                  <tr>
                    <th data-testid="matrix-corner">{`${t("from")} \\ ${t("to")}`}</th>
                    {preview.counts.map((c) => <th key={c.tier}>{c.name}</th>)}
                  </tr>
                </thead>
                <tbody>
                  {fromKeys.map((from) => (
                    <tr key={from}>
                      <th>{tierName(from || null)}</th>
                      {preview.counts.map((c) => {
                        const n = preview.matrix[from]?.[c.tier] ?? 0;
                        return <td key={c.tier} className={from === c.tier ? "same" : n ? "moved" : ""}>{n ? count(n) : ""}</td>;
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </Card>
          </Space>
          {current && <ReviewTable preview={preview} tiers={current.tiers} choices={choices} onChange={setChoices} />}
        </div>
      )}
      <Card size="small" title={t("batchesTitle")} style={{ marginTop: 16 }} extra={
        <Button size="small" data-testid="undo-batch" disabled={!batches.some((b) => !b.undone_at)} onClick={() => void undo()}>{t("undoLastBatch")}</Button>
      }>
        <Table<Batch>
          size="small"
          rowKey="id"
          dataSource={batches}
          pagination={false}
          data-testid="batches"
          columns={[
            {
              title: t("batch"),
              dataIndex: "id",
              width: 70,
              render: (id: number) => <a data-testid={`batch-${id}`} onClick={() => setShown(id)}>{`#${id}`}</a>,
            },
            { title: t("period"), dataIndex: "period", width: 90 },
            { title: t("scheme"), render: (_, b) => `${b.scheme_key} v${b.scheme_version}` },
            { title: t("asOf"), dataIndex: "as_of", width: 110 },
            { title: t("count"), dataIndex: "customers", width: 80, align: "right", render: (n: number) => count(n) },
            { title: t("moved"), dataIndex: "moved", width: 70, align: "right", render: (n: number) => count(n) },
            { title: t("overridesCol"), dataIndex: "overrides", width: 80, align: "right", render: (n: number) => count(n) },
            { title: t("appliedAt"), dataIndex: "applied_at", width: 170 },
            { title: t("appliedBy"), dataIndex: "applied_by", width: 90 },
            { title: "", dataIndex: "undone_at", width: 80, render: (u: string | null) => (u ? <Typography.Text type="secondary">{t("undoneMark")}</Typography.Text> : null) },
          ]}
        />
      </Card>
      <BatchDetailModal id={shown} onClose={() => setShown(null)} />
    </div>
  );
}
