import type { AccessDecision, CommandAccess } from '../../chatops/index.js';
import type { SlackConfig } from '../../config/integrations.js';

export interface SlackAccessDeps {
  access: SlackConfig['access'];
  command: string;
  /** Where the command was typed. */
  channelId: string;
  /** The repository the command names, if any. */
  repo: string | undefined;
  usergroupMembers(groupId: string): Promise<string[]>;
  installedOn(repo: string): Promise<boolean>;
}

/**
 * Who may run a command from Slack: the command's allow list (or the default one) by channel, then by user or
 * user-group membership; empty lists allow everyone in the workspace. Then, whoever asks, a named repository
 * must have the GitHub App installed: a Slack user never reaches a repository the App cannot see.
 */
export function slackAccess(deps: SlackAccessDeps): CommandAccess {
  return {
    async decide(user, command): Promise<AccessDecision> {
      const list = Object.hasOwn(deps.access.commands, command) ? deps.access.commands[command]! : deps.access.default;
      const typed = `\`${deps.command} ${command}\``;
      if (list.channels.length > 0 && !list.channels.includes(deps.channelId)) {
        const where = list.channels.map((id) => `<#${id}>`).join(', ');
        return refuse('channel not allowed', `${typed} may only be used in ${where}.`);
      }
      if ((list.users.length > 0 || list.userGroups.length > 0) && !(await isListed(deps, list, user))) {
        return refuse('user not allowed', `<@${user}>, you are not on the list of people who may use ${typed}; ask a workspace admin to add you (slack.access in the agentic-sdlc configuration).`);
      }
      if (deps.repo !== undefined && !(await deps.installedOn(deps.repo))) {
        return refuse('app not installed', `The agentic-sdlc GitHub App is not installed on \`${deps.repo}\` (or the repository does not exist), so it cannot be reached from Slack. Install the App on the repository, then try again.`);
      }
      return { allowed: true };
    },
  };
}

async function isListed(deps: SlackAccessDeps, list: SlackConfig['access']['default'], user: string): Promise<boolean> {
  if (list.users.includes(user)) return true;
  for (const group of list.userGroups) if ((await deps.usergroupMembers(group)).includes(user)) return true;
  return false;
}

function refuse(reason: string, message: string): AccessDecision {
  return { allowed: false, reason, message };
}
