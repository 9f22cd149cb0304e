package io.dareg.core.log;

import io.dareg.core.model.InvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which witnesses a log's checkpoints need, and how many of them: the witnesses' verifier keys
 * (C2SP {@code tlog-cosignature} keys, type {@link SignedNote#COSIGNATURE_V1}, in signed-note's text
 * form) and a quorum {@code k} of those {@code n} keys. The registry names them in its settings on
 * the ledger; a checkpoint is witnessed when at least {@code k} of them cosigned it.
 *
 * @param witnesses the witnesses' keys, distinct (by name and key id, and by public key), possibly empty
 * @param quorum how many of them must cosign a checkpoint: 1 to {@code n}, or 0 when there are none
 */
public record WitnessPolicy(List<SignedNote.Verifier> witnesses, int quorum) {
  /** The most witnesses a registry names. */
  public static final int MAX_WITNESSES = 32;

  /** No witnesses: no checkpoint is ever witnessed. */
  public static final WitnessPolicy NONE = new WitnessPolicy(List.of(), 0);

  /** Checks that the keys are cosignature keys, distinct, and that the quorum is from 1 to their number. */
  public WitnessPolicy {
    witnesses = List.copyOf(witnesses);
    if (witnesses.size() > MAX_WITNESSES) {
      throw new InvalidInputException("logWitnesses", "names " + witnesses.size() + " witnesses; at most " + MAX_WITNESSES + " are allowed");
    }
    Set<String> ids = new HashSet<>();
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < witnesses.size(); i++) {
      SignedNote.Verifier w = witnesses.get(i);
      if (w.type() != SignedNote.COSIGNATURE_V1) {
        throw new InvalidInputException("logWitnesses[" + i + "]", "the key of " + w.name() + " is of signature type 0x0"
            + w.type() + "; a witness cosigns with a tlog-cosignature/v1 key (type 0x04): make one with `dareg witness keygen`");
      }
      if (!ids.add(w.name() + "+" + w.keyIdHex()) || !keys.add(java.util.HexFormat.of().formatHex(w.publicKey()))) {
        throw new InvalidInputException("logWitnesses[" + i + "]", "the key of " + w.name() + " (" + w.keyIdHex()
            + ") is named twice; name each witness once");
      }
    }
    if (witnesses.isEmpty() ? quorum != 0 : quorum < 1 || quorum > witnesses.size()) {
      throw new InvalidInputException("logWitnessQuorum", witnesses.isEmpty()
          ? "is " + quorum + " but no witness is named; name witnesses or leave the quorum out"
          : "must be from 1 to the number of witnesses named (" + witnesses.size() + "), not " + quorum);
    }
  }

  /**
   * The policy that {@code keys} (verifier keys in text form) and {@code quorum} describe, as the
   * registry's settings hold them; null or empty keys mean no witnesses, and a null quorum with keys
   * means all of them.
   */
  public static WitnessPolicy of(List<String> keys, Integer quorum) {
    if (keys == null || keys.isEmpty()) {
      if (quorum != null && quorum != 0) {
        throw new InvalidInputException("logWitnessQuorum", "is " + quorum + " but no witness is named; name witnesses or leave the quorum out");
      }
      return NONE;
    }
    List<SignedNote.Verifier> parsed = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      String k = keys.get(i);
      if (k == null) {
        throw new InvalidInputException("logWitnesses[" + i + "]", "is required");
      }
      try {
        parsed.add(SignedNote.Verifier.parse(k.strip()));
      } catch (RuntimeException e) { // a malformed key fails as a bad argument or, when empty, out of bounds
        throw new InvalidInputException("logWitnesses[" + i + "]", "is not a witness's verifier key (" + e.getMessage() + ")");
      }
    }
    return new WitnessPolicy(parsed, quorum == null ? parsed.size() : quorum);
  }

  /** The keys in signed-note's text form, as the settings hold them. */
  public List<String> keyTexts() {
    return witnesses.stream().map(SignedNote.Verifier::toString).toList();
  }

  /** The named witness that signs as {@code name} with key id {@code keyId}, or null. */
  public SignedNote.Verifier find(String name, int keyId) {
    for (SignedNote.Verifier w : witnesses) {
      if (w.name().equals(name) && w.keyId() == keyId) {
        return w;
      }
    }
    return null;
  }

  /** How many of the named witnesses are among {@code signers}, each counted once; keys not named do not count. */
  public int cosigners(java.util.Collection<SignedNote.Verifier> signers) {
    return (int) signers.stream().filter(witnesses::contains).distinct().count();
  }

  /** Whether cosignatures by {@code signers} (named witnesses, each counted once) meet the quorum. */
  public boolean met(java.util.Collection<SignedNote.Verifier> signers) {
    return quorum > 0 && cosigners(signers) >= quorum;
  }
}
