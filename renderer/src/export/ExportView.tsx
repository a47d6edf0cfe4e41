import { useState } from 'react';
import type { ExportContent, ExportOutcome, ExportScope } from '../../../shared/types';
import { errorMessage, useClient } from '../app/clientContext';
import { useApiQuery } from '../app/useApiQuery';
import { Dialog } from '../app/Dialog';
import { isolateText } from '../text/bidi';
import { NameText } from '../text/UserText';
import './export.css';

type ScopeChoice = 'all' | 'search' | `folder:${number}`;

function downloadText(fileName: string, mimeType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: `${mimeType};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function Outcome({ outcome }: { outcome: ExportOutcome }) {
  return (
    <div className="export-outcome" data-testid="export-outcome" role="status">
      <p>
        Wrote {outcome.written.toLocaleString('en-US')} file{outcome.written === 1 ? '' : 's'}
        {outcome.skipped > 0 ? `; ${outcome.skipped} photos had nothing to export` : ''}
        {outcome.failed.length > 0 ? `; ${outcome.failed.length} failed` : ''}.
      </p>
      {outcome.backupDir ? (
        <p className="muted">Untouched copies of the originals are in {outcome.backupDir}</p>
      ) : null}
      {outcome.examples.length > 0 ? (
        <ul className="muted export-examples">
          {outcome.examples.map((path) => (
            <li key={path}>
              <NameText text={path} />
            </li>
          ))}
        </ul>
      ) : null}
      {outcome.failed.length > 0 ? (
        <ul className="error">
          {outcome.failed.slice(0, 20).map((f) => (
            <li key={f.path}>
              <NameText text={f.path} />: {f.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Metadata out: XMP sidecars, CSV and JSON, and (asked for explicitly) writing into the originals. */
export function ExportView({ active }: { active: boolean }) {
  const client = useClient();
  const folders = useApiQuery('folders.list', {}, { enabled: active }).data ?? [];
  const [choice, setChoice] = useState<ScopeChoice>('all');
  const [searchText, setSearchText] = useState('');
  const [content, setContent] = useState<ExportContent>('accepted');
  const [naming, setNaming] = useState<'lightroom' | 'digikam'>('digikam');
  const [backup, setBackup] = useState(true);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ExportOutcome | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const scope: ExportScope =
    choice === 'all'
      ? {}
      : choice === 'search'
        ? { search: { text: searchText } }
        : { folderId: Number(choice.slice('folder:'.length)) };

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setMessage(null);
    setOutcome(null);
    try {
      await work();
    } catch (e) {
      setMessage(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="view export-view">
      <section className="panel" aria-labelledby="export-heading">
        <h2 id="export-heading">Export</h2>
        <div className="export-grid">
          <label>
            Photos
            <select
              data-testid="export-scope"
              value={choice}
              onChange={(event) => setChoice(event.target.value as ScopeChoice)}
            >
              <option value="all">The whole catalogue</option>
              {folders.map((folder) => (
                <option key={folder.id} value={`folder:${folder.id}`}>
                  {isolateText(folder.path, 'name')}
                </option>
              ))}
              <option value="search">The results of a search…</option>
            </select>
          </label>
          {choice === 'search' ? (
            <label>
              Search
              <input value={searchText} onChange={(event) => setSearchText(event.target.value)} />
            </label>
          ) : null}
          <fieldset>
            <legend>What to export</legend>
            <label>
              <input
                type="radio"
                name="content"
                checked={content === 'accepted'}
                onChange={() => setContent('accepted')}
              />
              Accepted only (what you accepted or wrote)
            </label>
            <label>
              <input
                type="radio"
                name="content"
                data-testid="export-suggestions"
                checked={content === 'suggestions'}
                onChange={() => setContent('suggestions')}
              />
              Suggestions too (everything not rejected)
            </label>
            {content === 'suggestions' ? (
              <p className="muted">
                Unreviewed suggestions are marked as Shoebox’s in the files, so reading them back never makes
                them yours.
              </p>
            ) : null}
          </fieldset>
        </div>

        <h3>XMP sidecars</h3>
        <p className="muted">
          A small file beside each photo that Lightroom, digiKam and darktable read. The photos themselves are
          not changed. An existing sidecar is merged, not replaced: other programs’ keywords stay, and words
          Shoebox wrote there before that you have since rejected or renamed are taken out.
        </p>
        <div className="export-row">
          <select
            aria-label="Sidecar naming"
            data-testid="export-naming"
            value={naming}
            onChange={(event) => setNaming(event.target.value as 'lightroom' | 'digikam')}
          >
            <option value="digikam">photo.jpg.xmp (digiKam, darktable)</option>
            <option value="lightroom">photo.xmp (Lightroom)</option>
          </select>
          <button
            type="button"
            className="primary"
            data-testid="export-sidecars"
            disabled={busy}
            onClick={() =>
              void run(async () =>
                setOutcome(await client.api['export.sidecars']({ scope, content, naming })),
              )
            }
          >
            Write sidecars
          </button>
        </div>

        <h3>Spreadsheet or data</h3>
        <div className="export-row">
          {(['csv', 'json'] as const).map((format) => (
            <button
              key={format}
              type="button"
              data-testid={`export-${format}`}
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  const table = await client.api['export.table']({ scope, content, format });
                  downloadText(table.fileName, table.mimeType, table.content);
                  setMessage(`Saved ${table.fileName} with ${table.photos.toLocaleString('en-US')} photos.`);
                })
              }
            >
              Download {format.toUpperCase()}
            </button>
          ))}
        </div>

        <h3>Into the photos themselves</h3>
        <p className="muted">
          Writes the caption and tags into each original file (JPEG, TIFF, PNG, WebP, HEIC). This changes your
          files; a failed write leaves the file as it was.
        </p>
        <div className="export-row">
          <label className="local-only">
            <input type="checkbox" checked={backup} onChange={(event) => setBackup(event.target.checked)} />
            Keep a backup copy of each original first
          </label>
          <button
            type="button"
            data-testid="export-embedded"
            disabled={busy}
            onClick={() => setConfirming(true)}
          >
            Write into originals…
          </button>
        </div>
        {busy ? <p className="muted">Exporting…</p> : null}
        {message ? (
          <p className="notice" role="status" data-testid="export-message">
            {message}
          </p>
        ) : null}
        {outcome ? <Outcome outcome={outcome} /> : null}
      </section>
      {confirming ? (
        <Dialog labelledBy="embed-question" onClose={() => setConfirming(false)}>
          <p id="embed-question" className="estimate-question">
            Write captions and tags into your original files?
          </p>
          <p>
            {backup
              ? 'A copy of each file is kept in Shoebox’s data folder before it is changed.'
              : 'No backup copies will be kept.'}
          </p>
          <div className="button-row">
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
            <button
              type="button"
              className="primary"
              data-testid="embed-confirm"
              onClick={() => {
                setConfirming(false);
                void run(async () =>
                  setOutcome(
                    await client.api['export.embedded']({ scope, content, backup, confirmed: true }),
                  ),
                );
              }}
            >
              Write into originals
            </button>
          </div>
        </Dialog>
      ) : null}
    </div>
  );
}
