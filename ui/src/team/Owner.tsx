// A customer's 负责人 on a team database: the picker (from the active users,
// api.userChoices), the drawer's field (editable with 评级 rights, as the API
// allows), the list's 「我的客户 / 全部」 switch and its 设置负责人 button.
// None of it shows on a local file.
import { useEffect, useState } from "react";
import { App, Button, Modal, Segmented, Select, Space, Typography } from "antd";
import { api, asApiError, type Customer, type UserChoice } from "../ipc/api";
import { useI18n } from "../i18n";
import { count } from "../format";
import { useCan, useTeam } from "./session";

/** The active users to choose from, read once per picker. */
function useChoices(): UserChoice[] {
  const [choices, setChoices] = useState<UserChoice[]>([]);
  useEffect(() => { api.userChoices().then(setChoices, () => setChoices([])); }, []);
  return choices;
}

/** A select of users; the empty choice is 共享（无负责人）. */
export function OwnerPicker({ value, onChange, testId }: { value: number | null; onChange: (v: number | null) => void; testId: string }) {
  const { t } = useI18n();
  const choices = useChoices();
  return (
    <Select<number | "">
      style={{ minWidth: 180 }}
      data-testid={testId}
      value={value ?? ""}
      onChange={(v) => onChange(v === "" ? null : v)}
      options={[{ value: "" as const, label: t("ownerNone") }, ...choices.map((u) => ({ value: u.id, label: u.name }))]}
      showSearch
      optionFilterProp="label"
    />
  );
}

/** The drawer's 负责人 line: the name, and 更改 for whoever may set it. */
export function OwnerField({ customer, onChanged }: { customer: Customer; onChanged: (c: Customer) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const team = useTeam();
  const may = useCan("ratings");
  const [editing, setEditing] = useState(false);
  if (!team) return null;
  const pick = async (owner: number | null) => {
    try {
      await api.setCustomerOwner([customer.id], owner);
      onChanged(await api.getCustomer(customer.id));
      setEditing(false);
    } catch (e) {
      message.error(asApiError(e).message);
    }
  };
  return (
    <Space data-testid="drawer-owner">
      {editing ? (
        <OwnerPicker value={customer.owner_id} onChange={(v) => void pick(v)} testId="drawer-owner-picker" />
      ) : (
        <Typography.Text data-testid="drawer-owner-name">{customer.owner_name ?? t("ownerNone")}</Typography.Text>
      )}
      {may && !customer.deleted_at && !editing && (
        <Button size="small" type="link" onClick={() => setEditing(true)} data-testid="drawer-owner-change">{t("ownerChange")}</Button>
      )}
    </Space>
  );
}

/** 我的客户 / 全部: the list's owner filter, on a team database only. */
export function OwnerSwitch({ value, onChange }: { value: string | null | undefined; onChange: (owner: string | null) => void }) {
  const { t } = useI18n();
  const team = useTeam();
  if (!team) return null;
  return (
    <Segmented
      data-testid="owner-switch"
      value={value === "mine" ? "mine" : "all"}
      onChange={(v) => onChange(v === "mine" ? "mine" : null)}
      options={[
        { value: "mine", label: <span data-testid="owner-mine">{t("ownerMine")}</span> },
        { value: "all", label: <span data-testid="owner-all">{t("ownerAll")}</span> },
      ]}
    />
  );
}

/** 设置负责人 for the selected customers (评级 rights, team database). */
export function OwnerButton({ ids, onDone }: { ids: number[]; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const team = useTeam();
  const may = useCan("ratings");
  const [open, setOpen] = useState(false);
  const [owner, setOwnerChoice] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  if (!team || !may) return null;
  const save = async () => {
    setBusy(true);
    try {
      const n = await api.setCustomerOwner(ids, owner);
      message.success(t("ownerSet", { n: count(n) }));
      setOpen(false);
      onDone();
    } catch (e) {
      message.error(asApiError(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button disabled={ids.length === 0} onClick={() => setOpen(true)} data-testid="owner-set">{t("ownerSetButton")}</Button>
      <Modal open={open} title={t("ownerSetTitle", { n: count(ids.length) })} onCancel={() => setOpen(false)} onOk={() => void save()} okText={t("save")} cancelText={t("cancel")} confirmLoading={busy} destroyOnHidden okButtonProps={{ "data-testid": "owner-set-save" } as never}>
        <OwnerPicker value={owner} onChange={setOwnerChoice} testId="owner-set-picker" />
      </Modal>
    </>
  );
}
