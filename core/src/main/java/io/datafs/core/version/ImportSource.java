package io.datafs.core.version;

/**
 * Where an imported version came from ({@code datafs import-version}, {@code datafs update}): enough to find the
 * source again and to tell whether it moved on or was lost.
 *
 * @param url      the source registry's URL, canonical (a folder as an absolute {@code file://} URL); never credentials
 * @param endpoint the S3-compatible server it was read through, or null for the provider's own
 * @param dataset  the source version's dataset
 * @param number   its number there
 * @param id       its id there (hex)
 * @param path     the directory of it that was imported, "" for the whole version
 */
public record ImportSource(String url, String endpoint, String dataset, long number, String id, String path) {
  public ImportSource {
    path = path == null ? "" : path;
  }

  /** {@code cats@v3} or {@code cats@v3:images/train}: the source version and path, as a user would address it. */
  public String label() {
    return dataset + "@v" + number + (path.isEmpty() ? "" : ":" + path);
  }
}
