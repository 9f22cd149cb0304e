package io.dareg.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * Checks a judicial extract (司法存证摘录) PDF offline, with no gateway: that its one PDF
 * signature is a valid CMS signature over the whole file, made by a certificate that chains to one
 * of the registry roots, and that the attached extract JSON is there, canonical and of the
 * expected type. Each check is reported on its own.
 *
 * <pre>{@code
 * ExtractVerifier.Result r = new ExtractVerifier(List.of(registryRoot)).verify(Files.readAllBytes(pdf));
 * if (!r.valid()) { r.checks().forEach(System.out::println); }
 * }</pre>
 */
public final class ExtractVerifier {
  /** The media type of the attached extract JSON. */
  public static final String MEDIA_TYPE = "application/vnd.dareg.judicial-extract+json;version=1";

  private final List<X509Certificate> roots;
  private final BouncyCastleProvider bc = new BouncyCastleProvider();

  /** A verifier trusting {@code roots} (the registry roots). */
  public ExtractVerifier(List<X509Certificate> roots) {
    this.roots = List.copyOf(roots);
  }

  /**
   * One check.
   *
   * @param name SIGNATURE, COVERAGE, CHAIN or ATTACHMENT
   * @param passed whether it passed
   * @param detail what was found
   */
  public record Check(String name, boolean passed, String detail) {}

  /**
   * The outcome.
   *
   * @param checks every check, in order
   * @param extract the attached extract, or null when it could not be read
   */
  public record Result(List<Check> checks, JsonNode extract) {
    /** True when every check passed. */
    public boolean valid() {
      return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
    }
  }

  /** Checks {@code pdf}; never throws for a damaged or forged file, it reports it. */
  public Result verify(byte[] pdf) {
    List<Check> checks = new ArrayList<>();
    JsonNode extract = null;
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      List<PDSignature> sigs = doc.getSignatureDictionaries();
      if (sigs.size() != 1) {
        checks.add(new Check("SIGNATURE", false, "the PDF carries " + sigs.size() + " signatures; an extract carries exactly one"));
        return new Result(checks, null);
      }
      PDSignature sig = sigs.get(0);
      int[] range = sig.getByteRange();
      boolean whole = range.length == 4 && range[0] == 0 && range[1] > 0 && range[2] > range[1]
          && (long) range[2] + range[3] == pdf.length;
      checks.add(new Check("COVERAGE", whole, whole ? "the signature covers the whole file but its own value"
          : "the signed byte range " + Arrays.toString(range) + " does not cover the file's " + pdf.length + " bytes: it was changed after signing"));
      X509Certificate signer = signature(sig, pdf, checks);
      checks.add(chain(signer, sig));
      extract = attachment(doc, checks);
    } catch (IOException | RuntimeException e) {
      checks.add(new Check("SIGNATURE", false, "not a readable PDF: " + e.getMessage()));
    }
    return new Result(checks, extract);
  }

  private X509Certificate signature(PDSignature sig, byte[] pdf, List<Check> checks) throws IOException {
    if (!PDSignature.SUBFILTER_ADBE_PKCS7_DETACHED.getName().equals(sig.getSubFilter())) {
      checks.add(new Check("SIGNATURE", false, "sub-filter " + sig.getSubFilter() + "; an extract is signed adbe.pkcs7.detached"));
      return null;
    }
    try {
      CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(sig.getSignedContent(pdf)), sig.getContents());
      Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
      if (signers.size() != 1) {
        checks.add(new Check("SIGNATURE", false, "the CMS signature has " + signers.size() + " signers; expected one"));
        return null;
      }
      SignerInformation si = signers.iterator().next();
      @SuppressWarnings("unchecked")
      Collection<X509CertificateHolder> match = cms.getCertificates().getMatches(si.getSID());
      if (match.isEmpty()) {
        checks.add(new Check("SIGNATURE", false, "the signer's certificate is not in the signature"));
        return null;
      }
      X509CertificateHolder holder = match.iterator().next();
      boolean ok = si.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(bc).build(holder));
      X509Certificate signer = new JcaX509CertificateConverter().setProvider(bc).getCertificate(holder);
      checks.add(new Check("SIGNATURE", ok, ok ? "valid, by " + signer.getSubjectX500Principal().getName()
          : "the signature does not match the file: it was changed after signing"));
      return signer;
    } catch (CMSException | OperatorCreationException | GeneralSecurityException e) {
      checks.add(new Check("SIGNATURE", false, "the signature does not verify: " + e.getMessage()));
      return null;
    }
  }

  private Check chain(X509Certificate signer, PDSignature sig) {
    if (signer == null) {
      return new Check("CHAIN", false, "no signer certificate to check");
    }
    Date at = sig.getSignDate() == null ? new Date() : sig.getSignDate().getTime();
    for (X509Certificate root : roots) {
      try {
        signer.verify(root.getPublicKey(), bc);
        signer.checkValidity(at);
        return new Check("CHAIN", true, "issued by the registry root " + root.getSubjectX500Principal().getName()
            + ", valid at signing time " + at.toInstant());
      } catch (java.security.cert.CertificateExpiredException | java.security.cert.CertificateNotYetValidException e) {
        return new Check("CHAIN", false, "the signer's certificate was not valid at signing time " + at.toInstant());
      } catch (GeneralSecurityException e) {
        // Not this root: try the next.
      }
    }
    return new Check("CHAIN", false, roots.isEmpty() ? "no registry root given (--roots)"
        : "the signer's certificate does not chain to the given registry roots");
  }

  private JsonNode attachment(PDDocument doc, List<Check> checks) throws IOException {
    var names = doc.getDocumentCatalog().getNames();
    Map<String, PDComplexFileSpecification> files =
        names == null || names.getEmbeddedFiles() == null ? null : names.getEmbeddedFiles().getNames();
    if (files == null) {
      checks.add(new Check("ATTACHMENT", false, "no extract JSON is attached"));
      return null;
    }
    var entry = files.entrySet().stream().filter(e -> e.getKey().endsWith("-extract.json")).findFirst();
    if (entry.isEmpty() || entry.get().getValue().getEmbeddedFile() == null) {
      checks.add(new Check("ATTACHMENT", false, "no *-extract.json attachment; found " + files.keySet()));
      return null;
    }
    byte[] bytes = entry.get().getValue().getEmbeddedFile().toByteArray();
    JsonNode extract;
    try {
      extract = Json.mapper().readTree(bytes);
    } catch (IOException e) {
      checks.add(new Check("ATTACHMENT", false, entry.get().getKey() + " is not JSON: " + e.getMessage()));
      return null;
    }
    boolean canonical = Arrays.equals(CanonicalJson.serialize(extract), bytes);
    boolean typed = MEDIA_TYPE.equals(extract.path("mediaType").asText());
    boolean named = entry.get().getKey().equals(extract.path("regNo").asText() + "-extract.json");
    boolean ok = canonical && typed && named;
    checks.add(new Check("ATTACHMENT", ok, ok
        ? entry.get().getKey() + ": " + extract.path("records").size() + " records of " + extract.path("regNo").asText()
        : entry.get().getKey() + (canonical ? "" : " is not canonical JSON;") + (typed ? "" : " is not " + MEDIA_TYPE + ";")
            + (named ? "" : " is named for another registration")));
    return extract;
  }
}
