import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Identity } from '../../lib/identity/identity.ts';
import { loadArchiveConfig } from '../config.ts';
import { DEFAULT_SESSION_SETTINGS, recentlyAuthenticated, sessionState, type UiSession } from './session.ts';

const MIN = 60_000;
const t0 = new Date('2026-11-20T08:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * MIN);
const session = (lastSeen: number, authenticated = 0): UiSession => ({
  identity: { userId: 'u' } as Identity,
  authMethod: 'card',
  csrfToken: 'x',
  createdAt: t0,
  lastSeenAt: at(lastSeen),
  authenticatedAt: at(authenticated),
});

describe('UI session rules', () => {
  it('ends after 15 idle minutes by default, counted from the last request', () => {
    assert.equal(sessionState(session(0), at(14.9), DEFAULT_SESSION_SETTINGS), 'active');
    assert.equal(sessionState(session(0), at(15), DEFAULT_SESSION_SETTINGS), 'idle-timeout');
    assert.equal(sessionState(session(100), at(110), DEFAULT_SESSION_SETTINGS), 'active');
  });
  it('ends at the absolute lifetime however active it is', () => {
    assert.equal(sessionState(session(599), at(600), DEFAULT_SESSION_SETTINGS), 'expired');
  });
  it('sensitive actions need a card check younger than the window', () => {
    assert.equal(recentlyAuthenticated(session(6, 0), at(4.9), DEFAULT_SESSION_SETTINGS), true);
    assert.equal(recentlyAuthenticated(session(6, 0), at(5), DEFAULT_SESSION_SETTINGS), false);
    assert.equal(recentlyAuthenticated(session(6, 6), at(7), DEFAULT_SESSION_SETTINGS), true);
  });
  it('reads the settings from the environment and names a bad one', () => {
    assert.deepEqual(settingsOf({}), DEFAULT_SESSION_SETTINGS);
    assert.equal(settingsOf({ ARKKI_SESSION_IDLE_MINUTES: '30' }).idleMs, 30 * MIN);
    assert.throws(() => settingsOf({ ARKKI_REAUTH_MINUTES: '0' }), /ARKKI_REAUTH_MINUTES.*between 1 and/);
    assert.throws(() => settingsOf({ ARKKI_SESSION_MAX_MINUTES: 'ten' }), /ARKKI_SESSION_MAX_MINUTES/);
  });
});

function settingsOf(env: Record<string, string>) {
  return loadArchiveConfig(env).session;
}
