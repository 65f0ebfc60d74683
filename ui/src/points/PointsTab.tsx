// 积分 in the customer record: the balance, what runs out within 90 days, the
// ledger (newest first, paged), and the actions: 调整积分, 兑换, 撤销, 打印对账单.
// Every refusal shows the store's own message: a redemption beyond the
// balance or the stock is warned about here but still sent, so the store says why.
import { useCallback, useEffect, useRef, useState } from "react";
import { Alert, App, Button, Descriptions, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from "antd";
import { PrinterOutlined } from "@ant-design/icons";
import { api, asApiError, dialogs, type PointsAccount, type PointsEntry, type PointsItemLine } from "../ipc/api";
import { useI18n, type T } from "../i18n";
import { count, yuan } from "../format";
import { PREVIEW_SANDBOX } from "../report/sandbox";
import { itemKindKey, kindKey, tk, newestFirst, redeemable, redemption, signed, sourceKey, undoable, wholePoints } from "./logic";

export function PointsTab({ customerId, code }: { customerId: number; code?: string | null }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [account, setAccount] = useState<PointsAccount | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adjusting, setAdjusting] = useState(false);
  const [redeeming, setRedeeming] = useState(false);
  const [undoing, setUndoing] = useState<PointsEntry | null>(null);
  const [statement, setStatement] = useState<string | null>(null);
  const frame = useRef<HTMLIFrameElement>(null);

  const load = useCallback(async () => {
    try {
      setAccount(await api.pointsAccount(customerId));
      setError(null);
    } catch (e) {
      setError(asApiError(e).message);
    }
  }, [customerId]);
  useEffect(() => { void load(); }, [load]);

  const openStatement = async () => {
    try {
      setStatement(await api.pointsStatementHtml(customerId));
    } catch (e) {
      message.error(asApiError(e).message);
    }
  };
  const saveStatement = async () => {
    const name = t("pointsStatementFile", { code: code ?? `#${customerId}` });
    const path = await dialogs.save({ title: t("pointsStatementSave"), defaultPath: name, filters: [{ name: "PDF", extensions: ["pdf"] }] });
    if (typeof path !== "string") return;
    try {
      await api.savePointsStatement(customerId, path);
      message.success(t("pointsStatementSaved", { path }));
    } catch (e) {
      message.error(asApiError(e).message);
    }
  };

  if (error) return <Alert type="warning" message={error} />;
  if (!account) return null;
  const canUndo = undoable(account.entries);
  const rows = newestFirst(account.entries);
  return (
    <div data-testid="points-tab">
      {!account.earning_on && <Alert type="info" showIcon message={t("pointsEarningOff")} style={{ marginBottom: 8 }} />}
      <Descriptions size="small" column={3} bordered style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t("pointsBalance")}>
          <Typography.Text strong data-testid="points-balance" data-points={account.balance}>
            {t("pointsPointsUnit", { n: count(account.balance) })}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t("pointsValue")}>{yuan(account.value, { cents: true })}</Descriptions.Item>
        <Descriptions.Item label={t("pointsExpiring")}>
          <span data-testid="points-expiring" data-points={account.expiring}>
            {account.expiring > 0
              ? <Typography.Text type="warning">{t("pointsExpiringText", { n: count(account.expiring), day: account.expiring_by })}</Typography.Text>
              : t("pointsExpiringNone", { day: account.expiring_by })}
          </span>
        </Descriptions.Item>
      </Descriptions>
      <Space style={{ marginBottom: 8 }} wrap>
        <Button data-testid="points-adjust" onClick={() => setAdjusting(true)}>{t("pointsAdjust")}</Button>
        <Button type="primary" data-testid="points-redeem" onClick={() => setRedeeming(true)}>{t("pointsRedeem")}</Button>
        <Button icon={<PrinterOutlined />} data-testid="points-statement" onClick={() => void openStatement()}>{t("pointsPrint")}</Button>
      </Space>
      <Typography.Title level={5}>{t("pointsLedger")}</Typography.Title>
      <Table<PointsEntry>
        size="small"
        rowKey="id"
        data-testid="points-ledger"
        dataSource={rows}
        locale={{ emptyText: t("pointsNoEntries") }}
        pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false, size: "small" } : false}
        onRow={(e) => ({ "data-entry": e.id, "data-kind": e.kind } as React.HTMLAttributes<HTMLElement>)}
        columns={[
          { title: t("pointsDate"), dataIndex: "on_day", width: 100 },
          { title: t("pointsKind"), dataIndex: "kind", width: 64, render: (k: PointsEntry["kind"]) => <Tag>{tk(t, kindKey(k))}</Tag> },
          {
            title: t("pointsPoints"), dataIndex: "points", width: 84, align: "right",
            render: (p: number) => <Typography.Text type={p < 0 ? "danger" : "success"}>{signed(p)}</Typography.Text>,
          },
          { title: t("pointsBalanceAfter"), dataIndex: "balance_after", width: 84, align: "right", render: (b: number) => count(b) },
          { title: t("pointsSource"), dataIndex: "source", width: 64, render: (s: PointsEntry["source"]) => tk(t, sourceKey(s)) },
          { title: t("pointsReason"), key: "reason", ellipsis: true, render: (_: unknown, e) => details(t, e) },
          { title: t("pointsWho"), dataIndex: "who", width: 90, ellipsis: true },
          {
            title: "", key: "undo", width: 64,
            render: (_: unknown, e) => canUndo.has(e.id) && (
              <Button size="small" type="link" danger data-testid={`points-undo-${e.id}`} onClick={() => setUndoing(e)}>{t("pointsUndo")}</Button>
            ),
          },
        ]}
      />
      {adjusting && <AdjustModal customerId={customerId} onClose={() => setAdjusting(false)} onDone={load} />}
      {redeeming && <RedeemModal customerId={customerId} balance={account.balance} onClose={() => setRedeeming(false)} onDone={load} />}
      {undoing && <UndoModal entry={undoing} onClose={() => setUndoing(null)} onDone={load} />}
      <Modal
        open={statement != null}
        title={t("pointsStatementTitle")}
        width={860}
        onCancel={() => setStatement(null)}
        footer={
          <Space>
            <Button onClick={() => setStatement(null)}>{t("close")}</Button>
            <Button data-testid="points-statement-save" onClick={() => void saveStatement()}>{t("pointsStatementSave")}</Button>
            <Button type="primary" icon={<PrinterOutlined />} data-testid="points-statement-print" onClick={() => frame.current?.contentWindow?.print()}>
              {t("reportPrint")}
            </Button>
          </Space>
        }
      >
        <iframe
          ref={frame}
          title={t("pointsStatementTitle")}
          srcDoc={statement ?? ""}
          sandbox={PREVIEW_SANDBOX}
          data-testid="points-statement-preview"
          style={{ width: "100%", height: "60vh", border: "1px solid #ddd", background: "#fff" }}
        />
      </Modal>
    </div>
  );
}

/** What a ledger row is about: the order, the reversed row, then the reason typed. */
function details(t: T, e: PointsEntry): string {
  const parts = [
    e.order_no ? t("pointsOrder", { no: e.order_no }) : "",
    e.reverses_id != null ? t("pointsReverses", { id: e.reverses_id }) : "",
    e.qty != null && e.kind === "redeem" ? `${e.reason} ×${count(e.qty)}` : e.reason,
  ];
  return parts.filter(Boolean).join(" · ");
}

interface ModalProps {
  onClose: () => void;
  onDone: () => Promise<void>;
}

/**
 * A modal's save: runs `write`, says what it did, closes and reloads the tab;
 * a refusal shows the store's message and keeps the modal open.
 */
function useSave({ onClose, onDone }: ModalProps) {
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const save = async (write: () => Promise<string>) => {
    setSaving(true);
    try {
      message.success(await write());
      onClose();
      await onDone();
    } catch (err) {
      message.error(asApiError(err).message);
    } finally {
      setSaving(false);
    }
  };
  return { saving, save };
}

function AdjustModal({ customerId, onClose, onDone }: ModalProps & { customerId: number }) {
  const { t } = useI18n();
  const [points, setPoints] = useState<number | null>(null);
  const [reason, setReason] = useState("");
  const { saving, save: run } = useSave({ onClose, onDone });
  const n = wholePoints(points, true);
  const save = () => n != null && run(async () => {
    const e = await api.pointsAdjust(customerId, n, reason);
    return t("pointsAdjusted", { n: signed(e.points), balance: count(e.balance_after) });
  });
  return (
    <Modal open title={t("pointsAdjust")} onCancel={onClose} onOk={() => void save()}
      okButtonProps={{ loading: saving, disabled: n == null || !reason.trim(), id: "points-adjust-ok" }}>
      <Space direction="vertical" style={{ width: "100%" }}>
        <InputNumber style={{ width: "100%" }} precision={0} placeholder={t("pointsAdjustPoints")} value={points}
          onChange={(v) => setPoints(v)} data-testid="points-adjust-points" />
        <Input placeholder={t("pointsReasonRequired")} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="points-adjust-reason" />
      </Space>
    </Modal>
  );
}

function RedeemModal({ customerId, balance, onClose, onDone }: ModalProps & { customerId: number; balance: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [items, setItems] = useState<PointsItemLine[] | null>(null);
  const [itemId, setItemId] = useState<number | null>(null);
  const [qty, setQty] = useState<number | null>(1);
  const { saving, save: run } = useSave({ onClose, onDone });
  useEffect(() => {
    api.pointsCatalogue().then(setItems, (e) => message.error(asApiError(e).message));
  }, [message]);
  const choices = redeemable((items ?? []).map((l) => l.item));
  const item = choices.find((i) => i.id === itemId) ?? null;
  const n = wholePoints(qty, true);
  const check = item && n != null && n > 0 ? redemption(item, n, balance) : null;
  const save = () => item != null && n != null && run(async () => {
    const e = await api.pointsRedeem(customerId, item.id, n);
    return t("pointsRedeemed", { name: item.name, qty: count(n), balance: count(e.balance_after) });
  });
  return (
    <Modal open title={t("pointsRedeemTitle")} onCancel={onClose} onOk={() => void save()}
      okButtonProps={{ loading: saving, disabled: !item || n == null, id: "points-redeem-ok" }}>
      {items && choices.length === 0 ? (
        <Alert type="info" showIcon message={t("pointsRedeemNone")} />
      ) : (
        <Space direction="vertical" style={{ width: "100%" }}>
          <Select<number>
            style={{ width: "100%" }}
            placeholder={t("pointsRedeemItem")}
            value={itemId ?? undefined}
            onChange={setItemId}
            data-testid="points-redeem-item"
            options={choices.map((i) => ({
              value: i.id,
              label: (
                <span data-testid={`points-redeem-option-${i.id}`}>
                  {t("pointsRedeemOption", { name: i.name, kind: tk(t, itemKindKey(i.kind)), price: count(i.price) })}
                  {i.stock != null && ` · ${t("pointsStockLeft", { n: count(i.stock) })}`}
                </span>
              ),
            }))}
          />
          <InputNumber style={{ width: "100%" }} min={1} precision={0} addonBefore={t("pointsRedeemQty")} value={qty}
            onChange={(v) => setQty(v)} data-testid="points-redeem-qty" />
          {check && (
            <Typography.Text type={check.enough && check.inStock ? "secondary" : "danger"} data-testid="points-redeem-cost">
              {t("pointsRedeemCost", { cost: count(check.cost), balance: count(balance) })}
              {!check.enough && ` · ${t("pointsRedeemShort")}`}
              {!check.inStock && ` · ${t("pointsRedeemNoStock")}`}
            </Typography.Text>
          )}
        </Space>
      )}
    </Modal>
  );
}

function UndoModal({ entry, onClose, onDone }: ModalProps & { entry: PointsEntry }) {
  const { t } = useI18n();
  const [reason, setReason] = useState("");
  const { saving, save: run } = useSave({ onClose, onDone });
  const save = () => run(async () => {
    const e = await api.pointsUndo(entry.id, reason);
    return t("pointsUndone", { balance: count(e.balance_after) });
  });
  return (
    <Modal open title={t("pointsUndoTitle", { id: entry.id })} onCancel={onClose} onOk={() => void save()}
      okButtonProps={{ loading: saving, disabled: !reason.trim(), id: "points-undo-ok" }}>
      <Space direction="vertical" style={{ width: "100%" }}>
        <Typography.Text>{entry.on_day} {tk(t, kindKey(entry.kind))} {signed(entry.points)} {entry.reason}</Typography.Text>
        <Input placeholder={t("pointsReasonRequired")} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="points-undo-reason" />
      </Space>
    </Modal>
  );
}
