export * from "./network";
export * from "./transitGateway";
export * from "./transitGatewayPeering";
