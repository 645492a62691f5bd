package io.datafs.core.select;

import io.datafs.core.annotate.AnnotationIndex;
import io.datafs.core.annotate.DataObject;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.label.LabelName;
import io.datafs.core.label.Labels;
import io.datafs.core.query.FileQuery;
import io.datafs.core.query.Glob;
import io.datafs.core.query.Query;
import io.datafs.core.query.QueryEvaluationException;

/**
 * One filter of a selection (LDB's {@code --query}, {@code --file}, plus {@code --glob} and {@code --label}), made
 * from what the user typed; several apply in the order given. {@link #describe} gives it back as typed, for a
 * composed version's record.
 */
public sealed interface ObjectFilter {
  boolean test(DataObject o, Facts facts);

  String describe();

  /** What a filter may ask of an object beyond its entries, during one walk. */
  interface Facts {
    /** The object's annotation as parsed, null when it has none. */
    AnnotationIndex.Annotation annotation(DataObject o);

    Labels labels();
  }

  static ObjectFilter query(String text) {
    return new ByQuery(Query.parse(text));
  }

  static ObjectFilter file(String text) {
    return new ByFile(FileQuery.parse(text));
  }

  static ObjectFilter glob(String pattern) {
    return new ByGlob(pattern, Glob.parse(pattern));
  }

  static ObjectFilter label(String label) {
    return new ByLabel(new LabelName(label));
  }

  /** The annotation makes the query true; an object without a valid annotation matches no query. */
  record ByQuery(Query query) implements ObjectFilter {
    @Override public boolean test(DataObject o, Facts facts) {
      AnnotationIndex.Annotation a = facts.annotation(o);
      if (a == null || !a.valid()) return false;
      try {
        return query.matches(a.json());
      } catch (QueryEvaluationException e) {
        throw new InvalidInputException(o.annotationPath() + ": " + e.getMessage());
      }
    }

    @Override public String describe() {
      return "--query " + query.text();
    }
  }

  /** The data file's path, name, size and mtime make LDB's {@code --file} query true. */
  record ByFile(FileQuery query) implements ObjectFilter {
    @Override public boolean test(DataObject o, Facts facts) {
      return query.matches(o.path(), o.data().size(), o.data().mtimeNanos());
    }

    @Override public String describe() {
      return "--file " + query.text();
    }
  }

  /** The data file's path matches a glob. */
  record ByGlob(String pattern, Glob glob) implements ObjectFilter {
    @Override public boolean test(DataObject o, Facts facts) {
      return glob.matches(o.path());
    }

    @Override public String describe() {
      return "--glob " + pattern;
    }
  }

  /** The data file's content carries a label. */
  record ByLabel(LabelName label) implements ObjectFilter {
    @Override public boolean test(DataObject o, Facts facts) {
      return facts.labels().has(o.data().contentId(), label);
    }

    @Override public String describe() {
      return "--label " + label.value();
    }
  }
}
