/** The setup mode's pages: plain HTML, no scripts or external assets, every value escaped. */

export function setupPage(options: { createAppUrl: string; manifest: object; webhookUrl: string }): string {
  return page(
    'Create the GitHub App',
    `<p>agentic-sdlc is running without a GitHub App (no <code>APP_ID</code> / <code>PRIVATE_KEY</code>).
  The button below asks GitHub to create one from <code>app.yml</code>: the permissions and events the app uses, nothing more.
  Its webhooks will be sent to <code>${escapeHtml(options.webhookUrl)}</code>.</p>
  <form action="${escapeHtml(options.createAppUrl)}" method="post">
    <input type="hidden" name="manifest" value="${escapeHtml(JSON.stringify(options.manifest))}">
    <button type="submit">Create the GitHub App on GitHub</button>
  </form>
  <p>GitHub then sends you back here; <code>APP_ID</code>, <code>PRIVATE_KEY</code> and <code>WEBHOOK_SECRET</code> are written to <code>.env</code>.
  To use an existing App instead, set those variables and restart.</p>`,
  );
}

export function createdPage(options: { name: string; installUrl: string; envFile: string }): string {
  return page(
    'GitHub App created',
    `<p>The App <strong>${escapeHtml(options.name)}</strong> was created and its credentials written to <code>${escapeHtml(options.envFile)}</code>.</p>
  <p>Restart <code>agentic-sdlc serve</code>, then <a href="${escapeHtml(options.installUrl)}">install the App on your repositories</a>.</p>`,
  );
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>agentic-sdlc: ${escapeHtml(title)}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
  <h1>${escapeHtml(title)}</h1>
  ${body}
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
