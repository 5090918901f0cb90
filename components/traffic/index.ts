export * from "./deepHealthCheck";
export * from "./simpleRecord";
export * from "./failoverRecord";
export * from "./acceleratorEndpointGroup";
export * from "./globalAcceleratorFrontDoor";
export * from "./routingSwitch";
export * from "./healthGate";
export * from "./arcRoutingControl";
