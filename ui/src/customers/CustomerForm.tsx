// Create and edit a customer. Problems found by Rust come back per field
// and are shown under the inputs they concern.
import { useEffect, useMemo, useState } from "react";
import { App, Col, DatePicker, Divider, Form, Input, InputNumber, Modal, Row, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { api, asApiError, type Customer, type CustomerDraft, type FieldDef } from "../ipc/api";
import { useI18n } from "../i18n";
import type { TierLabel } from "../ipc/api";
import { isEmail, isPhone, problemsToFields } from "./validate";
import { untouchedMask } from "./privacy";
import { showFirstError, validateShowingFirst } from "../forms/firstError";
import { ConflictDialog } from "../conflict/ConflictDialog";
import { useConflictSave } from "../conflict/useConflictSave";

interface Props {
  open: boolean;
  customer: Customer | null;
  fieldDefs: FieldDef[];
  tiers: TierLabel[];
  onClose: () => void;
  onSaved: (c: Customer) => void;
}

type DateKey = "last_rated_on" | "next_rating_on" | "birth_date" | "registered_on" | "last_contact_on";
const DATE_KEYS: DateKey[] = ["last_rated_on", "next_rating_on", "birth_date", "registered_on", "last_contact_on"];

export function toFormValues(c: Customer | null, defs: FieldDef[]): Record<string, unknown> {
  if (!c) return { tags: [], fields: {} };
  const v: Record<string, unknown> = { ...c };
  for (const k of DATE_KEYS) v[k] = c[k] ? dayjs(c[k]) : null;
  const fields: Record<string, unknown> = {};
  for (const d of defs) {
    const raw = c.fields[d.key];
    // A masked value (a sensitive field: 19******07) stays text, shown read-only
    // and sent back as shown, so that saving keeps the stored value.
    fields[d.key] = d.kind === "date" && raw && !isMasked(raw) ? dayjs(String(raw)) : raw;
  }
  v.fields = fields;
  return v;
}

/** Whether a custom field's value is shown masked (it then holds a *). */
function isMasked(v: unknown): boolean {
  return typeof v === "string" && v.includes("*");
}

export function toDraft(values: Record<string, unknown>, defs: FieldDef[]): CustomerDraft {
  const str = (k: string) => {
    const s = values[k];
    return typeof s === "string" && s.trim() !== "" ? s.trim() : null;
  };
  const numOrNull = (k: string) => (typeof values[k] === "number" ? (values[k] as number) : null);
  const date = (k: string) => {
    const d = values[k] as Dayjs | null | undefined;
    return d ? d.format("YYYY-MM-DD") : null;
  };
  const rawFields = (values.fields ?? {}) as Record<string, unknown>;
  const fields: Record<string, string | number | null> = {};
  for (const d of defs) {
    const v = rawFields[d.key];
    if (v == null || v === "") continue;
    fields[d.key] = d.kind === "date" && dayjs.isDayjs(v) ? v.format("YYYY-MM-DD") : (v as string | number);
  }
  return {
    code: str("code"),
    name: (values.name as string | undefined) ?? "",
    phone: str("phone"),
    spend: numOrNull("spend"),
    frequency: numOrNull("frequency"),
    tenure_years: numOrNull("tenure_years"),
    influence: numOrNull("influence"),
    tier: str("tier"),
    last_rated_on: date("last_rated_on"),
    next_rating_on: date("next_rating_on"),
    gender: (values.gender as CustomerDraft["gender"]) ?? null,
    birth_date: date("birth_date"),
    email: str("email"),
    address: str("address"),
    registered_on: date("registered_on"),
    last_contact_on: date("last_contact_on"),
    preferred_category: str("preferred_category"),
    notes: str("notes"),
    manager: str("manager"),
    tags: (values.tags as string[] | undefined) ?? [],
    fields,
  };
}

/** Whether saving needs a reason: editing a customer whose 当前等级 the form
 * changes (an empty choice counts as no tier). A new customer's first tier
 * needs none. */
export function tierReasonNeeded(customer: Customer | null, tier: unknown): boolean {
  if (!customer) return false;
  const norm = (t: unknown) => (typeof t === "string" && t.trim() !== "" ? t.trim() : null);
  return norm(customer.tier) !== norm(tier);
}

export function CustomerForm({ open, customer, fieldDefs, tiers, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const tier = Form.useWatch("tier", form);
  const needReason = tierReasonNeeded(customer, tier);
  // What the form opened: sent with every save, so a customer someone else
  // changed since is merged, or shown in the conflict dialog.
  const opened = useMemo(
    () => (customer ? { version: customer.version, values: toDraft(toFormValues(customer, fieldDefs), fieldDefs), resolved: null } : null),
    [customer, fieldDefs],
  );
  const conflicts = useConflictSave<CustomerDraft, Customer>("customer", (draft, base, reason) =>
    api.updateCustomer(customer!.id, draft, base, reason),
  );
  const done = (saved: Customer) => {
    message.success(t(customer ? "saved" : "created", { name: saved.name }));
    onSaved(saved);
  };

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(toFormValues(customer, fieldDefs));
    }
  }, [open, customer, fieldDefs, form]);

  const submit = async () => {
    const values = await validateShowingFirst(form);
    if (!values) return;
    setSaving(true);
    try {
      const draft = toDraft(values, fieldDefs);
      const reason = needReason ? (values.tier_reason as string) : null;
      const saved = customer && opened ? await conflicts.save(draft, opened, reason) : await api.createCustomer(draft);
      // null: refused with a conflict, now shown in the dialog.
      if (saved) done(saved);
    } catch (e) {
      const err = asApiError(e);
      if (err.problems.length > 0) {
        form.setFields(problemsToFields(err, { tier_reason: t("tierReasonRequired") }));
        showFirstError(form);
      }
      message.error(err.message);
    } finally {
      setSaving(false);
    }
  };

  const phoneRule = {
    validator: (_: unknown, v: string | undefined) =>
      // A masked phone left as shown is saved as stored (the API keeps it).
      !v || isPhone(v) || untouchedMask(v, customer?.phone) ? Promise.resolve() : Promise.reject(new Error(t("phoneInvalid"))),
  };
  const emailRule = {
    validator: (_: unknown, v: string | undefined) =>
      !v || isEmail(v) || untouchedMask(v, customer?.email) ? Promise.resolve() : Promise.reject(new Error(t("emailInvalid"))),
  };

  return (
    <Modal
      open={open}
      title={customer ? t("editCustomer") : t("newCustomer")}
      onCancel={onClose}
      onOk={submit}
      okText={t("save")}
      cancelText={t("cancel")}
      confirmLoading={saving}
      width={820}
      destroyOnHidden
      okButtonProps={{ "data-testid": "customer-save" } as never}
      cancelButtonProps={{ "data-testid": "customer-cancel" } as never}
    >
      <ConflictDialog {...conflicts.dialog((saved) => done(saved), (e) => message.error(asApiError(e).message))} />
      <Form form={form} layout="vertical" data-testid="customer-form" onFinish={submit}>
        <Divider orientation="left" plain>{t("basicInfo")}</Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="name" label={t("name")} rules={[{ required: true, whitespace: true, message: t("nameRequired") }]}>
              <Input data-testid="field-name" autoFocus />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="code" label={t("code")}>
              <Input data-testid="field-code" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="phone" label={t("phone")} rules={[phoneRule]}>
              <Input data-testid="field-phone" placeholder="13812345678 / 010-12345678" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="manager" label={t("manager")}>
              <Input data-testid="field-manager" />
            </Form.Item>
          </Col>
        </Row>
        <Divider orientation="left" plain>{t("ratingInfo")}</Divider>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="spend" label={`${t("spend")}（${t("yuan")}）`}>
              <InputNumber data-testid="field-spend" style={{ width: "100%" }} min={-1e12} max={1e12} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="frequency" label={`${t("frequency")}（${t("perYear")}）`}>
              <InputNumber data-testid="field-frequency" style={{ width: "100%" }} min={0} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="tenure_years" label={`${t("tenureYears")}（${t("years")}）`}>
              <InputNumber data-testid="field-tenure" style={{ width: "100%" }} min={0} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="influence" label={t("influence")}>
              <InputNumber data-testid="field-influence" style={{ width: "100%" }} min={0} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="tier" label={t("tier")}>
              <Select
                allowClear
                data-testid="field-tier"
                options={tiers.map((x) => ({ value: x.key, label: x.name }))}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            {needReason && (
              <Form.Item
                name="tier_reason"
                label={t("tierReason")}
                rules={[{ required: true, whitespace: true, message: t("tierReasonRequired") }]}
              >
                <Input data-testid="field-tier-reason" maxLength={500} placeholder={t("tierReasonHint")} />
              </Form.Item>
            )}
          </Col>
          <Col span={8}>
            <Form.Item name="last_rated_on" label={t("lastRatedOn")}>
              <DatePicker style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="next_rating_on" label={t("nextRatingOn")}>
              <DatePicker style={{ width: "100%" }} />
            </Form.Item>
          </Col>
        </Row>
        <Divider orientation="left" plain>{t("moreInfo")}</Divider>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="gender" label={t("gender")}>
              <Select allowClear options={[{ value: "male", label: t("male") }, { value: "female", label: t("female") }]} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="birth_date" label={t("birthDate")}>
              <DatePicker style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="email" label={t("email")} rules={[emailRule]}>
              <Input data-testid="field-email" />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="address" label={t("address")}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="preferred_category" label={t("preferredCategory")}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="registered_on" label={t("registeredOn")}>
              <DatePicker style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="last_contact_on" label={t("lastContactOn")}>
              <DatePicker style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="tags" label={t("tags")}>
              <Select mode="tags" tokenSeparators={[",", "，", "、"]} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="notes" label={t("notes")}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Col>
        </Row>
        {fieldDefs.length > 0 && (
          <>
            <Divider orientation="left" plain>{t("customFields")}</Divider>
            <Row gutter={16}>
              {fieldDefs.map((d) => (
                <Col span={8} key={d.key}>
                  <Form.Item name={["fields", d.key]} label={d.label}>
                    {(d.kind === "number" || d.kind === "date") && isMasked(customer?.fields[d.key]) ? (
                      <Input readOnly />
                    ) : d.kind === "number" ? (
                      <InputNumber style={{ width: "100%" }} />
                    ) : d.kind === "date" ? (
                      <DatePicker style={{ width: "100%" }} />
                    ) : d.kind === "choice" ? (
                      <Select allowClear options={d.choices.map((c) => ({ value: c, label: c }))} />
                    ) : (
                      <Input />
                    )}
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </>
        )}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
