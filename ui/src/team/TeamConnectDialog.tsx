// 文件 → 连接团队数据库…: the connection form in a dialog. Connecting
// replaces the open database as 打开 does; the app remembers the team
// database (without its password) for the next start and keeps the password
// in the system keyring. The form starts from the team database open or
// remembered. A refusal (server, login, database, certificate) keeps the
// dialog open with Rust's sentence.
import { useEffect, useState } from "react";
import { Alert, App as AntApp, Button, Modal, Space } from "antd";
import { api, asApiError, type DbInfo, type TeamLogin } from "../ipc/api";
import { useI18n } from "../i18n";
import { EMPTY_TEAM_LOGIN, TeamConnectForm, teamLoginComplete } from "./TeamConnectForm";

export function TeamConnectDialog({ onClose, onConnected, reason }: {
  onClose: () => void;
  /** The team database is open; the shell reloads and asks the person to sign in. */
  onConnected: (info: DbInfo) => void;
  /** Why the dialog opened by itself (the remembered team database could not be opened). */
  reason?: string | null;
}) {
  const { t, m } = useI18n();
  const { modal } = AntApp.useApp();
  const [login, setLogin] = useState<TeamLogin>(EMPTY_TEAM_LOGIN);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.lastTeam().then((last) => { if (last) setLogin(last); }, () => undefined);
  }, []);

  const connect = async () => {
    if (!teamLoginComplete(login)) { setError(t("teamConnectFill")); return; }
    setBusy(true);
    try {
      const done = await api.connectTeam(login);
      setLogin((l) => ({ ...l, password: "" }));
      if (done.keyring_problem) modal.warning({ title: t("teamConnectTitle"), content: m(done.keyring_problem) });
      onConnected(done.info);
    } catch (e) {
      setError(asApiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={t("teamConnectTitle")} width={560} maskClosable={false} onCancel={() => !busy && onClose()} destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose} disabled={busy} data-testid="team-connect-cancel">{t("cancel")}</Button>
          <Button type="primary" loading={busy} onClick={() => void connect()} data-testid="team-connect-ok">{t("teamConnectOk")}</Button>
        </Space>
      }>
      {reason && <Alert type="warning" showIcon message={reason} style={{ marginBottom: 12 }} data-testid="team-connect-reason" />}
      <TeamConnectForm value={login} onChange={(v) => { setLogin(v); setError(null); }} disabled={busy} onSubmit={() => void connect()} />
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} data-testid="team-connect-error" />}
    </Modal>
  );
}
