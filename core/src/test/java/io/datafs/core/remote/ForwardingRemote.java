package io.datafs.core.remote;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/** A remote that passes everything to another: tests override the one call they want to change. */
public class ForwardingRemote implements Remote {
  private final Remote inner;

  public ForwardingRemote(Remote inner) {
    this.inner = inner;
  }

  @Override public RemoteUrl url() {
    return inner.url();
  }

  @Override public byte[] get(RemoteKey key) {
    return inner.get(key);
  }

  @Override public byte[] read(RemoteKey key, long offset, int length) {
    return inner.read(key, offset, length);
  }

  @Override public InputStream open(RemoteKey key, long offset, long length) {
    return inner.open(key, offset, length);
  }

  @Override public OptionalLong size(RemoteKey key) {
    return inner.size(key);
  }

  @Override public void put(RemoteKey key, byte[] bytes) {
    inner.put(key, bytes);
  }

  @Override public void put(RemoteKey key, Path file) {
    inner.put(key, file);
  }

  @Override public CreateResult create(RemoteKey key, byte[] bytes) {
    return inner.create(key, bytes);
  }

  @Override public List<RemoteKey> list(String prefix) {
    return inner.list(prefix);
  }

  @Override public List<RemoteEntry> listEntries(String prefix) {
    return inner.listEntries(prefix);
  }

  @Override public boolean delete(RemoteKey key) {
    return inner.delete(key);
  }

  @Override public void deleteListed(RemoteKey key) {
    inner.deleteListed(key);
  }

  @Override public void close() {
    inner.close();
  }
}
