/**
 * The one username rule: the API's schema (routes.ts), `rampart server init --admin-name` and
 * `rampart server admin-token --name` all check it. Linear: one anchored character class run.
 */
export const USERNAME_PATTERN = '^[a-z][a-z0-9._-]{0,63}$';
export const USERNAME_RE = new RegExp(USERNAME_PATTERN);
/** What the rule asks for, for messages. */
export const USERNAME_RULE = "must be 1 to 64 characters: lowercase letters, digits, '.', '_' and '-', starting with a letter";
