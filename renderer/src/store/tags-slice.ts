import type { StateCreator } from 'zustand';
import type { RegistryLoginDto, RegistryTags, TagInventoryDto, TagPutBackOutcome, TagRevokeOutcome, TagSignOutcome, TagSignPreview } from '../../../shared/dto/tags';
import { vault } from '../api';
import { outcome } from './outcome';
import { givenPassphrases } from './publish-slice';
import type { AppState, LoadState, Outcome, PublishPassphrases, UiError } from './types';

/**
 * Image tags in the registry (issue 14) in the store: the tags of the repository being shown, and the actions on
 * them. Registry credentials never pass through here (main prompts for them and keeps them); only the user name comes
 * back. Passphrases pass through an action to main once and are never put in the store.
 */
export interface TagsSlice {
  /** Which repository (in which trust folder) `registryTags` is about. */
  registryTagsFor: { dirId: string; gun: string } | null;
  registryTags: RegistryTags | null;
  registryTagsState: LoadState;
  registryTagsError: UiError | null;
  /** Lists the registry's tags with their state; an answer about another repository than the last asked is dropped. */
  loadRegistryTags: (dirId: string, gun: string) => Promise<void>;
  /** What signing would change; nothing is sent. */
  previewTagSigning: (dirId: string, gun: string, tags: string[]) => Promise<Outcome<TagSignPreview>>;
  /** Signs exactly what the preview showed, then lists the tags again. */
  signTags: (dirId: string, gun: string, previewId: string, passphrases: PublishPassphrases) => Promise<Outcome<TagSignOutcome>>;
  /** Removes the tags' signatures (confirmation = the GUN as typed), then lists the tags again. */
  revokeTags: (dirId: string, gun: string, tags: string[], passphrases: PublishPassphrases, confirmation: string) => Promise<Outcome<TagRevokeOutcome>>;
  /** Main's own sign-in prompt; then lists the tags again as that user. */
  registrySignIn: (dirId: string, gun: string) => Promise<Outcome<RegistryLoginDto>>;
  registrySignOut: (dirId: string, gun: string) => Promise<Outcome<RegistryLoginDto>>;
  /** Main forgot its registry logins: the list shown (whose user may be gone) is dropped and read again. */
  afterRegistryLoginsCleared: () => Promise<void>;
  /** The tags main kept from the verified trust data before a recovery. */
  loadTagInventory: (dirId: string, gun: string) => Promise<Outcome<TagInventoryDto>>;
  /** Signs that kept inventory again under the new keys. */
  putTagsBack: (dirId: string, gun: string, passphrases: PublishPassphrases) => Promise<Outcome<TagPutBackOutcome>>;
}

export const initialTags = {
  registryTagsFor: null,
  registryTags: null,
  registryTagsState: 'idle',
  registryTagsError: null,
} satisfies Partial<TagsSlice>;


let listSeq = 0;

export const createTagsSlice: StateCreator<AppState, [], [], TagsSlice> = (set, get) => {
  /** After a change, the list is read again when it is about the same repository. */
  const relist = async (dirId: string, gun: string) => {
    const shown = get().registryTagsFor;
    if (shown?.dirId === dirId && shown.gun === gun) await get().loadRegistryTags(dirId, gun);
  };
  return {
    ...initialTags,
    loadRegistryTags: async (dirId, gun) => {
      const seq = ++listSeq;
      const same = get().registryTagsFor?.dirId === dirId && get().registryTagsFor?.gun === gun;
      set({ registryTagsFor: { dirId, gun }, registryTagsState: 'loading', ...(same ? {} : { registryTags: null, registryTagsError: null }) });
      const r = await vault.tags.list({ trustDirId: dirId, gun });
      if (seq !== listSeq) return;
      if (r.ok) set({ registryTags: r.value, registryTagsState: 'ready', registryTagsError: null });
      else set({ registryTagsState: 'error', registryTagsError: { code: r.code, message: r.message } });
    },
    afterRegistryLoginsCleared: async () => {
      const shown = get().registryTagsFor;
      if (!shown) return;
      // Not kept while the list is read again: a refusal would otherwise leave "Signed in as" under the error.
      set({ registryTags: null });
      await get().loadRegistryTags(shown.dirId, shown.gun);
    },
    previewTagSigning: async (dirId, gun, tags) => outcome(await vault.tags.preview({ trustDirId: dirId, gun, tags })),
    signTags: async (dirId, gun, previewId, passphrases) => {
      const r = outcome(await vault.tags.sign({ trustDirId: dirId, previewId, passphrases: givenPassphrases(passphrases) }));
      if (r.ok) await relist(dirId, gun);
      return r;
    },
    revokeTags: async (dirId, gun, tags, passphrases, confirmation) => {
      const r = outcome(await vault.tags.revoke({ trustDirId: dirId, gun, tags, passphrases: givenPassphrases(passphrases), confirmation }));
      if (r.ok) await relist(dirId, gun);
      return r;
    },
    registrySignIn: async (dirId, gun) => {
      const r = outcome(await vault.tags.signIn({ gun }));
      if (r.ok) await relist(dirId, gun);
      return r;
    },
    registrySignOut: async (dirId, gun) => {
      const r = outcome(await vault.tags.signOut({ gun }));
      await relist(dirId, gun);
      return r;
    },
    loadTagInventory: async (dirId, gun) => outcome(await vault.tags.inventory({ trustDirId: dirId, gun })),
    putTagsBack: async (dirId, gun, passphrases) => outcome(await vault.tags.putBack({ trustDirId: dirId, gun, passphrases: givenPassphrases(passphrases) })),
  };
};
