/** Packages the docs feature's generated code imports at runtime. */
export const docsDependencies: Record<string, string> = {};
