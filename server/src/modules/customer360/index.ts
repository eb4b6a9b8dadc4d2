/** The 360° customer record: nothing for other features (it composes theirs). The app mounts it from feature.ts. */
export {};
