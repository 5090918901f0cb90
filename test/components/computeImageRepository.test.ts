import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  ImageRepository,
  REPO_ROOT,
  resolveImageRepositoryArgs,
  sourceVersion,
} from "../../components/compute/imageRepository";
import { countByType, onlyOf, promiseOf, providerRegion, record } from "../support/harness";

const DIGEST = `sha256:${"ab".repeat(32)}`;

describe("compute: ImageRepository", () => {
  it("build mode: an immutable, scanned, KMS-encrypted repository and the storefront image pushed to it", async () => {
    let out: Record<string, string> = {};
    const resources = await record(async () => {
      const repo = new ImageRepository("storefront", { version: "abc123" });
      out = {
        imageRef: await promiseOf(repo.imageRef),
        digest: await promiseOf(repo.digest),
        url: await promiseOf(repo.repositoryUrl),
      };
    });
    const component = onlyOf(resources, "securecart:compute:ImageRepository");
    assert.ok(resources.filter((r) => r !== component).every((r) => r.parent === component.urn));
    assert.deepEqual(countByType(resources), {
      "securecart:compute:ImageRepository": 1,
      "aws:ecr/repository:Repository": 1,
      "aws:ecr/lifecyclePolicy:LifecyclePolicy": 1,
      "docker-build:index:Image": 1,
    });
    const repo = onlyOf(resources, "aws:ecr/repository:Repository");
    assert.equal(repo.inputs.name, "storefront");
    assert.equal(repo.inputs.imageTagMutability, "IMMUTABLE");
    assert.deepEqual(repo.inputs.imageScanningConfiguration, { scanOnPush: true });
    assert.deepEqual(repo.inputs.encryptionConfigurations, [{ encryptionType: "KMS" }]);
    // The stack's tags come from the provider's defaultTags; the repository has none of its own.
    assert.equal(repo.inputs.tags, undefined);

    const rules = JSON.parse(
      onlyOf(resources, "aws:ecr/lifecyclePolicy:LifecyclePolicy").inputs.policy,
    ).rules;
    assert.deepEqual(
      rules.map((r: any) => [
        r.rulePriority,
        r.selection.tagStatus,
        r.selection.countType,
        r.selection.countNumber,
      ]),
      [
        [1, "untagged", "sinceImagePushed", 7],
        [2, "any", "imageCountMoreThan", 30],
      ],
    );

    const image = onlyOf(resources, "docker-build:index:Image");
    assert.deepEqual(image.inputs.context, { location: REPO_ROOT });
    assert.deepEqual(image.inputs.dockerfile, {
      location: path.join(REPO_ROOT, "app", "Dockerfile"),
    });
    assert.ok(
      fs.existsSync(path.join(REPO_ROOT, "package.json")),
      "REPO_ROOT is the workspace root",
    );
    assert.deepEqual(image.inputs.platforms, ["linux/amd64"]);
    assert.equal(image.inputs.push, true);
    assert.equal(image.inputs.buildOnPreview, false);
    assert.equal(image.inputs.registries, "[secret]");
    assert.deepEqual(image.propertyDependencies.registries, [repo.urn]);
    assert.deepEqual(image.inputs.tags, [
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/storefront:abc123",
    ]);

    assert.match(out.digest, /^sha256:[0-9a-f]{64}$/);
    assert.equal(out.imageRef, `${out.url}@${out.digest}`);
  });

  it("build mode defaults the tag to a hash of the app's sources", async () => {
    const resources = await record(() => {
      new ImageRepository("storefront", { repositoryName: "securecart/storefront" });
    });
    const version = sourceVersion();
    assert.match(version, /^src-[0-9a-f]{12}$/);
    assert.equal(version, sourceVersion(REPO_ROOT), "deterministic");
    assert.deepEqual(onlyOf(resources, "docker-build:index:Image").inputs.tags, [
      `123456789012.dkr.ecr.us-east-1.amazonaws.com/securecart/storefront:${version}`,
    ]);
  });

  it("another program's context: the tag hashes every file in it (not node_modules), the Dockerfile at its root", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "svc-"));
    fs.writeFileSync(path.join(dir, "Dockerfile"), "FROM node:22-alpine\n");
    fs.writeFileSync(path.join(dir, "server.js"), "v1");
    fs.mkdirSync(path.join(dir, "node_modules"));
    fs.writeFileSync(path.join(dir, "node_modules", "dep.js"), "a");
    const v1 = sourceVersion(dir);
    fs.writeFileSync(path.join(dir, "node_modules", "dep.js"), "b");
    assert.equal(sourceVersion(dir), v1, "installed packages do not change the tag");
    fs.writeFileSync(path.join(dir, "server.js"), "v2");
    const v2 = sourceVersion(dir);
    assert.notEqual(v2, v1, "a changed source file changes the tag");
    const resources = await record(() => {
      new ImageRepository("svc", { repositoryName: "bookings/svc", contextPath: dir });
    });
    const image = onlyOf(resources, "docker-build:index:Image");
    assert.equal(image.inputs.dockerfile.location, path.join(dir, "Dockerfile"));
    assert.equal(image.inputs.context.location, dir);
    assert.match(image.inputs.tags[0], new RegExp(`/bookings/svc:${v2}$`));
  });

  it("replica mode: a same-named repository here, replicated into from the primary region through its provider", async () => {
    let imageRef: string | undefined;
    const resources = await record(
      async () => {
        const primaryProvider = new aws.Provider("primary", { region: "us-east-1" });
        const repo = new ImageRepository("storefront", {
          mode: "replica",
          repositoryName: "securecart/storefront",
          digest: DIGEST,
          primaryProvider,
        });
        imageRef = await promiseOf(repo.imageRef);
      },
      { region: "eu-west-1" },
    );
    assert.equal(resources.filter((r) => r.type === "docker-build:index:Image").length, 0);
    const repo = onlyOf(resources, "aws:ecr/repository:Repository");
    assert.equal(repo.inputs.name, "securecart/storefront");
    assert.equal(
      providerRegion(resources, repo),
      undefined,
      "the repository uses this stack's default provider",
    );
    assert.ok(onlyOf(resources, "aws:ecr/lifecyclePolicy:LifecyclePolicy"));

    const replication = onlyOf(
      resources,
      "aws:ecr/replicationConfiguration:ReplicationConfiguration",
    );
    assert.equal(providerRegion(resources, replication), "us-east-1");
    assert.deepEqual(replication.inputs.replicationConfiguration, {
      rules: [
        {
          destinations: [{ region: "eu-west-1", registryId: "123456789012" }],
          repositoryFilters: [{ filter: "securecart/storefront", filterType: "PREFIX_MATCH" }],
        },
      ],
    });
    assert.ok(
      replication.dependencies.includes(repo.urn),
      "replication waits for the destination repository",
    );
    assert.equal(
      imageRef,
      `123456789012.dkr.ecr.eu-west-1.amazonaws.com/securecart/storefront@${DIGEST}`,
    );

    // Replication copies only later pushes, so the component copies the primary's image itself, into this region.
    const copy = onlyOf(resources, "docker-build:index:Index");
    const hex = DIGEST.replace("sha256:", "");
    assert.deepEqual(copy.inputs.sources, [
      `123456789012.dkr.ecr.us-east-1.amazonaws.com/securecart/storefront@${DIGEST}`,
    ]);
    assert.equal(
      copy.inputs.tag,
      `123456789012.dkr.ecr.eu-west-1.amazonaws.com/securecart/storefront:copy-${hex}`,
    );
    assert.equal(copy.inputs.push, true);
    assert.equal(
      copy.inputs.registry,
      "[secret]",
      "the login to this region's registry is a secret",
    );
    assert.ok(
      copy.dependencies.includes(repo.urn),
      "the copy waits for the repository it pushes to",
    );
    assert.equal(
      copy.retainOnDelete,
      true,
      "forgetting the copy leaves the image a service may run",
    );
    const registries = resources.find(
      (r) => r.urn === copy.provider!.split("::").slice(0, -1).join("::"),
    )!;
    assert.equal(registries.type, "pulumi:providers:docker-build");
    assert.equal(
      registries.inputs.registries,
      "[secret]",
      "both registries' logins (source and target) are secrets",
    );
  });

  it("replica mode reading the copy: nothing logs in to the primary's registry, and the copy's digest is used", async () => {
    let imageRef: string | undefined;
    const resources = await record(
      async () => {
        const primaryProvider = new aws.Provider("primary", { region: "us-east-1" });
        const repo = new ImageRepository("storefront", {
          mode: "replica",
          repositoryName: "securecart/storefront",
          digest: DIGEST,
          primaryProvider,
          copy: "read",
        });
        imageRef = await promiseOf(repo.imageRef);
      },
      { region: "eu-west-1" },
    );
    assert.deepEqual(
      resources.filter(
        (r) => r.type.startsWith("docker-build:") || r.type === "pulumi:providers:docker-build",
      ),
      [],
    );
    assert.ok(
      onlyOf(resources, "aws:ecr/replicationConfiguration:ReplicationConfiguration"),
      "the replication rule stays as it is",
    );
    // The mock answers DescribeImages for `copy-<hex>` with the digest a copy of an image index keeps.
    assert.equal(
      imageRef,
      `123456789012.dkr.ecr.eu-west-1.amazonaws.com/securecart/storefront@${DIGEST}`,
    );
  });

  it("resolves every default once", () => {
    assert.deepEqual(resolveImageRepositoryArgs({}, "storefront"), {
      args: {
        mode: "build",
        repositoryName: "storefront",
        version: sourceVersion(REPO_ROOT),
        copy: "make",
        keepLastImages: 30,
        untaggedExpiryDays: 7,
        contextPath: REPO_ROOT,
        dockerfilePath: path.join(REPO_ROOT, "app", "Dockerfile"),
      },
      errors: [],
    });
    const replica = resolveImageRepositoryArgs(
      { mode: "replica", digest: DIGEST, primaryProvider: {} as aws.Provider, contextPath: "/src" },
      "storefront",
    ).args;
    assert.deepEqual(
      [replica.version, replica.copy, replica.dockerfilePath],
      [undefined, "make", path.join("/src", "Dockerfile")],
    );
  });

  it("validates every arg at once, naming each", () => {
    const validate = (args: Parameters<typeof resolveImageRepositoryArgs>[0]) =>
      resolveImageRepositoryArgs(args, "storefront").errors;
    assert.deepEqual(validate({}), []);
    assert.deepEqual(validate({ mode: "replica" }), [
      'digest is required when mode is "replica"',
      'primaryProvider is required when mode is "replica" (the replication configuration lives in the primary region)',
    ]);
    assert.deepEqual(
      validate({
        mode: "build",
        version: "bad tag",
        digest: DIGEST,
        keepLastImages: 0,
        repositoryName: "Upper",
      }),
      [
        "keepLastImages must be an integer of at least 1 (got 0)",
        'repositoryName must be a lower-case ECR repository name (got "Upper")',
        'version must be a Docker tag (got "bad tag")',
        'digest is only used when mode is "replica"',
      ],
    );
    assert.deepEqual(validate({ mode: "build", copy: "read" }), [
      'copy is only used when mode is "replica"',
    ]);
    assert.deepEqual(
      validate({
        mode: "replica",
        digest: DIGEST,
        primaryProvider: {} as aws.Provider,
        copy: "pull" as any,
      }),
      ['copy must be "make" or "read" (got "pull")'],
    );
    assert.deepEqual(validate({ mode: "mirror" as any, untaggedExpiryDays: -1 }), [
      "untaggedExpiryDays must be an integer of at least 1 (got -1)",
      'mode must be "build" or "replica" (got "mirror")',
    ]);
  });

  it("refuses a replica without a digest before creating anything", async () => {
    let error: unknown;
    const resources = await record(
      () => {
        try {
          new ImageRepository("storefront", {
            mode: "replica",
            primaryProvider: new aws.Provider("primary", { region: "us-east-1" }),
            digest: "latest",
          });
        } catch (e) {
          error = e;
        }
      },
      { region: "eu-west-1" },
    );
    assert.match(
      String(error),
      /ImageRepository storefront: digest must look like "sha256:<64 hex>" \(got "latest"\)/,
    );
    assert.deepEqual(
      resources.map((r) => r.type).filter((t) => !t.startsWith("pulumi:providers:")),
      ["securecart:compute:ImageRepository"],
    );
  });
});
