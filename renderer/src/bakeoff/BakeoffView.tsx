import { useEffect, useState } from 'react';
import { LIMITS } from '../../../shared/contract';
import type { BakeoffEstimate, BakeoffRun } from '../../../shared/types';
import { errorMessage, useClient } from '../app/clientContext';
import { useApiQuery } from '../app/useApiQuery';
import { formatUsd } from '../spend/spendFormat';
import { UserText } from '../text/UserText';
import { byPhoto, summarise } from './bakeoffSummary';
import './bakeoff.css';
import { priceWords } from './modelPriceWords';
import { SamplePicker } from './SamplePicker';
import type { Picks } from './samplePicks';

const SLOTS = 4;
const POLL_MS = 500;

/** Pick 2–4 models and some sample photos, see the estimate, run it, compare side by side, choose one. */
export function BakeoffView({ active }: { active: boolean }) {
  const client = useClient();
  const [models, setModels] = useState<string[]>(Array(SLOTS).fill(''));
  const [count, setCount] = useState(12);
  /** Null: Shoebox picks `count` photos spread over time; else the photos the user chose. */
  const [picks, setPicks] = useState<Picks | null>(null);
  const [estimate, setEstimate] = useState<BakeoffEstimate | null>(null);
  const [run, setRun] = useState<BakeoffRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);

  // The first slot starts as the model in use.
  useApiQuery(
    'settings.get',
    {},
    {
      enabled: active,
      onData: (settings) =>
        setModels((current) => (current[0] ? current : [settings.model, ...current.slice(1)])),
    },
  );

  useEffect(() => {
    if (!run || run.finished) return;
    const timer = setTimeout(() => {
      client.api['bakeoff.results']({ runId: run.runId }).then(setRun, (e: unknown) =>
        setError(errorMessage(e)),
      );
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [client, run]);

  const picked = models.map((m) => m.trim()).filter(Boolean);
  const ask = async () => {
    setError(null);
    setRun(null);
    try {
      const samples = picks ? { photoIds: [...picks.keys()] } : { count };
      setEstimate(await client.api['bakeoff.estimate']({ ...samples, models: picked }));
    } catch (e) {
      setEstimate(null);
      setError(errorMessage(e));
    }
  };
  const start = async () => {
    if (!estimate) return;
    setError(null);
    try {
      setRun(
        await client.api['bakeoff.start']({
          photoIds: estimate.photoIds,
          models: estimate.models,
          confirmed: true,
        }),
      );
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const use = async (model: string) => {
    try {
      await client.api['bakeoff.useModel']({ model });
      setChosen(model);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <div className="view bakeoff-view">
      <section className="panel" aria-labelledby="bakeoff-heading">
        <h2 id="bakeoff-heading">Model bake-off</h2>
        <p className="muted">
          Caption a few sample photos with 2 to 4 models and compare their words, speed and cost before
          choosing one for the library. This sends real requests: you see the estimate first, and the budget
          caps apply.
        </p>
        <div className="bakeoff-models">
          {models.map((model, i) => (
            <input
              key={i}
              data-testid={`bakeoff-model-${i}`}
              aria-label={`Model ${i + 1}`}
              placeholder={i < 2 ? 'model id' : 'model id (optional)'}
              value={model}
              onChange={(event) => setModels(models.map((m, j) => (j === i ? event.target.value : m)))}
            />
          ))}
        </div>
        <fieldset className="field" data-testid="bakeoff-samples">
          <legend>Sample photos</legend>
          <label>
            <input
              type="radio"
              name="bakeoff-samples"
              data-testid="bakeoff-samples-auto"
              checked={picks === null}
              onChange={() => setPicks(null)}
            />{' '}
            Let Shoebox pick{' '}
            <input
              id="bakeoff-count"
              data-testid="bakeoff-count"
              aria-label="How many photos Shoebox picks"
              type="number"
              min={LIMITS.bakeoffSamples.min}
              max={LIMITS.bakeoffSamples.max}
              value={count}
              onChange={(event) =>
                setCount(Math.min(30, Math.max(1, Math.round(Number(event.target.value) || 1))))
              }
            />{' '}
            varied ones (spread over time)
          </label>
          <label>
            <input
              type="radio"
              name="bakeoff-samples"
              data-testid="bakeoff-samples-chosen"
              checked={picks !== null}
              onChange={() => setPicks((current) => current ?? new Map())}
            />{' '}
            Choose them myself
          </label>
          {picks !== null ? <SamplePicker picks={picks} onPicks={setPicks} /> : null}
        </fieldset>
        <div className="button-row">
          <button
            type="button"
            data-testid="bakeoff-estimate"
            disabled={picked.length < 2 || (picks !== null && picks.size === 0)}
            onClick={() => void ask()}
          >
            Estimate
          </button>
          {estimate ? (
            <button
              type="button"
              className="primary"
              data-testid="bakeoff-run"
              disabled={run !== null && !run.finished}
              onClick={() => void start()}
            >
              Run for about {formatUsd(estimate.totalUsd)}
            </button>
          ) : null}
        </div>
        {error ? <p className="error">{error}</p> : null}
        {estimate ? (
          <>
            <p data-testid="bakeoff-estimate-text">
              {estimate.photoIds.length} photos × {estimate.models.length} models on {estimate.providerLabel}:
              about {formatUsd(estimate.totalUsd)} (
              {estimate.perModel.map((m) => `${m.model} ${formatUsd(m.costUsd)}`).join(', ')}).
            </p>
            <ul className="muted" data-testid="bakeoff-prices">
              {estimate.perModel.map((m) => (
                <li key={m.model} data-testid="bakeoff-price">
                  {m.model}: {priceWords(m) ?? 'price not known'}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {chosen ? (
          <p className="notice" role="status" data-testid="bakeoff-chosen">
            The library now uses {chosen}.
          </p>
        ) : null}
      </section>
      {run ? <BakeoffTable run={run} onUse={(model) => void use(model)} /> : null}
    </div>
  );
}

function BakeoffTable({ run, onUse }: { run: BakeoffRun; onUse: (model: string) => void }) {
  const client = useClient();
  const summaries = summarise(run.models, run.results);
  return (
    <section className="panel" aria-label="Bake-off results" data-testid="bakeoff-results">
      <p className="muted" data-testid="bakeoff-progress">
        {run.finished ? 'Done' : 'Running'}: {run.done} of {run.total} answers
        {run.stoppedBecause ? ` · stopped: ${run.stoppedBecause}` : ''}
      </p>
      <table className="bakeoff-table">
        <thead>
          <tr>
            <th>Photo</th>
            {summaries.map((s) => (
              <th key={s.model} data-testid="bakeoff-model-column">
                <div>{s.model}</div>
                <div className="muted">
                  {formatUsd(s.costUsd)} in all
                  {s.meanLatencyMs !== null ? ` · ${Math.round(s.meanLatencyMs)} ms a photo` : ''}
                  {s.failed > 0 ? ` · ${s.failed} failed` : ''}
                </div>
                <button
                  type="button"
                  data-testid="bakeoff-use"
                  disabled={!run.finished}
                  onClick={() => onUse(s.model)}
                >
                  Use this model
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {byPhoto(run.photoIds, run.results).map((row) => (
            <tr key={row.photoId} data-testid="bakeoff-row">
              <td>
                {row.hash ? <img src={client.imageUrl(row.hash, 'thumb')} alt="" width={96} /> : null}
                <div className="muted">{row.fileName ? <UserText text={row.fileName} /> : null}</div>
              </td>
              {run.models.map((model) => {
                const answer = row.answers.get(model);
                return (
                  <td key={model} data-testid="bakeoff-cell">
                    {!answer ? (
                      <span className="muted">…</span>
                    ) : answer.caption !== null ? (
                      <>
                        <div data-testid="bakeoff-caption">
                          <UserText text={answer.caption} />
                        </div>
                        <div className="muted">
                          <UserText text={answer.tags.join(', ')} />
                        </div>
                        <div className="muted">
                          {answer.latencyMs ?? '–'} ms · {formatUsd(answer.costUsd ?? 0)}
                        </div>
                      </>
                    ) : (
                      <span className="error">{answer.error}</span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
