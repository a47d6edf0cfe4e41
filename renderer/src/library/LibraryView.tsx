import { useState, type FormEvent } from 'react';
import type { AppInfo, Folder, QueueStatus, ScanProgress } from '../../../shared/types';
import { errorMessage, useClient, useEvent } from '../app/clientContext';
import { useApiQuery } from '../app/useApiQuery';
import { QueuePanel } from './QueuePanel';
import { describeScan } from './scanProgressText';
import { isolateText, revealBidiControls } from '../text/bidi';
import { NameText } from '../text/UserText';
import './library.css';

interface Props {
  info: AppInfo | null;
  queue: QueueStatus | null;
  scans: Map<number, ScanProgress>;
  onQueueStatus(status: QueueStatus): void;
  onOpenSettings(): void;
}

const STATE_LABEL: Record<Folder['state'], string> = {
  scanning: 'Scanning',
  watching: 'Watching',
  missing: 'Missing',
  error: 'Error',
  stopped: 'Stopped',
};

export function LibraryView({ info, queue, scans, onQueueStatus, onOpenSettings }: Props) {
  const client = useClient();
  const foldersQuery = useApiQuery('folders.list', {});
  const folders = foldersQuery.data ?? null;
  const setFolders = foldersQuery.setData;
  const unreadableQuery = useApiQuery('photos.unreadable', {}, { refetchOn: ['folders.changed'] });
  const unreadable = unreadableQuery.data ?? [];
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [actionError, setError] = useState<string | null>(null);
  const error = actionError ?? foldersQuery.error ?? unreadableQuery.error;
  useEvent('folders.changed', setFolders);

  const add = async (folderPath: string) => {
    const trimmed = folderPath.trim();
    if (!trimmed) return;
    setBusy(true);
    setError(null);
    try {
      const folder = await client.api['folders.add']({ path: trimmed });
      // A folders.changed event may have brought newer news of this folder (a huge tree waiting) already.
      setFolders((current) =>
        current?.some((f) => f.id === folder.id) ? current : [...(current ?? []), folder],
      );
      setPath('');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void add(path);
  };

  const pick = async () => {
    setError(null);
    try {
      const chosen = await client.api['folders.pick']({});
      if (chosen) await add(chosen);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const remove = async (folder: Folder) => {
    const ok = window.confirm(
      `Stop watching ${isolateText(folder.path, 'name')}?\n\nIts photos leave the catalogue. The files themselves are not touched.`,
    );
    if (!ok) return;
    try {
      await client.api['folders.remove']({ id: folder.id });
      setFolders((current) => (current ?? []).filter((f) => f.id !== folder.id));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const setLocalOnly = async (folder: Folder, localOnly: boolean) => {
    try {
      const updated = await client.api['folders.setLocalOnly']({ id: folder.id, localOnly });
      setFolders((current) => (current ?? []).map((f) => (f.id === updated.id ? updated : f)));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const stopScan = async (folder: Folder) => {
    try {
      await client.api['folders.stopScan']({ id: folder.id });
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const continueScan = async (folder: Folder) => {
    try {
      await client.api['folders.continueScan']({ id: folder.id });
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const rescan = async (folder: Folder) => {
    try {
      await client.api['folders.rescan']({ id: folder.id });
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <div className="view library-view">
      <QueuePanel queue={queue} onStatus={onQueueStatus} onOpenSettings={onOpenSettings} />

      <section className="panel" aria-labelledby="folders-heading">
        <h2 id="folders-heading">Folders</h2>
        <form className="add-folder" onSubmit={onSubmit}>
          <label htmlFor="folder-path" className="visually-hidden">
            Folder path
          </label>
          <input
            id="folder-path"
            data-testid="folder-path-input"
            type="text"
            placeholder="/path/to/your/photos"
            value={path}
            onChange={(event) => setPath(event.target.value)}
            spellCheck={false}
            autoComplete="off"
          />
          <button type="submit" className="primary" data-testid="folder-add" disabled={busy || !path.trim()}>
            Add folder
          </button>
          {info?.canPickFolder ? (
            <button type="button" onClick={() => void pick()} disabled={busy}>
              Choose folder…
            </button>
          ) : null}
        </form>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}

        {folders === null ? (
          <p className="muted">Loading…</p>
        ) : folders.length === 0 ? (
          <p className="muted">No folders yet. Add a folder of photos to start the catalogue.</p>
        ) : (
          <ul className="folder-list">
            {folders.map((folder) => {
              const scan = scans.get(folder.id);
              return (
                <li key={folder.id} className="folder-row" data-testid="folder-row">
                  <div className="folder-main">
                    <span className="folder-path" title={revealBidiControls(folder.path)}>
                      <NameText text={folder.path} />
                    </span>
                    <span className="folder-meta">
                      <span className={`pill state-${folder.state}`}>
                        {folder.checking ? 'Checking for changes' : STATE_LABEL[folder.state]}
                      </span>
                      {folder.photoCount.toLocaleString()} photos
                      {folder.unreadableCount > 0 ? ` · ${folder.unreadableCount} unreadable` : ''}
                    </span>
                    {scan && scan.phase === 'scanning' ? (
                      <span className="folder-scan" data-testid="folder-scan">
                        {describeScan(scan)}
                      </span>
                    ) : null}
                    {folder.error ? <span className="error">{folder.error}</span> : null}
                    {folder.warning ? (
                      <span className="warning" role="status" data-testid="folder-warning">
                        {folder.warning}
                      </span>
                    ) : null}
                  </div>
                  <div className="actions">
                    <label
                      className="local-only"
                      title="Only a local (custom) server may caption these photos"
                    >
                      <input
                        type="checkbox"
                        data-testid="folder-local-only"
                        checked={folder.localOnly}
                        onChange={(event) => void setLocalOnly(folder, event.target.checked)}
                      />
                      Never send to a cloud provider
                    </label>
                    {folder.largeTree ? (
                      <button type="button" onClick={() => void continueScan(folder)}>
                        Watch it anyway
                      </button>
                    ) : null}
                    {folder.state === 'scanning' ? (
                      <button
                        type="button"
                        data-testid="folder-stop-scan"
                        onClick={() => void stopScan(folder)}
                      >
                        Stop scan
                      </button>
                    ) : null}
                    <button type="button" onClick={() => void rescan(folder)}>
                      Rescan
                    </button>
                    <button type="button" className="danger" onClick={() => void remove(folder)}>
                      Remove
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      {unreadable.length > 0 ? (
        <section className="panel" aria-labelledby="unreadable-heading">
          <h2 id="unreadable-heading">Files that could not be read ({unreadable.length})</h2>
          <ul className="unreadable-list">
            {unreadable.slice(0, 500).map((file) => (
              <li key={file.path} data-testid="unreadable-row">
                <span className="unreadable-path" title={revealBidiControls(file.path)}>
                  <NameText text={file.path} />
                </span>
                <span className="unreadable-reason">{file.reason}</span>
              </li>
            ))}
          </ul>
          {unreadable.length > 500 ? <p className="muted">…and {unreadable.length - 500} more.</p> : null}
        </section>
      ) : null}
    </div>
  );
}
