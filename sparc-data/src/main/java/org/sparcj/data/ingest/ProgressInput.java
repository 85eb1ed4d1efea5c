package org.sparcj.data.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes read from a file and reports them (in MB) to an {@link ImportProgress}. */
final class ProgressInput extends FilterInputStream {
    private static final long MB = 1 << 20;
    private final ImportProgress progress;
    private long bytes;
    private long reported;

    ProgressInput(InputStream in, ImportProgress progress) {
        super(in);
        this.progress = progress;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) count(1);
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) count(n);
        return n;
    }

    @Override
    public void close() throws IOException {
        progress.step(bytes / MB);
        super.close();
    }

    private void count(long n) {
        bytes += n;
        if (bytes - reported >= MB) {
            reported = bytes;
            progress.step(bytes / MB);
        }
    }
}
