// 客户详情: one customer's whole record on a page of its own, opened from the
// drawer's 「客户详情」 button or a customer link (see open.ts), with 返回 to
// the page it came from.
//
// Each tab is its own component taking `{ customerId: number }`. RECORD owns
// 概况 / 购买记录 / 时间线 / 联系人与纪念日; FOLLOWUP (跟进), TODO (待办), CASES (投诉)
// and SURVEY (满意度) each add ONE entry at their marked place below.
import { useEffect, useState, type ReactNode } from "react";
import { Alert, Button, Space, Spin, Tabs, Typography } from "antd";
import { ArrowLeftOutlined } from "@ant-design/icons";
import { api, asApiError, type Customer, type TierLabel } from "../ipc/api";
import { useI18n } from "../i18n";
import { TierTag } from "../tiers/TierTag";
import { ChurnCard } from "../churn/ChurnCard";
import { RecordOverview } from "./RecordOverview";
import { PurchasesTab } from "./PurchasesTab";
import { TimelineTab } from "./TimelineTab";
import { ContactsTab } from "./ContactsTab";
import { FollowupsTab } from "../followups/FollowupsTab";
import { TodosTab } from "../todo/TodosTab";
import { CasesTab } from "../cases/CasesTab";
import { SurveysTab } from "../surveys/SurveysTab";
import { PointsTab } from "../points/PointsTab";

/** What every tab component of the record page takes. */
export interface RecordTabProps {
  customerId: number;
}

interface Props {
  customerId: number;
  tiers: TierLabel[];
  onBack: () => void;
}

export function CustomerRecord({ customerId, tiers, onBack }: Props) {
  const { t } = useI18n();
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState("overview");
  // Each time the 时间线 tab is opened it reloads: a contact, date,
  // follow-up, case or answer added on another tab is then in it.
  const [timelineOpened, setTimelineOpened] = useState(0);
  const openTab = (key: string) => {
    setTab(key);
    if (key === "timeline") setTimelineOpened((n) => n + 1);
  };
  useEffect(() => {
    setCustomer(null);
    setError(null);
    setTab("overview");
    api.getCustomer(customerId).then(setCustomer).catch((e) => setError(asApiError(e).message));
  }, [customerId]);

  const tabs: { key: string; label: string; children: ReactNode }[] = customer
    ? [
        {
          key: "overview",
          label: t("recordOverview"),
          children: (
            <>
              <RecordOverview customer={customer} tiers={tiers} />
              <ChurnCard customerId={customerId} />
            </>
          ),
        },
        { key: "purchases", label: t("recordPurchases"), children: <PurchasesTab customerId={customerId} /> },
        { key: "points", label: t("pointsTab"), children: <PointsTab customerId={customerId} code={customer.code} /> },
        { key: "timeline", label: t("recordTimeline"), children: <TimelineTab customerId={customerId} reload={timelineOpened} /> },
        { key: "followups", label: t("followupTab"), children: <FollowupsTab customerId={customerId} /> },
        { key: "todos", label: t("todoTab"), children: <TodosTab customerId={customerId} /> },
        { key: "cases", label: t("caseTab"), children: <CasesTab customerId={customerId} /> },
        { key: "surveys", label: t("surveyTab"), children: <SurveysTab customerId={customerId} /> },
        { key: "contacts", label: t("recordContacts"), children: <ContactsTab customerId={customerId} /> },
      ]
    : [];

  return (
    <div data-testid="customer-record" data-customer-id={customerId}>
      <Space style={{ marginBottom: 12 }} align="center">
        <Button icon={<ArrowLeftOutlined />} onClick={onBack} data-testid="record-back">{t("recordBack")}</Button>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="record-title">
          {customer ? `${customer.name}${customer.code ? `（${customer.code}）` : ""}` : t("recordTitle")}
        </Typography.Title>
        {customer && <TierTag tier={customer.tier} tiers={tiers} />}
      </Space>
      {error && <Alert type="error" showIcon message={error} data-testid="record-error" />}
      {!customer && !error && <Spin style={{ display: "block", marginTop: 48 }} />}
      {customer && (
        <Tabs
          activeKey={tab}
          onChange={openTab}
          items={tabs.map((x) => ({ ...x, label: <span data-testid={`record-tab-${x.key}`}>{x.label}</span> }))}
        />
      )}
    </div>
  );
}
