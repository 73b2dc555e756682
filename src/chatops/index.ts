/** The `/sdlc` commands every chat surface shares, behind small ports each surface implements. */
export { tokenize, parseCommandText, parseCommentCommand } from './grammar.js';
export { parseRepoRef, type RepoRef } from './repo-ref.js';
export { CORE_COMMANDS, commandTable, suggestCommand, type ChatCommand, type CommandsOf } from './command-table.js';
export { helpText, type TextFormat } from './help.js';
export type { AccessDecision, CommandAccess } from './access.js';
export type { CommandReplies } from './replies.js';
export type { ChatOutcome, SubmittedRun } from './outcome.js';
export { badInputsText, badPairText, unknownCommandText, unknownWorkflowText } from './messages.js';
export { runChatCommand, type BuiltinHandler, type ChatCommandContext } from './run-command.js';
