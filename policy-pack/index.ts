// Entry point for `pulumi preview --policy-pack policy-pack`. The only place that constructs the pack
// (its constructor starts the analyzer's gRPC server).
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("securecart-dr", { policies });
