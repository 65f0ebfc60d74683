// End to end at the app's default window, 1280×800 (issue 18): the first run
// asks 我的名字 and every batch then names that person; a long form's first
// error is scrolled into view and focused; a 10,000-character name is refused
// out loud and left whole in the box; the customer list shows 当前等级 beside
// the name without scrolling sideways, one clear icon in the search box and a
// drawer wide enough for its values; the scheme cards keep 当前方案 off the
// buttons and their titles whole; the rating preview heads its distribution
// 建议等级 and its matrix 「原等级 \ 新等级」; undoing a rating asks first with
// the batch's title and the number of customers from the store (1,200).
import assert from "node:assert/strict";
import { appSession, clickFree, drawerSettled, invoke, openCustomer, shot } from "./harness.mjs";

const step = appSession({ size: "1280x800" });
const NAME = "王小丽";

/** The element's rectangle and the window's size. */
const rect = (d, css) =>
  d.exec(
    "const e=document.querySelector(arguments[0]);if(!e)return null;const r=e.getBoundingClientRect();return {left:r.left,right:r.right,top:r.top,bottom:r.bottom,width:r.width,height:r.height,vw:window.innerWidth,vh:window.innerHeight};",
    [css],
  );

/** Sets an input's value as typing would (React sees an input event), without typing 10,000 keys. */
const setValue = (d, css, value) =>
  d.exec(
    "const i=document.querySelector(arguments[0]);const set=Object.getOwnPropertyDescriptor(HTMLInputElement.prototype,'value').set;set.call(i,arguments[1]);i.dispatchEvent(new Event('input',{bubbles:true}));",
    [css, value],
  );

step("the window is 1280×800", async (d) => {
  const size = await d.exec("return [window.outerWidth, window.outerHeight, window.innerWidth, window.innerHeight];");
  assert.ok(size[0] <= 1280 && size[2] >= 1200, `width ${size}`);
  assert.ok(size[1] <= 800 && size[3] >= 700, `height ${size}`);
});

step("the first run asks 我的名字, suggesting the OS user", async (d) => {
  await d.find('[data-testid="my-name-banner"]', { timeout: 30000 });
  const asked = await invoke(d, "my_name", {});
  assert.equal(asked.saved, null);
  const shown = await d.exec("return document.querySelector('[data-testid=my-name-input]').value;");
  assert.equal(shown, asked.os_user ?? "", "the box starts with the OS user's name");
  await d.clear('[data-testid="my-name-input"]');
  await d.type('[data-testid="my-name-input"]', NAME);
  await d.click('[data-testid="my-name-save"]');
  await d.gone('[data-testid="my-name-banner"]');
  const saved = await invoke(d, "my_name", {});
  assert.equal(saved.saved, NAME);
  assert.equal(saved.in_use, NAME);
});

step("1,200 demo customers", async (d) => {
  await d.click('[data-testid="fill-demo"]', 30000);
  await d.waitText('[data-testid="total"]', (t) => t.includes("200"), 60000);
  const more = await invoke(d, "fill_demo", { customers: 1000 });
  assert.equal(more, 1000);
  await d.click('[data-testid="nav-recycle"]');
  await d.click('[data-testid="nav-customers"]');
  await d.waitText('[data-testid="total"]', (t) => t.includes("1,200"), 30000);
});

step("当前等级 is beside the name, seen without scrolling sideways", async (d) => {
  const cols = await d.exec(
    "const b=document.querySelector('[data-testid=customer-list] .ant-table-container');const box=b.getBoundingClientRect();" +
      "return [...document.querySelectorAll('[data-testid=customer-list] thead th')].map((th)=>{const r=th.getBoundingClientRect();return {text:th.innerText.trim(),left:r.left,right:r.right,boxRight:box.right,vw:window.innerWidth};});",
  );
  const names = cols.map((c) => c.text).filter(Boolean);
  const tier = cols.find((c) => c.text === "当前等级");
  assert.ok(tier, `a 当前等级 header: ${names}`);
  assert.equal(names[names.indexOf("客户名称") + 1], "当前等级", `order: ${names}`);
  assert.ok(tier.right <= Math.min(tier.boxRight, tier.vw) + 1, `当前等级 at ${tier.left}–${tier.right}, box ends ${tier.boxRight}`);
});

step("the search box shows one clear icon", async (d) => {
  await d.type('input[data-testid="search"]', "星");
  const icons = await d.exec(
    "const i=document.querySelector('input[data-testid=search]');" +
      "const antd=[...i.closest('.ant-input-search').querySelectorAll('.ant-input-clear-icon')].filter((e)=>getComputedStyle(e).visibility!=='hidden');" +
      // WebKit's own cancel button is a pseudo-element no script can measure: the page's rule that hides it must apply.
      "const rules=[...document.styleSheets].flatMap((s)=>{try{return [...s.cssRules];}catch{return [];}});" +
      "const hidden=rules.some((r)=>r.selectorText&&r.selectorText.includes('::-webkit-search-cancel-button')&&r.style.display==='none'&&i.matches(r.selectorText.split(',')[0].split('::')[0]));" +
      "return {type:i.type,hidden,antd:antd.length};",
  );
  await d.clear('input[data-testid="search"]');
  assert.equal(icons.antd, 1, JSON.stringify(icons));
  assert.ok(icons.type !== "search" || icons.hidden, `WebKit's own clear button hidden: ${JSON.stringify(icons)}`);
});

step("the drawer's value cells are wide enough", async (d) => {
  const name = await d.exec("return document.querySelector('[data-testid^=open-]').textContent;");
  await openCustomer(d, name);
  await drawerSettled(d);
  const drawer = await rect(d, ".customer-drawer");
  assert.ok(drawer.width >= 700 && drawer.right <= drawer.vw + 1, `drawer ${JSON.stringify(drawer)}`);
  const narrow = await d.exec(
    "return Math.min(...[...document.querySelectorAll('.customer-drawer .ant-descriptions-item-content')].map((c)=>c.getBoundingClientRect().width));",
  );
  assert.ok(narrow >= 170, `narrowest value cell ${narrow}px`);
  await shot(d, "ux-drawer-1280.png");
  await d.exec("document.querySelector('.ant-drawer-open .ant-drawer-close').click();");
  await d.gone(".ant-drawer-open", 10000).catch(() => {});
});

step("a long form's first error is scrolled into view and focused", async (d) => {
  await clickFree(d, '[data-testid="new-customer"]');
  await d.find('[data-testid="customer-form"]');
  // The person scrolled to the bottom and typed there; the name at the top is empty.
  await d.exec("const w=document.querySelector('.ant-modal-wrap');w.scrollTop=w.scrollHeight;");
  const away = await rect(d, '[data-testid="field-name"]');
  await clickFree(d, '[data-testid="customer-save"]');
  await d.waitText('[data-testid="customer-form"]', (t) => t.includes("请填写"));
  const at = await rect(d, '[data-testid="field-name"]');
  assert.ok(at.top >= 0 && at.bottom <= at.vh, `name box in view: ${JSON.stringify(at)} (was ${away.top})`);
  const focused = await d.exec("return document.activeElement && document.activeElement.getAttribute('data-testid');");
  assert.equal(focused, "field-name");
});

step("a 10,000-character name is refused with both lengths, and kept whole in the box", async (d) => {
  const before = await invoke(d, "db_info", {});
  await setValue(d, '[data-testid="field-name"]', "名".repeat(10000));
  await clickFree(d, '[data-testid="customer-save"]');
  await d.waitText('[data-testid="customer-form"]', (t) => t.includes("「客户名称」最多 200 字，当前 10,000 字"), 20000);
  const kept = await d.exec("return document.querySelector('[data-testid=field-name]').value.length;");
  assert.equal(kept, 10000, "not cut");
  assert.equal((await invoke(d, "db_info", {})).customers, before.customers, "nothing saved");
  await clickFree(d, '[data-testid="customer-cancel"]');
});

step("scheme cards: 当前方案 clear of the buttons, titles whole", async (d) => {
  await d.click('[data-testid="nav-schemes"]');
  await d.find('[data-testid="active-scheme-tag"]', { timeout: 20000 });
  const check = await d.exec(
    "const tag=document.querySelector('[data-testid=active-scheme-tag]').getBoundingClientRect();" +
      "const over=[...document.querySelectorAll('.scheme-card button')].filter((b)=>{const r=b.getBoundingClientRect();return !(r.right<=tag.left||r.left>=tag.right||r.bottom<=tag.top||r.top>=tag.bottom);}).map((b)=>b.innerText);" +
      "const cut=[...document.querySelectorAll('[data-testid^=scheme-title-]')].filter((t)=>{const h=t.closest('.ant-card-head-title');return t.getBoundingClientRect().right>h.getBoundingClientRect().right+1||h.scrollWidth>h.clientWidth+1;}).map((t)=>t.innerText);" +
      "const titles=[...document.querySelectorAll('[data-testid^=scheme-title-]')].map((t)=>t.innerText);" +
      "return {over,cut,titles};",
  );
  assert.deepEqual(check.over, [], `no button under 当前方案: ${JSON.stringify(check)}`);
  assert.deepEqual(check.cut, [], `titles whole: ${JSON.stringify(check)}`);
  // Every scheme's whole name is shown, as the store has it (some names hold a … of their own).
  const schemes = await invoke(d, "schemes", {});
  for (const s of schemes) assert.ok(check.titles.some((t) => t.startsWith(`${s.name} · v${s.version}`)), `${s.name} whole in ${check.titles}`);
  assert.ok(check.titles.some((t) => t.includes("金属四级（青铜/白银/黄金/铂金）")), `the long title is there: ${check.titles}`);
  await shot(d, "ux-schemes-1280.png");
});

step("the preview heads its distribution 建议等级 and its matrix with one backslash", async (d) => {
  await d.click('[data-testid="nav-evaluate"]');
  await clickFree(d, '[data-testid="run-preview"]');
  await d.find('[data-testid="movement-matrix"]', { timeout: 60000, visible: false });
  const corner = await d.exec("return document.querySelector('[data-testid=matrix-corner]').textContent;");
  assert.equal(corner, "原等级 \\ 新等级");
  const heads = await d.exec("return [...document.querySelectorAll('[data-testid=evaluation-preview] .ant-table thead th')].map((t)=>t.innerText.trim());");
  assert.ok(heads.includes("建议等级"), `${heads}`);
  assert.ok(!heads.includes("当前等级"), `${heads}`);
  const labels = await d.exec("return [...document.querySelectorAll('[data-testid=tier-chart] svg text')].map((t)=>t.textContent);");
  const tiers = await d.exec("return [...document.querySelectorAll('[data-testid=evaluation-preview] .ant-table tbody tr')].length;");
  assert.ok(tiers > 0);
  const counts = await d.exec("return [...document.querySelectorAll('[data-testid=evaluation-preview] .ant-table tbody td:nth-child(2)')].map((t)=>t.innerText);");
  for (const c of counts) assert.match(c, /^\d{1,3}(,\d{3})*$/, `count ${c}`);
  assert.ok(labels.length >= tiers, `every bar named: ${labels}`);
});

step("a batch applied in the app names 我的名字", async (d) => {
  await d.click('[data-testid="apply-evaluation"]');
  const text = await d.waitText('[data-testid="apply-confirm-text"]', (t) => t.includes("1,200 位客户"), 30000);
  await d.click('[data-testid="confirm-apply"]');
  await d.waitText('[data-testid="batches"]', (t) => t.includes("#1") && t.includes(NAME), 60000);
  const batches = await invoke(d, "batches", {});
  assert.equal(batches[0].applied_by, NAME);
  assert.equal(batches[0].customers, 1200);
  // The count announced is the count recorded.
  assert.ok(text.includes(`其中 ${batches[0].moved.toLocaleString("en-US")} 位客户等级会变化`), `${text} / moved ${batches[0].moved}`);
});

step("undoing asks first, with the batch's title and 1,200 customers from the store", async (d) => {
  const plan = await invoke(d, "undo_plan", {});
  assert.equal(plan.customers, 1200);
  assert.match(plan.title, /^\d{4}年.*评级$/);
  await d.click('[data-testid="undo-batch"]');
  const text = await d.waitText('[data-testid="undo-confirm-text"]', (t) => t.includes("恢复原状"));
  assert.equal(text.trim(), `撤销批次 “${plan.title}” 将把 1,200 位客户的等级恢复原状，确定？`);
  await shot(d, "ux-undo-1280.png");
  assert.equal((await invoke(d, "batches", {}))[0].undone_at, null, "nothing undone before the answer");
  await d.click('[data-testid="confirm-undo"]');
  await d.waitText('[data-testid="batches"]', (t) => t.includes("已撤销"));
  assert.notEqual((await invoke(d, "batches", {}))[0].undone_at, null);
});
