// 记录跟进: the dialog that logs (or changes) one follow-up of a customer.
// Reusable: the drawer, the record page's 跟进 tab and 今日待办 open it with
// `{ open, customerId, todoId?, onDone }`; with `todoId` the to-do it answers
// is completed in the same save. The checks are Rust's (every problem at
// once, each under its field); the form only shapes the draft.
import { useEffect, useState } from "react";
import { Alert, App, AutoComplete, Button, Col, DatePicker, Form, Input, Modal, Row, Segmented, Space } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { api, asApiError, type Channel, type Contact, type Followup, type FollowupDraft } from "../ipc/api";
import { useI18n } from "../i18n";
import { CHANNELS, channelLabel } from "./channels";
import { showFirstError } from "../forms/firstError";
import { ConflictDialog } from "../conflict/ConflictDialog";
import { useConflictSave } from "../conflict/useConflictSave";

export interface FollowupFormProps {
  open: boolean;
  customerId: number;
  /** The to-do this follow-up answers (今日待办's 记录跟进): completed with the save. */
  todoId?: number;
  /** A follow-up to change instead of logging a new one. */
  followup?: Followup | null;
  /** After a save (`true`) or a cancel (`false`); close the dialog there. */
  onDone: (saved: boolean) => void;
}

interface Values {
  channel: Channel;
  at: Dayjs | null;
  who: string;
  /** The customer's contact picked from the list; null for a name typed in. */
  contact_id: number | null;
  contact_name: string;
  subject: string;
  content: string;
  outcome: string;
  next_step: string;
  next_contact_on: Dayjs | null;
}

/** Quick picks for the next contact date, in days from the follow-up's day. */
const NEXT_IN = [7, 14, 30, 90] as const;

function initial(f: Followup | null | undefined): Values {
  return {
    channel: f?.channel ?? "phone",
    at: f ? dayjs(f.at) : dayjs(),
    who: f?.who ?? "",
    contact_id: f?.contact_id ?? null,
    contact_name: f?.contact_name ?? "",
    subject: f?.subject ?? "",
    content: f?.content ?? "",
    outcome: f?.outcome ?? "",
    next_step: f?.next_step ?? "",
    next_contact_on: f?.next_contact_on ? dayjs(f.next_contact_on) : null,
  };
}

/** The draft Rust checks: times as text, empty texts as they are. */
export function toDraft(v: Values, todoId?: number): FollowupDraft {
  return {
    channel: v.channel,
    at: v.at ? v.at.format("YYYY-MM-DD HH:mm:ss") : null,
    who: v.who ?? "",
    contact_id: v.contact_id ?? null,
    contact_name: v.contact_name ?? "",
    subject: v.subject ?? "",
    content: v.content ?? "",
    outcome: v.outcome ?? "",
    next_step: v.next_step ?? "",
    next_contact_on: v.next_contact_on ? v.next_contact_on.format("YYYY-MM-DD") : null,
    todo_id: todoId ?? null,
  };
}

export function FollowupForm({ open, customerId, todoId, followup, onDone }: FollowupFormProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [contacts, setContacts] = useState<Contact[]>([]);
  // A follow-up someone else changed since it was opened is merged, or
  // shown in the conflict dialog.
  const conflicts = useConflictSave<FollowupDraft, Followup>("followup", (draft, base) =>
    api.followupEdit(followup!.id, draft, base),
  );
  const saved = () => {
    message.success(t(followup ? "followupUpdated" : "followupSaved"));
    onDone(true);
  };

  useEffect(() => {
    if (!open) return;
    setError(null);
    api.recordContacts(customerId).then(setContacts).catch(() => setContacts([]));
    form.resetFields();
    form.setFieldsValue(initial(followup));
  }, [open, followup, form, customerId]);

  const save = async () => {
    const values = form.getFieldsValue(true) as Values;
    setSaving(true);
    setError(null);
    form.setFields(Object.keys(initial(null)).map((name) => ({ name: name as keyof Values, errors: [] })));
    try {
      const draft = toDraft(values, todoId);
      if (followup) {
        const opened = { version: followup.version, values: toDraft(initial(followup), todoId), resolved: null };
        // null: refused with a conflict, now shown in the dialog.
        if (await conflicts.save(draft, opened)) saved();
      } else {
        await api.followupAdd(customerId, draft);
        saved();
      }
    } catch (e) {
      const err = asApiError(e);
      const known = new Set(Object.keys(initial(null)));
      const mine = err.problems.filter((p) => known.has(p.field));
      form.setFields(mine.map((p) => ({ name: p.field as keyof Values, errors: [p.message] })));
      showFirstError(form);
      if (mine.length < err.problems.length || err.problems.length === 0) setError(err.message);
    } finally {
      setSaving(false);
    }
  };

  const setNextIn = (days: number) => {
    const at = (form.getFieldValue("at") as Dayjs | null) ?? dayjs();
    form.setFieldValue("next_contact_on", at.startOf("day").add(days, "day"));
  };

  return (
    <Modal
      open={open}
      title={t(followup ? "followupEditTitle" : "followupLog")}
      onCancel={() => onDone(false)}
      onOk={() => void save()}
      okText={t("save")}
      cancelText={t("cancel")}
      confirmLoading={saving}
      okButtonProps={{ "data-testid": "followup-save" } as never}
      width={640}
      destroyOnClose
    >
      <ConflictDialog {...conflicts.dialog(() => saved(), (e) => setError(asApiError(e).message))} />
      <div data-testid="followup-form">
        {todoId != null && <Alert type="info" showIcon message={t("followupTodoNote")} style={{ marginBottom: 12 }} />}
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="followup-error" />}
        <Form form={form} layout="vertical" initialValues={initial(followup)}>
          <Form.Item name="channel" label={t("followupChannel")}>
            <Segmented
              data-testid="followup-channel"
              options={CHANNELS.map((c) => ({ value: c, label: <span data-testid={`followup-channel-${c}`}>{channelLabel(t, c)}</span> }))}
            />
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="at" label={t("followupAt")}>
                <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" style={{ width: "100%" }} data-testid="followup-at" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="who" label={t("followupWho")}>
                <Input placeholder={t("followupWhoHint")} data-testid="followup-who" />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="contact_id" hidden><Input /></Form.Item>
              <Form.Item name="contact_name" label={t("followupContact")}>
                <AutoComplete
                  data-testid="followup-contact"
                  options={contacts.map((c) => ({ value: c.name, label: c.role ? `${c.name}（${c.role}）` : c.name }))}
                  // A name that is one of the customer's contacts links to it; any other is kept as typed.
                  onChange={(name: string) => form.setFieldValue("contact_id", contacts.find((c) => c.name === name)?.id ?? null)}
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="subject" label={t("followupSubject")}>
                <Input data-testid="followup-subject" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="content" label={t("followupContent")} required>
            <Input.TextArea rows={3} data-testid="followup-content" />
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="outcome" label={t("followupOutcome")}>
                <Input.TextArea rows={2} data-testid="followup-outcome" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="next_step" label={t("followupNextStep")}>
                <Input.TextArea rows={2} data-testid="followup-next-step" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item label={t("nextContactOn")} extra={t("followupNextHint")}>
            <Space wrap>
              <Form.Item name="next_contact_on" noStyle>
                <DatePicker data-testid="followup-next" />
              </Form.Item>
              {NEXT_IN.map((d) => (
                <Button key={d} size="small" data-testid={`followup-next-${d}`} onClick={() => setNextIn(d)}>
                  {t("followupInDays", { n: d })}
                </Button>
              ))}
            </Space>
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}

export default FollowupForm;
