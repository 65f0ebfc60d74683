// The password prompt: shown instead of the error page when the start-up
// database, or a file chosen in 文件 → 打开数据库, may be encrypted. A wrong
// password keeps the prompt open with Rust's sentence under the field;
// 取消 leaves the window with no database open and the usual ways out.
import { useState } from "react";
import { Alert, Input, Modal, Typography } from "antd";
import { api, asApiError, type ApiError, type DbInfo } from "../ipc/api";
import { useI18n } from "../i18n";

export function PasswordPrompt({ path, refusal, onOpened, onCancel }: {
  /** The file to open; `null` for the start-up database. */
  path: string | null;
  /** Why the file was not opened (names the file). */
  refusal: ApiError;
  onOpened: (info: DbInfo) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!password) return;
    setBusy(true);
    try {
      const info = await api.openDatabaseWithPassword(path, password);
      setPassword("");
      onOpened(info);
    } catch (e) {
      setError(asApiError(e).message);
      setPassword("");
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t("passwordPromptTitle")}
      okText={t("passwordPromptOpen")}
      cancelText={t("passwordCancel")}
      onOk={() => void submit()}
      onCancel={onCancel}
      okButtonProps={{ disabled: !password, loading: busy, "data-testid": "password-prompt-ok" } as never}
      maskClosable={false}
      destroyOnHidden
    >
      <Typography.Paragraph>{refusal.message}</Typography.Paragraph>
      <Input.Password
        autoFocus
        value={password}
        placeholder={t("passwordPromptPlaceholder")}
        onChange={(e) => { setPassword(e.target.value); setError(null); }}
        onPressEnter={() => void submit()}
        data-testid="password-prompt-input"
      />
      {error && <Alert style={{ marginTop: 12 }} type="error" message={error} data-testid="password-prompt-error" />}
    </Modal>
  );
}
