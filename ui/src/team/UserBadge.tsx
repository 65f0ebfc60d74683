// The status bar's signed-in person on a team database: name and role, with
// 修改密码 and 退出登录. Nothing on a local file (no sign-in there).
import { useState } from "react";
import { App, Button, Dropdown, Input, Modal, Space, Typography } from "antd";
import { UserOutlined } from "@ant-design/icons";
import { api, asApiError } from "../ipc/api";
import { useI18n } from "../i18n";
import { useSession } from "./session";
import { newPasswordProblem, roleKey } from "./users";
import { useSubmit } from "./useSubmit";

export function UserBadge({ onSignedOut }: { onSignedOut: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { session, signOut } = useSession();
  const [changing, setChanging] = useState(false);
  if (!session?.team) return null;
  const out = async () => {
    try {
      await signOut();
      onSignedOut();
    } catch (e) {
      message.error(asApiError(e).message);
    }
  };
  return (
    <>
      <Dropdown
        trigger={["click"]}
        menu={{
          items: [
            { key: "password", label: <span data-testid="user-change-password">{t("myPasswordTitle")}</span> },
            { key: "out", label: <span data-testid="sign-out">{t("signOut")}</span> },
          ],
          onClick: ({ key }) => (key === "out" ? void out() : setChanging(true)),
        }}
      >
        <Button size="small" type="text" icon={<UserOutlined />} data-testid="signed-in-user">
          {t("signedInAs", { name: session.name, role: t(roleKey(session.role)) })}
        </Button>
      </Dropdown>
      {changing && <ChangeMyPassword onClose={() => setChanging(false)} />}
    </>
  );
}

/** 修改密码: the signed-in person's own, with the current one. */
function ChangeMyPassword({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const { busy, error, setError, run } = useSubmit();
  const save = async () => {
    const problem = !current ? "passwordMissing" : newPasswordProblem(next, again);
    if (problem) { setError(t(problem)); return; }
    await run(async () => {
      await api.changeMyPassword(current, next);
      message.success(t("myPasswordChanged"));
      onClose();
    });
  };
  const edit = (set: (v: string) => void) => (e: { target: { value: string } }) => { set(e.target.value); setError(null); };
  return (
    <Modal open title={t("myPasswordTitle")} onCancel={onClose} onOk={() => void save()} okText={t("save")} cancelText={t("cancel")} confirmLoading={busy} destroyOnHidden okButtonProps={{ "data-testid": "my-password-save" } as never}>
      <Space direction="vertical" style={{ width: "100%" }}>
        <Input.Password placeholder={t("passwordCurrent")} value={current} onChange={edit(setCurrent)} data-testid="my-password-current" />
        <Input.Password placeholder={t("passwordNew")} value={next} onChange={edit(setNext)} data-testid="my-password-new" />
        <Input.Password placeholder={t("passwordAgain")} value={again} onChange={edit(setAgain)} data-testid="my-password-again" />
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
      </Space>
    </Modal>
  );
}
