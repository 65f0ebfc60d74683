// A customer form's problems from Rust reach the form in English: each field
// problem's message (EN2) is rendered from the catalogue, never its Chinese.
import { describe, expect, it, vi } from "vitest";

vi.mock("@tauri-apps/api/core", () => ({ invoke: async () => null, Channel: class {} }));
vi.mock("@tauri-apps/api/event", () => ({ listen: async () => () => {} }));
vi.mock("@tauri-apps/api/webview", () => ({ getCurrentWebview: () => ({ onDragDropEvent: async () => () => {} }) }));
vi.mock("@tauri-apps/plugin-dialog", () => ({ open: async () => null, save: async () => null }));

localStorage.setItem("tierdesk.locale", "en-US");
const { asApiError } = await import("../ipc/api");
const { problemsToFields } = await import("./validate");

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

describe("a refused customer save in English", () => {
  it("shows every field's problem from its message, the form's own words where it has them", () => {
    const err = asApiError({
      code: "invalid",
      message: "请填写「客户名称」；「联系方式」不是有效的电话号码：'12345'",
      problems: [
        { field: "name", message: "请填写「客户名称」", msg: { key: "field.name_required", params: {} } },
        { field: "phone", message: "「联系方式」不是有效的电话号码：'12345'", msg: { key: "field.phone", params: { value: "12345" } } },
        { field: "name", message: "「客户名称」最多 200 字，当前 201 字", msg: { key: "field.too_long", params: { label: "客户名称", max: "200", len: "201" } } },
        { field: "grade", message: "「等级」只能是 甲、乙 之一，而不是 '丙'", msg: { key: "field.custom_choice", params: { label: "Grade", choices: "A, B", value: "C" } } },
        { field: "tier_reason", message: "请填写调整等级的原因", msg: null },
      ],
      msg: null,
    });
    const fields = problemsToFields(err, { tier_reason: "Please give a reason" });
    expect(fields).toEqual([
      { name: "name", errors: ["Please fill in the customer name", "Too long: at most 200 characters, now 201"] },
      { name: "phone", errors: [expect.stringMatching(/^Not a valid phone number: “12345” \(/)] },
      { name: ["fields", "grade"], errors: ["“Grade” must be one of A, B, not “C”"] },
      { name: "tier_reason", errors: ["Please give a reason"] },
    ]);
    for (const f of fields) for (const e of f.errors) expect(CJK.test(e), e).toBe(false);
  });
});
