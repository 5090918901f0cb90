/**
 * The tier components outside this program (examples/bookings): a second service composes PilotLight with its
 * own regions, network, DNS and image, and plans under mocks as both of its stacks, primary first.
 */
import { strict as assert } from "assert";
import * as path from "path";
import bookings = require("../examples/bookings");
import { DR_TIER_TYPE } from "../components/tiers";
import { runUnderMocks } from "../scripts/plan/runUnderMocks";
import { ofType, onlyOf, PlannedResource } from "./support/harness";

const EXAMPLE = path.resolve(__dirname, "..", "examples", "bookings");

function run(stack: string, region: string, stackOutputs = {}) {
  return runUnderMocks(bookings, { stack, config: { "aws:region": region }, stackOutputs });
}

describe("examples/bookings: a second program on the tier components", function () {
  this.timeout(120_000);
  let primary: Awaited<ReturnType<typeof run>>;
  let recovery: Awaited<ReturnType<typeof run>>;
  before(async () => {
    primary = await run("bookings-primary", "us-west-2");
    recovery = await run("bookings-recovery", "us-east-2", {
      "bookings-primary": primary.outputs,
    });
  });

  const tierOf = (rs: PlannedResource[]) => onlyOf(rs, DR_TIER_TYPE);

  it("builds one pilot-light tier per stack, named by the example", () => {
    assert.equal(tierOf(primary.resources).name, "bookings");
    assert.equal(tierOf(recovery.resources).name, "bookings");
    assert.equal(primary.outputs.drTier, "pilot-light");
    assert.equal(recovery.outputs.role, "recovery");
  });

  it("uses the example's regions, network and DNS, not SecureCart's", () => {
    assert.equal(primary.outputs.region, "us-west-2");
    assert.equal(recovery.outputs.region, "us-east-2");
    assert.equal(onlyOf(primary.resources, "aws:ec2/vpc:Vpc").inputs.cidrBlock, "10.20.0.0/16");
    assert.equal(onlyOf(recovery.resources, "aws:ec2/vpc:Vpc").inputs.cidrBlock, "10.21.0.0/16");
    assert.equal(
      onlyOf(primary.resources, "aws:ec2transitgateway/transitGateway:TransitGateway").inputs
        .amazonSideAsn,
      64600,
    );
    assert.deepEqual(
      ofType(primary.resources, "aws:ec2/subnet:Subnet")
        .map((s) => s.inputs.availabilityZone)
        .filter((z, i, all) => all.indexOf(z) === i)
        .sort(),
      ["us-west-2a", "us-west-2b"],
    );
    const cert = onlyOf(primary.resources, "aws:acm/certificate:Certificate");
    assert.equal(cert.inputs.domainName, "book.tables.example");
  });

  it("builds the example's own image in the primary", () => {
    const image = onlyOf(primary.resources, "docker-build:index:Image");
    assert.equal(image.inputs.context.location, path.join(EXAMPLE, "service"));
    assert.equal(image.inputs.dockerfile.location, path.join(EXAMPLE, "service", "Dockerfile"));
  });

  it("the recovery stack follows the primary it read through the StackReference", () => {
    const ref = onlyOf(recovery.resources, "pulumi:pulumi:StackReference");
    assert.match(String(ref.inputs.name), /\/bookings\/bookings-primary$/);
    assert.equal(recovery.outputs.domainName, "book.tables.example");
  });

  it("refuses a stack the example does not define, naming the ones it does", async () => {
    await assert.rejects(run("bookings-test", "us-west-2"), /bookings-primary, bookings-recovery/);
  });
});
