// 校准: how a scheme agrees with the tiers customers had in their old sheet,
// where they disagree, and cut points that would agree best, with a button
// that saves a copy of the scheme with those cuts.
import { useState } from "react";
import { Alert, App, Button, Card, Col, DatePicker, Empty, Progress, Row, Select, Space, Statistic, Table, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { api, asApiError, type Calibration, type Disagreement, type SchemeSummary, type SuggestedCut } from "../ipc/api";
import { useI18n } from "../i18n";
import { money } from "../customers/columns";
import { agreementColor, matrixRows, tierName } from "../benefits/logic";
import { count } from "../format";

export function CalibrationPanel({ schemes, onSaved }: { schemes: SchemeSummary[]; onSaved: () => void }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const [scheme, setScheme] = useState<string | null>(null);
  const [asOf, setAsOf] = useState<Dayjs>(dayjs());
  const [result, setResult] = useState<Calibration | null>(null);
  const [busy, setBusy] = useState(false);
  const key = scheme ?? schemes.find((s) => s.active)?.key ?? schemes[0]?.key ?? null;

  const run = async () => {
    if (!key) return;
    setBusy(true);
    try {
      setResult(await api.calibrate(key, asOf.format("YYYY-MM-DD")));
    } catch (e) {
      message.error(asApiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  const saveCopy = async () => {
    const s = result?.suggestion;
    if (!s) return;
    try {
      // A new scheme under a key no scheme has (never written over an earlier copy).
      const { name } = await api.createSchemeText(s.toml);
      message.success(t("schemeImported", { name }));
      onSaved();
    } catch (e) {
      modal.error({ title: t("calibrateSaveCopy"), content: asApiError(e).message });
    }
  };

  const c = result;
  return (
    <Card size="small" title={t("calibrateTitle")} data-testid="calibration" style={{ marginBottom: 16 }}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          style={{ width: 300 }}
          value={key}
          onChange={setScheme}
          options={schemes.map((s) => ({ value: s.key, label: s.name }))}
          data-testid="calibrate-scheme"
        />
        <DatePicker value={asOf} onChange={(d) => d && setAsOf(d)} allowClear={false} />
        <Button type="primary" loading={busy} onClick={() => void run()} data-testid="calibrate-run">
          {t("calibrateRun")}
        </Button>
        <Typography.Text type="secondary">{t("calibrateHint")}</Typography.Text>
      </Space>
      {c && c.with_old_tier === 0 && <Empty description={t("calibrateNoOld")} />}
      {c && c.with_old_tier > 0 && (
        <>
          <Row gutter={16} style={{ marginBottom: 12 }}>
            <Col span={6}>
              <Typography.Text type="secondary" style={{ display: "block" }}>{t("calibrateAgreement")}</Typography.Text>
              <Progress type="dashboard" size={90} percent={c.agreement} strokeColor={agreementColor(c.agreement)} format={(p) => `${p}%`} data-testid="calibrate-agreement" />
            </Col>
            <Col span={6}><Statistic title={t("calibrateWithOld")} value={c.with_old_tier} /></Col>
            <Col span={6}><Statistic title={t("calibrateCompared")} value={c.compared} /></Col>
            <Col span={6}><Statistic title={t("calibrateAgreed")} value={c.agreed} /></Col>
          </Row>
          {c.unmapped.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              message={t("calibrateUnmapped")}
              description={c.unmapped.map((u) => <Tag key={u.text}>{u.text}（{count(u.customers)}）</Tag>)}
            />
          )}
          <Typography.Title level={5}>{t("calibrateMatrix")}</Typography.Title>
          <Table
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={matrixRows(c)}
            columns={[
              { title: t("calibrateOldNew"), dataIndex: "name", width: 120 },
              ...c.tiers.map((tier, j) => ({
                title: tier.name,
                key: tier.key,
                align: "right" as const,
                render: (_: unknown, r: { cells: number[]; key: string }) => {
                  const n = r.cells[j] ?? 0;
                  const same = r.key === tier.key;
                  return <span style={{ fontWeight: same ? 600 : undefined, color: !same && n > 0 ? "#cf1322" : undefined }}>{n}</span>;
                },
              })),
              { title: t("total"), dataIndex: "total", align: "right" as const },
            ]}
          />
          {c.suggestion ? (
            <div style={{ marginTop: 12 }} data-testid="calibrate-suggestion">
              <Typography.Title level={5}>
                {t("calibrateSuggested", { figure: c.suggestion.figure_label, pct: c.suggestion.agreement })}
              </Typography.Title>
              <Table<SuggestedCut>
                size="small"
                rowKey="tier"
                pagination={false}
                dataSource={c.suggestion.cuts}
                columns={[
                  { title: t("tier"), dataIndex: "name" },
                  { title: t("calibrateCurrentCut"), dataIndex: "current", align: "right", render: (v: number | null) => (v == null ? "" : v.toLocaleString("zh-CN")) },
                  { title: t("calibrateSuggestedCut"), dataIndex: "suggested", align: "right", render: (v: number) => <b>{v.toLocaleString("zh-CN")}</b> },
                ]}
              />
              <Button style={{ marginTop: 8 }} onClick={() => void saveCopy()} data-testid="calibrate-save">
                {t("calibrateSaveCopy")}
              </Button>
            </div>
          ) : (
            c.suggestion_note && <Alert type="info" style={{ marginTop: 12 }} message={c.suggestion_note} />
          )}
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {t("calibrateDisagreements", { n: count(c.disagreement_count) })}
          </Typography.Title>
          <Table<Disagreement>
            size="small"
            rowKey="customer_id"
            dataSource={c.disagreements}
            pagination={{ pageSize: 10, showSizeChanger: false }}
            columns={[
              { title: t("code"), dataIndex: "code", width: 110 },
              { title: t("name"), dataIndex: "name" },
              { title: t("calibrateOld"), dataIndex: "old_text", render: (x: string, d) => `${x}${x !== tierName(c, d.old) ? `（${tierName(c, d.old)}）` : ""}` },
              { title: t("calibrateProposed"), dataIndex: "proposed", render: (k: string) => tierName(c, k) },
              { title: t("spend"), dataIndex: "spend", align: "right", render: (v: number | null) => money(v) },
            ]}
          />
        </>
      )}
    </Card>
  );
}
