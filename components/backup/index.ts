export * from "./backupRules";
export * from "./backupVault";
export * from "./backupPlan";
export * from "./crossRegionBackupCopy";
