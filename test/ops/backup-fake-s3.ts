import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';

/**
 * A small S3 over HTTP for the backup tests, answering PutObject, GetObject and HeadObject path-style
 * (`/<bucket>/<key>`) as S3 and MinIO do: XML errors (NoSuchKey, NoSuchBucket, AccessDenied), ETag as the body's
 * MD5, HEAD without a body. Every request must carry a SigV4 `authorization` header for the expected access key
 * and region, or it is refused 403 as S3 would; the requests are recorded for the tests to inspect.
 */
export interface FakeS3 {
  url: string;
  objects: Map<string, Buffer>;
  requests: { method: string; path: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

export async function startFakeS3(options: { bucket: string; accessKeyId: string; region: string }): Promise<FakeS3> {
  const objects = new Map<string, Buffer>();
  const requests: FakeS3['requests'] = [];
  const credential = new RegExp(
    `^AWS4-HMAC-SHA256 Credential=${options.accessKeyId}/\\d{8}/${options.region}/s3/aws4_request, ?SignedHeaders=[a-z0-9;-]+, ?Signature=[0-9a-f]{64}$`,
  );

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://s3').pathname);
      const authorization = req.headers.authorization;
      requests.push({ method: req.method ?? '', path, authorization });
      const [, bucket, ...rest] = path.split('/');
      const key = rest.join('/');
      if (!authorization || !credential.test(authorization) || !req.headers['x-amz-date']) return error(res, req, 403, 'AccessDenied', 'Access Denied');
      if (bucket !== options.bucket) return error(res, req, 404, 'NoSuchBucket', 'The specified bucket does not exist');
      const stored = objects.get(key);
      switch (req.method) {
        case 'PUT': {
          const body = Buffer.concat(chunks);
          objects.set(key, body);
          res.writeHead(200, { etag: etag(body) }).end();
          return;
        }
        case 'HEAD':
        case 'GET':
          if (!stored) return error(res, req, 404, 'NoSuchKey', 'The specified key does not exist.');
          res.writeHead(200, {
            'content-type': 'application/octet-stream',
            'content-length': String(stored.length),
            etag: etag(stored),
            'last-modified': new Date().toUTCString(),
          });
          res.end(req.method === 'GET' ? stored : undefined);
          return;
        default:
          error(res, req, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    objects,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const etag = (body: Buffer) => `"${createHash('md5').update(body).digest('hex')}"`;

/** S3's error shape; a HEAD answer has the status only (S3 sends no body to HEAD). */
function error(res: ServerResponse, req: IncomingMessage, status: number, code: string, message: string): void {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>fake</RequestId></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', ...(req.method === 'HEAD' ? {} : { 'content-length': String(Buffer.byteLength(xml)) }) });
  res.end(req.method === 'HEAD' ? undefined : xml);
}
