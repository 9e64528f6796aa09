import type { Tf } from './load-tf.js';
import type { Scalar, Tensor1D, Tensor2D, Variable } from '@tensorflow/tfjs';

/** The network's trainable tensors: one weight matrix and bias per dense layer. */
export interface TfLayer {
  weights: Variable | Tensor2D;
  bias: Variable | Tensor1D;
  relu: boolean;
}

type Dense = (x: Tensor2D, w: Tensor2D, b: Tensor1D) => Tensor2D;
const denseOps = new WeakMap<Tf, { first: Dense; inner: Dense }>();

/**
 * x·W + b with hand-written gradients that transpose explicitly: on the wasm
 * backend `matMul` with a transpose flag (what tfjs' own gradient uses) is
 * ~2× slower than a transpose then a plain `matMul`. The first layer skips
 * the gradient of its input (the data), which tfjs' customGrad would
 * otherwise compute in full.
 */
function denseOpsOf(tf: Tf): { first: Dense; inner: Dense } {
  let ops = denseOps.get(tf);
  if (!ops) {
    const make = (inputGradient: boolean): Dense => tf.customGrad(((x: Tensor2D, w: Tensor2D, b: Tensor1D, save: (t: Tensor2D[]) => void) => {
      save([x, w]);
      return {
        value: tf.add(tf.matMul(x, w), b),
        gradFunc: (dy: Tensor2D, saved: Tensor2D[]) => [
          inputGradient ? tf.matMul(dy, tf.transpose(saved[1])) : tf.zerosLike(saved[0]),
          tf.matMul(tf.transpose(saved[0]), dy),
          tf.sum(dy, 0),
        ],
      };
    }) as never) as unknown as Dense;
    ops = { first: make(false), inner: make(true) };
    denseOps.set(tf, ops);
  }
  return ops;
}

/** The network's raw outputs [rows, 3]: logit, μ, raw σ. Call inside tf.tidy. */
export function forwardTf(tf: Tf, layers: TfLayer[], x: Tensor2D): Tensor2D {
  const ops = denseOpsOf(tf);
  let h = x;
  layers.forEach((layer, k) => {
    h = (k === 0 ? ops.first : ops.inner)(h, layer.weights as Tensor2D, layer.bias as Tensor1D);
    if (layer.relu) h = tf.relu(h);
  });
  return h;
}

/**
 * Mean ZILN loss over a batch, as the paper's `zero_inflated_lognormal_loss`:
 * BCE(value > 0, sigmoid(logit)) + 1[value > 0] · lognormal NLL(value; μ, σ),
 * σ = min(max(softplus(raw), floor), ceiling). Call inside tf.tidy.
 * @param out - raw outputs [rows, 3]
 * @param y - values [rows, 1]
 */
export function zilnLossTf(tf: Tf, out: Tensor2D, y: Tensor2D, sigmaFloor: number, sigmaCeiling = Infinity): Scalar {
  const [logit, mu, raw] = tf.split(out, 3, 1) as [Tensor2D, Tensor2D, Tensor2D];
  const positive = tf.cast(tf.greater(y, 0), 'float32');
  const bce = tf.sub(tf.softplus(logit), tf.mul(positive, logit));
  const floored = tf.maximum(tf.softplus(raw), sigmaFloor);
  const sigma = sigmaCeiling < Infinity ? tf.minimum(floored, sigmaCeiling) : floored;
  // Zeros get a dummy label 1 so log stays finite; their NLL is masked out.
  const logY = tf.log(tf.add(tf.mul(positive, y), tf.sub(1, positive)));
  const z = tf.div(tf.sub(logY, mu), sigma);
  const nll = tf.add(tf.add(logY, tf.log(sigma)), tf.add(0.5 * Math.log(2 * Math.PI), tf.mul(0.5, tf.square(z))));
  return tf.mean(tf.add(bce, tf.mul(positive, nll)));
}

/** Σ ‖W‖² over the weight matrices (not the biases). Call inside tf.tidy. */
export function weightSquares(tf: Tf, layers: TfLayer[]): Scalar {
  return tf.addN(layers.map((l) => tf.sum(tf.square(l.weights)))) as Scalar;
}
