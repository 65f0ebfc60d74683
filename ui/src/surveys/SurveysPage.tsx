// 满意度: NPS, CSAT and average scores per tier (held when answering) and
// period, with a warning under 30 answers; a period picker (month, quarter,
// year) with an optional split; the period's answers; 录入答卷 and 导入调查表.
import { useCallback, useEffect, useMemo, useState } from "react";
import { Alert, App, Button, Card, Popconfirm, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from "antd";
import { ImportOutlined, PlusOutlined } from "@ant-design/icons";
import { api, asApiError, type PeriodKind, type SurveyAnswerLine, type SurveyRow, type SurveySummary } from "../ipc/api";
import { useI18n } from "../i18n";
import { TierTag } from "../tiers/TierTag";
import { SurveyForm } from "./SurveyForm";
import { removeAnswer } from "./remove";
import { SurveyImport } from "./SurveyImport";
import { figure, nps, periodOf, recentPeriods, scoreText, tierName } from "./surveyText";
import { periodText } from "../i18n/words";

export function SurveysPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [kind, setKind] = useState<PeriodKind>("quarter");
  const [period, setPeriod] = useState(() => periodOf(new Date(), "quarter"));
  const [by, setBy] = useState<PeriodKind | null>(null);
  const [summary, setSummary] = useState<SurveySummary | null>(null);
  const [answers, setAnswers] = useState<SurveyAnswerLine[]>([]);
  const [loading, setLoading] = useState(true);
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);

  const periods = useMemo(() => recentPeriods(new Date(), kind, kind === "month" ? 24 : kind === "quarter" ? 12 : 6), [kind]);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const [s, list] = await Promise.all([api.surveySummary(period, by), api.surveyAnswers(period)]);
      setSummary(s);
      setAnswers(list);
    } catch (e) {
      message.error(asApiError(e).message);
    } finally {
      setLoading(false);
    }
  }, [period, by, message]);
  useEffect(() => { void load(); }, [load]);

  const tiers = summary?.tiers ?? [];
  const rows = summary?.rows ?? [];
  const anyLow = rows.some((r) => r.figures.low_count && r.figures.responses > 0);

  const remove = (id: number) => removeAnswer(id, load, (text) => message.error(text));

  return (
    <div data-testid="surveys-page">
      <Space style={{ marginBottom: 12, flexWrap: "wrap" }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t("surveysTitle")}</Typography.Title>
        <Segmented<PeriodKind>
          data-testid="survey-kind"
          value={kind}
          onChange={(k) => { setKind(k); setPeriod(periodOf(new Date(), k)); if (by === k) setBy(null); }}
          options={[
            { value: "month", label: t("surveyPeriodMonth") },
            { value: "quarter", label: t("surveyPeriodQuarter") },
            { value: "year", label: t("surveyPeriodYear") },
          ]}
        />
        <Select data-testid="survey-period" style={{ width: 120 }} value={period} onChange={setPeriod} options={periods.map((p) => ({ value: p, label: p }))} />
        <Select<PeriodKind | "none">
          data-testid="survey-by"
          style={{ width: 120 }}
          value={by ?? "none"}
          onChange={(v) => setBy(v === "none" ? null : v)}
          options={[
            { value: "none", label: t("surveyByNone") },
            ...(kind !== "month" ? [{ value: "month" as const, label: `${t("surveyBy")}：${t("surveyPeriodMonth")}` }] : []),
            ...(kind === "year" ? [{ value: "quarter" as const, label: `${t("surveyBy")}：${t("surveyPeriodQuarter")}` }] : []),
          ]}
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="survey-add">{t("surveyAdd")}</Button>
        <Button icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="survey-import">{t("surveyImport")}</Button>
      </Space>
      {summary && <Typography.Paragraph type="secondary">{t("surveySpan", { label: periodText(period, t, summary.label), from: summary.from, to: summary.to })}</Typography.Paragraph>}
      {anyLow && <Alert type="warning" showIcon message={t("surveyLowCountHint")} style={{ marginBottom: 12 }} />}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Table<SurveyRow>
          size="small"
          loading={loading}
          data-testid="survey-table"
          rowKey={(r) => `${r.period}|${r.tier ?? "*"}`}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: t("surveyEmpty") }}
          rowClassName={(r) => (r.tier == null ? "survey-total" : "")}
          onRow={(r) => ({ "data-tier": r.tier ?? "all", "data-period": r.period } as object)}
          columns={[
            ...(by ? [{ title: t("surveyPeriodCol"), key: "period", width: 100, render: (_: unknown, r: SurveyRow) => r.period || t("surveyWhole") }] : []),
            {
              title: t("surveyTier"),
              key: "tier",
              render: (_: unknown, r: SurveyRow) =>
                r.tier ? <TierTag tier={r.tier} tiers={tiers} /> : <Typography.Text strong>{tierName(r, tiers, t("surveyAllTiers"), t("surveyUnrated"))}</Typography.Text>,
            },
            {
              title: t("surveyResponses"),
              key: "n",
              width: 110,
              render: (_: unknown, r: SurveyRow) => (
                <Space size={4}>
                  <span>{r.figures.responses}</span>
                  {r.figures.low_count && (
                    <Tooltip title={t("surveyLowCountHint")}><Tag color="orange" data-testid="survey-low">{t("surveyLowCount")}</Tag></Tooltip>
                  )}
                </Space>
              ),
            },
            { title: t("surveyNps"), key: "nps", width: 80, render: (_: unknown, r: SurveyRow) => <span data-testid="survey-nps-cell">{nps(r.figures.nps)}</span> },
            { title: t("surveyCsat"), key: "csat", width: 140, render: (_: unknown, r: SurveyRow) => figure(r.figures.csat, "%") },
            { title: t("surveyNpsAvg"), key: "npsAvg", width: 120, render: (_: unknown, r: SurveyRow) => figure(r.figures.nps_avg) },
            { title: t("surveyCsatAvg"), key: "csatAvg", width: 110, render: (_: unknown, r: SurveyRow) => figure(r.figures.csat_avg) },
            { title: t("surveyScores"), key: "scores", render: (_: unknown, r: SurveyRow) => scoreText(r.figures) },
          ]}
        />
      </Card>
      <Typography.Title level={5}>{t("surveyAnswers")}</Typography.Title>
      <Table<SurveyAnswerLine>
        size="small"
        loading={loading}
        data-testid="survey-answers"
        rowKey={(l) => l.answer.id}
        dataSource={answers}
        pagination={{ pageSize: 20 }}
        locale={{ emptyText: t("surveyEmpty") }}
        columns={[
          { title: t("surveyDate"), key: "on", width: 110, render: (_, l) => l.answer.answered_on },
          { title: t("surveyCustomer"), key: "who", render: (_, l) => `${l.customer_name}${l.customer_code ? `（${l.customer_code}）` : ""}` },
          { title: t("surveyTierAt"), key: "tier", width: 110, render: (_, l) => <TierTag tier={l.answer.tier_at} tiers={tiers} /> },
          { title: t("surveyChannel"), key: "ch", width: 90, render: (_, l) => t(`surveyChannel_${l.answer.channel}`) },
          { title: t("surveyNpsField"), key: "nps", width: 120, render: (_, l) => l.answer.nps ?? "—" },
          { title: t("surveyCsatField"), key: "csat", width: 110, render: (_, l) => l.answer.csat ?? "—" },
          { title: t("surveyComment"), key: "c", render: (_, l) => l.answer.comment },
          {
            title: "",
            key: "del",
            width: 70,
            render: (_, l) => (
              <Popconfirm title={t("surveyDeleteConfirm")} onConfirm={() => void remove(l.answer.id)}>
                <Button size="small" type="link" danger>{t("surveyDelete")}</Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <SurveyForm open={adding} onDone={(saved) => { setAdding(false); if (saved) void load(); }} />
      <SurveyImport open={importing} onDone={(done) => { setImporting(false); if (done) void load(); }} />
    </div>
  );
}

export default SurveysPage;
