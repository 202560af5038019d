/**
 * How an app registration is named to the user: its display name when it has one, else
 * "tenant · client id" shortened ("contoso.onmicrosoft.com · 1a2b3c4d…"), never a bare GUID.
 * No `vscode` import.
 */
import { CLOUDS, type RealCloud } from './clouds';
import type { MsalFlow } from './msalClient';

export interface LabelledRegistration {
  label?: string;
  clientId: string;
  tenantId: string;
}

const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

function short(id: string): string {
  return GUID.test(id) ? `${id.slice(0, 8)}…` : id;
}

export function registrationLabel(reg: LabelledRegistration): string {
  const name = reg.label?.trim();
  if (name) return name;
  return `${short(reg.tenantId.trim())} · ${short(reg.clientId.trim())}`;
}

export const FLOW_NAMES: Record<MsalFlow, string> = {
  authorizationCode: 'browser sign-in',
  deviceCode: 'device code',
  clientSecret: 'client secret (app-only)',
  clientCertificate: 'client certificate (app-only)',
};

/** The line under a registration's name: how it signs in, where, and the full ids for the curious. */
export function registrationDescription(reg: LabelledRegistration & { flow: MsalFlow; cloud: RealCloud }): string {
  const cloud = reg.cloud === 'global' ? '' : ` · ${CLOUDS[reg.cloud].label}`;
  return `${FLOW_NAMES[reg.flow]}${cloud} · tenant ${reg.tenantId} · client ${reg.clientId}`;
}
