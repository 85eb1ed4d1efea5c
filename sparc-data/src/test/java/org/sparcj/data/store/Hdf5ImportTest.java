package org.sparcj.data.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.data.DataFileException;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Reads the gzip-chunked fixtures made by src/test/resources/hdf5/make_fixture.py (value = r + c/100). */
class Hdf5ImportTest {
    @TempDir
    Path tmp;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(Hdf5ImportTest.class.getResource("/hdf5/" + name).toURI());
    }

    @Test
    void convertsGzipChunkedFilesSliceBySlice() throws Exception {
        Path out = tmp.resolve("store");
        // 5 rows per slice: slices cut across the 8-row HDF5 chunks.
        Hdf5Import.convert(List.of(new Hdf5Import.Source("a", resource("stream_a.h5")),
                new Hdf5Import.Source("b", resource("stream_b.h5"))), r -> "img" + r, out, 5);
        try (FeatureStore fs = FeatureStore.open(out)) {
            assertEquals(37, fs.size());
            assertEquals(5, fs.dim(0));
            assertEquals(3, fs.dim(1));
            assertEquals("img36", fs.sampleId(36));
            long[] rows = new long[37];
            for (int i = 0; i < 37; i++) rows[i] = i;
            float[][] all = fs.readBatch(rows);
            for (int s = 0; s < 2; s++) {
                int d = fs.dim(s);
                for (int r = 0; r < 37; r++)
                    for (int c = 0; c < d; c++)
                        assertEquals((float) (r + c / 100.0), all[s][r * d + c], "stream " + s + " row " + r + " col " + c);
            }
        }
    }

    @Test
    void contiguousDatasetWrittenByJhdf() throws Exception {
        Path h5 = tmp.resolve("contiguous.h5");
        float[][] data = new float[10][4];
        for (int r = 0; r < 10; r++) for (int c = 0; c < 4; c++) data[r][c] = r * 10 + c;
        try (io.jhdf.WritableHdfFile f = io.jhdf.HdfFile.write(h5)) {
            f.putDataset("features", data);
        }
        Path out = tmp.resolve("contig");
        Hdf5Import.convert(List.of(new Hdf5Import.Source("x", h5)), null, out, 3);
        try (FeatureStore fs = FeatureStore.open(out)) {
            float[] row = new float[4];
            for (int r = 0; r < 10; r++) {
                fs.readRows(0, new long[]{r}, row);
                assertArrayEquals(data[r], row, "row " + r);
            }
        }
    }

    @Test
    void defaultIdsAreZeroPaddedRowNumbers() throws Exception {
        Path out = tmp.resolve("ids");
        Hdf5Import.convert(List.of(new Hdf5Import.Source("a", resource("stream_a.h5"))), null, out,
                Hdf5Import.DEFAULT_ROWS_PER_SLICE);
        try (FeatureStore fs = FeatureStore.open(out)) {
            assertEquals("00", fs.sampleId(0));
            assertEquals("36", fs.sampleId(36));
        }
    }

    @Test
    void rowCountMismatchNamesTheFile() throws Exception {
        Path out = tmp.resolve("bad");
        DataFileException e = assertThrows(DataFileException.class, () -> Hdf5Import.convert(
                List.of(new Hdf5Import.Source("a", resource("stream_a.h5")),
                        new Hdf5Import.Source("s", resource("stream_short.h5"))), null, out, 8));
        assertTrue(e.getMessage().contains("stream_short.h5") && e.getMessage().contains("30 rows"), e.getMessage());
        assertFalse(FeatureStore.isComplete(out));
    }

    @Test
    void missingDatasetNamesTheFile() throws Exception {
        DataFileException e = assertThrows(DataFileException.class, () -> Hdf5Import.convert(
                List.of(new Hdf5Import.Source("a", resource("stream_a.h5"), "embeddings")), null, tmp.resolve("x"), 8));
        assertTrue(e.getMessage().contains("stream_a.h5") && e.getMessage().contains("embeddings"), e.getMessage());
    }
}
