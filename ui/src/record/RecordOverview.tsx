// 概况: who the customer is, at a glance (masked like the lists).
import { Descriptions } from "antd";
import type { Customer, TierLabel } from "../ipc/api";
import { useI18n } from "../i18n";
import { TierTag } from "../tiers/TierTag";
import { money } from "../customers/columns";

export function RecordOverview({ customer: c, tiers }: { customer: Customer; tiers: TierLabel[] }) {
  const { t } = useI18n();
  return (
    <div data-testid="record-overview">
      <Descriptions column={3} size="small" bordered>
        <Descriptions.Item label={t("name")}>{c.name}</Descriptions.Item>
        <Descriptions.Item label={t("code")}>{c.code}</Descriptions.Item>
        <Descriptions.Item label={t("tier")}><TierTag tier={c.tier} tiers={tiers} /></Descriptions.Item>
        <Descriptions.Item label={t("phone")}>{c.phone}</Descriptions.Item>
        <Descriptions.Item label={t("manager")}>{c.manager}</Descriptions.Item>
        <Descriptions.Item label={t("email")}>{c.email}</Descriptions.Item>
        <Descriptions.Item label={t("spend")}>{money(c.spend)}</Descriptions.Item>
        <Descriptions.Item label={t("frequency")}>{c.frequency ?? ""}</Descriptions.Item>
        <Descriptions.Item label={t("lastContactOn")}>{c.last_contact_on}</Descriptions.Item>
        <Descriptions.Item label={t("birthDate")}>{c.birth_date}</Descriptions.Item>
        <Descriptions.Item label={t("registeredOn")}>{c.registered_on}</Descriptions.Item>
        <Descriptions.Item label={t("nextRatingOn")}>{c.next_rating_on}</Descriptions.Item>
        <Descriptions.Item label={t("address")} span={3}>{c.address}</Descriptions.Item>
        <Descriptions.Item label={t("notes")} span={3}>{c.notes}</Descriptions.Item>
      </Descriptions>
    </div>
  );
}
