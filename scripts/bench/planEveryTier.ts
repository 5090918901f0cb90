/** Plans both stacks under every tier in one process (8 plans): the workload `npm run bench` times. */
import { DR_TIERS } from "../../components/tiers/tierProfile";
import { plan } from "../plan/planStack";

async function main(): Promise<void> {
  let resources = 0;
  for (const tier of DR_TIERS) {
    const result = await plan({ tier });
    resources += result.stacks.reduce((n, s) => n + s.resources.length, 0);
  }
  console.log(`planned ${DR_TIERS.length * 2} stacks, ${resources} resources`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
