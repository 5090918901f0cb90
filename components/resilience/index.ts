export * from "./resilienceHubPolicy";
export * from "./disasterRecoveryReplication";
export * from "./fisExperiment";
export * from "./regionSwitchPlan";
