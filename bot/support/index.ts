/**
 * Support: a parent talks to an operator through a forum topic of the staff group, and is
 * handed back to the bot where they were. Mounted from bot/parent/index.ts (two lines) and
 * system.ts (the reminders, and the outbox's deliverer of the posts that waited for the group's limit).
 */
export { supportGroup, isPrivateNote } from "./group.ts";
export { supportRelay } from "./relay.ts";
export { SUPPORT_GROUP_RATE, supportDeliverer } from "./deliverer.ts";
export { handBackUnreached } from "./resume.ts";
export { remindRound, remindWaitingParents, startSupportReminders, REMIND_AFTER_MINUTES } from "./reminders.ts";
