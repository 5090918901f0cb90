/**
 * Imported first by every entry point that builds AWS SDK clients. On Node.js < 22 the AWS SDK for JavaScript v3
 * prints a multi-line NodeVersionSupportWarning once per process (@aws-sdk/core, emitWarningIfUnsupportedVersion,
 * run when a client is constructed). The image runs Node 22 (app/Dockerfile) and CI does too, so the warning only
 * ever reaches a developer's Node 20 terminal or test log, where nothing can be done about it. The SDK's documented
 * switch turns it off (https://github.com/aws/aws-sdk-js-v3/issues/7983: "If you cannot upgrade, you can suppress it
 * by setting AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true"); a value set in the environment wins.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export {};
