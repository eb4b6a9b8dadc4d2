/**
 * 服务设置: the service hotline, chat service hours and 人工费率 in one place. Other features read them only
 * through what this file exports; the app mounts the feature from feature.ts.
 */
export { labourCostFen, labourRateFen, publicSettings, type SettingsDefaults } from './settings.service';
