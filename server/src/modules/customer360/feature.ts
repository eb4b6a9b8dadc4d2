/** The 360° customer record: one staff endpoint composing the sections other features provide. */
import type { Feature } from '../../platform/feature';
import { customer360Routes } from './customer360.routes';

export const customer360Feature: Feature = { name: 'customer360', routes: customer360Routes };
