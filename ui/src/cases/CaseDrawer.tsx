// One complaint: its facts, its steps as a timeline, and the next allowed
// statuses as buttons; each button asks for a note (and, to close, the
// resolution and the customer's satisfaction). Rust refuses a step the table
// does not allow, in Chinese; the buttons only offer the allowed ones.
import { useCallback, useEffect, useState } from "react";
import { Alert, App, Button, Descriptions, Drawer, Form, Input, Rate, Space, Tag, Typography } from "antd";
import { api, asApiError, type CaseDetail, type CaseMove, type CaseState, type CaseStatus } from "../ipc/api";
import { ConflictDialog } from "../conflict/ConflictDialog";
import { useConflictSave } from "../conflict/useConflictSave";
import { useI18n } from "../i18n";
import { openRecord } from "../record/open";
import { StepsTimeline } from "./StepsTimeline";
import { actionText, channelText, kindText, lateText, severityText, statusColor, statusText } from "./caseText";

interface Props {
  /** The case shown; null: closed. */
  caseId: number | null;
  onClose: () => void;
  /** After a step: lists reload. */
  onChanged?: () => void;
}

interface StepValues {
  note: string;
  resolution: string;
  satisfaction: number;
}

export function CaseDrawer({ caseId, onClose, onChanged }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The status a step is being written for.
  const [to, setTo] = useState<CaseStatus | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<StepValues>();

  const load = useCallback(async () => {
    if (caseId == null) return;
    try {
      setDetail(await api.caseDetail(caseId));
    } catch (e) {
      setError(asApiError(e).message);
    }
  }, [caseId]);
  useEffect(() => {
    setDetail(null);
    setError(null);
    setTo(null);
    void load();
  }, [load]);

  const begin = (status: CaseStatus) => {
    setError(null);
    form.resetFields();
    form.setFieldsValue({ note: "", resolution: detail?.line.resolution ?? "", satisfaction: 0 });
    setTo(status);
  };

  // A case someone else moved since the drawer showed it: merged, or shown
  // in the conflict dialog (their status or mine).
  const conflicts = useConflictSave<CaseMove, CaseDetail, CaseState>("case", (step, base) =>
    api.caseStep(detail!.line.id, step, base),
  );
  const stepped = (d: CaseDetail) => {
    setDetail(d);
    setTo(null);
    message.success(t("caseStepped", { number: d.line.number, status: statusText(t, d.line.status) }));
    onChanged?.();
  };

  const take = async () => {
    if (!detail || !to) return;
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      const line = detail.line;
      const opened = { version: line.version, values: { status: line.status, resolution: line.resolution, satisfaction: line.satisfaction }, resolved: null };
      const d = await conflicts.save(
        {
          to,
          note: v.note ?? "",
          resolution: to === "closed" || to === "awaiting_customer" ? v.resolution?.trim() || null : null,
          satisfaction: to === "closed" && v.satisfaction ? v.satisfaction : null,
        },
        opened,
      );
      // null: refused with a conflict, now shown in the dialog.
      if (d) stepped(d);
    } catch (e) {
      setError(asApiError(e).message);
    } finally {
      setSaving(false);
    }
  };

  const c = detail?.line;
  const late = c ? lateText(t, c) : null;
  const noteNeeded = to === "rejected" || (to === "in_progress" && c?.status === "awaiting_customer");
  return (
    <Drawer
      open={caseId != null}
      onClose={onClose}
      width={600}
      title={c ? `${t("caseNumber")} ${c.number}` : t("casesTitle")}
      extra={c && <Button data-testid="case-open-record" onClick={() => { onClose(); openRecord(c.customer_id); }}>{t("caseOpenRecord")}</Button>}
    >
      <ConflictDialog
        {...conflicts.dialog(stepped, (e) => setError(asApiError(e).message), (key, value) =>
          key === "status" && typeof value === "string" ? statusText(t, value as CaseStatus) : null,
        )}
      />
      <div data-testid="case-drawer">
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="case-error" />}
        {c && (
          <>
            <Space style={{ marginBottom: 12 }}>
              <Tag color={statusColor[c.status]} data-testid="case-status">{statusText(t, c.status)}</Tag>
              {late && <Typography.Text type="danger" data-testid="case-late">{late}</Typography.Text>}
            </Space>
            <Descriptions column={2} size="small" bordered>
              <Descriptions.Item label={t("caseCustomer")} span={2}>{c.customer_name}{c.customer_code ? `（${c.customer_code}）` : ""}</Descriptions.Item>
              <Descriptions.Item label={t("caseKind")}>{kindText(t, c.kind)}</Descriptions.Item>
              <Descriptions.Item label={t("caseSeverity")}>{severityText(t, c.severity)}</Descriptions.Item>
              <Descriptions.Item label={t("caseChannel")}>{channelText(t, c.channel)}</Descriptions.Item>
              <Descriptions.Item label={t("caseTier")}>{c.tier?.name ?? c.tier_at ?? t("caseNoTier")}</Descriptions.Item>
              <Descriptions.Item label={t("caseReceivedAt")}>{c.received_at.slice(0, 16)}</Descriptions.Item>
              <Descriptions.Item label={t("caseOwner")}>{c.owner}</Descriptions.Item>
              <Descriptions.Item label={t("caseRespondBy")}>{c.respond_by.slice(0, 16)}</Descriptions.Item>
              <Descriptions.Item label={t("caseResolveBy")}>{c.resolve_by.slice(0, 16)}</Descriptions.Item>
              <Descriptions.Item label={t("caseDescription")} span={2}>
                <div style={{ whiteSpace: "pre-wrap" }} data-testid="case-description-text">{c.description}</div>
              </Descriptions.Item>
              {c.resolution && <Descriptions.Item label={t("caseResolution")} span={2}>{c.resolution}</Descriptions.Item>}
              {c.satisfaction != null && (
                <Descriptions.Item label={t("caseSatisfaction")} span={2}><Rate disabled value={c.satisfaction} /></Descriptions.Item>
              )}
            </Descriptions>

            <Typography.Title level={5} style={{ marginTop: 16 }}>{t("caseSteps")}</Typography.Title>
            <StepsTimeline
              steps={detail!.steps}
              testId="case"
              color={(s) => (statusColor[s.to_status] === "default" ? "gray" : statusColor[s.to_status])}
              title={(s) =>
                s.from_status
                  ? `${statusText(t, s.from_status)} → ${statusText(t, s.to_status)}`
                  : `${t("caseStepOpened")}：${statusText(t, s.to_status)}`
              }
            />

            <Typography.Title level={5}>{t("caseNextActions")}</Typography.Title>
            {detail!.next.length === 0 ? (
              <Typography.Text type="secondary" data-testid="case-finished">{t("caseNoNext")}</Typography.Text>
            ) : (
              <Space wrap>
                {detail!.next.map((s) => (
                  <Button key={s} type={to === s ? "primary" : "default"} danger={s === "rejected"} data-testid={`case-action-${s}`} onClick={() => begin(s)}>
                    {actionText(t, c.status, s)}
                  </Button>
                ))}
              </Space>
            )}
            {to && (
              <Form form={form} layout="vertical" style={{ marginTop: 12 }} data-testid="case-step-form">
                {(to === "closed" || to === "awaiting_customer") && (
                  <Form.Item
                    name="resolution"
                    label={t("caseResolution")}
                    rules={to === "closed" ? [{ required: true, whitespace: true, message: t("caseResolutionRequired") }] : []}
                  >
                    <Input.TextArea rows={2} data-testid="case-step-resolution" />
                  </Form.Item>
                )}
                {to === "closed" && (
                  <Form.Item name="satisfaction" label={t("caseSatisfaction")}>
                    <Rate data-testid="case-step-satisfaction" />
                  </Form.Item>
                )}
                <Form.Item name="note" label={t("caseNote")} rules={noteNeeded ? [{ required: true, whitespace: true, message: t("caseNoteRequired") }] : []}>
                  <Input.TextArea rows={2} data-testid="case-step-note" />
                </Form.Item>
                <Space>
                  <Button type="primary" loading={saving} onClick={() => void take()} data-testid="case-step-save">
                    {actionText(t, c.status, to)}
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

export default CaseDrawer;
