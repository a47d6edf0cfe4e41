// "Test connection" on the Settings page: saves what is on the form, asks the provider (free requests
// only) and shows its answer in words, with the provider's current vision models to pick from when the
// chosen one is not offered.
import { useState } from 'react';
import type { ConnectionTest } from '../../../shared/types';
import { errorMessage, useClient } from '../app/clientContext';

export interface ConnectionTestPanelProps {
  /** Saves the form first, so what is tested is what is shown; false when saving failed. */
  save: () => Promise<boolean>;
  /** Puts an offered model into the form's model field. */
  chooseModel: (model: string) => void;
  disabled: boolean;
}

export function ConnectionTestPanel({ save, chooseModel, disabled }: ConnectionTestPanelProps) {
  const client = useClient();
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<ConnectionTest | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    setTesting(true);
    setError(null);
    setResult(null);
    try {
      if (await save()) setResult(await client.api['settings.testConnection']({}));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setTesting(false);
    }
  };

  return (
    <div className="field connection-test">
      <button
        type="button"
        data-testid="settings-test-connection"
        disabled={disabled || testing}
        onClick={() => void run()}
      >
        {testing ? 'Testing…' : 'Test connection'}
      </button>
      {result ? (
        <div
          className={`callout ${result.state === 'ok' ? 'connection-ok' : 'callout-warn'}`}
          data-testid="connection-result"
          data-state={result.state}
          role="status"
        >
          <p className={result.state === 'ok' ? 'success' : undefined} data-testid="connection-message">
            {result.message}
          </p>
          {result.alternatives.length > 0 ? (
            <p className="connection-alternatives">
              Use instead:{' '}
              {result.alternatives.map((model) => (
                <button
                  key={model}
                  type="button"
                  className="pill"
                  data-testid="connection-alternative"
                  onClick={() => {
                    chooseModel(model);
                    setResult(null);
                  }}
                >
                  {model}
                </button>
              ))}
            </p>
          ) : null}
        </div>
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
