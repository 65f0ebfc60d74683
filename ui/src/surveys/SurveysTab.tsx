// 满意度: the record page's tab of one customer's survey answers, newest
// first, with 录入答卷.
import { useCallback, useEffect, useState } from "react";
import { App, Button, Popconfirm, Space, Table, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { api, asApiError, type SurveyAnswer } from "../ipc/api";
import { useI18n } from "../i18n";
import type { RecordTabProps } from "../record/CustomerRecord";
import { SurveyForm } from "./SurveyForm";
import { removeAnswer } from "./remove";
import { count } from "../format";

export function SurveysTab({ customerId }: RecordTabProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [items, setItems] = useState<SurveyAnswer[] | null>(null);
  const [adding, setAdding] = useState(false);

  const load = useCallback(async () => {
    try {
      setItems(await api.customerSurveys(customerId));
    } catch (e) {
      message.error(asApiError(e).message);
      setItems([]);
    }
  }, [customerId, message]);
  useEffect(() => { void load(); }, [load]);

  const remove = (id: number) => removeAnswer(id, load, (text) => message.error(text));

  return (
    <div data-testid="surveys-tab">
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="survey-tab-add">{t("surveyAdd")}</Button>
      </Space>
      <Table<SurveyAnswer>
        size="small"
        loading={items == null}
        rowKey="id"
        dataSource={items ?? []}
        pagination={{ pageSize: 20 }}
        locale={{ emptyText: t("surveyNoneYet") }}
        columns={[
          { title: t("surveyDate"), dataIndex: "answered_on", width: 110 },
          { title: t("surveyChannel"), key: "ch", width: 90, render: (_, a) => t(`surveyChannel_${a.channel}`) },
          { title: t("surveyNpsField"), key: "nps", width: 120, render: (_, a) => a.nps ?? "—" },
          { title: t("surveyCsatField"), key: "csat", width: 110, render: (_, a) => a.csat ?? "—" },
          {
            title: t("surveyScores"),
            key: "scores",
            render: (_, a) => Object.entries(a.scores).map(([q, v]) => `${q} ${v}`).join(" · "),
          },
          { title: t("surveyComment"), dataIndex: "comment" },
          { title: t("surveyWho"), dataIndex: "who", width: 90 },
          {
            title: "",
            key: "del",
            width: 70,
            render: (_, a) => (
              <Popconfirm title={t("surveyDeleteConfirm")} onConfirm={() => void remove(a.id)}>
                <Button size="small" type="link" danger>{t("surveyDelete")}</Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      {items && items.length > 0 && <Typography.Text type="secondary">{count(items.length)}</Typography.Text>}
      <SurveyForm open={adding} customerId={customerId} onDone={(saved) => { setAdding(false); if (saved) void load(); }} />
    </div>
  );
}

export default SurveysTab;
