export * from "./resilienceHubPolicy";
export * from "./fisExperiment";
export * from "./regionSwitchWorkflow";
export * from "./regionSwitchPolicy";
export * from "./regionSwitchPlan";
export * from "./regionSwitchActions";
export * from "./rebuildReadiness";
