// End to end in a small laptop's window, 1024×700 (issue 18): the customer
// list shows 等级, 名称, 编号, 消费金额 (and 积分) without scrolling sideways,
// no page scrolls sideways, and closing the window while the scheme editor
// holds unsaved changes asks 「放弃未保存的修改？」: 取消 keeps the window and the
// editor, 放弃 closes the window.
import assert from "node:assert/strict";
import { appSession, clickFree, invoke, shot } from "./harness.mjs";

const step = appSession({ size: "1024x700" });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// The pages of screens.test.mjs (not imported: that file declares its own tests).
const PAGES = ["dashboard", "today", "customers", "import", "imports", "evaluate", "schemes", "benefits", "points", "cases", "surveys", "churn", "analysis", "report", "recycle", "fields", "audit"];

/**
 * Every box in the page's content that is wider inside than it shows (its
 * scroll width beyond its client width) and lets the person scroll to the
 * rest: the page itself, a table's header or body, a virtual table's
 * horizontal scroll bar.
 */
const sideways = (d) =>
  d.exec(
    "const out=[];const root=document.querySelector('.content');" +
      "if(root.scrollWidth>root.clientWidth+1)out.push({box:'content',scroll:root.scrollWidth,client:root.clientWidth});" +
      "for(const e of root.querySelectorAll('.ant-table-header,.ant-table-content,.ant-table-body,.ant-table-tbody-virtual-holder')){" +
      "if(!e.getClientRects().length)continue;" +
      "if(e.scrollWidth>e.clientWidth+1)out.push({box:e.className,scroll:e.scrollWidth,client:e.clientWidth});}" +
      "for(const e of root.querySelectorAll('.ant-table-tbody-virtual-scrollbar-horizontal')){" +
      "const r=e.getBoundingClientRect();if(r.width>0&&getComputedStyle(e).visibility!=='hidden')out.push({box:'virtual scroll bar',width:r.width});}" +
      "return out;",
  );

/** The customer list's header cells: text and right edge, and the list's right edge. */
const headers = (d) =>
  d.exec(
    "const box=document.querySelector('[data-testid=customer-list] .ant-table-container').getBoundingClientRect();" +
      "return [...document.querySelectorAll('[data-testid=customer-list] thead th')].map((th)=>{const r=th.getBoundingClientRect();return {text:th.innerText.trim(),right:r.right,boxRight:box.right};});",
  );

step("the window is 1024×700", async (d) => {
  const size = await d.exec("return [window.innerWidth, window.innerHeight];");
  assert.ok(Math.abs(size[0] - 1024) <= 2, `width ${size}`);
  assert.ok(size[1] <= 700 && size[1] >= 640, `height ${size}`);
});

step("200 demo customers", async (d) => {
  await d.click('[data-testid="fill-demo"]', 30000);
  await d.waitText('[data-testid="total"]', (t) => t.includes("200"), 60000);
  await d.exec("const b=document.querySelector('[data-testid=my-name-later]'); if (b) b.click();");
  await d.find('[data-testid^="open-"]', { timeout: 30000 });
});

step("the customer list shows 等级, 名称, 编号 and 消费金额 without scrolling sideways", async (d) => {
  await sleep(1000);
  const cols = await headers(d);
  const names = cols.map((c) => c.text).filter(Boolean);
  for (const want of ["客户编号", "客户名称", "当前等级", "消费金额"]) assert.ok(names.includes(want), `${want} among ${names}`);
  const cut = cols.filter((c) => c.text && c.right > c.boxRight + 1).map((c) => c.text);
  assert.deepEqual(cut, [], `headers past the list's right edge: ${JSON.stringify(cols)}`);
  const list = await d.exec(
    "const h=document.querySelector('[data-testid=customer-list] .ant-table-header');return {scroll:h.scrollWidth,client:h.clientWidth};",
  );
  assert.equal(list.scroll, list.client, `the list's scroll width equals its client width: ${JSON.stringify(list)}`);
  assert.deepEqual(await sideways(d), []);
  // A long name ends in … and shows whole in its tooltip (the cell's title).
  const long = await d.exec(
    "const cell=(e)=>e.closest('.ant-table-cell');" +
      "const a=[...document.querySelectorAll('[data-testid^=open-]')].find((e)=>cell(e).scrollWidth>cell(e).clientWidth);" +
      "return a?{text:a.textContent,title:a.closest('[title]')?.getAttribute('title')??null}:null;",
  );
  if (long) assert.equal(long.title, long.text, `a cut name shows whole on hover: ${JSON.stringify(long)}`);
  // The list's pages stay in view below it (the toolbar takes two rows at this width).
  const pages = await d.exec(
    "const p=document.querySelector('[data-testid=customer-list] .ant-pagination').getBoundingClientRect();const f=document.querySelector('.statusbar').getBoundingClientRect();return {bottom:p.bottom,footer:f.top};",
  );
  assert.ok(pages.bottom <= pages.footer + 1, `the pages above the status bar: ${JSON.stringify(pages)}`);
  // A sideways wheel on the list (a touchpad's swipe) moves nothing, and the window keeps answering.
  await d.exec(
    "const h=document.querySelector('[data-testid=customer-list] .ant-table-tbody-virtual-holder');" +
      "h.dispatchEvent(new WheelEvent('wheel',{deltaX:5000,bubbles:true,cancelable:true}));h.scrollLeft=10000;return true;",
  );
  await sleep(600);
  const after = await d.exec("const h=document.querySelector('[data-testid=customer-list] .ant-table-header');return {left:h.scrollLeft,scroll:h.scrollWidth,client:h.clientWidth};");
  assert.deepEqual(after, { left: 0, scroll: list.client, client: list.client });
  await shot(d, "narrow-customers-1024.png");
});

step("no page scrolls sideways at 1024×700", async (d) => {
  const found = {};
  for (const p of PAGES) {
    const nav = `[data-testid="nav-${p}"]`;
    if (!(await d.exec("return !!document.querySelector(arguments[0]);", [nav]))) continue;
    await clickFree(d, nav);
    await sleep(p === "report" || p === "analysis" || p === "dashboard" ? 4000 : 2000);
    const wide = await sideways(d);
    if (wide.length) found[p] = wide;
  }
  assert.deepEqual(found, {}, JSON.stringify(found));
});

/** Asks the window to close as Ctrl+Q does (文件 → 退出 has it as its key). */
const pressCtrlQ = (d) =>
  d.cmd("POST", "/actions", {
    actions: [{
      type: "key", id: "keyboard",
      actions: [{ type: "keyDown", value: "\uE009" }, { type: "keyDown", value: "q" }, { type: "keyUp", value: "q" }, { type: "keyUp", value: "\uE009" }],
    }],
  }).then(() => d.cmd("DELETE", "/actions").catch(() => {}));

/** Edits star4's name in the editor, so it holds an unsaved change. */
async function editScheme(d) {
  await clickFree(d, '[data-testid="nav-schemes"]');
  await clickFree(d, '[data-testid="edit-star4"]');
  await d.find('[data-testid="scheme-editor"]');
  await d.type('[data-testid="scheme-name"]', "（改）");
  await sleep(500);
}

step("closing the window with unsaved scheme changes asks; 取消 keeps the window and the editor", async (d) => {
  await editScheme(d);
  // The scheme editor's tier names keep room for a name at this width.
  const names = await d.exec(
    "return [...document.querySelectorAll('[data-testid=scheme-tiers] tbody tr td:nth-child(2) input')].map((i)=>Math.round(i.getBoundingClientRect().width));",
  );
  assert.ok(names.length >= 4 && Math.min(...names) >= 80, `tier name boxes ${names}`);
  await pressCtrlQ(d);
  const title = await d.waitText(".ant-modal-confirm-title", (t) => t.includes("放弃未保存的修改"), 10000);
  assert.equal(title.trim(), "放弃未保存的修改？");
  assert.equal((await d.text("#close-discard")).replace(/\s/g, ""), "放弃");
  assert.equal((await d.text("#close-cancel")).replace(/\s/g, ""), "取消");
  await shot(d, "narrow-close-ask-1024.png");
  await sleep(500);
  await clickFree(d, "#close-cancel");
  await d.gone(".ant-modal-confirm");
  await sleep(1500);
  // Still there: the page answers and the editor keeps its change.
  await d.find('[data-testid="scheme-editor"]');
  assert.ok((await d.exec("return document.querySelector('[data-testid=scheme-name]').value;")).endsWith("（改）"));
  // The title bar's × asks the same way (the window's own close request).
  const closed = await invoke(d, "plugin:window|close", { label: "main" });
  assert.ok(!closed || !closed.error, JSON.stringify(closed));
  await d.waitText(".ant-modal-confirm-title", (t) => t === "放弃未保存的修改？", 10000);
  await sleep(500);
  await clickFree(d, "#close-cancel");
  await d.gone(".ant-modal-confirm");
  await sleep(1500);
  await d.find('[data-testid="scheme-editor"]');
});

step("放弃 closes the window", async (d) => {
  await pressCtrlQ(d);
  await d.waitText(".ant-modal-confirm-title", (t) => t === "放弃未保存的修改？", 10000);
  await sleep(500);
  await d.click("#close-discard").catch(() => {});
  let gone = false;
  for (let i = 0; i < 50 && !gone; i++) {
    gone = await d.exec("return document.title;").then(() => false, () => true);
    if (!gone) await sleep(200);
  }
  assert.ok(gone, "the window closed");
});
