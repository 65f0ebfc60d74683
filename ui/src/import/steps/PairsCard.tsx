// The possible duplicates of a preview: rows that share only a phone with another record under
// another name. Each pair shows both names and the phone, and the person picks 合并 or 分别导入.
import { Card, Radio, Table, Tag, Typography } from "antd";
import type { PairChoice, PossibleDuplicateRow } from "../../ipc/api";
import { useI18n } from "../../i18n";
import { count } from "../../format";

export function PairsCard({ pairs, busy, onPair }: {
  pairs: PossibleDuplicateRow[];
  busy: boolean;
  onPair: (row: number, choice: PairChoice) => void;
}) {
  const { t } = useI18n();
  if (pairs.length === 0) return null;
  return (
    <Card size="small" title={t("importPairsTitle", { n: count(pairs.length) })} data-testid="import-pairs">
      <Typography.Paragraph type="secondary">{t("importPairsHint")}</Typography.Paragraph>
      <Table<PossibleDuplicateRow>
        size="small" rowKey="row" pagination={false} dataSource={pairs}
        columns={[
          { title: t("importRow"), dataIndex: "row", width: 60 },
          { title: t("importPairRow"), dataIndex: "name", ellipsis: true },
          {
            title: t("importPairOther"), key: "other", ellipsis: true,
            render: (_: unknown, p) => p.other_row != null
              ? t("importPairOtherRow", { row: p.other_row, name: p.other_name })
              : `${t("importPairOtherCustomer", { name: p.other_name })}${p.other_code ? ` (${p.other_code})` : ""}`,
          },
          { title: t("importPairPhone"), dataIndex: "phone", width: 140 },
          {
            title: t("importPairChoice"), key: "choice", width: 260,
            render: (_: unknown, p) => (
              <Radio.Group
                size="small" value={p.chosen} disabled={busy} data-testid={`pair-${p.row}`}
                onChange={(e) => onPair(p.row, e.target.value as PairChoice)}
              >
                <Radio value="merge" data-testid={`pair-${p.row}-merge`}>
                  {t("importPairMerge")}{p.suggested === "merge" && <Tag style={{ marginLeft: 4 }}>{t("importPairSuggested")}</Tag>}
                </Radio>
                <Radio value="separate" data-testid={`pair-${p.row}-separate`}>
                  {t("importPairSeparate")}{p.suggested === "separate" && <Tag style={{ marginLeft: 4 }}>{t("importPairSuggested")}</Tag>}
                </Radio>
              </Radio.Group>
            ),
          },
        ]}
      />
    </Card>
  );
}
