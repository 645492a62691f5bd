package io.datafs.core.error;

/**
 * A write to a remote that can only be read: one served over http(s) by a web server or CDN. Pushes and commits
 * check before anything is read or sent; the remote's own writes refuse too.
 */
public class RemoteReadOnlyException extends DatafsException {
  public RemoteReadOnlyException(String remote) {
    super("remote " + remote + " is read-only: push to the folder, S3 or Azure remote it is served from");
  }
}
