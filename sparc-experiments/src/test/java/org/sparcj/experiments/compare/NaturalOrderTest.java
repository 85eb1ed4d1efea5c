package org.sparcj.experiments.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NaturalOrderTest {
    @Test
    void digitRunsCompareAsNumbers() {
        List<String> names = new ArrayList<>(List.of("jaccard.d10", "jaccard_mean", "jaccard.d2", "jaccard.d0",
                "retrieval.latent.a_to_b.r_at_10", "retrieval.latent.a_to_b.r_at_5", "retrieval.latent.a_to_b.r_at_1",
                "jaccard.d02"));
        names.sort(NaturalOrder.INSTANCE);
        assertEquals(List.of("jaccard.d0", "jaccard.d02", "jaccard.d2", "jaccard.d10", "jaccard_mean",
                "retrieval.latent.a_to_b.r_at_1", "retrieval.latent.a_to_b.r_at_5", "retrieval.latent.a_to_b.r_at_10"),
                names);
    }
}
