import { contextBridge, ipcRenderer } from 'electron';
import { bridgeChannels, type FlarenetBridge } from '../../shared/ipc/bridge';

// Stream ids are local to this page; main keys its subscriptions by (webContents, id).
let nextStreamId = 1;
const streamListeners = new Map<number, (message: unknown) => void>();

ipcRenderer.on(bridgeChannels.stream, (_event, message: { id?: unknown }) => {
  if (typeof message?.id !== 'number') return;
  const listener = streamListeners.get(message.id);
  if (!listener) return;
  if ((message as { type?: unknown }).type === 'stream-end') streamListeners.delete(message.id);
  listener(message);
});

const bridge: FlarenetBridge = {
  invoke: (channel, payload, requestId) =>
    ipcRenderer.invoke(bridgeChannels.invoke, { id: requestId, channel, payload }),
  cancel: (requestId) => ipcRenderer.send(bridgeChannels.cancel, { id: requestId }),
  subscribe: (channel, params, listener) => {
    const id = nextStreamId++;
    streamListeners.set(id, listener);
    ipcRenderer.send(bridgeChannels.subscribe, { id, channel, params });
    return () => {
      if (!streamListeners.delete(id)) return;
      ipcRenderer.send(bridgeChannels.unsubscribe, { id });
    };
  },
};

contextBridge.exposeInMainWorld('flarenet', bridge);
