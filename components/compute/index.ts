export * from "./ecsCapacity";
export * from "./publicLoadBalancer";
export * from "./orderApiNlb";
export * from "./imageRepository";
export * from "./storefrontService";
export * from "./orderValidationFunction";
export * from "./validate";
export * from "./siteCertificate";
