/**
 * The plan benchmark's baseline: the same process start-up (Node, @pulumi/pulumi, @pulumi/aws, the mocks)
 * registering one resource. A plan's ratio to this is its cost beyond the fixed start-up.
 */
import * as aws from "@pulumi/aws";
import { runUnderMocks } from "../plan/runUnderMocks";

runUnderMocks(() => {
  new aws.s3.Bucket("bare");
}).then((r) => {
  if (r.resources.length !== 1)
    throw new Error(`expected one resource, registered ${r.resources.length}`);
});
