import type { Sla, SlaCycle } from './types.js';

/** A duration as people read it, from `millis` (the API's `friendly` texts are unreliable: "4h 240m"). */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${rest}m`;
  return `${rest}m`;
}

const goalOf = (cycle: SlaCycle) => (cycle.goalDuration ? ` (goal ${formatDuration(cycle.goalDuration.millis)})` : '');

/**
 * One SLA in a line: the ongoing cycle's time left or how long ago it breached (and "paused"),
 * else the last completed cycle met or breached, else "not started". Breach is read from the
 * ongoing cycle first: judging only completed cycles misses every open breach.
 */
export function slaState(sla: Sla): string {
  const ongoing = sla.ongoingCycle;
  if (ongoing) {
    const remaining = ongoing.remainingTime?.millis;
    const breached = ongoing.breached === true || (remaining !== undefined && remaining < 0);
    let text = breached
      ? `breached${remaining !== undefined ? ` by ${formatDuration(remaining)}` : ''}`
      : remaining !== undefined
        ? `${formatDuration(remaining)} left`
        : 'running';
    if (ongoing.paused) text += ', paused';
    return `${text}${goalOf(ongoing)}`;
  }
  const last = sla.completedCycles?.[sla.completedCycles.length - 1];
  if (last) return `${last.breached ? 'completed, breached' : 'completed, met'}${goalOf(last)}`;
  return 'not started';
}
