package io.dareg.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.act.SignedRequest;
import io.dareg.core.act.SignedRequestException;
import io.dareg.core.crypto.Hashes;
import io.dareg.core.crypto.MerkleTree;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.TrustedRoot;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * One act as an embedded ledger committed it, with what proves it offline (issue 23): the
 * transaction as the block holds it (its signed request among it), the block's header and the node
 * key's signature over it, and the path from the transaction to the header's {@code txRoot}.
 * Anyone can check it without the gateway: that the author signed exactly this, with a certificate a
 * root they trust issued, and that the ledger's node committed it in that block.
 *
 * <pre>{@code
 * ActProof act = ActProof.find(Path.of(".dareg/ledger/blocks.dat"), txId, nodeKey);
 * ActProof.Check c = act.verify(signatures, roots, Duration.ofMinutes(5));
 * }</pre>
 *
 * @param format always {@value #FORMAT}
 * @param block the block's number
 * @param index the transaction's place in the block
 * @param count how many transactions the block holds
 * @param transaction the transaction's record, canonical JSON, as the block holds it
 * @param header the block's header, canonical JSON
 * @param headerSignature the node key's ECDSA P-256 signature over the header's bytes, base64 DER
 * @param nodeKey the node key's public half, base64 of its SubjectPublicKeyInfo
 * @param path the steps from the transaction's leaf to the header's txRoot
 */
public record ActProof(
    String format, long block, int index, int count, String transaction, String header, String headerSignature, String nodeKey,
    List<Step> path) {
  /** The format this class reads and writes. */
  public static final String FORMAT = "dareg-act/1";
  private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

  /**
   * One step of the path.
   *
   * @param left true when the sibling is the left operand
   * @param hash the sibling's hash, hex
   */
  public record Step(boolean left, String hash) {}

  /**
   * What a check found: each check on its own line, and whether all passed.
   *
   * @param valid true when every check passed
   * @param author the signer's certificate subject, or null
   * @param organisation the organisation of the trusted root that issued it, or null
   * @param operation what was signed for
   * @param lines each check, "ok: ..." or "FAILED: ..."
   */
  public record Check(boolean valid, String author, String organisation, String operation, List<String> lines) {}

  /**
   * The act with transaction id {@code txId} in the block file, with its proof; IllegalArgumentException
   * when the file holds no such transaction.
   */
  public static ActProof find(Path blockFile, String txId, PublicKey nodeKey) throws IOException {
    return find(blockFile, -1, txId, nodeKey);
  }

  /**
   * As {@link #find(Path, String, PublicKey)}, reading only the file's first {@code bytes} (its committed blocks, while
   * a ledger is writing more), or the whole file when {@code bytes} is negative.
   */
  public static ActProof find(Path blockFile, long bytes, String txId, PublicKey nodeKey) throws IOException {
    ActProof[] found = {null};
    try (FileChannel ch = FileChannel.open(blockFile, StandardOpenOption.READ)) {
      long[] number = {0};
      BlockFrames.scan(ch, bytes < 0 ? ch.size() : Math.min(bytes, ch.size()), frame -> {
        if (found[0] != null) {
          return null;
        }
        JsonNode txs;
        try {
          txs = Json.mapper().readTree(frame.body());
        } catch (IOException e) {
          return "unreadable block body: " + e.getMessage();
        }
        for (int i = 0; i < txs.size(); i++) {
          if (txs.get(i).path("txId").asText().equals(txId)) {
            List<byte[]> leafHashes = new ArrayList<>(txs.size());
            for (JsonNode tx : txs) {
              leafHashes.add(leafHash(CanonicalJson.serialize(tx)));
            }
            List<Step> steps = new ArrayList<>();
            for (MerkleTree.Step s : MerkleTree.path(HashAlgorithm.SHA256, leafHashes, i)) {
              steps.add(new Step(s.left(), HexFormat.of().formatHex(s.hash())));
            }
            found[0] = new ActProof(FORMAT, number[0], i, txs.size(), CanonicalJson.toString(txs.get(i)),
                new String(frame.header(), StandardCharsets.UTF_8), Base64.getEncoder().encodeToString(frame.signature()),
                Base64.getEncoder().encodeToString(nodeKey.getEncoded()), steps);
            break;
          }
        }
        number[0]++;
        return null;
      });
    }
    if (found[0] == null) {
      throw new IllegalArgumentException("no transaction " + txId + " in " + blockFile);
    }
    return found[0];
  }

  /**
   * Checks the act offline: its path to the header's txRoot, the node key's signature over the
   * header, and its author's signed request against {@code roots} at the transaction's time (within
   * {@code skew}). Each check is reported on its own; none stops the others.
   */
  public Check verify(Signatures signatures, List<TrustedRoot> roots, Duration skew) {
    List<String> lines = new ArrayList<>();
    boolean ok = true;
    JsonNode tx;
    JsonNode head;
    try {
      tx = Json.mapper().readTree(transaction);
      head = Json.mapper().readTree(header);
    } catch (IOException e) {
      return new Check(false, null, null, null, List.of("FAILED: the act is not readable JSON: " + e.getMessage()));
    }
    byte[] leaf = leafHash(transaction.getBytes(StandardCharsets.UTF_8));
    List<MerkleTree.Step> steps = new ArrayList<>();
    for (Step s : path) {
      steps.add(new MerkleTree.Step(s.left(), HexFormat.of().parseHex(s.hash())));
    }
    String txRoot = HexFormat.of().formatHex(MerkleTree.rootFromPath(HashAlgorithm.SHA256, leaf, steps));
    if (txRoot.equals(head.path("txRoot").asText()) && head.path("number").asLong(-1) == block) {
      lines.add("ok: transaction " + tx.path("txId").asText() + " is number " + index + " of the " + count
          + " under the txRoot of block " + block);
    } else {
      ok = false;
      lines.add("FAILED: the transaction does not lead to the txRoot of block " + block + " (it was changed, or the path is wrong)");
    }
    PublicKey key;
    try {
      key = signatures.publicKeyFromPem("-----BEGIN PUBLIC KEY-----\n" + nodeKey + "\n-----END PUBLIC KEY-----\n");
      boolean signed = signatures.verify(SignatureAlgorithm.ECDSA_P256_SHA256, key, header.getBytes(StandardCharsets.UTF_8),
          Base64.getDecoder().decode(headerSignature));
      if (signed) {
        lines.add("ok: the block header is signed by node key " + Signatures.keyId(key) + " (compare it with the ledger's"
            + " published node key)");
      } else {
        ok = false;
        lines.add("FAILED: the block header's signature does not verify with node key " + Signatures.keyId(key));
      }
    } catch (IllegalArgumentException e) {
      ok = false;
      lines.add("FAILED: the node key or the header signature is not readable: " + e.getMessage());
    }
    String name = tx.path("name").asText();
    Author a = checkAuthor(signatures, roots, skew, name, tx.path("args").asText(""), Instant.parse(tx.path("time").asText()), lines);
    return new Check(ok && a.ok(), a.subject(), a.organisation(), a.operation(), List.copyOf(lines));
  }

  /** What {@link #checkAuthor} found: whether it passed, the signer's subject and organisation, what was signed for. */
  record Author(boolean ok, String subject, String organisation, String operation) {}

  /**
   * Checks that transaction {@code name} with arguments {@code argsJson}, committed at {@code time}, carries its author's
   * signed request, signed for this operation with a certificate one of {@code roots} issued and valid then (within
   * {@code skew}); adds a line per finding to {@code lines}. The same on every ledger.
   */
  static Author checkAuthor(Signatures signatures, List<TrustedRoot> roots, Duration skew, String name, String argsJson, Instant time,
      List<String> lines) {
    JsonNode args;
    try {
      args = Json.mapper().readTree(argsJson);
    } catch (IOException e) {
      args = null;
    }
    JsonNode signed = SignedRequest.carriedBy(name, args);
    if (signed == null) {
      lines.add("FAILED: the transaction carries no signed request of its author (a ledger without trusted roots, or a"
          + " service transaction): who asked for it rests on the operator's word");
      return new Author(false, null, null, name);
    }
    String operation = name;
    try {
      SignedRequest r = SignedRequest.of(signed);
      operation = r.operation();
      List<X509Certificate> trusted = roots.stream().map(TrustedRoot::x509).toList();
      X509Certificate cert = r.verify(signatures, r.ledger(), trusted, time, skew);
      String author = cert.getSubjectX500Principal().getName();
      String organisation = issuerOf(cert, roots);
      lines.add("ok: " + author + " signed " + operation + " for ledger " + r.ledger() + " at " + r.time()
          + ", with a certificate issued by a root you trust (" + organisation + "), valid at " + time);
      if (!operation.equals(SignedRequest.signedOperationOf(name))) {
        lines.add("FAILED: the request was signed for " + operation + " but recorded as " + name);
        return new Author(false, author, organisation, operation);
      }
      return new Author(true, author, organisation, operation);
    } catch (SignedRequestException | IllegalArgumentException e) {
      lines.add("FAILED: the author's signed request: " + e.getMessage());
      return new Author(false, null, null, operation);
    }
  }

  /**
   * The organisation of the root whose key signed {@code cert} (not merely whose name it gives as issuer), preferring, as
   * the rules do, the one its subject's O names where one CA serves several organisations; null when none did.
   */
  static String issuerOf(X509Certificate cert, List<TrustedRoot> roots) {
    String organisation = null;
    try {
      for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("O")) {
          organisation = String.valueOf(rdn.getValue());
        }
      }
    } catch (javax.naming.InvalidNameException e) {
      // no O to prefer
    }
    String first = null;
    for (TrustedRoot root : roots) {
      X509Certificate r = root.x509();
      if (!r.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
        continue;
      }
      try {
        cert.verify(r.getPublicKey(), BC);
      } catch (java.security.GeneralSecurityException e) {
        continue; // another root of the same name
      }
      if (root.msp().equals(organisation)) {
        return root.msp();
      }
      first = first == null ? root.msp() : first;
    }
    return first;
  }

  /** The act as JSON. */
  public byte[] toJson() {
    return Json.canonical(this);
  }

  /** Reads an act; IllegalArgumentException when it is not one. */
  public static ActProof parse(byte[] json) {
    try {
      ActProof a = Json.mapper().readValue(json, ActProof.class);
      if (!FORMAT.equals(a.format())) {
        throw new IllegalArgumentException("not a " + FORMAT + " file (format " + a.format() + ")");
      }
      return a;
    } catch (IOException e) {
      throw new IllegalArgumentException("not a " + FORMAT + " file: " + e.getMessage(), e);
    }
  }

  private static byte[] leafHash(byte[] txBytes) {
    byte[] digest = Hashes.newDigest(HashAlgorithm.SHA256).digest(txBytes);
    var md = Hashes.newDigest(HashAlgorithm.SHA256);
    md.update((byte) 0x00);
    md.update(digest);
    return md.digest();
  }
}
