package org.sparcj.experiments.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.sparcj.data.store.Npy;

/**
 * NumPy's .npz: a zip of one .npy file per array, read by {@code numpy.load}. The metadata, which .npz
 * has no place for, is the UTF-8 JSON text of a string map stored as the uint8 array {@code __metadata__}.
 */
final class NpzWriter {
    static final String METADATA = "__metadata__";
    private static final ObjectMapper JSON = new ObjectMapper();

    private NpzWriter() {
    }

    static void write(Path file, List<ExportTensor> tensors, Map<String, String> metadata) throws IOException {
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
             ZipOutputStream zip = new ZipOutputStream(raw)) {
            zip.setLevel(Deflater.BEST_SPEED);
            byte[] meta = JSON.writeValueAsBytes(metadata);
            zip.putNextEntry(new ZipEntry(METADATA + ".npy"));
            zip.write(Npy.headerBytes("|u1", meta.length));
            zip.write(meta);
            zip.closeEntry();
            for (ExportTensor t : tensors) {
                zip.putNextEntry(new ZipEntry(t.name() + ".npy"));
                zip.write(Npy.headerBytes(t.numpyDescr(), t.shape()));
                // The channel view writes through to the entry; closing the entry, not the channel, ends it.
                t.writeTo(Channels.newChannel(zip));
                zip.closeEntry();
            }
        }
    }
}
