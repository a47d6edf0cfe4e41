// Runs in the sandboxed renderer before the page: exposes the contract as window.shoebox, nothing more.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('shoebox', createBridge(ipcRenderer));
