// 录入答卷: the dialog that records one survey answer, from the 满意度 page
// (customer given by its code) and the record page's 满意度 tab (customer
// given). Rust checks the scores and opens the follow-up to-do.
import { useEffect, useState } from "react";
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { api, asApiError, type SurveyAnswer, type SurveyChannel } from "../ipc/api";
import { useI18n } from "../i18n";
import { CHANNELS } from "./surveyText";
import { validateShowingFirst } from "../forms/firstError";

export interface SurveyFormProps {
  open: boolean;
  /** The customer, when opened for one; else its code is typed in the dialog. */
  customerId?: number;
  onDone: (saved: SurveyAnswer | null) => void;
}

interface Values {
  code: string;
  answered_on: Dayjs;
  channel: SurveyChannel;
  nps: number | null;
  csat: number | null;
  comment: string;
}

/** The customer whose code is exactly `code`, by the archive's search. */
async function customerByCode(code: string): Promise<number | null> {
  const page = await api.listCustomers({
    search: code,
    tier: null,
    manager: null,
    sort: "id",
    descending: false,
    offset: 0,
    limit: 50,
    deleted: false,
    last_contact_before: null,
    next_contact_by: null,
  });
  return page.items.find((c) => c.code === code)?.id ?? null;
}

export function SurveyForm({ open, customerId, onDone }: SurveyFormProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({ code: "", answered_on: dayjs(), channel: "phone", nps: null, csat: null, comment: "" });
  }, [open, form]);

  const save = async () => {
    const v = await validateShowingFirst(form);
    if (!v) return;
    if (v.nps == null && v.csat == null) {
      setError(t("surveyNeedScore"));
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const id = customerId ?? (await customerByCode(v.code.trim()));
      if (id == null) {
        setError(t("auditCustomerNotFound", { key: v.code.trim() }));
        return;
      }
      const saved = await api.surveyAdd({
        customer_id: id,
        survey_id: null,
        answered_on: v.answered_on.format("YYYY-MM-DD"),
        channel: v.channel,
        nps: v.nps,
        csat: v.csat,
        scores: {},
        comment: v.comment ?? "",
      });
      message.success(
        saved.follow_up_todo != null
          ? t("surveyFollowUpAdded")
          : t("surveySaved"),
      );
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
      title={t("surveyAddTitle")}
      onOk={() => void save()}
      onCancel={() => onDone(null)}
      confirmLoading={saving}
      okButtonProps={{ "data-testid": "survey-save" } as never}
      destroyOnClose
    >
      {error && <Alert type="error" message={error} style={{ marginBottom: 12 }} data-testid="survey-error" />}
      <Form form={form} layout="vertical">
        {customerId == null && (
          <Form.Item name="code" label={t("surveyCustomerCode")} rules={[{ required: true, whitespace: true }]}>
            <Input data-testid="survey-code" />
          </Form.Item>
        )}
        <Form.Item name="answered_on" label={t("surveyDate")} rules={[{ required: true }]}>
          <DatePicker data-testid="survey-date" disabledDate={(d) => d.isAfter(dayjs(), "day")} />
        </Form.Item>
        <Form.Item name="channel" label={t("surveyChannel")}>
          <Select data-testid="survey-channel" options={CHANNELS.map((c) => ({ value: c, label: t(`surveyChannel_${c}`) }))} />
        </Form.Item>
        <Form.Item name="nps" label={t("surveyNpsField")}>
          <InputNumber min={0} max={10} precision={0} data-testid="survey-nps" />
        </Form.Item>
        <Form.Item name="csat" label={t("surveyCsatField")}>
          <InputNumber min={1} max={5} precision={0} data-testid="survey-csat" />
        </Form.Item>
        <Form.Item name="comment" label={t("surveyComment")}>
          <Input.TextArea rows={3} count={{ max: 2000 }} data-testid="survey-comment" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
