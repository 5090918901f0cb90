import * as aws from "@pulumi/aws";
import * as dockerBuild from "@pulumi/docker-build";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Resolved, requireValid } from "../lib/resolveArgs";
import { positiveIntegerProblems } from "./validate";

/** The repository root: the build context, since the workspace lockfile the Dockerfile installs from lives there. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Every file under `dir`, sorted, skipping `skip` directory names (installed packages, VCS data). */
function filesUnder(dir: string, skip: readonly string[] = []): string[] {
  if (!fs.existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !skip.includes(entry.name)) files.push(...filesUnder(full, skip));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

/**
 * A tag that changes exactly when the image's inputs do. For the storefront (the repository root as context): a
 * hash of app/src, app/Dockerfile, app/package.json and the root lockfile (missing files are skipped), not of the
 * whole repository, so a change elsewhere pushes no new image. For another context (another program's service): a
 * hash of every file in it but installed packages. Deterministic across machines.
 */
export function sourceVersion(root: string = REPO_ROOT): string {
  const files =
    path.resolve(root) === REPO_ROOT
      ? [
          ...filesUnder(path.join(root, "app", "src")),
          ...["app/Dockerfile", "app/package.json", "package-lock.json"]
            .map((f) => path.join(root, f))
            .filter((f) => fs.existsSync(f)),
        ]
      : filesUnder(root, ["node_modules", ".git"]);
  const hash = createHash("sha256");
  for (const file of files)
    hash.update(path.relative(root, file)).update("\0").update(fs.readFileSync(file)).update("\0");
  return `src-${hash.digest("hex").slice(0, 12)}`;
}

export type ImageRepositoryMode = "build" | "replica";

export interface ImageRepositoryArgs {
  /**
   * `build` (primary region): create the repository and build and push the storefront image into it. `replica`
   * (recovery region): create the same-named repository here and have the primary registry replicate into it.
   * Defaults to `build`.
   */
  readonly mode?: ImageRepositoryMode;
  /** Repository name; must be the same in both regions for replication. Defaults to the component name. */
  readonly repositoryName?: string;
  /**
   * Image tag pushed in `build` mode (e.g. the git SHA CI deploys). Tags are immutable, so it must change whenever the
   * image does. Defaults to `src-<hash>`, a hash of the app's sources, Dockerfile, manifest and the workspace lockfile.
   */
  readonly version?: string;
  /** Digest of the image built in the primary region (`sha256:…`). Required in `replica` mode. */
  readonly digest?: pulumi.Input<string>;
  /** Provider for the primary region, where the registry's replication configuration lives. Required in `replica` mode. */
  readonly primaryProvider?: aws.Provider;
  /**
   * `replica` mode: `make` copies the primary's image into this region (every run reads the primary's registry);
   * `read` finds the copy an earlier run made, in this region's registry only, for a run while the primary region is
   * down (backup-restore's rebuild). Defaults to `make`.
   */
  readonly copy?: "make" | "read";
  /** KMS key that encrypts the images. Defaults to the AWS managed key `aws/ecr`. */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Tagged images kept; older ones expire. Defaults to `30`. */
  readonly keepLastImages?: number;
  /** Days after which untagged images expire. Defaults to `7`. */
  readonly untaggedExpiryDays?: number;
  /** Docker build context. Defaults to the repository root. */
  readonly contextPath?: string;
  /** Dockerfile. Defaults to `app/Dockerfile` for the repository root, else `<contextPath>/Dockerfile`. */
  readonly dockerfilePath?: string;
}

/**
 * The args with every default applied. `version` is resolved in `build` mode only (it hashes the app's files) and is
 * `undefined` in `replica` mode, which pushes nothing; `digest`, `primaryProvider` and `kmsKeyArn` have no default.
 */
export type ResolvedImageRepositoryArgs = Required<
  Omit<ImageRepositoryArgs, "version" | "digest" | "primaryProvider" | "kmsKeyArn">
> &
  Pick<ImageRepositoryArgs, "version" | "digest" | "primaryProvider" | "kmsKeyArn">;

/** The defaulted args and every problem with them at once, each naming its property. `name` is the component's. */
export function resolveImageRepositoryArgs(
  args: ImageRepositoryArgs,
  name: string,
): Resolved<ResolvedImageRepositoryArgs> {
  const mode = args.mode ?? "build";
  const contextPath = args.contextPath ?? REPO_ROOT;
  const a: ResolvedImageRepositoryArgs = {
    ...args,
    mode,
    repositoryName: args.repositoryName ?? name,
    version: mode === "build" ? (args.version ?? sourceVersion(contextPath)) : args.version,
    copy: args.copy ?? "make",
    keepLastImages: args.keepLastImages ?? 30,
    untaggedExpiryDays: args.untaggedExpiryDays ?? 7,
    contextPath,
    // The storefront's Dockerfile sits in app/ (the context is the root, for the workspace lockfile); another
    // service's, at the root of its own context.
    dockerfilePath:
      args.dockerfilePath ??
      (contextPath === REPO_ROOT
        ? path.join(REPO_ROOT, "app", "Dockerfile")
        : path.join(contextPath, "Dockerfile")),
  };
  const problems = [
    ...positiveIntegerProblems(a.keepLastImages, "keepLastImages"),
    ...positiveIntegerProblems(a.untaggedExpiryDays, "untaggedExpiryDays"),
  ];
  if (mode !== "build" && mode !== "replica")
    problems.push(`mode must be "build" or "replica" (got "${mode}")`);
  if (
    args.repositoryName !== undefined &&
    !/^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/.test(args.repositoryName)
  ) {
    problems.push(
      `repositoryName must be a lower-case ECR repository name (got "${args.repositoryName}")`,
    );
  }
  if (mode === "build") {
    if (args.version !== undefined && !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(args.version))
      problems.push(`version must be a Docker tag (got "${args.version}")`);
    if (args.digest !== undefined) problems.push('digest is only used when mode is "replica"');
  }
  if (mode === "replica") {
    if (args.digest === undefined) problems.push('digest is required when mode is "replica"');
    else if (typeof args.digest === "string" && !/^sha256:[0-9a-f]{64}$/.test(args.digest))
      problems.push(`digest must look like "sha256:<64 hex>" (got "${args.digest}")`);
    if (!args.primaryProvider)
      problems.push(
        'primaryProvider is required when mode is "replica" (the replication configuration lives in the primary region)',
      );
    if (args.copy !== undefined && args.copy !== "make" && args.copy !== "read")
      problems.push(`copy must be "make" or "read" (got "${args.copy}")`);
  }
  if (mode === "build" && args.copy !== undefined)
    problems.push('copy is only used when mode is "replica"');
  return { args: a, errors: problems };
}

/**
 * Copies the primary's image (by digest) into this region's repository and returns the digest it has here.
 *
 * Replication alone cannot be trusted with the first image: "Only images pushed to a repository after replication
 * is configured are copied" (ECR User Guide, "Considerations for private image replication",
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/replication.html), and the primary pushes before the
 * recovery stack creates the rule (DESIGN.md decisions 1 and 16). Later pushes do replicate, but asynchronously
 * ("The majority of images replicate in less than 30 minutes", same page), so a recovery `pulumi up` right after the
 * primary's could still find nothing. The copy makes the image exist by construction: the task definition takes
 * its digest from the copy, so the service never starts before it.
 *
 * `docker buildx imagetools create` with one source that is an image index copies its bytes as they are (buildx
 * util/imagetools/create.go, "on single source, return original bytes"), so the digest is the primary's; a single
 * manifest would be wrapped in a new index, so the digest is read back from the copy's `ref` rather than assumed.
 * Replicated images keep their own tags, and this copy's tag is derived from the digest, so the two never claim one
 * tag of this IMMUTABLE repository.
 */
/** The copy's tag: derived from the source digest, so it never claims a tag replication brings (IMMUTABLE). */
const copyTag = (sourceDigest: pulumi.Input<string>) =>
  pulumi.output(sourceDigest).apply((d) => `copy-${d.replace(/^sha256:/, "")}`);

function copyFromPrimary(
  parent: pulumi.Resource,
  name: string,
  repo: aws.ecr.Repository,
  repositoryName: string,
  sourceDigest: pulumi.Input<string>,
  primaryProvider: aws.Provider,
): pulumi.Output<string> {
  const opt = { parent };
  const primaryOpt = { parent, provider: primaryProvider };
  // A private registry's address is <account>.dkr.ecr.<region>.amazonaws.com
  // (https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html).
  const sourceHost = pulumi.interpolate`${repo.registryId}.dkr.ecr.${aws.getRegionOutput({}, primaryOpt).region}.amazonaws.com`;
  const targetHost = repo.repositoryUrl.apply((url) => url.split("/")[0]);
  const login = (address: pulumi.Input<string>, o: pulumi.InvokeOptions) => {
    const token = aws.ecr.getAuthorizationTokenOutput({ registryId: repo.registryId }, o);
    return { address, username: token.userName, password: pulumi.secret(token.password) };
  };
  const target = login(targetHost, opt);
  const registries = new dockerBuild.Provider(
    `${name}-registries`,
    { registries: [login(sourceHost, primaryOpt), target] },
    opt,
  );
  const copy = new dockerBuild.Index(
    `${name}-copy`,
    {
      sources: [pulumi.interpolate`${sourceHost}/${repositoryName}@${sourceDigest}`],
      tag: pulumi.interpolate`${repo.repositoryUrl}:${copyTag(sourceDigest)}`,
      push: true,
      registry: target,
    },
    // Retained: removing the copy from the program (`copy: "read"`) or the stack must never delete the image a
    // running service uses, and deleting it would need the primary's registry login.
    { parent, provider: registries, dependsOn: [repo], retainOnDelete: true },
  );
  // `ref` is "the pushed tag with digest" (docker-build Index).
  return copy.ref.apply((ref) => ref.slice(ref.lastIndexOf("@") + 1));
}

/**
 * The copy an earlier run made, by its tag, from this region's registry (DescribeImages,
 * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribeImages.html): no call to the primary's
 * region, whose registry, ECR auth and STS may be down. Its digest, not the source's, since a copy of a single
 * manifest has its own (copyFromPrimary).
 */
function findCopy(
  repo: aws.ecr.Repository,
  sourceDigest: pulumi.Input<string>,
  opt: pulumi.InvokeOptions,
): pulumi.Output<string> {
  return aws.ecr.getImageOutput({ repositoryName: repo.name, imageTag: copyTag(sourceDigest) }, opt)
    .imageDigest;
}

/**
 * The storefront's container image repository. In the primary region it builds and pushes the image with
 * docker-build; in the recovery region it is the target of ECR replication and holds a copy of the primary's image,
 * made by this component (copyFromPrimary), so the image is there before the recovery service needs it.
 */
export class ImageRepository extends pulumi.ComponentResource {
  public readonly repositoryName: pulumi.Output<string>;
  public readonly repositoryUrl: pulumi.Output<string>;
  public readonly repositoryArn: pulumi.Output<string>;
  /** `<this region's repositoryUrl>@<digest>`: what task definitions reference. */
  public readonly imageRef: pulumi.Output<string>;
  public readonly digest: pulumi.Output<string>;

  constructor(name: string, args: ImageRepositoryArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("securecart:compute:ImageRepository", name, {}, opts);
    const a = requireValid(resolveImageRepositoryArgs(args, name), "ImageRepository", name, this);
    const opt = { parent: this };

    const repo = new aws.ecr.Repository(
      `${name}-repo`,
      {
        name: a.repositoryName,
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: a.kmsKeyArn }],
      },
      opt,
    );
    new aws.ecr.LifecyclePolicy(
      `${name}-lifecycle`,
      {
        repository: repo.name,
        policy: JSON.stringify({
          rules: [
            {
              rulePriority: 1,
              description: `expire untagged images after ${a.untaggedExpiryDays} days`,
              selection: {
                tagStatus: "untagged",
                countType: "sinceImagePushed",
                countUnit: "days",
                countNumber: a.untaggedExpiryDays,
              },
              action: { type: "expire" },
            },
            {
              rulePriority: 2,
              description: `keep the last ${a.keepLastImages} images`,
              selection: {
                tagStatus: "any",
                countType: "imageCountMoreThan",
                countNumber: a.keepLastImages,
              },
              action: { type: "expire" },
            },
          ],
        }),
      },
      opt,
    );

    let digest: pulumi.Output<string>;
    if (a.mode === "build") {
      const auth = aws.ecr.getAuthorizationTokenOutput({ registryId: repo.registryId }, opt);
      const image = new dockerBuild.Image(
        `${name}-image`,
        {
          context: { location: a.contextPath },
          dockerfile: { location: a.dockerfilePath },
          platforms: [dockerBuild.Platform.Linux_amd64],
          push: true,
          // A preview must not need a Docker engine or push anything.
          buildOnPreview: false,
          registries: [
            {
              address: repo.repositoryUrl.apply((url) => url.split("/")[0]),
              username: auth.userName,
              password: pulumi.secret(auth.password),
            },
          ],
          tags: [pulumi.interpolate`${repo.repositoryUrl}:${a.version!}`],
        },
        opt,
      );
      digest = image.digest;
    } else {
      // Registry-level and in the primary region, so the recovery stack owns it (DESIGN decision 1). It waits for
      // this region's repository, or replication would create one without our encryption and lifecycle settings.
      const region = aws.getRegionOutput({}, opt).region;
      new aws.ecr.ReplicationConfiguration(
        `${name}-replication`,
        {
          replicationConfiguration: {
            rules: [
              {
                destinations: [{ region, registryId: repo.registryId }],
                repositoryFilters: [{ filter: a.repositoryName, filterType: "PREFIX_MATCH" }],
              },
            ],
          },
        },
        { parent: this, provider: a.primaryProvider, dependsOn: [repo] },
      );
      digest =
        a.copy === "make"
          ? copyFromPrimary(this, name, repo, a.repositoryName, a.digest!, a.primaryProvider!)
          : findCopy(repo, a.digest!, opt);
    }

    this.repositoryName = repo.name;
    this.repositoryUrl = repo.repositoryUrl;
    this.repositoryArn = repo.arn;
    this.digest = digest;
    this.imageRef = pulumi.interpolate`${repo.repositoryUrl}@${digest}`;
    this.registerOutputs({
      repositoryUrl: this.repositoryUrl,
      imageRef: this.imageRef,
      digest: this.digest,
    });
  }
}
