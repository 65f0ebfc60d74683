// 新建投诉: the dialog that records a complaint or piece of feedback, from the
// 投诉与反馈 page (customer picked here), the customer drawer and the record
// page's 投诉 tab (customer given). Deadlines and the default owner are Rust's.
import { useEffect, useState } from "react";
import { Alert, App, DatePicker, Form, Input, Modal, Segmented, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { api, asApiError, type Case, type CaseChannel, type CaseSeverity, type CaseType, type Customer } from "../ipc/api";
import { useI18n } from "../i18n";
import { FIRST_QUERY } from "../customers/firstQuery";
import { CHANNELS, KINDS, SEVERITIES, channelText, kindText, severityText } from "./caseText";
import { validateShowingFirst } from "../forms/firstError";

export interface CaseFormProps {
  open: boolean;
  /** The customer, when the dialog is opened for one; else it is picked in the dialog. */
  customerId?: number;
  /** After a save (the case) or a cancel (null); close the dialog there. */
  onDone: (saved: Case | null) => void;
}

interface Values {
  customer_id: number | null;
  channel: CaseChannel;
  kind: CaseType;
  severity: CaseSeverity;
  description: string;
  owner: string;
  received_at: Dayjs | null;
}

/** A search box over the archive (name, code, pinyin initials). */
function CustomerPicker({ value, onChange }: { value?: number | null; onChange?: (id: number | null) => void }) {
  const { t } = useI18n();
  const [found, setFound] = useState<Customer[]>([]);
  const search = (text: string) => {
    api
      .listCustomers({ ...FIRST_QUERY, search: text.trim() || null, limit: 20 })
      .then((page) => setFound(page.items))
      .catch(() => setFound([]));
  };
  useEffect(() => search(""), []);
  return (
    <Select
      showSearch
      allowClear
      data-testid="case-customer"
      value={value ?? undefined}
      placeholder={t("caseCustomerPick")}
      filterOption={false}
      onSearch={search}
      onChange={(id) => onChange?.(id ?? null)}
      options={found.map((c) => ({ value: c.id, label: `${c.name}${c.code ? `（${c.code}）` : ""}` }))}
    />
  );
}

export function CaseForm({ open, customerId, onDone }: CaseFormProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({
      customer_id: customerId ?? null,
      channel: "phone",
      kind: "service",
      severity: "normal",
      description: "",
      owner: "",
      received_at: dayjs(),
    });
  }, [open, customerId, form]);

  const save = async () => {
    const v = await validateShowingFirst(form);
    if (!v) return;
    setSaving(true);
    setError(null);
    try {
      const saved = await api.caseOpen({
        customer_id: v.customer_id as number,
        channel: v.channel,
        kind: v.kind,
        severity: v.severity,
        description: v.description,
        owner: v.owner?.trim() ? v.owner.trim() : null,
        received_at: v.received_at ? v.received_at.format("YYYY-MM-DDTHH:mm:ss") : null,
      });
      message.success(t("caseSaved", { number: saved.number }));
      onDone(saved);
    } catch (e) {
      setError(asApiError(e).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t("caseNewTitle")}
      onOk={() => void save()}
      onCancel={() => onDone(null)}
      confirmLoading={saving}
      okButtonProps={{ "data-testid": "case-save" } as never}
      destroyOnClose
      width={560}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="case-form-error" />}
      <Form form={form} layout="vertical" data-testid="case-form">
        <Form.Item name="customer_id" label={t("caseCustomer")} rules={[{ required: true, message: t("caseCustomerMissing") }]} hidden={customerId != null}>
          <CustomerPicker />
        </Form.Item>
        <Form.Item name="kind" label={t("caseKind")}>
          <Select data-testid="case-kind" options={KINDS.map((k) => ({ value: k, label: kindText(t, k) }))} />
        </Form.Item>
        <Form.Item name="channel" label={t("caseChannel")}>
          <Segmented data-testid="case-channel" options={CHANNELS.map((c) => ({ value: c, label: channelText(t, c) }))} />
        </Form.Item>
        <Form.Item name="severity" label={t("caseSeverity")}>
          <Segmented data-testid="case-severity" options={SEVERITIES.map((s) => ({ value: s, label: severityText(t, s) }))} />
        </Form.Item>
        <Form.Item name="description" label={t("caseDescription")} rules={[{ required: true, whitespace: true, message: t("caseDescriptionMissing") }]}>
          <Input.TextArea rows={4} count={{ max: 4000 }} data-testid="case-description" />
        </Form.Item>
        <Form.Item name="owner" label={t("caseOwner")} extra={t("caseOwnerHint")}>
          <Input data-testid="case-owner" />
        </Form.Item>
        <Form.Item name="received_at" label={t("caseReceivedAt")}>
          <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" data-testid="case-received" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default CaseForm;
