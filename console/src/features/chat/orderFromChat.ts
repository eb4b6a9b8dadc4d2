/** What a conversation suggests for the order the agent opens from it (the agent checks and edits it). */
import type { CreateWorkOrderFromChatBody, WorkOrderCategory } from '@portal/types';
import type { ChatMessage } from './types';

/** Words residents use, most specific first: the first match wins. */
const CATEGORY_WORDS: Array<[RegExp, WorkOrderCategory]> = [
  [/漏气|燃气味|煤气味|气味|泄漏/, 'gasLeak'],
  [/没气|无气|停气|打不着火/, 'noGas'],
  [/燃气灶|热水器|壁挂炉|灶具/, 'applianceFault'],
  [/表.*(坏|故障|不走|不转)|水表|气表|燃气表/, 'meterFault'],
  [/漏水|爆管|渗水/, 'waterLeak'],
  [/没水|无水|停水/, 'noWater'],
  [/水质|发黄|浑浊|异味/, 'waterQuality'],
  [/水压|压力低|水小|火小/, 'lowPressure'],
  [/暖气.*(不热|凉)|不热/, 'heatingCold'],
];

export function guessOrderFromChat(
  messages: ChatMessage[],
): Pick<CreateWorkOrderFromChatBody, 'type' | 'category' | 'description'> {
  const said = messages
    .filter((m) => m.from === 'resident' && m.kind === 'text' && m.text)
    .map((m) => m.text as string);
  const text = said.join('\n');
  const category = CATEGORY_WORDS.find(([re]) => re.test(text))?.[1];
  const type = /投诉|不满意|态度/.test(text)
    ? 'complaint'
    : /过户/.test(text)
      ? 'accountTransfer'
      : /销户/.test(text)
        ? 'accountClose'
        : category
          ? 'repair'
          : 'consultation';
  return { type, category, description: text.slice(0, 2000) || undefined };
}
