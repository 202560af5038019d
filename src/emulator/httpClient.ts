/** A minimal POST with a hard timeout over keep-alive agents (fast enough for the bench). */
import * as http from 'node:http';
import * as https from 'node:https';

export interface PostResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export class TimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`No response within ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}

export class HttpPoster {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });

  post(url: URL, body: string, contentType: string, timeoutMs: number, maxResponseBytes = 1 << 20): Promise<PostResult> {
    const isHttps = url.protocol === 'https:';
    const transport = isHttps ? https : http;
    const payload = Buffer.from(body, 'utf8');
    return new Promise<PostResult>((resolve, reject) => {
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      const req = transport.request(
        url,
        {
          method: 'POST',
          agent: isHttps ? this.httpsAgent : this.httpAgent,
          headers: { 'Content-Type': contentType, 'Content-Length': String(payload.length), 'User-Agent': 'graph-subscriptions-emulator' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size <= maxResponseBytes) chunks.push(c);
          });
          res.on('end', () =>
            finish(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') })),
          );
          res.on('error', (e) => finish(() => reject(e)));
        },
      );
      const timer = setTimeout(() => {
        finish(() => reject(new TimeoutError(timeoutMs)));
        req.destroy();
      }, timeoutMs);
      req.on('error', (e) => finish(() => reject(e)));
      req.end(payload);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
