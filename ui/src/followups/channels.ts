// The channels of a follow-up in the order people pick them, and their words.
import type { Channel } from "../ipc/api";
import type { T } from "../i18n";

export const CHANNELS: Channel[] = ["phone", "visit", "wechat", "meeting", "email", "other"];

const KEYS = {
  visit: "channelVisit",
  phone: "channelPhone",
  wechat: "channelWechat",
  meeting: "channelMeeting",
  email: "channelEmail",
  other: "channelOther",
} as const;

export const channelLabel = (t: T, c: Channel): string => t(KEYS[c]);
