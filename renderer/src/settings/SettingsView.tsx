import { useState, type FormEvent } from 'react';
import { LIMITS } from '../../../shared/contract';
import { PRICES_AS_OF, PROVIDERS, PROVIDER_IDS } from '../../../shared/providers';
import type { ProviderId, Settings, SettingsUpdate } from '../../../shared/types';
import { errorMessage, useClient } from '../app/clientContext';
import { useApiQuery } from '../app/useApiQuery';
import { estimatePhotoCost, formatUsd } from './costEstimate';
import { ConnectionTestPanel } from './ConnectionTestPanel';
import { languageChoices, languageLabel } from './captionLanguages';
import { AboutPanel } from './AboutPanel';
import './settings.css';

interface Draft {
  provider: ProviderId | null;
  baseUrl: string;
  model: string;
  concurrency: number;
  uploadMaxPx: number;
  uploadMetadata: boolean;
  promptWithExisting: boolean;
  /** null follows the system's language. */
  captionLanguage: string | null;
  groupBursts: boolean;
  /** The fallback models, one per line or comma-separated, in the order they are tried. */
  fallbackModels: string;
}

function modelList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((model) => model.trim())
    .filter(Boolean);
}

/** An on/off setting with what it means under it. */
function CheckboxField(props: {
  testId: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: string;
  hint: string;
}) {
  return (
    <div className="field">
      <label className="checkbox">
        <input
          type="checkbox"
          data-testid={props.testId}
          checked={props.checked}
          onChange={(event) => props.onChange(event.target.checked)}
        />
        {props.label}
      </label>
      <p className="hint">{props.hint}</p>
    </div>
  );
}

function draftFrom(settings: Settings): Draft {
  return {
    provider: settings.provider,
    baseUrl: settings.baseUrl,
    model: settings.model,
    concurrency: settings.concurrency,
    uploadMaxPx: settings.uploadMaxPx,
    uploadMetadata: settings.uploadMetadata,
    promptWithExisting: settings.promptWithExisting,
    captionLanguage: settings.captionLanguageChosen ? settings.captionLanguage : null,
    groupBursts: settings.groupBursts,
    fallbackModels: settings.fallbackModels.join('\n'),
  };
}

function keyState(settings: Settings): string {
  if (!settings.hasKey) return 'No key set';
  if (settings.keySource === 'environment') return 'Key set (from environment)';
  return 'Key set (from settings)';
}

export function SettingsView({ active }: { active: boolean }) {
  const client = useClient();
  const [draft, setDraft] = useState<Draft | null>(null);
  const settingsQuery = useApiQuery(
    'settings.get',
    {},
    { enabled: active, onData: (loaded) => setDraft(draftFrom(loaded)) },
  );
  const settings = settingsQuery.data;
  const setSettings = settingsQuery.setData;
  // The prices the queue and the Spend page use: the dated table with the user's overrides applied.
  const prices = useApiQuery('spend.report', {}, { enabled: active }).data?.prices;
  const [key, setKey] = useState('');
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [actionError, setError] = useState<string | null>(null);
  const error = actionError ?? settingsQuery.error;

  if (!settings || !draft) {
    return (
      <div className="view settings-view">
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : (
          <p className="muted">Loading settings…</p>
        )}
      </div>
    );
  }

  const locked = settings.fromEnvironment;
  const preset = draft.provider ? PROVIDERS[draft.provider] : null;
  const isCustom = draft.provider === 'custom';
  const estimate = estimatePhotoCost(draft.uploadMaxPx, prices?.[draft.provider ?? 'custom']);
  const update = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setMessage(null);
  };

  const onProviderChange = (value: string) => {
    const provider = value ? (value as ProviderId) : null;
    const next = provider ? PROVIDERS[provider] : null;
    update({
      provider,
      model:
        provider === 'custom' ? (settings.provider === 'custom' ? settings.model : '') : (next?.model ?? ''),
      baseUrl:
        provider === 'custom'
          ? settings.provider === 'custom'
            ? settings.baseUrl
            : ''
          : (next?.baseUrl ?? ''),
    });
  };

  /** Saves the form; true when it was saved. A preset's own model is stored as "the preset's default". */
  const persist = async (): Promise<boolean> => {
    setSaving(true);
    setError(null);
    setMessage(null);
    try {
      const changes: SettingsUpdate = {
        concurrency: draft.concurrency,
        uploadMaxPx: draft.uploadMaxPx,
        uploadMetadata: draft.uploadMetadata,
        promptWithExisting: draft.promptWithExisting,
        captionLanguage: draft.captionLanguage,
        groupBursts: draft.groupBursts,
      };
      // Each provider has its own list: send it only when edited, so switching provider keeps the new one's.
      if (draft.fallbackModels !== draftFrom(settings).fallbackModels && draft.provider !== null) {
        changes.fallbackModels = modelList(draft.fallbackModels);
      }
      if (!locked) {
        changes.provider = draft.provider;
        if (isCustom) {
          changes.baseUrl = draft.baseUrl.trim();
          changes.model = draft.model.trim();
        } else if (preset) {
          const model = draft.model.trim();
          changes.model = model === preset.model ? '' : model;
        }
      }
      let saved = await client.api['settings.update'](changes);
      if (key.trim() && draft.provider) {
        saved = await client.api['settings.setKey']({ provider: draft.provider, key: key.trim() });
        setKey('');
      }
      setSettings(saved);
      setDraft(draftFrom(saved));
      setMessage('Saved.');
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setSaving(false);
    }
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    await persist();
  };

  const forgetKey = async () => {
    if (!settings.provider) return;
    try {
      const saved = await client.api['settings.setKey']({ provider: settings.provider, key: null });
      setSettings(saved);
      setMessage('Stored key removed.');
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <div className="view settings-view">
      <form className="panel settings-form" onSubmit={(event) => void save(event)}>
        <h2>Captioning provider</h2>
        {locked ? (
          <p className="callout">
            The provider is set by environment variables (SHOEBOX_PROVIDER…), so it is shown read-only here.
          </p>
        ) : null}

        <div className="field">
          <label htmlFor="settings-provider">Provider</label>
          <select
            id="settings-provider"
            data-testid="settings-provider"
            value={draft.provider ?? ''}
            disabled={locked}
            onChange={(event) => onProviderChange(event.target.value)}
          >
            <option value="">None (captioning off)</option>
            {PROVIDER_IDS.map((id) => (
              <option key={id} value={id}>
                {PROVIDERS[id].label}
              </option>
            ))}
          </select>
          {preset && preset.cloud ? (
            <p className="hint">
              Photos are downscaled and sent to {preset.label} without their EXIF or GPS data.
            </p>
          ) : preset ? (
            <p className="hint">
              A server you run yourself: nothing leaves your machine unless it forwards it.
            </p>
          ) : null}
        </div>

        {draft.provider ? (
          <>
            <div className="field">
              <label htmlFor="settings-base-url">Base URL</label>
              <input
                id="settings-base-url"
                data-testid="settings-base-url"
                type="url"
                placeholder="http://127.0.0.1:8000/v1"
                value={
                  isCustom
                    ? draft.baseUrl
                    : draft.provider === settings.provider
                      ? settings.baseUrl
                      : (preset?.baseUrl ?? '')
                }
                readOnly={!isCustom || locked}
                onChange={(event) => update({ baseUrl: event.target.value })}
                spellCheck={false}
              />
            </div>
            <div className="field">
              <label htmlFor="settings-model">Model</label>
              <input
                id="settings-model"
                data-testid="settings-model"
                type="text"
                placeholder={isCustom ? 'pixtral-12b' : preset?.model}
                value={draft.model}
                readOnly={locked}
                onChange={(event) => update({ model: event.target.value })}
                spellCheck={false}
              />
              {preset && !isCustom ? (
                <p className="hint">
                  {preset.label}’s default is {preset.model}; Test connection lists the vision models it
                  offers.
                </p>
              ) : null}
            </div>
            <div className="field">
              <label htmlFor="settings-fallbacks">Fallback models</label>
              <textarea
                id="settings-fallbacks"
                data-testid="settings-fallbacks"
                rows={2}
                placeholder="one per line, tried in order"
                value={draft.fallbackModels}
                onChange={(event) => update({ fallbackModels: event.target.value })}
                spellCheck={false}
              />
              <p className="hint">
                Used when the model is retired or keeps failing. OpenRouter and Vercel route them themselves
                (OpenRouter never above the price your budget reserves by); elsewhere Shoebox switches. Each
                caption records the model that answered.
              </p>
            </div>
            <div className="field">
              <label htmlFor="settings-key">API key</label>
              <input
                id="settings-key"
                data-testid="settings-key"
                type="password"
                autoComplete="off"
                placeholder={settings.hasKey ? 'Enter a new key to replace it' : 'Paste your key'}
                value={key}
                onChange={(event) => setKey(event.target.value)}
              />
              <p className="hint">
                <span data-testid="settings-key-state">{keyState(settings)}</span>
                {preset?.keyEnv ? ` · or set ${preset.keyEnv}` : ''}. A saved key is never shown again.
                {settings.keySource === 'stored' && settings.provider === draft.provider ? (
                  <>
                    {' '}
                    <button type="button" className="link" onClick={() => void forgetKey()}>
                      Forget stored key
                    </button>
                  </>
                ) : null}
              </p>
            </div>
          </>
        ) : null}

        {draft.provider ? (
          <ConnectionTestPanel save={persist} chooseModel={(model) => update({ model })} disabled={saving} />
        ) : null}

        <h2>Cost and speed</h2>
        <div className="field">
          <label htmlFor="settings-upload-size">
            Upload size: <strong>{draft.uploadMaxPx} px</strong> long side
          </label>
          <input
            id="settings-upload-size"
            data-testid="settings-upload-size"
            type="range"
            min={LIMITS.uploadMaxPx.min}
            max={LIMITS.uploadMaxPx.max}
            step={64}
            value={draft.uploadMaxPx}
            onChange={(event) => update({ uploadMaxPx: Number(event.target.value) })}
          />
          <p className="hint">
            A 4:3 photo is sent as {estimate.width}×{estimate.height}:{' '}
            <span data-testid="settings-image-tokens">{estimate.imageTokens.toLocaleString()}</span> image
            tokens
            {draft.uploadMaxPx > 1024 ? ' (Pixtral reads at most 1024 px, so larger costs no more)' : ''}.
          </p>
          <p className="cost">
            Estimated cost per photo{draft.provider ? ` with ${PROVIDERS[draft.provider].label}` : ''}:{' '}
            <strong data-testid="settings-cost-per-photo">
              {estimate.usd === null ? '…' : formatUsd(estimate.usd)}
            </strong>
            <span className="muted">
              {' '}
              · {estimate.usd === null ? '…' : formatUsd(estimate.usd * 10_000)} per 10,000 photos (prices as
              of {PRICES_AS_OF}, with your changes on the Spend page)
            </span>
          </p>
        </div>
        <CheckboxField
          testId="settings-upload-metadata"
          checked={draft.uploadMetadata}
          onChange={(checked) => update({ uploadMetadata: checked })}
          label="Send each photo's EXIF (camera, date and GPS location) with it"
          hint="Off by default: uploads carry the pixels only."
        />
        <CheckboxField
          testId="settings-prompt-existing"
          checked={draft.promptWithExisting}
          onChange={(checked) => update({ promptWithExisting: checked })}
          label="Tell the model the caption and keywords a photo already has"
          hint="Off by default. Your own words (written in Shoebox or already in the photo) help the model with names and places it cannot see; they are sent with the photo."
        />
        <CheckboxField
          testId="settings-group-bursts"
          checked={draft.groupBursts}
          onChange={(checked) => update({ groupBursts: checked })}
          label="Group bursts and near-copies"
          hint="On by default. Shots of one camera seconds apart that look alike, and copies with the same pixels, are captioned once; the others get that caption as suggestions marked “from IMG_1234 (same burst)”, which you review like any other."
        />
        <div className="field">
          <label htmlFor="settings-caption-language">Language of captions and tags</label>
          <select
            id="settings-caption-language"
            data-testid="settings-caption-language"
            value={draft.captionLanguage ?? ''}
            onChange={(event) => update({ captionLanguage: event.target.value || null })}
          >
            <option value="">System language: {languageLabel(settings.systemLanguage)}</option>
            {languageChoices(draft.captionLanguage).map((tag) => (
              <option key={tag} value={tag}>
                {languageLabel(tag)}
              </option>
            ))}
          </select>
          <p className="hint">
            New captions are asked for in this language; photos captioned before keep theirs until you
            re-caption them.
          </p>
        </div>
        <div className="field">
          <label htmlFor="settings-concurrency">Parallel requests</label>
          <input
            id="settings-concurrency"
            data-testid="settings-concurrency"
            type="number"
            min={LIMITS.concurrency.min}
            max={LIMITS.concurrency.max}
            value={draft.concurrency}
            onChange={(event) =>
              update({ concurrency: Math.min(32, Math.max(1, Math.round(Number(event.target.value) || 1))) })
            }
          />
        </div>

        <div className="form-actions">
          <button type="submit" className="primary" data-testid="settings-save" disabled={saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
          {message ? (
            <span className="success" role="status">
              {message}
            </span>
          ) : null}
          {error ? (
            <span className="error" role="alert">
              {error}
            </span>
          ) : null}
        </div>
      </form>
      <AboutPanel />
    </div>
  );
}
