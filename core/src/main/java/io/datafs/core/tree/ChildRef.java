package io.datafs.core.tree;

import io.datafs.core.id.ObjectId;
import java.util.Objects;

/**
 * An index page's reference to one child page.
 *
 * @param lastName   the name of the last entry below the child: the child covers names after the previous sibling's
 *                   last name, up to and including this one
 * @param pageId     the child page's id
 * @param entryCount number of directory entries below the child (at least 1)
 */
public record ChildRef(String lastName, ObjectId pageId, long entryCount) {
  public ChildRef {
    Objects.requireNonNull(lastName, "lastName");
    Objects.requireNonNull(pageId, "pageId");
  }
}
