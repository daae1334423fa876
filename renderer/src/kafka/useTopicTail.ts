import { useState, useSyncExternalStore } from 'react';
import { useConsoleClient } from '../app/consoleClientContext';
import { TopicTail, type TailView } from './topicTailFeed';

/** A topic tail owned by the calling component; the caller stops it when it goes away. */
export function useTopicTail(): { tail: TopicTail; view: TailView } {
  const client = useConsoleClient();
  const [tail] = useState(() => new TopicTail(client));
  const view = useSyncExternalStore(tail.subscribe, tail.getView);
  return { tail, view };
}
