package org.sparcj.data.coco;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.data.DataFileException;
import org.sparcj.data.Taxonomy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class CocoLoaderTest {
    @TempDir
    Path tmp;

    /** instances_val2017.json in miniature: info, licenses, images, annotations (with segmentation), categories last. */
    private Path instances() throws IOException {
        Path f = tmp.resolve("instances_val2017.json");
        Files.writeString(f, """
                {"info": {"description": "COCO 2017 Dataset", "year": 2017},
                 "licenses": [{"url": "http://creativecommons.org/licenses/by/2.0/", "id": 4, "name": "Attribution License"}],
                 "images": [
                   {"license": 4, "file_name": "000000397133.jpg", "height": 427, "width": 640, "id": 397133},
                   {"license": 1, "file_name": "000000037777.jpg", "height": 230, "width": 352, "id": 37777},
                   {"license": 4, "file_name": "000000252219.jpg", "height": 428, "width": 640, "id": 252219},
                   {"license": 4, "file_name": "000000000001.jpg", "height": 10, "width": 10, "id": 1}],
                 "annotations": [
                   {"segmentation": [[510.66, 423.01, 511.72, 420.03]], "area": 702.1, "iscrowd": 0, "image_id": 397133,
                    "bbox": [473.07, 395.93, 38.65, 28.67], "category_id": 18, "id": 1768},
                   {"segmentation": {"counts": [272, 2, 4], "size": [240, 320]}, "area": 5.0, "iscrowd": 1,
                    "image_id": 397133, "bbox": [1, 2, 3, 4], "category_id": 1, "id": 1769},
                   {"segmentation": [[1, 2, 3, 4]], "area": 1.0, "iscrowd": 0, "image_id": 397133,
                    "bbox": [1, 2, 3, 4], "category_id": 18, "id": 1770},
                   {"segmentation": [[1, 2]], "area": 1.0, "iscrowd": 0, "image_id": 37777, "bbox": [0, 0, 1, 1],
                    "category_id": 3, "id": 1771}],
                 "categories": [
                   {"supercategory": "person", "id": 1, "name": "person"},
                   {"supercategory": "vehicle", "id": 3, "name": "car"},
                   {"supercategory": "animal", "id": 18, "name": "dog"}]}
                """);
        return f;
    }

    private Path captions() throws IOException {
        Path f = tmp.resolve("captions_val2017.json");
        Files.writeString(f, """
                {"info": {"year": 2017}, "licenses": [],
                 "images": [{"id": 397133, "file_name": "000000397133.jpg"}],
                 "annotations": [
                   {"image_id": 397133, "id": 370509, "caption": "A man is in a kitchen making pizzas."},
                   {"image_id": 37777, "id": 3, "caption": "A small car."},
                   {"image_id": 397133, "id": 370584, "caption": "Man in apron standing   on front of oven.\\n"},
                   {"image_id": 252219, "id": 9, "caption": "People on a street."}]}
                """);
        return f;
    }

    @Test
    void joinedCaptionsOneSamplePerImage() throws IOException {
        CocoLoader.Samples s = CocoLoader.load(instances(), captions(), CocoLoader.CaptionMode.JOINED);
        assertEquals(List.of("397133", "37777", "252219"), s.sampleIds());
        assertEquals("A man is in a kitchen making pizzas. Man in apron standing on front of oven.", s.captions().get(0));
        Taxonomy t = s.labels().taxonomy();
        int person = t.byId("coco:1").getAsInt();
        int dog = t.byId("coco:18").getAsInt();
        assertArrayEquals(new int[]{Math.min(person, dog), Math.max(person, dog)}, s.labels().labels()[0]);
        assertEquals("car", t.name(s.labels().labels()[1][0]));
        assertEquals("vehicle", t.name(t.parent(s.labels().labels()[1][0])));
        assertArrayEquals(new int[0], s.labels().labels()[2]);
        assertEquals(4, s.report().images());
        assertEquals(1, s.report().imagesWithoutCaptions());
        assertEquals(1, s.report().samplesWithoutLabels());
    }

    @Test
    void perCaptionSamplesAndTestSplitById() throws IOException {
        Path split = tmp.resolve("coco_test_5k_ids.txt");
        Files.writeString(split, "# karpathy test\n397133\n\n252219\n");
        Set<Long> test = CocoLoader.readImageIds(split);
        CocoLoader.Samples s = CocoLoader.load(instances(), captions(), CocoLoader.CaptionMode.PER_CAPTION, test::contains);
        assertEquals(List.of("397133#370509", "397133#370584", "252219#9"), s.sampleIds());
        assertArrayEquals(new long[]{397133, 397133, 252219}, s.imageIds());
        assertEquals("People on a street.", s.captions().get(2));
        assertEquals(2, s.report().imagesFilteredOut());
        Files.writeString(split, "397133\nabc\n");
        DataFileException e = assertThrows(DataFileException.class, () -> CocoLoader.readImageIds(split));
        assertTrue(e.getMessage().contains("coco_test_5k_ids.txt") && e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void taxonomyFromInstancesFileSkipsTheRest() throws IOException {
        Taxonomy t = CocoTaxonomy.fromCategories(instances());
        assertEquals(1 + 3 + 3, t.size());
        assertEquals(t.byId("coco-super:animal").getAsInt(), t.parent(t.byId("coco:18").getAsInt()));
    }

    @Test
    void wrongFileKindIsNamed() throws IOException {
        DataFileException e = assertThrows(DataFileException.class,
                () -> CocoLoader.load(captions(), captions(), CocoLoader.CaptionMode.JOINED));
        assertTrue(e.getMessage().contains("captions_val2017.json") && e.getMessage().contains("instances"), e.getMessage());
        e = assertThrows(DataFileException.class,
                () -> CocoLoader.load(instances(), tmp.resolve("nope.json"), CocoLoader.CaptionMode.JOINED));
        assertTrue(e.getMessage().contains("nope.json"), e.getMessage());
    }
}
