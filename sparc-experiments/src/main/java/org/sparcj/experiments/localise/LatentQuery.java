package org.sparcj.experiments.localise;

import java.util.ArrayList;
import java.util.List;
import org.sparcj.model.SparseCodes;

/**
 * The latents a localisation query asks for, each with a weight: the query's activation when it
 * comes from an encoded text or caption row, 1 when latent IDs are given.
 */
public record LatentQuery(int[] latents, double[] weights) {
    public LatentQuery {
        if (latents.length == 0) throw new IllegalArgumentException("the query selects no latent");
        if (latents.length != weights.length) throw new IllegalArgumentException("one weight per latent");
    }

    /** Latent IDs, each of weight 1; an ID outside [0, latentSize) is an error naming it. */
    public static LatentQuery ofIds(List<Integer> ids, int latentSize) {
        for (int id : ids)
            if (id < 0 || id >= latentSize)
                throw new IllegalArgumentException("--latents: latent " + id + " outside 0.." + (latentSize - 1));
        double[] w = new double[ids.size()];
        java.util.Arrays.fill(w, 1);
        return new LatentQuery(ids.stream().mapToInt(Integer::intValue).toArray(), w);
    }

    /** The latents that fire (value > 0) in row 0 of {@code codes}, weighted by their activations. */
    public static LatentQuery ofCodes(SparseCodes codes) {
        List<Integer> ids = new ArrayList<>();
        List<Double> w = new ArrayList<>();
        for (int j = 0; j < codes.k(); j++) {
            float v = codes.values()[j];
            if (v > 0) {
                ids.add(codes.indices()[j]);
                w.add((double) v);
            }
        }
        if (ids.isEmpty()) throw new IllegalArgumentException("the query fires no latent (every kept activation is 0)");
        return new LatentQuery(ids.stream().mapToInt(Integer::intValue).toArray(), w.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
