/** The doctor's report as Markdown (people, the VS Code view), JSON (scripts) and JUnit XML (CI). */
import type { CheckStatus, DoctorCheck, DoctorReport } from './types';

export type ReportFormat = 'md' | 'json' | 'junit';

// Text symbols every UI font has (emoji fall back to empty boxes on machines without an emoji font).
const ICON: Record<CheckStatus, string> = { pass: '✓ pass', fail: '✗ FAIL', warn: '⚠ warn', skip: '– skip' };

function mdEscape(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}

export function toMarkdown(report: DoctorReport): string {
  const s = report.summary;
  const lines = [
    '# Receiver doctor report',
    '',
    `**${s.failed === 0 ? 'Ready for Microsoft Graph' : `${s.failed} rule${s.failed === 1 ? '' : 's'} failed`}** — ${s.passed} passed, ${s.failed} failed, ${s.warnings} warnings, ${s.skipped} skipped${report.strict ? ' (strict mode)' : ''}.`,
    '',
    `- Notification URL: \`${report.notificationUrl}\``,
    ...(report.lifecycleUrl ? [`- Lifecycle URL: \`${report.lifecycleUrl}\``] : []),
    `- Started ${report.startedAt}, took ${(report.durationMs / 1000).toFixed(1)} s`,
    '',
    '| Result | Rule | Finding |',
    '| --- | --- | --- |',
    ...report.checks.map((c) => `| ${ICON[c.status]} | ${mdEscape(c.title)} | ${c.kind ? `\`${c.kind}\`: ` : ''}${mdEscape(c.summary)} |`),
    '',
  ];
  for (const c of report.checks) {
    if (c.status === 'pass' && c.evidence.length === 0) continue;
    lines.push(`## ${ICON[c.status]} — ${mdEscape(c.title)}`, '', `${c.kind ? `**${c.kind}**: ` : ''}${mdEscape(c.summary)}`, '');
    if (c.fix && (c.status === 'fail' || c.status === 'warn')) lines.push(`**Fix:** ${mdEscape(c.fix)}`, '');
    if (c.evidence.length) lines.push('Evidence:', '', ...c.evidence.map((e) => `- ${mdEscape(e)}`), '');
    lines.push(`<sub>rule \`${c.id}\` · ${c.durationMs} ms</sub>`, '');
  }
  lines.push('## What the doctor cannot see', '', ...report.limits.map((l) => `- ${mdEscape(l)}`), '');
  return lines.join('\n');
}

export function toJson(report: DoctorReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function xml(text: string): string {
  // Control characters other than tab/newline are not allowed in XML 1.0.
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function testcase(c: DoctorCheck): string {
  const head = `    <testcase classname="graph.doctor.${c.group}" name="${xml(`${c.id}: ${c.title}`)}" time="${(c.durationMs / 1000).toFixed(3)}"`;
  const details = [c.summary, ...(c.fix ? [`Fix: ${c.fix}`] : []), ...c.evidence.map((e) => `- ${e}`)].join('\n');
  switch (c.status) {
    case 'fail':
      return `${head}>\n      <failure message="${xml(c.summary)}" type="${c.kind ?? 'failure'}">${xml(details)}</failure>\n    </testcase>`;
    case 'skip':
      return `${head}>\n      <skipped message="${xml(c.summary)}"/>\n    </testcase>`;
    case 'warn':
      return `${head}>\n      <system-out>${xml(`WARNING (${c.kind ?? 'warn'}): ${details}`)}</system-out>\n    </testcase>`;
    default:
      return `${head}>\n      <system-out>${xml(details)}</system-out>\n    </testcase>`;
  }
}

export function toJUnit(report: DoctorReport): string {
  const s = report.summary;
  const total = report.checks.length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="Graph receiver doctor" tests="${total}" failures="${s.failed}" skipped="${s.skipped}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    `  <testsuite name="${xml(`graph-receiver-doctor ${report.notificationUrl}`)}" tests="${total}" failures="${s.failed}" errors="0" skipped="${s.skipped}" timestamp="${report.startedAt}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    ...report.checks.map(testcase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

export function render(report: DoctorReport, format: ReportFormat): string {
  return format === 'json' ? toJson(report) : format === 'junit' ? toJUnit(report) : toMarkdown(report);
}

/** One line per check for a terminal. */
export function toConsole(report: DoctorReport): string {
  const tag: Record<CheckStatus, string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skip: 'SKIP' };
  const lines = report.checks.map((c) => `${tag[c.status]} ${c.id}${c.kind && c.status !== 'pass' ? ` [${c.kind}]` : ''}: ${c.summary}${c.fix && c.status === 'fail' ? `\n     fix: ${c.fix}` : ''}`);
  const s = report.summary;
  lines.push(`Checks: ${s.passed} passed, ${s.failed} failed, ${s.warnings} warnings, ${s.skipped} skipped${report.strict ? " (strict)" : ""}`);
  return lines.join('\n');
}
