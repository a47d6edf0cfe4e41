import { useEffect, useRef, useState, type FormEvent } from 'react';
import { PROVIDERS, PROVIDER_IDS } from '../../../shared/providers';
import type { ProviderId, SpendReport } from '../../../shared/types';
import { errorMessage, useClient } from '../app/clientContext';
import { useApiQuery } from '../app/useApiQuery';
import { dailyBars, formatUsd } from './spendFormat';
import {
  draftFrom,
  keepEdits,
  PRICE_FIELDS,
  priceFieldName,
  updateFrom,
  type CapField,
  type FieldName,
  type PriceField,
  type SpendDraft,
} from './spendForm';
import './spend.css';

const CHART = { width: 600, height: 120 };
const SAVED_NOTICE_MS = 2000;

/** Where the money went: totals, a daily chart, the ledger, and the caps that bound it. */
export function SpendView({ active }: { active: boolean }) {
  const client = useClient();
  const [formError, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [draft, setDraft] = useState<SpendDraft | null>(null);
  // The fields the user has changed since the form last showed the stored settings. A report resets every
  // other field whenever it lands, and these never: the reply to opening the page can arrive after the user
  // has started typing. Opening the page forgets them, so unsaved edits of an earlier visit are dropped.
  const edited = useRef(new Set<FieldName>());
  useEffect(() => {
    if (active) edited.current.clear();
  }, [active]);
  const savedTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(savedTimer.current), []);

  const reportQuery = useApiQuery(
    'spend.report',
    {},
    {
      enabled: active,
      refetchOn: ['photos.changed'],
      throttleMs: 1000,
      onData: (next) => {
        const keep = new Set(edited.current);
        setDraft((current) => keepEdits(draftFrom(next), current, keep));
      },
    },
  );
  const report = reportQuery.data;
  const error = formError ?? reportQuery.error;

  const edit = (field: FieldName, change: (current: SpendDraft) => SpendDraft) => {
    edited.current.add(field);
    setDraft((current) => (current ? change(current) : current));
  };
  const editCap = (field: CapField, text: string) =>
    edit(field, (current) => ({ ...current, caps: { ...current.caps, [field]: text } }));
  const editPrice = (id: ProviderId, field: PriceField, text: string) =>
    edit(priceFieldName(id, field), (current) => ({
      ...current,
      prices: { ...current.prices, [id]: { ...current.prices[id], [field]: text } },
    }));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    // A notice left from an earlier save must not stand for this one while it is on its way.
    clearTimeout(savedTimer.current);
    setSaved(false);
    if (!draft) return;
    const checked = updateFrom(draft);
    if ('error' in checked) {
      setError(checked.error);
      return;
    }
    try {
      const next: SpendReport = await client.api['spend.updateSettings'](checked.update);
      reportQuery.setData(next);
      edited.current.clear();
      setDraft(draftFrom(next));
      setError(null);
      setSaved(true);
      savedTimer.current = setTimeout(() => setSaved(false), SAVED_NOTICE_MS);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const exportCsv = async () => {
    try {
      const { csv } = await client.api['spend.ledgerCsv']({});
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = 'shoebox-ledger.csv';
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  if (!report)
    return (
      <div className="view spend-view">
        {error ? <p className="error">{error}</p> : <p className="muted">Loading…</p>}
      </div>
    );
  const bars = dailyBars(report.daily, CHART.width, CHART.height);

  return (
    <div className="view spend-view">
      <section className="panel" aria-labelledby="spend-heading">
        <h2 id="spend-heading">Spend</h2>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="spend-totals">
          <div>
            <span className="muted">Today</span>
            <strong data-testid="spend-today">{formatUsd(report.today)}</strong>
          </div>
          <div>
            <span className="muted">This month</span>
            <strong data-testid="spend-month">{formatUsd(report.month)}</strong>
          </div>
          <div>
            <span className="muted">All time</span>
            <strong data-testid="spend-total">{formatUsd(report.total)}</strong>
          </div>
          <div>
            <span className="muted">Per photo</span>
            <strong>{report.averagePerPhoto === null ? '—' : formatUsd(report.averagePerPhoto)}</strong>
          </div>
          <div>
            <span className="muted">Estimates off by</span>
            <strong data-testid="spend-estimate-error">
              {report.estimateError === null ? '—' : `${(report.estimateError * 100).toFixed(1)}%`}
            </strong>
          </div>
          {report.balance ? (
            <div>
              <span className="muted">Balance at {PROVIDERS[report.balance.provider].label}</span>
              <strong data-testid="spend-balance">
                {report.balance.error ??
                  (report.balance.remainingUsd === null
                    ? 'no limit'
                    : formatUsd(report.balance.remainingUsd))}
              </strong>
            </div>
          ) : null}
        </div>
        <svg
          className="spend-chart"
          data-testid="spend-chart"
          viewBox={`0 0 ${CHART.width} ${CHART.height}`}
          role="img"
          aria-label="Spend per day over the last 30 days"
        >
          {bars.map((bar) => (
            <rect key={bar.day} x={bar.x} y={bar.y} width={bar.width} height={bar.height}>
              <title>{`${bar.day}: ${formatUsd(bar.cost)}`}</title>
            </rect>
          ))}
        </svg>
        <p className="muted chart-axis">
          <span>{report.daily[0]?.day}</span>
          <span>{report.daily.at(-1)?.day}</span>
        </p>
        {report.byProviderModel.length > 0 ? (
          <table className="spend-table">
            <thead>
              <tr>
                <th>Provider</th>
                <th>Model</th>
                <th>Calls</th>
                <th>Billed</th>
                <th>Photos</th>
                <th>Cost</th>
              </tr>
            </thead>
            <tbody>
              {report.byProviderModel.map((row) => (
                <tr key={`${row.provider}/${row.model}`}>
                  <td>{PROVIDERS[row.provider as ProviderId]?.label ?? row.provider}</td>
                  <td>{row.model}</td>
                  <td>{row.calls.toLocaleString('en-US')}</td>
                  <td>{row.billedCalls.toLocaleString('en-US')}</td>
                  <td>{row.photos.toLocaleString('en-US')}</td>
                  <td>{formatUsd(row.cost)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">No calls to a provider yet.</p>
        )}
        <button type="button" data-testid="spend-export" onClick={() => void exportCsv()}>
          Export ledger (CSV)
        </button>
      </section>

      <form
        className="panel spend-form"
        onSubmit={(event) => void save(event)}
        aria-labelledby="caps-heading"
      >
        <h2 id="caps-heading">Limits</h2>
        <p className="muted">
          Before each request Shoebox sets aside the most it can cost; at a limit the queue stops. Leave a
          field empty for no limit.
        </p>
        <div className="caps-grid">
          {(
            [
              ['daily', 'Daily limit ($)', 'spend-daily-cap'],
              ['monthly', 'Monthly limit ($)', 'spend-monthly-cap'],
              ['total', 'Total limit ($)', 'spend-total-cap'],
              ['allowance', 'New photos captioned without asking, per day ($)', 'spend-allowance'],
            ] as const
          ).map(([key, label, testId]) => (
            <label key={key}>
              {label}
              <input
                inputMode="decimal"
                data-testid={testId}
                value={draft?.caps[key] ?? ''}
                onChange={(event) => editCap(key, event.target.value)}
              />
            </label>
          ))}
        </div>
        <h3>Prices (as of {report.pricesAsOf}; change them if your provider&apos;s differ)</h3>
        {draft ? (
          <table className="spend-table prices">
            <thead>
              <tr>
                <th>Provider</th>
                <th>$ / M input tokens</th>
                <th>$ / M output tokens</th>
                <th>$ / 1,000 images</th>
              </tr>
            </thead>
            <tbody>
              {PROVIDER_IDS.map((id) => (
                <tr key={id}>
                  <td>{PROVIDERS[id].label}</td>
                  {PRICE_FIELDS.map((field) => (
                    <td key={field}>
                      <input
                        inputMode="decimal"
                        aria-label={`${PROVIDERS[id].label} ${field}`}
                        value={draft.prices[id][field]}
                        onChange={(event) => editPrice(id, field, event.target.value)}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <button type="submit" className="primary" data-testid="spend-save">
          Save limits and prices
        </button>
        {saved ? <span className="muted"> Saved.</span> : null}
      </form>
    </div>
  );
}
