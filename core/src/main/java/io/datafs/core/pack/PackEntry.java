package io.datafs.core.pack;

import io.datafs.core.id.ObjectId;

/**
 * One object in a pack, as its index trailer lists it.
 *
 * @param offset        where the object's stored bytes start in the pack file (past any per-record header)
 * @param storedLength  bytes stored (compressed length when codec is ZSTD)
 * @param rawLength     bytes after decoding; the object id is the SHA-256 of those raw bytes
 * @param crc32c        CRC32C of the stored bytes: local reads check it (hardware CRC, an order of magnitude
 *                      cheaper than SHA-256); whatever crosses a trust boundary (remote, cache, verify) checks the id
 */
public record PackEntry(ObjectId id, ObjectType type, Codec codec, long offset, int storedLength, int rawLength,
                        int crc32c) {}
