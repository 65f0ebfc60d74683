import { describe, expect, it } from "vitest";
import { firstErrorName, showFirstError } from "./firstError";

type Field = { name: (string | number)[]; errors: string[]; warnings: string[] };
const field = (name: (string | number)[], errors: string[] = []): Field => ({ name, errors, warnings: [] });

function fakeForm(fields: Field[]) {
  const scrolled: { name: unknown; options: unknown }[] = [];
  return {
    scrolled,
    getFieldsError: () => fields,
    scrollToField: (name: unknown, options: unknown) => { scrolled.push({ name, options }); },
  };
}

describe("the first error of a long form", () => {
  it("is the first field in the form's order that has an error, not the last one touched", () => {
    const form = fakeForm([field(["name"], ["请填写「客户名称」"]), field(["phone"]), field(["email"], ["格式不对"])]);
    expect(firstErrorName(form as never)).toBe("name");
  });

  it("keeps a nested name as a path (custom fields)", () => {
    const form = fakeForm([field(["name"]), field(["fields", "vip_no"], ["不是数字"])]);
    expect(firstErrorName(form as never)).toEqual(["fields", "vip_no"]);
  });

  it("is scrolled to the middle and focused, exactly once", () => {
    const form = fakeForm([field(["code"]), field(["name"], ["「客户名称」最多 200 字，当前 10,000 字"])]);
    expect(showFirstError(form as never)).toBe(true);
    expect(form.scrolled).toEqual([{ name: "name", options: { block: "center", focus: true } }]);
  });

  it("does nothing when no field has an error", () => {
    const form = fakeForm([field(["code"]), field(["name"])]);
    expect(showFirstError(form as never)).toBe(false);
    expect(form.scrolled).toEqual([]);
  });
});
