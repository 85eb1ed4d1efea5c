package org.sparcj.model;

import org.sparcj.data.StreamInfo;

/**
 * One stream's trained parameters (docs/METHOD.md, Model) and its dead-latent counter, copied out of a
 * model for export and analysis. Encoder and decoder are latent-major, [L x d] row-major: encoder row j
 * is the method's W_enc_s column j, decoder row j is latent j's unit-norm direction in the stream.
 *
 * @param encoder        [L x d]
 * @param latentBias     b_lat_s, [L]
 * @param decoder        [L x d]
 * @param preBias        b_pre_s, [d]
 * @param stepsSinceFired per latent, training steps since it last fired in this stream (dead after more than dead_steps)
 */
public record StreamParameters(StreamInfo stream, float[] encoder, float[] latentBias, float[] decoder, float[] preBias,
                               int[] stepsSinceFired) {
}
