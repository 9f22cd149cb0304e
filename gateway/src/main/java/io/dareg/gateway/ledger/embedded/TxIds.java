package io.dareg.gateway.ledger.embedded;

import io.dareg.chaincode.registry.Caller;
import io.dareg.core.crypto.Hashes;
import io.dareg.core.model.HashAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Transaction ids of one run of the embedded ledger: SHA-256 of a secret drawn once per run, a
 * count, the caller and the transaction's name. Unique and unguessable without a call to the
 * system's random source per transaction (a lock and a read of /dev/urandom each, a tenth of a
 * client's CPU per deposit under load).
 */
final class TxIds {
  private final byte[] seed = newSeed();
  private final AtomicLong count = new AtomicLong();

  /** A new id for {@code transaction} by {@code caller}, never handed out before. */
  String next(Caller caller, String transaction) {
    var md = Hashes.newDigest(HashAlgorithm.SHA256);
    md.update(seed);
    long n = count.getAndIncrement();
    for (int shift = 56; shift >= 0; shift -= 8) {
      md.update((byte) (n >>> shift));
    }
    md.update(caller.identity().toString().getBytes(StandardCharsets.UTF_8));
    md.update(transaction.getBytes(StandardCharsets.UTF_8));
    return Hashes.toHex(md.digest());
  }

  private static byte[] newSeed() {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    return seed;
  }
}
