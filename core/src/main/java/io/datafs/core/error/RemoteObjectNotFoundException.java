package io.datafs.core.error;

/** An object that is not on the remote (the remote itself exists). */
public class RemoteObjectNotFoundException extends NotFoundException {
  private final String key;

  public RemoteObjectNotFoundException(String remote, String key) {
    super("no object " + key + " on remote " + remote);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
