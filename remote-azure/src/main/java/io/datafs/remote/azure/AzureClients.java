package io.datafs.remote.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.datafs.core.error.RemoteAccessDeniedException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Builds the Blob service client of a remote from the environment: {@code AZURE_STORAGE_CONNECTION_STRING}, or
 * {@code AZURE_STORAGE_ACCOUNT} with {@code AZURE_STORAGE_KEY} (as the az CLI reads them). Azure AD credentials
 * (DefaultAzureCredential) would need azure-identity and its MSAL dependencies; not supported yet.
 */
public final class AzureClients {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** No answer or no byte for this long is a timeout (transient): a hanging service is reported in seconds. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
  /** One HTTP try; a block of a large upload must fit in it. */
  static final Duration TRY_TIMEOUT = Duration.ofMinutes(5);

  private AzureClients() {}

  public static BlobServiceClient fromEnvironment(Map<String, String> env, URI endpoint) {
    String connection = env.get("AZURE_STORAGE_CONNECTION_STRING");
    if (connection != null && !connection.isBlank()) return fromConnectionString(connection);
    String account = env.get("AZURE_STORAGE_ACCOUNT");
    String key = env.get("AZURE_STORAGE_KEY");
    if (account != null && key != null) {
      String url = endpoint != null ? endpoint.toString() : "https://" + account + ".blob.core.windows.net";
      return builder(READ_TIMEOUT).endpoint(url).credential(new StorageSharedKeyCredential(account, key)).buildClient();
    }
    throw new RemoteAccessDeniedException("no Azure credentials: set AZURE_STORAGE_CONNECTION_STRING, or "
        + "AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY", null);
  }

  public static BlobServiceClient fromConnectionString(String connectionString) {
    return fromConnectionString(connectionString, READ_TIMEOUT);
  }

  /** As above, with another read timeout (tests of hanging services). */
  static BlobServiceClient fromConnectionString(String connectionString, Duration readTimeout) {
    return builder(readTimeout).connectionString(connectionString).buildClient();
  }

  private static BlobServiceClientBuilder builder(Duration readTimeout) {
    HttpClient http = new JdkHttpClientBuilder().connectionTimeout(CONNECT_TIMEOUT)
        .responseTimeout(readTimeout).readTimeout(readTimeout).build();
    // RetryingRemote retries within a time budget; the SDK's own retries (up to minutes) would hide it
    RequestRetryOptions once = new RequestRetryOptions(RetryPolicyType.FIXED, 1, TRY_TIMEOUT, null, null, null);
    return new BlobServiceClientBuilder().httpClient(http).retryOptions(once);
  }
}
