/**
 * Component-tagged logging with secret masking, free of `vscode` so the domain can log too.
 * The VS Code adapter (`vscodeLogger.ts`) writes to the LogOutputChannel; tests use `MemoryLogSink`.
 */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface LogSink {
  write(level: LogLevel, line: string): void;
}

export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  /** A logger whose lines carry `[component]`, sharing this logger's sink and secrets. */
  child(component: string): Logger;
  /** Registers a secret value (client secret, authtoken, clientState…) that must never be written. */
  addSecret(value: string | undefined): void;
}

// JWTs (three base64url parts), bearer tokens and PEM private keys are masked wherever they appear.
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi;
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;
const VALIDATION_TOKEN = /(validationToken=)([^&\s"]+)/gi;

/** Shortens a value to a recognisable but useless prefix: `abcd…(40 chars)`. */
export function maskValue(value: string): string {
  if (value.length <= 4) return '****';
  return `${value.slice(0, 4)}…(${value.length} chars)`;
}

export class SecretRedactor {
  private readonly secrets = new Set<string>();

  add(value: string | undefined): void {
    // Very short values would mask ordinary words; they are not secrets worth the noise.
    if (value && value.length >= 6) this.secrets.add(value);
  }

  redact(text: string): string {
    let out = text
      .replace(PRIVATE_KEY, '[private key redacted]')
      .replace(JWT, (m) => `[jwt ${maskValue(m)}]`)
      .replace(BEARER, (_m, p: string) => `${p}[redacted]`)
      .replace(VALIDATION_TOKEN, (_m, p: string, v: string) => `${p}${maskValue(v)}`);
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join('[secret redacted]');
    }
    return out;
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

export function createLogger(sink: LogSink, component?: string, redactor = new SecretRedactor()): Logger {
  const prefix = component ? `[${component}] ` : '';
  const emit = (level: LogLevel, message: string) => sink.write(level, redactor.redact(prefix + message));
  return {
    trace: (m) => emit('trace', m),
    debug: (m) => emit('debug', m),
    info: (m) => emit('info', m),
    warn: (m) => emit('warn', m),
    error: (m, e) => emit('error', e === undefined ? m : `${m}: ${describeError(e)}`),
    child: (name) => createLogger(sink, component ? `${component}/${name}` : name, redactor),
    addSecret: (v) => redactor.add(v),
  };
}

/** Keeps lines in memory: for unit tests and benchmarks. */
export class MemoryLogSink implements LogSink {
  readonly lines: { level: LogLevel; line: string }[] = [];
  write(level: LogLevel, line: string): void {
    this.lines.push({ level, line });
  }
  text(): string {
    return this.lines.map((l) => `${l.level} ${l.line}`).join('\n');
  }
}

/** Discards everything. */
export const nullLogger: Logger = createLogger({ write: () => undefined });
