import { describe, expect, it, vi } from 'vitest';
import type { BaseWindow } from 'electron';
import type { DialogApi } from './dialogs';
import { createElectronDialogs } from './dialogs';

function fakeDialog(open: { canceled: boolean; filePaths: string[] }, save: { canceled: boolean; filePath: string }) {
  const showOpenDialog = vi.fn(async (..._args: unknown[]) => open);
  const showSaveDialog = vi.fn(async (..._args: unknown[]) => save);
  return { dialog: { showOpenDialog, showSaveDialog } as unknown as DialogApi, showOpenDialog, showSaveDialog };
}

const window = { id: 1 } as unknown as BaseWindow;

describe('the Dialogs port over electron.dialog', () => {
  it('asks for a folder, modal to our window', async () => {
    const { dialog, showOpenDialog } = fakeDialog({ canceled: false, filePaths: ['/home/u/trust'] }, { canceled: true, filePath: '' });
    const dialogs = createElectronDialogs(dialog, () => window);
    expect(await dialogs.chooseFolder({ title: 'Add a trust folder' })).toBe('/home/u/trust');
    expect(showOpenDialog).toHaveBeenCalledWith(window, expect.objectContaining({ title: 'Add a trust folder' }));
    expect(showOpenDialog.mock.calls[0]![1]).toMatchObject({ properties: expect.arrayContaining(['openDirectory']) });
  });

  it('asks for files to open, several at once', async () => {
    const { dialog, showOpenDialog } = fakeDialog({ canceled: false, filePaths: ['/a.key', '/b.key'] }, { canceled: true, filePath: '' });
    const dialogs = createElectronDialogs(dialog, () => window);
    expect(await dialogs.chooseFilesToOpen({ title: 'Import keys' })).toEqual(['/a.key', '/b.key']);
    expect(showOpenDialog.mock.calls[0]![1]).toMatchObject({ properties: expect.arrayContaining(['openFile', 'multiSelections']) });
  });

  it('asks where to save, suggesting only a name', async () => {
    const { dialog, showSaveDialog } = fakeDialog({ canceled: true, filePaths: [] }, { canceled: false, filePath: '/media/usb/keys.pem' });
    const dialogs = createElectronDialogs(dialog, () => window);
    expect(await dialogs.chooseFileToSave({ title: 'Export', defaultName: '../../etc/keys.pem' })).toBe('/media/usb/keys.pem');
    expect(showSaveDialog).toHaveBeenCalledWith(window, expect.objectContaining({ title: 'Export', defaultPath: 'keys.pem' }));
  });

  it('answers null when the user cancels', async () => {
    const { dialog } = fakeDialog({ canceled: true, filePaths: ['/ignored'] }, { canceled: true, filePath: '/ignored' });
    const dialogs = createElectronDialogs(dialog, () => window);
    expect(await dialogs.chooseFolder({ title: 't' })).toBeNull();
    expect(await dialogs.chooseFilesToOpen({ title: 't' })).toBeNull();
    expect(await dialogs.chooseFileToSave({ title: 't', defaultName: 'x' })).toBeNull();
  });

  it('answers null when nothing was picked, even if not cancelled', async () => {
    const { dialog } = fakeDialog({ canceled: false, filePaths: [] }, { canceled: false, filePath: '' });
    const dialogs = createElectronDialogs(dialog, () => window);
    expect(await dialogs.chooseFolder({ title: 't' })).toBeNull();
    expect(await dialogs.chooseFilesToOpen({ title: 't' })).toBeNull();
    expect(await dialogs.chooseFileToSave({ title: 't', defaultName: 'x' })).toBeNull();
  });

  it('still works before the window exists', async () => {
    const { dialog, showOpenDialog } = fakeDialog({ canceled: false, filePaths: ['/d'] }, { canceled: true, filePath: '' });
    expect(await createElectronDialogs(dialog, () => null).chooseFolder({ title: 't' })).toBe('/d');
    expect(showOpenDialog.mock.calls[0]).toHaveLength(1);
  });
});
