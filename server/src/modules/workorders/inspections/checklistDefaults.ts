/** The checklists a new installation starts with (入户安检 items as gas, water and heating companies list them). */
import type { ChecklistItem, Utility } from '@portal/types';

export const DEFAULT_CHECKLISTS: Record<Utility, ChecklistItem[]> = {
  gas: [
    { key: 'meter', label: '燃气表外观完好、无漏气' },
    { key: 'valve', label: '表前阀门启闭灵活' },
    { key: 'riser', label: '立管、户内管无锈蚀、无私接私改' },
    { key: 'hose', label: '连接胶管未老化、未超期、无穿墙' },
    { key: 'stove', label: '灶具带熄火保护' },
    { key: 'heater', label: '热水器烟道安装规范' },
    { key: 'alarm', label: '可燃气体报警器工作正常' },
    { key: 'ventilation', label: '用气场所通风良好' },
    { key: 'leakTest', label: '检漏合格' },
  ],
  water: [
    { key: 'meter', label: '水表完好、计量正常' },
    { key: 'valve', label: '表前阀门启闭灵活' },
    { key: 'pipe', label: '入户管道无渗漏、无锈蚀' },
    { key: 'backflow', label: '无倒流污染风险(防倒流措施)' },
    { key: 'meterBox', label: '表箱完好、无占压' },
  ],
  heating: [
    { key: 'meter', label: '热量表完好、计量正常' },
    { key: 'valve', label: '进回水阀门启闭灵活' },
    { key: 'radiator', label: '散热器无渗漏' },
    { key: 'pipe', label: '户内管道无渗漏、无私改' },
    { key: 'filter', label: '过滤器无堵塞' },
  ],
};
