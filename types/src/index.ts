/**
 * The API contract. Every request and response body is a zod schema here; the server validates with
 * them and publishes /openapi.json from them; the apps import their inferred types.
 * One file per feature; add yours and export it below.
 */
export { z } from './zod';
export * from './common';
export * from './workorders';
export * from './inspections';
export * from './accountChanges';
export * from './supply';
export * from './fieldWork';
export * from './uploads';
export * from './billing';
export * from './paymentsDesk';
export * from './tariffs';
export * from './invoices';
export * from './billInsights';
export * from './accounts';
export * from './messaging';
export * from './notices';
export * from './chat';
export * from './kpi';
export * from './residentContact';
export * from './holidays';
export * from './serviceInfo';
export * from './settings';
export * from './errorCodes';
export * from './pages';
