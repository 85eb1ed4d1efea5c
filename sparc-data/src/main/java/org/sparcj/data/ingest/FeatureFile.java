package org.sparcj.data.ingest;

import static org.sparcj.data.settings.Settings.require;

/**
 * One stream of an imported dataset.
 *
 * @param name the stream's name in the store
 * @param file its feature file inside a split's feature directory: an HDF5 file ({@code .h5},
 *             {@code .hdf5}, dataset {@code features}) or a {@code .npy} file
 */
public record FeatureFile(String name, String file) {
    public FeatureFile {
        require("name", name, name != null && name.matches("[A-Za-z0-9_.-]+"), "letters, digits, _ . -");
        require("file", file, file != null && !file.isBlank(), "a file name");
    }

    /** True for the official code's HDF5 files; false for a .npy file. */
    public boolean hdf5() {
        String f = file.toLowerCase(java.util.Locale.ROOT);
        return f.endsWith(".h5") || f.endsWith(".hdf5");
    }
}
