package org.sparcj.data.coco;

import org.junit.jupiter.api.Test;
import org.sparcj.data.SharedData;
import org.sparcj.data.Taxonomy;

import static org.junit.jupiter.api.Assertions.*;

class CocoTaxonomyTest {
    @Test
    void realCategoriesMakeATwoLevelTree() {
        Taxonomy t = CocoTaxonomy.fromCategories(SharedData.file("coco/coco_categories.json"));
        assertEquals(1 + 12 + 80, t.size());
        assertEquals(2, t.maxDepth());
        assertEquals(80, t.leaves().size());
        int dog = t.byId("coco:18").orElseThrow();
        assertEquals("dog", t.name(dog));
        assertEquals("animal", t.name(t.parent(dog)));
        assertEquals(1, t.depth(t.parent(dog)));
        assertTrue(t.byId("coco:12").isEmpty()); // a gap in COCO's ids
        assertEquals("toothbrush", t.name(t.byId("coco:90").orElseThrow()));
    }
}
