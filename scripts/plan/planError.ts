/** A stack that cannot be planned (its config, or the program, refused): the CLIs exit 2 on it. */
export class PlanError extends Error {
  readonly exitCode = 2;
}
