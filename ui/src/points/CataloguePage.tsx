// 积分礼品: the points catalogue — each item's kind, price, stock and how many
// are redeemed; add, edit, turn off (停用: no longer redeemable, old
// redemptions keep naming it) or on again.
import { useCallback, useEffect, useState } from "react";
import { Alert, App, Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { api, asApiError, type ItemKind, type PointsItemEdit, type PointsItemLine } from "../ipc/api";
import { useI18n } from "../i18n";
import { count } from "../format";
import { itemKindKey, tk } from "./logic";

const KINDS: ItemKind[] = ["gift", "coupon", "service"];

/** The form's item: a new one (`id` null) or an edit. */
interface Editing {
  id: number | null;
  edit: PointsItemEdit;
}

export function CataloguePage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [lines, setLines] = useState<PointsItemLine[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);

  const load = useCallback(async () => {
    try {
      setLines(await api.pointsCatalogue());
      setError(null);
    } catch (e) {
      setError(asApiError(e).message);
    }
  }, []);
  useEffect(() => { void load(); }, [load]);

  const setActive = async (line: PointsItemLine, active: boolean) => {
    const { id, name, kind, price, stock } = line.item;
    try {
      await api.pointsCatalogueEdit(id, { name, kind, price, stock, active });
      message.success(t("pointsItemSaved", { name }));
      await load();
    } catch (e) {
      message.error(asApiError(e).message);
    }
  };

  return (
    <div data-testid="points-catalogue-page" style={{ padding: 16 }}>
      <Space style={{ width: "100%", justifyContent: "space-between", marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t("pointsCatalogueTitle")}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} data-testid="points-item-add"
          onClick={() => setEditing({ id: null, edit: { name: "", kind: "gift", price: 100, stock: null, active: true } })}>
          {t("pointsCatalogueAdd")}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary">{t("pointsCatalogueHint")}</Typography.Paragraph>
      {error && <Alert type="warning" message={error} style={{ marginBottom: 8 }} />}
      <Table<PointsItemLine>
        size="small"
        rowKey={(l) => l.item.id}
        loading={lines == null && !error}
        dataSource={lines ?? []}
        pagination={false}
        data-testid="points-catalogue"
        locale={{ emptyText: t("pointsCatalogueEmpty") }}
        onRow={(l) => ({ "data-item": l.item.id, "data-active": String(l.item.active) } as React.HTMLAttributes<HTMLElement>)}
        columns={[
          { title: t("pointsItemName"), key: "name", render: (_: unknown, l) => <span data-testid={`points-item-name-${l.item.id}`}>{l.item.name}</span> },
          { title: t("pointsItemKind"), key: "kind", width: 80, render: (_: unknown, l) => tk(t, itemKindKey(l.item.kind)) },
          { title: t("pointsItemPrice"), key: "price", width: 100, align: "right", render: (_: unknown, l) => count(l.item.price) },
          {
            title: t("pointsItemStock"), key: "stock", width: 90, align: "right",
            render: (_: unknown, l) => (
              <span data-testid={`points-item-stock-${l.item.id}`} data-stock={l.item.stock ?? ""}>
                {l.item.stock == null ? t("pointsItemStockNone") : count(l.item.stock)}
              </span>
            ),
          },
          {
            title: t("pointsItemRedeemed"), key: "redeemed", width: 90, align: "right",
            render: (_: unknown, l) => <span data-testid={`points-item-redeemed-${l.item.id}`} data-redeemed={l.redeemed}>{count(l.redeemed)}</span>,
          },
          {
            title: t("pointsItemState"), key: "state", width: 80,
            render: (_: unknown, l) => (
              <Tag color={l.item.active ? "green" : "default"} data-testid={`points-item-state-${l.item.id}`}>
                {l.item.active ? t("pointsItemActive") : t("pointsItemInactive")}
              </Tag>
            ),
          },
          {
            title: "", key: "actions", width: 140,
            render: (_: unknown, l) => (
              <Space size={0}>
                <Button size="small" type="link" data-testid={`points-item-edit-${l.item.id}`}
                  onClick={() => setEditing({ id: l.item.id, edit: { ...l.item } })}>
                  {t("pointsItemEdit")}
                </Button>
                {l.item.active ? (
                  <Popconfirm title={t("pointsItemDeactivateConfirm", { name: l.item.name })} onConfirm={() => void setActive(l, false)}
                    okButtonProps={{ id: `points-item-off-ok-${l.item.id}` }}>
                    <Button size="small" type="link" danger data-testid={`points-item-off-${l.item.id}`}>{t("pointsItemDeactivate")}</Button>
                  </Popconfirm>
                ) : (
                  <Button size="small" type="link" data-testid={`points-item-on-${l.item.id}`} onClick={() => void setActive(l, true)}>
                    {t("pointsItemActivate")}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing && <ItemModal editing={editing} onClose={() => setEditing(null)} onDone={load} />}
    </div>
  );
}

function ItemModal({ editing, onClose, onDone }: { editing: Editing; onClose: () => void; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [edit, setEdit] = useState<PointsItemEdit>(editing.edit);
  const [saving, setSaving] = useState(false);
  const ok = edit.name.trim() !== "" && Number.isInteger(edit.price) && edit.price > 0;
  const save = async () => {
    if (!ok) {
      message.error(t("pointsItemBad"));
      return;
    }
    setSaving(true);
    try {
      const item = editing.id == null
        ? await api.pointsCatalogueAdd(edit.name, edit.kind, edit.price, edit.stock)
        : await api.pointsCatalogueEdit(editing.id, edit);
      message.success(t("pointsItemSaved", { name: item.name }));
      onClose();
      await onDone();
    } catch (e) {
      message.error(asApiError(e).message);
    } finally {
      setSaving(false);
    }
  };
  const title = editing.id == null ? t("pointsCatalogueAdd") : t("pointsItemEditTitle", { name: editing.edit.name });
  return (
    <Modal open title={title} onCancel={onClose} onOk={() => void save()} okButtonProps={{ loading: saving, id: "points-item-ok" }}>
      <Form layout="vertical">
        <Form.Item label={t("pointsItemName")} required>
          <Input value={edit.name} onChange={(e) => setEdit({ ...edit, name: e.target.value })} data-testid="points-item-name" />
        </Form.Item>
        <Form.Item label={t("pointsItemKind")}>
          <Select<ItemKind> value={edit.kind} onChange={(kind) => setEdit({ ...edit, kind })} data-testid="points-item-kind"
            options={KINDS.map((k) => ({ value: k, label: tk(t, itemKindKey(k)) }))} />
        </Form.Item>
        <Form.Item label={t("pointsItemPrice")} required>
          <InputNumber min={1} precision={0} style={{ width: "100%" }} value={edit.price}
            onChange={(v) => setEdit({ ...edit, price: v ?? 0 })} data-testid="points-item-price" />
        </Form.Item>
        <Form.Item label={t("pointsItemStock")} help={t("pointsItemStockHelp")}>
          <InputNumber min={0} precision={0} style={{ width: "100%" }} value={edit.stock}
            onChange={(v) => setEdit({ ...edit, stock: v ?? null })} data-testid="points-item-stock" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
