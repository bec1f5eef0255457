import { expect, test } from 'vitest';
import { formatDuration, slaState } from './sla.js';

const HOUR = 3_600_000;

test('an ongoing breach is breached whatever the completed cycles say; time left, paused, completed and not started', () => {
  const goal = { goalDuration: { millis: 4 * HOUR, friendly: '4h 240m' } };
  expect(
    slaState({
      id: '1',
      name: 'Resolution',
      ongoingCycle: { ...goal, breached: true, remainingTime: { millis: -26 * HOUR } },
      completedCycles: [{ breached: false }],
    }),
  ).toBe('breached by 1d 2h (goal 4h 0m)');
  // No breached flag, but the time left is negative: still breached.
  expect(slaState({ id: '1', name: 'R', ongoingCycle: { remainingTime: { millis: -5 * 60_000 } } })).toBe('breached by 5m');
  expect(slaState({ id: '1', name: 'R', ongoingCycle: { ...goal, paused: true, remainingTime: { millis: 90 * 60_000 } } })).toBe(
    '1h 30m left, paused (goal 4h 0m)',
  );
  expect(slaState({ id: '1', name: 'R', completedCycles: [{ breached: false }, { ...goal, breached: true }] })).toBe(
    'completed, breached (goal 4h 0m)',
  );
  expect(slaState({ id: '1', name: 'R' })).toBe('not started');
  expect(formatDuration(3 * 24 * HOUR)).toBe('3d 0h');
});
