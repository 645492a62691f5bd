package io.datafs.fs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** The parts of FuseMount that need no kernel. */
class FuseMountOptionsTest {
  @Test
  void optionsAreReadOnlyCachedAndAllowOtherOnlyForRoot() {
    assertEquals("ro,kernel_cache,entry_timeout=86400,attr_timeout=86400,negative_timeout=86400,use_ino,"
        + "default_permissions,allow_other,fsname=datafs:mnist@3,subtype=datafs,max_read=131072,max_readahead=4194304",
        FuseMount.options("datafs:mnist@3", true));
    assertEquals("ro,kernel_cache,entry_timeout=86400,attr_timeout=86400,negative_timeout=86400,use_ino,"
        + "default_permissions,fsname=a_b_c_d,subtype=datafs,max_read=131072,max_readahead=4194304",
        FuseMount.options("a,b c\\d", false));
  }

  @Test
  void writableOptionsDropCachingAndHideNothing() {
    assertEquals("entry_timeout=0,attr_timeout=0,negative_timeout=0,use_ino,big_writes,max_write=131072"
        + ",default_permissions,allow_other,fsname=datafs:cats@3,subtype=datafs,max_read=131072,max_readahead=4194304",
        FuseMount.writableOptions("datafs:cats@3", true));
    String user = FuseMount.writableOptions("a b", false);
    assertEquals("entry_timeout=0,attr_timeout=0,negative_timeout=0,use_ino,big_writes,max_write=131072"
        + ",default_permissions,fsname=a_b,subtype=datafs,max_read=131072,max_readahead=4194304", user);
    for (String o : user.split(",")) {
      assertFalse(o.equals("ro") || o.equals("kernel_cache") || o.equals("auto_cache"), o);
    }
  }

  @Test
  void mountinfoEscapesAreUndone() {
    assertEquals("/tmp/a b\tc\nd\\e", MountTable.unescapeOctal("/tmp/a\\040b\\011c\\012d\\134e"));
    assertEquals("/plain/é", MountTable.unescapeOctal("/plain/é"));
    assertEquals("/x\\9", MountTable.unescapeOctal("/x\\9"));
  }
}
