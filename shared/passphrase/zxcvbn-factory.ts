/**
 * zxcvbn-ts with its English dictionaries (about 1.7 MB of word lists). Only ever loaded through a dynamic import
 * (./estimator), so the renderer gets it as its own chunk and the CLI as its own bundle (scripts/cli-chunks.mjs):
 * commands that set no passphrase never parse it.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

export function makeZxcvbn(): ZxcvbnFactory {
  return new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
}
