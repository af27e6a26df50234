/** Packages the queues feature's generated code imports at runtime. */
export const queueDependencies: Record<string, string> = {};
