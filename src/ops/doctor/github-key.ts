import { createPrivateKey } from 'node:crypto';
import type { Config } from '../../config/schema.js';
import { readPrivateKey } from '../../integrations/github/index.js';

const NEW_KEY = "generate a private key in the App's settings (Private keys) and set PRIVATE_KEY (or PRIVATE_KEY_FILE, PRIVATE_KEY_PATH) to the .pem file's content";

/**
 * Why the App's private key would fail at the first GitHub call, or undefined when it is a usable RSA key.
 * Read the way the App reads it (PEM, `\n`-escaped PEM or base64 of one; or the file at PRIVATE_KEY_PATH).
 * The messages never quote the key.
 */
export function privateKeyProblem(settings: Config['github']): { problem: string; fix: string } | undefined {
  let pem: string | undefined;
  try {
    pem = readPrivateKey(settings);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code) return { problem: `PRIVATE_KEY_PATH: cannot read ${settings.privateKeyPath} (${code})`, fix: 'point PRIVATE_KEY_PATH at the .pem file, readable by this user' };
    return { problem: 'PRIVATE_KEY is not a PEM private key (nor base64 of one)', fix: NEW_KEY };
  }
  if (pem === undefined) return undefined;
  let type: string | undefined;
  try {
    type = createPrivateKey(pem).asymmetricKeyType;
  } catch {
    return { problem: 'PRIVATE_KEY looks like PEM but does not parse as a private key (cut short, or its line breaks lost?)', fix: NEW_KEY };
  }
  if (type !== 'rsa') return { problem: `PRIVATE_KEY is a${type === 'ec' || type === 'ed25519' ? 'n' : ''} ${type ?? 'unknown'} key; GitHub App keys are RSA`, fix: NEW_KEY };
  return undefined;
}
