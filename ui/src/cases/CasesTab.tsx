// 投诉: the record page's tab of one customer's complaints (all of them,
// overdue first), with 新建投诉 and each case opened in its drawer.
import { useCallback, useEffect, useState } from "react";
import { App, Button, Space, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { api, asApiError, type CaseLine } from "../ipc/api";
import { useI18n } from "../i18n";
import type { RecordTabProps } from "../record/CustomerRecord";
import { CaseDialogs } from "./CaseDialogs";
import { CasesTable } from "./CasesTable";

export function CasesTab({ customerId }: RecordTabProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [items, setItems] = useState<CaseLine[] | null>(null);
  const [adding, setAdding] = useState(false);
  const [shown, setShown] = useState<number | null>(null);

  const load = useCallback(async () => {
    try {
      const page = await api.caseList({
        status: null,
        open: false,
        kind: null,
        tier: null,
        owner: null,
        overdue: false,
        customer_id: customerId,
        limit: 1000,
        offset: null,
      });
      setItems(page.items);
    } catch (e) {
      message.error(asApiError(e).message);
      setItems([]);
    }
  }, [customerId, message]);
  useEffect(() => { void load(); }, [load]);

  return (
    <div data-testid="cases-tab">
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="case-new">{t("caseNew")}</Button>
        {items && <Typography.Text type="secondary" data-testid="case-total">{t("caseTotal", { n: items.length })}</Typography.Text>}
      </Space>
      <CasesTable items={items ?? []} loading={items == null} showCustomer={false} onOpen={(c) => setShown(c.id)} />
      <CaseDialogs adding={adding} customerId={customerId} shown={shown} setAdding={setAdding} setShown={setShown} onChanged={() => void load()} />
    </div>
  );
}

export default CasesTab;
