package org.sparcj.data.openimages;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.data.DataFileException;
import org.sparcj.data.Taxonomy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class OpenImagesLoaderTest {
    @TempDir
    Path tmp;

    private Taxonomy taxonomy() throws IOException {
        Path json = tmp.resolve("h.json");
        Files.writeString(json, """
                {"LabelName": "/m/0bl9f", "Subcategory": [
                  {"LabelName": "/m/0jbk", "Subcategory": [{"LabelName": "/m/0bt9lr"}, {"LabelName": "/m/01yrx"}]},
                  {"LabelName": "/m/0k4j"}]}""");
        Path csv = tmp.resolve("classes.csv");
        Files.writeString(csv, "/m/0jbk,Animal\n/m/0bt9lr,Dog\n/m/01yrx,Cat\n/m/0k4j,Car\n");
        return OpenImagesTaxonomy.load(json, csv);
    }

    /** Localized Narratives lines in the real format (traces and timed captions included). */
    private static String narrative(String image, int annotator, String caption) {
        return "{\"dataset_id\": \"open_images_test\", \"image_id\": \"" + image + "\", \"annotator_id\": " + annotator
                + ", \"caption\": \"" + caption + "\", \"timed_caption\": [{\"utterance\": \"In\", \"start_time\": 0.0,"
                + " \"end_time\": 0.4}], \"traces\": [[{\"x\": 0.1, \"y\": 0.2, \"t\": 0.0}, {\"x\": 0.3, \"y\": 0.4,"
                + " \"t\": 0.1}]], \"voice_recording\": \"open_images_test/" + image + "_" + annotator + ".ogg\"}";
    }

    @Test
    void oneSamplePerImageCaptionPairWithVerifiedLabels() throws IOException {
        Taxonomy t = taxonomy();
        Path labels = tmp.resolve("test-annotations-human-imagelabels.csv");
        Files.writeString(labels, String.join("\n",
                "ImageID,Source,LabelName,Confidence",
                "000a1249af2bc5f0,verification,/m/0bt9lr,1",
                "000a1249af2bc5f0,verification,/m/01yrx,0",          // verified negative: dropped by default
                "000a1249af2bc5f0,crowdsource-verification,/m/0jbk,1",
                "000a1249af2bc5f0,verification,/m/0bt9lr,1",          // duplicate row
                "000a1249af2bc5f0,verification,/m/05s2s,1",           // class outside the taxonomy
                "0011c4e4a8fd4e31,verification,/m/0k4j,1",
                "ffffffffffffffff,verification,/m/0k4j,1",            // image without a caption
                ""));
        Path narr = tmp.resolve("open_images_test_localized_narratives.jsonl");
        Files.writeString(narr, String.join("\n",
                narrative("000a1249af2bc5f0", 7, "In this image we can see a dog."),
                narrative("0011c4e4a8fd4e31", 3, "A red car on the road."),
                narrative("000a1249af2bc5f0", 9, "A dog is sitting."),
                narrative("00aaaaaaaaaaaaaa", 1, "Nothing labelled here."),
                narrative("00bbbbbbbbbbbbbb", 1, ""),
                ""));
        OpenImagesLoader.Samples s = OpenImagesLoader.load(labels, narr, t);
        assertEquals(List.of("000a1249af2bc5f0#0", "0011c4e4a8fd4e31#0", "000a1249af2bc5f0#1", "00aaaaaaaaaaaaaa#0"),
                s.sampleIds());
        assertEquals("A dog is sitting.", s.captions().get(2));
        int dog = t.byName("Dog").getAsInt();
        int animal = t.byName("Animal").getAsInt();
        int[] expected = dog < animal ? new int[]{dog, animal} : new int[]{animal, dog};
        assertArrayEquals(expected, s.labels().labels()[0]);
        assertArrayEquals(expected, s.labels().labels()[2]);
        assertArrayEquals(new int[]{t.byName("Car").getAsInt()}, s.labels().labels()[1]);
        assertArrayEquals(new int[0], s.labels().labels()[3]);
        OpenImagesLoader.Report r = s.report();
        assertEquals(5, r.narrativesRead());
        assertEquals(1, r.narrativesWithoutCaption());
        assertEquals(7, r.labelRowsRead());
        assertEquals(1, r.labelRowsBelowConfidence());
        assertEquals(1, r.labelRowsUnknownClass());
        assertEquals(1, r.labelRowsOtherImages());
        assertEquals(4, r.samples());
        assertEquals(1, r.samplesWithoutLabels());

        OpenImagesLoader.Samples lax = OpenImagesLoader.load(List.of(labels), List.of(narr), t, 0.0);
        assertEquals(3, lax.labels().labels()[0].length); // the Cat row with Confidence 0 now counts
    }

    @Test
    void badFilesAreNamed() throws IOException {
        Taxonomy t = taxonomy();
        Path labels = tmp.resolve("labels.csv");
        Files.writeString(labels, "ImageID,LabelName\nabc,/m/0k4j\n");
        Path narr = tmp.resolve("n.jsonl");
        Files.writeString(narr, narrative("abc", 1, "x") + "\n");
        DataFileException e = assertThrows(DataFileException.class, () -> OpenImagesLoader.load(labels, narr, t));
        assertTrue(e.getMessage().contains("labels.csv") && e.getMessage().contains("Confidence"), e.getMessage());
        Files.writeString(labels, "ImageID,Source,LabelName,Confidence\nabc,v,/m/0k4j,yes\n");
        e = assertThrows(DataFileException.class, () -> OpenImagesLoader.load(labels, narr, t));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("yes"), e.getMessage());
        Files.writeString(narr, "{\"image_id\": \"abc\", \"caption\": \"x\"}\n{broken\n");
        e = assertThrows(DataFileException.class, () -> OpenImagesLoader.load(labels, narr, t));
        assertTrue(e.getMessage().contains("n.jsonl") && e.getMessage().contains("line 2"), e.getMessage());
    }
}
