import { Button, Descriptions, Drawer, Space } from "antd";
import type { Customer, FieldDef } from "../ipc/api";
import { useI18n } from "../i18n";
import { TierTag } from "../tiers/TierTag";
import type { TierLabel } from "../ipc/api";
import { money } from "./columns";

interface Props {
  customer: Customer | null;
  fieldDefs: FieldDef[];
  tiers: TierLabel[];
  onClose: () => void;
  onEdit: (c: Customer) => void;
}

export function CustomerDrawer({ customer, fieldDefs, tiers, onClose, onEdit }: Props) {
  const { t } = useI18n();
  const c = customer;
  return (
    <Drawer
      open={c != null}
      onClose={onClose}
      width={560}
      title={c ? `${c.name}${c.code ? `（${c.code}）` : ""}` : t("details")}
      extra={
        c && (
          <Space>
            <Button type="primary" data-testid="drawer-edit" onClick={() => onEdit(c)}>
              {t("edit")}
            </Button>
          </Space>
        )
      }
    >
      {c && (
        <div data-testid="customer-detail">
          <Descriptions column={2} size="small" bordered title={t("basicInfo")}>
            <Descriptions.Item label={t("name")} span={2}>{c.name}</Descriptions.Item>
            <Descriptions.Item label={t("code")}>{c.code}</Descriptions.Item>
            <Descriptions.Item label={t("phone")}>{c.phone}</Descriptions.Item>
            <Descriptions.Item label={t("manager")}>{c.manager}</Descriptions.Item>
            <Descriptions.Item label={t("email")}>{c.email}</Descriptions.Item>
          </Descriptions>
          <br />
          <Descriptions column={2} size="small" bordered title={t("ratingInfo")}>
            <Descriptions.Item label={t("spend")}>{money(c.spend)}</Descriptions.Item>
            <Descriptions.Item label={t("frequency")}>{c.frequency ?? ""}</Descriptions.Item>
            <Descriptions.Item label={t("tenureYears")}>{c.tenure_years ?? ""}</Descriptions.Item>
            <Descriptions.Item label={t("influence")}>{c.influence ?? ""}</Descriptions.Item>
            <Descriptions.Item label={t("tier")}><TierTag tier={c.tier} tiers={tiers} /></Descriptions.Item>
            <Descriptions.Item label={t("lastRatedOn")}>{c.last_rated_on}</Descriptions.Item>
            <Descriptions.Item label={t("nextRatingOn")} span={2}>{c.next_rating_on}</Descriptions.Item>
          </Descriptions>
          <br />
          <Descriptions column={2} size="small" bordered title={t("moreInfo")}>
            <Descriptions.Item label={t("gender")}>{c.gender === "male" ? t("male") : c.gender === "female" ? t("female") : ""}</Descriptions.Item>
            <Descriptions.Item label={t("birthDate")}>{c.birth_date}</Descriptions.Item>
            <Descriptions.Item label={t("address")} span={2}>{c.address}</Descriptions.Item>
            <Descriptions.Item label={t("registeredOn")}>{c.registered_on}</Descriptions.Item>
            <Descriptions.Item label={t("lastContactOn")}>{c.last_contact_on}</Descriptions.Item>
            <Descriptions.Item label={t("preferredCategory")}>{c.preferred_category}</Descriptions.Item>
            <Descriptions.Item label={t("tags")}>{c.tags.join("、")}</Descriptions.Item>
            <Descriptions.Item label={t("notes")} span={2}>{c.notes}</Descriptions.Item>
            {fieldDefs.map((d) => (
              <Descriptions.Item key={d.key} label={d.label}>
                {c.fields[d.key] == null ? "" : String(c.fields[d.key])}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </div>
      )}
    </Drawer>
  );
}
