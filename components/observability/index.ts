export * from "./alertTopic";
export * from "./regionAlarms";
export * from "./healthCheckAlarm";
export * from "./patchManagement";
export * from "./primaryProbe";
