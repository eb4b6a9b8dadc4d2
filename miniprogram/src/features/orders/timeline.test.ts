import { currentStepIndex, orderStateLabel, toStepItems, toTimelineItems } from './timeline';

const timeline = [
  { at: '2026-11-24T01:00:00.000Z', node: 'created', label: '已受理', text: '您的报修已受理' },
  {
    at: '2026-11-24T03:30:00.000Z',
    node: 'onsite',
    label: '已上门',
    text: '师傅已到达',
    photos: ['/api/uploads/a'],
  },
  { at: '2026-11-24T02:00:00.000Z', node: 'dispatched', label: '已派单', text: '已安排王师傅' },
];

describe('work order timeline as the resident reads it', () => {
  it('shows the newest step first, in Shanghai time, marked as latest', () => {
    const items = toTimelineItems(timeline);
    expect(items.map((i) => i.title)).toEqual(['已上门', '已派单', '已受理']);
    expect(items[0]).toMatchObject({ latest: true, time: '11月24日 11:30', photos: ['/api/uploads/a'] });
    expect(items.slice(1).every((i) => !i.latest)).toBe(true);
    expect(new Set(items.map((i) => i.key)).size).toBe(3);
  });

  it('does not reorder the input it was given', () => {
    toTimelineItems(timeline);
    expect(timeline[0].node).toBe('created');
  });

  it('maps steps to done / current / todo and finds the current one', () => {
    const steps = [
      { key: 'accept', label: '受理', done: true, current: false },
      { key: 'onsite', label: '上门', done: false, current: true },
      { key: 'done', label: '完成', done: false, current: false },
    ];
    expect(toStepItems(steps).map((s) => s.state)).toEqual(['done', 'current', 'todo']);
    expect(currentStepIndex(steps)).toBe(1);
    expect(currentStepIndex(steps.map((s) => ({ ...s, current: false, done: true })))).toBe(2);
    expect(orderStateLabel('resolved')).toBe('已完成');
  });
});
