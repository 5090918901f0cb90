/**
 * Progress of a run, persisted after every step so an operator (or the next run, after a crash) sees where it
 * stopped. It is a log for humans, not the source of truth: a re-run decides what to skip from real state
 * (driver.isDone), because the state file cannot know what happened after the last write.
 */
import * as fs from "fs";
import * as path from "path";
import type { Direction, StepOutcome } from "./driver";

export interface RunState {
  readonly version: 1;
  readonly tier: string;
  readonly direction: Direction;
  readonly from: string;
  readonly to: string;
  readonly startedAt: string;
  updatedAt: string;
  status: "running" | "failed" | "done";
  steps: Record<string, { status: StepOutcome["status"]; ms: number; at: string }>;
  failed?: { step: string; message: string; at: string };
}

export class StateFile {
  readonly file: string;

  constructor(readonly dir: string) {
    this.file = path.join(dir, "state.json");
  }

  load(): RunState | undefined {
    try {
      return JSON.parse(fs.readFileSync(this.file, "utf8")) as RunState;
    } catch {
      return undefined;
    }
  }

  /** Starts a run, keeping the previous record when it is the same move (a resume). */
  begin(
    run: Pick<RunState, "tier" | "direction" | "from" | "to">,
    now = new Date(),
  ): { state: RunState; resumed: boolean } {
    const prev = this.load();
    const same =
      prev &&
      prev.tier === run.tier &&
      prev.direction === run.direction &&
      prev.from === run.from &&
      prev.to === run.to;
    const state: RunState =
      same && prev.status !== "done"
        ? { ...prev, status: "running", updatedAt: now.toISOString() }
        : {
            version: 1,
            ...run,
            startedAt: now.toISOString(),
            updatedAt: now.toISOString(),
            status: "running",
            steps: {},
          };
    delete state.failed;
    this.write(state);
    return { state, resumed: Boolean(same && prev.status !== "done") };
  }

  record(state: RunState, outcome: StepOutcome, now = new Date()): void {
    state.steps[outcome.step] = { status: outcome.status, ms: outcome.ms, at: now.toISOString() };
    state.updatedAt = now.toISOString();
    this.write(state);
  }

  fail(state: RunState, step: string, message: string, now = new Date()): void {
    state.status = "failed";
    state.failed = { step, message, at: now.toISOString() };
    state.updatedAt = now.toISOString();
    this.write(state);
  }

  finish(state: RunState, now = new Date()): void {
    state.status = "done";
    state.updatedAt = now.toISOString();
    this.write(state);
  }

  private write(state: RunState): void {
    fs.mkdirSync(this.dir, { recursive: true });
    // The directory ignores itself: run state never belongs in git, and the root .gitignore is not ours to edit.
    const ignore = path.join(this.dir, ".gitignore");
    if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, "*\n");
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(state, null, 2) + "\n");
    fs.renameSync(tmp, this.file); // atomic: a crash mid-write leaves the previous state, never half a file
  }
}
