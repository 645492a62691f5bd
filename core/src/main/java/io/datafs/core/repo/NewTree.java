package io.datafs.core.repo;

import io.datafs.core.id.ObjectId;
import io.datafs.core.version.Totals;

/** The root directory of a version being made, and what it holds. */
record NewTree(ObjectId root, Totals totals) {}
