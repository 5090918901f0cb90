import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
  CatalogReplica,
  resolveCatalogReplicaArgs,
  tableNameFromArn,
} from "../../components/data/catalogReplica";
import { CatalogTable, resolveCatalogTableArgs } from "../../components/data/catalogTable";
import { BACKUP_TAG } from "../../components/tags";
import { countByType, onlyOf, promiseOf, record } from "../support/harness";

const TABLE = "aws:dynamodb/table:Table";

describe("data: CatalogTable", () => {
  it("is an on-demand table with PITR, deletion protection, a customer key and a stream, and no inline replicas", async () => {
    let catalog!: CatalogTable;
    const seen: Record<string, pulumi.CustomResourceOptions> = {};
    const resources = await record(() => {
      catalog = new CatalogTable(
        "catalog",
        {},
        { transformations: [(a) => ((seen[a.name] = a.opts), undefined)] },
      );
    });
    assert.deepEqual(countByType(resources), {
      "securecart:data:CatalogTable": 1,
      "aws:kms/key:Key": 1,
      [TABLE]: 1,
    });
    const key = onlyOf(resources, "aws:kms/key:Key");
    assert.equal(key.inputs.enableKeyRotation, true);
    const table = onlyOf(resources, TABLE);
    const i = table.inputs;
    assert.equal(i.name, "catalog");
    assert.equal(i.billingMode, "PAY_PER_REQUEST");
    assert.equal(i.hashKey, "id");
    assert.deepEqual(i.attributes, [{ name: "id", type: "S" }]);
    assert.deepEqual(i.pointInTimeRecovery, { enabled: true, recoveryPeriodInDays: 35 });
    assert.equal(i.deletionProtectionEnabled, true);
    assert.equal(i.serverSideEncryption.enabled, true);
    assert.deepEqual(table.propertyDependencies.serverSideEncryption, [key.urn]);
    assert.equal(i.streamEnabled, true);
    assert.equal(i.streamViewType, "NEW_AND_OLD_IMAGES");
    assert.equal(i.replicas, undefined);
    // Only the backup tag: the stack's tags come from the provider's defaultTags.
    assert.deepEqual(i.tags, { [BACKUP_TAG.key]: BACKUP_TAG.value });
    assert.equal(key.inputs.tags, undefined);
    // The recovery stack's TableReplica changes `replicas` on this table; this stack must not fight it.
    assert.deepEqual(seen["catalog-table"].ignoreChanges, ["replicas"]);

    assert.equal(await promiseOf(catalog.tableName), "catalog");
    assert.equal(
      await promiseOf(catalog.tableArn),
      "arn:aws:dynamodb:us-east-1:123456789012:table/catalog",
    );
    assert.match(await promiseOf(catalog.streamArn), /^arn:aws:dynamodb:us-east-1:.*\/stream\//);
  });

  it("resolves every default once, exactly", () => {
    assert.deepEqual(resolveCatalogTableArgs({}), {
      args: { tableName: "catalog", pointInTimeRecoveryDays: 35, deletionProtection: true },
      errors: [],
    });
  });

  it("validates the name and PITR window, naming both", () => {
    assert.deepEqual(resolveCatalogTableArgs({}).errors, []);
    assert.deepEqual(
      resolveCatalogTableArgs({ tableName: "a b", pointInTimeRecoveryDays: 36 }).errors.map(
        (e) => e.split(" ")[0],
      ),
      ["tableName", "pointInTimeRecoveryDays"],
    );
  });

  it("refuses bad args before creating anything", async () => {
    await assert.rejects(
      record(() => {
        new CatalogTable("catalog", { pointInTimeRecoveryDays: 0 });
      }),
      /pointInTimeRecoveryDays must be an integer from 1 to 35 \(got 0\)/,
    );
  });
});

describe("data: CatalogReplica", () => {
  it("replicates the primary's table into this region with its own key, PITR and deletion protection", async () => {
    let replica!: CatalogReplica;
    const globalTableArn = "arn:aws:dynamodb:us-east-1:123456789012:table/catalog";
    const resources = await record(
      () => {
        replica = new CatalogReplica("catalog", { globalTableArn });
      },
      { region: "eu-west-1" },
    );
    assert.deepEqual(countByType(resources), {
      "securecart:data:CatalogReplica": 1,
      "aws:kms/key:Key": 1,
      "aws:dynamodb/tableReplica:TableReplica": 1,
    });
    const key = onlyOf(resources, "aws:kms/key:Key");
    const r = onlyOf(resources, "aws:dynamodb/tableReplica:TableReplica");
    assert.equal(r.provider, undefined, "the replica lives in this stack's own region");
    assert.equal(r.inputs.globalTableArn, globalTableArn);
    assert.equal(r.inputs.pointInTimeRecovery, true);
    assert.equal(r.inputs.deletionProtectionEnabled, true);
    assert.match(r.inputs.kmsKeyArn, /^arn:aws:kms:eu-west-1:/);
    assert.deepEqual(r.propertyDependencies.kmsKeyArn, [key.urn]);
    // Only the backup tag: the stack's tags come from the provider's defaultTags.
    assert.deepEqual(r.inputs.tags, { [BACKUP_TAG.key]: BACKUP_TAG.value });
    assert.equal(key.inputs.tags, undefined);
    assert.equal(await promiseOf(replica.tableName), "catalog");
  });

  it("resolves deletion protection on by default", () => {
    const globalTableArn = "arn:aws:dynamodb:us-east-1:123456789012:table/catalog";
    assert.deepEqual(resolveCatalogReplicaArgs({ globalTableArn }), {
      args: { globalTableArn, deletionProtection: true },
      errors: [],
    });
  });

  it("reads the table name from a table ARN", () => {
    assert.equal(tableNameFromArn("arn:aws:dynamodb:us-east-1:1:table/catalog"), "catalog");
    assert.throws(() => tableNameFromArn("arn:aws:s3:::catalog"), /not a DynamoDB table ARN/);
  });
});
