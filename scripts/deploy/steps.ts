/**
 * What `npm run deploy` does, as data: the stacks in deploy order (the primary first: the recovery stack reads its
 * outputs, DESIGN.md decision 1), and for each the policy config the CI workflow would write for it (decision 10).
 * The dry run prints this; the real run carries it out.
 */
import { buildPolicyConfig } from "../../policy-pack/policyConfig";
import { deployOrder, findStack, peerOf, PROJECT, STACKS } from "../../stacks/topology";
import { effectiveConfig, PROJECT_ROOT } from "../plan/stackConfig";

export interface DeployStep {
  readonly stack: string;
  readonly role: string;
  readonly region: string;
  /** The policy context of the stack, as CI reads it from the stack files. */
  readonly policyContext: { role: string; tier: string; region: string; peerRegion: string };
  readonly deletionProtection: boolean;
  /** The `--policy-pack-config` document for this stack. */
  readonly policyConfig: ReturnType<typeof buildPolicyConfig>;
}

export const POLICY_PACK_DIR = "policy-pack";

export function deploySteps(root = PROJECT_ROOT): DeployStep[] {
  const primary = STACKS.find((s) => s.role === "primary")!.stack;
  // The tier is set in the primary's file only (decision 2); the recovery stack's policies judge by it too.
  const tier = effectiveConfig(primary, {}, root)[`${PROJECT}:drTier`] ?? "";
  return deployOrder().map((stack) => {
    const config = effectiveConfig(stack, {}, root);
    const peer = peerOf(stack);
    const role = config[`${PROJECT}:role`] ?? findStack(stack)!.role;
    const region = config["aws:region"] ?? findStack(stack)!.region;
    const peerRegion = peer
      ? (effectiveConfig(peer.stack, {}, root)["aws:region"] ?? peer.region)
      : "";
    const policyContext = { role, tier, region, peerRegion };
    const deletionProtection = config[`${PROJECT}:deletionProtection`] !== "false";
    const policyConfig = buildPolicyConfig(
      policyContext as Parameters<typeof buildPolicyConfig>[0],
      { deletionProtection },
    );
    return { stack, role, region, policyContext, deletionProtection, policyConfig };
  });
}

/** The dry run: the order, and the commands and checks each stack gets, without running any. */
export function describeSteps(steps: readonly DeployStep[]): string[] {
  const lines = [
    `deploy order: ${steps.map((s) => s.stack).join(" → ")} (each stack is previewed, checked, then updated)`,
  ];
  steps.forEach((s, i) => {
    const c = s.policyContext;
    const pack = `--policy-pack ${POLICY_PACK_DIR} --policy-pack-config policy-config.${s.stack}.json`;
    lines.push(
      "",
      `${i + 1}. ${s.stack} (${s.role}, ${s.region})`,
      `   policy config: role ${c.role}, tier ${c.tier}, region ${c.region}, peer region ${c.peerRegion || "none"}` +
        `${s.deletionProtection ? "" : ", deletion protection lifted (those rules advisory)"}`,
      `   pulumi preview --stack ${s.stack} ${pack}`,
      "   stop if the preview fails or a policy reports a mandatory violation",
      `   pulumi up --yes --skip-preview --stack ${s.stack} ${pack}`,
    );
  });
  return lines;
}
