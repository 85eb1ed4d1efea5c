package org.sparcj.data.ingest;

/** Progress of an import, phase by phase (e.g. reading a label file, copying features). */
public interface ImportProgress {
    ImportProgress NONE = new ImportProgress() {
        @Override
        public void phase(String name, String unit, long total) {
        }

        @Override
        public void step(long done) {
        }
    };

    /** A phase starts: its name, the unit counted (" rows", " MB") and the total in that unit. */
    void phase(String name, String unit, long total);

    /** Units done so far in the current phase. */
    void step(long done);
}
