/**
 * 服务设置: the service hotline and chat service hours in one place. Other features read them only
 * through what this file exports; the app mounts the feature from feature.ts.
 */
export { publicSettings, type SettingsDefaults } from './settings.service';
