// One churn alert: the customer, level, reasons in words, the model's
// figures, its steps as a timeline, and buttons for the allowed next steps,
// each with a note (needed to close). Rust refuses a step its table does
// not allow, in Chinese; the buttons only offer the allowed ones.
import { useCallback, useEffect, useState } from "react";
import { Alert, App, Button, Descriptions, Drawer, Form, Input, Space, Tag, Typography } from "antd";
import { api, asApiError, type AlertStatus, type ChurnDetail } from "../ipc/api";
import { useI18n } from "../i18n";
import { openRecord } from "../record/open";
import { StepsTimeline } from "../cases/StepsTimeline";
import { actionText, closes, levelColor, levelText, pct, statusColor, statusText, yuan } from "./churnText";

interface Props {
  /** The alert shown; null: closed. */
  alertId: number | null;
  onClose: () => void;
  /** After a step: lists reload. */
  onChanged?: () => void;
}

export function ChurnDrawer({ alertId, onClose, onChanged }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [detail, setDetail] = useState<ChurnDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [to, setTo] = useState<AlertStatus | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ note: string }>();

  const load = useCallback(async () => {
    if (alertId == null) return;
    try {
      setDetail(await api.churnGet(alertId));
    } catch (e) {
      setError(asApiError(e).message);
    }
  }, [alertId]);
  useEffect(() => {
    setDetail(null);
    setError(null);
    setTo(null);
    void load();
  }, [load]);

  const take = async () => {
    if (!detail || !to) return;
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      const d = await api.churnSetStatus(detail.line.id, { to, note: v.note ?? "" });
      setDetail(d);
      setTo(null);
      message.success(t("churnStepped", { status: statusText(t, d.line.status) }));
      onChanged?.();
    } catch (e) {
      setError(asApiError(e).message);
    } finally {
      setSaving(false);
    }
  };

  const a = detail?.line;
  const s = detail?.score;
  return (
    <Drawer
      open={alertId != null}
      onClose={onClose}
      width={600}
      title={a ? `${t("churnTitle")} #${a.id}` : t("churnTitle")}
      extra={a && <Button data-testid="churn-open-record" onClick={() => { onClose(); openRecord(a.customer_id); }}>{t("churnOpenRecord")}</Button>}
    >
      <div data-testid="churn-drawer">
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="churn-error" />}
        {a && (
          <>
            <Space style={{ marginBottom: 12 }}>
              <Tag color={levelColor[a.level]}>{levelText(t, a.level)}</Tag>
              <Tag color={statusColor[a.status]} data-testid="churn-drawer-status">{statusText(t, a.status)}</Tag>
              {a.signals_gone_on && <Tag color="green">{t("churnSignalsGone")}</Tag>}
            </Space>
            <Descriptions column={2} size="small" bordered>
              <Descriptions.Item label={t("churnCustomer")} span={2}>{a.customer_name}{a.customer_code ? `（${a.customer_code}）` : ""}</Descriptions.Item>
              <Descriptions.Item label={t("churnTier")}>{a.tier_label?.name ?? a.tier ?? t("churnNoTier")}</Descriptions.Item>
              <Descriptions.Item label={t("churnOwner")}>{a.owner}</Descriptions.Item>
              <Descriptions.Item label={t("churnValueAtRisk")}>{yuan(a.value_at_risk)}</Descriptions.Item>
              <Descriptions.Item label={t("churnRaisedAt")}>{a.raised_at.slice(0, 16)}</Descriptions.Item>
              <Descriptions.Item label={t("churnReasons")} span={2}>
                <div data-testid="churn-drawer-reasons">{a.reasons.map((r) => <div key={r.rule}>{r.reason}</div>)}</div>
              </Descriptions.Item>
            </Descriptions>
            {s && (
              <>
                <Typography.Title level={5} style={{ marginTop: 16 }}>{t("churnScores")}</Typography.Title>
                <Descriptions column={2} size="small">
                  <Descriptions.Item label={t("churnPAlive")}>{pct(s.p_alive)}</Descriptions.Item>
                  <Descriptions.Item label={t("churnExpected90")}>{s.expected_90 == null ? "—" : t("churnTimes", { n: s.expected_90.toFixed(1) })}</Descriptions.Item>
                  <Descriptions.Item label={t("churnMedianInterval")}>{s.median_interval == null ? "—" : t("churnDays", { n: s.median_interval.toFixed(1) })}</Descriptions.Item>
                  <Descriptions.Item label={t("churnDaysSince")}>{s.days_since == null ? "—" : t("churnDays", { n: s.days_since })}</Descriptions.Item>
                  <Descriptions.Item label={t("churnSpend365")}>{yuan(s.spend_365)}</Descriptions.Item>
                </Descriptions>
              </>
            )}

            <Typography.Title level={5} style={{ marginTop: 16 }}>{t("churnSteps")}</Typography.Title>
            <StepsTimeline
              steps={detail!.steps}
              testId="churn"
              color={(st) => (st.to_status === "recovered" ? "green" : st.to_status === "churned" ? "red" : "blue")}
              title={(st) => (st.from_status ? `${statusText(t, st.from_status)} → ${statusText(t, st.to_status)}` : t("churnStepRaised"))}
            />

            <Typography.Title level={5}>{t("churnNext")}</Typography.Title>
            {detail!.next.length === 0 ? (
              <Typography.Text type="secondary" data-testid="churn-finished">{t("churnNoNext")}</Typography.Text>
            ) : (
              <Space wrap>
                {detail!.next.map((st) => (
                  <Button
                    key={st}
                    type={to === st ? "primary" : "default"}
                    data-testid={`churn-action-${st}`}
                    onClick={() => { setError(null); form.resetFields(); setTo(st); }}
                  >
                    {actionText(t, st)}
                  </Button>
                ))}
              </Space>
            )}
            {to && (
              <Form form={form} layout="vertical" style={{ marginTop: 12 }} data-testid="churn-step-form">
                <Form.Item name="note" label={t("churnNote")} rules={closes(to) ? [{ required: true, whitespace: true, message: t("churnNoteRequired") }] : []}>
                  <Input.TextArea rows={2} data-testid="churn-step-note" />
                </Form.Item>
                <Space>
                  <Button type="primary" loading={saving} onClick={() => void take()} data-testid="churn-step-save">
                    {actionText(t, to)}
                  </Button>
                  <Button onClick={() => setTo(null)}>{t("cancel")}</Button>
                </Space>
              </Form>
            )}
          </>
        )}
      </div>
    </Drawer>
  );
}

export default ChurnDrawer;
