import type { ChatMessage } from '@portal/types';
import { guessOrderFromChat } from './orderFromChat';

let seq = 0;
const said = (from: ChatMessage['from'], text: string): ChatMessage => ({
  id: `m${++seq}`,
  sessionId: 's1',
  seq,
  from,
  kind: 'text',
  text,
  createdAt: '2026-11-30T02:00:00.000Z',
});

describe('the order an agent opens from a conversation', () => {
  it('describes it with what the resident said, not what the agent answered', () => {
    const guess = guessOrderFromChat([
      said('resident', '厨房里有很重的燃气味'),
      said('agent', '请立即关闭阀门并开窗通风'),
      said('resident', '已经关了阀门'),
    ]);
    expect(guess).toEqual({
      type: 'repair',
      category: 'gasLeak',
      description: '厨房里有很重的燃气味\n已经关了阀门',
    });
  });

  it('takes a complaint as a complaint, whatever fault it mentions', () => {
    expect(guessOrderFromChat([said('resident', '维修师傅态度很差,热水器还是坏的')])).toMatchObject({
      type: 'complaint',
      category: 'applianceFault',
    });
  });

  it('leaves a question without a fault as a consultation with no category', () => {
    expect(guessOrderFromChat([said('resident', '请问营业厅几点下班')])).toEqual({
      type: 'consultation',
      category: undefined,
      description: '请问营业厅几点下班',
    });
  });

  it('leaves the description empty when the resident has not written anything yet', () => {
    expect(guessOrderFromChat([said('system', '客服已接入')]).description).toBeUndefined();
  });
});
