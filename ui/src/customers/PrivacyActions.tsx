// The drawer's privacy buttons (个人信息保护法): 显示完整 with a purpose (logged),
// 导出个人信息副本 (the person's copy, .xlsx or .json), 删除个人信息 behind a
// confirmation that names what goes and what stays.
import { useState } from "react";
import { Alert, App, Button, Input, Modal, Radio, Space, Typography } from "antd";
import { api, asApiError, dialogs, type Customer } from "../ipc/api";
import { useI18n } from "../i18n";
import { eraseConfirmed, PURPOSE_KEYS, PURPOSES } from "./privacy";
import { useCan } from "../team/session";

interface Props {
  customer: Customer;
  /** Whether the drawer already shows the full values. */
  revealed: boolean;
  onRevealed: (c: Customer) => void;
  onErased: () => void;
}

export function PrivacyActions({ customer: c, revealed, onRevealed, onErased }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [revealing, setRevealing] = useState(false);
  const [purpose, setPurpose] = useState<string>(PURPOSES[0]);
  const [other, setOther] = useState("");
  const [erasing, setErasing] = useState(false);
  const [reason, setReason] = useState("");
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);

  const reveal = async () => {
    const why = purpose === "other" ? other.trim() : purpose;
    if (!why) {
      message.error(t("privacyPurposeNeeded"));
      return;
    }
    setBusy(true);
    try {
      onRevealed(await api.revealCustomer(c.id, why));
      setRevealing(false);
      message.success(t("privacyRevealed"));
    } catch (e) {
      message.error(asApiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    const path = await dialogs.save({
      title: t("privacyCopy"),
      defaultPath: t("filePersonCopy", { id: c.code ?? c.id }),
      filters: [{ name: "Excel", extensions: ["xlsx"] }, { name: "JSON", extensions: ["json"] }],
    });
    if (typeof path !== "string") return;
    try {
      const saved = await api.savePersonCopy(c.id, path);
      message.success(t("privacyCopyDone", { path: saved.file }));
    } catch (e) {
      message.error(asApiError(e).message);
    }
  };

  // 删除个人信息 is the 管理员's (the API refuses it to other roles too).
  const mayErase = useCan("erase");
  const erase = async () => {
    setBusy(true);
    try {
      const done = await api.eraseCustomer(c.id, reason.trim() || t("privacyEraseReasonDefault"));
      setErasing(false);
      message.success(t("privacyEraseDone", { name: done.name }));
      onErased();
    } catch (e) {
      message.error(asApiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {!revealed && (
        <Button size="small" data-testid="drawer-reveal" onClick={() => setRevealing(true)}>{t("privacyReveal")}</Button>
      )}
      <Button size="small" data-testid="drawer-person-copy" onClick={() => void copy()}>{t("privacyCopy")}</Button>
      {mayErase && (
        <Button size="small" danger data-testid="drawer-erase" onClick={() => { setTyped(""); setReason(""); setErasing(true); }}>
          {t("privacyErase")}
        </Button>
      )}
      <Modal
        open={revealing}
        title={t("privacyRevealTitle", { name: c.name })}
        onOk={() => void reveal()}
        onCancel={() => setRevealing(false)}
        confirmLoading={busy}
        okButtonProps={{ "data-testid": "reveal-ok" } as never}
      >
        <Typography.Paragraph type="secondary">{t("privacyRevealHint")}</Typography.Paragraph>
        <Typography.Text strong>{t("privacyPurpose")}</Typography.Text>
        <Radio.Group value={purpose} onChange={(e) => setPurpose(e.target.value)} data-testid="reveal-purpose">
          <Space direction="vertical">
            {PURPOSES.map((p) => <Radio key={p} value={p}>{t(PURPOSE_KEYS[p])}</Radio>)}
            <Radio value="other">{t("privacyPurposeOther")}</Radio>
          </Space>
        </Radio.Group>
        {purpose === "other" && (
          <Input style={{ marginTop: 8 }} maxLength={200} value={other} onChange={(e) => setOther(e.target.value)} data-testid="reveal-other" />
        )}
      </Modal>
      <Modal
        open={erasing}
        title={t("privacyEraseTitle", { name: c.name })}
        onOk={() => void erase()}
        onCancel={() => setErasing(false)}
        confirmLoading={busy}
        okText={t("privacyErase")}
        okButtonProps={{ danger: true, disabled: !eraseConfirmed(typed, c.name), "data-testid": "erase-ok" } as never}
      >
        <Alert type="warning" showIcon message={t("privacyEraseWarning")} style={{ marginBottom: 12 }} />
        <Typography.Text>{t("privacyEraseReason")}</Typography.Text>
        <Input.TextArea
          rows={2}
          maxLength={500}
          placeholder={t("privacyEraseReasonDefault")}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          data-testid="erase-reason"
        />
        <Typography.Paragraph style={{ marginTop: 12, marginBottom: 4 }}>{t("privacyEraseConfirm", { name: c.name })}</Typography.Paragraph>
        <Input value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="erase-confirm" />
      </Modal>
    </>
  );
}
