// The typed settings accessor's defaults are the manifest's: every ConfigKey has a schema entry
// with the same default and type, and every manifest setting has a ConfigKey.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_SECTION, ConfigKey } from '../../src/constants';
import { CONFIG_DEFAULTS } from '../../src/util/configSchema';

interface SettingSchema {
  type: string;
  default: unknown;
  enum?: unknown[];
}

function manifestSettings(): Record<string, SettingSchema> {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, SettingSchema> } | { properties: Record<string, SettingSchema> }[] };
  };
  const sections = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration : [pkg.contributes.configuration];
  return Object.assign({}, ...sections.map((s) => s.properties)) as Record<string, SettingSchema>;
}

const JS_TYPE: Record<string, string> = { boolean: 'boolean', integer: 'number', number: 'number', string: 'string', array: 'object', object: 'object' };

test('every ConfigKey has the manifest default and type, and every manifest setting has a ConfigKey', () => {
  const manifest = manifestSettings();
  for (const key of Object.values(ConfigKey)) {
    const schema = manifest[`${CONFIG_SECTION}.${key}`];
    assert.ok(schema, `package.json declares ${CONFIG_SECTION}.${key}`);
    assert.deepEqual(CONFIG_DEFAULTS[key], schema.default, `default of ${key}`);
    assert.equal(typeof CONFIG_DEFAULTS[key], JS_TYPE[schema.type], `type of ${key}`);
    if (schema.enum) assert.ok(schema.enum.includes(CONFIG_DEFAULTS[key]), `${key}'s default is one of its values`);
  }
  const known = new Set<string>(Object.values(ConfigKey).map((k) => `${CONFIG_SECTION}.${k}`));
  assert.deepEqual(Object.keys(manifest).filter((k) => !known.has(k)), [], 'settings without a ConfigKey');
});
