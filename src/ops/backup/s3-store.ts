import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { BackupError } from './backup-error.js';
import { s3Url, type S3Location } from './s3-location.js';

/**
 * Backup files to and from S3 or an S3-compatible store (MinIO, Ceph, R2…). Credentials come from the AWS SDK's
 * default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, web identity, instance roles); the region
 * from AWS_REGION; AGENTIC_SDLC_S3_ENDPOINT names another store, addressed path-style (`<endpoint>/<bucket>/<key>`)
 * as MinIO needs, in region us-east-1 unless AWS_REGION says otherwise. Checksums only where S3 requires them:
 * the SDK's newer default trailing checksums are not understood by every S3-compatible store.
 */
export class S3Store {
  private readonly client: S3Client;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    // The SDK warns on every start under Node 20 that its releases of 2027 will need Node 22; which Node this
    // package supports is its `engines` field's business, and the operator can do nothing about the warning.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const endpoint = env.AGENTIC_SDLC_S3_ENDPOINT || undefined;
    const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || (endpoint ? 'us-east-1' : undefined);
    this.client = new S3Client({
      ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
      ...(region ? { region } : {}),
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async exists(location: S3Location): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: location.bucket, Key: location.key }));
      return true;
    } catch (error) {
      if (notFound(error)) return false;
      throw failure('HeadObject', location, error);
    }
  }

  async upload(file: string, location: S3Location): Promise<void> {
    const body = createReadStream(file);
    try {
      await this.client.send(new PutObjectCommand({ Bucket: location.bucket, Key: location.key, Body: body, ContentLength: statSync(file).size }));
    } catch (error) {
      throw failure('PutObject', location, error);
    } finally {
      body.destroy();
    }
  }

  /** Into `file`, which the caller created private (0600): the download writes into it, keeping its mode. */
  async download(location: S3Location, file: string): Promise<void> {
    try {
      const { Body } = await this.client.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
      if (!(Body instanceof Readable)) throw new Error('the response has no body');
      await pipeline(Body, createWriteStream(file, { flags: 'r+' }));
    } catch (error) {
      if (notFound(error)) throw new BackupError(`no backup at ${s3Url(location)} (S3 answered NoSuchKey)`);
      throw failure('GetObject', location, error);
    }
  }

  close(): void {
    this.client.destroy();
  }
}

function notFound(error: unknown): boolean {
  return error instanceof S3ServiceException && (error.name === 'NotFound' || error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404);
}

function failure(operation: string, location: S3Location, error: unknown): BackupError {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const hint = /credential/i.test(`${name} ${message}`)
    ? ' (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE)'
    : /region/i.test(message)
      ? ' (set AWS_REGION)'
      : '';
  return new BackupError(`S3 ${operation} ${s3Url(location)} failed: ${name}: ${message}${hint}`);
}
