// 跟进: the record page's tab of one customer's follow-ups, newest first, with
// 记录跟进 to log one and each one changed or deleted in place.
import { useCallback, useEffect, useState } from "react";
import { App, Button, Empty, Popconfirm, Space, Table, Tag, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { api, asApiError, type Followup } from "../ipc/api";
import { useI18n } from "../i18n";
import type { RecordTabProps } from "../record/CustomerRecord";
import { FollowupForm } from "./FollowupForm";
import { channelLabel } from "./channels";

export function FollowupsTab({ customerId }: RecordTabProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [items, setItems] = useState<Followup[] | null>(null);
  // null: closed; "new": logging one; a follow-up: changing it.
  const [editing, setEditing] = useState<Followup | "new" | null>(null);

  const load = useCallback(async () => {
    try {
      setItems(await api.customerFollowups(customerId));
    } catch (e) {
      message.error(asApiError(e).message);
      setItems([]);
    }
  }, [customerId, message]);
  useEffect(() => { void load(); }, [load]);

  const remove = async (f: Followup) => {
    try {
      await api.followupDelete(f.id);
      message.success(t("followupDeleted"));
      void load();
    } catch (e) {
      message.error(asApiError(e).message);
    }
  };

  return (
    <div data-testid="followups-tab">
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} data-testid="followup-add" onClick={() => setEditing("new")}>
          {t("followupLog")}
        </Button>
        {items && <Typography.Text type="secondary" data-testid="followup-total">{t("followupTotal", { n: items.length })}</Typography.Text>}
      </Space>
      {items && items.length === 0 ? (
        <Empty description={t("followupEmpty")} />
      ) : (
        <Table<Followup>
          rowKey="id"
          size="small"
          loading={items == null}
          dataSource={items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(f) => ({ "data-testid": `followup-row-${f.id}` } as never)}
          expandable={{
            expandedRowRender: (f) => (
              <div style={{ whiteSpace: "pre-wrap" }}>
                {f.content}
                {f.outcome && <><br /><b>{t("followupOutcome")}：</b>{f.outcome}</>}
                {f.next_step && <><br /><b>{t("followupNextStep")}：</b>{f.next_step}</>}
              </div>
            ),
          }}
          columns={[
            { title: t("followupAt"), dataIndex: "at", width: 150, render: (at: string) => at.slice(0, 16) },
            { title: t("followupChannel"), dataIndex: "channel", width: 70, render: (c: Followup["channel"]) => <Tag>{channelLabel(t, c)}</Tag> },
            { title: t("followupWho"), dataIndex: "who", width: 90 },
            { title: t("followupContact"), dataIndex: "contact_name", width: 90 },
            {
              title: t("followupContent"),
              key: "content",
              ellipsis: true,
              render: (_: unknown, f) => (f.subject ? <><b>{f.subject}</b>：{f.content}</> : f.content),
            },
            { title: t("nextContactOn"), dataIndex: "next_contact_on", width: 110, render: (d: string | null) => d ?? "" },
            {
              title: "",
              key: "actions",
              width: 120,
              render: (_: unknown, f) => (
                <Space size="small">
                  <a data-testid={`followup-edit-${f.id}`} onClick={() => setEditing(f)}>{t("edit")}</a>
                  <Popconfirm title={t("followupDeleteConfirm")} onConfirm={() => void remove(f)} okText={t("delete")} cancelText={t("cancel")}>
                    <a data-testid={`followup-delete-${f.id}`}>{t("delete")}</a>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      )}
      <FollowupForm
        open={editing != null}
        customerId={customerId}
        followup={editing === "new" ? null : editing}
        onDone={(saved) => {
          setEditing(null);
          if (saved) void load();
        }}
      />
    </div>
  );
}

export default FollowupsTab;
