/**
 * Rule: TLS of an https endpoint: protocol version (Graph's `latestSupportedTlsVersion` defaults
 * to v1_2; v1_0 and v1_1 are deprecated) and a certificate Graph's client accepts: valid dates,
 * matching host name, a trusted chain (https://learn.microsoft.com/graph/api/resources/subscription).
 * Plain http is accepted by Graph nowhere but is fine for a loopback URL in CI.
 */
import * as tls from 'node:tls';
import { isIP } from 'node:net';
import { isLoopbackHost } from '../emulator/rules';
import type { DoctorCheck } from './types';

export interface TlsInput {
  url: string;
  timeoutMs: number;
  /** Tests only: trust this CA. */
  ca?: string | Buffer;
  now?: () => Date;
}

const OLD = new Set(['TLSv1', 'TLSv1.1', 'SSLv3']);
const EXPIRING_DAYS = 14;

export async function checkTls(input: TlsInput): Promise<DoctorCheck> {
  const url = new URL(input.url);
  const base = { id: 'tls', group: 'tls' as const, title: 'TLS protocol and certificate', evidence: [] as string[], durationMs: 0 };
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) {
      return { ...base, status: 'skip', summary: 'http on a loopback address: fine for local and CI checks; Graph itself calls only https URLs (your tunnel or public host).' };
    }
    return {
      ...base,
      status: 'fail',
      kind: 'httpNotHttps',
      summary: 'Graph refuses http notification URLs ("NotificationUrl scheme=\'http\' is not supported").',
      fix: 'Serve the webhook over https with a certificate from a public CA (or put a tunnel in front of it).',
    };
  }
  const started = performance.now();
  const port = Number(url.port || 443);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const servername = isIP(host) ? undefined : host;
  return new Promise<DoctorCheck>((resolve) => {
    const socket = tls.connect({ host, port, servername, ca: input.ca, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] });
    const done = (check: DoctorCheck) => {
      socket.destroy();
      clearTimeout(timer);
      resolve({ ...check, durationMs: Math.round(performance.now() - started) });
    };
    const timer = setTimeout(() => done({ ...base, status: 'fail', kind: 'unreachable', summary: `No TLS handshake within ${input.timeoutMs} ms.`, fix: 'Check that the host serves https on this port.' }), input.timeoutMs);
    socket.once('error', (e: NodeJS.ErrnoException) =>
      done({ ...base, status: 'fail', kind: e.code && /EPROTO|SSL|TLS/.test(`${e.code} ${e.message}`) ? 'oldTls' : 'unreachable', evidence: [`${e.code ?? ''} ${e.message}`.trim()], summary: `TLS handshake failed: ${e.message}.`, fix: 'Serve TLS 1.2 or 1.3 with a certificate from a public CA.' }),
    );
    socket.once('secureConnect', () => {
      const protocol = socket.getProtocol() ?? 'unknown';
      const cert = socket.getPeerCertificate();
      const evidence = [`Protocol ${protocol}, cipher ${socket.getCipher()?.name ?? '?'}`];
      if (cert && cert.subject) evidence.push(`Certificate for ${cert.subject.CN ?? '?'} issued by ${cert.issuer?.CN ?? cert.issuer?.O ?? '?'}, valid ${cert.valid_from} – ${cert.valid_to}`);
      if (OLD.has(protocol)) {
        return done({ ...base, evidence, status: 'fail', kind: 'oldTls', summary: `The endpoint negotiated ${protocol}; Graph uses TLS 1.2 unless a subscription asks otherwise, and 1.0/1.1 are deprecated.`, fix: 'Enable TLS 1.2 and 1.3 on the server and disable 1.0/1.1.' });
      }
      if (!socket.authorized) {
        const reason = String(socket.authorizationError ?? 'not trusted');
        return done({ ...base, evidence: [...evidence, `Not trusted: ${reason}`], status: 'fail', kind: 'badCertificate', summary: `Graph would not trust the certificate: ${reason}.`, fix: 'Use a certificate from a public CA that covers this host name, with the full chain, and not expired.' });
      }
      const notAfter = Date.parse(cert.valid_to);
      const now = (input.now ?? (() => new Date()))().getTime();
      if (Number.isFinite(notAfter) && notAfter - now < EXPIRING_DAYS * 86_400_000) {
        return done({ ...base, evidence, status: 'warn', kind: 'certificateExpiring', summary: `The certificate expires on ${new Date(notAfter).toISOString().slice(0, 10)}, within ${EXPIRING_DAYS} days.`, fix: 'Renew the certificate (or automate renewal).' });
      }
      done({ ...base, evidence, status: 'pass', summary: `${protocol} with a trusted certificate valid until ${new Date(notAfter).toISOString().slice(0, 10)}.` });
    });
  });
}
