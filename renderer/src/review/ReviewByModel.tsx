import { useState } from 'react';
import { errorMessage, useClient } from '../app/clientContext';
import { useApiQuery } from '../app/useApiQuery';

/**
 * Which model wrote the captions (the model that answered, which a fallback can change), and "re-caption
 * everything model X wrote": those photos are queued and wait for the estimate's go-ahead like any other.
 */
export function ReviewByModel({ active }: { active: boolean }) {
  const client = useClient();
  const modelsQuery = useApiQuery('review.models', {}, { enabled: active });
  const models = modelsQuery.data;
  const [note, setNote] = useState<string | null>(null);
  const [actionError, setError] = useState<string | null>(null);
  const error = actionError ?? modelsQuery.error;
  const [busy, setBusy] = useState(false);

  const recaption = async (model: string) => {
    setBusy(true);
    setError(null);
    try {
      const { queued } = await client.api['queue.recaptionModel']({ model });
      setNote(
        `${queued.toLocaleString('en-US')} photo${queued === 1 ? '' : 's'} by ${model} queued for a new caption; they wait for your go-ahead on the estimate.`,
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (error) return <p className="error">{error}</p>;
  if (!models) return <p className="muted">Loading…</p>;
  if (models.length === 0) return <p className="muted">No photo has a caption from a model yet.</p>;
  return (
    <section className="review-by-model" data-testid="review-by-model">
      <table>
        <thead>
          <tr>
            <th>Model that answered</th>
            <th>Photos</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {models.map(({ model, photos }) => (
            <tr key={model} data-testid="model-row">
              <td>{model}</td>
              <td>{photos.toLocaleString('en-US')}</td>
              <td>
                <button type="button" disabled={busy} onClick={() => void recaption(model)}>
                  Re-caption all {photos.toLocaleString('en-US')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {note ? <p role="status">{note}</p> : null}
    </section>
  );
}
