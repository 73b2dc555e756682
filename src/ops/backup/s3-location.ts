/**
 * `s3://bucket/key`: where `backup` uploads and `restore` downloads when the file argument names S3 (or an
 * S3-compatible store: AGENTIC_SDLC_S3_ENDPOINT, see s3-store.ts). Anything else is a local path.
 */
export interface S3Location {
  bucket: string;
  key: string;
}

export function parseS3Url(text: string): S3Location | undefined {
  if (!text.startsWith('s3://')) return undefined;
  const rest = text.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const key = slash < 0 ? '' : rest.slice(slash + 1);
  if (!bucket || !key || key.endsWith('/')) {
    throw new Error(`${text}: expected s3://<bucket>/<key>, the key naming the backup object (e.g. s3://backups/agentic-sdlc/state-2025-01-31.db)`);
  }
  return { bucket, key };
}

export const s3Url = (location: S3Location): string => `s3://${location.bucket}/${location.key}`;
