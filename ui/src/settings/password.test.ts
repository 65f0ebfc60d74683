import { describe, expect, it } from "vitest";
import { passwordProblem, type PasswordAction } from "./password";

describe("passwordProblem", () => {
  const cases: [PasswordAction, string, string, string, ReturnType<typeof passwordProblem>][] = [
    ["set", "", "", "", "passwordMissing"],
    ["set", "", "abc", "", "passwordMissing"],
    ["set", "", "abc", "abd", "passwordMismatch"],
    ["set", "", "abc", "abc", null],
    ["set", "ignored", "abc", "abc", null],
    ["change", "", "abc", "abc", "passwordMissing"],
    ["change", "old", "", "", "passwordMissing"],
    ["change", "old", "abc", "ab", "passwordMismatch"],
    ["change", "old", "abc", "abc", null],
    ["remove", "", "", "", "passwordMissing"],
    ["remove", "old", "", "", null],
    ["remove", "old", "x", "y", null],
  ];
  it.each(cases)("%s current=%j new=%j again=%j", (action, current, next, again, expected) => {
    expect(passwordProblem(action, { current, next, again })).toBe(expected);
  });
});
