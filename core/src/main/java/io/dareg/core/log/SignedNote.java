package io.dareg.core.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Signed notes as C2SP {@code signed-note} defines them, with the two Ed25519 signature types a
 * witnessed log needs: {@code 0x01}, a plain Ed25519 signature (the log signs its checkpoints), and
 * {@code 0x04}, the timestamped cosignature of C2SP {@code tlog-cosignature} (a witness states that
 * the checkpoint is consistent with everything it saw before). Keys are written as signed-note's
 * verifier keys ({@code name+keyid+base64(type || public key)}) and signer keys
 * ({@code PRIVATE+KEY+name+keyid+base64(type || seed)}), so they interoperate with Go's
 * {@code sumdb/note} and the transparency-dev witnesses.
 *
 * <pre>{@code
 * SignedNote.Signer log = SignedNote.Signer.parse(privateKeyText);
 * String note = SignedNote.sign(checkpoint.body(), List.of(log));
 * List<SignedNote.Line> ok = SignedNote.open(note, List.of(log.verifier()));
 * }</pre>
 */
public final class SignedNote {
  private SignedNote() {}

  /** Signature type 0x01: Ed25519 over the note text. */
  public static final byte ED25519 = 0x01;
  /** Signature type 0x04: a timestamped Ed25519 witness cosignature (cosignature/v1). */
  public static final byte COSIGNATURE_V1 = 0x04;

  private static final String DASH = "\u2014 ";

  /** A key that checks signatures: its name, type, 32-byte Ed25519 public key and 4-byte id. */
  public record Verifier(String name, byte type, byte[] publicKey, int keyId) {
    /** Checks the name and the key's length. */
    public Verifier {
      requireName(name);
      if (type != ED25519 && type != COSIGNATURE_V1) {
        throw new IllegalArgumentException("signature type 0x" + HexFormat.of().toHexDigits(type) + " is not supported (0x01, 0x04)");
      }
      if (publicKey.length != 32) {
        throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + publicKey.length);
      }
      publicKey = publicKey.clone();
      if (keyId != idOf(name, type, publicKey)) {
        throw new IllegalArgumentException("the key id is SHA-256(name || 0x0A || type || key)[:4] (signed-note), not " + keyId);
      }
    }

    /** Reads {@code name+keyid+base64(type || key)}; the key id must be the one the name, type and key give. */
    public static Verifier parse(String text) {
      // The base64 may contain '+': the key id's 8 hex digits between two '+' split the text.
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(.+)\\+([0-9a-f]{8})\\+([A-Za-z0-9+/=]+)$").matcher(text);
      if (!m.matches()) {
        throw new IllegalArgumentException("a verifier key is name+keyid+base64, e.g. example.com/log+530d903a+Aeky...");
      }
      byte[] typed = Base64.getDecoder().decode(m.group(3));
      Verifier v = new Verifier(m.group(1), typed[0], Arrays.copyOfRange(typed, 1, typed.length),
          idOf(m.group(1), typed[0], Arrays.copyOfRange(typed, 1, typed.length)));
      if (v.keyId != (int) Long.parseLong(m.group(2), 16)) {
        throw new IllegalArgumentException("the key id " + m.group(2) + " is not the one of " + v.name + "'s key (" + v.keyIdHex() + ")");
      }
      return v;
    }

    /** This key in signed-note's text form. */
    @Override
    public String toString() {
      byte[] typed = new byte[33];
      typed[0] = type;
      System.arraycopy(publicKey, 0, typed, 1, 32);
      return name + "+" + keyIdHex() + "+" + Base64.getEncoder().encodeToString(typed);
    }

    /** The key id as 8 hex digits. */
    public String keyIdHex() {
      return String.format("%08x", keyId);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Verifier v && v.name.equals(name) && v.type == type && Arrays.equals(v.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
      return name.hashCode() * 31 + Arrays.hashCode(publicKey);
    }
  }

  /** A key that signs: a signed-note signer key (its name, type and 32-byte Ed25519 seed). */
  public record Signer(String name, byte type, byte[] seed, Verifier verifier) {
    /** Reads {@code PRIVATE+KEY+name+keyid+base64(type || seed)}. */
    public static Signer parse(String text) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("^PRIVATE\\+KEY\\+(.+)\\+([0-9a-f]{8})\\+([A-Za-z0-9+/=]+)$").matcher(text.strip());
      if (!m.matches()) {
        throw new IllegalArgumentException("a signer key is PRIVATE+KEY+name+keyid+base64");
      }
      byte[] typed = Base64.getDecoder().decode(m.group(3));
      Signer s = of(m.group(1), typed[0], Arrays.copyOfRange(typed, 1, typed.length));
      if (!s.verifier.keyIdHex().equals(m.group(2))) {
        throw new IllegalArgumentException("the key id " + m.group(2) + " is not the one of " + s.name + "'s key");
      }
      return s;
    }

    /** The signer of {@code type} named {@code name} with the 32-byte Ed25519 {@code seed}. */
    public static Signer of(String name, byte type, byte[] seed) {
      byte[] pub = publicKeyOf(seed);
      return new Signer(name, type, seed.clone(), new Verifier(name, type, pub, idOf(name, type, pub)));
    }

    /** A new signer with a random seed. */
    public static Signer generate(String name, byte type, java.security.SecureRandom random) {
      byte[] seed = new byte[32];
      random.nextBytes(seed);
      return of(name, type, seed);
    }

    /** This key in signed-note's text form. */
    @Override
    public String toString() {
      byte[] typed = new byte[33];
      typed[0] = type;
      System.arraycopy(seed, 0, typed, 1, 32);
      return "PRIVATE+KEY+" + name + "+" + verifier.keyIdHex() + "+" + Base64.getEncoder().encodeToString(typed);
    }
  }

  /** One verified signature line: who signed, and for a cosignature when. */
  public record Line(Verifier key, Instant cosignedAt) {}

  /**
   * The note {@code text} (ending in a newline) signed by each of {@code signers}; a cosigner
   * ({@link #COSIGNATURE_V1}) signs at {@code now}.
   */
  public static String sign(String text, List<Signer> signers, Instant now) {
    requireText(text);
    StringBuilder out = new StringBuilder(text).append('\n');
    for (Signer s : signers) {
      byte[] sig;
      if (s.type == COSIGNATURE_V1) {
        long ts = now.getEpochSecond();
        byte[] ed = ed25519(s.seed, cosignedMessage(text, ts));
        sig = ByteBuffer.allocate(8 + 64).putLong(ts).put(ed).array();
      } else {
        sig = ed25519(s.seed, text.getBytes(StandardCharsets.UTF_8));
      }
      byte[] line = ByteBuffer.allocate(4 + sig.length).putInt(s.verifier.keyId).put(sig).array();
      out.append(DASH).append(s.name).append(' ').append(Base64.getEncoder().encodeToString(line)).append('\n');
    }
    return out.toString();
  }

  /** The text of a signed note: everything before the blank line that precedes the signatures. */
  public static String text(String note) {
    int end = note.lastIndexOf("\n\n");
    if (end < 0 || !note.endsWith("\n")) {
      throw new IllegalArgumentException("a signed note is text, a blank line, and signature lines");
    }
    return note.substring(0, end + 1);
  }

  /**
   * The signature lines of {@code note} made by {@code known} keys, each verified. Lines of unknown
   * keys are skipped; a line of a known key that does not verify fails the whole note, as does a
   * note with no verified line.
   */
  public static List<Line> open(String note, List<Verifier> known) {
    String text = text(note);
    requireText(text);
    List<Line> out = new ArrayList<>();
    for (String line : note.substring(text.length() + 1).split("\n")) {
      if (!line.startsWith(DASH)) {
        throw new IllegalArgumentException("a signature line starts with an em dash and a space: " + line);
      }
      String[] parts = line.substring(DASH.length()).split(" ");
      if (parts.length != 2) {
        throw new IllegalArgumentException("a signature line is: em dash, space, key name, space, base64");
      }
      byte[] raw = Base64.getDecoder().decode(parts[1]);
      if (raw.length < 4) {
        throw new IllegalArgumentException("a signature carries a 4-byte key id first");
      }
      int id = ByteBuffer.wrap(raw, 0, 4).getInt();
      byte[] sig = Arrays.copyOfRange(raw, 4, raw.length);
      for (Verifier v : known) {
        if (!v.name.equals(parts[0]) || v.keyId != id) {
          continue;
        }
        Instant at = null;
        boolean ok;
        if (v.type == COSIGNATURE_V1) {
          ok = sig.length == 72;
          if (ok) {
            long ts = ByteBuffer.wrap(sig, 0, 8).getLong();
            at = Instant.ofEpochSecond(ts);
            ok = ts >= 0 && ed25519Verify(v.publicKey, cosignedMessage(text, ts), Arrays.copyOfRange(sig, 8, 72));
          }
        } else {
          ok = sig.length == 64 && ed25519Verify(v.publicKey, text.getBytes(StandardCharsets.UTF_8), sig);
        }
        if (!ok) {
          throw new IllegalArgumentException("the signature of " + v.name + " (" + v.keyIdHex() + ") does not verify: the note was changed or forged");
        }
        out.add(new Line(v, at));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no signature of a known key on this note");
    }
    return out;
  }

  /** The message a cosigner signs: {@code cosignature/v1}, the time line, then the note text. */
  static byte[] cosignedMessage(String text, long timestamp) {
    return ("cosignature/v1\ntime " + timestamp + "\n" + text).getBytes(StandardCharsets.UTF_8);
  }

  /** signed-note's key id: the first 4 bytes of SHA-256(name || 0x0A || type || public key). */
  static int idOf(String name, byte type, byte[] publicKey) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(name.getBytes(StandardCharsets.UTF_8));
      d.update((byte) '\n');
      d.update(type);
      return ByteBuffer.wrap(d.digest(publicKey), 0, 4).getInt();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] publicKeyOf(byte[] seed) {
    if (seed.length != 32) {
      throw new IllegalArgumentException("an Ed25519 seed has 32 bytes, not " + seed.length);
    }
    return new org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
  }

  /**
   * Ed25519 (RFC 8032) by Bouncy Castle's own implementation, not the JDK's: signatures are deterministic, so the bytes
   * are the same, and on this project's machines the JDK 17 provider took 2.5-5 ms a verification against 0.3-0.8 ms
   * here (issue 24: a receipt's checkpoint carries the log's signature and k cosignatures; bench/README.md).
   */
  private static byte[] ed25519(byte[] seed, byte[] message) {
    byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, message, 0, message.length, sig, 0);
    return sig;
  }

  private static boolean ed25519Verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey.length != Ed25519.PUBLIC_KEY_SIZE || signature.length != Ed25519.SIGNATURE_SIZE) {
      return false;
    }
    try {
      return Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
    } catch (RuntimeException e) {
      return false; // a malformed key or signature does not verify
    }
  }

  private static void requireName(String name) {
    if (name == null || name.isEmpty() || name.contains("+") || name.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("a key name is not empty and has no spaces nor '+': " + name);
    }
  }

  private static void requireText(String text) {
    if (text.isEmpty() || !text.endsWith("\n")) {
      throw new IllegalArgumentException("a note's text ends in a newline");
    }
    if (text.chars().anyMatch(c -> c < 0x20 && c != '\n')) {
      throw new IllegalArgumentException("a note's text has no control characters but newlines");
    }
  }
}
