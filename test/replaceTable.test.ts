/** The replace-table generator reads the provider docs and CloudFormation's spec as documented, nothing else. */
import * as assert from "assert";
import {
  cloudFormationReplacements,
  forcesNewFromDoc,
  pulumiInputNames,
} from "../scripts/replaceTable/generate";

const DOC = [
  "<!-- source: hashicorp/terraform-provider-aws@0123456789abcdef0123456789abcdef01234567 website/docs/r/dynamodb_table.html.markdown -->",
  "## Argument Reference",
  "* `hash_key` - (Required, Forces new resource) Attribute to use as the hash (partition) key.",
  "* `billing_mode` - (Optional) Controls how you are charged.",
  "* `ip_address_type` (Optional, forces new resource) no dash before the parenthesis.",
  "### `replica`",
  "* `kms_key_arn` - (Optional, Forces new resource) ARN of the CMK.",
  "* `region_name` - (Required) Region name of the replica.",
  "### `not_an_input`",
  "* `whatever` - (Optional, Forces new resource) A block the resource has no input for.",
  "## Attribute Reference",
  "* `arn` - (Forces new resource) attributes are not arguments.",
].join("\n");

describe("replace table: generator", () => {
  it("takes 'Forces new resource' arguments, nested under their block, as Pulumi input paths", () => {
    const inputs = pulumiInputNames("aws:dynamodb/table:Table");
    assert.ok(inputs.includes("hashKey") && inputs.includes("replicas"));
    const doc = forcesNewFromDoc(DOC, [...inputs, "ipAddressType"]);
    assert.equal(doc.commit, "0123456789abcdef0123456789abcdef01234567");
    assert.equal(doc.path, "website/docs/r/dynamodb_table.html.markdown");
    // `replica` is the block of the `replicas` input (Pulumi's plural); a block with no input is dropped.
    assert.deepEqual(doc.properties, ["hashKey", "ipAddressType", "replicas.kmsKeyArn"]);
  });

  it("maps CloudFormation's replacement properties to inputs, keeping conditional ones apart", () => {
    const spec = new Map([
      [
        "AWS::RDS::DBCluster",
        {
          KmsKeyId: { causesReplacement: "yes" as const },
          Engine: { causesReplacement: "maybe" as const },
          BackupRetentionPeriod: { causesReplacement: "no" as const },
          DBClusterIdentifier: { causesReplacement: "yes" as const },
          Unknown: { causesReplacement: "yes" as const },
        },
      ],
    ]);
    const got = cloudFormationReplacements(
      { token: "aws:rds/cluster:Cluster", cfn: "AWS::RDS::DBCluster" },
      spec,
      pulumiInputNames("aws:rds/cluster:Cluster"),
    );
    assert.deepEqual(got, {
      yes: ["clusterIdentifier", "kmsKeyId"],
      maybe: ["engine"],
      unmapped: ["Unknown"],
    });
  });
});
