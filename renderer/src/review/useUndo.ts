import { useCallback, useState } from 'react';
import { errorMessage, useClient } from '../app/clientContext';

/** The last action's words ("Accepted all suggestions on a.jpg") and an undo that says what it reverted. */
export function useUndo(onChanged: () => void) {
  const client = useClient();
  const [notice, setNotice] = useState<{ text: string; kind: 'done' | 'undone' | 'error' } | null>(null);

  const done = useCallback((label: string) => setNotice({ text: label, kind: 'done' }), []);
  const failed = useCallback((error: unknown) => setNotice({ text: errorMessage(error), kind: 'error' }), []);
  const undo = useCallback(async () => {
    try {
      const undone = await client.api['review.undo']({});
      setNotice(
        undone
          ? { text: `Undone: ${undone.label}`, kind: 'undone' }
          : { text: 'Nothing to undo.', kind: 'undone' },
      );
      onChanged();
    } catch (error) {
      failed(error);
    }
  }, [client, onChanged, failed]);
  return { notice, done, failed, undo };
}
