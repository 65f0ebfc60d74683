import { describe, expect, it } from "vitest";
import dayjs from "dayjs";
import { contactChoice, contactQuery } from "./ContactFilter";
import { toDraft } from "./FollowupForm";
import { FIRST_QUERY } from "../customers/firstQuery";

describe("the list's contact filter", () => {
  const today = "2026-11-30";
  const cases: [string, string | null, string | null][] = [
    ["", null, null],
    ["days:30", "2026-10-31", null],
    ["days:90", "2026-09-01", null],
    ["days:180", "2026-06-03", null],
    ["due", null, "2026-11-30"],
  ];
  it.each(cases)("%s asks for last contact before %s and next contact by %s", (choice, before, by) => {
    const q = contactQuery(choice, today);
    expect([q.last_contact_before, q.next_contact_by]).toEqual([before, by]);
    // The select shows what the query holds.
    expect(contactChoice({ ...FIRST_QUERY, ...q }, today)).toBe(choice);
  });
});

describe("the follow-up form's draft", () => {
  it("sends times as text, the next date as a day and the to-do it answers", () => {
    const d = toDraft(
      {
        channel: "visit",
        at: dayjs("2026-11-30T14:05:00"),
        who: "",
        contact_id: 3,
        contact_name: "李总",
        subject: "",
        content: "上门拜访",
        outcome: "",
        next_step: "寄合同",
        next_contact_on: dayjs("2026-12-14T00:00:00"),
      },
      7,
    );
    expect(d).toEqual({
      channel: "visit",
      at: "2026-11-30 14:05:00",
      who: "",
      contact_id: 3,
      contact_name: "李总",
      subject: "",
      content: "上门拜访",
      outcome: "",
      next_step: "寄合同",
      next_contact_on: "2026-12-14",
      todo_id: 7,
    });
    const empty = toDraft({
      channel: "phone", at: null, who: "", contact_id: null, contact_name: "", subject: "", content: "", outcome: "", next_step: "",
      next_contact_on: null,
    });
    expect([empty.at, empty.next_contact_on, empty.todo_id]).toEqual([null, null, null]);
  });
});
