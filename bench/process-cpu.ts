// CPU seconds of this process's descendants (the throwaway PostgreSQL cluster's server processes), from
// /proc: what the database spent on a benchmark phase, beside the Node process's own process.cpuUsage().
import { readdir, readFile } from 'node:fs/promises';

const CLOCK_TICKS = 100;

/** User + system CPU seconds of every live descendant of `root` (default: this process); 0 off Linux. */
export async function descendantCpuSeconds(root = process.pid): Promise<number> {
  const procs = new Map<number, { ppid: number; ticks: number }>();
  for (const name of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = (await readFile(`/proc/${name}/stat`, 'utf8')).split(') ')[1]!.split(' ');
      procs.set(Number(name), { ppid: Number(stat[1]), ticks: Number(stat[11]) + Number(stat[12]) });
    } catch {
      // exited while listed
    }
  }
  const children = new Map<number, number[]>();
  for (const [pid, p] of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
  let ticks = 0;
  const stack = [...(children.get(root) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    ticks += procs.get(pid)?.ticks ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return ticks / CLOCK_TICKS;
}
