package io.dareg.chaincode.registry;

import io.dareg.core.act.SignedRequest;
import io.dareg.core.crypto.BoundedCache;
import io.dareg.core.crypto.Hashes;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.IdentityRef;
import io.dareg.core.model.RegistrySettings;
import io.dareg.core.model.TrustedRoot;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * What the rules found out about signed requests' authors and the ledger's trusted roots, remembered, as
 * {@link SignedActs} asks it: each author's certificate read once, each signature verified once (often
 * ahead of the transaction, in the submitter's thread), the organisation and identity each certificate
 * gives under a set of roots, and the registry's settings decoded only when their bytes change. Each
 * answer depends only on what it is keyed by, so remembering it changes no outcome. Safe for the
 * threads of a chaincode that runs transactions concurrently.
 */
final class KnownAuthors {
  private static final Signatures SIGNATURES = Signatures.fastest();

  private final RecordCodec codec;
  /**
   * The organisation of the trusted root that issued each certificate seen, by the certificate's base64 and the roots'
   * id: found (and the certificate checked against its root) once.
   */
  private final BoundedCache<String, String> organisations = new BoundedCache<>(10_000);
  /**
   * Who each certificate's holder is under each set of roots (by the certificate's base64 and the roots' id): the same
   * on every read, as it depends on nothing else.
   */
  private final BoundedCache<String, Caller> authors = new BoundedCache<>(10_000);
  /** The registry's settings as last read, with their roots parsed: read again only when their bytes change. */
  private volatile Settings lastSettings;
  /** The roots of each settings seen, parsed once. */
  private final BoundedCache<List<TrustedRoot>, List<X509Certificate>> parsedRoots = new BoundedCache<>(16);
  /** Each author's certificate, read once, by its base64. */
  private final BoundedCache<String, X509Certificate> certificates = new BoundedCache<>(10_000);
  /**
   * Signatures already verified, by the request's digest, signature and certificate: {@link SignedActs#precheck}
   * verifies them before the transaction, in the submitter's thread, so that a ledger with one writer
   * thread does not spend it on ECDSA; the transaction finds them here or verifies them itself.
   */
  private final BoundedCache<String, Boolean> verified = new BoundedCache<>(65_536);


  KnownAuthors(RecordCodec codec) {
    this.codec = codec;
  }

  /** The author's certificate, read once. */
  X509Certificate certificate(SignedRequest request) {
    X509Certificate c = certificates.get(request.certificate());
    if (c == null) {
      c = request.signer();
      certificates.put(request.certificate(), c);
    }
    return c;
  }

  /** Whether the signature holds, verified once. */
  boolean signatureHolds(io.dareg.core.crypto.SignatureAlgorithm alg, X509Certificate cert, byte[] input, byte[] signature) {
    String key = verifiedKey(input, signature, cert);
    if (verified.get(key) != null) {
      return true;
    }
    boolean ok = SIGNATURES.verify(alg, cert.getPublicKey(), input, signature);
    if (ok) {
      verified.put(key, Boolean.TRUE);
    }
    return ok;
  }

  /**
   * The organisation of the root among {@code roots} that issued {@code cert} (base64 {@code certBase64}), or null
   * when none did; where one CA serves several organisations (dev mode), the one among them that the subject's O names.
   */
  String organisation(X509Certificate cert, String certBase64, List<TrustedRoot> roots, String rootsId,
      List<X509Certificate> trusted) {
    String key = certBase64 + "|" + rootsId;
    String msp = organisations.get(key);
    if (msp != null) {
      return msp;
    }
    String named = CertificateNames.of(cert).organisation();
    for (int i = 0; i < roots.size(); i++) {
      X509Certificate root = trusted.get(i);
      if (!root.getSubjectX500Principal().equals(cert.getIssuerX500Principal()) || (msp != null && !roots.get(i).msp().equals(named))) {
        continue;
      }
      try {
        cert.verify(root.getPublicKey(), SIGNATURES.provider());
        msp = roots.get(i).msp();
      } catch (GeneralSecurityException e) {
        // another root may share the name
      }
    }
    if (msp != null) {
      organisations.put(key, msp);
    }
    return msp;
  }

  private static String verifiedKey(byte[] input, byte[] signature, X509Certificate cert) {
    var md = Hashes.newDigest(HashAlgorithm.SHA256);
    md.update(input);
    md.update(signature);
    md.update(cert.getPublicKey().getEncoded());
    return java.util.HexFormat.of().formatHex(md.digest());
  }

  /**
   * Who holds {@code cert} (base64 {@code certBase64}) under {@code roots} (whose id is {@code rootsId}, parsed as
   * {@code trusted}): their organisation, identity and declared role; RuleException when the certificate names none.
   */
  Caller author(X509Certificate cert, String certBase64, List<TrustedRoot> roots, String rootsId, List<X509Certificate> trusted) {
    String key = certBase64 + "|" + rootsId;
    Caller known = authors.get(key);
    if (known != null) {
      return known;
    }
    Caller author = authorOf(cert, certBase64, roots, rootsId, trusted);
    authors.put(key, author);
    return author;
  }

  private Caller authorOf(X509Certificate cert, String certBase64, List<TrustedRoot> roots, String rootsId, List<X509Certificate> trusted) {
    // found, and remembered, when verify() checked the certificate against the roots
    String msp = organisation(cert, certBase64, roots, rootsId, trusted);
    CertificateNames names;
    String id;
    try {
      names = CertificateNames.of(cert);
      id = names.identityId();
    } catch (IllegalArgumentException e) {
      throw RuleException.invalid("certificate", "the author's certificate " + e.getMessage());
    }
    // The role a CA declared: the Fabric CA attribute, else the role OU (as a token's certificate is read); never an admin's.
    String declared = SignedActs.roleAttribute(cert);
    if (declared == null && !names.admin()) {
      declared = names.roleUnit();
    }
    return new Caller(new IdentityRef(msp, id), declared, names.admin());
  }

  /**
   * The registry's settings, with their roots parsed and named, or null before initialisation. Read from the state each
   * time (the same read as any rule's), decoded only when the bytes differ from the last settings read.
   */
  Settings settings(WorldState ws) {
    byte[] bytes = ws.get(Keys.settings());
    if (bytes == null || bytes.length == 0) {
      return null;
    }
    Settings last = lastSettings;
    if (last != null && java.util.Arrays.equals(last.bytes(), bytes)) {
      return last;
    }
    RegistrySettings settings = codec.decode(Keys.settings(), bytes, RegistrySettings.class);
    List<TrustedRoot> roots = settings.trustedRoots() == null ? List.of() : settings.trustedRoots();
    Settings read = new Settings(bytes.clone(), settings, roots.isEmpty() ? List.of() : parsed(roots), rootsId(roots));
    lastSettings = read;
    return read;
  }

  /** Settings as read: their bytes, decoded, their trusted roots as certificates, and the id of those roots. */
  record Settings(byte[] bytes, RegistrySettings settings, List<X509Certificate> trusted, String rootsId) {}

  /** An id of a set of roots, in order: hex SHA-256 over each organisation and certificate. */
  static String rootsId(List<TrustedRoot> roots) {
    var md = Hashes.newDigest(HashAlgorithm.SHA256);
    for (TrustedRoot r : roots) {
      md.update(r.msp().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(r.certificate().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
    }
    return java.util.HexFormat.of().formatHex(md.digest());
  }

  List<X509Certificate> parsed(List<TrustedRoot> roots) {
    List<X509Certificate> out = parsedRoots.get(roots);
    if (out == null) {
      out = new ArrayList<>(roots.size());
      for (TrustedRoot r : roots) {
        out.add(r.x509());
      }
      out = List.copyOf(out);
      parsedRoots.put(roots, out);
    }
    return out;
  }
}
