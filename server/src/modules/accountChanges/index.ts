/**
 * Account changes (过户 / 销户 online): the public face other features use. Nothing is exported yet;
 * the feature is reached through its routes (feature.ts).
 */
export {};
