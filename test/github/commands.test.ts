import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import { API, mockNoRepoConfig, mockRepoConfig, mockToken, type Rig, useRig, commandComment, mockPermission, mockReaction } from './helpers.js';

const REPO = '/repos/Codertocat/Hello-World';

let rig: Rig;
let replies: string[];
useRig((created) => (rig = created));
beforeEach(() => {
  replies = [];
});

function mockReply() {
  nock(API)
    .post(`${REPO}/issues/1/comments`, (body: { body: string }) => {
      replies.push(body.body);
      return true;
    })
    .reply(201, { id: 2, html_url: '' });
}

describe('/sdlc commands', () => {
  it('a writer runs /sdlc review on a PR: permission checked, 👀 reaction, review submitted', async () => {
    const payload = commandComment('/sdlc review');
    mockToken();
    mockNoRepoConfig();
    mockPermission('Codertocat', 'write');
    mockReaction(payload);
    nock(API)
      .post(`${REPO}/check-runs`)
      .reply(201, { id: 5 })
      .get(`${REPO}/pulls/1`)
      .reply(200, { head: { sha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821' } })
      .get(`${REPO}/pulls/1/files`)
      .query({ per_page: 100 })
      .reply(200, [])
      .get(`${REPO}/issues/1/comments`)
      .query({ per_page: 100 })
      .reply(200, [])
      .post(`${REPO}/issues/1/comments`)
      .reply(201, { id: 3, html_url: '' })
      .patch(`${REPO}/check-runs/5`)
      .reply(200, { id: 5 });

    await rig.receive('issue_comment', payload);
    await rig.settle();
    expect((await rig.runs('pr-review')).map((run) => run.status)).toEqual(['success']);
  });

  it('a reader gets a short polite reply and nothing runs', async () => {
    mockToken();
    mockNoRepoConfig();
    mockPermission('Codertocat', 'read');
    mockReply();
    await rig.receive('issue_comment', commandComment('/sdlc review'));
    await rig.settle();
    expect(replies).toEqual(['Sorry @Codertocat, only collaborators with write access or more can run `/sdlc` commands here.']);
    expect(await rig.runs('pr-review')).toEqual([]);
  });

  it('the deny list wins over write permission, without asking GitHub for it', async () => {
    mockToken();
    mockRepoConfig('commands:\n  denyUsers: [codertocat]\n');
    mockReply();
    await rig.receive('issue_comment', commandComment('/sdlc review'));
    await rig.settle();
    expect(replies[0]).toMatch(/^Sorry @Codertocat/);
    expect(await rig.runs('pr-review')).toEqual([]);
  });

  it('the allow list lets a non-collaborator run commands', async () => {
    const payload = commandComment('/sdlc help', { login: 'outsider', type: 'User' });
    mockToken();
    mockRepoConfig('commands:\n  allowUsers: [outsider]\n');
    mockReaction(payload);
    mockReply();
    await rig.receive('issue_comment', payload);
    await rig.settle();
    expect(replies[0]).toContain('`/sdlc review`: runs `pr-review`');
    expect(replies[0]).toContain('`/sdlc triage`: runs `issue-triage`');
  });

  it('comments from bots, our own app included, never trigger anything', async () => {
    await rig.receive('issue_comment', commandComment('/sdlc review', { login: 'agentic-sdlc[bot]', type: 'Bot' }));
    await rig.receive('issue_comment', commandComment('/sdlc review', { login: 'dependabot[bot]', type: 'Bot' }));
    await rig.settle();
    // No GitHub call was mocked: nothing may have been asked, and nothing recorded.
    expect(await rig.runs()).toEqual([]);
  });

  it('a comment without a command is not recorded', async () => {
    await rig.receive('issue_comment', commandComment('Looks good to me, /sdlc review later maybe'));
    await rig.settle();
    expect(await rig.runs()).toEqual([]);
  });

  it('an unknown command gets a pointer to help', async () => {
    const payload = commandComment('/sdlc deploy');
    mockToken();
    mockNoRepoConfig();
    mockPermission('Codertocat', 'admin');
    mockReaction(payload);
    mockReply();
    await rig.receive('issue_comment', payload);
    await rig.settle();
    expect(replies).toEqual(['No workflow here answers `/sdlc deploy`. Try `/sdlc help`.']);
  });

  it('/sdlc run <workflow> key=value checks the inputs and explains a mistake', async () => {
    const payload = commandComment('/sdlc run pr-review colour=blue');
    mockToken();
    mockNoRepoConfig();
    mockPermission('Codertocat', 'maintain');
    mockReaction(payload);
    mockReply();
    await rig.receive('issue_comment', payload);
    await rig.settle();
    expect(replies[0]).toMatch(/^Cannot run `pr-review`:\n\n- unknown input 'colour' for workflow pr-review/);
  });

  it('a command turned off in the repository configuration is refused politely', async () => {
    mockToken();
    mockRepoConfig('commands:\n  allowed: [help]\n');
    mockReply();
    await rig.receive('issue_comment', commandComment('/sdlc review'));
    await rig.settle();
    expect(replies).toEqual(['Sorry @Codertocat, `/sdlc review` is not enabled in this repository. Try `/sdlc help`.']);
  });
});
