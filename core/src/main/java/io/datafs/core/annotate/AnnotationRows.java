package io.datafs.core.annotate;

import io.datafs.core.id.ObjectId;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The rows of table {@code annotations}: {@code 'a'} + content id -> one annotation's row; {@code 'p'} + leaf page id
 * -> the rows of the {@code .json} files on that page, each as name length (4 bytes), name (UTF-8), row length (4
 * bytes), row. A row is {@code 'J'} and the annotation's compact JSON, or {@code 'X'} and why it is not valid JSON.
 */
final class AnnotationRows {
  private static final byte VALID = 'J';
  private static final byte INVALID = 'X';

  private AnnotationRows() {}

  static byte[] content(ObjectId id) {
    return key((byte) 'a', id);
  }

  static byte[] page(ObjectId leaf) {
    return key((byte) 'p', leaf);
  }

  private static byte[] key(byte kind, ObjectId id) {
    byte[] key = new byte[1 + ObjectId.LENGTH];
    key[0] = kind;
    id.writeTo(key, 1);
    return key;
  }

  static byte[] valid(byte[] json) {
    return tagged(VALID, json);
  }

  static byte[] invalid(String why) {
    return tagged(INVALID, why.getBytes(StandardCharsets.UTF_8));
  }

  static boolean isInvalid(byte[] row) {
    return row[0] == INVALID;
  }

  private static byte[] tagged(byte tag, byte[] body) {
    byte[] row = new byte[body.length + 1];
    row[0] = tag;
    System.arraycopy(body, 0, row, 1, body.length);
    return row;
  }

  /** Builds a page's row: each annotation's name and row. */
  static final class PageWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void add(String name, byte[] row) {
      byte[] n = name.getBytes(StandardCharsets.UTF_8);
      out.writeBytes(ByteBuffer.allocate(4).putInt(n.length).array());
      out.writeBytes(n);
      out.writeBytes(ByteBuffer.allocate(4).putInt(row.length).array());
      out.writeBytes(row);
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  /** A page's row read back: annotation name -> its row. */
  static Map<String, byte[]> readPage(byte[] page) {
    Map<String, byte[]> rows = new HashMap<>();
    ByteBuffer in = ByteBuffer.wrap(page);
    while (in.hasRemaining()) {
      byte[] name = new byte[in.getInt()];
      in.get(name);
      byte[] row = new byte[in.getInt()];
      in.get(row);
      rows.put(new String(name, StandardCharsets.UTF_8), row);
    }
    return rows;
  }
}
