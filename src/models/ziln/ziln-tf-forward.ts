import type { EncodedMatrix } from '../../features/encode.js';
import { BatchBuilder } from './ziln-batches.js';
import { forwardTf } from './ziln-graph.js';
import { withTf } from './load-tf.js';
import { matchColumns } from './predict-ziln.js';
import type { ZilnBackend, ZilnState } from './ziln-types.js';

/**
 * The network's raw outputs computed by tfjs, with the graph that training
 * uses: row-major [rows × 3] (logit, μ, raw σ), float32. For checking the
 * plain-TypeScript forward pass (and so the production scorer) against tfjs;
 * to score, use {@link predictZiln}, which needs no tfjs and is faster on big
 * inputs.
 * @param state - a fitted ZILN
 * @param matrix - encoded with the model's feature specs
 * @param backend - tfjs backend to run on (default: the one that trained the model)
 */
export async function zilnRawOutputsTf(state: ZilnState, matrix: EncodedMatrix, backend: 'auto' | ZilnBackend = state.backend): Promise<Float32Array> {
  const builder = new BatchBuilder(state.architecture.inputs, matchColumns(state, matrix));
  const index = Int32Array.from({ length: matrix.rows }, (_, i) => i);
  const out = new Float32Array(matrix.rows * 3);
  return withTf(backend, ({ tf }) => {
    const chunk = 4096;
    for (let start = 0; start < matrix.rows; start += chunk) {
      const end = Math.min(matrix.rows, start + chunk);
      const values = tf.tidy(() => {
        const layers = state.layers.map((l) => ({
          weights: tf.tensor2d(l.weights.flat(), [l.weights.length, l.bias.length]),
          bias: tf.tensor1d(l.bias),
          relu: l.activation === 'relu',
        }));
        const x = tf.tensor2d(builder.build(index, start, end), [end - start, builder.width]);
        return forwardTf(tf, layers, x).dataSync() as Float32Array;
      });
      out.set(values, start * 3);
    }
    return out;
  });
}
