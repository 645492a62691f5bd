package io.datafs.core.query;

import io.datafs.core.error.InvalidInputException;

/**
 * A JMESPath function that failed on one annotation ({@code length(5)}, an argument of the wrong type). The message
 * is one line naming the term; the caller adds the object's path.
 */
public final class QueryEvaluationException extends InvalidInputException {
  QueryEvaluationException(String message) {
    super(message);
  }
}
