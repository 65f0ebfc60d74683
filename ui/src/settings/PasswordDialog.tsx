// 设置 → 数据库密码: set a password on a plain file, or change or remove the
// one it has (the current password confirmed first). It warns before: a
// forgotten password cannot be recovered (TierDesk keeps no copy of it) and
// the file is rewritten (Rust backs it up first). The password goes to Rust
// and nowhere else.
import { useEffect, useState } from "react";
import { Alert, App, Form, Input, Modal, Radio, Spin } from "antd";
import { api, asApiError } from "../ipc/api";
import { useI18n } from "../i18n";
import { passwordProblem, type PasswordAction } from "./password";

export function PasswordDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [has, setHas] = useState<boolean | null>(null);
  const [action, setAction] = useState<PasswordAction>("change");
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.hasPassword().then(setHas, (e) => setError(asApiError(e).message));
  }, []);
  const chosen: PasswordAction = has ? action : "set";
  const problem = passwordProblem(chosen, { current, next, again });

  const submit = async () => {
    if (problem) return;
    setBusy(true);
    setError(null);
    try {
      if (chosen === "set") await api.setPassword(next);
      if (chosen === "change") await api.changePassword(current, next);
      if (chosen === "remove") await api.removePassword(current);
      message.success(t(chosen === "set" ? "passwordSetDone" : chosen === "change" ? "passwordChangeDone" : "passwordRemoveDone"));
      onClose();
    } catch (e) {
      setError(asApiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t("passwordTitle")}
      okText={t(chosen === "set" ? "passwordSet" : chosen === "change" ? "passwordChange" : "passwordRemove")}
      cancelText={t("passwordCancel")}
      onOk={() => void submit()}
      onCancel={() => !busy && onClose()}
      okButtonProps={{ disabled: has === null || problem !== null, loading: busy, danger: chosen === "remove", "data-testid": "password-ok" } as never}
      maskClosable={false}
      destroyOnHidden
    >
      {has === null && !error ? <Spin /> : (
        <Form layout="vertical">
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            message={t(has ? "passwordHas" : "passwordNone")}
            description={t("passwordWarning")}
          />
          {has && (
            <Form.Item>
              <Radio.Group value={action} onChange={(e) => setAction(e.target.value)} data-testid="password-action">
                <Radio.Button value="change">{t("passwordChange")}</Radio.Button>
                <Radio.Button value="remove">{t("passwordRemove")}</Radio.Button>
              </Radio.Group>
            </Form.Item>
          )}
          {has && (
            <Form.Item label={t("passwordCurrent")}>
              <Input.Password value={current} onChange={(e) => setCurrent(e.target.value)} data-testid="password-current" />
            </Form.Item>
          )}
          {chosen !== "remove" && (
            <>
              <Form.Item label={t("passwordNew")}>
                <Input.Password value={next} onChange={(e) => setNext(e.target.value)} data-testid="password-new" />
              </Form.Item>
              <Form.Item label={t("passwordAgain")} validateStatus={problem === "passwordMismatch" ? "error" : undefined}
                help={problem === "passwordMismatch" ? t("passwordMismatch") : undefined}>
                <Input.Password value={again} onChange={(e) => setAgain(e.target.value)} onPressEnter={() => void submit()} data-testid="password-again" />
              </Form.Item>
            </>
          )}
          {error && <Alert type="error" message={error} data-testid="password-error" />}
        </Form>
      )}
    </Modal>
  );
}
