// The review between preview and approval: the customers who would move
// (or any customer found by search), each with 「调整」 to choose another tier
// with a reason and an optional end date. Choices are kept here until the
// approval sends them.
import { useState } from "react";
import { App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { api, asApiError, type Customer, type EvaluationPreview, type TierRule } from "../ipc/api";
import { useI18n } from "../i18n";
import { choiceProblems, reviewRows, type Choices, type ReviewRow } from "./review";
import { count } from "../format";

type Props = {
  preview: EvaluationPreview;
  tiers: TierRule[];
  choices: Choices;
  onChange: (choices: Choices) => void;
};

type Draft = { tier: string | null; reason: string; expires: Dayjs | null };

export function ReviewTable({ preview, tiers, choices, onChange }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [found, setFound] = useState<Customer[] | null>(null);
  const [chosenRows, setChosenRows] = useState<Record<number, ReviewRow>>({});
  const [editing, setEditing] = useState<ReviewRow | null>(null);
  const [draft, setDraft] = useState<Draft>({ tier: null, reason: "", expires: null });
  const [problems, setProblems] = useState<string[]>([]);

  const tierName = (key: string | null) => (key ? tiers.find((x) => x.key === key)?.name ?? key : t("noTier"));
  const tierTag = (key: string | null) => <Tag color={tiers.find((x) => x.key === key)?.color}>{tierName(key)}</Tag>;

  const search = async (text: string) => {
    if (!text.trim()) {
      setFound(null);
      return;
    }
    try {
      const page = await api.listCustomers({
        search: text.trim(),
        tier: null,
        manager: null,
        sort: "code",
        descending: false,
        limit: 50,
        offset: 0,
        deleted: false,
        last_contact_before: null,
        next_contact_by: null,
      });
      setFound(page.items);
    } catch (e) {
      message.error(asApiError(e).message);
    }
  };

  const open = (r: ReviewRow) => {
    const c = choices[r.customer_id];
    setEditing(r);
    setProblems([]);
    setDraft({ tier: c?.tier ?? (r.proposed || null), reason: c?.reason ?? "", expires: c?.expires_on ? dayjs(c.expires_on) : null });
  };

  const save = () => {
    if (!editing) return;
    const p = choiceProblems(draft);
    setProblems(p);
    if (p.length) return;
    setChosenRows({ ...chosenRows, [editing.customer_id]: editing });
    onChange({
      ...choices,
      [editing.customer_id]: {
        customer_id: editing.customer_id,
        tier: draft.tier as string,
        reason: draft.reason.trim(),
        expires_on: draft.expires ? draft.expires.format("YYYY-MM-DD") : null,
      },
    });
    setEditing(null);
  };

  const revert = (id: number) => {
    const next = { ...choices };
    delete next[id];
    onChange(next);
  };

  const rows = reviewRows(preview.moves, preview.standing, found, choices, chosenRows);
  const n = Object.keys(choices).length;

  return (
    <Card
      size="small"
      title={`${t("movedCustomers", { n: count(preview.moved) })} · ${t("reviewTitle")}`}
      style={{ marginTop: 16 }}
      data-testid="review"
      extra={<Typography.Text type={n ? "warning" : "secondary"} data-testid="review-count">{t("reviewCount", { n })}</Typography.Text>}
    >
      <Space direction="vertical" style={{ width: "100%" }}>
        <Input.Search
          allowClear
          data-testid="review-search"
          placeholder={t("reviewSearch")}
          style={{ maxWidth: 420 }}
          onSearch={(v) => void search(v)}
        />
        <Typography.Text type="secondary">{t("reviewHint")}</Typography.Text>
        <Table<ReviewRow>
          size="small"
          rowKey="customer_id"
          dataSource={rows}
          pagination={{ pageSize: 20 }}
          onRow={(r) => ({ "data-testid": `review-row-${r.customer_id}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t("code"), dataIndex: "code", width: 120 },
            { title: t("name"), dataIndex: "name" },
            { title: t("from"), dataIndex: "from", width: 110, render: (k: string | null) => tierTag(k) },
            {
              title: t("proposed"),
              width: 170,
              render: (_, r) => (
                <Space size={4}>
                  {tierTag(r.proposed)}
                  {r.standing_until && <Tag color="purple">{t("standingUntil", { date: r.standing_until })}</Tag>}
                </Space>
              ),
            },
            {
              title: t("chosenTier"),
              width: 170,
              render: (_, r) => {
                const c = choices[r.customer_id];
                return c ? (
                  <Space size={4} data-testid="override-mark">
                    {tierTag(c.tier)}
                    <Tag color="orange">{t("overridden")}</Tag>
                  </Space>
                ) : null;
              },
            },
            {
              title: t("reason"),
              render: (_, r) => choices[r.customer_id]?.reason ?? r.reason,
            },
            {
              title: "",
              width: 130,
              render: (_, r) => (
                <Space size={4}>
                  <Button size="small" data-testid="override-open" onClick={() => open(r)}>{t("adjust")}</Button>
                  {choices[r.customer_id] && (
                    <Button size="small" type="link" data-testid="override-revert" onClick={() => revert(r.customer_id)}>
                      {t("revertOverride")}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Space>
      <Modal
        open={!!editing}
        title={editing ? t("overrideTitle", { name: editing.name }) : ""}
        okText={t("save")}
        cancelText={t("cancel")}
        okButtonProps={{ "data-testid": "override-save" } as never}
        onOk={save}
        onCancel={() => setEditing(null)}
        destroyOnHidden
      >
        {editing && (
          <Form layout="vertical" data-testid="override-form">
            <Typography.Paragraph type="secondary">{t("overrideProposed", { tier: tierName(editing.proposed) })}</Typography.Paragraph>
            <Form.Item
              label={t("overrideTier")}
              required
              validateStatus={problems.includes("overrideTierRequired") ? "error" : undefined}
              help={problems.includes("overrideTierRequired") ? t("overrideTierRequired") : undefined}
            >
              <Select
                data-testid="override-tier"
                value={draft.tier}
                onChange={(v) => setDraft({ ...draft, tier: v })}
                options={tiers.map((x) => ({ value: x.key, label: x.name, title: x.name }))}
              />
            </Form.Item>
            <Form.Item
              label={t("overrideReason")}
              required
              validateStatus={problems.includes("overrideReasonRequired") ? "error" : undefined}
              help={problems.includes("overrideReasonRequired") ? <span data-testid="override-reason-error">{t("overrideReasonRequired")}</span> : undefined}
            >
              <Input.TextArea
                data-testid="override-reason"
                rows={2}
                value={draft.reason}
                placeholder={t("overrideReasonPlaceholder")}
                onChange={(e) => setDraft({ ...draft, reason: e.target.value })}
              />
            </Form.Item>
            <Form.Item label={t("overrideExpires")} help={t("overrideExpiresHelp")}>
              <DatePicker data-testid="override-expires" value={draft.expires} onChange={(d) => setDraft({ ...draft, expires: d })} />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </Card>
  );
}
