package io.dareg.chaincode.registry;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The names dareg reads from an X.509 subject, the same on every ledger: the identity id is
 * {@code CN=<user>} followed by {@code ,OU=<role unit>} when the subject has one, so the gateway
 * (reading a bearer token's certificate) and the Fabric contract (reading the transaction's signer)
 * name one certificate alike. Fabric's node-type units ({@code client}, {@code peer},
 * {@code orderer}, {@code member}) are not role units; {@code admin} is.
 */
public final class CertificateNames {
  private static final Set<String> NODE_TYPES = Set.of("client", "peer", "orderer", "member");
  /** The certificate attribute (Fabric CA) that names a caller's role. */
  public static final String ROLE_ATTRIBUTE = "dareg.role";

  private final String organisation;
  private final String user;
  private final String roleUnit;
  private final boolean admin;

  private CertificateNames(String organisation, String user, String roleUnit, boolean admin) {
    this.organisation = organisation;
    this.user = user;
    this.roleUnit = roleUnit;
    this.admin = admin;
  }

  /** Reads {@code cert}'s subject; IllegalArgumentException when it cannot be parsed. */
  public static CertificateNames of(X509Certificate cert) {
    String o = null;
    String cn = null;
    List<String> units = new ArrayList<>();
    try {
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        String value = String.valueOf(rdn.getValue());
        switch (rdn.getType().toUpperCase(Locale.ROOT)) {
          case "O" -> o = value;
          case "CN" -> cn = value;
          case "OU" -> units.add(value);
          default -> { }
        }
      }
    } catch (InvalidNameException e) {
      throw new IllegalArgumentException("unreadable certificate subject: " + e.getMessage(), e);
    }
    // In the order the certificate lists them; the first role unit wins.
    String role = null;
    boolean admin = false;
    for (String unit : units) {
      if (unit.equalsIgnoreCase("admin")) {
        admin = true;
      }
      if (role == null && !NODE_TYPES.contains(unit.toLowerCase(Locale.ROOT))) {
        role = unit;
      }
    }
    return new CertificateNames(o, cn, role, admin);
  }

  /** The subject's O, or null. */
  public String organisation() {
    return organisation;
  }

  /** The subject's CN, or null. */
  public String user() {
    return user;
  }

  /** The OU naming the role ({@code registrar}, {@code admin}, ...), or null. */
  public String roleUnit() {
    return roleUnit;
  }

  /** True when an OU is {@code admin} (the organisation's admin, as NodeOUs classify it). */
  public boolean admin() {
    return admin;
  }

  /** The identity id: {@code CN=<user>[,OU=<role unit>]}. */
  public String identityId() {
    if (user == null) {
      throw new IllegalArgumentException("the certificate subject has no CN naming its user");
    }
    return "CN=" + user + (roleUnit == null ? "" : ",OU=" + roleUnit);
  }
}
