/** Packages the resilience feature's generated code imports at runtime. */
export const resilienceDependencies: Record<string, string> = {};
