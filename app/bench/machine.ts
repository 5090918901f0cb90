/**
 * What the machine's CPUs did during a phase, from /proc/stat (proc(5): user nice system idle iowait irq softirq
 * steal, in clock ticks summed over CPUs). Steal is time the hypervisor ran someone else while this VM wanted to
 * run: a latency spike during a phase with high steal is the host's, not the storefront's. Elsewhere than Linux:
 * undefined, and the bench says so.
 */
import { readFileSync } from "node:fs";

export type CpuTicks = number[];

export function cpuTicks(): CpuTicks | undefined {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!;
    return line.trim().split(/\s+/).slice(1, 9).map(Number);
  } catch {
    return undefined;
  }
}

export function describeCpu(before?: CpuTicks, after?: CpuTicks): string {
  if (!before || !after) return "machine CPU: not measured (no /proc/stat)";
  const d = after.map((v, i) => v - before[i]!);
  const total = d.reduce((a, b) => a + b, 0) || 1;
  const pct = (x: number) => `${((100 * x) / total).toFixed(0)} %`;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = d as [number, ...number[]];
  const busy = user + nice! + system! + irq! + softirq!;
  return `machine CPU: busy ${pct(busy)}, idle ${pct(idle!)}, iowait ${pct(iowait!)}, steal ${pct(steal!)}`;
}
