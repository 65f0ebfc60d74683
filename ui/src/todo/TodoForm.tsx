// A to-do written by a person: what, when (a day, and an hour if it has
// one), who, a note, and whether it repeats. Adds one (for a customer when
// `customerId` is given) or changes `todo`.
import { useEffect, useState } from "react";
import { Alert, App, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Space, TimePicker } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { api, asApiError, type RepeatUnit, type Todo, type TodoKind, type TodoRequest } from "../ipc/api";
import { useI18n } from "../i18n";
import { KINDS, UNITS, kindLabel, unitLabel } from "./kinds";
import { validateShowingFirst } from "../forms/firstError";

interface Values {
  title: string;
  kind: TodoKind;
  due_on: Dayjs;
  due_time: Dayjs | null;
  owner: string;
  note: string;
  unit: RepeatUnit | "none";
  every: number;
}

export interface TodoFormProps {
  open: boolean;
  /** The customer a new to-do is about; none: about no customer. */
  customerId?: number | null;
  /** The to-do to change; none: a new one. */
  todo?: Todo | null;
  onDone: (saved: boolean) => void;
}

function initial(todo?: Todo | null): Values {
  return {
    title: todo?.title ?? "",
    kind: todo?.kind ?? "custom",
    due_on: todo ? dayjs(todo.due_on) : dayjs().startOf("day"),
    due_time: todo?.due_time ? dayjs(`2000-01-01 ${todo.due_time}`) : null,
    owner: todo?.owner ?? "",
    note: todo?.note ?? "",
    unit: todo?.repeat?.unit ?? "none",
    every: todo?.repeat?.every ?? 1,
  };
}

export function toRequest(v: Values, customerId: number | null): TodoRequest {
  return {
    customer_id: customerId,
    kind: v.kind,
    title: v.title.trim(),
    note: v.note ?? "",
    due_on: v.due_on.format("YYYY-MM-DD"),
    due_time: v.due_time ? v.due_time.format("HH:mm") : null,
    owner: v.owner ?? "",
    repeat: v.unit === "none" ? null : { unit: v.unit, every: v.every || 1 },
  };
}

export function TodoForm({ open, customerId, todo, onDone }: TodoFormProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const unit = Form.useWatch("unit", form);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(initial(todo));
  }, [open, todo, form]);

  const save = async () => {
    const values = await validateShowingFirst<Values>(form);
    if (!values) return;
    setSaving(true);
    setError(null);
    try {
      const request = toRequest({ ...initial(todo), ...values }, todo ? todo.customer_id : customerId ?? null);
      if (todo) await api.todoEdit(todo.id, request);
      else await api.todoAdd(request);
      message.success(t("todoSaved"));
      onDone(true);
    } catch (e) {
      setError(asApiError(e).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t(todo ? "todoEdit" : "todoAdd")}
      onCancel={() => onDone(false)}
      onOk={() => void save()}
      okText={t("save")}
      cancelText={t("cancel")}
      confirmLoading={saving}
      okButtonProps={{ "data-testid": "todo-save" } as never}
      destroyOnClose
    >
      <div data-testid="todo-form">
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="todo-error" />}
        <Form form={form} layout="vertical" initialValues={initial(todo)}>
          <Form.Item name="title" label={t("todoTitle")} rules={[{ required: true, whitespace: true, message: t("todoTitleRequired") }]}>
            <Input data-testid="todo-title" count={{ max: 200 }} />
          </Form.Item>
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="kind" label={t("todoKind")}>
                <Select disabled={!!todo} data-testid="todo-kind" options={KINDS.map((k) => ({ value: k, label: kindLabel(t, k) }))} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="due_on" label={t("todoDue")} rules={[{ required: true }]}>
                <DatePicker allowClear={false} style={{ width: "100%" }} data-testid="todo-due" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="due_time" label={t("todoTime")} extra={t("todoTimeHint")}>
                <TimePicker format="HH:mm" minuteStep={5} style={{ width: "100%" }} data-testid="todo-time" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="owner" label={t("todoOwner")} extra={t("todoOwnerHint")}>
            <Input data-testid="todo-owner" count={{ max: 50 }} />
          </Form.Item>
          <Form.Item label={t("todoRepeat")}>
            <Space>
              <Form.Item name="unit" noStyle>
                <Select
                  style={{ width: 120 }}
                  data-testid="todo-repeat"
                  options={[{ value: "none", label: t("todoRepeatNone") }, ...UNITS.map((u) => ({ value: u, label: unitLabel(t, u) }))]}
                />
              </Form.Item>
              {unit && unit !== "none" && (
                <>
                  <span>{t("todoRepeatEvery")}</span>
                  <Form.Item name="every" noStyle>
                    <InputNumber min={1} max={999} data-testid="todo-every" />
                  </Form.Item>
                  <span>{unitLabel(t, unit)}</span>
                </>
              )}
            </Space>
          </Form.Item>
          <Form.Item name="note" label={t("todoNote")}>
            <Input.TextArea rows={2} data-testid="todo-note" count={{ max: 2000 }} />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
