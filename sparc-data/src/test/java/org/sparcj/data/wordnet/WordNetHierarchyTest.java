package org.sparcj.data.wordnet;

import org.junit.jupiter.api.Test;
import org.sparcj.data.Taxonomy;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class WordNetHierarchyTest {

    private static final String DOG = "02084071";
    private static final String EINSTEIN = "10954498";
    private static final String PERSON = "00007846";

    @Test
    void depthIsTheLongestHypernymPathAndParentLiesOnIt() {
        WordNetHierarchy h = WordNetHierarchy.read(WordNetNounsTest.fixture());
        assertEquals(20, h.size());
        assertEquals(0, h.depth(WordNetHierarchy.ENTITY_OFFSET));
        assertNull(h.parent(WordNetHierarchy.ENTITY_OFFSET));
        // dog: via canine (depth 12) rather than domestic_animal (depth 7).
        assertEquals(13, h.depth(DOG));
        assertEquals("02083346", h.parent(DOG));
        assertEquals(7, h.depth("01317541"));
        // person: via organism (depth 5) rather than causal_agent (depth 2).
        assertEquals(6, h.depth(PERSON));
        assertEquals("00004475", h.parent(PERSON));
        // Einstein is an instance (@i) of physicist < scientist < person.
        assertEquals(9, h.depth(EINSTEIN));
        List<String> names = new ArrayList<>();
        for (String o : h.pathFromRoot(DOG)) names.add(h.synset(o).displayName());
        assertEquals(List.of("entity", "physical entity", "object", "whole", "living thing", "organism", "animal",
                "chordate", "vertebrate", "mammal", "placental", "carnivore", "canine", "dog"), names);
    }

    @Test
    void taxonomyHoldsTheSelectedSynsetsAndTheirAncestors() {
        WordNetHierarchy h = WordNetHierarchy.read(WordNetNounsTest.fixture());
        Taxonomy t = h.taxonomy(List.of(DOG, EINSTEIN));
        // dog's path: 14 nodes; Einstein's: entity..organism (shared, 6) + person, scientist, physicist, Einstein.
        assertEquals(18, t.size());
        assertEquals("n00001740", t.id(0));
        int dog = t.byId("n" + DOG).getAsInt();
        int einstein = t.byId("n" + EINSTEIN).getAsInt();
        assertEquals(13, t.depth(dog));
        assertEquals(9, t.depth(einstein));
        assertEquals("canine", t.name(t.parent(dog)));
        assertEquals("person", t.name(t.ancestorAtDepth(einstein, 6)));
        assertEquals(t.ancestorAtDepth(dog, 5), t.ancestorAtDepth(einstein, 5)); // organism
        // domestic_animal is off the kept paths, so not in the tree.
        assertTrue(t.byId("n01317541").isEmpty());
        for (int i = 1; i < t.size(); i++) assertTrue(t.parent(i) < i, "parents precede children");
    }

    @Test
    void brokenHierarchiesAreClearErrors() {
        Synset entity = new Synset(WordNetHierarchy.ENTITY_OFFSET, 3, List.of("entity"), List.of(), "g");
        Synset orphan = new Synset("00000002", 3, List.of("orphan"), List.of(), "g");
        Synset dangling = new Synset("00000003", 3, List.of("dangling"), List.of("09999999"), "g");
        Synset a = new Synset("00000004", 3, List.of("a"), List.of("00000005"), "g");
        Synset b = new Synset("00000005", 3, List.of("b"), List.of("00000004"), "g");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WordNetHierarchy.build(List.of(entity, orphan), "src"));
        assertTrue(e.getMessage().contains("00000002") && e.getMessage().contains("one root"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WordNetHierarchy.build(List.of(entity, dangling), "src"));
        assertTrue(e.getMessage().contains("09999999"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WordNetHierarchy.build(List.of(entity, a, b), "src"));
        assertTrue(e.getMessage().contains("cycle"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WordNetHierarchy.build(List.of(orphan), "src"));
        assertTrue(e.getMessage().contains("no entity"), e.getMessage());
    }

    @Test
    void realWordNetDepthsOnKnownSynsets() {
        assumeTrue(Files.isRegularFile(WordNetNouns.DEBIAN_DATA_NOUN), "wordnet-base not installed");
        WordNetHierarchy h = WordNetHierarchy.read(WordNetNouns.DEBIAN_DATA_NOUN);
        assertEquals(82115, h.size());
        assertEquals(13, h.depth(DOG));
        assertEquals("02083346", h.parent(DOG)); // canine.n.02
        assertEquals(List.of("dog", "domestic_dog", "Canis_familiaris"), h.synset(DOG).lemmas());
        assertEquals(1, h.depth("00001930"));  // physical_entity.n.01
        assertEquals(1, h.depth("00002137"));  // abstraction.n.06
        assertEquals(6, h.depth(PERSON));      // person.n.01
        assertEquals(9, h.depth(EINSTEIN));
        Taxonomy all = h.taxonomy(h.synsets().stream().map(Synset::offset).toList());
        assertEquals(82115, all.size());
        assertEquals(h.depth(DOG), all.depth(all.byId("n" + DOG).getAsInt()));
    }
}
