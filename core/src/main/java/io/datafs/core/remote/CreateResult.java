package io.datafs.core.remote;

/** What a create-only write did: a lost race is an answer, not an error. */
public enum CreateResult {
  /** This call wrote the object. */
  CREATED,
  /** An object was already there; it was left unchanged and nothing was written. */
  ALREADY_EXISTS
}
