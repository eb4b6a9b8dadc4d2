/** What a resident can ask for, and in which words. Codes are the server's (types/src/workorders.ts). */
import type { WorkOrderCategory, WorkOrderType } from '@portal/types';

export const typeLabels: Partial<Record<WorkOrderType, string>> = {
  repair: '故障报修',
  installation: '新装/改装',
  inspection: '预约安检',
  complaint: '投诉',
  consultation: '建议/留言',
};

type Option = { value: WorkOrderCategory; label: string };

const repair: Option[] = [
  { value: 'gasLeak', label: '燃气泄漏' },
  { value: 'noGas', label: '无气/气小' },
  { value: 'indoorFault', label: '户内管道' },
  { value: 'applianceFault', label: '燃气具故障' },
  { value: 'meterFault', label: '表具故障' },
  { value: 'waterLeak', label: '漏水' },
  { value: 'noWater', label: '停水' },
  { value: 'heatingCold', label: '暖气不热' },
  { value: 'other', label: '其他' },
];

export function categoriesFor(type: WorkOrderType): Option[] {
  return type === 'repair' ? repair : [{ value: 'other', label: '一般' }];
}

/** Types whose visit is booked into an appointment slot (listSlots / bookAppointment). */
export const takesSlot = (type: WorkOrderType) => type === 'inspection' || type === 'installation';
