/** IAM pieces every area needs. */
import * as pulumi from "@pulumi/pulumi";

/**
 * The trust policy of a role an AWS service assumes. With `sourceAccount`, the service may assume it only on
 * this account's behalf, which stops another account's use of the same service from borrowing the role
 * (the confused-deputy problem).
 */
export function serviceTrustPolicy(
  service: string,
  sourceAccount?: pulumi.Input<string>,
): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        ...(sourceAccount === undefined
          ? {}
          : { Condition: { StringEquals: { "aws:SourceAccount": sourceAccount } } }),
      },
    ],
  });
}
