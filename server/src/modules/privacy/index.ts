/** PIPL (注销 and cross-feature retention): nothing for other features. The app mounts it from feature.ts. */
export {};
