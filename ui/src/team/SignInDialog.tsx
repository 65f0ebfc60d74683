// The sign-in dialog of a team database: shown by the shell while the open
// team database has no session (and nothing else is drawn then). On a team
// database without any user yet it asks for the first 管理员 instead
// (创建管理员账号). A wrong login or password keeps the dialog open with
// Rust's sentence, which never says whether the login exists.
import { useEffect, useState } from "react";
import { Alert, Button, Form, Input, Modal, Space, Typography } from "antd";
import { api, asApiError, type Session } from "../ipc/api";
import { useI18n } from "../i18n";
import { newPasswordProblem } from "./users";
import { useSubmit } from "./useSubmit";

export function SignInDialog({ label, onSignedIn, onOpenOther }: {
  /** Which database (the status bar's label), so the person knows where he signs in. */
  label: string;
  onSignedIn: (s: Session) => void;
  /** 打开其他数据库: the way out without an account here. */
  onOpenOther: () => void;
}) {
  const { t } = useI18n();
  const [first, setFirst] = useState<boolean | null>(null);
  const [login, setLogin] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const { busy, error, setError, run } = useSubmit();

  useEffect(() => {
    api.needsFirstAdmin().then(setFirst, (e) => { setFirst(false); setError(asApiError(e).message); });
  }, []);

  const problem = first ? (!login.trim() || !name.trim() ? "signInFill" : newPasswordProblem(password, again)) : (!login.trim() || !password ? "signInFill" : null);

  const submit = async () => {
    if (problem) { setError(t(problem)); return; }
    const clear = () => { setPassword(""); setAgain(""); };
    await run(async () => {
      const s = first ? await api.createFirstAdmin(login.trim(), name.trim(), password) : await api.signIn(login.trim(), password);
      clear();
      onSignedIn(s);
    }, clear);
  };

  const edit = (set: (v: string) => void) => (e: { target: { value: string } }) => { set(e.target.value); setError(null); };
  return (
    <Modal
      open={first != null}
      title={first ? t("signInFirstTitle") : t("signInTitle")}
      closable={false}
      maskClosable={false}
      keyboard={false}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onOpenOther} data-testid="sign-in-other">{t("signInOther")}</Button>
          <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="sign-in-ok">
            {first ? t("signInCreate") : t("signInOk")}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary" data-testid="sign-in-db">{label}</Typography.Paragraph>
      {first && <Typography.Paragraph data-testid="sign-in-first-hint">{t("signInFirstHint")}</Typography.Paragraph>}
      <Form layout="vertical" onFinish={() => void submit()}>
        <Form.Item label={t("userLogin")}>
          <Input autoFocus value={login} onChange={edit(setLogin)} onPressEnter={() => void submit()} data-testid="sign-in-login" />
        </Form.Item>
        {first && (
          <Form.Item label={t("userName")}>
            <Input value={name} onChange={edit(setName)} data-testid="sign-in-name" />
          </Form.Item>
        )}
        <Form.Item label={t("userPassword")}>
          <Input.Password value={password} onChange={edit(setPassword)} onPressEnter={() => void submit()} data-testid="sign-in-password" />
        </Form.Item>
        {first && (
          <Form.Item label={t("passwordAgain")}>
            <Input.Password value={again} onChange={edit(setAgain)} onPressEnter={() => void submit()} data-testid="sign-in-again" />
          </Form.Item>
        )}
      </Form>
      {error && <Alert type="error" message={error} data-testid="sign-in-error" />}
    </Modal>
  );
}
