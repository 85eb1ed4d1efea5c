package org.sparcj.data.openimages;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.data.DataFileException;
import org.sparcj.data.SharedData;
import org.sparcj.data.Taxonomy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class OpenImagesTaxonomyTest {
    @TempDir
    Path tmp;

    private static int node(Taxonomy t, String name) {
        return t.byName(name).orElseThrow(() -> new AssertionError("no node " + name));
    }

    @Test
    void realHierarchyKeepsDeepestOccurrence() {
        Path json = SharedData.file("openimages/bbox_labels_600_hierarchy.json");
        Taxonomy t = OpenImagesTaxonomy.load(json, SharedData.file("openimages/class-descriptions-boxable.csv"));
        assertEquals(602, t.size());
        assertEquals("/m/0bl9f", t.id(0));
        assertEquals("Entity", t.name(0));
        for (int i = 1; i < t.size(); i++) assertNotEquals(t.id(i), t.name(i), "unnamed node " + t.id(i));
        // Teddy bear sits under Toy (depth 2) and under Bear (depth 5): the deeper path wins.
        int teddy = node(t, "Teddy bear");
        assertEquals(node(t, "Bear"), t.parent(teddy));
        assertEquals(t.depth(node(t, "Bear")) + 1, t.depth(teddy));
        // Oven: Home appliance (depth 2) and Kitchen appliance (depth 3).
        assertEquals(node(t, "Kitchen appliance"), t.parent(node(t, "Oven")));
        assertEquals("/m/0kmg4", t.id(teddy));
    }

    @Test
    void oidv6NamesWithoutHeaderAndWithHeader() throws IOException {
        Path json = SharedData.file("openimages/bbox_labels_600_hierarchy.json");
        Path v6 = SharedData.file("openimages/oidv6-class-descriptions.csv");
        Taxonomy t = OpenImagesTaxonomy.load(json, v6);
        assertEquals(602, t.size());
        assertEquals("Entity", t.name(0));
        assertTrue(t.byName("Teddy bear").isPresent());
        Path withHeader = tmp.resolve("v6.csv");
        Files.writeString(withHeader, "LabelName,DisplayName\n" + Files.readString(v6));
        Map<String, String> a = OpenImagesTaxonomy.readClassNames(v6);
        Map<String, String> b = OpenImagesTaxonomy.readClassNames(withHeader);
        assertEquals(a, b);
        assertEquals(19994, a.size());
    }

    private static final String FIXTURE = """
            {"LabelName": "/m/root", "Subcategory": [
              {"LabelName": "/m/animal", "Subcategory": [
                 {"LabelName": "/m/dog", "Part": [{"LabelName": "/m/tail"}]},
                 {"LabelName": "/m/bear", "Subcategory": [{"LabelName": "/m/teddy"}]}]},
              {"LabelName": "/m/toy", "Subcategory": [{"LabelName": "/m/teddy"}]},
              {"LabelName": "/m/building", "Part": [{"LabelName": "/m/door", "Subcategory": [{"LabelName": "/m/gate"}]}]}
            ]}""";

    @Test
    void partEdgesAreIgnoredByDefaultAndOptional() throws IOException {
        Path json = tmp.resolve("h.json");
        Files.writeString(json, FIXTURE);
        Path csv = tmp.resolve("names.csv");
        Files.writeString(csv, "/m/animal,Animal,\n/m/dog,Dog,\n/m/bear,Bear,\n/m/teddy,\"Bear, teddy\",\n"
                + "/m/toy,Toy,\n/m/building,Building,\n/m/door,Door,\n/m/gate,Gate,\n/m/tail,Tail,\n");
        Taxonomy t = OpenImagesTaxonomy.load(json, csv, false);
        assertEquals("Entity", t.name(0)); // root id not in the CSV
        int teddy = node(t, "Bear, teddy");
        assertEquals(node(t, "Bear"), t.parent(teddy));
        assertEquals(3, t.depth(teddy));
        // Part-only nodes hang off the root; their own is-a children follow them.
        assertEquals(0, t.parent(node(t, "Tail")));
        assertEquals(0, t.parent(node(t, "Door")));
        assertEquals(node(t, "Door"), t.parent(node(t, "Gate")));
        assertTrue(t.isLeaf(node(t, "Building")));

        Taxonomy withParts = OpenImagesTaxonomy.load(json, csv, true);
        assertEquals(node(withParts, "Dog"), withParts.parent(node(withParts, "Tail")));
        assertEquals(node(withParts, "Building"), withParts.parent(node(withParts, "Door")));
        assertEquals(3, withParts.depth(node(withParts, "Gate")));
    }

    @Test
    void badInputNamesTheFile() throws IOException {
        Path json = tmp.resolve("h.json");
        Files.writeString(json, "{\"Subcategory\": []}");
        Path csv = tmp.resolve("n.csv");
        Files.writeString(csv, "/m/a,A\n");
        DataFileException e = assertThrows(DataFileException.class, () -> OpenImagesTaxonomy.load(json, csv));
        assertTrue(e.getMessage().contains("h.json"), e.getMessage());
        Files.writeString(csv, "/m/a,A\n/m/b\n");
        e = assertThrows(DataFileException.class, () -> OpenImagesTaxonomy.readClassNames(csv));
        assertTrue(e.getMessage().contains("n.csv") && e.getMessage().contains("line 2"), e.getMessage());
    }
}
