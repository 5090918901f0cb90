export * from "./secureBucket";
export * from "./ordersDatabase";
export * from "./catalogTable";
export * from "./catalogReplica";
export * from "./recommendationsCache";
export * from "./assetsBucket";
export * from "./assetsReplication";
