import { strict as assert } from "assert";
import {
  RebuildReadiness,
  resolveRebuildReadinessArgs,
} from "../../components/resilience/rebuildReadiness";
import { record } from "../support/harness";

const required = {
  region: "eu-west-1",
  catalogTableName: "catalog",
  orderValidationName: "shop-order-validation",
  writeFence: { bucket: "switch", key: "routing/primary" },
};

describe("resilience: RebuildReadiness", () => {
  it("resolves its defaults once: the snapshot's user and database", () => {
    assert.deepEqual(resolveRebuildReadinessArgs(required), {
      args: { ...required, masterUsername: "securecart", databaseName: "orders" },
      errors: [],
    });
  });

  it("tags nothing itself: project and dr-role come from the providers' defaultTags", async () => {
    const resources = await record(() => new RebuildReadiness("rebuild", required), {
      region: "eu-west-1",
    });
    for (const r of resources.filter((x) => x.inputs.tags !== undefined)) {
      assert.equal(r.inputs.tags.project, undefined, r.name);
      assert.equal(r.inputs.tags["dr-role"], undefined, r.name);
    }
    assert.ok(resources.some((r) => r.type === "aws:secretsmanager/secret:Secret"));
  });
});
