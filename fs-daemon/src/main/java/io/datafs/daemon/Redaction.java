package io.datafs.daemon;

/**
 * What a log line must never show, as one regular expression whose first group is the name kept before the value
 * replaced: secrets in connection strings (AccountKey=, SharedAccessSignature=), SAS and presigned-URL query
 * parameters (sig=, X-Amz-Signature=, X-Amz-Credential=, X-Amz-Security-Token=), and Authorization headers. The value
 * runs to the next separator of those forms (; & whitespace double quote). Written for logback's {@code %replace}:
 * no comma and no single quote, which would end the pattern's argument.
 */
final class Redaction {
  static final String REGEX = "(?i)(AccountKey=|SharedAccessSignature=|[?&]sig=|X-Amz-Signature=|X-Amz-Credential="
      + "|X-Amz-Security-Token=|Authorization[:=] ?(?:AWS4-HMAC-SHA256 |SharedKey |Bearer )?)[^;&\\s\"]+";

  private Redaction() {}
}
