import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { renewChoices, shortenQuestion } from '../../src/tree/renewChoices';

const now = new Date('2030-01-01T00:00:00Z');
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);
const iso = (d: Date) => d.toISOString();

test('each choice sets the expiry counted from now and is named that way', () => {
  const choices = renewChoices(days(28), now, { expiration: days(29), known: true }, iso);
  assert.deepEqual(
    choices.map((c) => c.label),
    ['Set expiry to the maximum', 'Set expiry to 1 hour from now', 'Set expiry to 1 day from now', 'Set expiry to 3 days from now', 'Set expiry to 7 days from now', 'Set expiry to a date and time…'],
  );
  assert.equal(choices[1].at?.toISOString(), '2030-01-01T01:00:00.000Z');
});

test('choices that end the subscription sooner than now say so; later ones do not', () => {
  const choices = renewChoices(days(28), now, { expiration: days(29), known: true }, iso);
  for (const c of choices.filter((x) => x.at)) {
    const shorter = c.at!.getTime() < days(28).getTime();
    assert.equal(c.shortens, shorter, c.label);
    assert.equal(/shorter: now it expires in 28 d/.test(c.description ?? ''), shorter, `${c.label}: ${c.description}`);
  }
  const fresh = renewChoices(new Date(now.getTime() + 30 * 60_000), now, { expiration: days(29), known: true }, iso);
  assert.ok(fresh.every((c) => !c.shortens), 'a subscription about to expire: every choice extends it');
});

test('no choice beyond the maximum; an unknown resource says which maximum is assumed', () => {
  const choices = renewChoices(days(0.5), now, { expiration: days(2), known: false }, iso);
  assert.deepEqual(choices.map((c) => c.label), ['Set expiry to the maximum', 'Set expiry to 1 hour from now', 'Set expiry to 1 day from now', 'Set expiry to a date and time…']);
  assert.match(choices[0].description ?? '', /4,230 min/);
});

test('the shorten confirmation names the resource, the current and the new expiry', () => {
  const q = shortenQuestion('users', days(28), new Date(now.getTime() + 3_600_000), now, iso);
  assert.equal(q.message, 'Shorten the subscription to users?');
  assert.match(q.detail, /expires in 28 d now .*after this it expires in 1 h/);
});
