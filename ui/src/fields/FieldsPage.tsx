import { useState } from "react";
import { App, Button, Card, Form, Input, Popconfirm, Select, Table, Tag } from "antd";
import { api, asApiError, type FieldDef, type FieldKind } from "../ipc/api";
import { useI18n } from "../i18n";
import { MaskingCard } from "./MaskingCard";

export function FieldsPage({ fieldDefs, onChanged }: { fieldDefs: FieldDef[]; onChanged: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [kind, setKind] = useState<FieldKind>("text");
  const kinds: { value: FieldKind; label: string }[] = [
    { value: "text", label: t("kindText") },
    { value: "number", label: t("kindNumber") },
    { value: "date", label: t("kindDate") },
    { value: "choice", label: t("kindChoice") },
  ];

  const add = async (v: { key: string; label: string; kind: FieldKind; choices?: string }) => {
    try {
      const def = await api.addFieldDef({
        key: v.key, label: v.label, kind: v.kind,
        choices: (v.choices ?? "").split("\n").map((s) => s.trim()).filter(Boolean),
      });
      message.success(t("fieldAdded", { label: def.label }));
      form.resetFields();
      setKind("text");
      onChanged();
    } catch (e) {
      message.error(asApiError(e).message);
    }
  };

  return (
    <div className="page" data-testid="fields-page">
      <Card title={t("addField")} size="small" style={{ marginBottom: 16 }}>
        <Form form={form} layout="inline" onFinish={add} initialValues={{ kind: "text" }}>
          <Form.Item name="label" label={t("fieldLabel")} rules={[{ required: true, whitespace: true }]}>
            <Input placeholder={t("fieldLabelExample")} />
          </Form.Item>
          <Form.Item name="key" label={t("fieldKey")} tooltip={t("fieldKeyHelp")} rules={[{ required: true }]}>
            <Input placeholder="satisfaction" />
          </Form.Item>
          <Form.Item name="kind" label={t("fieldKind")}>
            <Select style={{ width: 100 }} options={kinds} onChange={(k) => setKind(k)} />
          </Form.Item>
          {kind === "choice" && (
            <Form.Item name="choices" label={t("fieldChoices")} tooltip={t("fieldChoicesHelp")}>
              <Input.TextArea rows={3} />
            </Form.Item>
          )}
          <Form.Item>
            <Button type="primary" htmlType="submit">{t("addField")}</Button>
          </Form.Item>
        </Form>
      </Card>
      <MaskingCard fieldDefs={fieldDefs} />
      <Table<FieldDef>
        rowKey="key"
        size="small"
        dataSource={fieldDefs}
        pagination={false}
        locale={{ emptyText: t("noFields") }}
        columns={[
          { title: t("fieldLabel"), dataIndex: "label" },
          { title: t("fieldKey"), dataIndex: "key", render: (k: string) => <code>{k}</code> },
          { title: t("fieldKind"), dataIndex: "kind", render: (k: FieldKind) => kinds.find((x) => x.value === k)?.label },
          { title: t("fieldChoices"), dataIndex: "choices", render: (c: string[]) => c.map((x) => <Tag key={x}>{x}</Tag>) },
          {
            title: "",
            width: 90,
            render: (_, d) => (
              <Popconfirm
                title={t("removeFieldConfirm")}
                onConfirm={async () => {
                  try {
                    await api.removeFieldDef(d.key);
                    message.success(t("fieldRemoved", { label: d.label }));
                    onChanged();
                  } catch (e) {
                    message.error(asApiError(e).message);
                  }
                }}
              >
                <Button size="small" danger>{t("delete")}</Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </div>
  );
}
