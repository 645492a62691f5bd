package io.datafs.core.remote;

import io.datafs.core.error.DatafsException;
import io.datafs.core.error.RemoteOfflineException;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Opens a remote from its URL with the provider registered for its scheme, wrapped in retries. */
public final class Remotes {
  private final Map<String, RemoteProvider> providers = new TreeMap<>();
  private final RetryPolicy retry;

  public Remotes(Iterable<RemoteProvider> providers, RetryPolicy retry) {
    for (RemoteProvider p : providers) this.providers.putIfAbsent(p.scheme(), p);
    this.retry = retry;
  }

  /** The providers on the class path (META-INF/services), with the default retry policy. */
  public static Remotes load() {
    return new Remotes(ServiceLoader.load(RemoteProvider.class, Remotes.class.getClassLoader()), RetryPolicy.DEFAULT);
  }

  /** @throws RemoteOfflineException when the options say datafs is offline: nothing is contacted */
  public Remote open(RemoteUrl url, RemoteOptions options) {
    if (options.offline()) {
      throw new RemoteOfflineException("remote " + url + " not contacted: datafs is offline (--offline or "
          + RemoteOptions.OFFLINE + "=1)");
    }
    return new RetryingRemote(provider(url).open(url, options), retry);
  }

  /** Throws unless a provider for the URL's scheme is installed. */
  public RemoteProvider provider(RemoteUrl url) {
    RemoteProvider p = providers.get(url.scheme());
    if (p == null) {
      throw new DatafsException("this datafs cannot open " + url.scheme() + ":// remotes (" + url
          + "): its remote-" + (url.scheme().equals(RemoteUrl.AZURE) ? "azure" : url.scheme())
          + " module is not installed");
    }
    return p;
  }

  /** The schemes that can be opened. */
  public java.util.Set<String> schemes() {
    return java.util.Collections.unmodifiableSet(providers.keySet());
  }
}
