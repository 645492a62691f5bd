package io.datafs.fs.fuse;

import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import ru.serce.jnrfuse.struct.FuseOperations;

/**
 * The flag bit-field of libfuse 2's {@code struct fuse_operations}: {@code unsigned int flag_nullpath_ok:1,
 * flag_nopath:1, flag_utime_omit_ok:1, flag_reserved:29}, right after {@code bmap}. jnr-fuse declares it as four
 * one-byte paddings, so the first of them is the bit-field's first byte (little-endian: bits 0 to 7). Its offset is
 * checked against bmap's plus a pointer, so a different jnr-fuse layout fails loudly, not silently.
 */
final class OperationFlags {
  /** Read, write, flush, fsync, ftruncate, fgetattr and release may get a null path (a file unlinked while open). */
  static final int NULLPATH_OK = 1;
  /** utimens gets UTIME_NOW / UTIME_OMIT as they are, so one time can be set without the other. */
  static final int UTIME_OMIT_OK = 1 << 2;

  private OperationFlags() {}

  static void set(FuseOperations ops, int flags) {
    Struct.getMemory(ops).putByte(offset(ops), (byte) flags);
  }

  static byte get(FuseOperations ops) {
    return Struct.getMemory(ops).getByte(offset(ops));
  }

  private static long offset(FuseOperations ops) {
    long at = Offsets.of(ops.flag_nullpath_ok);
    long bmap = Offsets.of(ops.bmap);
    if (at != bmap + Runtime.getSystemRuntime().addressSize()) {
      throw new IllegalStateException("unexpected jnr-fuse struct fuse_operations layout: flag_nullpath_ok at " + at
          + ", bmap at " + bmap);
    }
    return at;
  }

  /** A member's offset: {@code Struct.AbstractMember} is visible only to subclasses of {@link Struct}. */
  private static final class Offsets extends Struct {
    private Offsets() {
      super(Runtime.getSystemRuntime());
    }

    static long of(Struct.AbstractMember member) {
      return member.offset();
    }
  }
}
