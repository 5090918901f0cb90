/**
 * Checks the config of every stack a plan runs before it runs any, so that the recovery stack file's mistakes are
 * reported with the primary's, not only after the primary's are fixed. The same pure check the program runs
 * (parseLocalConfig); what needs the primary's outputs (resolveConfig) still runs during the plan.
 */
import { ConfigError, parseLocalConfig } from "../../components/config";
import { findStack } from "../../stacks/topology";
import { PlanError } from "./planError";

export function checkStackConfigs(
  stacks: readonly string[],
  configOf: (stack: string) => Record<string, string>,
): void {
  const sections: string[] = [];
  for (const stack of stacks) {
    const topo = findStack(stack);
    try {
      parseLocalConfig(configOf(stack), {
        stack,
        expectedRegion: topo?.region,
        expectedRole: topo?.role,
      });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      // The same line planOne gives a stack the program refuses, one per stack file.
      sections.push(`${stack}: ${e.message}`);
    }
  }
  if (sections.length > 0) throw new PlanError(sections.join("\n"));
}
