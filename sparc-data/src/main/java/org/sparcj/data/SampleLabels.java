package org.sparcj.data;

/**
 * Multi-label ground truth aligned with a dataset's rows: {@code labels[row]} holds taxonomy node
 * indices (usually leaves, any node allowed). An empty array means the sample has no label.
 */
public record SampleLabels(Taxonomy taxonomy, int[][] labels) {
    public SampleLabels {
        for (int r = 0; r < labels.length; r++)
            for (int c : labels[r])
                if (c < 0 || c >= taxonomy.size())
                    throw new IllegalArgumentException("labels: row " + r + " has label " + c
                            + " outside the taxonomy (size " + taxonomy.size() + ")");
    }

    public int rows() {
        return labels.length;
    }
}
