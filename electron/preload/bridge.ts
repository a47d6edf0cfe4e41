// Builds window.shoebox from ipcRenderer. Kept apart from index.ts (which touches contextBridge) so tests can
// check exactly what the renderer is given. The renderer gets plain functions only, never ipcRenderer itself.
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { Api, EventName, Events } from '../../shared/contract';
import {
  API_CHANNEL,
  EVENT_CHANNEL,
  IMAGE_SCHEME,
  type ApiReply,
  type BridgeEventListener,
  type ShoeboxBridge,
} from '../../shared/bridge';
import { PRELOAD_METHODS } from './methodNames';

export function createBridge(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): ShoeboxBridge {
  const api: Record<string, (args?: unknown) => Promise<unknown>> = {};
  for (const method of PRELOAD_METHODS) {
    api[method] = async (args?: unknown) => {
      const reply = (await ipc.invoke(API_CHANNEL, method, args ?? {})) as ApiReply;
      if ('error' in reply) {
        const error = new Error(reply.error.message);
        error.name = reply.error.kind === 'user' ? 'UserError' : 'Error';
        throw error;
      }
      return reply.ok;
    };
  }
  return {
    api: api as unknown as Api,
    onEvent(listener: BridgeEventListener) {
      const forward = (_event: IpcRendererEvent, name: EventName, payload: Events[EventName]) =>
        listener(name, payload);
      ipc.on(EVENT_CHANNEL, forward);
      return () => {
        ipc.removeListener(EVENT_CHANNEL, forward);
      };
    },
    imageUrl: (hash, size) => `${IMAGE_SCHEME}://${size}/${encodeURIComponent(hash)}`,
  };
}
