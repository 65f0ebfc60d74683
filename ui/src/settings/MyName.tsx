// 我的名字: asked once, on the first run of a file, as a strip above the
// page (it does not block work: until answered the OS user's name is
// recorded), and changed later under 设置 → 我的名字….
import { useEffect, useState } from "react";
import { Alert, App, Button, Input, Modal, Space, Typography } from "antd";
import { api, asApiError, type MyName } from "../ipc/api";
import { useI18n } from "../i18n";

/** The name the box starts with: the saved one, else the OS user's. */
export function suggestedName(n: MyName | null): string {
  return n?.saved ?? n?.os_user ?? "";
}

function useSave(onSaved: (n: MyName) => void) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const save = async (name: string) => {
    setBusy(true);
    try {
      const saved = await api.setMyName(name);
      message.success(t("myNameSaved", { name: saved.in_use }));
      onSaved(saved);
    } catch (e) {
      message.error(asApiError(e).message);
    } finally {
      setBusy(false);
    }
  };
  return { busy, save };
}

/** The first-run question; shows nothing once a name is saved or put off. */
export function MyNameBanner({ initial }: { initial: MyName }) {
  const { t } = useI18n();
  const [info, setInfo] = useState<MyName>(initial);
  const [name, setName] = useState(() => suggestedName(initial));
  const [later, setLater] = useState(false);
  const { busy, save } = useSave(setInfo);
  if (info.saved != null || later) return null;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="my-name-banner"
      message={
        <Space wrap>
          <span>{t("myNameAsk")}</span>
          <Input size="small" style={{ width: 180 }} value={name} placeholder={t("myNamePlaceholder")} onChange={(e) => setName(e.target.value)} onPressEnter={() => void save(name)} data-testid="my-name-input" />
          <Button size="small" type="primary" loading={busy} disabled={!name.trim()} onClick={() => void save(name)} data-testid="my-name-save">{t("myNameSave")}</Button>
          <Button size="small" type="link" onClick={() => setLater(true)} data-testid="my-name-later">{t("myNameLater")}</Button>
        </Space>
      }
    />
  );
}

/** 设置 → 我的名字…: see and change the name; `onClose` gets the saved name, if one was. */
export function MyNameDialog({ onClose }: { onClose: (saved: MyName | null) => void }) {
  const { t } = useI18n();
  const [info, setInfo] = useState<MyName | null>(null);
  const [name, setName] = useState("");
  const { busy, save } = useSave((n) => { setInfo(n); onClose(n); });
  useEffect(() => {
    api.myName().then((n) => { setInfo(n); setName(suggestedName(n)); }, () => {});
  }, []);
  return (
    <Modal
      open
      title={t("myNameTitle")}
      onCancel={() => onClose(null)}
      onOk={() => void save(name)}
      okText={t("myNameSave")}
      cancelText={t("cancel")}
      confirmLoading={busy}
      okButtonProps={{ disabled: !name.trim(), "data-testid": "my-name-dialog-save" } as never}
    >
      <Typography.Paragraph>{t("myNameAsk")}</Typography.Paragraph>
      <Input value={name} placeholder={t("myNamePlaceholder")} onChange={(e) => setName(e.target.value)} data-testid="my-name-dialog-input" />
      {info && <Typography.Text type="secondary" style={{ display: "block", marginTop: 8 }}>{t("myNameInUse", { name: info.in_use })}</Typography.Text>}
    </Modal>
  );
}
