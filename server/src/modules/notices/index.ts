/** Outage notices: nothing for other features yet. The app mounts the feature from feature.ts. */
export {};
