import type { Tf } from './load-tf.js';
import type { Scalar, Tensor1D, Tensor2D, Variable } from '@tensorflow/tfjs';

/** The network's trainable tensors: one weight matrix and bias per dense layer. */
export interface TfLayer {
  weights: Variable | Tensor2D;
  bias: Variable | Tensor1D;
  relu: boolean;
}

/** The network's raw outputs [rows, 3]: logit, μ, raw σ. Call inside tf.tidy. */
export function forwardTf(tf: Tf, layers: TfLayer[], x: Tensor2D): Tensor2D {
  let h = x;
  for (const layer of layers) {
    h = tf.add(tf.matMul(h, layer.weights as Tensor2D), layer.bias) as Tensor2D;
    if (layer.relu) h = tf.relu(h);
  }
  return h;
}

/**
 * Mean ZILN loss over a batch, as the paper's `zero_inflated_lognormal_loss`:
 * BCE(value > 0, sigmoid(logit)) + 1[value > 0] · lognormal NLL(value; μ, σ),
 * σ = max(softplus(raw), floor). Call inside tf.tidy.
 * @param out - raw outputs [rows, 3]
 * @param y - values [rows, 1]
 */
export function zilnLossTf(tf: Tf, out: Tensor2D, y: Tensor2D, sigmaFloor: number): Scalar {
  const [logit, mu, raw] = tf.split(out, 3, 1) as [Tensor2D, Tensor2D, Tensor2D];
  const positive = tf.cast(tf.greater(y, 0), 'float32');
  const bce = tf.sub(tf.softplus(logit), tf.mul(positive, logit));
  const sigma = tf.maximum(tf.softplus(raw), sigmaFloor);
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
