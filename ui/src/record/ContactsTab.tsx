// 联系人与纪念日: the people of a company customer (phones masked; a masked
// value left as it is keeps the stored one) and the dates that matter every
// year, each added, changed and removed here.
import { useCallback, useEffect, useState } from "react";
import { Alert, App, Button, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Radio, Select, Space, Switch, Table, Tag, Typography } from "antd";
import type { FormInstance } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { api, asApiError, type ApiError, type Contact, type ContactDraft, type CustomerDate, type DateDraft, type DateKind } from "../ipc/api";
import { useI18n } from "../i18n";
import type { RecordTabProps } from "./CustomerRecord";
import { PURPOSE_KEYS, PURPOSES } from "../customers/privacy";

type ContactForm = Omit<ContactDraft, "birth_date"> & { birth_date: Dayjs | null };

/** Shows the server's problems on the form's fields (and the sentence when none matches). */
function showProblems(form: FormInstance, err: ApiError, fields: string[]): string | null {
  const known = err.problems.filter((p) => fields.includes(p.field));
  form.setFields(known.map((p) => ({ name: p.field, errors: [p.message] })));
  return known.length === err.problems.length && known.length > 0 ? null : err.message;
}

function ContactDialog({ customerId, editing, onDone }: { customerId: number; editing: Contact | "new"; onDone: (saved: boolean) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<ContactForm>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const initial: ContactForm = editing === "new"
    ? { name: "", role: "", phone: null, wechat: null, email: null, birth_date: null, is_primary: false, notes: "" }
    : { ...editing, birth_date: editing.birth_date ? dayjs(editing.birth_date) : null };
  const save = async () => {
    const v = await form.validateFields();
    const draft: ContactDraft = { ...v, birth_date: v.birth_date ? v.birth_date.format("YYYY-MM-DD") : null, is_primary: !!v.is_primary };
    setSaving(true);
    try {
      if (editing === "new") await api.contactAdd(customerId, draft);
      else await api.contactEdit(editing.id, draft);
      onDone(true);
    } catch (e) {
      setError(showProblems(form, asApiError(e), ["name", "role", "phone", "wechat", "email", "notes"]));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={editing === "new" ? t("contactAdd") : t("contactEdit")} onOk={() => void save()} confirmLoading={saving}
      onCancel={() => onDone(false)} okButtonProps={{ "data-testid": "contact-save" } as never} destroyOnClose>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={initial}>
        <Form.Item name="name" label={t("contactName")} rules={[{ required: true, message: t("contactNameRequired") }]}>
          <Input data-testid="contact-name" count={{ max: 100 }} />
        </Form.Item>
        <Form.Item name="role" label={t("contactRole")}><Input data-testid="contact-role" count={{ max: 50 }} /></Form.Item>
        <Form.Item name="phone" label={t("phone")}><Input data-testid="contact-phone" /></Form.Item>
        <Form.Item name="wechat" label={t("contactWechat")}><Input data-testid="contact-wechat" /></Form.Item>
        <Form.Item name="email" label={t("email")}><Input data-testid="contact-email" /></Form.Item>
        <Form.Item name="birth_date" label={t("contactBirthday")}><DatePicker data-testid="contact-birthday" /></Form.Item>
        <Form.Item name="is_primary" label={t("contactPrimary")} valuePropName="checked"><Switch data-testid="contact-primary" /></Form.Item>
        <Form.Item name="notes" label={t("notes")}><Input.TextArea rows={2} count={{ max: 2000 }} /></Form.Item>
      </Form>
    </Modal>
  );
}

/** 显示完整 for a contact: a purpose (logged), then the full phone and e-mail. */
function RevealDialog({ contact, onDone }: { contact: Contact; onDone: (full: Contact | null) => void }) {
  const { t } = useI18n();
  const [purpose, setPurpose] = useState<string>(PURPOSES[0]);
  const [error, setError] = useState<string | null>(null);
  const reveal = async () => {
    try {
      onDone(await api.contactReveal(contact.id, purpose));
    } catch (e) {
      setError(asApiError(e).message);
    }
  };
  return (
    <Modal open title={t("contactRevealTitle")} onOk={() => void reveal()} onCancel={() => onDone(null)}
      okButtonProps={{ "data-testid": "contact-reveal-ok" } as never}>
      <Typography.Paragraph type="secondary">{t("contactRevealHint")}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Radio.Group value={purpose} onChange={(e) => setPurpose(e.target.value)}>
        <Space direction="vertical">{PURPOSES.map((p) => <Radio key={p} value={p}>{t(PURPOSE_KEYS[p])}</Radio>)}</Space>
      </Radio.Group>
    </Modal>
  );
}

const KINDS: DateKind[] = ["cooperation", "opening", "custom"];

function DateDialog({ customerId, editing, onDone }: { customerId: number; editing: CustomerDate | "new"; onDone: (saved: boolean) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<DateDraft>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const initial: DateDraft = editing === "new"
    ? { kind: "cooperation", label: "", month: 1, day: 1, year: null, remind: true, notes: "" }
    : editing;
  const save = async () => {
    const v = await form.validateFields();
    const draft: DateDraft = { ...v, label: v.label ?? "", notes: v.notes ?? "", year: v.year ?? null, remind: !!v.remind };
    setSaving(true);
    try {
      if (editing === "new") await api.dateAdd(customerId, draft);
      else await api.dateEdit(editing.id, draft);
      onDone(true);
    } catch (e) {
      setError(showProblems(form, asApiError(e), ["label", "month", "day", "year", "notes"]));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={editing === "new" ? t("dateAdd") : t("dateEdit")} onOk={() => void save()} confirmLoading={saving}
      onCancel={() => onDone(false)} okButtonProps={{ "data-testid": "date-save" } as never} destroyOnClose>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={initial}>
        <Form.Item name="kind" label={t("dateKind")}>
          <Select data-testid="date-kind" options={KINDS.map((k) => ({ value: k, label: t(`dateKind_${k}`) }))} />
        </Form.Item>
        <Form.Item name="label" label={t("dateLabel")} extra={t("dateLabelHint")}><Input data-testid="date-label" count={{ max: 50 }} /></Form.Item>
        <Space>
          <Form.Item name="month" label={t("dateMonth")} rules={[{ required: true }]}><InputNumber data-testid="date-month" min={1} max={12} /></Form.Item>
          <Form.Item name="day" label={t("dateDay")} rules={[{ required: true }]}><InputNumber data-testid="date-day" min={1} max={31} /></Form.Item>
          <Form.Item name="year" label={t("dateYear")}><InputNumber data-testid="date-year" min={1900} max={2100} /></Form.Item>
        </Space>
        <Form.Item name="remind" label={t("dateRemind")} valuePropName="checked"><Switch data-testid="date-remind" /></Form.Item>
        <Form.Item name="notes" label={t("notes")}><Input.TextArea rows={2} count={{ max: 2000 }} /></Form.Item>
      </Form>
    </Modal>
  );
}

export function ContactsTab({ customerId }: RecordTabProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [contacts, setContacts] = useState<Contact[]>([]);
  const [dates, setDates] = useState<CustomerDate[]>([]);
  const [contactOpen, setContactOpen] = useState<Contact | "new" | null>(null);
  const [dateOpen, setDateOpen] = useState<CustomerDate | "new" | null>(null);
  const [revealing, setRevealing] = useState<Contact | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    api.recordContacts(customerId).then(setContacts).catch((e) => setError(asApiError(e).message));
    api.recordDates(customerId).then(setDates).catch((e) => setError(asApiError(e).message));
  }, [customerId]);
  useEffect(reload, [reload]);
  const remove = async (what: Promise<void>) => {
    try {
      await what;
      reload();
    } catch (e) {
      message.error(asApiError(e).message);
    }
  };
  const when = (d: CustomerDate) => (d.year ? `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}` : t("dateEveryYear", { m: d.month, d: d.day }));

  return (
    <div data-testid="record-contacts">
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Space style={{ marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>{t("contactsTitle")}</Typography.Title>
        <Button size="small" type="primary" onClick={() => setContactOpen("new")} data-testid="contact-add">{t("contactAdd")}</Button>
      </Space>
      <Table
        data-testid="contacts-table"
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={contacts}
        locale={{ emptyText: t("contactsEmpty") }}
        columns={[
          { title: t("contactName"), dataIndex: "name", render: (n: string, c: Contact) => <span>{n}{c.is_primary && <Tag color="blue" style={{ marginLeft: 6 }}>{t("contactPrimary")}</Tag>}</span> },
          { title: t("contactRole"), dataIndex: "role" },
          { title: t("phone"), dataIndex: "phone" },
          { title: t("contactWechat"), dataIndex: "wechat" },
          { title: t("email"), dataIndex: "email" },
          { title: t("contactBirthday"), dataIndex: "birth_date" },
          {
            title: "", key: "actions", width: 200, render: (_: unknown, c: Contact) => (
              <Space>
                {c.phone?.includes("*") || c.email?.includes("*") ? (
                  <Button size="small" type="link" onClick={() => setRevealing(c)} data-testid={`contact-reveal-${c.id}`}>{t("contactReveal")}</Button>
                ) : null}
                <Button size="small" type="link" onClick={() => setContactOpen(c)}>{t("edit")}</Button>
                <Popconfirm title={t("contactDeleteConfirm")} onConfirm={() => void remove(api.contactDelete(c.id))}>
                  <Button size="small" type="link" danger>{t("recordDelete")}</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Space style={{ margin: "20px 0 8px" }}>
        <Typography.Title level={5} style={{ margin: 0 }}>{t("datesTitle")}</Typography.Title>
        <Button size="small" type="primary" onClick={() => setDateOpen("new")} data-testid="date-add">{t("dateAdd")}</Button>
      </Space>
      <Table
        data-testid="dates-table"
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={dates}
        locale={{ emptyText: t("datesEmpty") }}
        columns={[
          { title: t("dateLabel"), dataIndex: "label" },
          { title: t("dateKind"), dataIndex: "kind", render: (k: DateKind) => t(`dateKind_${k}`) },
          { title: t("dateWhen"), key: "when", render: (_: unknown, d: CustomerDate) => when(d) },
          { title: t("dateRemind"), dataIndex: "remind", render: (r: boolean) => (r ? t("recordYes") : t("recordNo")) },
          { title: t("notes"), dataIndex: "notes" },
          {
            title: "", key: "actions", width: 120, render: (_: unknown, d: CustomerDate) => (
              <Space>
                <Button size="small" type="link" onClick={() => setDateOpen(d)}>{t("edit")}</Button>
                <Popconfirm title={t("dateDeleteConfirm")} onConfirm={() => void remove(api.dateDelete(d.id))}>
                  <Button size="small" type="link" danger>{t("recordDelete")}</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {contactOpen && <ContactDialog customerId={customerId} editing={contactOpen} onDone={(saved) => { setContactOpen(null); if (saved) reload(); }} />}
      {revealing && (
        <RevealDialog contact={revealing} onDone={(full) => {
          setRevealing(null);
          if (full) setContacts((cs) => cs.map((c) => (c.id === full.id ? full : c)));
        }} />
      )}
      {dateOpen && <DateDialog customerId={customerId} editing={dateOpen} onDone={(saved) => { setDateOpen(null); if (saved) reload(); }} />}
    </div>
  );
}
