/** KPI cockpit: nothing for other features yet (it reads theirs). The app mounts the feature from feature.ts. */
export {};
