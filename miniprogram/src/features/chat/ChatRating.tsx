/**
 * The resident rates a closed conversation (rateChatSession): stars and an optional comment, once;
 * afterwards the rating given is shown instead. Only a conversation an agent answered can be rated.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Textarea } from '@tarojs/components';
import { Button, Rate } from '@nutui/nutui-react-taro';
import type { ChatSession } from '@portal/types';
import { api } from '../../services/api';
import { errorMessage } from '../../services/errors';

type Props = { session: ChatSession; onRated: (s: ChatSession) => void };

export function ChatRating({ session, onRated }: Props) {
  const [score, setScore] = useState(5);
  const [comment, setComment] = useState('');
  const [saving, setSaving] = useState(false);
  if (!session.agentId) return null;
  if (session.rating)
    return (
      <View className="chat__rating" aria-label="我的评价">
        <Text>您的评价</Text>
        <Rate value={session.rating.score} readOnly />
        {session.rating.comment && <View className="muted">{session.rating.comment}</View>}
      </View>
    );
  const submit = async () => {
    setSaving(true);
    try {
      const rated = await api.call('rateChatSession', {
        params: { sessionId: session.id },
        body: { score, comment: comment.trim() || undefined },
      });
      Taro.showToast({ title: '感谢您的评价', icon: 'success' });
      onRated(rated);
    } catch (e) {
      Taro.showToast({ title: errorMessage(e), icon: 'none' });
    } finally {
      setSaving(false);
    }
  };
  return (
    <View className="chat__rating" aria-label="评价本次服务">
      <Text>{`请为 ${session.agentName ?? '客服'} 的服务打分`}</Text>
      <Rate value={score} onChange={(v) => setScore(v)} />
      <Textarea
        className="chat__rating-comment"
        aria-label="评价内容"
        placeholder="说说您的感受(选填)"
        maxlength={300}
        value={comment}
        onInput={(e) => setComment(e.detail.value)}
      />
      <Button block type="primary" loading={saving} disabled={saving} onClick={submit}>
        提交评价
      </Button>
    </View>
  );
}
