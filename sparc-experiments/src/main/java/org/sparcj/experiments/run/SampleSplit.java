package org.sparcj.experiments.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.sparcj.data.MultiStreamDataset;
import org.sparcj.experiments.config.DataSettings.SplitSettings;

/**
 * Deterministic train/validation/test split by sample ID: each ID hashes (with the seed) to a
 * point in [0, 1) that picks its part, so a sample stays in its part whatever the row order or
 * dataset size.
 */
public final class SampleSplit {
    private SampleSplit() {
    }

    public static RunData.Split of(MultiStreamDataset data, SplitSettings s) {
        List<Long> train = new ArrayList<>(), val = new ArrayList<>(), test = new ArrayList<>();
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (long r = 0; r < data.size(); r++) {
            byte[] d = sha.digest((s.seed() + ":" + data.sampleId(r)).getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < 7; i++) bits = (bits << 8) | (d[i] & 0xff);
            double u = bits / (double) (1L << 56);
            (u < s.train() ? train : u < s.train() + s.validation() ? val : test).add(r);
        }
        return new RunData.Split(toArray(train), toArray(val), toArray(test));
    }

    private static long[] toArray(List<Long> l) {
        return l.stream().mapToLong(Long::longValue).toArray();
    }
}
