// The conflict dialog: someone else saved the same fields since the form was
// opened. One row per field with 我的 / 对方的 / 原来的 and a choice per
// field; 保存 sends the same save again with the choices (choices.ts).
import { useEffect, useState } from "react";
import { Alert, Modal, Radio, Table } from "antd";
import type { EditConflict } from "../ipc/api";
import { renderMsg, useI18n, type Msg } from "../i18n";
import { fieldLabel, initialChoices, valueText, type Choices, type Side } from "./choices";

export interface ConflictDialogProps {
  /** The refusal's conflict; the dialog is open while there is one. */
  conflict: EditConflict | null;
  /** 「此客户已被 张三 于 10:32 修改」 as Rust sent it. */
  message: Msg | null;
  saving?: boolean;
  /** A field's value in words where the raw value is a key (a case's status); null: as it is. */
  show?: (key: string, value: unknown) => string | null;
  onSave: (choices: Choices) => void;
  onCancel: () => void;
}

interface Row {
  key: string;
  label: string;
  mine: unknown;
  theirs: unknown;
  original: unknown;
}

export function ConflictDialog({ conflict, message, saving, show, onSave, onCancel }: ConflictDialogProps) {
  const { t } = useI18n();
  const [choices, setChoices] = useState<Choices>({});
  useEffect(() => {
    if (conflict) setChoices(initialChoices(conflict));
  }, [conflict]);
  if (!conflict) return null;
  const empty = t("conflictEmpty");
  const rows: Row[] = conflict.fields.map((f) => ({ ...f, label: fieldLabel(t, conflict.kind, f) }));
  const pick = (key: string, side: Side) => setChoices((c) => ({ ...c, [key]: side }));
  const cell = (v: unknown, r: Row) => <span style={{ whiteSpace: "pre-wrap" }}>{show?.(r.key, v) ?? valueText(v, empty)}</span>;
  return (
    <Modal
      open
      title={t("conflictTitle")}
      onCancel={onCancel}
      onOk={() => onSave(choices)}
      okText={t("conflictSave")}
      cancelText={t("cancel")}
      confirmLoading={saving}
      width={760}
      okButtonProps={{ "data-testid": "conflict-save" } as never}
      cancelButtonProps={{ "data-testid": "conflict-cancel" } as never}
    >
      <div data-testid="conflict-dialog">
        <Alert type="warning" showIcon message={renderMsg(message)} description={t("conflictHint")} style={{ marginBottom: 12 }} data-testid="conflict-message" />
        <Table<Row>
          rowKey="key"
          size="small"
          pagination={false}
          dataSource={rows}
          onRow={(r) => ({ "data-testid": `conflict-row-${r.key}` }) as never}
          columns={[
            { title: t("conflictField"), dataIndex: "label", width: 120 },
            { title: t("conflictMine"), dataIndex: "mine", render: cell },
            { title: t("conflictTheirs"), dataIndex: "theirs", render: cell },
            { title: t("conflictOriginal"), dataIndex: "original", render: cell },
            {
              title: t("conflictKeep"),
              width: 170,
              render: (_: unknown, r: Row) => (
                <Radio.Group value={choices[r.key] ?? "mine"} onChange={(e) => pick(r.key, e.target.value as Side)} size="small">
                  {/* The test id on the visible label: antd hides the radio input itself. */}
                  <Radio.Button value="mine"><span data-testid={`conflict-pick-${r.key}-mine`}>{t("conflictMine")}</span></Radio.Button>
                  <Radio.Button value="theirs"><span data-testid={`conflict-pick-${r.key}-theirs`}>{t("conflictTheirs")}</span></Radio.Button>
                </Radio.Group>
              ),
            },
          ]}
        />
      </div>
    </Modal>
  );
}
