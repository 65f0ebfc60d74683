// The customer archive: server-side paging, sorting, filtering and search,
// so the list stays quick with a million customers.
import { Suspense, lazy, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from "react";
import { App, Button, Checkbox, Dropdown, Empty, Input, Select, Space, Table, Typography, type InputRef } from "antd";
import type { TableProps } from "antd";
import { DeleteOutlined, FileExcelOutlined, PlusOutlined, SettingOutlined } from "@ant-design/icons";
import { api, asApiError, type Customer, type CustomerQuery, type FieldDef, type SortKey } from "../ipc/api";
import { useI18n } from "../i18n";
import type { TierLabel } from "../ipc/api";
import { allColumns, columnsWidth, fitColumns, savedKeys, SELECTION_WIDTH } from "./columns";
import { usePointsPage } from "../points/PointsCell";
import { ContactFilter } from "../followups/ContactFilter";
import { useSession } from "../team/session";
import { can, customerActions } from "../team/perms";
import { OwnerButton, OwnerSwitch } from "../team/Owner";

// The drawer, the form and the export dialog are loaded the first time they
// open (and then stay mounted, so they close with their animation): the list
// itself shows sooner.
const CustomerDrawer = lazy(() => import("./CustomerDrawer").then((m) => ({ default: m.CustomerDrawer })));
const CustomerForm = lazy(() => import("./CustomerForm").then((m) => ({ default: m.CustomerForm })));
const ExportDialog = lazy(() => import("./ExportDialog").then((m) => ({ default: m.ExportDialog })));

/** `measure(ref's element)`, read before the first paint and again whenever the element is resized. */
function useMeasured(ref: RefObject<HTMLElement>, measure: (el: HTMLElement) => number, before: () => number): number {
  const [size, setSize] = useState(before);
  const how = useRef(measure);
  how.current = measure;
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const read = () => setSize(how.current(el));
    read();
    if (typeof ResizeObserver === "undefined") return;
    const watch = new ResizeObserver(read);
    watch.observe(el);
    return () => watch.disconnect();
  }, [ref]);
  return size;
}

/** The window's inner height, kept up to date as it is resized. */
function useWindowHeight(): number {
  const [height, setHeight] = useState(() => window.innerHeight);
  useEffect(() => {
    const read = () => setHeight(window.innerHeight);
    window.addEventListener("resize", read);
    return () => window.removeEventListener("resize", read);
  }, []);
  return height;
}

/** The room inside an element's padding: the default columns are chosen to fit it, so the list never scrolls sideways. */
const innerWidth = (el: HTMLElement) => {
  const s = getComputedStyle(el);
  return el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
};

/** True from the first render at which `flag` is true on. */
function useOnceTrue(flag: boolean): boolean {
  const [seen, setSeen] = useState(flag);
  if (flag && !seen) setSeen(true);
  return seen || flag;
}
import { markPainted } from "../shell/launch";
import { FIRST_QUERY, PAGE_SIZE } from "./firstQuery";
import { useCustomerPage } from "./useCustomerPage";
import { count } from "../format";

const COLUMNS_KEY = "tierdesk.columns";
/** Pixels kept free beside the columns, so a rounding of the table's borders never makes it scroll. */
const FIT_MARGIN = 4;
/** The toolbar's height on one row. */
const TOOLBAR_ROW = 32;
/**
 * The window's height that is not the list's rows or its toolbar (measured in the app): the header 64, the
 * content's and the page's paddings 4 × 16, the gap under the toolbar 12, the column heads 39, the pages 40,
 * the hint 42, the status bar 27, and 4 to spare.
 */
const LIST_CHROME = 292;
const MIN_ROWS_HEIGHT = 160;

interface Props {
  fieldDefs: FieldDef[];
  tiers: TierLabel[];
  /** Bumped by the shell to ask for the new-customer form or the search box. */
  command: { name: "new" | "find" | "export"; at: number } | null;
  onChanged: () => void;
  /** Opens the import wizard: the empty archive offers it first. */
  onImport?: () => void;
}

export function CustomerList({ fieldDefs, tiers, command, onChanged, onImport }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const searchRef = useRef<InputRef>(null);
  const [search, setSearch] = useState("");
  const [exporting, setExporting] = useState(false);
  const [query, setQuery] = useState<CustomerQuery>(FIRST_QUERY);
  const [selected, setSelected] = useState<number[]>([]);
  const [detail, setDetail] = useState<Customer | null>(null);
  const [editing, setEditing] = useState<{ customer: Customer | null } | null>(null);
  const exportUsed = useOnceTrue(exporting);
  const drawerUsed = useOnceTrue(detail != null);
  const formUsed = useOnceTrue(editing != null);
  // What the signed-in role may use (everything on a local file); 负责人 only on a team database.
  const { session } = useSession();
  const may = customerActions(session);
  const team = session?.team ?? false;
  const columns = useMemo(() => allColumns(fieldDefs, team), [fieldDefs, team]);
  // The person's own choice of columns; without one, the defaults that fit the window.
  const [chosen, setChosen] = useState<string[] | null>(() => JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? "null"));
  const pageRef = useRef<HTMLDivElement>(null);
  const room = useMeasured(pageRef, innerWidth, () => window.innerWidth - 260);
  // The rows' height is what the window leaves below the toolbar (two rows of buttons below about
  // 1,400 pixels wide), so the list's pages and the status bar stay in view at 1024×700 too.
  const toolbarRef = useRef<HTMLDivElement>(null);
  const toolbar = useMeasured(toolbarRef, (el) => el.offsetHeight, () => TOOLBAR_ROW);
  const rowsHeight = Math.max(MIN_ROWS_HEIGHT, useWindowHeight() - LIST_CHROME - toolbar);

  const { page, loading, answered, load } = useCustomerPage(query, (e) => message.error(asApiError(e).message));
  // The first answer on screen is what the launch benchmark waits for.
  useEffect(() => { if (answered) markPainted("list_painted"); }, [page, answered]);

  // Search as the user types, after a short pause.
  useEffect(() => {
    const h = setTimeout(() => {
      setQuery((q) => (q.search ?? "") === search.trim() ? q : { ...q, search: search.trim() || null, offset: 0 });
    }, 250);
    return () => clearTimeout(h);
  }, [search]);

  useEffect(() => {
    if (!command) return;
    if (command.name === "new" && may.create) setEditing({ customer: null });
    if (command.name === "find") searchRef.current?.focus({ cursor: "all" });
    if (command.name === "export" && may.export) setExporting(true);
  }, [command, may.create, may.export]);

  const removeSelected = useCallback(async () => {
    if (selected.length === 0) return;
    const ids = [...selected];
    try {
      const n = await api.deleteCustomers(ids);
      setSelected([]);
      onChanged();
      void load();
      message.success({
        content: (
          <span>
            {t("movedToBin", { n })}{" "}
            <Button
              size="small"
              type="link"
              data-testid="undo-delete"
              onClick={async () => {
                await api.restoreCustomers(ids);
                onChanged();
                void load();
              }}
            >
              {t("undo")}
            </Button>
          </span>
        ),
        duration: 6,
      });
    } catch (e) {
      message.error(asApiError(e).message);
    }
  }, [selected, load, message, t, onChanged]);

  // Delete moves the selection to the recycle bin, unless the user is typing.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      const typing = el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.isContentEditable);
      if (e.key === "Delete" && !typing && !editing && may.delete) {
        e.preventDefault();
        void removeSelected();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [removeSelected, editing, may.delete]);

  const points = usePointsPage(page.items.map((c) => c.id));
  const defaults = columns.filter((c) => c.defaultVisible && (c.key !== "points" || points != null)).map((c) => c.key);
  const shown = savedKeys(columns, chosen) ?? fitColumns(columns, defaults, room - FIT_MARGIN);
  const tableColumns: TableProps<Customer>["columns"] = columns
    .filter((c) => shown.includes(c.key) && (c.key !== "points" || points != null))
    .map((c) => ({
      key: c.key,
      dataIndex: c.key,
      title: typeof c.title === "string" ? t(c.title) : c.title.label,
      width: c.width,
      align: c.align,
      ellipsis: true,
      sorter: c.sortKey != null,
      sortOrder: c.sortKey != null && query.sort === c.sortKey ? (query.descending ? "descend" : "ascend") : null,
      render: (_: unknown, row: Customer) => c.render(row, { tiers, open: setDetail, points }),
    }));

  const onTableChange: TableProps<Customer>["onChange"] = (pagination, _filters, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const col = columns.find((c) => c.key === s?.columnKey);
    const sort: SortKey = s?.order && col?.sortKey ? col.sortKey : "id";
    const descending = s?.order === "descend";
    const current = pagination.current ?? 1;
    const sortChanged = sort !== query.sort || descending !== query.descending;
    setQuery((q) => ({ ...q, sort, descending, offset: sortChanged ? 0 : (current - 1) * PAGE_SIZE }));
  };

  const columnMenu = (
    <div style={{ background: "#fff", padding: 12, boxShadow: "0 6px 16px rgba(0,0,0,.12)", borderRadius: 8, maxHeight: 420, overflow: "auto" }}>
      <Checkbox.Group
        value={shown}
        onChange={(v) => {
          const keys = v as string[];
          setChosen(keys);
          localStorage.setItem(COLUMNS_KEY, JSON.stringify(keys));
        }}
      >
        <Space direction="vertical">
          {columns.map((c) => (
            <Checkbox key={c.key} value={c.key} disabled={c.key === "name"}>
              {typeof c.title === "string" ? t(c.title) : c.title.label}
            </Checkbox>
          ))}
        </Space>
      </Checkbox.Group>
    </div>
  );

  const isEmptyArchive = !loading && page.total === 0 && !query.search && !query.tier && !query.last_contact_before && !query.next_contact_by && !query.owner;

  return (
    <div className="page" data-testid="customer-list" ref={pageRef}>
      <Space className="toolbar" wrap ref={toolbarRef}>
        {may.create && (
          <Button type="primary" icon={<PlusOutlined />} data-testid="new-customer" onClick={() => setEditing({ customer: null })}>
            {t("newCustomer")}
          </Button>
        )}
        <Input.Search
          ref={searchRef}
          allowClear
          data-testid="search"
          style={{ width: 340 }}
          placeholder={t("searchPlaceholder")}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => setQuery((q) => ({ ...q, search: v.trim() || null, offset: 0 }))}
        />
        <Select
          style={{ width: 140 }}
          data-testid="tier-filter"
          value={query.tier ?? ""}
          onChange={(v) => setQuery((q) => ({ ...q, tier: v || null, offset: 0 }))}
          options={[
            { value: "", label: t("allTiers") },
            ...tiers.map((x) => ({ value: x.key, label: x.name })),
            { value: "__none__", label: t("noTier") },
          ]}
        />
        <ContactFilter query={query} onChange={(part) => setQuery((q) => ({ ...q, ...part }))} />
        <OwnerSwitch value={query.owner} onChange={(owner) => setQuery((q) => ({ ...q, owner, offset: 0 }))} />
        <Dropdown dropdownRender={() => columnMenu} trigger={["click"]}>
          <Button icon={<SettingOutlined />}>{t("columns")}</Button>
        </Dropdown>
        {may.export && (
          <Button icon={<FileExcelOutlined />} data-testid="export-customers" disabled={page.total === 0} onClick={() => setExporting(true)}>
            {t("exportCustomers")}
          </Button>
        )}
        {may.delete && (
          <Button danger icon={<DeleteOutlined />} disabled={selected.length === 0} data-testid="delete-selected" onClick={() => void removeSelected()}>
            {t("delete")}
          </Button>
        )}
        <OwnerButton ids={selected} onDone={() => void load()} />
        <Typography.Text type="secondary" data-testid="total">
          {t("customersTotal", { n: count(page.total) })}
          {selected.length > 0 ? ` · ${t("selected", { n: count(selected.length) })}` : ""}
        </Typography.Text>
      </Space>
      {isEmptyArchive ? (
        <Empty style={{ marginTop: 80 }} description={<><b>{t("emptyArchiveTitle")}</b><br />{t("emptyArchiveText")}</>}>
          <Space>
            {onImport && may.import && <Button type="primary" data-testid="empty-import" onClick={onImport}>{t("emptyImport")}</Button>}
            {may.create && <Button type={onImport && may.import ? "default" : "primary"} data-testid="empty-new" onClick={() => setEditing({ customer: null })}>{t("newCustomer")}</Button>}
            {can(session, "settings") && <Button
              data-testid="fill-demo"
              onClick={async () => {
                try {
                  const n = await api.fillDemo(200);
                  message.success(t("demoFilled", { n }));
                  onChanged();
                  void load();
                } catch (e) {
                  message.error(asApiError(e).message);
                }
              }}
            >
              {t("fillDemo")}
            </Button>}
          </Space>
        </Empty>
      ) : (
        <Table<Customer>
          rowKey="id"
          size="small"
          virtual
          loading={loading}
          columns={tableColumns}
          dataSource={page.items}
          // Never narrower than the list itself: a virtual table whose columns are narrower than it
          // went round in circles (the window hung) on a sideways wheel or scroll.
          scroll={{ x: Math.max(columnsWidth(columns, shown.filter((k) => k !== "points" || points != null)), Math.floor(room)), y: rowsHeight }}
          rowSelection={{ columnWidth: SELECTION_WIDTH, selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) }}
          onRow={(row) => ({ onDoubleClick: () => setDetail(row), "data-testid": `row-${row.id}` } as never)}
          onChange={onTableChange}
          pagination={{
            current: Math.floor(query.offset / PAGE_SIZE) + 1,
            pageSize: PAGE_SIZE,
            total: page.total,
            showSizeChanger: false,
            showQuickJumper: true,
          }}
        />
      )}
      <Typography.Text type="secondary" className="hint">{t("shortcuts")}</Typography.Text>
      <Suspense>
      {exportUsed && <ExportDialog open={exporting} query={query} total={page.total} onClose={() => setExporting(false)} />}
      {drawerUsed && <CustomerDrawer
        customer={detail}
        fieldDefs={fieldDefs}
        tiers={tiers}
        onClose={() => setDetail(null)}
        onEdit={(c) => setEditing({ customer: c })}
        onErased={() => { onChanged(); void load(); }}
        onFollowupLogged={(id) => {
          void load();
          api.getCustomer(id).then((c) => setDetail((d) => (d && d.id === c.id ? c : d))).catch(() => undefined);
        }}
      />}
      {formUsed && <CustomerForm
        open={editing != null}
        customer={editing?.customer ?? null}
        fieldDefs={fieldDefs}
        tiers={tiers}
        onClose={() => setEditing(null)}
        onSaved={(c) => {
          setEditing(null);
          if (detail && detail.id === c.id) setDetail(c);
          onChanged();
          void load();
        }}
      />}
      </Suspense>
    </div>
  );
}
