import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createBackupServiceRole } from "../backup/backupRules";
import { createHostProfile } from "../compute/ecsCapacity";
import {
  ORDER_VALIDATION_POLICIES,
  orderValidationNamePrefixes,
  validationDlqStatements,
} from "../compute/orderValidationFunction";
import {
  StorefrontRoles,
  storefrontTaskStatements,
  TASK_EXECUTION_POLICY,
} from "../compute/storefrontService";
import { masterPassword } from "../data/ordersDatabase";
import { serviceTrustPolicy } from "../iam";
import { Resolved, requireValid } from "../lib/resolveArgs";

export interface RebuildReadinessArgs {
  /** The recovery region, where the rebuild runs. Required. */
  readonly region: string;
  /** The catalog table's name: the runbook restores the DR vault's copy under the primary's name. Required. */
  readonly catalogTableName: pulumi.Input<string>;
  /** Logical name of the rebuilt order-validation component (its function and queue names start with it). Required. */
  readonly orderValidationName: string;
  /** The routing switch object the rebuilt storefront polls as its write fence. Required. */
  readonly writeFence: {
    readonly bucket: pulumi.Input<string>;
    readonly key: pulumi.Input<string>;
  };
  /** Master user name of the restored cluster (the snapshot's). Defaults to `securecart`. */
  readonly masterUsername?: string;
  /** Database the storefront connects to (the snapshot's). Defaults to `orders`. */
  readonly databaseName?: string;
}

/** RebuildReadinessArgs with every default applied. */
export type ResolvedRebuildReadinessArgs = Required<RebuildReadinessArgs>;

/** RebuildReadinessArgs with every default applied (nothing to reject: the names come from the stack). */
export function resolveRebuildReadinessArgs(
  args: RebuildReadinessArgs,
): Resolved<ResolvedRebuildReadinessArgs> {
  return {
    args: {
      ...args,
      masterUsername: args.masterUsername ?? "securecart",
      databaseName: args.databaseName ?? "orders",
    },
    errors: [],
  };
}

/** What a rebuilt region uses instead of creating IAM: every role it needs, and its database credentials. */
export interface RebuildIdentities {
  readonly hostInstanceProfileArn: pulumi.Output<string>;
  readonly storefront: StorefrontRoles;
  readonly orderValidationRoleArn: pulumi.Output<string>;
  readonly backupRoleArn: pulumi.Output<string>;
  /** Secrets Manager secret in this region: {username, password, engine, dbname}. */
  readonly dbSecretArn: pulumi.Output<string>;
  /** The password the restored cluster is given (the snapshot's own is RDS-managed in the lost region). */
  readonly dbPassword: pulumi.Output<string>;
}

/**
 * backup-restore, recovery stack: what a rebuild of this region needs from IAM, made ahead of any outage (DESIGN.md
 * decision 15). IAM is a global service whose control plane is in us-east-1: during a us-east-1 outage roles
 * can be used but not created or changed (AWS Fault Isolation Boundaries, "Global services":
 * https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/global-services.html). So the roles
 * exist now, and their policies name what the rebuild will create by the names it will have: the catalog table
 * by the name the runbook restores it under, the function and queue by their auto-name prefixes, the credentials
 * by this secret. Service-linked roles (ECS, ELB, RDS, ElastiCache, Auto Scaling, Backup) are per account and
 * already exist: the primary's deploy created them.
 *
 * The database credentials are made here too: a restored cluster keeps the master password of the snapshot, which
 * was RDS-managed in the primary region's Secrets Manager (backup-restore, DESIGN.md decision 3), out of reach
 * while that region is down. The rebuild sets this password on the restored cluster. The secret uses Secrets
 * Manager's AWS-managed key, which needs no grant in the task role.
 */
export class RebuildReadiness extends pulumi.ComponentResource implements RebuildIdentities {
  public readonly hostInstanceProfileArn: pulumi.Output<string>;
  public readonly storefront: StorefrontRoles;
  public readonly orderValidationRoleArn: pulumi.Output<string>;
  public readonly backupRoleArn: pulumi.Output<string>;
  public readonly dbSecretArn: pulumi.Output<string>;
  public readonly dbPassword: pulumi.Output<string>;

  constructor(
    name: string,
    args: RebuildReadinessArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    super("securecart:resilience:RebuildReadiness", name, {}, opts);
    const a = requireValid(resolveRebuildReadinessArgs(args), "RebuildReadiness", name, this);
    const opt = { parent: this };
    const account = aws.getCallerIdentityOutput({}, opt).accountId;
    const arn = (service: string, resource: pulumi.Input<string>) =>
      pulumi.interpolate`arn:aws:${service}:${a.region}:${account}:${resource}`;

    const password = masterPassword(`${name}-db-password`, opt);
    const secret = new aws.secretsmanager.Secret(
      `${name}-db-credentials`,
      { description: `${name}: master credentials a rebuilt orders database is given` },
      opt,
    );
    new aws.secretsmanager.SecretVersion(
      `${name}-db-credentials`,
      {
        secretId: secret.id,
        secretString: pulumi.secret(
          pulumi.jsonStringify({
            username: a.masterUsername,
            password: password.result,
            engine: "postgres",
            dbname: a.databaseName,
          }),
        ),
      },
      opt,
    );

    const hostProfile = createHostProfile(`${name}-ecs`, opt);

    const assumeByTasks = serviceTrustPolicy("ecs-tasks.amazonaws.com");
    const execution = new aws.iam.Role(
      `${name}-storefront-execution`,
      { assumeRolePolicy: assumeByTasks },
      opt,
    );
    new aws.iam.RolePolicyAttachment(
      `${name}-storefront-execution`,
      { role: execution.name, policyArn: TASK_EXECUTION_POLICY },
      opt,
    );
    const prefixes = orderValidationNamePrefixes(a.orderValidationName);
    const task = new aws.iam.Role(
      `${name}-storefront-task`,
      { assumeRolePolicy: assumeByTasks },
      opt,
    );
    const taskStatements = storefrontTaskStatements({
      catalogTableArn: arn("dynamodb", pulumi.interpolate`table/${a.catalogTableName}`),
      dbSecretArn: secret.arn,
      orderValidationFunctionArn: arn("lambda", `function:${prefixes.functionName}*`),
      writeFence: a.writeFence,
      region: a.region,
    });
    new aws.iam.RolePolicy(
      `${name}-storefront-task`,
      {
        role: task.id,
        policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: taskStatements }),
      },
      opt,
    );

    const validation = new aws.iam.Role(
      `${name}-order-validation`,
      { assumeRolePolicy: serviceTrustPolicy("lambda.amazonaws.com") },
      opt,
    );
    for (const [key, policyArn] of Object.entries(ORDER_VALIDATION_POLICIES)) {
      new aws.iam.RolePolicyAttachment(
        `${name}-order-validation-${key}`,
        { role: validation.name, policyArn },
        opt,
      );
    }
    // The rebuilt queue uses SQS's AWS-managed key, which needs no grant.
    const dlqStatements = validationDlqStatements(arn("sqs", `${prefixes.dlqName}*`));
    new aws.iam.RolePolicy(
      `${name}-order-validation-dlq`,
      {
        role: validation.id,
        policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: dlqStatements }),
      },
      opt,
    );

    const backup = createBackupServiceRole(`${name}-backup`, opt);

    this.hostInstanceProfileArn = hostProfile.arn;
    this.storefront = { executionRoleArn: execution.arn, taskRoleArn: task.arn };
    this.orderValidationRoleArn = validation.arn;
    this.backupRoleArn = backup.role.arn;
    this.dbSecretArn = secret.arn;
    this.dbPassword = pulumi.secret(password.result);
    this.registerOutputs({ dbSecretArn: this.dbSecretArn });
  }
}
